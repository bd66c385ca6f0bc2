"""`clientbook log` and `add` keep a pasted e-mail whole and refuse what is over a field's limit,
naming the field and the limit: never "Logged…" with the text cut."""

from __future__ import annotations

from clientbook.domain.text import MAX_TEXT
from clientbook.store import open_store
from test_cli import run

# ASCII: one argument may hold 128 KiB (MAX_ARG_STRLEN), so 100,000 CJK characters cannot be typed
EMAIL = ("Re: phase 2 quote - they want the plan by next week.\n" * 2_000)[:MAX_TEXT - 1] + "."


def summaries(book) -> list[str]:
    store = open_store(book)
    try:
        return [row.summary for row in store.agenda.recent_interactions()]
    finally:
        store.close()


def test_a_100000_character_note_is_logged_whole_one_more_is_refused(tmp_path):
    home, book = tmp_path / "home", tmp_path / "book.db"
    assert run(home, "--db", str(book), "add", "张伟").returncode == 0
    longer = run(home, "--db", str(book), "log", "张伟", "call", EMAIL + "!")
    assert longer.returncode == 2
    [line] = longer.stderr.strip().splitlines()
    assert "note" in line and "100000" in line, line
    assert summaries(book) == []                                     # nothing written

    result = run(home, "--db", str(book), "log", "张伟", "call", EMAIL)
    assert result.returncode == 0, result.stderr
    assert summaries(book) == [EMAIL]


def test_add_refuses_a_note_over_the_limit_in_chinese(tmp_path):
    home, book = tmp_path / "home", tmp_path / "book.db"
    result = run(home, "--lang", "zh", "--db", str(book), "add", "张伟", "--note", "x" * (MAX_TEXT + 1))
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "备注" in line and "100000" in line, line
    assert not book.exists()                                         # nothing written, not even a book


def test_a_chinese_email_too_long_for_one_argument_is_read_from_standard_input(tmp_path):
    import os
    import subprocess
    import sys

    home, book = tmp_path / "home", tmp_path / "book.db"
    assert run(home, "--db", str(book), "add", "张伟").returncode == 0
    email = ("二期报价：对方希望下周前拿到方案。\n" * 7_000)[:MAX_TEXT]       # ~300 KB in UTF-8
    env = {**os.environ, "CLIENTBOOK_HOME": str(home), "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}

    def log(note: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "clientbook", "--db", str(book), "log", "张伟", "call", "-"],
                              input=note, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)

    refused = log(email + "多")
    assert refused.returncode == 2 and summaries(book) == []
    result = log(email)
    assert result.returncode == 0, result.stderr
    assert summaries(book) == [email.strip()]
