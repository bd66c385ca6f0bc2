"""store/interop.py: the import preview and its one-transaction apply, exports, the whole book
as JSON (and back into an empty book, nothing lost), and merging two records of one person."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from clientbook.domain.contact_card import Address, PersonName, Photo, Typed
from clientbook.domain.contacts import ContactInput
from clientbook.domain.dedupe import ADD, COMPANY, DUPLICATE, INVALID, MERGE, NEW, SKIP, RawRow
from clientbook.domain.enums import Level, Position
from clientbook.domain.interactions import InteractionInput, Kind
from clientbook.domain.vcard import read_vcards
from clientbook.services.interop import csv_bytes, vcard_bytes
from clientbook.errors import BookError
from clientbook.store import open_store
from clientbook.store.book import LATEST_VERSION
from conftest import NOW, add_contact, demo_book_at, emails_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture
def book(store):
    return store   # conftest's open store, under the name these tests read best with


def add(store, name, **fields) -> int:
    return add_contact(store, name=name, **fields)


def rows(*raws: dict) -> list[RawRow]:
    return [RawRow(number, number + 1, raw) for number, raw in enumerate(raws, 1)]


def fixture_rows(*names: str) -> list[RawRow]:
    found = []
    for name in names:
        found += list(read_vcards((FIXTURES / name).read_bytes()))
    return [replace(row, number=number) for number, row in enumerate(found, 1)]


def names(store) -> list[str]:
    return sorted(row.name for row in store.contacts.search_contacts())


# ---------------------------------------------------------------- preview and apply
def test_preview_writes_nothing_and_apply_writes_it_all(book):
    preview = book.interop.preview_import(fixture_rows("android-21-qp.vcf", "ios-30.vcf", "outlook-40.vcf", "malformed.vcf"))
    assert (preview.count(NEW), preview.count(DUPLICATE), preview.count(INVALID)) == (10, 0, 1)
    assert book.contacts.counts().contacts == 0
    result = book.interop.apply_import(preview, NOW)
    assert (result.added, result.merged, result.skipped, result.companies) == (10, 0, 0, 10)
    assert book.contacts.counts().contacts == 10
    [zhang] = book.contacts.search_contacts("zw hw")                       # pinyin search keys were computed
    view = book.contacts.get_contact(zhang.id)
    assert view.company.name == "华为技术有限公司" and view.contact.phone_list == ["138-0013-8000", "010-6552-1234"]
    assert view.contact.birthday == "solar:1985-04-17" and "铁观音" in view.contact.notes
    assert [r.name for r in book.contacts.search_contacts("ouyang")] == ["欧阳娜娜"]
    assert book.contacts.search_contacts("lina_mkt")[0].name == "李娜"


def test_a_second_run_of_the_same_file_adds_nothing(book):
    first = fixture_rows("android-21-qp.vcf", "ios-30.vcf")
    book.interop.apply_import(book.interop.preview_import(first), NOW)
    again = book.interop.preview_import(fixture_rows("android-21-qp.vcf", "ios-30.vcf"))
    assert again.count(NEW) == 0 and again.count(DUPLICATE) == 5
    assert {row.reason for row in again.rows(DUPLICATE)} == {"phone"}
    result = book.interop.apply_import(again, NOW + timedelta(hours=1))
    assert (result.added, result.skipped) == (0, 5)
    assert book.contacts.counts().contacts == 5 and book.contacts.counts().companies == 5


def test_a_stale_preview_is_checked_again_inside_the_transaction(book):
    """Two previews of one file, applied one after the other: the second adds nothing."""
    first = book.interop.preview_import(fixture_rows("ios-30.vcf"))
    second = book.interop.preview_import(fixture_rows("ios-30.vcf"))
    book.interop.apply_import(first, NOW)
    assert book.interop.apply_import(second, NOW).added == 0
    assert book.contacts.counts().contacts == 2


def test_matching_rules(book):
    zhang = add(book, "张三", company="华为", phones="+86 138 0013 8000", wechat="ZS_wx")
    li = add(book, "李四", company="美的")
    preview = book.interop.preview_import(rows(
        {"name": "张老三", "phones": "13800138000"},                 # same phone, +86 and spaces aside
        {"name": "Zhang San", "wechat": "zs_WX"},                    # same WeChat id, any case
        {"name": "李 四", "company": "美的"},                         # same name and company
        {"name": "李四", "company": "格力"},                          # same name, other company: new
        {"name": "王五", "phones": "12345"},                          # too short to match anything
    ))
    reasons = [(row.name, row.status, row.match_id, row.reason) for row in preview.iter_rows()]
    assert reasons == [
        ("张老三", "duplicate", zhang, "phone"),
        ("Zhang San", "duplicate", zhang, "wechat"),
        ("李 四", "duplicate", li, "name_company"),
        ("李四", "new", None, ""),
        ("王五", "new", None, ""),
    ]


def test_skip_merge_and_add_per_duplicate(book):
    first = add(book, "张三", company="华为", phones="13800138000", title="采购", tags="老客户")
    second = add(book, "李四", company="美的", phones="13900139000", emails="li@midea.com")
    third = add(book, "王五", company="格力", phones="13700137000")
    preview = book.interop.preview_import(rows(
        {"name": "张三", "company": "华为", "phones": "13800138000, 010-12345678", "emails": "zs@huawei.com",
         "title": "采购总监", "tags": "关键人", "notes": "喜欢茶"},
        {"name": "李四", "company": "美的", "phones": "13900139000", "emails": "other@x.com"},
        {"name": "王五", "company": "格力", "phones": "13700137000"},
        {"name": "赵六", "company": "格力"},
    ))
    result = book.interop.apply_import(preview, NOW, {1: MERGE, 2: SKIP, 3: ADD})
    assert (result.added, result.merged, result.skipped, result.companies) == (2, 1, 1, 0)
    zhang = book.contacts.get_contact(first).contact
    assert zhang.phone_list == ["13800138000", "010-12345678"]     # a new number added
    assert emails_of(book, first) == ["zs@huawei.com"]                  # an empty field filled
    assert zhang.title == "采购"                                    # what the book had stays
    assert zhang.tag_list == ["老客户", "关键人"] and zhang.notes == "喜欢茶"
    assert emails_of(book, second) == ["li@midea.com"]
    assert [r.name for r in book.contacts.search_contacts("王五")] == ["王五", "王五"]
    assert third in [r.id for r in book.contacts.search_contacts("王五")]
    # An ORG already in the book is reused, not created again.
    assert [c.name for c in book.contacts.list_companies()].count("格力") == 1


def test_duplicates_inside_one_file(book):
    preview = book.interop.preview_import(rows(
        {"name": "张三", "phones": "13800138000"},
        {"name": "张三", "phones": "13800138000", "emails": "zs@x.com"},
        {"name": "张三", "phones": "+86 13800138000", "notes": "第三张"},
    ))
    assert [row.status for row in preview.iter_rows()] == ["new", "duplicate", "duplicate"]
    assert preview.row(2).match_row == 1 and preview.row(2).match_id is None
    result = book.interop.apply_import(preview, NOW, {2: MERGE, 3: MERGE})
    assert (result.added, result.merged) == (1, 2)
    [only] = book.contacts.search_contacts()
    contact = book.contacts.get_contact(only.id).contact
    assert emails_of(book, only.id) == ["zs@x.com"] and contact.notes == "第三张"
    # skipped by default
    assert book.interop.apply_import(book.interop.preview_import(rows({"name": "李四", "phones": "13900000000"},
                                                     {"name": "李四", "phones": "13900000000"})), NOW).added == 1


def test_unreadable_rows_are_never_written(book):
    preview = book.interop.preview_import(rows({"name": "坏", "phones": "电话"}, {"name": ""}, {"name": "好", "emails": "a@b.cn"}))
    assert [row.status for row in preview.iter_rows()] == ["invalid", "invalid", "new"]
    assert book.interop.apply_import(preview, NOW, default=ADD).added == 1
    assert names(book) == ["好"]


def test_all_or_nothing(book, monkeypatch):
    add(book, "张三", phones="13800138000")
    preview = book.interop.preview_import(rows(*({"name": f"人{i}", "company": f"公司{i % 7}"} for i in range(1200)),
                                       {"name": "张三", "phones": "13800138000", "emails": "x@y.cn"}))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(book.interop), "_merge_incoming", boom)
    with pytest.raises(RuntimeError):
        book.interop.apply_import(preview, NOW, default=MERGE)
    assert names(book) == ["张三"] and book.contacts.counts().companies == 0


@pytest.mark.sqlite_only    # the chunking is the same code on both engines; 10k rows on PostgreSQL cost the suite 10 s
def test_ten_thousand_rows_in_one_write_session_with_progress(book, monkeypatch):
    add(book, "已有", company="公司3", phones="13000000003")
    raws = [{"name": f"客户{i}", "company": f"公司{i % 50}", "phones": f"130{i:08d}", "wechat": f"wx_{i}",
             "birthday": "农历八月十五" if i % 3 == 0 else ""} for i in range(10_000)]
    preview = book.interop.preview_import(rows(*raws))
    assert (preview.count(NEW), preview.count(DUPLICATE)) == (9_999, 1)
    sessions = []
    original = type(book.sessions).writing

    def counting(self):
        sessions.append(1)
        return original(self)

    monkeypatch.setattr(type(book.sessions), "writing", counting)
    seen = []
    result = book.interop.apply_import(preview, NOW, progress=lambda done, total: seen.append((done, total)))
    assert sessions == [1]                                          # one transaction, not one per card
    assert result.added == 9_999 and result.companies == 49
    assert seen[-1] == (9_999, 9_999) and len(seen) > 10
    assert book.contacts.counts().contacts == 10_000
    assert [r.name for r in book.contacts.search_contacts("wx_9999")] == ["客户9999"]


# ---------------------------------------------------------------- exports and round trips
def rich_book(store) -> None:
    for raw in (
        {"name": "张三", "company": "华为技术; 深圳", "title": "采购经理, 华南区", "position": "manager", "level": "3",
         "phones": "138 0013 8000, 010-6552-1234", "wechat": "zs_wx", "emails": "zs@huawei.com",
         "birthday": "农历1987年闰六月初十", "tags": "关键人 技术", "notes": "第一行\n第二行；有分号; 和逗号, 反斜杠 \\"},
        {"name": "欧阳娜娜", "company": "大疆", "birthday": "农历腊月三十", "phones": "+86 139 8765 4321"},
        {"name": "Anna Müller", "company": "Siemens", "birthday": "02-29", "emails": "anna@siemens.com"},
        {"name": "李四", "birthday": "1985-04-17", "position": "boss", "level": "6"},
        {"name": "王五"},
    ):
        add(store, **raw)


def test_vcard_book_vcard_round_trip(tmp_path, book):
    rich_book(book)
    first, count = vcard_bytes(book)
    assert count == 5
    other = open_store(tmp_path / "empty.db", NOW)
    try:
        preview = other.interop.preview_import(read_vcards(first))
        assert preview.count(NEW) == 5 and preview.count(INVALID) == 0
        other.interop.apply_import(preview, NOW)
        second, _ = vcard_bytes(other)
        assert second == first
        assert [c for c in other.interop.export_contacts()] == [c for c in book.interop.export_contacts()]
    finally:
        other.close()


def test_vcard_photos_and_company_cards_through_the_book(tmp_path, book):
    """A card's photo is written by the import's bulk insert and exported again; a company's
    card makes a company (switchboard, web site, address) or fills in the one the book has,
    never over what the rep typed; the company's grade travels on its people's cards."""
    from clientbook.domain.contacts import CompanyInput
    from clientbook.domain.enums import Grade

    book.contacts.add_company(CompanyInput("阿里巴巴集团", website="https://rep-typed.example"), NOW)
    preview = book.interop.preview_import(fixture_rows("android-phone.vcf", "mac-30.vcf"))
    assert (preview.count(NEW), preview.count(COMPANY)) == (4, 1)
    card = next(row for row in fixture_rows("android-phone.vcf")).base
    result = book.interop.apply_import(preview, NOW)
    assert (result.added, result.companies) == (4, 2)       # 华为云 from its card, Siemens from Mark's
    sun = next(c for c in book.interop.export_contacts() if c.name == "孙丽")
    assert sun.photo == card.photo and sun.card_extra == card.card_extra
    companies = {c.name: book.contacts.company_input(c.id) for c in book.contacts.list_companies()}
    huawei = companies["华为云"]
    assert (huawei.switchboard, huawei.website, huawei.address) == (
        "4000-955-988", "https://www.huaweicloud.com", "中国广东深圳坂田华为基地 518129")
    assert companies["阿里巴巴集团"].website == "https://rep-typed.example"
    assert b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/" in vcard_bytes(book)[0].replace(b"\r\n ", b"")

    # The grade: written on the card, given to the company in an empty book.
    siemens = next(c for c in book.contacts.list_companies() if c.name == "Siemens Healthineers")
    update = book.contacts.company_input(siemens.id)
    update.grade = Grade.A
    book.contacts.update_company(siemens.id, update, NOW)
    data, _count = vcard_bytes(book)
    assert b"X-CLIENTBOOK-GRADE:A" in data
    other = open_store(tmp_path / "other.db", NOW)
    try:
        other.interop.apply_import(other.interop.preview_import(read_vcards(data)), NOW)
        [again] = [c for c in other.contacts.list_companies() if c.name == "Siemens Healthineers"]
        assert other.contacts.company_input(again.id).grade == Grade.A
        assert vcard_bytes(other)[0] == data
    finally:
        other.close()


def test_two_cards_sharing_an_office_line_are_two_new_people(book):
    preview = book.interop.preview_import(fixture_rows("cn-card-app.vcf"))
    assert preview.count(NEW) == 2 and preview.count(DUPLICATE) == 0
    assert book.interop.apply_import(preview, NOW, default=SKIP).added == 2
    assert names(book) == ["陈志强", "黄丽"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_book_csv_round_trip(tmp_path, book, lang):
    from clientbook.domain.csv_import import guess_mapping, read_rows, read_table

    rich_book(book)
    first, _ = csv_bytes(book, lang)
    other = open_store(tmp_path / f"empty-{lang}.db", NOW)
    try:
        table = read_table(first)
        other.interop.apply_import(other.interop.preview_import(read_rows(table, guess_mapping(table.headers))), NOW)
        assert csv_bytes(other, lang)[0] == first
        assert other.interop.export_contacts() == book.interop.export_contacts()
    finally:
        other.close()


def test_export_of_a_selection(book):
    rich_book(book)
    ids = [row.id for row in book.contacts.search_contacts("张三")] + [row.id for row in book.contacts.search_contacts("王五")]
    data, count = vcard_bytes(book, ids)
    assert count == 2 and data.count(b"BEGIN:VCARD") == 2 and "欧阳".encode() not in data


def full_book(path: Path) -> None:
    """The demo book (interactions, follow-ups, levels, gifts, reminders, occasions, meals) plus
    minutes with something learned, a policy cell, a target level cell and an occasion setting:
    every table has rows."""
    from clientbook.domain.gifts.policy import BudgetTier, Treatment
    from clientbook.domain.enums import Grade
    from clientbook.domain.meal_forms import MinutesInput
    from clientbook.services.deals import DealsService

    demo_book_at(path, NOW)
    store = open_store(path, NOW)
    try:
        store.gifts.set_occasion_setting("dragon_boat", False, 3)
        store.gifts.set_policy_cell("mid_autumn", Grade.A, Position.BOSS, Treatment.GIFT, BudgetTier.PREMIUM)
        store.contacts.set_target_cell(Grade.B, Position.CLERK, Level.FRIEND)
        past = next(m for m in store.meals.list_meals() if m.planned_at < NOW)
        view = store.meals.get_meal(past.id)
        guest = next(d for d in view.diners if d.side == "guest")
        store.meals.save_minutes(past.id, MinutesInput(attended=[d.id for d in view.diners], discussed="聊了交期",
                                                 learned=[(guest.name, "喜欢普洱")], cost=520.0), NOW)
        store.contacts.update_contact(*CARD_CONTACT(store), NOW)     # a whole card, photo and all
        company = store.contacts.list_companies()[0]
        store.contacts.update_company(company.id, replace(store.contacts.company_input(company.id),
                                                          switchboard="400-830-8300", website="www.huawei.com"), NOW)
        people = {row.name: row.id for row in store.contacts.search_contacts()}   # an e-mail with a cc (§11)
        store.capture.log_interaction(InteractionInput(Kind.EMAIL, NOW, [people["张伟"]], summary="报价单",
                                                       cc_ids=[people["李娜"]]), NOW)
        # the demo's call with 张伟 fills call_prep: prepared, linked to the call, reviewed
        deals = DealsService(store)   # the demo's deals fill the deals' tables; a renamed stage the stage list
        deals.save_stages([replace(deals.stages()[0], name="商机线索"), *deals.stages()[1:]], NOW)
        # a second rep, who took 张伟's company over from the first (the team book's tables)
        from clientbook.services.team import TeamService

        team = TeamService(store)
        zhang_company = store.contacts.get_contact(people["张伟"]).company.id
        team.handover(1, team.add_rep("王芳", NOW), NOW, company_id=zhang_company)
        store.reminders.mark_given(["followup:1:2026-11-26"], NOW)   # what `clientbook remind` gave
    finally:
        store.close()


def CARD_CONTACT(store) -> tuple[int, ContactInput]:
    """张伟 of the demo book with everything a card gives: kinds, labels, structured addresses,
    the card's name, a photo and the properties clientbook does not model."""
    zhang = store.contacts.find_contacts("张伟")[0]
    return zhang.id, replace(
        store.contacts.contact_input(zhang.id),
        phones=[Typed("138 0013 8000", "mobile"), Typed("010-6543 2100", "fax"), Typed("010-6543 2101", "", "助理, 秘书")],
        emails=[Typed("zw@huawei.com", "work"), Typed("zw@163.com", "home")], nickname="伟哥",
        urls=[Typed("https://www.huawei.com", "work")],
        addresses=[Address("坂田华为基地", "深圳市", "广东省", "518129", "中国", kind="work")],
        name_parts=PersonName("张伟", "张", "伟"), photo=Photo(bytes(range(256)) * 4, "image/png"),
        card_extra="X-JABBER:zw@jabber.example")


