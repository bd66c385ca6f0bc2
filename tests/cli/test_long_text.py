"""`clientbook log` and `add` keep a pasted e-mail whole and refuse what is over a field's limit,
naming the field and the limit: never "Logged…" with the text cut."""

from __future__ import annotations

from clientbook.domain.contacts import MAX_TEXT
from clientbook.store import open_store
from test_cli import run

# ASCII: one argument may hold 128 KiB (MAX_ARG_STRLEN), so 100,000 CJK characters cannot be typed
EMAIL = ("Re: phase 2 quote - they want the plan by next week.\n" * 2_000)[:MAX_TEXT - 1] + "."


def summaries(book) -> list[str]:
    store = open_store(book)
    try:
        return [row.summary for row in store.recent_interactions()]
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
