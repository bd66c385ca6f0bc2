"""domain/vcard.py: the tolerant reader (2.1 / 3.0 / 4.0, as phones and mail programs write them)
and the 3.0 writer, on the real-world-shaped fixtures in tests/fixtures/import/."""

from __future__ import annotations

import base64
import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientbook.domain.contact_card import Address, PersonName, Photo, Typed
from clientbook.domain.dedupe import COMPANY, build_preview
from clientbook.domain.enums import Level, Position
from clientbook.domain.vcard import (
    MAX_EXTRA,
    MAX_PHOTO,
    CardValues,
    bday_text,
    escape,
    fold,
    logical_lines,
    read_cards,
    read_vcards,
    split_name,
    unescape,
    write_card,
    write_vcards,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def raw_of(name: str) -> list[dict]:
    return [row.raw for row in read_vcards((FIXTURES / name).read_bytes())]


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {row["name"]: row for row in rows}


def contacts_of(data: bytes) -> dict:
    """The file's cards as the import keeps them (validate_contact with the card's own values)."""
    preview = build_preview(read_vcards(data), [])
    assert preview.invalid == []
    return {row.data.name: row.data for row in preview.new}


def fixture_contacts(name: str) -> dict:
    return contacts_of((FIXTURES / name).read_bytes())


# ---------------------------------------------------------------- Android 2.1, quoted-printable
def test_android_21_quoted_printable_chinese_with_soft_breaks_inside_characters():
    data = (FIXTURES / "android-21-qp.vcf").read_bytes()
    # The fixture really does split characters across soft line breaks (what vobject raises on).
    assert b"=E6=\r\n=9C=AF" in data
    people = by_name(raw_of("android-21-qp.vcf"))
    assert list(people) == ["张伟", "欧阳娜娜", "David Chen"]
    zhang = people["张伟"]
    assert zhang["company"] == "华为技术有限公司"          # ORG's first part; 企业业务部 is the department
    assert zhang["title"] == "采购经理"
    kept = fixture_contacts("android-21-qp.vcf")["张伟"]
    assert kept.phones == [Typed("138-0013-8000", "mobile"), Typed("010-6552-1234", "work")]
    assert kept.emails == [Typed("zhangwei@huawei.com", "work")]
    assert kept.name_parts is None          # N:张;伟 says no more than FN: the export writes it again
    assert "company ORG:华为技术有限公司;企业业务部" in kept.card_extra.split("\n")     # the department, to write back
    assert kept.photo is not None and kept.photo.data[:4] == bytes(range(4)) and len(kept.photo.data) == 512
    assert zhang["birthday"] == "1985-04-17"
    assert zhang["notes"] == ("喜欢喝铁观音，不吃辣。女儿明年高考，太太在深圳大学教书。"
                              "上次见面聊到二期项目的预算和交期，他很关心售后响应时间。")


def test_android_gbk_charset_bare_parameters_and_a_second_email():
    ouyang = by_name(raw_of("android-21-qp.vcf"))["欧阳娜娜"]
    assert ouyang["company"] == "深圳市大疆创新科技有限公司"
    assert ouyang["notes"] == "老乡，湖南人；爱吃湘菜"          # the second e-mail is an e-mail, not a note
    kept = fixture_contacts("android-21-qp.vcf")["欧阳娜娜"]
    assert kept.phones == [Typed("+8615987654321", "mobile"), Typed("0755 8888 6666", "home")]
    assert kept.emails == [Typed("ouyang@dji.com"), Typed("nana.oy@163.com")]


def test_photo_blocks_indented_or_not_are_skipped_and_nothing_leaks():
    cards = list(read_cards((FIXTURES / "android-21-qp.vcf").read_bytes()))
    names = [[p.name for p in card.properties] for card in cards]
    assert names[0].count("PHOTO") == 1 and "X-ANDROID-CUSTOM" in names[0]
    # The unindented base64 lines of card 2's PHOTO became part of it, not properties of their own.
    assert names[1] == ["VERSION", "N", "FN", "TEL", "TEL", "ORG", "EMAIL", "EMAIL", "NOTE", "PHOTO"]
    assert cards[2].properties[1].name == "N"


def test_name_from_n_when_there_is_no_fn():
    assert by_name(raw_of("android-21-qp.vcf"))["David Chen"]["company"] == "Lenovo"
    card = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8:\xe6\x9d\x8e;\xe5\x9b\x9b;;;\r\nEND:VCARD\r\n"
    assert raw_of_bytes(card)[0]["name"] == "李四"


def raw_of_bytes(data: bytes) -> list[dict]:
    return [row.raw for row in read_vcards(data)]


def test_a_soft_break_inside_one_character():
    card = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=B8=\r\n"
            b"=89\r\nTEL:13800138000\r\nEND:VCARD\r\n")
    assert raw_of_bytes(card)[0]["name"] == "张三"