def test_json_whole_book_into_an_empty_book_nothing_lost(tmp_path):
    source = tmp_path / "full.db"
    full_book(source)
    store = open_store(source, NOW)
    try:
        dump = store.interop.dump_book(NOW)
    finally:
        store.close()
    empty_tables = [name for name, table_rows in dump["tables"].items() if not table_rows]
    assert empty_tables == [], "every table should have rows for this test to mean anything"
    assert dump["format"] == "clientbook-book" and dump["version"] == 2 and dump["schema"] == LATEST_VERSION
    assert base64.b64decode(dump["tables"]["contact_photo"][0]["data"]) == bytes(range(256)) * 4

    text = json.dumps(dump, ensure_ascii=False)
    target = open_store(tmp_path / "restored.db", NOW)
    try:
        counts = target.interop.load_book(json.loads(text))
        assert counts["contact"] == len(dump["tables"]["contact"])
        again = target.interop.dump_book(NOW)
        assert again == dump
        # The book works: note search, Today's agenda, a contact's timeline, gift spend.
        assert target.capture.search_notes("高尔夫")
        zhang = target.contacts.find_contacts("张伟")[0]
        assert ("owner", "handover", "王芳") in {(e.kind, e.subtype, e.to_rep) for e in target.capture.timeline(zhang.id)}
        assert (zhang.id, target.contacts.contact_input(zhang.id)) == CARD_CONTACT(target)
        assert target.contacts.company_input(target.contacts.list_companies()[0].id).switchboard == "400-830-8300"
        assert target.agenda.agenda_items(NOW.date())
        assert target.contacts.search_contacts("zw")
    finally:
        target.close()


