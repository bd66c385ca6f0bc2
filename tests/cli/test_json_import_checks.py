"""`clientbook import book.json` refuses a book with a value no other way in would accept: one
line naming the table, row and column, exit 2, nothing written; never a traceback."""

from __future__ import annotations

import json

import pytest

from clientbook.store import open_store
from test_cli import run


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("good")
    home, book = folder / "home", folder / "book.db"
    assert run(home, "--db", str(book), "add", "张伟", "--company", "华为").returncode == 0
    assert run(home, "--db", str(book), "log", "张伟", "call", "谈了报价", "--follow-up", "明天", "发报价").returncode == 0
    assert run(home, "--db", str(book), "export", "--json", str(folder / "book.json")).returncode == 0
    return json.loads((folder / "book.json").read_text(encoding="utf-8"))


def bad_file(tmp_path, good, change) -> str:
    data = json.loads(json.dumps(good))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["tables"]["interaction"][0].update(kind="teleport"), ("interaction", "row 1", "kind", "teleport")),
    (lambda d: d["tables"]["followup"][0].update(contact_id=999999), ("followup", "row 1", "contact_id", "999999")),
    (lambda d: d["tables"]["contact"][0].update(name=None), ("contact", "row 1", "name")),
], ids=["kind", "dangling", "null name"])
def test_a_bad_json_book_is_one_line_exit_2_and_nothing_written(tmp_path, good, change, words):
    book = tmp_path / "target.db"
    result = run(tmp_path / "home", "--db", str(book), "import", bad_file(tmp_path, good, change), "--yes")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    for word in words:
        assert word in line, (word, line)
    store = open_store(book)
    try:
        assert store.interop.is_empty()
    finally:
        store.close()
    ok = run(tmp_path / "home", "--db", str(book), "import", bad_file(tmp_path, good, lambda d: None), "--yes")
    assert ok.returncode == 0, ok.stderr                              # the same book, unbroken, takes a good one


def test_a_deeply_nested_json_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    result = run(tmp_path / "home", "--db", str(tmp_path / "book.db"), "import", str(path), "--yes")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
