"""domain/contact_card.py: typed values as a rep types them, addresses, and how both are kept."""

from __future__ import annotations

import pytest

from clientbook.domain.contact_card import (
    PHONE_KINDS, PLACE_KINDS, Address, PersonName, Photo, Typed, dump_addresses, dump_name, dump_typed,
    load_addresses, load_name, load_typed, parse_addresses, parse_typed, size_text, typed_text,
)
from clientbook.domain.contacts import validate_contact


@pytest.mark.parametrize(("typed", "value"), [
    ("13800138000", Typed("13800138000")),
    ("手机 138 0013 8000", Typed("138 0013 8000", "mobile")),
    ("手机13800138000", Typed("13800138000", "mobile")),
    ("办公：010-6543 2100", Typed("010-6543 2100", "work")),
    ("办公电话 010-6543 2100", Typed("010-6543 2100", "work")),
    ("传真: 010-6543 2101", Typed("010-6543 2101", "fax")),
    ("Work Fax: 010-6543 2101", Typed("010-6543 2101", "fax")),
    ("Mobile +86 138 0013 8000", Typed("+86 138 0013 8000", "mobile")),
    ("home 021-1234 5678", Typed("021-1234 5678", "home")),
    ("助理：010-6543 2109", Typed("010-6543 2109", "", "助理")),
    ("Assistant: 010-6543 2109", Typed("010-6543 2109", "", "Assistant")),
])
def test_a_phone_typed_with_its_kind_or_label(typed, value):
    assert parse_typed(typed, PHONE_KINDS) == [value]


def test_web_addresses_are_not_taken_for_labels_and_emails_keep_their_kind():
    assert parse_typed("https://www.huawei.com, 办公 www.huawei.com.cn", PLACE_KINDS) == [
        Typed("https://www.huawei.com"), Typed("www.huawei.com.cn", "work")]
    # fax is a phone's kind, not an e-mail's: the word stays a label
    assert parse_typed("fax: a@b.cn", PLACE_KINDS) == [Typed("a@b.cn", "", "fax")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_values_shown_in_a_form_read_back_as_they_were(lang):
    phones = [Typed("138 0013 8000", "mobile"), Typed("010-6543 2100", "work"), Typed("010-6543 2101", "fax"),
              Typed("010-6543 2109", "", "助理"), Typed("021-1234 5678")]
    assert parse_typed(typed_text(phones, lang), PHONE_KINDS) == phones
    # a label that is also a kind word ("Mobile" from a phone) stays as the card had it, while shown unchanged
    odd = [Typed("13800138000", "other", "Mobile")]
    assert parse_typed(typed_text(odd, lang), PHONE_KINDS, tuple(odd)) == odd


def test_a_label_from_a_card_reads_back_whole_from_the_form():
    phone = Typed("010-6543 2100", "", "Main, Office")
    shown = typed_text([phone, Typed("13800138000")], "zh")
    assert parse_typed(shown, PHONE_KINDS, (phone,)) == [phone, Typed("13800138000")]
    # a label that starts with a kind word is still the whole label
    assert parse_typed("Private old: san@home.cn", PLACE_KINDS) == [Typed("san@home.cn", "", "Private old")]


def test_addresses_one_per_line_keep_their_parts_while_unchanged():
    office = Address(street="中关村大街1号", locality="海淀区", region="北京市", postcode="100080", country="中国",
                     kind="work")
    home = Address(street="1 Infinite Loop", locality="Cupertino", region="CA", postcode="95014", country="USA",
                   kind="home")
    assert office.one_line() == "中国北京市海淀区中关村大街1号 100080"
    assert home.one_line() == "1 Infinite Loop, Cupertino CA 95014, USA"
    for lang in ("zh", "en"):
        shown = "\n".join(a.form_text(lang) for a in (office, home))
        assert parse_addresses(shown, (office, home)) == [office, home]
    typed = parse_addresses("办公: 上海市浦东新区世纪大道100号\n深圳市南山区科技园")
    assert typed == [Address(street="上海市浦东新区世纪大道100号", kind="work"), Address(street="深圳市南山区科技园")]


def test_kept_as_json_and_a_book_before_schema_6_reads_as_untyped_values():
    phones = [Typed("138 0013 8000", "mobile"), Typed("010-6543 2109", "", "助理")]
    assert load_typed(dump_typed(phones)) == phones
    assert load_typed("138 0013 8000\n010-6543 2100\n") == [Typed("138 0013 8000"), Typed("010-6543 2100")]
    assert load_typed("") == [] and dump_typed([]) == ""
    address = Address(street="世纪大道100号", locality="上海", kind="work")
    assert load_addresses(dump_addresses([address])) == [address]
    name = PersonName("外公", "Zhang", "San")
    assert load_name(dump_name(name)) == name and load_name("") is None
    # a key the book does not know (a hand edit, a later version) is left out, not a crash
    assert load_typed('[{"value": "1380", "kind": "mobile", "since": "2020"}]') == [Typed("1380", "mobile")]


def test_an_edit_form_keeps_what_it_does_not_show():
    base, errors = validate_contact({"name": "外公", "phones": "手机 13800138000"})
    assert errors == {}
    from dataclasses import replace
    base = replace(base, name_parts=PersonName("外公", "Zhang", "San"), photo=Photo(b"\xff\xd8jpeg"),
                   card_extra="X-SKYPE:zhangsan")
    edited, errors = validate_contact({"name": "外公", "phones": "手机 13800138000, 传真 010-6543 2101"}, base)
    assert errors == {}
    assert (edited.name_parts, edited.photo, edited.card_extra) == (base.name_parts, base.photo, base.card_extra)
    assert edited.phones == [Typed("13800138000", "mobile"), Typed("010-6543 2101", "fax")]
    fresh, _ = validate_contact({"name": "外公"})
    assert (fresh.name_parts, fresh.photo, fresh.card_extra) == (None, None, "")


def test_sizes_as_people_say_them():
    assert [size_text(n) for n in (850, 24 * 1024, int(1.3 * 1024 * 1024))] == ["850 B", "24 KB", "1.3 MB"]