def test_json_only_into_an_empty_book(tmp_path, book):
    rich_book(book)
    dump = json.loads(json.dumps(book.interop.dump_book(NOW)))
    other = open_store(tmp_path / "other.db", NOW)
    try:
        add(other, "已有")
        with pytest.raises(BookError) as error:
            other.interop.load_book(dump)
        assert error.value.key == "interop.error.not_empty"
        assert names(other) == ["已有"]
    finally:
        other.close()


def test_json_of_an_older_version_gets_todays_sort_keys(tmp_path, book):
    for name in ("程浩", "陈静"):
        add(book, name)
    dump = json.loads(json.dumps(book.interop.dump_book(NOW)))
    for row in dump["tables"]["contact"]:
        row["sort_key"] = "".join(row["sort_key"].split(" ")[:2])   # schema 3 ran the pinyin together
    other = open_store(tmp_path / "other.db", NOW)
    try:
        other.interop.load_book(dump)
        assert [row.name for row in other.contacts.search_contacts(sort="name")] == ["陈静", "程浩"]
    finally:
        other.close()


def test_json_of_format_version_1_loads_converted(tmp_path):
    """A book exported before contact cards (format 1, schema 5: phones one per line, one
    `email`) loads into today's book, its phones and e-mail typed values of no kind."""
    dump = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "book-v1.json").read_text("utf-8"))
    assert (dump["version"], dump["schema"]) == (1, 5)
    other = open_store(tmp_path / "other.db", NOW)
    try:
        counts = other.interop.load_book(dump)
        assert counts["contact"] == 3 and counts["interaction"] == 1
        zhang = other.contacts.find_contacts("张三")[0]
        data = other.contacts.contact_input(zhang.id)
        assert data.phones == [Typed("138 0013 8000"), Typed("010-6543 2100")]
        assert data.emails == [Typed("zs@huawei.com")] and data.birthday == "lunar:--03-08"
        assert other.contacts.search_contacts("13800138000")[0].id == zhang.id
        again = other.interop.dump_book(NOW)
        assert again["version"] == 2 and again["tables"]["company"][0]["switchboard"] == ""
    finally:
        other.close()


