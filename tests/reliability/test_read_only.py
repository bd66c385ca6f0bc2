"""A book in a read-only folder: reading commands work, writing ones say what is wrong, and
no -wal/-shm (nor anything else) is left beside it. As root, permission bits do not bite, so a
tmpfs remounted read-only stands in for the folder (skipped where it cannot be mounted)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from cli_support import run


@pytest.fixture
def read_only_book(tmp_path):
    """(book, home): a book with 张三 and a follow-up, in a folder nobody may write to."""
    folder = tmp_path / "ro"
    folder.mkdir()
    home = tmp_path / "home"
    root = os.geteuid() == 0
    if root and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                               capture_output=True).returncode != 0:
        pytest.skip("root without mount: a read-only folder cannot be had here")
    book = folder / "clientbook.db"
    try:
        assert run(home, "--db", str(book), "add", "张三", "--company", "华为").returncode == 0
        assert run(home, "--db", str(book), "log", "张三", "call", "报价", "--follow-up", "明天", "发报价单").returncode == 0
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            folder.chmod(0o555)
            book.chmod(0o444)
        assert not os.access(folder, os.W_OK)
        yield book, home
    finally:
        if root:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            folder.chmod(0o755)


def listing(book: Path):
    return sorted(p.name for p in book.parent.iterdir()), book.read_bytes()


def test_reading_commands_work_on_a_read_only_book(read_only_book, tmp_path):
    book, home = read_only_book
    before = listing(book)
    result = run(home, "--db", str(book), "today")
    assert result.returncode == 0, result.stderr
    assert "发报价单" in result.stdout and "张三" in result.stdout
    out = tmp_path / "out.vcf"
    result = run(home, "--db", str(book), "export", "--vcf", str(out))
    assert result.returncode == 0, result.stderr
    assert "张三" in out.read_text(encoding="utf-8")
    result = run(home, "--db", str(book), "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    assert listing(book) == before


@pytest.mark.parametrize("command", [["add", "李四"], ["log", "张三", "call", "又谈了"]], ids=["add", "log"])
def test_writing_commands_say_the_folder_is_read_only_and_leave_nothing(read_only_book, command):
    book, home = read_only_book
    before = listing(book)
    result = run(home, "--db", str(book), *command)
    assert result.returncode == 2, (result.stdout, result.stderr)
    [line] = result.stderr.strip().splitlines()
    assert "read-only" in line and "damaged" not in line
    assert listing(book) == before
