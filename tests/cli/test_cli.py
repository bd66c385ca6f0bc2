"""The command line as the rep runs it: a subprocess with its own CLIENTBOOK_HOME."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from clientbook import __version__
from clientbook.store import open_store
from clientbook.store.book import LATEST_VERSION
from cli_support import run


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "cbhome"


def contact_names(path: Path, query: str = "") -> list[str]:
    store = open_store(path)
    try:
        return [row.name for row in store.contacts.search_contacts(query)]
    finally:
        store.close()


ADD_ZHANG = ["add", "张三", "--company", "华为", "--title", "采购经理", "--phone", "13800138000", "--wechat", "zs_wx"]


def test_version(home):
    result = run(home, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"clientbook {__version__}"
    assert not home.exists()  # asking for the version creates nothing


def test_help_lists_the_command_and_options(home):
    result = run(home, "--help")
    assert result.returncode == 0
    for word in ("add", "--db", "--demo", "--lang", "add a contact"):
        assert word in result.stdout, word
    assert not home.exists()


def test_help_in_chinese(home):
    result = run(home, "--lang", "zh", "--help")
    assert result.returncode == 0
    assert "添加联系人" in result.stdout
    assert "命令" in result.stdout
    assert "add a contact" not in result.stdout


def test_add_writes_a_private_book_in_the_home_folder(home):
    result = run(home, *ADD_ZHANG)
    assert result.returncode == 0, result.stderr
    assert "张三" in result.stdout
    book = home / "clientbook.db"
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE(book.stat().st_mode) == 0o600
    store = open_store(book)
    try:
        rows = store.contacts.search_contacts("zs")
        assert [(r.name, r.company, r.title) for r in rows] == [("张三", "华为", "采购经理")]
        contact = store.contacts.get_contact(rows[0].id).contact
        assert contact.phone_list == ["13800138000"] and contact.wechat == "zs_wx"
        assert [r.name for r in store.contacts.search_contacts("zs_wx")] == ["张三"]
    finally:
        store.close()


def test_adding_the_same_person_again_is_refused_unless_forced(home):
    assert run(home, *ADD_ZHANG).returncode == 0
    again = run(home, *ADD_ZHANG)
    assert again.returncode != 0
    assert "张三" in again.stderr
    assert "Traceback" not in again.stderr
    assert contact_names(home / "clientbook.db") == ["张三"]

    forced = run(home, *ADD_ZHANG, "--force")
    assert forced.returncode == 0, forced.stderr
    assert contact_names(home / "clientbook.db", "zs huawei") == ["张三", "张三"]

    # the same name at another company is another person
    other = run(home, "add", "张三", "--company", "腾讯")
    assert other.returncode == 0, other.stderr
    assert contact_names(home / "clientbook.db", "zs tengxun") == ["张三"]


def test_db_option_writes_to_that_file_only(home, tmp_path):
    other = tmp_path / "elsewhere" / "work.db"
    result = run(home, "--db", str(other), "add", "李四", "--company", "美的")
    assert result.returncode == 0, result.stderr
    assert contact_names(other, "ls") == ["李四"]
    assert not (home / "clientbook.db").exists()


def test_bad_birthday_is_one_line_naming_the_input(home):
    result = run(home, "add", "张三", "--birthday", "2026-02-30")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "2026-02-30" in lines[0]
    assert not (home / "clientbook.db").exists()


def test_every_bad_field_is_reported(home):
    result = run(home, "--lang", "zh", "add", "张三", "--level", "9", "--email", "x@", "--phone", "call me")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, result.stderr
    text = result.stderr
    assert "“9”" in text and "x@" in text and "call me" in text
    assert "关系等级" in text  # the field is named in the chosen language


def test_add_in_chinese(home):
    result = run(home, "--lang", "zh", "add", "王五")
    assert result.returncode == 0, result.stderr
    assert "已添加" in result.stdout


# --------------------------------------------------------------------------- refused books
def _corrupt(path: Path) -> Path:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    return path


def _text(path: Path) -> Path:
    path.write_text("张三 13800138000\n", encoding="utf-8")
    return path


def _directory(path: Path) -> Path:
    path.mkdir()
    return path


def _too_new(path: Path) -> Path:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    connection.close()
    return path


def _state(path: Path):
    listing = sorted(p.name for p in path.parent.iterdir())
    if path.is_dir():
        return listing, sorted(p.name for p in path.iterdir()), path.stat().st_mtime_ns
    return listing, path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("make", [_corrupt, _text, _directory, _too_new], ids=["corrupt", "text", "dir", "too-new"])
@pytest.mark.parametrize("command", [[], ["add", "张三"]], ids=["tui", "add"])
def test_refused_book_gives_one_line_and_exit_2(home, tmp_path, make, command):
    folder = tmp_path / "books"
    folder.mkdir()
    path = make(folder / "clientbook.db")
    before = _state(path)
    result = run(home, "--db", str(path), *command, timeout=20)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert _state(path) == before
    assert not home.exists()


def test_add_to_an_older_book_upgrades_it_and_says_where_the_copy_is(home, tmp_path):
    import shutil

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "book-v1.db"
    path = tmp_path / "old" / "clientbook.db"
    path.parent.mkdir()
    shutil.copy(fixture, path)
    result = run(home, "--db", str(path), "add", "王五", "--company", "华为技术")
    assert result.returncode == 0, result.stderr
    backups = sorted(path.parent.glob("*.bak"))
    if LATEST_VERSION == 1:
        assert backups == [] and result.stderr == ""
    else:
        assert len(backups) == 1 and backups[0].name.startswith("clientbook.db.v1-")
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(backups[0]) in lines[0]
    assert contact_names(path, "hwjs") == ["单雄信", "王五", "张三"]


# --------------------------------------------------------------------------- damaged, foreign, dangling
@pytest.fixture(scope="module")
def damaged_book_bytes(tmp_path_factory) -> bytes:
    """A book of 400 contacts with random bytes over its second half: header and schema read."""
    from datetime import datetime

    from clientbook.domain.contacts import ContactInput

    path = tmp_path_factory.mktemp("damaged") / "clientbook.db"
    store = open_store(path)
    for n in range(400):
        store.contacts.add_contact(ContactInput(name=f"张{n}", company="华为", notes="备注" * 60), datetime(2026, 11, 26))
    store.close()
    data = bytearray(path.read_bytes())
    half = len(data) // 2
    data[half:] = os.urandom(len(data) - half)
    return bytes(data)


def _foreign_with_a_plausible_version(path: Path) -> Path:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO contact (name) VALUES ('张三')")
        connection.execute(f"PRAGMA user_version = {LATEST_VERSION}")
    connection.close()
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to(path.parent / "moved-away" / "clientbook.db")
    return path


def _link_state(path: Path):
    return sorted(p.name for p in path.parent.iterdir()), os.readlink(path)


@pytest.mark.parametrize("kind", ["damaged", "foreign", "dangling"])
@pytest.mark.parametrize("command", [["today"], ["log", "张3", "call", "谈了报价"], ["add", "李四"],
                                     ["export", "--vcf", "-"], ["backup"]],
                         ids=["today", "log", "add", "export", "backup"])
def test_damaged_foreign_or_dangling_book_gives_one_line_exit_2_in_every_command(
        home, tmp_path, damaged_book_bytes, kind, command):
    folder = tmp_path / "books"
    folder.mkdir()
    path = folder / "clientbook.db"
    if kind == "damaged":
        path.write_bytes(damaged_book_bytes)
    elif kind == "foreign":
        _foreign_with_a_plausible_version(path)
    else:
        _dangling(path)
    state = _link_state if kind == "dangling" else _state
    before = state(path)
    result = run(home, "--db", str(path), *command, timeout=30)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], result.stderr
    if (folder / "backups").exists():
        (folder / "backups").rmdir()  # no copy, not even a partial one, was left in it
    assert state(path) == before
