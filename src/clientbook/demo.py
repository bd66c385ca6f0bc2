"""The demo book: a realistic, deterministic book in its own file, rebuilt on every
`clientbook --demo`, so a new user (and the screenshots) see the app at work without ever
touching the real book."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from clientbook.domain.contacts import validate_company, validate_contact

COMPANIES = [
    # name, grade, industry, city, yearly value (¥)
    ("华为技术", "A", "通信设备", "深圳", "3200万"),
    ("比亚迪汽车", "A", "新能源汽车", "深圳", "2600万"),
    ("美的集团", "B", "家电", "佛山", "900万"),
    ("顺丰速运", "B", "物流", "深圳", "650万"),
    ("广州白云电器", "C", "电气设备", "广州", "180万"),
    ("东莞精工模具", "C", "模具", "东莞", "120万"),
    ("佛山小鹏五金", "D", "五金", "佛山", "30万"),
]

# name, company index, title, position, level, phone, wechat, birthday, cuisine, drinks,
# hobbies, taboos, diet, family, tags
CONTACTS = [
    ("张伟", 0, "采购总监", "manager", 4, "手机 138 0013 8001, 办公 0755-2878 0808", "zhangwei_hw", "农历三月初八", "粤菜、潮汕牛肉火锅", "单枞茶，少喝白酒", "高尔夫、钓鱼", "不谈政治", "", "女儿在读高三，明年高考", "关键人 决策链"),
    ("李娜", 0, "研发经理", "manager", 3, "139 2233 4455", "lina_rd", "1986-07-21", "日料", "红酒", "跑步、摄影", "", "不吃生蒜", "先生在招商银行", "技术"),
    ("王建国", 0, "副总裁", "boss", 2, "137 1234 5678", "", "lunar:1968-08-15", "淮扬菜", "茅台", "书法、围棋", "忌讳数字4", "痛风，少海鲜", "儿子在美国读书", "高层"),
    ("刘洋", 0, "采购工程师", "staff", 3, "136 0000 1111", "liuyang88", "1990-11-30", "湘菜", "啤酒", "篮球、王者荣耀", "", "", "", "接口人"),
    ("陈静", 0, "总经理助理", "clerk", 2, "135 5555 6666", "chenjing_hw", "03-12", "", "奶茶", "追剧", "", "素食", "", "关键人"),
    ("单雄", 0, "质量主管", "staff", 1, "", "", "", "", "", "", "", "", "", ""),
    ("杨帆", 1, "供应链总监", "manager", 3, "186 8888 9999", "yangfan_byd", "lunar:L06-10", "川菜", "白酒量大", "自驾游", "", "", "老家四川，父母在成都", "关键人"),
    ("赵敏", 1, "采购经理", "manager", 3, "187 1111 2222", "zhaomin", "1985-04-17", "粤菜", "不喝酒", "瑜伽", "不喜欢被催", "不吃辣", "两个孩子", ""),
    ("曾志强", 1, "副总经理", "boss", 2, "188 3333 4444", "", "农历冬月三十", "海鲜", "威士忌", "高尔夫", "", "", "", "高层"),
    ("黄磊", 1, "工艺工程师", "staff", 2, "", "huanglei_eng", "", "", "", "骑行", "", "", "", "技术"),
    ("周婷", 1, "采购助理", "clerk", 2, "189 5555 0000", "zhouting", "1995-02-14", "西餐", "", "烘焙", "", "", "", ""),
    ("吴昊", 1, "IT 经理", "manager", 1, "", "", "", "", "", "", "", "", "", ""),
    ("孙丽", 2, "采购部长", "manager", 3, "139 8765 4321", "sunli_midea", "农历九月初九", "顺德菜", "黄酒", "插花", "", "", "", "关键人"),
    ("朱晓明", 2, "研发工程师", "staff", 2, "", "zxm_rd", "", "", "咖啡", "摄影", "", "", "", "技术"),
    ("胡斌", 2, "总经理", "boss", 1, "133 2222 3333", "", "", "粤菜", "普洱", "茶道", "不谈宗教", "", "", "高层"),
    ("郭芳", 2, "商务专员", "clerk", 3, "", "guofang", "06-01", "", "", "旅行", "", "", "", ""),
    ("林峰", 2, "质量经理", "manager", 2, "131 0000 2222", "", "", "潮汕菜", "", "足球", "", "", "", ""),
    ("何雪", 2, "采购员", "staff", 2, "", "hexue", "", "", "", "", "", "", "", ""),
    ("马超", 3, "运营总监", "manager", 3, "135 1357 2468", "machao_sf", "1980-09-09", "东北菜", "啤酒", "钓鱼", "", "", "", "关键人"),
    ("罗娟", 3, "采购主管", "staff", 2, "", "luojuan", "", "", "", "", "", "", "", ""),
    ("梁文", 3, "区域经理", "manager", 2, "132 4444 5555", "", "", "", "", "", "", "", "", ""),
    ("宋佳", 3, "行政助理", "clerk", 1, "", "", "", "", "", "", "", "", "", ""),
    ("谢军", 3, "副总", "boss", 1, "", "", "", "", "", "", "", "", "", "高层"),
    ("韩梅", 3, "财务经理", "manager", 1, "", "hanmei", "", "", "", "", "", "", "", ""),
    ("唐亮", 4, "总经理", "boss", 3, "137 7777 8888", "tangliang", "lunar:1972-01-15", "客家菜", "米酒", "钓鱼", "", "", "", "关键人"),
    ("冯雷", 4, "采购经理", "manager", 2, "", "fenglei", "", "", "", "", "", "", "", ""),
    ("董洁", 4, "技术员", "staff", 1, "", "", "", "", "", "", "", "", "", ""),
    ("程浩", 4, "仓管员", "clerk", 0, "", "", "", "", "", "", "", "", "", ""),
    ("曹阳", 5, "厂长", "boss", 2, "138 1212 3434", "caoyang", "", "", "白酒", "", "", "", "", ""),
    ("袁媛", 5, "采购", "staff", 1, "", "yuanyuan", "", "", "", "", "", "", "", ""),
    ("邓超", 5, "模具工程师", "staff", 1, "", "", "", "", "", "", "", "", "", "技术"),
    ("许晴", 5, "文员", "clerk", 0, "", "", "", "", "", "", "", "", "", ""),
    ("傅强", 6, "老板", "boss", 1, "139 0909 0909", "fuqiang", "", "", "", "", "", "", "", ""),
    ("沈冰", 6, "会计", "clerk", 0, "", "", "", "", "", "", "", "", "", ""),
    ("彭涛", 0, "项目经理", "manager", 2, "", "pengtao", "", "", "", "登山", "", "", "", "技术"),
    ("吕薇", 1, "总裁秘书", "clerk", 3, "", "lvwei", "08-08", "日料", "", "花艺", "", "", "", "关键人"),
    ("蒋鹏", 2, "采购总监", "manager", 2, "", "jiangpeng", "", "", "", "羽毛球", "", "", "", ""),
    ("蔡琳", 3, "客服经理", "manager", 1, "", "", "", "", "", "", "", "", "", ""),
    ("丁磊", 0, "测试工程师", "staff", 1, "", "", "", "", "", "", "", "", "", ""),
    ("仇海", 4, "副总经理", "boss", 1, "", "", "", "", "", "", "", "", "", ""),
]

# What a card from the phone adds for some of them: e-mails, addresses, nicknames, web addresses.
CARD_DETAILS = {
    "张伟": {"emails": "办公 zhangwei@huawei.com", "nickname": "伟哥", "address_as": "张总",
             "addresses": "办公: 广东省深圳市龙岗区坂田华为基地 F 区"},
    "赵敏": {"emails": "zhaomin@byd.com", "address_as": "赵经理", "addresses": "办公: 深圳市坪山区比亚迪路 3009 号"},
    "孙丽": {"emails": "办公 sunli@midea.com, 家庭 sunli1979@163.com"},
}
# A company's switchboard and website, where the demo knows them.
COMPANY_DETAILS = {
    "华为技术": {"switchboard": "0755-2878 0808", "website": "https://www.huawei.com",
                 "address": "广东省深圳市龙岗区坂田华为基地"},
    "比亚迪汽车": {"switchboard": "0755-8988 8888", "website": "https://www.bydauto.com.cn"},
}

DEMO_REP_NAME = "李明"   # the demo's rep: the minutes name them on our side (config.toml is not touched)


def build_demo_book(path: Path, now: datetime) -> None:
    """(Re)build the demo book at `path`: the previous demo file is replaced, nothing else."""
    from clientbook.store import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path, now)
    try:
        company_names = []
        for index, (name, grade, industry, city, value) in enumerate(COMPANIES):
            data, errors = validate_company(
                {"name": name, "grade": grade, "industry": industry, "city": city, "yearly_value": value,
                 **COMPANY_DETAILS.get(name, {})}
            )
            assert not errors, errors
            store.contacts.add_company(data, now - timedelta(days=400 - index))
            company_names.append(name)
        for index, row in enumerate(CONTACTS):
            (name, company, title, position, level, phone, wechat, birthday, cuisine, drinks,
             hobbies, taboos, diet, family, tags) = row
            data, errors = validate_contact({
                "name": name, "company": company_names[company], "title": title, "position": position,
                "level": str(level), "phones": phone, "wechat": wechat, "birthday": birthday,
                "cuisine": cuisine, "drinks": drinks, "hobbies": hobbies, "taboos": taboos,
                "diet": diet, "family": family, "tags": tags, **CARD_DETAILS.get(name, {}),
            })
            assert not errors, (name, errors)
            # Spread "last touched" over the past weeks so Today's recent list looks lived in.
            store.contacts.add_contact(data, now - timedelta(days=60 + index % 37, hours=index))
        add_demo_history(store, now)
        add_demo_calls(store, now)
        add_demo_gifts(store, now)
        add_demo_meals(store, now)
        add_demo_deals(store, now)
    finally:
        store.close()


# (days ago, hour, contact names, kind, summary, notes, marks (space, info, coach, topic), cost)
INTERACTIONS = [
    (1, 15, ["张伟"], "call", "谈了二期报价，对方希望单价再降3%", "张总提到下周内部评审，报价单要在周五前发过去。", ("work", "effective", "guides", "business"), None),
    (2, 19, ["杨帆", "吕薇"], "meal", "潮汕牛肉火锅，聊到明年扩产计划", "杨总透露明年深圳新工厂要上两条线，让我们提前准备方案。吕薇说杨总最近在学高尔夫。", ("private", "active_private", "commits", "private"), 1280.0),
    (3, 10, ["孙丽"], "visit", "拜访美的采购部，送了样品", "孙部长对样品满意，要求下月初给出正式报价。", ("work", "effective", "gives_info", "business"), None),
    (5, 21, ["刘洋"], "wechat", "分享了行业新闻：铜价上涨", "", ("work", "public", None, "business"), None),
    (6, 14, ["马超"], "call", "确认顺丰仓储项目的交付时间", "马总说春节前必须上线。", ("work", "effective", "guides", "business"), None),
    (8, 12, ["李娜"], "meal", "午饭，聊研发新平台和孩子升学", "李娜先生在招商银行，孩子明年小升初。", ("private", "passive_private", "gives_info", "private"), 360.0),
    (10, 16, ["唐亮"], "visit", "白云电器厂区参观", "唐总喜欢钓鱼，周末常去从化水库。", ("work", "effective", "gives_info", "hobbies"), None),
    (12, 11, ["赵敏"], "email", "发送了技术方案和测试报告", "", ("work", "public", None, "business"), None),
    (15, 20, ["张伟", "王建国"], "entertainment", "陪王总打了一场高尔夫", "王总对二期项目态度积极，说会在评审会上支持我们。", ("private", "active_private", "recommends", "opinions"), 2600.0),
    (20, 9, ["周婷"], "gift", "中秋月饼礼盒", "", (None, None, None, None), 268.0),
    (25, 15, ["曹阳"], "call", "催收上季度货款", "", ("work", "public", None, "business"), None),
    (30, 10, ["孙丽", "蒋鹏"], "visit", "年度供应商评审会", "蒋总监提出交期要从 6 周缩到 4 周。", ("work", "effective", "gives_info", "business"), None),
    (45, 19, ["杨帆"], "meal", "川菜，聊到他父母身体", "杨总父母在成都，父亲今年做了膝盖手术。", ("private", "active_private", "guides", "private"), 980.0),
    (60, 14, ["马超"], "visit", "顺丰项目启动会", "", ("work", "effective", "gives_info", "business"), None),
]

# (due in days from today (negative: overdue), hour or None, contact, what, ours)
FOLLOWUPS = [
    (-3, None, "孙丽", "给美的发正式报价", True),
    (-1, 17, "马超", "确认春节前上线的排期", True),
    (0, None, "张伟", "发二期报价单（单价降 2%）", True),
    (0, 15, "刘洋", "对方回复样品测试结果", False),
    (1, 10, "李娜", "约技术交流会", True),
    (3, None, "杨帆", "准备新工厂两条线的方案", True),
    (5, None, "唐亮", "对方确认参观日期", False),
    (6, 19, "吕薇", "送杨总的高尔夫球具到货", True),
    (12, None, "赵敏", "跟进测试报告反馈", True),
]


def add_demo_history(store, now: datetime) -> None:
    """Interactions, follow-ups and level changes relative to `now`, so Today looks lived in."""
    from datetime import time as clock_time

    from clientbook.domain.interactions import Coach, FollowupInput, InfoQuality, InteractionInput, Kind, Space, TopicDepth

    ids = {row.name: row.id for row in store.contacts.search_contacts()}
    for days, hour, names, kind, summary, notes, marks, cost in INTERACTIONS:
        space, info, coach, topic = marks
        when = (now - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
        store.capture.log_interaction(InteractionInput(
            kind=Kind(kind), occurred_at=when, contact_ids=[ids[n] for n in names], summary=summary, notes=notes,
            cost=cost, space=Space(space) if space else None, info_quality=InfoQuality(info) if info else None,
            coach=Coach(coach) if coach else None, topic_depth=TopicDepth(topic) if topic else None,
        ), when)
    for days, hour, name, what, ours in FOLLOWUPS:
        due = (now + timedelta(days=days)).date()
        store.capture.add_followup(ids[name], FollowupInput(what, due, clock_time(hour) if hour is not None else None, ours),
                           now - timedelta(days=5))
    # 杨帆 starts at 3 in the table above; his history shows how he became a close brother.
    store.capture.set_level(ids["杨帆"], 4, "年初项目合作顺利", now - timedelta(days=120))
    store.capture.set_level(ids["杨帆"], 5, "一起吃了川菜，聊到家里父母", now - timedelta(days=45))


def add_demo_calls(store, now: datetime) -> None:
    """Yesterday's call with 张伟 was prepared and reviewed: its lesson shows on his next call's card."""
    from clientbook.domain.calls import CallPrepInput, CallReviewInput

    [zhang] = [row.id for row in store.contacts.search_contacts("张伟") if row.name == "张伟"]
    call = next(e for e in store.capture.timeline(zhang) if e.kind == "interaction" and e.subtype == "call")
    prepared = call.at - timedelta(minutes=30)
    prep = store.calls.add_prep(zhang, CallPrepInput(
        "二期报价", our_outcome="报价在本周内过评审", their_outcome="单价再降 3%", their_attitude="客气但压价",
        tone="稳，先听后说", rehearsal="先谢上周的技术交流；降价只给 2%，换预付三成"), prepared)
    store.calls.link_call(prep, call.id, call.at)
    store.calls.review(prep, CallReviewInput(4, 3, "他先问交期，价格放在后面", "报价前先确认交期，张总最在意交付"),
                       call.at + timedelta(minutes=20))


# Gifts given at the last Mid-Autumn and Spring Festival (name, what, ¥, festival, days before it).
GIFTS = [
    ("王建国", "定制书法笔墨套装", 1680.0, "mid_autumn", 5),
    ("张伟", "美心流心奶黄月饼 + 单枞茶", 588.0, "mid_autumn", 4),
    ("杨帆", "四川老腊肉礼盒", 460.0, "mid_autumn", 4),
    ("孙丽", "广式月饼礼盒", 328.0, "mid_autumn", 3),
    ("马超", "月饼礼盒", 268.0, "mid_autumn", 3),
    ("周婷", "月饼礼盒", 168.0, "mid_autumn", 2),
    ("曾志强", "山崎 12 年威士忌", 1280.0, "spring_festival", 6),
    ("唐亮", "进口钓鱼竿", 860.0, "spring_festival", 5),
]
# Everyday small gifts (§10): (name, what, ¥, days ago, rhythm, next due in days or None: drawn).
EVERYDAY = [
    ("陈静", "一箱奶茶", 120.0, 38, (40, 80), 2),
    ("刘洋", "篮球赛门票", 180.0, 21, (30, 60), None),
]


def add_demo_gifts(store, now: datetime) -> None:
    """The gift log, reminders already handled, everyday rhythms and two custom occasions."""
    from clientbook.domain.gift_forms import GiftInput, OccasionInput
    from clientbook.domain.lunar import festival_date

    ids = {row.name: row.id for row in store.contacts.search_contacts()}
    today = now.date()

    def last(key: str):
        return max(d for d in (festival_date(key, today.year), festival_date(key, today.year - 1)) if d < today)

    for name, what, value, key, before in GIFTS:
        day = last(key) - timedelta(days=before)
        store.gifts.record_gift(GiftInput(ids[name], what, day, value, key), now - timedelta(days=(today - day).days),
                          summary=what, reminder=(key, last(key).year))
    for name, what, value, days_ago, rhythm, due_in in EVERYDAY:
        day = today - timedelta(days=days_ago)
        store.gifts.record_gift(GiftInput(ids[name], what, day, value, "everyday"), now - timedelta(days=days_ago),
                          summary=what)
        store.gifts.set_everyday_rhythm(ids[name], rhythm, today,
                                  next_on=today + timedelta(days=due_in) if due_in is not None else None)
    company = next(c for c in store.contacts.list_companies() if c.name == "比亚迪汽车")
    store.gifts.add_custom_occasion(OccasionInput("比亚迪成立纪念日", "solar", 2, 10, year=1995, lead_days=7,
                                            company_id=company.id), now)
    store.gifts.add_custom_occasion(OccasionInput("张伟女儿高考", "solar", 6, 7, yearly=False, year=today.year + 1,
                                            lead_days=7, contact_id=ids["张伟"]), now)


def add_demo_meals(store, now: datetime) -> None:
    """Meals (domain §9): one coming, with our boss and three of 华为's people, and one past
    whose minutes are still to write (so Today asks for them)."""
    from clientbook.domain.meal_forms import OurDiner, PlanInput
    from clientbook.domain.meals.enums import Channel, InviteStatus, MealPurpose, OurRole, ProjectPhase, VenueLevel

    ids = {row.name: row.id for row in store.contacts.search_contacts()}
    day = now.date()
    coming = PlanInput(
        planned_at=datetime.combine(day + timedelta(days=5), datetime.min.time()).replace(hour=18, minute=30),
        guests=[(ids[n], n) for n in ("张伟", "王建国", "陈静")],
        ours=[OurDiner("刘总", OurRole.BOSS), OurDiner("", OurRole.ME)],
        title="华为二期 · 评审前沟通", purpose=MealPurpose.BUSINESS, phase=ProjectPhase.MILESTONE,
        venue="潮汕牛肉火锅（南山店）", venue_level=VenueLevel.MID_RANGE, cuisine="潮汕牛肉火锅", private_room=True,
        budget=2400, channel=Channel.WECHAT,
    )
    meal_id = store.meals.add_meal(coming, now - timedelta(days=3))
    diners = {d.name: d.id for d in store.meals.get_meal(meal_id).diners}
    store.meals.set_guest_of_honour(diners["王建国"], now - timedelta(days=3))
    store.meals.set_invite_status(diners["王建国"], InviteStatus.ACCEPTED, now - timedelta(days=2))
    store.meals.set_invite_status(diners["张伟"], InviteStatus.ACCEPTED, now - timedelta(days=2))
    store.meals.set_invite_status(diners["陈静"], InviteStatus.INVITED, now - timedelta(days=2))
    past = PlanInput(
        planned_at=datetime.combine(day - timedelta(days=1), datetime.min.time()).replace(hour=12, minute=0),
        guests=[(ids[n], n) for n in ("赵敏", "周婷")],
        ours=[OurDiner("", OurRole.ME)],
        title="比亚迪 · 测试报告反馈", purpose=MealPurpose.RELATIONSHIP, phase=ProjectPhase.PROBLEM,
        venue="顺德人家（福田店）", venue_level=VenueLevel.MID_RANGE, cuisine="顺德菜", private_room=True,
        budget=600, channel=Channel.PHONE,
    )
    meal_id = store.meals.add_meal(past, now - timedelta(days=6))
    for diner in store.meals.get_meal(meal_id).diners:
        if diner.name == "赵敏":
            store.meals.set_guest_of_honour(diner.id, now - timedelta(days=6))
        if diner.side == "guest":
            store.meals.set_invite_status(diner.id, InviteStatus.ACCEPTED, now - timedelta(days=5))


def add_demo_deals(store, now: datetime) -> None:
    """Deals (domain §12): 华为's second phase in the middle of the negotiation (its last
    concession too large and with nothing asked back: a warning), and 比亚迪's test equipment,
    agreed on the phone, then signed. Interactions, meals and gifts of theirs are logged with them."""
    from clientbook.domain.deals import (
        Condition,
        ConditionKind,
        DealInput,
        DealRole,
        Measure,
        Move,
        MoveKind,
        Side,
    )
    from clientbook.services.deals import DealsService

    deals = DealsService(store, max_step_pct=3.0)
    ids = {row.name: row.id for row in store.contacts.search_contacts()}
    companies = {c.name: c.id for c in store.contacts.list_companies()}
    day = now.date()

    def ago(days: int, hour: int = 10) -> datetime:
        return (now - timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)

    def logged(kind: str, days: int, names: set[str]) -> int:
        """The interaction `kind` of `days` ago with exactly these people (INTERACTIONS above)."""
        for row in store.capture.timeline(ids[sorted(names)[0]]):
            if row.kind == "interaction" and row.subtype == kind and row.at.date() == ago(days).date():
                return row.id
        raise LookupError((kind, days, names))

    # --- 华为: mid-negotiation
    huawei = deals.add_deal(DealInput(
        "华为二期 · 机房配电柜", companies["华为技术"], stage="lead", value=1_860_000,
        expected_close=day + timedelta(days=25), owner=DEMO_REP_NAME,
        batna="转做美的集团的配电改造项目，利润略低但账期短",
        bottom_line="毛利不低于 15%，账期不超过 90 天", notes="王总支持，张总要在内部评审会上过关"), ago(50))
    for name, role in (("王建国", DealRole.DECISION_MAKER), ("张伟", DealRole.GATEKEEPER),
                       ("李娜", DealRole.USER), ("刘洋", DealRole.COACH)):
        deals.set_person(huawei, ids[name], role)
    deals.add_need(huawei, "单价比一期再降一些")
    deals.add_need(huawei, "交期 4 周内")
    deals.add_need(huawei, "张总在内部评审会上有面子", implicit=True)
    deals.add_need(huawei, "王总要稳妥，不出质量事故", implicit=True)
    deals.add_condition(huawei, Condition(Measure.MARGIN, "<", 15, note="公司红线"))
    deals.add_condition(huawei, Condition(Measure.PAYMENT_DAYS, ">", 90, ConditionKind.EXIT))
    deals.add_condition(huawei, Condition(Measure.DISCOUNT_TOTAL, ">", 8))
    deals.move_stage(huawei, "needs", ago(40), note="李娜带我们看了机房")
    deals.move_stage(huawei, "proposal", ago(28))
    deals.move_stage(huawei, "negotiation", ago(20), note="张总约谈价格")
    for days, kind, side, what, measure, amount, asked, got, resolution in (
        (20, MoveKind.DEMAND, Side.OURS, "报价 186 万，毛利 21%", Measure.MARGIN, 21, "", "", ""),
        (15, MoveKind.DEMAND, Side.THEIRS, "单价降 8%，账期 120 天", None, None, "", "", ""),
        (12, MoveKind.CONCESSION, Side.OURS, "降价 2%", Measure.PRICE, 2, "签两年框架协议", "同意两年框架", ""),
        (6, MoveKind.DEADLOCK, Side.THEIRS, "账期僵持：对方坚持 120 天", None, None, "", "", "拆成 60 天账期加 10% 质保金"),
        (6, MoveKind.CONCESSION, Side.OURS, "账期放到 60 天", Measure.PAYMENT_DAYS, 60, "预付 30%", "预付 20%", ""),
    ):
        deals.add_move(huawei, Move(kind, side, what, ago(days, 15), measure, amount, asked, got, resolution), ago(days))
    call = logged("call", 1, {"张伟"})
    deals.add_move(huawei, Move(MoveKind.CONCESSION, Side.OURS, "电话里答应单价再降 4%", ago(1, 15), Measure.PRICE, 4,
                                interaction_id=call), ago(1))
    deals.attach("interaction", call, huawei)
    deals.attach("interaction", logged("entertainment", 15, {"张伟", "王建国"}), huawei)
    meal = next(m for m in store.meals.list_meals() if m.title == "华为二期 · 评审前沟通")
    deals.attach("meal", meal.id, huawei)

    # --- 比亚迪: verbal agreement on the phone, signed a week later
    byd = deals.add_deal(DealInput(
        "比亚迪 · 电池产线检测设备", companies["比亚迪汽车"], stage="lead", value=950_000,
        expected_close=day - timedelta(days=20), owner="刘总", bottom_line="毛利不低于 18%",
        terms="总价 92.15 万元（含税）\n账期 45 天\n合同签订后 6 周交付\n质保两年"), ago(75))
    for name, role in (("杨帆", DealRole.DECISION_MAKER), ("赵敏", DealRole.GATEKEEPER),
                       ("黄磊", DealRole.USER), ("吕薇", DealRole.COACH)):
        deals.set_person(byd, ids[name], role)
    deals.add_need(byd, "新产线按期投产")
    deals.add_need(byd, "赵经理不喜欢被催，要按她的节奏来", implicit=True)
    deals.add_condition(byd, Condition(Measure.MARGIN, "<", 18))
    for stage, days, note in (("needs", 65, ""), ("proposal", 55, ""), ("negotiation", 48, "")):
        deals.move_stage(byd, stage, ago(days), note=note)
    for days, kind, side, what, measure, amount, asked, got in (
        (48, MoveKind.DEMAND, Side.OURS, "报价 95 万，毛利 24%", Measure.MARGIN, 24, "", ""),
        (46, MoveKind.DEMAND, Side.THEIRS, "降价 5%", None, None, "", ""),
        (44, MoveKind.CONCESSION, Side.OURS, "降价 3%", Measure.PRICE, 3, "提前一个月付款", "同意提前付款"),
        (44, MoveKind.CONCESSION, Side.THEIRS, "接受 45 天账期", Measure.PAYMENT_DAYS, 45, "", ""),
    ):
        deals.add_move(byd, Move(kind, side, what, ago(days, 16), measure, amount, asked, got), ago(days))
    deals.attach("interaction", logged("meal", 45, {"杨帆"}), byd)
    deals.move_stage(byd, "verbal", ago(43, 17), note="杨总电话确认")
    deals.move_stage(byd, "won", ago(36, 11), note="合同盖章寄回")
    deals.attach("interaction", logged("email", 12, {"赵敏"}), byd)
