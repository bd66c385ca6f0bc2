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


def test_team_import_moves_a_reps_book_in_as_theirs_joining_a_look_alike(tmp_path, pg_server, pg_url, admin_url, monkeypatch):
    from conftest import NOW, add_contact

    from clientbook.domain.interactions import InteractionInput, Kind
    from clientbook.services import team_admin
    from clientbook.store import open_store

    database = admin_url.rsplit("/", 1)[1]
    rep = f"li_{database}"
    team_admin.add_rep(ServerBook(pg_url), "Li", rep, REP_PASSWORD, NOW)
    team = open_store(ServerBook(pg_url))
    try:
        team_zhang = add_contact(team, name="张伟", company="华为", phones="13800138000")
    finally:
        team.close()
    own = open_store(tmp_path / "li.db", NOW)
    try:
        zhang = add_contact(own, name="张伟", company="华为技术", phones="138 0013 8000")
        lina = add_contact(own, name="李娜", company="腾讯")
        for contact_id, notes in ((zhang, "谈了报价"), (lina, "初次拜访")):
            own.capture.log_interaction(InteractionInput(Kind.VISIT, NOW, [contact_id], summary="visit", notes=notes), NOW)
    finally:
        own.close()

    monkeypatch.setenv("PGPASSWORD", REP_PASSWORD)
    moved = run(tmp_path, "--db", admin_url.replace(f"{SUPERUSER}@", f"{rep}@"), "team", "import", str(tmp_path / "li.db"), "--yes")
    assert moved.returncode == 0, moved.stderr
    assert "1 new contact; 1 look-alike of the team's own contacts join" in moved.stdout
    assert f"#{team_zhang} 张伟 (华为)" in moved.stdout and "same phone" in moved.stdout
    with pg_server.admin(database) as connection:
        li = connection.execute("SELECT id FROM rep WHERE role = %s", (rep,)).fetchone()[0]
        assert connection.execute("SELECT c.name, c.owner_id IS NOT DISTINCT FROM %s, co.name FROM contact c JOIN company co"
                                  " ON co.id = c.company_id ORDER BY c.id", (li,)).fetchall() == [
            ("张伟", False, "华为"), ("李娜", True, "腾讯")]
        assert connection.execute("SELECT i.notes, i.author_id = %s, c.name FROM interaction i JOIN interaction_contact l"
                                  " ON l.interaction_id = i.id JOIN contact c ON c.id = l.contact_id ORDER BY i.id",
                                  (li,)).fetchall() == [("谈了报价", True, "张伟"), ("初次拜访", True, "李娜")]
        # Insights' kept rows are made for every contact the import brought or joined, not copied
        assert connection.execute("SELECT c.name, t.interaction_id = l.interaction_id FROM contact_touch t"
                                  " JOIN contact c ON c.id = t.contact_id JOIN interaction_contact l"
                                  " ON l.contact_id = t.contact_id ORDER BY c.id").fetchall() == [("张伟", True), ("李娜", True)]


def test_backup_of_a_team_book_is_pg_dumps_or_says_the_servers_backups_apply(tmp_path, pg_server, admin_url, monkeypatch):
    from pg_support import binaries

    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))        # no pg_dump here
    told = run(tmp_path, "--db", admin_url, "backup")
    assert told.returncode == 0, told.stderr
    assert told.stdout.strip().startswith("No pg_dump here: the team book postgresql+psycopg://postgres@")
    assert not (tmp_path / "backups").exists()

    monkeypatch.setenv("PATH", str(binaries()))
    dumped = run(tmp_path, "--db", admin_url, "backup")
    assert dumped.returncode == 0, dumped.stderr
    (dump,) = (tmp_path / "backups").iterdir()
    assert dump.stat().st_mode & 0o777 == 0o600 and dump.read_bytes().startswith(b"PGDMP")
    assert str(dump) in dumped.stdout and SUPERUSER_PASSWORD not in dumped.stdout + dumped.stderr