def test_bare_quoted_printable_parameter_and_lf_line_ends():
    card = b"BEGIN:VCARD\nVERSION:2.1\nFN;QUOTED-PRINTABLE;CHARSET=GB2312:=D5=C5=C8=FD\nEND:VCARD\n"
    assert raw_of_bytes(card)[0]["name"] == "张三"


# ---------------------------------------------------------------- iOS 3.0
def test_ios_30_folded_lines_split_inside_characters():
    data = (FIXTURES / "ios-30.vcf").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.split(b"\r\n")[12].decode("utf-8")      # the fold really cuts a character in two
    people = by_name(raw_of("ios-30.vcf"))
    li = people["李娜"]
    assert li["notes"] == ("喜欢普洱, 不喝白酒。\n女儿在读高三, 准备考中山大学；先生做外贸生意，常驻香港。"
                           "下次见面带一盒好的凤凰单丛。")
    assert li["company"] == "腾讯科技（深圳）有限公司"
    kept = fixture_contacts("ios-30.vcf")["李娜"]
    assert kept.phones == [Typed("+86 139-1234-5678", "mobile"), Typed("0755-8601-3388", "work")]
    assert kept.addresses == [Address("科技园科技中一路腾讯大厦", "深圳", "广东", "518057", "中国", kind="work")]
    assert li["wechat"] == "lina_mkt"                  # X-SOCIALPROFILE;type=wechat
    assert li["birthday"] == "08-15"                   # X-APPLE-OMIT-YEAR=1604: no year


def test_ios_wechat_in_a_labelled_item_and_categories_as_tags():
    zhao = by_name(raw_of("ios-30.vcf"))["赵敏"]
    assert zhao["wechat"] == "zhaomin_byd"             # item2.X-ABLabel:微信
    assert zhao["tags"] == "客户 深圳"
    assert zhao["birthday"] == "1988-11-02"


# ---------------------------------------------------------------- Outlook 4.0
def test_outlook_40_tel_uris_pref_email_and_month_day_birthday():
    people = by_name(raw_of("outlook-40.vcf"))
    wang = people["王建国"]
    kept = fixture_contacts("outlook-40.vcf")
    assert kept["王建国"].phones == [Typed("+86-10-5996-0000", "work"), Typed("+86-137-0000-1111", "mobile")]
    assert kept["王建国"].emails == [Typed("wangjg@sinopec.com", "work"), Typed("wjg1970@163.com", "home")]
    assert wang["birthday"] == "03-12"
    assert wang["notes"] == "老领导，喜欢茅台和钓鱼。\n孙子刚上小学。"
    anna = people["Anna Müller"]
    # The number without ;ext=12 (what a phone dials); the tel: URI itself kept to write back.
    assert kept["Anna Müller"].phones == [Typed("+86-186-1111-2222", "mobile")]
    assert "phones TEL;TYPE=cell;VALUE=uri:tel:+86-186-1111-2222;ext=12" in kept["Anna Müller"].card_extra
    assert anna["birthday"] == "1979-05-23"
    assert anna["wechat"] == "anna_sh"


def test_every_fixture_card_passes_the_contact_rules():
    for name in ("android-21-qp.vcf", "ios-30.vcf", "outlook-40.vcf"):
        preview = build_preview(read_vcards((FIXTURES / name).read_bytes()), [])
        assert preview.invalid == [] and len(preview.new) == len(preview.rows), name


