"""Domain rules of search keys (domain/search.py) and form validation (domain/contacts.py)."""

from __future__ import annotations

import re
import sqlite3

import pytest

from clientbook.domain.contact_card import Typed
from clientbook.domain.text import MAX_NAME
from clientbook.domain.contacts import ContactInput, suggest_grades, validate_company, validate_contact
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.search import (
    build_keys,
    close_companies,
    company_suggestion,
    fts_document,
    like_pattern,
    matches,
    query_words,
    same_company,
    sort_key,
    split_name,
)


# --------------------------------------------------------------------------- note index
def test_fts_document_spaces_out_exactly_the_cjk_ideographs_of_all_unicode():
    """fts_document finds the ideographs by their UTF-8 bytes (a character class this wide costs
    `re` ~5 ms to compile): every code point, lone surrogates too, comes out as the class says."""
    every = "".join(map(chr, range(0x110000)))
    assert fts_document(every) == re.sub("([\u3400-\u9fff\uf900-\ufaff])", r" \1 ", every)
    assert fts_document("报价 ok") == " 报  价  ok"
    assert fts_document("") == fts_document(None) == ""


# --------------------------------------------------------------------------- search keys
@pytest.mark.parametrize("query", ["zs", "zhangsan", "zhang", "ZS", "Zhang San", "张三", "张", "san"])
def test_zhangsan_is_found_by_pinyin_initials_and_characters(query):
    assert matches(build_keys("张三"), query)


@pytest.mark.parametrize("query", ["ls", "lisi", "zx", "zhangsi", "张四"])
def test_zhangsan_is_not_found_by_other_names(query):
    assert not matches(build_keys("张三"), query)


# name, surname reading, everyday reading, initials with the surname reading, with the everyday one
SURNAMES = [
    ("单雄信", "shan", "dan", "sxx", "dxx"),
    ("曾国藩", "zeng", "ceng", "zgf", "cgf"),
    ("解缙", "xie", "jie", "xj", "jj"),
    ("仇英", "qiu", "chou", "qy", "cy"),
    ("区志坚", "ou", "qu", "ozj", "qzj"),
    ("查良镛", "zha", "cha", "zly", "cly"),
    ("朴正熙", "piao", "pu", "pzx", "pzx"),
    ("覃明", "qin", "tan", "qm", "tm"),
]


@pytest.mark.parametrize(("name", "surname", "common", "surname_initials", "common_initials"), SURNAMES)
def test_polyphonic_surnames_match_both_readings_and_their_initials(
    name, surname, common, surname_initials, common_initials
):
    keys = build_keys(name)
    given = build_keys(name[1:]).split()[1]  # the given name's own pinyin, e.g. "xiongxin"
    assert matches(keys, surname + given), (name, keys)
    assert matches(keys, common + given), (name, keys)
    assert matches(keys, surname_initials), (name, keys)
    assert matches(keys, common_initials), (name, keys)
    assert matches(keys, name)


@pytest.mark.parametrize(("name", "surname"), [(row[0], row[1]) for row in SURNAMES])
def test_alphabetical_order_uses_the_surname_reading(name, surname):
    assert sort_key(name).startswith(surname)


def test_sort_key_orders_mixed_chinese_and_latin_names_by_pinyin():
    names = ["张三", "Bob", "李四", "alice", "单雄信", "曾国藩"]
    assert sorted(names, key=sort_key) == ["alice", "Bob", "李四", "单雄信", "曾国藩", "张三"]


def test_sort_key_orders_by_the_surname_first_as_phone_books_do():
    # run together, chenghao < chenjing and huanglei < hubin; by surname, 陈 (chen) and 胡 (hu) come first
    assert sorted(["程浩", "陈静", "黄磊", "胡斌"], key=sort_key) == ["陈静", "程浩", "胡斌", "黄磊"]
    # one surname: by the given name; a surname alone before its people
    assert sorted(["张三", "张", "张建国"], key=sort_key) == ["张", "张建国", "张三"]


def test_compound_surnames_sort_and_are_found_as_one_surname():
    assert split_name("欧阳锋") == ("欧阳", "锋") and split_name("欧明") == ("欧", "明")
    assert split_name("Alice") == ("", "Alice")
    # 欧 (ou) people first, then 欧阳 (ouyang) people, not mixed by their given names
    assert sorted(["欧阳锋", "欧明", "欧阳娜", "欧志"], key=sort_key) == ["欧明", "欧志", "欧阳锋", "欧阳娜"]
    assert sorted(["司马光", "司琪", "孙权"], key=sort_key) == ["司琪", "司马光", "孙权"]
    # 万俟 reads mòqí as a surname: sorted and found so
    assert sort_key("万俟卨").startswith("moqi ")
    assert matches(build_keys("万俟卨"), "moqixie") and matches(build_keys("万俟卨"), "mqx")


def test_polyphonic_reading_applies_only_to_the_surname():
    # 单 inside a given name is read in its everyday reading.
    keys = build_keys("王单")
    assert matches(keys, "wangdan")
    assert matches(keys, "wd")


