"""backup and restore from the shell: over damaged books, on a full disk."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from clientbook.store import open_store
from cli_support import run


def names(path: Path) -> list[str]:
    store = open_store(path)
    try:
        return sorted(row.name for row in store.contacts.search_contacts())
    finally:
        store.close()


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="session")
def made_backup(tmp_path_factory) -> Path:
    """What `clientbook backup` writes of a book with 张三 and 李四: made once per worker (three
    runs of the command, ~2.5 s of CPU), a copy for each test. The runs leave nothing in home."""
    folder = tmp_path_factory.mktemp("made")
    book = folder / "made" / "clientbook.db"
    for name in ("张三", "李四"):
        assert run(folder / "home", "--db", str(book), "add", name).returncode == 0
    target = folder / "good.db"
    assert run(folder / "home", "--db", str(book), "backup", str(target)).returncode == 0
    return target


@pytest.fixture
def good_backup(tmp_path, made_backup) -> Path:
    target = tmp_path / "good.db"
    shutil.copyfile(made_backup, target)
    return target


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 3]


def _random(data: bytes) -> bytes:
    return os.urandom(len(data))


def _damaged_middle(data: bytes) -> bytes:
    half = len(data) // 2
    return data[:half] + os.urandom(len(data) - half)


@pytest.mark.parametrize("damage", [_truncated, _random, _damaged_middle], ids=["truncated", "random", "middle"])
def test_restore_replaces_a_damaged_book_and_keeps_its_bytes_aside(tmp_path, good_backup, damage):
    book = tmp_path / "mine" / "clientbook.db"
    book.parent.mkdir()
    filler = tmp_path / "filler.db"
    store = open_store(filler)
    from datetime import datetime

    from clientbook.domain.contacts import ContactInput

    for n in range(300):
        store.contacts.add_contact(ContactInput(name=f"王{n}", notes="备注" * 60), datetime(2026, 11, 26))
    store.close()
    damaged = damage(filler.read_bytes())
    book.write_bytes(damaged)
    assert run(tmp_path / "home", "--db", str(book), "today").returncode == 2  # what sends the rep here

    result = run(tmp_path / "home", "--db", str(book), "restore", str(good_backup))
    assert result.returncode == 0, result.stderr
    assert names(book) == ["张三", "李四"]
    [kept] = [p for p in book.parent.iterdir() if ".before-restore-" in p.name]
    assert kept.read_bytes() == damaged and str(kept) in result.stdout
    assert run(tmp_path / "home", "--db", str(book), "today").returncode == 0


def test_restore_over_a_good_book_keeps_a_copy_of_it(tmp_path, good_backup):
    book = tmp_path / "mine" / "clientbook.db"
    assert run(tmp_path / "home", "--db", str(book), "add", "赵六").returncode == 0
    result = run(tmp_path / "home", "--db", str(book), "restore", str(good_backup))
    assert result.returncode == 0, result.stderr
    assert names(book) == ["张三", "李四"]
    [kept] = [p for p in book.parent.iterdir() if ".before-restore-" in p.name]
    assert names(kept) == ["赵六"]


# --------------------------------------------------------------------------- full disk
def file_size_limit(limit: int):
    """For the child: writes past `limit` bytes fail with EFBIG, as on a full disk."""
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def intact(path: Path) -> bool:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        connection.close()


NOTE = "谈了二期报价" * 6000  # about 100 KB: more than the WAL may grow


@pytest.mark.parametrize("command", [["log", "张三", "call", NOTE], ["add", "李四", "--note", NOTE], ["backup"]],
                         ids=["log", "add", "backup"])
def test_a_full_disk_is_one_line_and_nothing_half_written(tmp_path, command):
    book = tmp_path / "mine" / "clientbook.db"
    assert run(tmp_path / "home", "--db", str(book), "add", "张三").returncode == 0
    before = book.read_bytes()
    line = one_line(run(tmp_path / "home", "--db", str(book), *command, preexec=file_size_limit(32_768)))
    assert str(book.parent) in line
    assert book.read_bytes() == before and intact(book) and names(book) == ["张三"]
    assert sorted(p.name for p in book.parent.iterdir()) in (["clientbook.db"], ["backups", "clientbook.db"])
    assert not (book.parent / "backups").exists() or not any((book.parent / "backups").iterdir())


def test_a_new_book_on_a_full_disk_leaves_no_half_made_file(tmp_path):
    book = tmp_path / "new" / "clientbook.db"
    line = one_line(run(tmp_path / "home", "--db", str(book), "add", "张三", preexec=file_size_limit(16_384)))
    assert str(book) in line
    assert list(book.parent.iterdir()) == []


@pytest.fixture
def small_tmpfs(tmp_path):
    """A real 1.2 MB file system (mount needs root; skipped where it cannot be had)."""
    folder = tmp_path / "tmpfs"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root, or no mount privilege)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_really_full_tmpfs_data_folder(small_tmpfs, tmp_path):
    home = small_tmpfs / "home"
    book = home / "clientbook.db"
    assert run(home, "add", "张三").returncode == 0
    filler = small_tmpfs / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:  # fill what is left of the disk
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    before = book.read_bytes()
    for command in (["log", "张三", "call", NOTE], ["add", "李四", "--note", NOTE], ["backup"]):
        line = one_line(run(home, *command))
        assert str(home) in line, command
        assert book.read_bytes() == before, command
    filler.unlink()
    assert intact(book) and names(book) == ["张三"]