# ---------------------------------------------------------------- broken files
def test_malformed_file_good_cards_importable_the_broken_one_named():
    preview = build_preview(read_vcards((FIXTURES / "malformed.vcf").read_bytes()), [])
    assert [row.name for row in preview.new] == ["黄海", "马丽", "郑伟"]   # a garbage line, a missing END
    [broken] = preview.invalid
    assert (broken.number, broken.line, broken.name) == (2, 8, "刘强")
    assert {field for field, _error in broken.errors} == {"phones", "emails"}
    assert "电话待补" in broken.errors[0][1].message()


def test_a_file_cut_off_inside_a_card_reports_that_card():
    data = (FIXTURES / "ios-30.vcf").read_bytes()
    cut = data[: data.rindex(b"END:VCARD")]
    preview = build_preview(read_vcards(cut), [])
    assert [row.name for row in preview.new] == ["李娜"]
    [broken] = preview.invalid
    assert broken.name == "赵敏" and broken.errors[0][1].key == "interop.problem.truncated"


def test_a_card_without_a_name_is_named_by_its_number():
    preview = build_preview(read_vcards(b"BEGIN:VCARD\r\nVERSION:3.0\r\nTITLE:Buyer\r\nEND:VCARD\r\n"), [])
    [row] = preview.invalid
    assert row.number == 1 and row.errors[0][1].key == "interop.problem.no_name"


def test_utf16_with_bom_and_a_nested_agent_card():
    text = ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:周杰\r\nAGENT:\r\nBEGIN:VCARD\r\nFN:秘书\r\nEND:VCARD\r\n"
            "TEL:13900000000\r\nEND:VCARD\r\n")
    rows = raw_of_bytes(text.encode("utf-16"))
    assert [(r["name"], r["phones"]) for r in rows] == [("周杰", "13900000000")]      # untyped: the number alone


def test_nothing_but_noise_gives_no_cards():
    assert list(read_vcards(b"")) == []
    assert list(read_vcards(b"\x00\xff garbage\r\nEND:VCARD\r\n:::\r\n")) == []


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_never_raise(data):
    list(read_vcards(b"BEGIN:VCARD\r\n" + data))        # read lazily: consumed to the end
    list(read_vcards(data))


def test_every_fixture_cut_or_damaged_anywhere_never_raises():
    rng = random.Random(7)
    for path in sorted(FIXTURES.glob("*.vcf")):
        data = path.read_bytes()
        for _ in range(60):
            at = rng.randrange(len(data))
            list(read_vcards(data[:at]))
            damaged = bytearray(data)
            damaged[at] = rng.randrange(256)
            list(read_vcards(bytes(damaged)))


# ---------------------------------------------------------------- small pieces
@pytest.mark.parametrize(("value", "omit", "expected"), [
    ("1985-04-17", "", "1985-04-17"),
    ("19850417", "", "1985-04-17"),
    ("1985-04-17T00:00:00Z", "", "1985-04-17"),
    ("--0417", "", "04-17"),
    ("--04-17", "", "04-17"),
    ("1604-08-15", "1604", "08-15"),
    ("农历三月初八", "", "农历三月初八"),
])
def test_bday_values(value, omit, expected):
    assert bday_text(value, omit) == expected


@pytest.mark.parametrize(("name", "parts"), [
    ("张三", ("张", "三")), ("欧阳娜娜", ("欧阳", "娜娜")), ("Anna Li", ("Li", "Anna")), ("Madonna", ("Madonna", "")),
])
def test_split_name(name, parts):
    assert split_name(name) == parts


@given(st.text(max_size=200))
def test_escape_then_unescape_is_the_text(text):
    text = text.replace("\r", "")
    assert unescape(escape(text)) == text


@given(st.text(min_size=1, max_size=300).filter(lambda s: "\r" not in s and "\n" not in s))
def test_folded_lines_are_at_most_75_octets_and_unfold_back(text):
    line = f"NOTE:{text}"
    folded = fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in parts)
    for part in parts:
        part.decode("utf-8")                           # never inside a character
    assert next(logical_lines(folded.encode("utf-8")))[1].decode("utf-8") == line