@pytest.mark.parametrize("query", ["john", "smith", "John Smith", "johnsmith", "SMITH john", "oh"])
def test_latin_names_match_case_insensitively_by_word(query):
    assert matches(build_keys("John Smith"), query)


@pytest.mark.parametrize("query", ["jane", "john doe", "js x"])
def test_latin_names_do_not_match_other_words(query):
    assert not matches(build_keys("John Smith"), query)


@pytest.mark.parametrize("query", ["13800138000", "138 0013 8000", "0013", "8000", "138"])
def test_phone_digits_with_spaces_match_digit_queries(query):
    keys = build_keys("张三", phones=["138 0013 8000"])
    assert matches(keys, query)


def test_phone_with_country_code_and_dashes_is_kept_as_digits():
    keys = build_keys("张三", phones=["+86 139-1234-5678"])
    assert matches(keys, "13912345678")
    assert not matches(keys, "13800138000")


def test_company_wechat_email_and_tags_are_in_the_keys():
    keys = build_keys("张三", "华为技术", [], "ZS_wx", ["Zhang@Example.com", "zs@home.cn"], ["关键人", "VIP"], "小张")
    for query in ("华为", "huawei", "hwjs", "zs_wx", "zhang@example.com", "zs@home.cn", "关键人", "vip", "hw zs",
                  "小张", "xiaozhang"):
        assert matches(keys, query), query
    assert not matches(keys, "tengxun")


def test_matches_requires_every_word():
    keys = build_keys("张三", "华为技术")
    assert matches(keys, "zs hw")
    assert matches(keys, "hw zs")  # order does not matter
    assert not matches(keys, "zs tx")
    assert not matches(keys, "ls hw")


def test_empty_query_matches_everything():
    assert matches(build_keys("张三"), "")
    assert matches(build_keys("张三"), "   ")
    assert matches("", "")


def test_query_words_lower_cases_and_keeps_punctuation():
    assert query_words("  ZS  华为 ") == ["zs", "华为"]
    assert query_words("100%_test O'Brien \"x\"") == ["100%_test", "o'brien", '"x"']
    assert query_words("") == []
    assert query_words(None) == []


@pytest.mark.parametrize(
    ("word", "pattern"),
    [
        ("zs", "%zs%"),
        ("100%", "%100\\%%"),
        ("a_b", "%a\\_b%"),
        ("c:\\x", "%c:\\\\x%"),
        ("%_\\", "%\\%\\_\\\\%"),
    ],
)
def test_like_pattern_escapes_percent_underscore_and_backslash(word, pattern):
    assert like_pattern(word) == pattern


@pytest.mark.parametrize(
    ("word", "found", "not_found"),
    [
        ("%", ["100%_test"], ["abc", "a_b", "back\\slash"]),
        ("_", ["100%_test", "a_b"], ["abc", "back\\slash"]),
        ("%_", ["100%_test"], ["a_b", "abc"]),
        ("\\", ["back\\slash"], ["abc", "100%_test"]),
        ("a_b", ["a_b"], ["axb"]),
    ],
)
def test_like_pattern_is_literal_in_sqlite(word, found, not_found):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (v TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [(v,) for v in found + not_found])
    rows = {r[0] for r in db.execute("SELECT v FROM t WHERE v LIKE ? ESCAPE '\\'", (like_pattern(word),))}
    assert rows == set(found)


# --------------------------------------------------------------------------- validation
def test_valid_contact_is_cleaned():
    data, errors = validate_contact(
        {
            "name": "  张三\x07 ",
            "company": "华为",
            "title": "采购经理",
            "position": "manager",
            "phones": "138 0013 8000, 13912345678、021-12345678",
            "wechat": "zs_wx",
            "emails": "zs@example.com, 家庭: zs@home.cn",
            "birthday": "农历三月初八",
            "level": "3",
            "tags": "#关键人 技术,技术",
            "notes": "第一行\n第二行",
        }
    )
    assert errors == {}
    assert isinstance(data, ContactInput)
    assert data.name == "张三"
    assert data.company == "华为"
    assert data.position is Position.MANAGER
    assert data.phones == [Typed("138 0013 8000"), Typed("13912345678"), Typed("021-12345678")]
    assert data.emails == [Typed("zs@example.com"), Typed("zs@home.cn", "home")]
    assert data.birthday == "lunar:--03-08"
    assert data.level is Level.GOOD_FRIEND
    assert data.tags == ["关键人", "技术"]
    assert data.notes == "第一行\n第二行"


@pytest.mark.parametrize("name", ["", "   ", "\x00\x01", None])
def test_name_is_required(name):
    data, errors = validate_contact({"name": name})
    assert data is None
    assert set(errors) == {"name"}
    assert errors["name"].message("en") == "Required"
    assert errors["name"].message("zh") == "必填"


