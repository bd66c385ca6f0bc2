"""CSV exports of Google Contacts (current and legacy), Outlook, an iPhone/Mac exporter app and a
Chinese Excel sheet (fixtures in tests/fixtures/import, made like the real ones): every value
lands in its field, each phone, e-mail, web and postal address with its kind or label, the name's
parts in name_parts (never in the name shown)."""

from __future__ import annotations

from pathlib import Path

from clientbook.domain.contact_card import Address, PersonName, Typed
from clientbook.domain.csv_import import column_text, guess_mapping, read_rows, read_table
from clientbook.domain.dedupe import build_preview

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def imported(name: str) -> dict:
    table = read_table((FIXTURES / name).read_bytes())
    preview = build_preview(read_rows(table, guess_mapping(table.headers)), [])
    assert preview.invalid == []
    return {row.name: row.data for row in preview.new}


def test_google_contacts_current_export():
    mark, zhang = imported("google-current.csv").values()
    assert (mark.name, mark.nickname, mark.company) == ("Mark Schröder", "Marky", "Siemens AG")
    assert mark.name_parts == PersonName("Mark Schröder", "Schröder", "Mark", "Stephen", "Dr.", "II")
    assert mark.title == "Head of Purchasing, Procurement"        # the department beside the title
    assert mark.phones == [Typed("+49 171 5550101", "mobile"), Typed("+49 89 636 00", "fax"),   # "Work Fax"
                           Typed("+49 89 636 01", "", "Assistant")]                           # a label of its own
    assert mark.emails == [Typed("mark.schroeder@siemens.com", "work"), Typed("mark@schroeder.de", "home")]
    assert mark.addresses == [Address("Werner-von-Siemens-Str. 1", "München", "Bayern", "80333", "Germany",
                                      extended="Building 4", kind="work")]       # the parts, not "Formatted"
    assert mark.urls == [Typed("https://www.siemens.com", "work")]
    assert (mark.birthday, mark.notes, mark.tags) == ("solar:1971-03-09", "Met at Hannover Messe", ["Clients"])

    assert (zhang.name, zhang.nickname, zhang.birthday) == ("张伟", "老张", "solar:--08-15")
    assert zhang.name_parts == PersonName("张伟", "张", "伟")
    # two mobiles in one cell (" ::: "), both with the group's label
    assert zhang.phones == [Typed("138 0013 8000", "mobile"), Typed("139 0013 9000", "mobile"),
                            Typed("0755-2878 0000", "work")]
    assert zhang.addresses == [Address("深圳市南山区科技园 1 号", kind="home")]       # "Formatted" alone
    assert zhang.urls == [Typed("www.huawei.com")] and zhang.emails == [Typed("zhangwei@huawei.com")]


def test_google_contacts_legacy_export():
    [john] = imported("google-legacy.csv").values()
    assert john.name == "John Q. Public Jr."                              # the Name column, as it is
    assert john.name_parts == PersonName("John Q. Public Jr.", "Public", "John", "Quincy", "Mr.", "Jr.")
    assert (john.nickname, john.company, john.title) == ("JQ", "Acme Corp", "Buyer, Purchasing")
    assert john.phones == [Typed("+1 415 555 0101", "mobile"), Typed("+1 415 555 0102", "home"),
                           Typed("+1 415 555 0100", "", "Main")]
    assert john.emails == [Typed("jq@acme.example", "work"), Typed("john@public.example", "other")]
    assert john.addresses == [Address("1 Market St, San Francisco, CA 94105, US", kind="home")]
    assert john.urls == [Typed("https://linkedin.example/jq", "", "Profile")]
    assert (john.birthday, john.hobbies, john.tags) == ("solar:1980-05-06", "golf", ["VIP"])
    assert john.notes == "Prefers calls after 10"


def test_outlook_export():
    [li] = imported("outlook.csv").values()
    assert li.name == "Li Chen"                                   # Middle Name is no part of the name shown
    assert li.name_parts == PersonName("Li Chen", "Chen", "Li", "Mei", "Ms.", "PhD")    # "Title" is Ms.
    assert (li.company, li.title) == ("Contoso Ltd", "Director, Sales")                 # "Job Title"
    assert li.phones == [Typed("+1 425 555 0109", "", "Assistant"), Typed("+1 425 555 0199", "fax"),
                         Typed("+1 425 555 0100", "work"), Typed("+1 425 555 0150", "home"),
                         Typed("+1 206 555 0123", "mobile")]
    assert li.emails == [Typed("li.chen@contoso.example"), Typed("limei@home.example")]   # not the display name
    assert li.addresses == [Address("1 Microsoft Way, Building 92", "Redmond", "WA", "98052", "United States",
                                    kind="work"),
                            Address(locality="Bellevue", region="WA", kind="home")]
    assert li.urls == [Typed("https://contoso.example")]
    assert (li.birthday, li.tags, li.notes) == ("solar:1985-04-17", ["Customers", "Golf"], "Decides on the Q3 order")


