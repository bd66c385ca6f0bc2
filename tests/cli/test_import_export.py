"""`clientbook import FILE` (--dry-run, --yes, --duplicates, --map) and `clientbook export`
--vcf / --csv / --json, through cli.main as the shell runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import clientbook.cli as cli
from clientbook.domain.contact_card import Typed
from clientbook.i18n import set_language
from clientbook.store import open_store
from conftest import NOW, FixedClock, demo_book_at

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    book = tmp_path / "book.db"

    def run_(*args: str, db: Path = book) -> tuple[int, str, str]:
        monkeypatch.setattr(cli, "datetime", FixedClock)
        code = cli.main(["--db", str(db), *args])
        set_language("en")
        out, err = capsys.readouterr()
        return code, out, err

    run_.book = book
    return run_


def contact_names(path: Path) -> list[str]:
    store = open_store(path, NOW)
    try:
        return sorted(row.name for row in store.contacts.search_contacts())
    finally:
        store.close()


# ---------------------------------------------------------------- import
def test_dry_run_prints_the_preview_and_writes_nothing(run):
    code, out, err = run("import", str(FIXTURES / "malformed.vcf"), "--dry-run")
    assert code == 0, err
    assert "3 new · 0 look like people already in the book · 1 cannot be read" in out
    assert "card 2 (line 8)  刘强 (京东): Phones: Not a phone number: “电话待补”" in out
    assert "Email: Not an email address" in out
    assert "Dry run: nothing was written." in out
    assert contact_names(run.book) == []


def test_yes_applies_and_a_second_run_adds_nothing(run):
    code, out, _err = run("import", str(FIXTURES / "android-21-qp.vcf"), "--yes")
    assert code == 0
    assert "Imported: 3 added, 0 merged, 0 skipped; 3 new companies" in out
    assert contact_names(run.book) == ["David Chen", "张伟", "欧阳娜娜"]
    code, out, _err = run("import", str(FIXTURES / "android-21-qp.vcf"), "--yes")
    assert code == 0
    assert "0 new · 3 look like people already in the book" in out
    assert "card 1 (line 1)  张伟 (华为技术有限公司) — same phone as #1 张伟 (华为技术有限公司)" in out
    assert "Nothing to import." in out
    assert len(contact_names(run.book)) == 3


def test_without_yes_off_a_terminal_nothing_is_written(run, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = run("import", str(FIXTURES / "ios-30.vcf"))
    assert code == 1
    assert "2 new" in out and "--yes" in err
    assert contact_names(run.book) == []


def test_duplicates_merge(run):
    run("import", str(FIXTURES / "ios-30.vcf"), "--yes")
    changed = FIXTURES.parent / "import" / "ios-30.vcf"
    data = changed.read_bytes().replace(b"TITLE:\xe5\xb8\x82\xe5\x9c\xba\xe6\x80\xbb\xe7\x9b\x91\r\n", b"")
    tmp = run.book.parent / "again.vcf"
    tmp.write_bytes(data.replace(b"FN:\xe8\xb5\xb5\xe6\x95\x8f", b"FN:\xe8\xb5\xb5\xe6\x95\x8f").replace(
        b"BDAY:1988-11-02", b"BDAY:1988-11-02\r\nEMAIL:zhaomin@byd.com"))
    code, out, _err = run("import", str(tmp), "--yes", "--duplicates", "merge")
    assert code == 0 and "0 added, 2 merged" in out
    store = open_store(run.book, NOW)
    try:
        [zhao] = store.contacts.search_contacts("赵敏")
        assert store.contacts.contact_input(zhao.id).emails == [Typed("zhaomin@byd.com")]
        [li] = store.contacts.search_contacts("李娜")
        assert store.contacts.contact_input(li.id).photo.mime == "image/jpeg"      # the card's photo, kept
        assert len(store.contacts.search_contacts()) == 2
    finally:
        store.close()


def test_gbk_csv_in_chinese_with_a_column_mapping(run):
    code, out, _err = run("--lang", "zh", "import", str(FIXTURES / "excel-gbk.csv"), "--dry-run")
    assert code == 0
    assert "CSV，gb18030 编码，6 行，9 列" in out
    assert "手机 → 电话, 办公电话 → 电话, 微信 → 微信号" in out
    assert "新联系人 4 个 · 疑似已有 0 个 · 无法读取 2 个" in out
    assert "第 6 行  周强（美的集团）：电话：不是电话号码：“1.39123E+10”" in out
    code, out, _err = run("import", str(FIXTURES / "excel-gbk.csv"), "--map", "备注=-", "--map", "3=notes", "--yes")
    assert code == 0 and "4 added" in out
    store = open_store(run.book, NOW)
    try:
        [liu] = store.contacts.search_contacts("刘洋")
        contact = store.contacts.get_contact(liu.id).contact
        assert contact.notes == "采购总监" and contact.title == "" and contact.wechat == "liuyang_zte"
    finally:
        store.close()


@pytest.mark.parametrize(("args", "needle"), [
    (["import", "/nonexistent/file.vcf"], "Cannot read /nonexistent/file.vcf"),
    (["import", str(FIXTURES)], "is a folder"),
    (["import", str(FIXTURES / "ios-30.vcf"), "--map", "a=b"], "--map is for CSV files only"),
    (["import", str(FIXTURES / "excel-gbk.csv"), "--map", "姓名=shoe"], "--map takes COLUMN=FIELD"),
    (["import", str(FIXTURES / "excel-gbk.csv"), "--map", "鞋码=name"], "No such column: 鞋码"),
])
def test_bad_input_is_one_line_and_exit_2(run, args, needle):
    code, out, err = run(*args)
    assert code == 2
    assert needle in err and err.count("\n") == 1 and "Traceback" not in err


# ---------------------------------------------------------------- export
def test_export_vcf_csv_json(run, tmp_path):
    run("import", str(FIXTURES / "android-21-qp.vcf"), "--yes")
    vcf, csv_file, js = tmp_path / "book.vcf", tmp_path / "book.csv", tmp_path / "book.json"
    code, out, _err = run("export", "--vcf", str(vcf), "--csv", str(csv_file), "--json", str(js))
    assert code == 0
    assert f"Wrote 3 contacts to {vcf} (vCard 3.0)" in out
    assert f"Wrote 3 contacts to {csv_file} (CSV)" in out
    assert f"Wrote the whole book to {js}: 3 contacts, 3 companies" in out
    assert vcf.read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbfName,Company,")
    assert oct(js.stat().st_mode & 0o777) == "0o600"
    assert json.loads(js.read_text(encoding="utf-8"))["format"] == "clientbook-book"


def test_vcard_4_export_and_back(run, tmp_path):
    run("import", str(FIXTURES / "mac-30.vcf"), "--yes")
    first = tmp_path / "book.vcf"
    code, out, _err = run("export", "--vcf", str(first), "--vcard-version", "4.0")
    assert code == 0 and f"Wrote 3 contacts to {first} (vCard 4.0)" in out
    assert first.read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    other = tmp_path / "other.db"
    code, out, _err = run("import", str(first), "--yes", db=other)
    assert code == 0 and "3 added" in out
    second = tmp_path / "again.vcf"
    run("export", "--vcf", str(second), "--vcard-version", "4.0", db=other)
    assert second.read_bytes() == first.read_bytes()


def test_the_preview_says_what_will_not_be_kept_and_counts_company_cards(run, tmp_path):
    import base64

    big = base64.b64encode(b"\xff\xd8" + bytes(1024 * 1024)).decode()
    path = tmp_path / "phone.vcf"
    path.write_bytes((FIXTURES / "mac-30.vcf").read_bytes() + (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:大头照\r\nTEL;TYPE=CELL:13700000009\r\n"
        f"PHOTO;ENCODING=b;TYPE=JPEG:{big}\r\nEND:VCARD\r\n").encode())
    code, out, _err = run("import", str(path), "--dry-run")
    assert code == 0
    assert "4 new · 0 look like people already in the book · 0 cannot be read" in out
    assert "1 company card: each makes or fills in a company" in out
    assert "1 photo over 1.0 MB will not be kept" in out
    code, out, _err = run("--lang", "zh", "import", str(path), "--dry-run")
    assert "公司名片 1 张：新建公司或补全已有公司的资料" in out and "1 张照片超过 1.0 MB，不会保留" in out
    code, out, _err = run("import", str(path), "--yes")
    assert "Imported: 4 added, 0 merged, 0 skipped; 2 new companies" in out
    assert "华为云" not in contact_names(run.book) and "大头照" in contact_names(run.book)


def test_two_cards_sharing_an_office_line_are_both_added(run):
    code, out, _err = run("import", str(FIXTURES / "cn-card-app.vcf"), "--yes")
    assert code == 0 and "Imported: 2 added, 0 merged, 0 skipped" in out
    assert contact_names(run.book) == ["陈志强", "黄丽"]


def test_vcf_to_stdout(tmp_path, capsysbinary):
    book = tmp_path / "book.db"
    assert cli.main(["--db", str(book), "import", str(FIXTURES / "outlook-40.vcf"), "--yes"]) == 0
    capsysbinary.readouterr()
    code = cli.main(["--db", str(book), "export", "--vcf", "-"])
    out, err = capsysbinary.readouterr()
    assert code == 0 and out.count(b"BEGIN:VCARD") == 2 and b"Wrote 2 contacts" in err


def test_json_round_trip_through_the_shell(run, tmp_path):
    demo = demo_book_at(tmp_path / "demo.db", NOW)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run("export", "--json", str(first), db=demo)[0] == 0
    empty = tmp_path / "restored.db"
    code, out, _err = run("import", str(first), "--dry-run", db=empty)
    assert code == 0 and "a whole clientbook book" in out and "contact 40" in out
    code, out, _err = run("import", str(first), "--yes", db=empty)
    assert code == 0 and "Loaded the whole book: 40 contacts" in out
    assert run("export", "--json", str(second), db=empty)[0] == 0
    a, b = json.loads(first.read_text("utf-8")), json.loads(second.read_text("utf-8"))
    assert a["tables"] == b["tables"]
    # Into a book that is not empty: one line, exit 2, nothing changed.
    code, _out, err = run("import", str(first), "--yes", db=empty)
    assert code == 2 and "only be loaded into an empty book" in err


def test_a_json_file_that_is_not_a_book(run, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    code, _out, err = run("import", str(bad))
    assert code == 2 and "Not a clientbook JSON book" in err
    bad.write_text("{not json", encoding="utf-8")
    code, _out, err = run("import", str(bad))
    assert code == 2 and "is not JSON" in err


def test_extension_does_not_matter_content_does(run, tmp_path):
    odd = tmp_path / "contacts.dat"
    shutil.copy(FIXTURES / "ios-30.vcf", odd)
    code, out, _err = run("import", str(odd), "--dry-run")
    assert code == 0 and "2 new" in out
    as_csv = tmp_path / "export.dat"
    shutil.copy(FIXTURES / "google-utf8-bom.csv", as_csv)
    code, out, _err = run("import", str(as_csv), "--dry-run")
    assert code == 0 and "CSV, utf-8-sig" in out and "2 new" in out


def test_unreadable_rows_are_listed_fifty_then_counted_and_all_written_with_problems(run, tmp_path):
    file = tmp_path / "many.csv"
    file.write_text("姓名,手机\r\n" + "".join(f",1390000{i:04d}\r\n" for i in range(60)) + "好人,13800000000\r\n",
                    encoding="utf-8")
    problems = tmp_path / "problems.txt"
    code, out, _err = run("import", str(file), "--dry-run", "--problems", str(problems))
    assert code == 0
    assert out.count("No name") == 50 and "… and 10 more (--problems FILE writes them all)" in out
    assert "60 unreadable rows written to" in out
    written = problems.read_text(encoding="utf-8").splitlines()
    assert len(written) == 60 and written[0].startswith("line 2") and written[-1].startswith("line 61")
    assert all("No name" in line for line in written)
    assert problems.stat().st_mode & 0o777 == 0o600
    assert contact_names(run.book) == []
    code, _out, err = run("import", str(file), "--dry-run", "--problems", str(tmp_path / "no" / "such.txt"))
    assert code == 2 and err.startswith("clientbook: ") and len(err.splitlines()) == 1