def test_writer_lunar_birthday_beside_the_solar_one():
    from clientbook.domain.lunar import lunar_to_solar

    card = write_card(CardValues(name="张三", birthday="lunar:1987-L06-10"))
    born = lunar_to_solar(1987, 6, 10, leap=True)
    assert f"BDAY:{born.isoformat()}\r\n" in card               # the solar date of birth
    assert "X-CLIENTBOOK-LUNAR-BIRTHDAY:lunar:1987-L06-10\r\n" in card
    no_year = write_card(CardValues(name="张三", birthday="lunar:--03-08"))
    assert "BDAY" not in no_year and "X-CLIENTBOOK-LUNAR-BIRTHDAY:lunar:--03-08" in no_year
    assert "BDAY:--04-17" in write_card(CardValues(name="张三", birthday="solar:--04-17"))


def test_written_cards_read_back_the_same():
    cards = [
        CardValues(name="张三", company="华为技术; 深圳", title="采购经理, 华南",
                   phones=(Typed("138 0013 8000", "mobile"), Typed("010-6552-1234", "work")),
                   emails=(Typed("zs@huawei.com"),), wechat="zs_wx", birthday="lunar:1987-L06-10",
                   notes="第一行\n第二行；逗号, 分号; 反斜杠 \\ 结束", tags=("关键人", "技术"), position="manager", level=3),
        CardValues(name="Anna Müller", birthday="solar:--02-29"),
    ]
    data = write_vcards(cards)
    assert data.count(b"\r\n") == data.count(b"\n")
    rows = raw_of_bytes(data)
    assert rows[0]["name"] == "张三" and rows[0]["company"] == "华为技术; 深圳"
    assert rows[0]["title"] == "采购经理, 华南"
    assert rows[0]["phones"] == "mobile 138 0013 8000\nwork 010-6552-1234"
    assert rows[0]["notes"] == "第一行\n第二行；逗号, 分号; 反斜杠 \\ 结束"
    assert rows[0]["birthday"] == "lunar:1987-L06-10"
    assert (rows[0]["tags"], rows[0]["position"], rows[0]["level"], rows[0]["wechat"]) == ("关键人 技术", "manager", "3", "zs_wx")
    assert rows[1]["birthday"] == "02-29"
    assert build_preview(read_vcards(data), []).invalid == []


