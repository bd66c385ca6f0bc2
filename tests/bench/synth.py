"""Synthetic clientbook books for the benchmark (tests/bench/bench.py), built deterministically.

    python tests/bench/synth.py --scale large [--seed 7] [--rebuild]     # build / show the cached book

A book is a function of (scale, seed, schema version, generator version, anchor day): every
random choice comes from one `random.Random(seed)`, and every date is relative to the anchor,
09:00 on the day the book is built. The anchor is part of the cache key because the app and
`clientbook today` read the real clock: a book built yesterday would no longer have follow-ups
due "today". Built books are kept in $TMPDIR/clientbook-bench/ (or --cache-dir).

What is in a book (scale small / large):

* companies: contacts / 8 (125 / 1,250), unique names such as 深圳华信电子; 10 % graded each of
  A, B, C and D, the rest ungraded; industry, city, yearly value for the graded ones.
* contacts: 1,000 / 10,000, Chinese names (weighted common surnames plus the polyphonic
  单 曾 解 仇 区 查 朴 覃, given names of one or two common characters, about 1 % 建国), titles,
  position, level 0-6, one or two mobile numbers, WeChat id (60 %), e-mail (30 %), 0-3 tags,
  birthdays (about 1/3 lunar, 1/4 solar), tastes; 2 % archived, 5 % with their own cadence.
  search_keys / sort_key come from clientbook.domain.search.build_keys / sort_key, exactly as
  store/contacts.py's _refresh_contact_keys computes them.
* interactions: 10,000 / 100,000 spread evenly between each contact's creation and the
  anchor, contacts chosen with a heavy-tailed weight times their time in the book (key people
  are seen far more often; the book's rate grows as it grows); 20 % involve 2-3
  people of the same company; 90 % have notes of 50-300 characters of Chinese business text composed
  from phrase lists (报价, 茶, and 月饼 -- mostly in August and September -- all occur);
  1 % archived. Each live one has its note_fts row, fts_document(summary, notes, place) as
  store/rows.py's index_note writes it.
* follow-ups: about one per five interactions (plus a few standalone), due 1-14 days after
  the interaction: past ones mostly done, ~10 % of those due in the last 14 days left open
  (overdue), plus those due today and in the next week; each with its note_fts row.
* contact.last_contact_at: the latest live interaction, as rows.refresh_last_contact sets it;
  contact_touch and contact_spend (Insights' kept rows) by writes.rebuild_contact_history.
* deals: 0.8 per company (100 / 1,000; the demo book has 2 for its 7 companies), each with 1-4
  of the company's people and their roles, 0-4 needs, 0-3 conditions, 0-12 moves, its stage
  history (every stage up to the current one: a third closed, won two to one), ~5 % archived;
  about 1 in 25 interactions of a deal's people after the deal opened is logged with it.

Everything is inserted in ONE store.sessions.writing() session on a book opened with
clientbook.store.open_store, so the schema, pragmas and indexes are the real ones.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, time as dtime, timedelta
from itertools import accumulate
from pathlib import Path

SCALES = {"small": (1_000, 10_000), "large": (10_000, 100_000), "xl": (100_000, 1_000_000)}   # xl: the 10x run (--engine postgresql)
GENERATOR_VERSION = 4
DEFAULT_SEED = 7

# ------------------------------------------------------------------------------ vocabulary
# (surname, weight): the most common surnames weigh most; polyphonic ones are rarer but present.
SURNAMES = [
    ("王", 70), ("李", 70), ("张", 65), ("刘", 55), ("陈", 50), ("杨", 35), ("黄", 25), ("赵", 25),
    ("吴", 22), ("周", 22), ("徐", 18), ("孙", 17), ("马", 16), ("朱", 15), ("胡", 14), ("郭", 13),
    ("何", 12), ("高", 12), ("林", 12), ("罗", 11), ("郑", 11), ("梁", 10), ("谢", 9), ("宋", 8),
    ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 7), ("彭", 6), ("肖", 6),
    ("田", 5), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5),
    ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4),
    ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 4), ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3),
    ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3),
    ("方", 3), ("白", 3), ("邹", 3), ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3),
    ("尹", 2), ("薛", 2), ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2),
    ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2),
    ("钱", 2), ("严", 2), ("武", 2), ("戴", 2), ("莫", 2), ("孔", 2), ("汤", 2), ("欧阳", 1),
    # polyphonic surnames (read differently as a surname), see domain/search.py SURNAME_READINGS
    ("曾", 5), ("单", 2), ("解", 2), ("仇", 2), ("区", 2), ("查", 2), ("朴", 2), ("覃", 2),
    ("乐", 1), ("盖", 1), ("缪", 1), ("翟", 1), ("褚", 1),
]
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红飞鹏辉斌宇浩凯文婷雪琳晶欣佳志海峰波宁"
    "亮林成东萍燕建国庆春晓云龙新俊嘉子怡梓涵博睿思彤雨轩晨宏伦瑞颖倩慧丹茜蕾琪"
)
TITLES = [
    ("总经理", "boss"), ("副总经理", "boss"), ("董事长", "boss"), ("副总裁", "boss"), ("厂长", "boss"),
    ("采购总监", "manager"), ("采购经理", "manager"), ("研发经理", "manager"), ("质量经理", "manager"),
    ("供应链总监", "manager"), ("项目经理", "manager"), ("财务经理", "manager"), ("区域经理", "manager"),
    ("采购工程师", "staff"), ("工艺工程师", "staff"), ("测试工程师", "staff"), ("采购主管", "staff"),
    ("质量主管", "staff"), ("采购员", "staff"), ("商务专员", "clerk"), ("总经理助理", "clerk"),
    ("采购助理", "clerk"), ("行政助理", "clerk"), ("文员", "clerk"), ("仓管员", "clerk"),
]
TAGS = ["关键人", "决策链", "技术", "高层", "接口人", "老乡", "校友", "VIP", "潜在", "竞品关系", "财务口", "爱喝茶"]
CITIES = ["深圳", "广州", "东莞", "佛山", "上海", "苏州", "杭州", "宁波", "北京", "天津", "成都", "重庆",
          "武汉", "长沙", "南京", "厦门", "青岛", "西安", "合肥", "郑州"]
BRANDS = ["华信", "中科", "宏达", "天成", "金源", "恒通", "瑞丰", "嘉禾", "永盛", "联创", "新锐", "博远",
          "鼎力", "汇丰", "长城", "东方", "海天", "星辰", "银河", "泰和", "国泰", "兴业", "德胜", "盛世",
          "明阳", "光华", "万达", "正泰", "安捷", "凯利", "鸿运", "三和", "富强", "精工", "百川", "启明"]
INDUSTRIES = [("电子", "电子元器件"), ("科技", "软件"), ("精密", "精密加工"), ("模具", "模具"),
              ("电器", "电气设备"), ("汽车部件", "汽车零部件"), ("五金", "五金"), ("物流", "物流"),
              ("医疗器械", "医疗器械"), ("新能源", "新能源"), ("食品", "食品"), ("包装", "包装材料"),
              ("化工", "化工"), ("家电", "家电"), ("通信", "通信设备"), ("建材", "建材")]
CUISINES = ["粤菜", "川菜", "湘菜", "潮汕牛肉火锅", "日料", "淮扬菜", "西餐", "东北菜", "客家菜", "海鲜"]
DRINKS = ["单枞茶", "普洱", "铁观音", "龙井", "白酒", "红酒", "啤酒", "不喝酒", "咖啡", "威士忌", "黄酒"]
HOBBIES = ["高尔夫", "钓鱼", "跑步", "摄影", "书法", "围棋", "篮球", "羽毛球", "自驾游", "茶道", "登山", "瑜伽"]
KINDS = [("call", 30), ("wechat", 25), ("visit", 15), ("meal", 12), ("email", 8), ("gift", 4),
         ("entertainment", 3), ("other", 3)]
SUMMARIES = {
    "call": ["电话沟通报价", "电话确认交期", "电话跟进样品测试", "电话问候", "电话沟通付款进度", "电话讨论年度框架协议"],
    "wechat": ["微信发了报价单", "微信确认会议时间", "微信沟通技术参数", "微信拜年", "微信发送产品资料", "微信聊了聊近况"],
    "visit": ["上门拜访采购部", "拜访技术部门", "陪同老板拜访", "参观对方工厂", "送样品上门", "年度商务回顾会"],
    "meal": ["请吃午饭", "商务晚宴", "一起吃早茶", "火锅局", "请对方团队聚餐"],
    "email": ["邮件发送正式报价", "邮件确认合同条款", "邮件回复质量问题", "邮件发送会议纪要"],
    "gift": ["送中秋月饼礼盒", "送茶叶", "春节礼品", "生日礼物", "端午粽子"],
    "entertainment": ["一起打高尔夫", "KTV", "喝茶聊天", "看球赛"],
    "other": ["展会碰面", "行业论坛交流", "朋友引荐认识"],
}
PLACES = ["对方公司会议室", "我司展厅", "陶陶居", "点都德", "海底捞", "星巴克", "茶馆", "酒店大堂吧",
          "潮汕牛肉火锅店", "日料店", "高尔夫球场", "展会现场"]
# Phrases for notes; {p} is replaced by a product, {n} by a number.
PHRASES = [
    "客户对二季度报价比较敏感，希望我们在月底前给出最终方案。", "对方提到竞争对手最近在压价，报价要再斟酌。",
    "一起喝茶聊了聊明年的采购计划，预算大概增加两成。", "采购经理说{p}的交期必须缩短到{n}天以内。",
    "样品测试基本通过，还有两个尺寸需要调整。", "老板很重视这个项目，下周可能安排高层见面。",
    "对方财务说付款流程要走{n}个审批，账期希望延长到九十天。", "聊到孩子读书的事情，他女儿明年高考。",
    "对方喜欢喝单枞茶，下次可以带点好茶过去。", "技术部对我们的{p}方案有疑问，需要工程师上门讲解。",
    "年度框架协议初稿已经发过去了，法务在审。", "他最近在减肥，吃饭尽量安排清淡一点的。",
    "新来的采购总监比较强势，要注意沟通方式。", "对方计划在{n}月份导入新供应商，我们要尽早准备资料。",
    "质量部反馈上一批{p}有少量不良，已安排返工。", "饭桌上聊得很开心，他答应帮我们引荐研发负责人。",
    "对方对价格没意见，主要关心售后服务响应速度。", "报价单里的运费要单独列出来，对方财务要求。",
    "他提到公司可能会有组织架构调整，要多关注。", "约好下个月去工厂参观，顺便见一下生产经理。",
    "对方在比较三家供应商，我们目前排第二。", "他说喝茶比喝酒好，以后吃饭少安排白酒。",
    "这次拜访带了公司新品目录，对方很感兴趣。", "今年的订单量预计在{n}万左右，比去年略有增长。",
    "他私下透露竞争对手的报价比我们低百分之五。", "对方希望我们提供{p}的小批量试产。",
    "会议纪要已经整理好，重点是交期和价格两项。", "他最近身体不太好，记得问候一下。",
]
MOONCAKE_PHRASES = [
    "中秋节快到了，准备给对方团队送月饼礼盒。", "他说去年送的月饼太甜，今年换成冰皮的。",
    "月饼已经寄到前台，对方表示感谢。", "问了一下对方忌口，月饼选无糖的比较好。",
]
PRODUCTS = ["连接器", "电源模块", "注塑件", "PCB板", "传感器", "线束", "外壳", "电机", "控制板", "包装盒"]
FOLLOWUPS = [
    "发送正式报价单", "寄送样品", "约下次喝茶", "确认样品测试结果", "回复技术问题", "发送合同草案",
    "安排工程师上门", "寄送月饼礼盒", "确认付款进度", "提交供应商资料", "跟进订单交期", "约饭",
    "对方答复试产计划", "对方确认报价", "对方提供图纸", "整理会议纪要发给对方",
]


@dataclass
class BuildResult:
    path: Path
    seconds: float       # how long building took (for a cached book: when it was built)
    built: bool          # False when the cached book was reused
    counts: dict


# ------------------------------------------------------------------------------ cache
def cache_dir() -> Path:
    return Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "clientbook-bench"


def anchor_for(day: date | None = None) -> datetime:
    """09:00 on the given day (today by default): 'now' of a freshly built book."""
    return datetime.combine(day or date.today(), dtime(9, 0))


def book_name(scale: str, seed: int, anchor: datetime) -> str:
    from clientbook.store.book import LATEST_VERSION

    return f"{scale}-{seed}-schema{LATEST_VERSION}-gen{GENERATOR_VERSION}-{anchor:%Y%m%d}.db"


def ensure_book(scale: str, seed: int = DEFAULT_SEED, folder: Path | None = None, rebuild: bool = False,
                anchor: datetime | None = None, log=print) -> BuildResult:
    """The cached book for (scale, seed, schema, generator, anchor day), built if missing."""
    folder = folder or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    anchor = anchor or anchor_for()
    path = folder / book_name(scale, seed, anchor)
    info = path.with_suffix(".json")
    if path.exists() and not rebuild:
        try:
            seconds = json.loads(info.read_text())["seconds"]
        except (OSError, ValueError, KeyError):
            seconds = float("nan")
        return BuildResult(path, seconds, False, _counts(path))
    for stale in folder.glob(f"{scale}-{seed}-*.db"):  # older anchors or schema versions
        if stale != path:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{stale}{suffix}").unlink(missing_ok=True)
            stale.with_suffix(".json").unlink(missing_ok=True)
    partial = path.with_name(path.stem + ".partial.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    contacts, interactions = SCALES[scale]
    log(f"building {scale} book ({contacts:,} contacts, {interactions:,} interactions, seed {seed}) ...")
    started = time.perf_counter()
    counts = build_book(partial, contacts, interactions, seed, anchor)
    seconds = time.perf_counter() - started
    partial.rename(path)     # only a complete book ever gets the cached name
    info.write_text(json.dumps({"seconds": seconds, "counts": counts, "anchor": anchor.isoformat()}))
    log(f"built {path.name} in {seconds:.1f} s")
    return BuildResult(path, seconds, True, counts)


def _counts(path: Path) -> dict:
    # immutable: a read-only connection would otherwise leave -wal/-shm files in the cache.
    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("company", "contact", "interaction", "interaction_contact", "followup", "note_fts")}
    finally:
        connection.close()


# ------------------------------------------------------------------------------ generation
def _pick_weighted(rng: random.Random, items: list, cum: list[float]):
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def _note(rng: random.Random, month: int) -> str:
    target = rng.randint(50, 300)
    mooncake = 0.25 if month in (8, 9) else 0.01
    parts: list[str] = []
    length = 0
    if rng.random() < mooncake:
        parts.append(rng.choice(MOONCAKE_PHRASES))
        length += len(parts[-1])
    while length < target:
        phrase = rng.choice(PHRASES).replace("{p}", rng.choice(PRODUCTS)).replace("{n}", str(rng.randint(2, 60)))
        parts.append(phrase)
        length += len(phrase)
    rng.shuffle(parts)
    text = "".join(parts)
    return text[:300] if len(text) > 300 else text


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(["13", "15", "17", "18", "19"]) + str(rng.randint(0, 9))
    return f"{prefix} {rng.randint(0, 9999):04d} {rng.randint(0, 9999):04d}"


def build_book(path: Path, n_contacts: int, n_interactions: int, seed: int, anchor: datetime) -> dict:
    """Create a new book at `path` with the real schema and fill it in one write transaction."""
    from sqlalchemy import insert, text

    from clientbook.domain.contact_card import Typed, dump_typed
    from clientbook.domain.search import build_keys, fts_document, sort_key
    from clientbook.store import open_store
    from clientbook.store.models import Company, Contact, Interaction, InteractionContact
    from clientbook.store.writes import rebuild_contact_history
    from clientbook.store.models.followups import Followup

    rng = random.Random(seed)
    t_created = anchor - timedelta(days=4 * 365)

    # ---------------------------------------------------------------- companies
    n_companies = max(8, n_contacts // 8)
    names: set[str] = set()
    companies = []
    graded = list(range(n_companies))
    rng.shuffle(graded)
    tenth = n_companies // 10
    grade_of = {}
    for index, grade in enumerate("ABCD"):
        for company in graded[index * tenth:(index + 1) * tenth]:
            grade_of[company] = grade
    value_range = {"A": (1000, 5000), "B": (400, 1000), "C": (100, 400), "D": (10, 100)}
    for index in range(n_companies):
        while True:
            city = rng.choice(CITIES)
            suffix, industry = rng.choice(INDUSTRIES)
            name = f"{city}{rng.choice(BRANDS)}{suffix}"
            if name in names:
                name = f"{city}{rng.choice(BRANDS)}{rng.choice(BRANDS)}{suffix}"
            if name not in names:
                break
        names.add(name)
        grade = grade_of.get(index)
        created = t_created + timedelta(days=rng.uniform(0, 300))
        value = None
        if grade:
            low, high = value_range[grade]
            value = float(rng.randint(low, high) * 10_000)
        companies.append(dict(
            id=index + 1, name=name, grade=grade, industry=industry, city=city,
            address=f"{city}市{rng.choice(['南山区', '福田区', '天河区', '高新区', '工业园'])}{rng.randint(1, 300)}号",
            yearly_value=value, notes="", search_keys=build_keys(name),   # as store/rows.py's company_id_for
            archived_at=None, created_at=created, updated_at=created,
        ))

    # ---------------------------------------------------------------- contacts
    surnames = [s for s, _ in SURNAMES]
    surname_cum = list(accumulate(w for _, w in SURNAMES))
    company_weights = list(accumulate(min(rng.paretovariate(1.2), 40.0) for _ in companies))
    contacts = []
    company_people: dict[int | None, list[int]] = {}
    levels = [0, 1, 2, 3, 4, 5, 6]
    level_cum = list(accumulate([15, 30, 25, 15, 8, 4, 3]))
    for index in range(n_contacts):
        contact_id = index + 1
        surname = _pick_weighted(rng, surnames, surname_cum)
        roll = rng.random()
        if roll < 0.01:
            given = "建国"
        elif roll < 0.35:
            given = rng.choice(GIVEN_CHARS)
        else:
            given = rng.choice(GIVEN_CHARS) + rng.choice(GIVEN_CHARS)
        name = surname + given
        company = None if rng.random() < 0.02 else _pick_weighted(rng, companies, company_weights)
        title, position = rng.choice(TITLES)
        phones = [_phone(rng)] if rng.random() < 0.9 else []
        if phones and rng.random() < 0.15:
            phones.append(_phone(rng))
        spelled = "".join(sort_key(name).split(" ")[:2])   # surname and given name run together
        wechat = ""
        if rng.random() < 0.6:
            wechat = rng.choice([spelled, f"{spelled}{rng.randint(1, 999)}", f"{spelled}_{rng.randint(70, 99)}",
                                 f"wx_{spelled}"])
        email = f"{spelled}{rng.randint(1, 99)}@{rng.choice(['qq.com', '163.com', 'corp.cn'])}" if rng.random() < 0.3 else ""
        tags = rng.sample(TAGS, rng.choice([0, 0, 0, 1, 1, 2, 3]))
        roll = rng.random()
        birthday = ""
        if roll < 1 / 3:
            month, day = rng.randint(1, 12), rng.randint(1, 29)
            if rng.random() < 0.03:
                birthday = f"lunar:--L{rng.choice([4, 5, 6]):02d}-{day:02d}"
            elif rng.random() < 0.6:
                birthday = f"lunar:{rng.randint(1960, 1998)}-{month:02d}-{day:02d}"
            else:
                birthday = f"lunar:--{month:02d}-{day:02d}"
        elif roll < 1 / 3 + 0.25:
            month, day = rng.randint(1, 12), rng.randint(1, 28)
            birthday = (f"solar:{rng.randint(1960, 1998)}-{month:02d}-{day:02d}" if rng.random() < 0.7
                        else f"solar:--{month:02d}-{day:02d}")
        created = t_created + timedelta(days=rng.uniform(0, 4 * 365 - 20), minutes=rng.randint(0, 600))
        company_name = company["name"] if company else ""
        contacts.append(dict(
            id=contact_id, name=name, company_id=company["id"] if company else None, title=title, position=position,
            phones=dump_typed(Typed(p) for p in phones), wechat=wechat,
            emails=dump_typed([Typed(email)] if email else []), birthday=birthday,
            level=_pick_weighted(rng, levels, level_cum),
            cuisine=rng.choice(CUISINES) if rng.random() < 0.4 else "",
            drinks=rng.choice(DRINKS) if rng.random() < 0.4 else "",
            hobbies="、".join(rng.sample(HOBBIES, 2)) if rng.random() < 0.4 else "",
            taboos="不谈政治" if rng.random() < 0.05 else "", diet="不吃辣" if rng.random() < 0.05 else "",
            family="孩子在读初中" if rng.random() < 0.1 else "", notes="",
            tags=f" {' '.join(tags)} " if tags else "",
            # exactly store/contacts.py _refresh_contact_keys
            search_keys=build_keys(name, company_name, phones, wechat, [email] if email else [], tags),
            sort_key=sort_key(name),
            cadence_days=rng.choice([7, 21, 45, 90]) if rng.random() < 0.05 else None,
            last_contact_at=None,
            archived_at=(anchor - timedelta(days=rng.randint(1, 300))) if rng.random() < 0.02 else None,
            created_at=created, updated_at=created,
        ))
        company_people.setdefault(contacts[-1]["company_id"], []).append(contact_id)

    # ---------------------------------------------------------------- interactions
    kinds = [k for k, _ in KINDS]
    kind_cum = list(accumulate(w for _, w in KINDS))
    # A contact's share is their weight times how long they have been in the book, and their
    # interactions are spread evenly over that time: the rate grows as the book grows (about
    # twice the average by the anchor) instead of piling up at the end.
    contact_cum = list(accumulate(
        min(rng.paretovariate(1.1), 60.0) * (1 + c["level"]) * (anchor - c["created_at"]).total_seconds()
        for c in contacts))
    primaries = rng.choices(contacts, cum_weights=contact_cum, k=n_interactions)
    planned = []
    for contact in primaries:
        span = (anchor - contact["created_at"]).total_seconds()
        occurred = contact["created_at"] + timedelta(seconds=span * rng.random())
        planned.append((occurred, contact))
    planned.sort(key=lambda p: p[0])

    interactions, links, fts, followups = [], [], [], []
    last_contact: dict[int, datetime] = {}
    for index, (occurred, contact) in enumerate(planned):
        interaction_id = index + 1
        kind = _pick_weighted(rng, kinds, kind_cum)
        has_time = rng.random() < 0.85
        occurred = occurred.replace(second=0, microsecond=0)
        if not has_time:
            occurred = datetime.combine(occurred.date(), dtime(0))
        people = [contact["id"]]
        colleagues = company_people.get(contact["company_id"], []) if contact["company_id"] else []
        if len(colleagues) > 1 and rng.random() < 0.2:
            others = [c for c in colleagues if c != contact["id"]]
            people += rng.sample(others, min(len(others), rng.randint(1, 2)))
        summary = rng.choice(SUMMARIES[kind])
        notes = _note(rng, occurred.month) if rng.random() < 0.9 else ""
        place = rng.choice(PLACES) if kind in ("visit", "meal", "entertainment") else ""
        cost = float(rng.randint(2, 300) * 10) if kind in ("meal", "gift", "entertainment") else None
        marked = rng.random() < 0.4
        created = min(occurred + timedelta(minutes=rng.randint(5, 600)), anchor)
        archived = created + timedelta(days=1) if rng.random() < 0.01 else None
        if archived and archived > anchor:
            archived = anchor
        interactions.append(dict(
            id=interaction_id, kind=kind, occurred_at=occurred, has_time=has_time, place=place,
            summary=summary, notes=notes, cost=cost,
            space=rng.choice(["work", "work", "private"]) if marked else None,
            info_quality=rng.choice(["public", "effective", "passive_private", "active_private"]) if marked else None,
            coach=rng.choice([None, "gives_info", "guides", "commits", "recommends"]) if marked else None,
            topic_depth=rng.choice(["greeting", "hobbies", "business", "opinions", "private"]) if marked else None,
            archived_at=archived, created_at=created, updated_at=archived or created,
        ))
        links += [dict(interaction_id=interaction_id, contact_id=person) for person in people]
        if archived is None:
            # exactly store/rows.py: index_note(session, "interaction", id, interaction_text(interaction))
            body = "\n".join(x for x in (summary, notes, place) if x)
            if body:
                fts.append(dict(b=fts_document(body), k="interaction", id=interaction_id))
            for person in people:   # refresh_last_contact: latest live interaction
                if person not in last_contact or occurred > last_contact[person]:
                    last_contact[person] = occurred
            if rng.random() < 0.2:
                followups.append(_followup(rng, len(followups) + 1, people[0], interaction_id, occurred, created,
                                           anchor))
    for _ in range(n_interactions // 100):       # a few follow-ups noted without an interaction
        contact = rng.choice(contacts)
        when = anchor - timedelta(days=rng.uniform(0, 60))
        followups.append(_followup(rng, len(followups) + 1, contact["id"], None, when, when, anchor))
    for followup in followups:
        fts.append(dict(b=fts_document(followup["what"]), k="followup", id=followup["id"]))
    for contact in contacts:
        contact["last_contact_at"] = last_contact.get(contact["id"])

    deal_rows = _deals(rng, companies, company_people, contacts, interactions, links, anchor)

    # ---------------------------------------------------------------- write
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path, anchor)
    try:
        with store.sessions.writing() as session:
            connection = session.connection()
            for model, rows in ((Company, companies), (Contact, contacts), (Interaction, interactions),
                                (InteractionContact, links), (Followup, followups), *deal_rows):
                if rows:
                    connection.execute(insert(model.__table__), _with_defaults(model, rows))
            # The book is new, so index_note's DELETE would remove nothing: only its INSERT.
            connection.execute(text("INSERT INTO note_fts (body, kind, ref_id) VALUES (:b, :k, :id)"), fts)
            rebuild_contact_history(connection)     # Insights' kept rows, as the store keeps them
    finally:
        store.close()
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return {"company": len(companies), "contact": len(contacts), "interaction": len(interactions),
            "interaction_contact": len(links), "followup": len(followups), "note_fts": len(fts),
            **{model.__tablename__: len(rows) for model, rows in deal_rows}}


DEAL_WORDS = ["产线改造", "机房扩容", "年度框架采购", "检测设备", "配电柜", "仓储系统", "模具开发", "备件供应",
              "软件升级", "二期项目"]
NEEDS = ["交期 4 周内", "单价再降一些", "账期长一点", "质保三年", "现场驻场支持", "领导要稳妥", "采购要有面子"]
MOVES = ["降价", "账期放宽", "免费培训", "加送备件", "延长质保", "分期付款"]


def _deals(rng: random.Random, companies: list[dict], company_people: dict, contacts: list[dict],
           interactions: list[dict], links: list[dict], anchor: datetime) -> list[tuple]:
    """Deals with their people, needs, conditions, moves and stage history, and the deal_id of
    some of their people's interactions: (model, rows) pairs in insert order."""
    from clientbook.domain.deals import DEFAULT_STAGES, DealRole
    from clientbook.store.models.deals import Deal, DealCondition, DealMove, DealNeed, DealPerson, DealStageChange

    stages = [s.key for s in DEFAULT_STAGES]        # lead … verbal, won, lost
    roles = [r.value for r in DealRole]
    deals, people, needs, conditions, moves, changes = [], [], [], [], [], []
    opened_by_contact: dict[int, list[tuple[int, datetime]]] = {}
    with_people = [c for c in companies if len(company_people.get(c["id"], [])) >= 1]
    for deal_id in range(1, int(len(companies) * 0.8) + 1):
        company = rng.choice(with_people)
        created = anchor - timedelta(days=rng.uniform(5, 400))
        roll = rng.random()
        if roll < 0.11:
            path = stages[:rng.randint(1, 4)] + ["lost"]
        elif roll < 0.33:
            path = stages[:5] + ["won"]                   # lead … verbal agreement, then signed
        else:
            path = stages[:rng.randint(1, 5)]             # still open
        steps = sorted(rng.uniform(0, (anchor - created).total_seconds()) for _ in path)
        at = [created + timedelta(seconds=x) for x in steps]
        at[0] = created
        agreed = next((a.date() for key, a in zip(path, at) if key == "verbal"), None)
        closed = at[-1].date() if path[-1] in ("won", "lost") else None
        deals.append(dict(
            id=deal_id, company_id=company["id"], title=f"{rng.choice(DEAL_WORDS)} {deal_id}", stage=path[-1],
            value=float(rng.randint(5, 500) * 10_000), expected_close=(created + timedelta(days=rng.randint(30, 200))).date(),
            owner=rng.choice(["", "李明", "刘总", "陈刚", "王芳"]), batna="", bottom_line="",
            max_step_pct=None if rng.random() < 0.9 else 5.0, terms="", agreed_on=agreed, closed_on=closed, notes="",
            archived_at=anchor - timedelta(days=1) if rng.random() < 0.05 else None,
            created_at=created, updated_at=at[-1]))
        changes += [dict(deal_id=deal_id, stage=key, at=a, note="") for key, a in zip(path, at)]
        team = rng.sample(company_people[company["id"]], min(len(company_people[company["id"]]), rng.randint(1, 4)))
        for person, role in zip(team, rng.sample(roles, len(team)) if len(team) <= len(roles) else roles):
            people.append(dict(deal_id=deal_id, contact_id=person, role=role))
            opened_by_contact.setdefault(person, []).append((deal_id, created))
        needs += [dict(deal_id=deal_id, what=need, implicit=rng.random() < 0.3, rank=rank)
                  for rank, need in enumerate(rng.sample(NEEDS, rng.randint(0, 4)), 1)]
        for measure, op, threshold in rng.sample([("margin", "<", 15.0), ("payment_days", ">", 90.0),
                                                  ("discount_total", ">", 8.0)], rng.randint(0, 3)):
            conditions.append(dict(deal_id=deal_id, kind=rng.choice(["bottom_line", "exit"]), measure=measure, op=op,
                                   threshold=threshold, note=""))
        span = max((at[-1] - created).total_seconds(), 60)
        for _ in range(rng.randint(0, 12)):
            kind = rng.choice(["demand", "concession", "concession", "deadlock"])
            measure, amount = rng.choice([("price", float(rng.randint(1, 5))), ("margin", float(rng.randint(12, 25))),
                                          ("payment_days", float(rng.choice([30, 45, 60, 90, 120]))), (None, None)])
            moves.append(dict(deal_id=deal_id, kind=kind, side=rng.choice(["ours", "theirs"]),
                              at=created + timedelta(seconds=rng.uniform(0, span)), what=rng.choice(MOVES),
                              measure=measure, amount=amount, asked=rng.choice(["", "预付三成", "签两年"]), got="",
                              resolution="换个条件" if kind == "deadlock" else "", interaction_id=None))
    people_of = {}
    for link in links:
        people_of.setdefault(link["interaction_id"], link["contact_id"])
    for interaction in interactions:
        opened = opened_by_contact.get(people_of.get(interaction["id"]))
        if opened and rng.random() < 0.04:
            fitting = [deal_id for deal_id, created in opened if created <= interaction["occurred_at"]]
            if fitting:
                interaction["deal_id"] = rng.choice(fitting)
    for interaction in interactions:
        interaction.setdefault("deal_id", None)
    return [(Deal, deals), (DealPerson, people), (DealNeed, needs), (DealCondition, conditions), (DealMove, moves),
            (DealStageChange, changes)]


