"""domain/dedupe.py: the matching rules and how two records are combined."""

from __future__ import annotations

import pytest

from clientbook.domain.contact_card import Typed
from clientbook.domain.contacts import ContactInput, validate_contact
from clientbook.domain.dedupe import (
    Existing, RawRow, build_preview, default_choices, fill_in, match_keys, name_key, phone_key,
)
from clientbook.domain.enums import Level
from clientbook.i18n import t


@pytest.mark.parametrize(("phone", "key"), [
    ("13800138000", "13800138000"),
    ("+86 138-0013-8000", "13800138000"),
    ("008613800138000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("(010) 6552-1234", "01065521234"),
    ("+1 415 555 0101", "14155550101"),
    ("8001", None),
    ("", None),
])
def test_phone_key(phone, key):
    assert phone_key(phone) == key


def test_name_key_ignores_spaces_and_case_but_not_the_company():
    assert name_key("Anna  Li", "Siemens China") == name_key("anna li", "siemenschina")
    assert name_key("张三", "华为") != name_key("张三", "美的")
    assert name_key("张三", "") == name_key(" 张三 ", " ")
    assert name_key("", "华为") is None


def test_keys_strongest_first():
    person = ContactInput(name="张三", company="华为", phones=["13800138000"], wechat="zs", emails=["zs@huawei.com"])
    assert [reason for reason, _ in match_keys(person)] == ["phone", "wechat", "email", "name_company"]


@pytest.mark.parametrize(("phone", "personal"), [
    (Typed("13800138000"), True),                  # untyped, but a Chinese mobile: one person's
    (Typed("+86 138 0013 8000"), True),
    (Typed("010-6543 2100", "mobile"), True),       # the card says mobile
    (Typed("010-6543 2100"), False),                # untyped landline: likely the switchboard
    (Typed("13800138000", "work"), False),           # the card says it is the office's
    (Typed("010-6543 2101", "fax"), False),
])
def test_only_a_personal_phone_is_a_key(phone, personal):
    keys = match_keys(ContactInput(name="张三", phones=[phone]))
    assert any(reason == "phone" for reason, _ in keys) is personal


def test_two_people_behind_one_switchboard_are_not_look_alikes():
    existing = [Existing(7, "张三", "华为", (Typed("010-6543 2100", "work"),), "")]
    preview = build_preview([RawRow(1, 1, {"name": "李四", "company": "华为", "phones": "办公 010-6543 2100"}),
                             RawRow(2, 2, {"name": "王五", "company": "华为", "phones": "work: 010 6543 2100"})],
                            existing)
    assert [row.status for row in preview.rows] == ["new", "new"]


def test_the_same_email_is_a_look_alike():
    existing = [Existing(7, "Anna Li", "Siemens", (), "", (Typed("anna.li@siemens.com", "work"),))]
    preview = build_preview([RawRow(1, 1, {"name": "Li Anna", "emails": "Anna.Li@Siemens.com"})], existing)
    assert (preview.rows[0].status, preview.rows[0].reason, preview.rows[0].match_id) == ("duplicate", "email", 7)


def test_the_book_is_checked_before_the_file():
    existing = [Existing(7, "张三", "华为", (Typed("13800138000"),), "")]
    preview = build_preview([RawRow(1, 1, {"name": "张三", "phones": "13900000000"}),
                             RawRow(2, 5, {"name": "张三丰", "phones": "13900000000, 13800138000"})], existing)
    first, second = preview.rows
    assert (first.status, second.status) == ("new", "duplicate")
    # row 2 shares a phone with row 1 of the file AND one with the book: the book wins
    assert (second.match_id, second.reason, second.match_row) == (7, "phone", None)


def test_progress_is_reported_while_checking():
    seen = []
    build_preview([RawRow(i, i, {"name": f"人{i}"}) for i in range(1, 601)], [], seen.append)
    assert seen == [250, 500]


def test_fill_in_keeps_the_book_and_adds_what_is_new():
    old = ContactInput(name="张三", company="华为", phones=["13800138000"], title="经理", level=Level.FRIEND,
                       notes="甲", tags=["a"])
    new = ContactInput(name="张三", company="美的", phones=["+86 138 0013 8000", Typed("010-1234567", "fax")],
                       emails=["z@x.cn"], title="总监", level=Level.STRANGER, notes="乙", tags=["a", "b"])
    merged = fill_in(old, new)
    # the same number written otherwise is not added
    assert merged.phones == [Typed("13800138000"), Typed("010-1234567", "fax")]
    assert (merged.company, merged.title, merged.emails, merged.level) == ("华为", "经理", [Typed("z@x.cn")], Level.FRIEND)
    assert (merged.notes, merged.tags) == ("甲\n乙", ["a", "b"])
    assert fill_in(merged, new) == merged                         # a second time changes nothing


def test_default_choices_keep_a_unless_a_is_empty():
    a = ContactInput(name="张三", company="华为", level=Level.FRIEND, phones=["1"])
    b = ContactInput(name="张三", company="美的", level=Level.BROTHER, emails=["z@x.cn"], phones=["1"])
    choices = default_choices(a, b)
    assert (choices["company"], choices["emails"], choices["level"], choices["phones"]) == ("a", "b", "b", "a")


# ---------------------------------------------------------------- found in review
@pytest.mark.parametrize(("phone", "personal"), [
    (Typed("+44 7700 900123"), True),               # a mobile abroad, untyped (every phone of an upgraded book)
    (Typed("+86 10 6543 2100"), False),             # a Beijing landline in international form
    (Typed("400-830-8300"), False),                 # a service line
    (Typed("021-1234 5678"), False),
    (Typed("13800138000", "", "助理"), False),        # the assistant's number is not the boss's
])
def test_untyped_numbers_are_personal_unless_they_are_chinese_landlines(phone, personal):
    assert any(reason == "phone" for reason, _ in match_keys(ContactInput(name="x", phones=[phone]))) is personal


def test_a_teams_mailbox_is_no_look_alike():
    existing = [Existing(7, "王芳", "Acme", (), "", (Typed("sales@acme.cn", "work"),))]
    preview = build_preview([RawRow(1, 1, {"name": "刘洋", "company": "Acme", "emails": "sales@acme.cn"})], existing)
    assert preview.rows[0].status == "new"


def test_a_merge_keeps_both_cards_kept_properties_and_learns_a_phones_kind():
    old = ContactInput(name="张三", phones=["13800138000"], card_extra="X-JABBER:zs@jabber.org")
    new = ContactInput(name="张三", phones=[Typed("13800138000", "mobile")], card_extra="X-SKYPE:zs\nX-JABBER:zs@jabber.org")
    merged = fill_in(old, new)
    assert merged.card_extra == "X-JABBER:zs@jabber.org\nX-SKYPE:zs"
    assert merged.phones == [Typed("13800138000", "mobile")]


def test_a_file_value_that_is_no_email_or_web_address_goes_into_the_note():
    """URL:my blog or a second "e-mail" second(at)x.com used to be dropped or noted: the contact
    must not become unreadable for it."""
    preview = build_preview([RawRow(1, 1, {"name": "张三", "emails": "zs@x.cn, second(at)x.com",
                                           "urls": "my blog", "notes": "老客户"})], [])
    [row] = preview.rows
    assert row.status == "new" and row.data.emails == [Typed("zs@x.cn")] and row.data.urls == []
    assert row.data.notes.split("\n") == [
        "老客户", t("interop.note.unreadable", field=t("field.emails"), value="second(at)x.com"),
        t("interop.note.unreadable", field=t("field.urls"), value="my blog")]
    # a form still refuses them: only a file's row is read around them
    assert validate_contact({"name": "张三", "urls": "my blog"})[0] is None
