"""domain/csv_import.py: decoding what Excel and phone books save, guessing the columns in
Chinese and English, rows through the contact rules, and the CSV written for Excel."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientbook.domain.contact_card import Typed
from clientbook.domain.csv_import import (
    EXPORT_COLUMNS,
    FIELDS,
    contacts_csv,
    decode,
    field_label,
    guess_field,
    guess_mapping,
    read_rows,
    read_table,
)
from clientbook.domain.dedupe import build_preview

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


# ---------------------------------------------------------------- decoding
@pytest.mark.parametrize(("data", "encoding"), [
    ("姓名,手机\r\n张三,138\r\n".encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + "姓名,手机\r\n".encode("utf-8"), "utf-8-sig"),
    ("姓名,手机\r\n张三,138\r\n".encode("gbk"), "gb18030"),
    ("姓名,手机\r\n镕,138\r\n".encode("gb18030"), "gb18030"),
    ("姓名\t手机\r\n".encode("utf-16"), "utf-16"),
])
def test_decode_by_bom_then_utf8_then_gb18030(data, encoding):
    text, found = decode(data)
    assert found == encoding
    assert text.lstrip("\ufeff").startswith("姓名")


def test_undecodable_bytes_never_raise():
    text, encoding = decode(b"\x81\x30\xff\xfe\xfd")
    assert isinstance(text, str) and encoding == "gb18030"


# ---------------------------------------------------------------- the GBK file from Chinese Excel
def test_gbk_excel_file():
    data = (FIXTURES / "excel-gbk.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data)
    assert table.encoding == "gb18030" and table.delimiter == ","
    assert table.headers == ["姓名", "公司", "职务", "手机", "办公电话", "微信", "生日", "邮箱", "备注"]
    mapping = guess_mapping(table.headers)
    assert mapping == ["name", "company", "title", "phones", "phones", "wechat", "birthday", "emails", "notes"]
    preview = build_preview(read_rows(table, mapping), [])
    new = {row.name: row.data for row in preview.new}
    assert list(new) == ["刘洋", "陈静", "孙磊", "吴芳"]
    # two phone columns, each phone with its column's kind
    assert new["刘洋"].phones == [Typed("13912340001", "mobile"), Typed("0755-26770000", "work")]
    assert new["刘洋"].birthday == "solar:1980-06-01"                 # 1980/6/1
    assert new["陈静"].birthday == "lunar:--08-15"                    # 农历八月十五
    assert new["陈静"].notes == "喜欢甜食，不喝酒"
    assert new["孙磊"].phones == [Typed("13912340003", "mobile")]     # 13912340003.0 from a number cell
    assert new["孙磊"].birthday == "solar:1975-12-08"                 # "1975-12-08 00:00:00"
    assert new["吴芳"].phones == [Typed("13912340006", "mobile")]     # '13912340006 forced to text
    invalid = {row.line: row for row in preview.invalid}
    assert sorted(invalid) == [5, 6]                                  # the blank line 7 is skipped
    assert invalid[5].errors[0][1].key == "interop.problem.no_name" and invalid[5].company == "格力电器"
    assert invalid[6].name == "周强" and invalid[6].errors[0][0] == "phones"
    assert "1.39123E+10" in invalid[6].errors[0][1].message()


def test_google_contacts_csv_with_bom():
    table = read_table((FIXTURES / "google-utf8-bom.csv").read_bytes())
    assert table.encoding == "utf-8-sig" and table.headers[0] == "Name"
    mapping = dict(zip(table.headers, guess_mapping(table.headers)))
    assert mapping["Given Name"] == "given_name" and mapping["Family Name"] == "family_name"
    assert mapping["Nickname"] == "nickname"
    assert mapping["E-mail 1 - Type"] is None and mapping["E-mail 1 - Value"] == "emails"
    assert mapping["Phone 1 - Value"] == mapping["Phone 2 - Value"] == "phones"
    assert mapping["Organization 1 - Name"] == "company" and mapping["Organization 1 - Title"] == "title"
    assert mapping["Group Membership"] == "tags"
    preview = build_preview(read_rows(table, guess_mapping(table.headers)), [])
    lin, tom = (row.data for row in preview.new)
    assert (lin.name, lin.company, lin.title) == ("林晓", "上海汽车集团", "采购")
    # the legacy "Phone 1 - Type" / "E-mail 1 - Type" columns give the kinds ("* Work": the primary one)
    assert lin.phones == [Typed("+86 135 0000 1234", "mobile"), Typed("021-6888 0000", "work")]
    assert lin.emails == [Typed("linxiao@example.com", "work")]
    assert (lin.name_parts.shown, lin.name_parts.family, lin.name_parts.given) == ("林晓", "林", "晓")
    assert lin.tags == ["客户"]                                      # "* myContacts ::: 客户"
    assert (tom.name, tom.birthday, tom.tags) == ("Tom Wu", "solar:--07-04", [])


# ---------------------------------------------------------------- guessing headers
@pytest.mark.parametrize(("header", "field"), [
    ("姓名", "name"), ("客户姓名", "name"), ("Name", "name"), ("Full Name", "name"),
    ("姓", "family_name"), ("Last Name", "family_name"), ("名", "given_name"), ("First Name", "given_name"),
    ("公司", "company"), ("单位", "company"), ("公司名称", "company"), ("Company", "company"),
    ("工作单位（全称）", "company"), ("职务", "title"), ("职位", "title"), ("Job Title", "title"),
    ("手机", "phones"), ("手机号码", "phones"), ("手机(必填)", "phones"), ("电话", "phones"), ("座机", "phones"),
    ("Mobile Phone", "phones"), ("Business Phone", "phones"), ("Phone 2 - Value", "phones"),
    ("微信", "wechat"), ("微信号", "wechat"), ("WeChat ID", "wechat"),
    ("邮箱", "emails"), ("电子邮件", "emails"), ("E-mail Address", "emails"), ("E-mail 2 Address", "emails"),
    ("生日", "birthday"), ("出生日期", "birthday"), ("Birthday", "birthday"), ("农历生日", "lunar_birthday"),
    ("备注", "notes"), ("Notes", "notes"), ("标签", "tags"), ("Categories", "tags"),
    ("关系", "level"), ("职级", "position"), ("爱好", "hobbies"), ("忌口", "taboos"),
    ("Phone 1 - Type", None), ("Phone 1 - Label", None), ("地址", "addresses"), ("", None), ("Website", "urls"),
    ("Middle Name", "middle_name"), ("Address 1 - City", "addresses"), ("Business Postal Code", "addresses"),
    ("Phonetic First Name", None), ("E-mail Display Name", None), ("Assistant's Name", None),
    ("Organization Department", "department"), ("部门", "department"), ("Business Fax", "phones"),
])
def test_guess_field(header, field):
    assert guess_field(header) == field


def test_single_fields_go_to_the_first_column_only():
    assert guess_mapping(["姓名", "名字", "手机", "电话"]) == ["name", None, "phones", "phones"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_our_own_export_headers_are_guessed_back(lang):
    headers = [field_label(name, lang) for name in EXPORT_COLUMNS]
    assert guess_mapping(headers) == list(EXPORT_COLUMNS)


def test_every_field_has_a_label_in_both_languages():
    from clientbook.i18n import catalog

    for name in (*FIELDS, None):
        assert field_label(name, "en") != field_label(name, "zh")
        assert f"interop.field.{name or 'ignore'}" in catalog()


# ---------------------------------------------------------------- odd files
def test_tab_separated_utf16_as_excel_unicode_text():
    data = "姓名\t手机\t生日\r\n王五\t13800000000\t4月17日\r\n".encode("utf-16")
    table = read_table(data)
    assert table.delimiter == "\t"
    [row] = build_preview(read_rows(table, guess_mapping(table.headers)), []).new
    assert (row.data.name, row.data.phones, row.data.birthday) == ("王五", [Typed("13800000000", "mobile")],
                                                                   "solar:--04-17")


def test_semicolons_excel_text_formulas_and_ragged_rows():
    data = '姓名;手机;职级;关系\r\n赵六;="01062551234";经理;好兄弟\r\n钱七\r\n'.encode("utf-8")
    table = read_table(data)
    preview = build_preview(read_rows(table, guess_mapping(table.headers)), [])
    zhao, qian = (row.data for row in preview.new)
    assert zhao.phones == [Typed("01062551234", "mobile")]
    assert zhao.position.value == "manager" and int(zhao.level) == 5
    assert qian.name == "钱七" and qian.phones == []


def test_a_bad_position_value_names_the_row_and_the_value():
    table = read_table("姓名,职级\r\n孙八,大老板\r\n".encode())
    [row] = build_preview(read_rows(table, guess_mapping(table.headers)), []).invalid
    assert row.errors[0][0] == "position" and "大老板" in row.errors[0][1].message()


def test_an_empty_file_and_a_header_only_file():
    assert read_table(b"").headers == []
    table = read_table("姓名,手机\r\n".encode())
    assert table.headers == ["姓名", "手机"] and list(table.rows()) == [] and table.row_count == 0


# ---------------------------------------------------------------- writing
def test_written_csv_opens_in_excel_and_reads_back():
    contacts = [
        {"name": "王五", "phones": [Typed("01065520000")]},
        {"name": "张三", "company": "华为, 深圳", "title": "经理", "position": "boss", "level": 4,
         "phones": [Typed("138 0013 8000", "mobile"), Typed("01065521234")], "wechat": "zs",
         "emails": [Typed("zs@x.com", "work"), Typed("san@home.cn", "", "Private, old")],
         "birthday": "lunar:--08-15", "tags": ["关键人"], "notes": "第一行\n第二行, 有逗号", "cuisine": "粤菜"},
        {"name": "Tom", "birthday": "solar:1980-02-29", "level": 0},
    ]
    for lang in ("en", "zh"):
        data = contacts_csv(contacts, lang)
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
        assert b'"=""01065520000"""' in data                    # Excel would drop the leading 0
        table = read_table(data)
        preview = build_preview(read_rows(table, guess_mapping(table.headers)), [])
        assert preview.invalid == []
        wang, zhang, tom = (row.data for row in preview.new)
        assert wang.phones == [Typed("01065520000")]
        assert zhang.company == "华为, 深圳" and zhang.phones == contacts[1]["phones"]
        assert zhang.emails == contacts[1]["emails"]            # a label with a comma in it
        assert zhang.position.value == "boss" and int(zhang.level) == 4
        assert zhang.birthday == "lunar:--08-15" and zhang.tags == ["关键人"]
        assert zhang.notes == "第一行\n第二行, 有逗号" and zhang.cuisine == "粤菜"
        assert tom.birthday == "solar:1980-02-29"


