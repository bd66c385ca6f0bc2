"""`clientbook team add-rep` / `set-manager` from the shell, run by the team's admin (the role
that made the book; its password from PGPASSWORD): the new rep logs in with their own password."""

from __future__ import annotations

import psycopg
import pytest

from cli_support import run
from pg_support import SUPERUSER, SUPERUSER_PASSWORD

from clientbook.location import ServerBook
from clientbook.store.server import create_team_book

REP_PASSWORD = "wang-fang-2026"


@pytest.fixture
def admin_url(pg_url, monkeypatch):
    """A team book, and the admin's URL without its password (PGPASSWORD holds it, as in a shell)."""
    create_team_book(ServerBook(pg_url))
    monkeypatch.setenv("PGPASSWORD", SUPERUSER_PASSWORD)
    monkeypatch.setenv("REP_PW", REP_PASSWORD)
    return pg_url.replace(f":{SUPERUSER_PASSWORD}@", "@")


def test_add_rep_then_set_manager_and_the_rep_logs_in_with_their_password(tmp_path, pg_server, admin_url):
    database = admin_url.rsplit("/", 1)[1]
    role = f"wangfang_{database}"
    added = run(tmp_path, "--db", admin_url, "team", "add-rep", "王芳", "--role", role, "--password-env", "REP_PW")
    assert added.returncode == 0, added.stderr
    assert f"王芳 (login {role})" in added.stdout
    assert REP_PASSWORD not in added.stdout + added.stderr and SUPERUSER_PASSWORD not in added.stdout

    made_manager = run(tmp_path, "--db", admin_url, "team", "set-manager", "王芳", "--lang", "zh")
    assert made_manager.returncode == 0, made_manager.stderr
    assert made_manager.stdout.strip() == f"王芳（{role}）现在是主管"

    with psycopg.connect(pg_server.libpq_url(database, role, REP_PASSWORD)) as connection:
        assert connection.execute("SELECT name, manager, clientbook_rep() = id, clientbook_is_manager() FROM rep"
                                  " WHERE role = current_user").fetchone() == ("王芳", True, True, True)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_server.libpq_url(database, role, "wrong-password")).close()


def test_add_rep_refuses_a_bad_login_name_and_a_rep_cannot_add_one(tmp_path, pg_server, admin_url, monkeypatch):
    # A name that cannot be a login, said before any password is asked for, in both languages.
    refused = run(tmp_path, "--db", admin_url, "team", "add-rep", "王芳", "--lang", "zh")
    assert refused.returncode == 2 and refused.stderr.startswith("clientbook: '王芳' 不能作登录名")
    database = admin_url.rsplit("/", 1)[1]
    rep = f"li_{database}"
    assert run(tmp_path, "--db", admin_url, "team", "add-rep", "Li", "--role", rep, "--password-env", "REP_PW").returncode == 0
    monkeypatch.setenv("PGPASSWORD", REP_PASSWORD)     # Li, not the admin, tries to add a rep
    denied = run(tmp_path, "--db", admin_url.replace(f"{SUPERUSER}@", f"{rep}@"), "team", "add-rep", "Zhao",
                 "--role", f"zhao_{database}", "--password-env", "REP_PW")
    assert denied.returncode == 2 and "Only the team's admin" in denied.stderr, denied.stderr
    with pg_server.admin(database) as connection:
        assert connection.execute("SELECT name FROM rep WHERE role <> current_user").fetchall() == [("Li",)]