def _with_defaults(model, rows: list[dict]) -> list[dict]:
    """Rows with every column of the model: those this generator does not know (added to the
    schema after it was written) get the model's own default, as the ORM would give them."""
    from pydantic_core import PydanticUndefined

    missing = {}
    for column in model.__table__.columns:
        if rows and column.name not in rows[0]:
            field = model.model_fields.get(column.name)
            default = field.get_default(call_default_factory=True) if field is not None else None
            missing[column.name] = None if default is PydanticUndefined else default
    if not missing:
        return rows
    return [{**missing, **row} for row in rows]


def _followup(rng: random.Random, followup_id: int, contact_id: int, interaction_id: int | None,
              occurred: datetime, created: datetime, anchor: datetime) -> dict:
    today = anchor.date()
    due = occurred.date() + timedelta(days=rng.randint(1, 14))
    due_time = dtime(rng.choice([9, 10, 11, 14, 15, 16, 17]), rng.choice([0, 30])) if rng.random() < 0.3 else None
    done_at = None
    if due < today:
        open_chance = 0.10 if (today - due).days <= 14 else 0.002
        if rng.random() >= open_chance:
            done_at = min(datetime.combine(due, dtime(rng.randint(9, 18), rng.randint(0, 59))), anchor)
    elif due == today and rng.random() < 0.1:
        done_at = anchor - timedelta(minutes=rng.randint(1, 60))
    created = min(created, anchor)
    return dict(
        id=followup_id, contact_id=contact_id, interaction_id=interaction_id, what=rng.choice(FOLLOWUPS),
        due_date=due, due_time=due_time, promise=rng.random() < 0.7, done_at=done_at, archived_at=None,
        created_at=created, updated_at=done_at or created,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build (or show) a cached synthetic book.")
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    result = ensure_book(args.scale, args.seed, args.cache_dir, args.rebuild)
    print(result.path)
    print(", ".join(f"{k} {v:,}" for k, v in result.counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
