"""Opening book files: refusals leave the file untouched, upgrades keep a copy, concurrent writers."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from clientbook.domain.contacts import ContactInput
from clientbook.errors import BookError
from clientbook.store import book, open_store
from clientbook.store.book import LATEST_VERSION, backup_path_for
from conftest import NOW

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_V1 = FIXTURES / "book-v1.db"


def snapshot(path: Path):
    """Everything a refusal must leave as it was: bytes, mtime and mode, and the folder listing."""
    folder = path.parent
    listing = sorted(p.name for p in folder.iterdir())
    if path.is_dir():
        return ("dir", sorted(p.name for p in path.iterdir()), path.stat().st_mtime_ns, listing)
    st = path.stat()
    return (path.read_bytes(), st.st_mtime_ns, st.st_mode, listing)


def assert_refused(path: Path, key: str) -> BookError:
    before = snapshot(path)
    with pytest.raises(BookError) as caught:
        open_store(path, NOW)
    assert caught.value.key == key
    for lang in ("en", "zh"):
        message = caught.value.message(lang)
        assert str(path) in message
        assert "\n" not in message
    assert snapshot(path) == before
    return caught.value


def make_sqlite(path: Path, user_version: int, tables: list[str]) -> None:
    connection = sqlite3.connect(path)
    with connection:
        for sql in tables:
            connection.execute(sql)
        connection.execute(f"PRAGMA user_version = {user_version}")
    connection.close()


# --------------------------------------------------------------------------- refusals
def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("张三 13800138000\nnot a database\n", encoding="utf-8")
    assert_refused(path, "book.error.not_sqlite")


def test_short_text_file_is_refused(tmp_path):
    path = tmp_path / "tiny.db"
    path.write_bytes(b"hi")
    assert_refused(path, "book.error.not_sqlite")


def test_sqlite_header_followed_by_garbage_is_refused_as_corrupt(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    assert_refused(path, "book.error.corrupt")


def test_directory_is_refused(tmp_path):
    path = tmp_path / "a-folder.db"
    path.mkdir()
    (path / "inside.txt").write_text("x")
    assert_refused(path, "book.error.is_directory")


def test_book_from_a_newer_clientbook_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    make_sqlite(path, LATEST_VERSION + 1, ["CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)",
                                           "INSERT INTO contact (name) VALUES ('张三')"])
    error = assert_refused(path, "book.error.too_new")
    assert str(LATEST_VERSION + 1) in error.message("en")


def test_database_of_another_app_is_refused(tmp_path):
    path = tmp_path / "other.sqlite"
    make_sqlite(path, 0, ["CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)",
                          "INSERT INTO songs (title) VALUES ('月亮代表我的心')"])
    assert_refused(path, "book.error.foreign")


def test_database_of_another_app_with_a_plausible_version_is_refused(tmp_path):
    """Told by its tables, not by user_version alone (a contact table is not enough either)."""
    path = tmp_path / "other.sqlite"
    make_sqlite(path, LATEST_VERSION, ["CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)",
                                       "CREATE TABLE songs (id INTEGER PRIMARY KEY, title TEXT)",
                                       "INSERT INTO contact (name) VALUES ('张三')"])
    assert_refused(path, "book.error.foreign")


def test_dangling_symlink_is_refused_and_nothing_is_created(tmp_path):
    target = tmp_path / "gone" / "clientbook.db"
    path = tmp_path / "clientbook.db"
    path.symlink_to(target)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BookError) as caught:
        open_store(path, NOW)
    assert caught.value.key == "book.error.dangling_link" and str(target) in caught.value.message("zh")
    assert sorted(p.name for p in tmp_path.iterdir()) == before and not target.parent.exists()


def test_read_only_book_is_refused(tmp_path):
    """Root writes a 0400 file all the same: there, a tmpfs remounted read-only makes it real."""
    folder = tmp_path / "ro"
    folder.mkdir()
    root = os.geteuid() == 0
    if root and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                               capture_output=True).returncode != 0:
        pytest.skip("root without mount: a read-only book cannot be had here")
    path = folder / "ro.db"
    try:
        open_store(path, NOW).close()
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            os.chmod(path, 0o400)
        assert not os.access(path, os.W_OK)
        assert_refused(path, "book.error.read_only")
        store = open_store(path, NOW, reading=True)  # what today and export do
        try:
            assert store.contacts.counts().contacts == 0
            with pytest.raises(BookError) as caught:
                store.contacts.add_contact(ContactInput(name="张三"), NOW)
            assert caught.value.key == "book.error.cannot_write"
        finally:
            store.close()
        assert sorted(p.name for p in folder.iterdir()) == ["ro.db"]
    finally:
        if root:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            os.chmod(path, 0o600)


def test_empty_file_becomes_a_new_book(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    store = open_store(path, NOW)
    try:
        store.contacts.add_contact(ContactInput(name="张三"), NOW)
        assert [r.name for r in store.contacts.search_contacts("zs")] == ["张三"]
    finally:
        store.close()


# --------------------------------------------------------------------------- upgrade
def rows(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("company", "contact")
        }
    finally:
        connection.close()


def user_version(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


def test_v1_book_opens_with_its_data_and_a_backup_when_upgraded(tmp_path):
    fixture_before = FIXTURE_V1.read_bytes()
    path = tmp_path / "clientbook.db"
    shutil.copy(FIXTURE_V1, path)
    original = rows(path)

    store = open_store(path, NOW)
    try:
        live = {r.name: r for r in store.contacts.search_contacts()}
        assert set(live) == {"张三", "单雄信"}
        assert [r.name for r in store.contacts.search_contacts(archived=True)] == ["李四"]
        assert [r.name for r in store.contacts.search_contacts("zs hwjs")] == ["张三"]
        assert [r.name for r in store.contacts.search_contacts("dxx")] == ["单雄信"]
        companies = {c.name: c for c in store.contacts.list_companies()}
        assert companies["华为技术"].grade == "A"
        zhang = store.contacts.get_contact(live["张三"].id).contact
        assert zhang.birthday == "lunar:--03-08"
        assert zhang.notes == "喜欢喝单枞"
        assert store.contacts.counts().archived == 1
        # the upgraded book takes new writes
        store.contacts.add_contact(ContactInput(name="王五", company="华为技术"), NOW)
        assert {c.name: c.contacts for c in store.contacts.list_companies()}["华为技术"] == 3

        backups = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".bak"))
        if LATEST_VERSION == 1:
            assert store.upgrade_backup is None
            assert backups == []
        else:
            backup = store.upgrade_backup
            assert backup is not None and backup.is_file()
            assert backup == backup_path_for(path, 1, NOW)
            assert backups == [backup.name]
            assert user_version(backup) == 1
            assert rows(backup) == original
            assert oct(backup.stat().st_mode & 0o777) == oct(0o600)
    finally:
        store.close()
    assert user_version(path) == LATEST_VERSION
    assert FIXTURE_V1.read_bytes() == fixture_before


# --------------------------------------------------------------------------- concurrent writers
def test_two_store_objects_writing_from_two_threads(tmp_path):
    path = tmp_path / "shared.db"
    first = open_store(path, NOW)
    second = open_store(path, NOW)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(store, prefix):
        try:
            start.wait()
            for n in range(200):
                store.contacts.add_contact(ContactInput(name=f"{prefix}{n}", company="共享公司"), NOW)
        except BaseException as exc:  # noqa: BLE001 — handed to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(s, p)) for s, p in ((first, "甲"), (second, "乙"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert not errors, errors
        assert not any(thread.is_alive() for thread in threads)
        assert first.contacts.counts().contacts == 400
        assert second.contacts.counts().contacts == 400
        # the company is looked up and created inside the write transaction: exactly one
        assert [(c.name, c.contacts) for c in first.contacts.list_companies()] == [("共享公司", 400)]
    finally:
        first.close()
        second.close()


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from clientbook.domain.contacts import ContactInput
    from clientbook.store import open_store

    store = open_store(sys.argv[1], datetime(2026, 11, 26, 10, 0))
    for n in range(100):
        store.contacts.add_contact(ContactInput(name=f"{sys.argv[2]}-{n}", company="共享公司"), datetime(2026, 11, 26, 10, 0))
    store.close()
    """
)