def test_a_row_the_csv_module_cannot_read_is_reported_with_what_comes_after():
    big = "x" * 200_000                            # over the csv module's field size limit
    data = f"姓名,备注\r\n张三,短\r\n李四,{big}\r\n王五,短\r\n".encode()
    table = read_table(data)
    preview = build_preview(read_rows(table, guess_mapping(table.headers)), [])
    assert [row.name for row in preview.new] == ["张三"]
    [broken] = preview.invalid
    assert broken.line == 3 and broken.errors[0][1].key == "interop.problem.csv_broken"


def test_nul_bytes_do_not_stop_the_reading():
    table = read_table("姓名,手机\r\n张\x00三,138\r\n李四,139\r\n".encode())
    assert [cells[0] for _line, cells in table.rows()] == ["张三", "李四"]


def test_a_file_is_judged_utf8_on_all_of_it_and_its_rows_read_again_as_they_go(tmp_path):
    """The first reading counts rows and takes samples; a GBK row far past the start makes the
    whole file GB18030; the rows are read from the file again, not kept."""
    path = tmp_path / "big.csv"
    ascii_rows = "".join(f"Person {i},1390000{i:04d}\r\n" for i in range(5000))
    path.write_bytes(b"name,mobile\r\n" + ascii_rows.encode() + "王五,13800000000\r\n".encode("gbk"))
    table = read_table(path)
    assert (table.encoding, table.row_count, table.samples(0)) == ("gb18030", 5001, ["Person 0", "Person 1", "Person 2"])
    raw_rows = read_rows(table, guess_mapping(table.headers))
    assert next(raw_rows).raw["name"] == "Person 0"
    *_, last = raw_rows
    assert (last.number, last.line, last.raw["name"]) == (5001, 5002, "王五")
