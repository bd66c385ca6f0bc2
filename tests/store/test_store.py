"""The store on temporary book files: search, filters, sorts, archive, counts, times, file setup."""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from clientbook.domain.contact_card import Address, PersonName, Photo, Typed
from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.enums import Grade, Level, Position
from clientbook.errors import BookError, NotFound
from clientbook.store import open_store
from conftest import NOW


@pytest.fixture
def book(store):
    return store   # conftest's open store, under the name these tests read best with


def add(store, name, now=NOW, **fields) -> int:
    return store.contacts.add_contact(ContactInput(name=name, **fields), now)


def names(rows) -> list[str]:
    return [row.name for row in rows]


@pytest.fixture
def people(book):
    """张三 and 单雄信 at 华为技术 (A), 李四 at 美的集团 (C), Alice without a company."""
    book.contacts.add_company(CompanyInput(name="华为技术", grade=Grade.A, yearly_value=32_000_000), NOW)
    book.contacts.add_company(CompanyInput(name="美的集团", grade=Grade.C), NOW)
    ids = {
        "张三": add(book, "张三", company="华为技术", phones=["138 0013 8000"], wechat="zs_wx",
                  tags=["关键人", "技术"], level=Level.GOOD_FRIEND, position=Position.MANAGER,
                  now=NOW - timedelta(days=3)),
        "单雄信": add(book, "单雄信", company="华为技术", tags=["技术"], level=Level.ACQUAINTED,
                   now=NOW - timedelta(days=1)),
        "李四": add(book, "李四", company="美的集团", phones=["+86 139-1234-5678"], wechat="lisi88",
                  tags=["关键人"], level=Level.CONFIDANT, now=NOW - timedelta(days=2)),
        "Alice": add(book, "Alice", emails=["alice@example.com"], now=NOW),
    }
    return ids


# --------------------------------------------------------------------------- search
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zs", ["张三"]),
        ("zhangsan", ["张三"]),
        ("张三", ["张三"]),
        ("shanxiongxin", ["单雄信"]),
        ("sxx", ["单雄信"]),
        ("dxx", ["单雄信"]),
        ("hwjs", ["单雄信", "张三"]),
        ("huawei", ["单雄信", "张三"]),
        ("华为", ["单雄信", "张三"]),
        ("mdjt", ["李四"]),
        ("13800138000", ["张三"]),
        ("0013", ["张三"]),
        ("13912345678", ["李四"]),
        ("zs_wx", ["张三"]),
        ("LISI88", ["李四"]),
        ("关键人", ["李四", "张三"]),
        ("alice@example", ["Alice"]),
        ("hw zs", ["张三"]),
        ("hw ls", []),
        ("", ["Alice", "李四", "单雄信", "张三"]),
    ],
)
def test_search_contacts(book, people, query, expected):
    assert names(book.contacts.search_contacts(query)) == expected


def test_a_limited_search_is_the_first_of_the_whole_one(book, people, monkeypatch):
    # With a limit the index stops at the first hits in name order (SearchIndex.search), and
    # past its STEPS reads the rest a pass per word: either way the start of the whole list.
    from clientbook.store.contact_index import SearchIndex

    for i in range(12):
        add(book, f"张伟{i}", company="华为技术" if i % 2 else "", tags=["技术"] if i % 3 else [])
    for steps in (SearchIndex.STEPS, 1):
        monkeypatch.setattr(SearchIndex, "STEPS", steps)
        for query in ("zw", "zhang", "hw zw", "zw hw", "技术 z", "qqq", ""):
            for filters in ({}, {"tag": "技术"}, {"grade": "A"}):
                whole = book.contacts.search_contacts(query, **filters)
                for limit in (1, 2, 5, 50):
                    assert book.contacts.search_contacts(query, limit=limit, **filters) == whole[:limit], (query, limit)


def test_query_text_is_taken_literally(book):
    for name in ["100%_test", "100 percent", "a_b", "axb", "O'Brien", 'say "hi"', "back\\slash", "abc"]:
        add(book, name)
    assert names(book.contacts.search_contacts("%_")) == ["100%_test"]
    assert names(book.contacts.search_contacts("%")) == ["100%_test"]
    assert set(names(book.contacts.search_contacts("_"))) == {"100%_test", "a_b"}
    assert names(book.contacts.search_contacts("a_b")) == ["a_b"]
    assert names(book.contacts.search_contacts("'")) == ["O'Brien"]
    assert names(book.contacts.search_contacts("o'brien")) == ["O'Brien"]
    assert names(book.contacts.search_contacts('"')) == ['say "hi"']
    assert names(book.contacts.search_contacts("\\")) == ["back\\slash"]
    assert names(book.contacts.search_contacts("' OR 1=1 --")) == []