def test_a_file_is_read_as_it_goes_from_an_open_stream(tmp_path):
    """The reader takes the file itself, not its bytes: an Android 2.1 card whose
    quoted-printable soft break falls inside a character, and folded lines, from a stream."""
    path = tmp_path / "phone.vcf"
    name = "张伟".encode("utf-8").hex("=").upper()          # =E5=BC=A0=E4=BC=9F
    path.write_bytes(b"\xef\xbb\xbfBEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:="
                     + name[:10].encode() + b"=\r\n" + name[10:].encode() + b"\r\nNOTE:one\r\n  two\r\nEND:VCARD\r\n"
                     + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xe6\x9d\x8e\xe5\xa8\x9c\r\n")
    with path.open("rb") as stream:
        cards = read_vcards(stream)
        first = next(cards)
        assert (first.raw["name"], first.raw["notes"]) == ("张伟", "one two")
        [second] = list(cards)
    assert second.raw["name"] == "李娜" and second.problem is not None        # cut off before END:VCARD


# ---------------------------------------------------------------- lossless (#14): real-world cards in, the same out
def lines_of(contact, version: str = "3.0", grade: str = "") -> list[str]:
    """The card the export writes for a contact, unfolded, a line each."""
    text = write_card(CardValues.of(contact), version, grade)
    return [line for _number, line in ((n, raw.decode("utf-8")) for n, raw in logical_lines(text.encode("utf-8")))]


def test_android_phone_card_keeps_kinds_addresses_web_photo_and_what_it_does_not_model():
    sun = fixture_contacts("android-phone.vcf")["孙丽"]
    assert sun.phones == [Typed("186-1234-5678", "mobile"), Typed("0571-8502-2088", "work"),
                          Typed("0571-8502-2099", "fax"), Typed("0571-8765-4321", "home")]
    assert sun.emails == [Typed("sunli@alibaba-inc.com", "work"), Typed("sunli1990@qq.com", "home")]
    assert sun.urls == [Typed("https://www.alibaba.com")]
    assert sun.addresses == [Address("文一西路969号", "杭州", "浙江", "311121", "中国", kind="work")]
    assert (sun.company, sun.title, sun.birthday) == ("阿里巴巴集团", "高级采购专家", "solar:1990-06-18")
    assert sun.photo.data.startswith(b"\xff\xd8") and sun.photo.mime == "image/jpeg"
    out = lines_of(sun)
    # Android's own properties, quoted-printable undone (the book is UTF-8), and each typed
    # value as the phone wrote it: nothing comes back as TEL;TYPE=WORK,VOICE.
    for line in ("X-JABBER;HOME:sunli@jabber.cn", "X-QQ:10001", "TEL;WORK;FAX:0571-8502-2099", "TEL;HOME:0571-8765-4321",
                 "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;张伟;1;;;;;;;;;;;;;", "ORG:阿里巴巴集团;采购部",
                 "ADR;TYPE=WORK:;;文一西路969号;杭州;浙江;311121;中国", "URL:https://www.alibaba.com", "BDAY:1990-06-18"):
        assert line in out, line
    assert any(line.startswith("PHOTO;ENCODING=b;TYPE=JPEG:/9j/") for line in out)


def test_mac_card_keeps_n_item_labels_and_writes_them_back():
    people = fixture_contacts("mac-30.vcf")
    mark = people["Dr. Mark Stephe Schröder II"]
    assert mark.name_parts == PersonName("Dr. Mark Stephe Schröder II", "Schröder", "Mark", "Stephe", "Dr.", "II")
    assert Typed("+86 21 3889 5000", "", "助理") in mark.phones          # item2.X-ABLabel:助理
    assert mark.emails[0] == Typed("mark.schroeder@siemens-healthineers.com", "other")   # _$!<Other>!$_
    assert mark.nickname == "Marky"
    assert mark.addresses[0].extended == "Tower B, 12F"
    out = lines_of(mark)
    for line in ("FN:Dr. Mark Stephe Schröder II", "N:Schröder;Mark;Stephe;Dr.;II", "NICKNAME:Marky",
                 "ORG:Siemens Healthineers;Procurement;Asia Pacific", "item2.TEL:+86 21 3889 5000",
                 "item2.X-ABLabel:助理", "item3.X-ABADR:cn", "X-SKYPE;type=HOME;type=pref:mark.schroeder",
                 "IMPP;X-SERVICE-TYPE=Skype;type=HOME;type=pref:skype:mark.schroeder",
                 "item5.X-ABRELATEDNAMES;type=pref:Anna Schröder", "item5.X-ABLabel:_$!<Spouse>!$_",
                 "item4.URL;type=pref:https\\://www.siemens-healthineers.com/cn"):
        assert line in out, line
    # The card's FN is the name shown, never split again while N is there.
    assert "N:Zhang;San;;;" in lines_of(people["外公"]) and "FN:外公" in lines_of(people["外公"])
    assert "N:;bug 195;;;" in lines_of(people["bug 195"])
    # Renamed by the rep: N follows the new name. A phone taken off takes its item label with it.
    assert "N:马;克;;;" in lines_of(replace(mark, name="马克"))
    fewer = lines_of(replace(mark, phones=mark.phones[:1]))
    assert not any(line.startswith("item2.") for line in fewer) and "item3.X-ABADR:cn" in fewer


def test_a_company_card_becomes_a_company_not_a_person():
    preview = build_preview(read_vcards((FIXTURES / "mac-30.vcf").read_bytes()), [])
    [company] = [row for row in preview.rows if row.status == COMPANY]
    assert company.data is None and company.name == "华为云"
    assert (company.company_card.switchboard, company.company_card.website, company.company_card.address) == (
        "4000-955-988", "https://www.huaweicloud.com", "中国广东深圳坂田华为基地 518129")
    # N empty and only an ORG is a company too; an ORG beside a person's name is not.
    only_org = b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nORG:Acme Ltd\r\nTEL:010-5555 0000\r\nEND:VCARD\r\n"
    assert [row.status for row in build_preview(read_vcards(only_org), []).rows] == [COMPANY]
    person = only_org.replace(b"N:;;;;", b"FN:Ann Lee\r\nN:Lee;Ann;;;")
    assert [row.status for row in build_preview(read_vcards(person), []).rows] == ["new"]


def test_a_second_title_is_kept_and_written_back_and_a_shared_office_line_is_no_look_alike():
    people = fixture_contacts("cn-card-app.vcf")
    chen = people["陈志强"]
    assert chen.title == "销售总监" and "TITLE:董事会秘书" in chen.card_extra.split("\n")
    out = lines_of(chen)
    assert "TITLE:销售总监" in out and "TITLE:董事会秘书" in out and "X-CC-SOURCE:名片全能王" in out
    assert chen.urls == [Typed("www.tenda-elec.cn", "work")]
    # Both cards print the company's switchboard and fax: two people, both new.
    assert len(people) == 2 and Typed("0755-2671 8888", "work") in people["黄丽"].phones


def test_a_charset_label_that_lies_is_not_believed():
    people = fixture_contacts("shift-jis-labelled-utf8.vcf")
    assert people["山田太郎"].company == "オープンAI株式会社"            # UTF-8 bytes labelled SHIFT_JIS
    assert people["山田太郎"].name_parts == PersonName("山田太郎", "山田", "太郎")
    assert people["王芳"].company == "海尔集团"                          # GBK bytes labelled UTF-8


def test_outlook_gb2312_card_keeps_its_parameters_and_own_fields():
    liu = fixture_contacts("outlook-21-gb2312.vcf")["刘洋"]
    assert liu.phones == [Typed("(010) 5268-6688", "work"), Typed("135 0101 2345", "mobile"),
                          Typed("(010) 5268-6699", "fax")]
    assert liu.urls == [Typed("http://www.10086.cn", "work")]
    out = lines_of(liu)
    for line in ("N;LANGUAGE=zh-cn:刘;洋", "LABEL;TYPE=WORK,PREF:金融大街29号\\n北京, 北京市 100033\\n中国",
                 "X-MS-OL-DEFAULT-POSTAL-ADDRESS:2", "REV:20260301T081500Z", "EMAIL;PREF;INTERNET:liuyang@chinamobile.com"):
        assert line in out, line
    assert any(line.startswith('X-MS-OL-DESIGN:<card xmlns=') for line in out)


def card(*lines: str) -> bytes:
    return ("BEGIN:VCARD\r\n" + "".join(line + "\r\n" for line in lines) + "END:VCARD\r\n").encode("utf-8")


def test_photos_in_every_form_and_one_over_the_limit_is_left_out_and_said():
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(100))
    b64 = base64.b64encode(jpeg).decode()
    for form in (f"PHOTO;ENCODING=b;TYPE=JPEG:{b64}", f"PHOTO;ENCODING=BASE64;JPEG:{b64}",
                 f"PHOTO:data:image/jpeg;base64,{b64}", f"PHOTO;MEDIATYPE=image/jpeg:data:image/jpeg;base64,{b64}"):
        [row] = read_vcards(card("VERSION:3.0", "FN:张三", form))
        assert row.base.photo == Photo(jpeg, "image/jpeg"), form
    [row] = read_vcards(card("VERSION:4.0", "FN:张三", "PHOTO:https://example.com/me.jpg"))
    assert row.base.photo is None and "PHOTO:https://example.com/me.jpg" in row.base.card_extra   # a link: kept as is
    big = base64.b64encode(b"\xff\xd8" + bytes(MAX_PHOTO)).decode()
    [row] = read_vcards(card("VERSION:3.0", "FN:张三", f"PHOTO;ENCODING=b;TYPE=JPEG:{big}"))
    assert row.base.photo is None and row.not_kept == ("photo_too_big",) and "PHOTO" not in row.base.card_extra