@pytest.mark.parametrize(("change", "key"), [
    (lambda d: d.update(format="something"), "interop.error.json_format"),
    (lambda d: d.update(version=3), "interop.error.json_version"),
    (lambda d: d.update(schema=99), "interop.error.json_version"),
    (lambda d: d["tables"].update(mystery=[]), "interop.error.json_table"),
    (lambda d: d["tables"]["contact"][0].update(shoe_size=42), "interop.error.json_column"),
    (lambda d: d["tables"]["contact"][0].update(created_at="yesterday"), "interop.error.json_value"),
    (lambda d: d["tables"]["contact"][0].update(level="3"), "interop.error.json_value"),
    (lambda d: d["tables"]["contact"][0].update(phones='[{"kind": "mobile"'), "interop.error.json_row"),
    (lambda d: d["tables"]["contact"][0].update(name_parts="[1]"), "interop.error.json_row"),
])
def test_json_that_cannot_be_loaded_leaves_the_book_empty(tmp_path, book, change, key):
    rich_book(book)
    dump = json.loads(json.dumps(book.interop.dump_book(NOW)))
    change(dump)
    other = open_store(tmp_path / "other.db", NOW)
    try:
        with pytest.raises(BookError) as error:
            other.interop.load_book(dump)
        assert error.value.key == key
        assert other.interop.is_empty()
    finally:
        other.close()