def test_company_search_is_literal_and_by_pinyin(book):
    book.contacts.add_company(CompanyInput(name="华为技术"), NOW)
    book.contacts.add_company(CompanyInput(name="100%_公司"), NOW)
    assert names(book.contacts.list_companies("hwjs")) == ["华为技术"]
    assert names(book.contacts.list_companies("%")) == ["100%_公司"]
    assert names(book.contacts.list_companies("_")) == ["100%_公司"]


# --------------------------------------------------------------------------- filters and sorts
def test_filter_by_grade(book, people):
    assert names(book.contacts.search_contacts(grade="A")) == ["单雄信", "张三"]
    assert names(book.contacts.search_contacts(grade="C")) == ["李四"]
    assert names(book.contacts.search_contacts(grade="B")) == []


def test_filter_by_level(book, people):
    assert names(book.contacts.search_contacts(level=int(Level.CONFIDANT))) == ["李四"]
    assert names(book.contacts.search_contacts(level=0)) == ["Alice"]


def test_filter_by_tag_is_exact(book, people):
    assert names(book.contacts.search_contacts(tag="技术")) == ["单雄信", "张三"]
    assert names(book.contacts.search_contacts(tag="关键人")) == ["李四", "张三"]
    assert names(book.contacts.search_contacts(tag="关键")) == []  # a tag, not a substring of one
    assert book.contacts.all_tags() == sorted(["关键人", "技术"])


def test_filters_combine_with_query(book, people):
    assert names(book.contacts.search_contacts("huawei", tag="关键人")) == ["张三"]
    assert names(book.contacts.search_contacts("gjr", grade="C")) == []
    assert names(book.contacts.search_contacts("", grade="A", level=int(Level.ACQUAINTED))) == ["单雄信"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alice", "李四", "单雄信", "张三"]),
        ("company", ["单雄信", "张三", "李四", "Alice"]),     # 华为技术 < 美的集团, no company last
        ("grade", ["单雄信", "张三", "李四", "Alice"]),       # A, C, ungraded last
        ("level", ["李四", "张三", "单雄信", "Alice"]),       # closest first
        ("recent", ["Alice", "单雄信", "李四", "张三"]),      # latest update first
    ],
)
def test_sorts(book, people, sort, expected):
    assert names(book.contacts.search_contacts(sort=sort)) == expected


def test_contacts_are_listed_by_surname_then_given_name(book):
    for name in ("程浩", "黄磊", "陈静", "胡斌", "欧阳锋", "欧明"):
        add(book, name)
    assert names(book.contacts.search_contacts(sort="name")) == ["陈静", "程浩", "胡斌", "黄磊", "欧明", "欧阳锋"]


def test_limit_and_recent(book, people):
    assert names(book.contacts.recent_contacts(limit=2)) == ["Alice", "单雄信"]
    assert len(book.contacts.search_contacts(limit=3)) == 3


def test_company_contacts_and_company_rows(book, people):
    huawei = next(c for c in book.contacts.list_companies() if c.name == "华为技术")
    assert names(book.contacts.company_contacts(huawei.id)) == ["张三", "单雄信"]  # by level
    rows = {c.name: c for c in book.contacts.list_companies()}
    assert rows["华为技术"].contacts == 2 and rows["华为技术"].grade == "A"
    assert rows["美的集团"].contacts == 1
    assert names(book.contacts.list_companies()) == ["华为技术", "美的集团"]


# --------------------------------------------------------------------------- edits
def test_contact_round_trips_through_the_form_values(book):
    data = ContactInput(
        name="张三", company="华为", title="采购经理", position=Position.BOSS,
        phones=[Typed("138 0013 8000", "mobile"), Typed("021-1234567", "", "助理"), Typed("021-1234568", "fax")],
        wechat="zs_wx", emails=[Typed("zs@example.com", "work"), Typed("zs@home.cn")],
        birthday="lunar:--03-08", level=Level.BROTHER, cuisine="粤菜", drinks="红酒", hobbies="高尔夫",
        taboos="不谈政治", diet="不吃辣", family="一儿一女", notes="喜欢喝单枞", tags=["关键人", "技术"],
        nickname="老张", urls=[Typed("https://zs.example.com")],
        addresses=[Address(street="坂田华为基地", locality="深圳", region="广东", postcode="518129", kind="work")],
        name_parts=PersonName("张三", "张", "三"), photo=Photo(b"\xff\xd8\xff\xe0jpeg", "image/jpeg"),
        card_extra="X-SKYPE:zhangsan",
    )
    contact_id = book.contacts.add_contact(data, NOW)
    assert book.contacts.contact_input(contact_id) == data
    assert book.contacts.get_contact(contact_id).photo == ("image/jpeg", 8)
    # a phone of any kind finds them; so does the nickname and the second e-mail
    assert names(book.contacts.search_contacts("1234568")) == ["张三"]
    assert names(book.contacts.search_contacts("老张")) == ["张三"]
    assert names(book.contacts.search_contacts("zs@home.cn")) == ["张三"]
    # the photo goes when the card's photo is taken away, and comes back
    book.contacts.update_contact(contact_id, replace(data, photo=None), NOW)
    assert book.contacts.contact_input(contact_id).photo is None
    book.contacts.update_contact(contact_id, data, NOW)
    assert book.contacts.contact_input(contact_id).photo == data.photo


