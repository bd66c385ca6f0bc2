"""backup and restore from the shell: over damaged books, on a full disk."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from clientbook.store import open_store


def run(home: Path, *args: str, preexec=None, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(CLIENTBOOK_HOME=str(home), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "clientbook", *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, preexec_fn=preexec)


def names(path: Path) -> list[str]:
    store = open_store(path)
    try:
        return sorted(row.name for row in store.search_contacts())
    finally:
        store.close()


def one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def good_backup(tmp_path) -> Path:
    book = tmp_path / "made" / "clientbook.db"
    for name in ("张三", "李四"):
        assert run(tmp_path / "home", "--db", str(book), "add", name).returncode == 0
    target = tmp_path / "good.db"
    assert run(tmp_path / "home", "--db", str(book), "backup", str(target)).returncode == 0
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
        store.add_contact(ContactInput(name=f"王{n}", notes="备注" * 60), datetime(2026, 11, 26))
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