# ---------------------------------------------------------------- merging two records
def test_merge_moves_everything_and_archives_the_other(tmp_path):
    from clientbook.domain.gift_forms import GiftInput
    from clientbook.domain.interactions import FollowupInput, InteractionInput, Kind
    from clientbook.domain.meal_forms import PlanInput

    store = open_store(tmp_path / "merge.db", NOW)
    try:
        a = add(store, "张伟", company="华为技术", phones="13800138001", wechat="zhangwei_hw", level="4",
                tags="关键人", notes="老朋友")
        b = add(store, "张伟", company="华为技术有限公司", phones="138-0013-8000", emails="zw@huawei.com",
                title="采购经理", tags="技术", notes="新名片")
        other_person = add(store, "李娜", company="华为技术")
        day = NOW - timedelta(days=3)
        only_b = store.capture.log_interaction(InteractionInput(Kind.CALL, day, [b], summary="谈了报价"), day)
        both = store.capture.log_interaction(InteractionInput(Kind.MEAL, day - timedelta(days=1), [a, b, other_person],
                                                      summary="一起吃饭"), day)
        store.capture.add_followup(b, FollowupInput("发报价单", NOW.date() + timedelta(days=1)), NOW)
        store.capture.set_level(b, 2, "认识了", NOW - timedelta(days=10))
        store.gifts.record_gift(GiftInput(b, "月饼", date(2026, 9, 20), 300.0, "mid_autumn"), NOW - timedelta(days=60),
                          reminder=("mid_autumn", 2026))
        store.meals.add_meal(PlanInput(planned_at=NOW + timedelta(days=2), guests=[(b, "张伟")], title="约饭"), NOW)
        moves = store.interop.merge_moves(b)
        assert (moves.interactions, moves.followups, moves.gifts, moves.meals, moves.level_changes) == (3, 1, 1, 1, 1)

        from clientbook.domain.dedupe import default_choices

        first, second = store.interop.merge_inputs(a, b)
        choices = default_choices(first, second)
        assert choices["emails"] == "b" and choices["phones"] == "both" and choices["company"] == "a"
        assert choices["title"] == "b" and choices["level"] == "a" and choices["notes"] == "both"
        choices["company"] = "b"
        store.interop.merge_contacts(a, b, choices, NOW)

        survivor = store.contacts.get_contact(a)
        contact = survivor.contact
        assert survivor.company.name == "华为技术有限公司"
        assert contact.phone_list == ["13800138001", "138-0013-8000"]
        assert (emails_of(store, a), contact.title, contact.wechat, contact.level) == (["zw@huawei.com"], "采购经理", "zhangwei_hw", 4)
        assert contact.tag_list == ["关键人", "技术"] and contact.notes == "老朋友\n新名片"
        assert store.contacts.get_contact(b).contact.archived_at == NOW        # archived, not deleted
        assert [r.id for r in store.contacts.search_contacts("张伟")] == [a]

        timeline = store.capture.timeline(a)
        kinds = {(e.kind, e.text) for e in timeline}
        assert ("interaction", "谈了报价") in kinds and ("interaction", "一起吃饭") in kinds
        assert ("followup", "发报价单") in kinds and ("level", "认识了") in kinds
        assert [g.what for g in store.gifts.given(contact_id=a)] == ["月饼"]
        # The meal both records were at keeps one link, the survivor's.
        assert sorted(store.capture.get_interaction(both).contacts) == sorted([(a, "张伟"), (other_person, "李娜")])
        assert store.capture.get_interaction(only_b).contacts == [(a, "张伟")]
        [meal] = store.meals.list_meals()
        assert [d.contact_id for d in store.meals.get_meal(meal.id).diners if d.side == "guest"] == [a]
        assert store.gifts.reminder_state("mid_autumn", 2026, a) is not None
        assert contact.last_contact_at == day
        assert store.interop.merge_moves(b) == type(moves)(0, 0, 0, 0, 0, 0)
    finally:
        store.close()