def test_a_company_keeps_its_switchboard_and_website(book):
    company_id = book.contacts.add_company(
        CompanyInput(name="华为云", switchboard="400-830-8300", website="https://www.huaweicloud.com"), NOW)
    kept = book.contacts.company_input(company_id)
    assert (kept.switchboard, kept.website) == ("400-830-8300", "https://www.huaweicloud.com")


def test_adding_with_a_company_name_reuses_or_creates_it(book):
    add(book, "张三", company="华为")
    add(book, "李四", company="华为")
    add(book, "王五", company="腾讯")
    add(book, "赵六")
    add(book, "钱七", company="IBM China")
    add(book, "孙八", company=" ibm  china ")   # the same company, case and spaces aside
    add(book, "周九", company="华 为")
    rows = {c.name: c.contacts for c in book.contacts.list_companies()}
    assert rows == {"华为": 3, "腾讯": 1, "IBM China": 2}


def test_update_contact_refreshes_keys(book):
    contact_id = add(book, "张三", company="华为")
    book.contacts.update_contact(contact_id, ContactInput(name="李四", company="腾讯", wechat="new_wx"), NOW)
    assert names(book.contacts.search_contacts("zs")) == []
    assert names(book.contacts.search_contacts("huawei")) == []
    assert names(book.contacts.search_contacts("ls tengxun new_wx")) == ["李四"]


def test_company_rename_updates_its_contacts_search_keys(book):
    company_id = book.contacts.add_company(CompanyInput(name="华为", grade=Grade.B), NOW)
    add(book, "张三", company="华为")
    add(book, "李四", company="华为")
    book.contacts.update_company(company_id, CompanyInput(name="腾讯", grade=Grade.B), NOW + timedelta(hours=1))
    assert names(book.contacts.search_contacts("huawei")) == []
    assert names(book.contacts.search_contacts("tengxun")) == ["李四", "张三"]
    assert names(book.contacts.search_contacts("tx zs")) == ["张三"]
    assert names(book.contacts.list_companies("tx")) == ["腾讯"]
    assert names(book.contacts.list_companies("hw")) == []
    company = book.contacts.get_company(company_id)
    assert company.updated_at == NOW + timedelta(hours=1)


def test_company_input_round_trip(book):
    data = CompanyInput(name="华为技术", grade=Grade.A, industry="通信", city="深圳", address="坂田",
                        yearly_value=32_000_000.0, notes="总部")
    company_id = book.contacts.add_company(data, NOW)
    assert book.contacts.company_input(company_id) == data


def test_apply_suggested_grades(book):
    for index, value in enumerate([500, 400, 300, 200, 100]):
        book.contacts.add_company(CompanyInput(name=f"公司{index}", yearly_value=float(value)), NOW)
    book.contacts.add_company(CompanyInput(name="无产值", grade=Grade.B), NOW)
    assert book.contacts.apply_suggested_grades(NOW) == 5
    grades = {c.name: c.grade for c in book.contacts.list_companies()}
    assert grades == {"公司0": "A", "公司1": "B", "公司2": "C", "公司3": "C", "公司4": "D", "无产值": "B"}
    assert book.contacts.apply_suggested_grades(NOW) == 0


def test_missing_records_raise_not_found(book):
    with pytest.raises(NotFound):
        book.contacts.get_contact(999)
    with pytest.raises(NotFound):
        book.contacts.get_company(999)
    with pytest.raises(BookError):
        book.contacts.archive_contact(999, NOW)