def test_three_processes_writing(tmp_path):
    path = tmp_path / "shared.db"
    open_store(path, NOW).close()
    processes = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"p{i}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(3)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=90)
        results.append((process.returncode, err))
    assert [code for code, _ in results] == [0, 0, 0], results
    store = open_store(path, NOW)
    try:
        assert store.contacts.counts().contacts == 300
        assert len({r.name for r in store.contacts.search_contacts()}) == 300
        assert [(c.name, c.contacts) for c in store.contacts.list_companies()] == [("共享公司", 300)]
    finally:
        store.close()


def test_an_upgrade_copies_the_old_file_aside_then_runs_the_revisions(tmp_path):
    """Version 7 → 8 is alembic's first revision: the old file is kept, the data stays, and
    everything in it belongs to the book's one rep."""
    path = tmp_path / "clientbook.db"
    shutil.copy(FIXTURES / "book-v7.db", path)
    original = rows(path)
    store = open_store(path, NOW)
    try:
        assert [r.name for r in store.contacts.search_contacts("zs")] == ["张三"]
        backup = store.upgrade_backup
        assert backup == backup_path_for(path, 7, NOW) and backup.is_file()
        assert user_version(backup) == 7
        assert rows(backup) == original
        assert oct(backup.stat().st_mode & 0o777) == oct(0o600)
    finally:
        store.close()
    assert user_version(path) == LATEST_VERSION
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(book.LATEST_REVISION,)]
        assert connection.execute("SELECT id, role FROM rep").fetchall() == [(1, "")]
        assert {owner for (owner,) in connection.execute("SELECT owner_id FROM contact")} == {1}
    finally:
        connection.close()