def test_merge_refuses_itself_and_archived_records(book):
    a = add(book, "张三")
    b = add(book, "张三", company="华为")
    with pytest.raises(BookError):
        book.interop.merge_contacts(a, a, {}, NOW)
    book.contacts.archive_contact(b, NOW)
    with pytest.raises(BookError):
        book.interop.merge_contacts(a, b, {}, NOW)


def test_merged_input_choices():
    from clientbook.domain.dedupe import merged_input

    a = ContactInput(name="张三", company="华为", phones=["1"], level=Level.FRIEND, cuisine="粤菜", notes="甲")
    b = ContactInput(name="张三丰", company="", phones=["2"], level=Level.BROTHER, cuisine="川菜", notes="乙",
                     position=Position.BOSS)
    merged = merged_input(a, b, {"name": "b", "phones": "both", "level": "b", "cuisine": "both", "notes": "both",
                                 "position": "b", "company": "both"})   # "both" means nothing for a company
    assert (merged.name, merged.company, merged.phones, merged.level) == ("张三丰", "华为", [Typed("1"), Typed("2")], Level.BROTHER)
    assert (merged.cuisine, merged.notes, merged.position) == ("粤菜; 川菜", "甲\n乙", Position.BOSS)


# ---------------------------------------------------------------- a big file, staged on disk
def test_the_preview_is_staged_in_a_private_folder_removed_on_close(book):
    preview = book.interop.preview_import(iter(rows({"name": "张三"}, {"name": ""})))     # rows as a reader gives them
    assert preview.folder.is_dir() and preview.folder.stat().st_mode & 0o777 == 0o700
    assert (preview.count(), preview.count(NEW), preview.count(INVALID)) == (2, 1, 1)
    preview.close()
    assert not preview.folder.exists()


