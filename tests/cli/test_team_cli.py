"""A team book on PostgreSQL from the shell, as the rep runs it: `clientbook --db URL team init`,
then add, log and today on it; the server's refusals as one line in either language, and never
the password (tests/pg_support.py's server, one per worker)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from cli_support import run
from pg_support import SUPERUSER_PASSWORD


@pytest.fixture
def home(tmp_path):
    return tmp_path / "cbhome"


def one_line_without_password(result) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line and SUPERUSER_PASSWORD not in result.stderr + result.stdout
    return line


def test_team_init_then_add_log_and_today(home, pg_server, pg_url):
    refused = run(home, "--db", pg_url, "today")      # an empty database is not a book yet
    assert "clientbook team init" in one_line_without_password(refused)

    made = run(home, "--db", pg_url, "team", "init")
    assert made.returncode == 0, made.stderr
    assert "***" in made.stdout and SUPERUSER_PASSWORD not in made.stdout
    assert "already" in one_line_without_password(run(home, "--db", pg_url, "team", "init"))

    added = run(home, "--db", pg_url, "add", "王总", "--company", "华为", "--title", "总经理")
    assert added.returncode == 0, added.stderr
    logged = run(home, "--db", pg_url, "log", "wz", "call", "谈了二期报价", "--follow-up", "tomorrow", "发报价单")
    assert logged.returncode == 0, logged.stderr
    today = run(home, "--db", pg_url, "today", "--json")
    assert today.returncode == 0, today.stderr
    agenda = json.loads(today.stdout)
    tomorrow = (date.fromisoformat(agenda["date"]) + timedelta(days=1)).isoformat()
    assert [(f["contact"], f["what"], f["due"]) for f in agenda["upcoming"]] == [("王总", "发报价单", tomorrow)]
    assert [(r["kind"], r["contacts"], r["summary"]) for r in agenda["recent"]] == [("call", "王总", "谈了二期报价")]
    assert "pg_dump" in one_line_without_password(run(home, "--db", pg_url, "backup"))
    secret = run(home, "--db", pg_url, "log", "wz", "visit", "家里有事", "--private")   # read by its author alone
    assert secret.returncode == 0, secret.stderr
    with pg_server.admin(pg_url.rsplit("/", 1)[1]) as admin:
        assert admin.execute("SELECT summary FROM interaction WHERE private").fetchall() == [("家里有事",)]


def test_server_refusals_are_one_line_in_both_languages(home, pg_server, pg_url, monkeypatch):
    wrong = pg_server.url("postgres", password="not-the-password")
    assert "password" in one_line_without_password(run(home, "--db", wrong, "today"))
    missing = pg_url.rsplit("/", 1)[0] + "/no_such_book"
    assert "没有这个数据库" in one_line_without_password(run(home, "--db", missing, "today", "--lang", "zh"))
    down = f"postgresql+psycopg://postgres:{SUPERUSER_PASSWORD}@127.0.0.1:1/book"
    assert "无法连接" in one_line_without_password(run(home, "--db", down, "add", "张三", "--lang", "zh"))

    # config.toml's [book] url: a password there is refused; without one, PGPASSWORD gives it.
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(f'[book]\nurl = "{pg_url}"\n', encoding="utf-8")
    assert "PGPASSWORD" in one_line_without_password(run(home, "today"))
    (home / "config.toml").write_text(f'[book]\nurl = "{pg_url.replace(":" + SUPERUSER_PASSWORD, "")}"\n',
                                      encoding="utf-8")
    monkeypatch.setenv("PGPASSWORD", SUPERUSER_PASSWORD)
    assert run(home, "team", "init").returncode == 0
    listed = run(home, "today")
    assert listed.returncode == 0 and "***" not in listed.stdout, listed.stderr