def test_iphone_and_mac_exporter():
    huang, anna = imported("ios-export.csv").values()
    assert (huang.name, huang.nickname, huang.company, huang.title) == ("黄晓明", "明哥", "腾讯", "微信事业群产品总监")
    assert huang.name_parts == PersonName("黄晓明", "黄", "晓明")
    assert huang.phones == [Typed("13800001111", "mobile"), Typed("0755-86013388", "work"),
                            Typed("0755-86013399", "fax"), Typed("0755-86013300", "", "秘书")]
    assert huang.emails == [Typed("huangxm@tencent.example", "work"), Typed("xm@qq.example", "home")]
    assert huang.addresses == [Address("科技中一路腾讯大厦", "深圳市", "广东省", "518057", "中国", kind="work")]
    assert huang.urls == [Typed("https://www.tencent.example", "", "homepage")]
    assert (huang.birthday, huang.notes) == ("solar:1979-11-12", "喜欢喝茶")
    assert anna.name == "Anna Berg" and anna.name_parts.middle == "Maria"
    assert anna.phones == [Typed("+46 70 123 45 67", "mobile"), Typed("+46 70 123 45 68", "mobile")]   # iPhone
    assert anna.addresses == [Address(locality="Göteborg", country="Sweden", kind="work")]


def test_chinese_excel_sheet_in_gbk():
    table = read_table((FIXTURES / "excel-chinese-gbk.csv").read_bytes())
    assert table.encoding == "gb18030"
    wang, li = imported("excel-chinese-gbk.csv").values()
    assert (wang.name, wang.nickname, wang.company, wang.title) == ("王建国", "老王", "中国石化", "采购部副总经理")
    assert wang.name_parts is None                                        # 姓名 alone: no parts to keep
    assert wang.phones == [Typed("13900001234", "mobile"), Typed("010-59960000", "work"),
                           Typed("010-62001234", "home"), Typed("010-59960001", "fax")]
    assert wang.emails == [Typed("wangjg@sinopec.example")] and wang.urls == [Typed("www.sinopec.example")]
    assert wang.addresses == [Address("北京市朝阳区朝阳门北大街22号", kind="work"),
                              Address("北京市海淀区中关村南大街5号", kind="home")]
    assert (wang.wechat, wang.notes) == ("wjg_1968", "不喝白酒")
    assert li.phones == [Typed("13600005678", "mobile"), Typed("13700005678", "mobile"), Typed("021-26641234", "work")]
    assert li.emails == [Typed("lina@baosteel.example"), Typed("lina@163.example")]


def test_a_label_column_is_named_as_the_kind_of_its_value_column():
    table = read_table((FIXTURES / "google-current.csv").read_bytes())
    mapping = guess_mapping(table.headers)
    label = table.headers.index("Phone 1 - Label")
    assert mapping[label] is None
    assert column_text(table.headers, mapping, label, "en") == "(kind of Phones)"
    assert column_text(table.headers, mapping, label, "zh") == "（电话的类型）"
    assert column_text(table.headers, mapping, table.headers.index("File As"), "en") == "(ignored)"
    mapping[table.headers.index("Phone 1 - Value")] = None          # the value column ignored: so is its label
    assert column_text(table.headers, mapping, label, "en") == "(ignored)"


def test_what_travels_beside_the_text_is_cleaned_and_held_to_the_form_limits():
    """Name parts, kinds, labels and address parts skip the form's text (RawRow.base): the
    reader cleans them as the form would, and a name part over the name's limit is refused."""
    data = ("First Name,Middle Name,Last Name,Phone 1 - Label,Phone 1 - Value,Address 1 - City\r\n"
            "Mark,St\x1b[31mephen,Schröder,Assis\x07tant,+49 89 636 01,Mün\x9bchen\r\n"
            f"Anna,{'M' * 101},Berg,,,\r\n").encode()
    table = read_table(data)
    preview = build_preview(read_rows(table, guess_mapping(table.headers)), [])
    [mark] = (row.data for row in preview.new)
    assert mark.name_parts.middle == "St[31mephen" and mark.phones == [Typed("+49 89 636 01", "", "Assistant")]
    assert mark.addresses == [Address(locality="München")]
    [anna] = preview.invalid
    assert anna.name == "Anna Berg" and anna.errors[0][1].key == "form.error.too_long"


def test_a_web_address_with_a_comma_stays_whole_and_two_sites_are_two():
    data = ("姓名,网址\n"
            "张三,\"https://maps.google.com/?q=39.9,116.4\"\n"
            "李四,\"www.huawei.com, https://e.huawei.com\"\n").encode()
    table = read_table(data)
    preview = build_preview(read_rows(table, guess_mapping(table.headers)), [])
    zhang, li = (row.data for row in preview.new)
    assert zhang.urls == [Typed("https://maps.google.com/?q=39.9,116.4")]
    assert li.urls == [Typed("www.huawei.com"), Typed("https://e.huawei.com")]