def test_name_too_long():
    _data, errors = validate_contact({"name": "张" * (MAX_NAME + 1)})
    assert str(MAX_NAME) in errors["name"].message("en")
    assert str(MAX_NAME) in errors["name"].message("zh")
    data, errors = validate_contact({"name": "张" * MAX_NAME})
    assert errors == {} and data.name == "张" * MAX_NAME


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phones", "call me"),
        ("emails", "zs@nowhere"),
        ("urls", "not a site"),
        ("urls", "116.4"),
        ("wechat", "微信 号"),
        ("birthday", "2026-02-30"),
        ("level", "9"),
        ("position", "ceo"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_field_message_names_the_input(field, value, lang):
    data, errors = validate_contact({"name": "张三", field: value})
    assert data is None
    assert set(errors) == {field}
    message = errors[field].message(lang)
    assert value in message
    assert "\n" not in message
    if lang == "zh":
        assert any("\u4e00" <= ch <= "\u9fff" for ch in message.replace(value, ""))


def test_second_bad_phone_is_named():
    _data, errors = validate_contact({"name": "张三", "phones": "13800138000, nope"})
    assert "nope" in errors["phones"].message("en")


def test_every_bad_field_is_reported_at_once():
    _data, errors = validate_contact(
        {
            "name": "",
            "phones": "call me",
            "emails": "x@",
            "wechat": "微信",
            "birthday": "2026-02-30",
            "level": "seven",
            "position": "ceo",
        }
    )
    assert set(errors) == {"name", "phones", "emails", "wechat", "birthday", "level", "position"}


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3200万", 32_000_000.0),
        ("3,200万", 32_000_000.0),
        ("3200w", 32_000_000.0),
        ("¥1,200.5", 1200.5),
        ("32000000", 32_000_000.0),
        ("", None),
    ],
)
def test_yearly_value_parsing(typed, value):
    data, errors = validate_company({"name": "华为", "yearly_value": typed})
    assert errors == {}
    assert data.yearly_value == value


@pytest.mark.parametrize("typed", ["abc", "-5", "万", "nan", "inf"])
def test_bad_yearly_value_names_the_input(typed):
    data, errors = validate_company({"name": "华为", "yearly_value": typed})
    assert data is None
    assert typed in errors["yearly_value"].message("en")
    assert typed in errors["yearly_value"].message("zh")


def test_company_grade_and_required_name():
    data, errors = validate_company({"name": "华为", "grade": " a "})
    assert errors == {} and data.grade is Grade.A
    data, errors = validate_company({"name": "", "grade": "E"})
    assert data is None
    assert set(errors) == {"name", "grade"}
    assert "E" in errors["grade"].message("en")


def test_suggest_grades_ranks_20_20_40_20():
    values = {company_id: float(company_id * 100) for company_id in range(1, 11)}
    grades = suggest_grades(values)
    by_grade = {g: sorted(k for k, v in grades.items() if v is g) for g in Grade}
    assert by_grade == {
        Grade.A: [9, 10],
        Grade.B: [7, 8],
        Grade.C: [3, 4, 5, 6],
        Grade.D: [1, 2],
    }


def test_suggest_grades_five_companies_and_ties():
    grades = suggest_grades({1: 500.0, 2: 400.0, 3: 300.0, 4: 200.0, 5: 100.0})
    assert grades == {1: Grade.A, 2: Grade.B, 3: Grade.C, 4: Grade.C, 5: Grade.D}
    # equal values: the lower id ranks first, so the result does not depend on dict order
    assert suggest_grades({2: 1.0, 1: 1.0, 3: 1.0, 4: 1.0, 5: 1.0}) == grades
    assert suggest_grades({}) == {}


# --------------------------------------------------------------------------- company names as typed
COMPANIES = [(name, build_keys(name)) for name in ("华为", "比亚迪汽车", "IBM China", "腾讯")]


@pytest.mark.parametrize(("typed", "suggested"), [
    ("华", "华为"), ("比亚", "比亚迪汽车"), ("ibm", "IBM China"), ("IBMc", "IBM China"),   # by name
    ("hw", "华为"), ("huaw", "华为"), ("byd", "比亚迪汽车"), ("tengx", "腾讯"),          # by pinyin
    ("", None), ("小米", None), ("xm", None),
])
def test_a_company_typed_leads_to_the_existing_one(typed, suggested):
    assert company_suggestion(typed, COMPANIES) == suggested


@pytest.mark.parametrize(("typed", "close"), [
    ("华为技术", ["华为"]), ("深圳华为", ["华为"]), ("比亚迪", ["比亚迪汽车"]), ("IBM", ["IBM China"]),
    ("华为", []), ("ibm  china", []),          # the same company, case and spaces aside
    ("华", []), ("IB", []), ("小米", []), ("China", []),
])
def test_a_new_company_close_to_an_existing_one_is_found(typed, close):
    assert close_companies(typed, COMPANIES) == close


def test_the_company_a_contact_joins_is_found_case_and_spaces_aside():
    names = [name for name, _keys in COMPANIES]
    assert same_company("ibm  china", names) == "IBM China" and same_company("华为", names) == "华为"
    assert same_company("华为技术", names) is None and same_company(" ", names) is None
