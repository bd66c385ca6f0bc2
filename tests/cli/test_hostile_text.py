"""Text with terminal escapes (OSC 52 clipboard write, CSI, C1) never reaches the terminal or an
export file: cleaned on the way in from any file, and on the way out of a book that already
holds such bytes (written before text was cleaned, or by hand)."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from clientbook.domain.contacts import validate_contact
from clientbook.domain.interactions import validate_log
from clientbook.store import open_store
from test_cli import run

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
HOSTILE = f"张{OSC52}伟\x1b[2J\x9b31m"
CLEANED = "张]52;c;ZXZpbA==伟[2J31m"     # HOSTILE without its control characters
BAD = ("\x1b", "\x07", "\x9b")


def assert_clean(text: str, where: str) -> None:
    for char in BAD:
        assert char not in text, f"{char!r} in {where}"


def old_book(path: Path) -> None:
    """A book whose name, title, company, follow-up and summary hold raw escapes and a byte that is
    not UTF-8, written with plain sqlite3 as an older clientbook or a hand edit could have."""
    now = datetime.now().replace(second=0, microsecond=0)
    store = open_store(path, now)
    try:
        data, _ = validate_contact({"name": "张伟", "company": "华为", "birthday": "05-18", "notes": "n"})
        contact_id = store.contacts.add_contact(data, now - timedelta(days=400))
        log, errors = validate_log({"summary": "谈了报价", "followup_when": "今天", "followup_what": "发报价"},
                                   [contact_id], now)
        assert not errors
        store.capture.log_interaction(log, now - timedelta(days=200))
    finally:
        store.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE contact SET name = ?, notes = ?", (HOSTILE, "note " + OSC52))
        connection.execute("UPDATE contact SET title = CAST(x'1b5b324a9b41' AS TEXT)")   # ESC [2J, a lone 0x9b
        connection.execute("UPDATE company SET name = ?", ("华为" + OSC52,))
        connection.execute("UPDATE followup SET what = ?", ("发报价\x1b[31m",))
        connection.execute("UPDATE interaction SET summary = ?", ("谈了\x9b2J报价",))
    connection.close()


def test_an_old_book_with_escapes_prints_and_exports_clean_text(tmp_path):
    book = tmp_path / "old.db"
    old_book(book)
    home = tmp_path / "home"
    today = run(home, "--db", str(book), "today")
    assert today.returncode == 0, today.stderr
    assert CLEANED in today.stdout and "发报价" in today.stdout     # the rows are there, cleaned
    assert_clean(today.stdout + today.stderr, "today")
    as_json = run(home, "--db", str(book), "today", "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert_clean(json.dumps(json.loads(as_json.stdout), ensure_ascii=False), "today --json")

    files = {kind: tmp_path / f"out.{kind}" for kind in ("vcf", "ics", "csv", "json")}
    exported = run(home, "--db", str(book), "export", *(a for k, f in files.items() for a in (f"--{k}", str(f))))
    assert exported.returncode == 0, exported.stderr
    for kind, path in files.items():
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        if kind == "json":   # the file escapes control characters as \u001b: read it back
            text = json.dumps(json.loads(text), ensure_ascii=False)
        assert "ZXZpbA==" in text, kind   # the row is there, cleaned
        assert_clean(text, kind)
        assert b"\xc2\x9b" not in data and b"\x9b" not in data, kind


def test_a_hostile_json_book_is_stored_clean(tmp_path):
    now = datetime(2026, 11, 26, 10, 0)
    source = open_store(tmp_path / "source.db", now)
    try:
        data, _ = validate_contact({"name": "张伟", "company": "华为", "tags": "vip"})
        source.contacts.add_contact(data, now)
        dump = json.loads(json.dumps(source.interop.dump_book(now)))
    finally:
        source.close()
    dump["tables"]["contact"][0]["name"] = HOSTILE
    dump["tables"]["contact"][0]["notes"] = "line one\n\tline two " + OSC52
    dump["tables"]["company"][0]["name"] = "\x9b华为\x1b[2J"
    target = open_store(tmp_path / "target.db", now)
    try:
        target.interop.load_book(dump)
    finally:
        target.close()
    with sqlite3.connect(tmp_path / "target.db") as connection:   # as stored, not as read through the store
        name, notes, tags = connection.execute("SELECT name, notes, tags FROM contact").fetchone()
        [company] = connection.execute("SELECT name FROM company").fetchone()
    connection.close()
    assert name == CLEANED
    assert notes == "line one\n\tline two ]52;c;ZXZpbA=="      # tabs and new lines kept
    assert tags == " vip "                                       # padding kept: not stripped
    assert company == "华为[2J"


def test_names_typed_in_the_shell_are_not_echoed_raw(tmp_path):
    home = tmp_path / "home"
    book = tmp_path / "book.db"
    assert run(home, "--db", str(book), "add", "张伟").returncode == 0
    nobody = run(home, "--db", str(book), "log", "nobody" + OSC52, "call", "x")
    assert nobody.returncode == 1 and "nobody" in nobody.stderr
    assert_clean(nobody.stderr, "no match")
    kind = run(home, "--db", str(book), "log", "张伟", "teleport\x1b[2J")
    assert kind.returncode == 2 and "teleport" in kind.stderr
    assert_clean(kind.stderr, "bad kind")
    level = run(home, "--db", str(book), "add", "李娜", "--level", "9\x9b2J")
    assert level.returncode == 2
    assert_clean(level.stderr, "bad level")
    missing = run(home, "--db", str(book), "import", str(tmp_path / f"gone{OSC52}.vcf"))
    assert missing.returncode == 2 and "gone" in missing.stderr
    assert_clean(missing.stderr, "missing file")


def test_names_read_from_an_import_file_are_not_printed_raw(tmp_path):
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王五" + OSC52 + "\r\nTEL:call me\x1b[2J\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:赵六\x9b2J\r\nORG:腾讯" + OSC52 + "\r\nEND:VCARD\r\n")
    path = tmp_path / "hostile.vcf"
    path.write_text(card, encoding="utf-8")
    result = run(tmp_path / "home", "--db", str(tmp_path / "book.db"), "import", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "王五" in result.stdout and "call me" in result.stdout   # the unreadable row, named with its reason
    assert_clean(result.stdout + result.stderr, "import preview")