# --------------------------------------------------------------------------- archive
def test_archive_and_restore_contact(book, people):
    later = NOW + timedelta(hours=2)
    book.contacts.archive_contact(people["张三"], later)
    assert names(book.contacts.search_contacts("zs")) == []
    assert names(book.contacts.search_contacts(archived=True)) == ["张三"]
    assert [(i.kind, i.name, i.archived_at) for i in book.contacts.archived()] == [("contact", "张三", later)]
    assert book.contacts.counts().contacts == 3 and book.contacts.counts().archived == 1
    huawei = {c.name: c.contacts for c in book.contacts.list_companies()}["华为技术"]
    assert huawei == 1
    book.contacts.restore_contact(people["张三"])
    assert names(book.contacts.search_contacts("zs")) == ["张三"]
    assert book.contacts.archived() == []


def test_archive_company_archives_its_people_and_restore_brings_them_back(book, people):
    huawei = next(c.id for c in book.contacts.list_companies() if c.name == "华为技术")
    # 单雄信 was archived on his own before: restoring the company must not bring him back
    book.contacts.archive_contact(people["单雄信"], NOW)
    book.contacts.archive_company(huawei, NOW + timedelta(hours=1))
    assert names(book.contacts.search_contacts()) == ["Alice", "李四"]
    assert names(book.contacts.list_companies()) == ["美的集团"]
    assert names(book.contacts.list_companies(include_archived=True)) == ["华为技术", "美的集团"]
    kinds = sorted((i.kind, i.name) for i in book.contacts.archived())
    assert kinds == [("company", "华为技术"), ("contact", "单雄信"), ("contact", "张三")]
    assert book.contacts.counts().archived == 3

    book.contacts.restore_company(huawei)
    assert names(book.contacts.search_contacts()) == ["Alice", "李四", "张三"]
    assert names(book.contacts.list_companies()) == ["华为技术", "美的集团"]
    assert [i.name for i in book.contacts.archived()] == ["单雄信"]


def test_restoring_a_contact_of_an_archived_company_restores_the_company(book, people):
    huawei = next(c.id for c in book.contacts.list_companies() if c.name == "华为技术")
    book.contacts.archive_company(huawei, NOW)
    book.contacts.restore_contact(people["张三"])
    assert names(book.contacts.search_contacts("hw")) == ["张三"]
    assert "华为技术" in names(book.contacts.list_companies())


def test_counts(book, people):
    counts = book.contacts.counts()
    assert (counts.contacts, counts.companies, counts.archived) == (4, 2, 0)
    book.contacts.archive_contact(people["Alice"], NOW)
    counts = book.contacts.counts()
    assert (counts.contacts, counts.companies, counts.archived) == (3, 2, 1)


# --------------------------------------------------------------------------- times and files
def test_times_are_stored_as_naive_local_wall_clock(tmp_path):
    path = tmp_path / "b.db"
    store = open_store(path, NOW)
    noon = datetime(2026, 11, 26, 12, 0)
    try:
        contact_id = add(store, "张三", now=noon)
        store.contacts.archive_contact(contact_id, noon)
        contact = store.contacts.get_contact(contact_id).contact
        assert contact.created_at == noon and contact.created_at.tzinfo is None
        assert contact.archived_at == noon and contact.archived_at.tzinfo is None
        assert store.contacts.search_contacts(archived=True)[0].updated_at == noon
    finally:
        store.close()
    raw = sqlite3.connect(path).execute("SELECT created_at, archived_at FROM contact").fetchone()
    assert all(str(value).startswith("2026-11-26 12:00:00") for value in raw), raw
    assert not any("+" in str(value) or str(value).endswith("Z") for value in raw)


def test_new_book_is_private_wal_and_foreign_keys_on(tmp_path):
    folder = tmp_path / "fresh"
    path = folder / "clientbook.db"
    store = open_store(path, NOW)
    try:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        add(store, "张三")
        for side in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if side.exists():
                assert stat.S_IMODE(side.stat().st_mode) == 0o600, side
        assert store.upgrade_backup is None
        with store.sessions.writing() as session:
            connection = session.connection()
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        with store.sessions.reading() as session:
            assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # foreign keys are enforced, not only switched on
        from sqlalchemy.exc import IntegrityError

        with pytest.raises(IntegrityError):
            with store.sessions.writing() as session:
                session.connection().exec_driver_sql("UPDATE contact SET company_id = 9999")
        assert store.contacts.get_contact(1).company is None
    finally:
        store.close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_a_book_keeps_its_data(tmp_path):
    path = tmp_path / "b.db"
    store = open_store(path, NOW)
    add(store, "张三", company="华为")
    store.close()
    again = open_store(path, NOW)
    try:
        assert names(again.contacts.search_contacts("zs hw")) == ["张三"]
        assert again.upgrade_backup is None
    finally:
        again.close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".bak"] == []