def test_look_alikes_across_chunks_in_the_file_and_the_book_and_capped_pages(book):
    """Rows are matched 500 at a time against keys on disk: a row 1,200 rows after its twin,
    or after a contact of the book, is found all the same; and folded into it by a merge."""
    known = add(book, "老客户", phones="13000000000")
    raws = [{"name": f"客户{i}", "phones": f"139{i:08d}"} for i in range(1300)]
    raws[1250] = {"name": "又一个", "phones": "13900000003", "emails": "late@x.cn"}   # like row 4
    raws[1299] = {"name": "老客户", "phones": "+86 130 0000 0000", "emails": "old@x.cn"}
    preview = book.interop.preview_import(iter(rows(*raws)))
    assert (preview.count(NEW), preview.count(DUPLICATE)) == (1298, 2)
    first, second = preview.rows(DUPLICATE)
    assert (first.number, first.match_row, first.match_id, first.reason) == (1251, 4, None, "phone")
    assert (second.number, second.match_id, second.match_name) == (1300, known, "老客户")
    assert [row.status for row in preview.rows(limit=3)] == [DUPLICATE, DUPLICATE, NEW]    # look-alikes first
    assert len(preview.rows(NEW, 50)) == 50
    result = book.interop.apply_import(preview, NOW, default=MERGE)
    assert (result.added, result.merged, result.skipped) == (1298, 2, 0)
    [four] = book.contacts.search_contacts("13900000003")
    assert emails_of(book, four.id) == ["late@x.cn"]
    assert emails_of(book, known) == ["old@x.cn"]
    again = book.interop.preview_import(iter(rows(*raws)))
    assert again.count(NEW) == 0 and book.interop.apply_import(again, NOW).added == 0
