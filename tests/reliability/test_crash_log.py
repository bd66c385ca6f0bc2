"""An unexpected error inside the app ends in one line and a log file, never a traceback."""

from __future__ import annotations

from clientbook.store.errors import BookError
from clientbook.ui.crash import run_guarded


class FakeApp:
    """Stands in for a Textual app whose run() ended on an unhandled error."""

    def __init__(self, error):
        self._exception = error
        self.return_code = 1

    def run(self):
        pass


def test_unexpected_error_is_logged_and_reported_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLIENTBOOK_HOME", str(tmp_path))
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError as exc:
        error = exc
    assert run_guarded(FakeApp(error)) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "ZeroDivisionError" in err and "Traceback" not in err
    [log] = (tmp_path / "logs").glob("crash-*.log")
    assert "Traceback" in log.read_text() and "boom" in log.read_text()


def test_book_errors_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLIENTBOOK_HOME", str(tmp_path))
    assert run_guarded(FakeApp(BookError("book.error.locked", path="x.db"))) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "x.db" in err
    assert not (tmp_path / "logs").exists()


def test_a_clean_exit_returns_the_app_code(tmp_path, monkeypatch):
    app = FakeApp(None)
    app.return_code = 0
    assert run_guarded(app) == 0