def test_failed_migration_leaves_the_book_at_its_old_version(tmp_path):
    """A revision that fails half-way (here: a table of that name already there) undoes the
    legacy steps and the revisions before it: the book stays at its old version, as it was."""
    path = tmp_path / "clientbook.db"
    shutil.copy(FIXTURES / "book-v6.db", path)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE owner_change (id INTEGER)")
    connection.commit()
    connection.close()
    original = rows(path)
    with pytest.raises(BookError):
        open_store(path, NOW)
    assert user_version(path) == 6
    assert rows(path) == original
    tables = {name for (name,) in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert not {"deal", "rep", "alembic_version"} & tables


CREATOR = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from clientbook.domain.contacts import ContactInput
    from clientbook.store import open_store

    store = open_store(sys.argv[1], datetime(2026, 11, 26, 10, 0))
    store.contacts.add_contact(ContactInput(name=sys.argv[2]), datetime(2026, 11, 26, 10, 0))
    store.close()
    """
)


def test_processes_creating_the_same_new_book_at_once(tmp_path):
    """First run of the TUI and a shell command together: one creates the book, the others wait."""
    path = tmp_path / "home" / "clientbook.db"
    path.parent.mkdir()
    processes = [
        subprocess.Popen([sys.executable, "-c", CREATOR, str(path), f"p{i}"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(4)
    ]
    results = [(p.communicate(timeout=90)[1], p.returncode) for p in processes]
    assert [code for _err, code in results] == [0, 0, 0, 0], [err[-400:] for err, _ in results]
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".bak")] == []
    assert user_version(path) == LATEST_VERSION
    store = open_store(path, NOW)
    try:
        assert sorted(r.name for r in store.contacts.search_contacts()) == ["p0", "p1", "p2", "p3"]
    finally:
        store.close()


OPENER = textwrap.dedent(
    """
    import sys
    from clientbook.store import open_store

    store = open_store(sys.argv[1])
    print(len(store.contacts.search_contacts()))
    store.close()
    """
)


def test_processes_opening_the_same_old_book_at_once(tmp_path):
    """After installing a newer clientbook, the TUI and a shell command may both find the old
    book: one upgrades it, the other waits and finds the upgrade done (no duplicate migration)."""
    path = tmp_path / "clientbook.db"
    shutil.copy(FIXTURE_V1, path)
    processes = [
        subprocess.Popen([sys.executable, "-c", OPENER, str(path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    results = [(*p.communicate(timeout=90), p.returncode) for p in processes]
    assert [code for _out, _err, code in results] == [0, 0, 0], [err[-400:] for _o, err, _c in results]
    assert [out.strip() for out, _err, _code in results] == ["2", "2", "2"]
    assert user_version(path) == LATEST_VERSION


@pytest.mark.parametrize("stale_version", [0, 1], ids=["create", "upgrade"])
def test_a_creator_or_upgrader_that_lost_the_race_finds_the_work_done(tmp_path, stale_version):
    """Deterministic form of the two tests above: the process that waited for the lock still
    believes the book is at `stale_version`; it must see the schema is already there."""
    from clientbook.store import book

    path = tmp_path / "clientbook.db"
    if stale_version:
        shutil.copy(FIXTURE_V1, path)
    open_store(path, NOW).close()          # the winner creates or upgrades the book
    before = rows(path)
    book._create_or_upgrade(path, stale_version)  # the loser, with what it read before waiting
    assert user_version(path) == LATEST_VERSION
    assert rows(path) == before


# --------------------------------------------------------------------------- errors inside Store operations
def test_a_full_disk_during_a_write_is_one_line_and_saves_nothing(tmp_path):
    """SQLITE_FULL (max_page_count stands in for the disk) comes out as a BookError a screen
    can show: one line, no SQL and none of the data that was being saved."""
    path = tmp_path / "clientbook.db"
    store = open_store(path, NOW)
    try:
        store.contacts.add_contact(ContactInput(name="张三"), NOW)
        with store.sessions._write.connect() as connection:  # the write engine's one pooled connection
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
            connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(BookError) as caught:
            store.contacts.add_contact(ContactInput(name="李四", notes="机密备注" * 5000), NOW)
        assert caught.value.key == "book.error.disk_full"
        for lang in ("en", "zh"):
            message = caught.value.message(lang)
            assert "\n" not in message and str(path) in message
            assert "机密" not in message and "INSERT" not in message
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
        assert [r.name for r in store.contacts.search_contacts()] == ["张三"]
    finally:
        store.close()


def damage_middle(path: Path) -> None:
    """Random bytes over the pages after the schema: the header and sqlite_master still read."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(os.urandom(size - size // 2))


def test_damage_in_the_middle_of_the_book_is_a_corrupt_book_error(tmp_path):
    path = tmp_path / "clientbook.db"
    store = open_store(path, NOW)
    for n in range(400):
        store.contacts.add_contact(ContactInput(name=f"联系人{n}", notes="备注" * 50), NOW)
    store.close()
    damage_middle(path)
    store = None
    with pytest.raises(BookError) as caught:   # on opening, or at the first read of a damaged page
        store = open_store(path, NOW)
        for query in ("", "联系人3"):
            store.contacts.search_contacts(query)
        store.contacts.counts()
    if store is not None:
        store.close()
    assert caught.value.key == "book.error.corrupt"
    assert "\n" not in caught.value.message("zh")


def test_a_damaged_book_never_rotates_out_the_last_good_daily_copy(tmp_path):
    from datetime import date, timedelta

    from clientbook.store.backup import KEEP_DAILY, check_backup, daily_backup

    path = tmp_path / "clientbook.db"
    store = open_store(path, NOW)
    for n in range(400):
        store.contacts.add_contact(ContactInput(name=f"联系人{n}", notes="备注" * 50), NOW)
    store.close()
    first = date(2026, 11, 1)
    for day in range(KEEP_DAILY):
        daily_backup(path, first + timedelta(days=day))
    good = sorted((tmp_path / "backups").iterdir())
    assert len(good) == KEEP_DAILY
    damage_middle(path)
    with pytest.raises(BookError) as caught:
        daily_backup(path, first + timedelta(days=KEEP_DAILY))
    assert caught.value.key == "book.error.corrupt" and str(path) in caught.value.message("en")
    assert sorted((tmp_path / "backups").iterdir()) == good  # nothing rotated out, no partial left
    for copy in good:
        check_backup(copy)