def test_what_a_card_brings_is_cleaned_like_typed_text_and_kept_within_its_limit():
    [row] = read_vcards(card("VERSION:3.0", "FN:张三", "X-FOO:a\x1b[31mb", "item1.TEL:13800138000",
                             "item1.X-ABLabel:助\x07理", "N:张\x1b;三;;;"))
    data = build_preview([row], []).rows[0].data
    assert "X-FOO:a[31mb" in data.card_extra and "\x1b" not in data.card_extra
    assert data.phones == [Typed("13800138000", "", "助理")] and data.name_parts is None
    many = [f"X-NOTE-{i}:{'x' * 1000}" for i in range(MAX_EXTRA // 1000 + 5)]
    [row] = read_vcards(card("VERSION:3.0", "FN:张三", *many))
    assert len(row.base.card_extra) <= MAX_EXTRA and row.not_kept == ("extra_too_big",)


def test_vcard_4_export_reads_back_and_carries_the_profile_and_the_company_grade():
    people = fixture_contacts("mac-30.vcf")
    mark = replace(people["Dr. Mark Stephe Schröder II"], taboos="不谈政治", level=Level(4), position=Position.MANAGER,
                   photo=Photo(b"\x89PNG\r\n", "image/png"))
    data = write_vcards([CardValues.of(mark)], "4.0", {"Siemens Healthineers": "A"})
    text = data.decode()
    assert "VERSION:4.0" in text and "PHOTO:data:image/png;base64,iVBORw0K" in text
    assert "X-CLIENTBOOK-TABOOS:不谈政治" in text and "X-CLIENTBOOK-LEVEL:4" in text and "X-CLIENTBOOK-GRADE:A" in text
    [row] = read_vcards(data)
    assert row.company == {"name": "Siemens Healthineers", "grade": "A"}
    again = contacts_of(data)["Dr. Mark Stephe Schröder II"]
    assert again == mark


# ---------------------------------------------------------------- found in review
def card(*lines: str) -> bytes:
    return ("BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VCARD\r\n").encode()


def test_a_persons_card_shown_as_a_company_on_a_mac_is_still_the_person():
    """macOS puts X-ABShowAs:COMPANY on a person's card when "Company" is ticked: N still names them."""
    data = card("N:Zhang;San;;;", "FN:San Zhang", "ORG:Huawei", "TEL;TYPE=CELL:13800138000",
                "EMAIL;TYPE=WORK:zs@huawei.com", "X-ABShowAs:COMPANY")
    preview = build_preview(read_vcards(data), [])
    [row] = preview.new
    assert (row.data.name, row.data.company, row.data.phones) == ("San Zhang", "Huawei", [Typed("13800138000", "mobile")])
    assert row.data.emails == [Typed("zs@huawei.com", "work")]
    assert "X-ABShowAs:COMPANY" in row.data.card_extra            # and written back as it came


def test_a_photo_that_is_not_base64_is_no_photo_and_its_line_is_kept():
    data = card("FN:李四", "PHOTO;ENCODING=b;TYPE=JPEG:!!!not base64!!!")
    contact = contacts_of(data)["李四"]
    assert contact.photo is None and contact.card_extra == "PHOTO;ENCODING=b;TYPE=JPEG:!!!not base64!!!"
    assert "PHOTO;ENCODING=b;TYPE=JPEG:!!!not base64!!!" in write_card(CardValues.of(contact))


def test_empty_parameters_do_not_stop_the_file():
    data = card("FN:王五", "PHOTO;MEDIATYPE=:x", "NOTE;CHARSET=:你好", "TEL;ENCODING=:13800138000")
    contact = contacts_of(data)["王五"]
    assert contact.notes == "你好" and [p.value for p in contact.phones] == ["13800138000"]


def test_a_kept_line_never_ends_the_card_or_starts_another():
    """A hand-made JSON book's card_extra is written back: it cannot add a card to an export."""
    values = CardValues.of(contacts_of(card("FN:赵六"))["赵六"])
    written = write_card(replace(values, card_extra="X-SKYPE:zl\nEND:VCARD\nBEGIN:VCARD\nFN:Injected"))
    assert written.count("BEGIN:VCARD") == 1 and written.count("END:VCARD") == 1
    assert written.endswith("END:VCARD\r\n") and "X-SKYPE:zl\r\n" in written
