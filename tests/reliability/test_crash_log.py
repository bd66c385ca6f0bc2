"""An unexpected error inside the app ends in one line and a log file, never a traceback."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta

from clientbook.errors import BookError
from clientbook.ui.crash import run_guarded


# Defined here, away from the lines a traceback shows, so only the error's text could leak them.
BOOM = "boom"
SECRET = "张三 机密备注"


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
        raise ZeroDivisionError(BOOM)
    except ZeroDivisionError as exc:
        error = exc
    assert run_guarded(FakeApp(error)) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "ZeroDivisionError" in err and "Traceback" not in err
    [log] = (tmp_path / "logs").glob("crash-*.log")
    assert "Traceback" in log.read_text() and "ZeroDivisionError" in log.read_text()
    assert "boom" not in log.read_text()  # messages may hold the book's data: types and frames only


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


def sqlalchemy_error_with_data(tmp_path):
    """A real SQLAlchemy error whose text carries the SQL parameters (a name and a note)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (name TEXT UNIQUE)"))
            for _ in range(2):
                connection.execute(text("INSERT INTO t VALUES (:name)"), {"name": SECRET})
    except Exception as exc:  # noqa: BLE001
        assert "机密备注" in str(exc)  # what the log must not keep
        return exc
    finally:
        engine.dispose()
    raise AssertionError("no error")


def test_crash_log_is_private_under_umask_000_and_holds_no_data(tmp_path, monkeypatch, capsys):
    home = tmp_path / "a" / "b" / "home"
    monkeypatch.setenv("CLIENTBOOK_HOME", str(home))
    error = sqlalchemy_error_with_data(tmp_path)
    old = os.umask(0)
    try:
        assert run_guarded(FakeApp(error)) == 1
    finally:
        os.umask(old)
    [log] = (home / "logs").glob("crash-*.log")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    for folder in (home / "logs", home, home.parent, home.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    content = log.read_text(encoding="utf-8")
    assert "IntegrityError" in content and "Traceback" in content
    assert "机密" not in content and "张三" not in content
    assert "机密" not in capsys.readouterr().err


def test_crash_log_never_follows_a_planted_symlink(tmp_path, monkeypatch):
    home = tmp_path / "home"
    logs = home / "logs"
    logs.mkdir(parents=True)
    target = tmp_path / "victim.txt"
    target.write_text("keep me")
    start = datetime.now()
    for second in range(5):  # every name the log could take in the next seconds
        stamp = f"{start + timedelta(seconds=second):%Y%m%d-%H%M%S}"
        os.symlink(target, logs / f"crash-{stamp}.log")
    monkeypatch.setenv("CLIENTBOOK_HOME", str(home))
    assert run_guarded(FakeApp(ZeroDivisionError("boom"))) == 1
    assert target.read_text() == "keep me"
    [log] = [p for p in logs.iterdir() if not p.is_symlink()]
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and "ZeroDivisionError" in log.read_text()
