"""A team book made by an earlier clientbook: the app says how to bring it up to date instead
of failing on a missing table, and `clientbook team upgrade` (the admin's) runs the alembic
revisions on the server, the new tables reaching the reps with their grants and change notice."""

from __future__ import annotations

import time

import pytest
from alembic import command
from sqlalchemy import create_engine

from cli_support import run
from conftest import NOW, add_contact
from test_team_access import log, team  # noqa: F401  (the fixture: reps ana and bo, manager boss)

from clientbook.errors import BookError
from clientbook.location import ServerBook
from clientbook.store import book, open_store
from clientbook.store.policies import NOTE_IDS
from clientbook.store.server import upgrade_team_book


def test_an_older_team_book_is_refused_until_the_admin_upgrades_it(team, pg_url, tmp_path):  # noqa: F811
    engine = create_engine(pg_url)
    try:
        with engine.begin() as connection:     # as the previous clientbook left it: schema 8, no note pairs
            command.downgrade(book.alembic_config(connection), "0008_team")
            connection.exec_driver_sql(f"DROP FUNCTION {NOTE_IDS}")
            connection.exec_driver_sql("DROP FUNCTION clientbook_note_pairs CASCADE")
            connection.exec_driver_sql("DROP INDEX ix_contact_company_last_contact")
    finally:
        engine.dispose()
    with pytest.raises(BookError) as refused:
        open_store(ServerBook(team.url("ana")))
    assert refused.value.key == "book.error.team_outdated" and "clientbook team upgrade" in refused.value.message("en")
    with pytest.raises(BookError):             # a rep cannot: the tables are the admin's
        upgrade_team_book(ServerBook(team.url("ana")))

    done = run(tmp_path, "--db", pg_url, "team", "upgrade", "--lang", "zh")    # the admin, from the shell
    assert done.returncode == 0 and "已升级到最新" in done.stdout and "test-superuser" not in done.stdout + done.stderr
    assert upgrade_team_book(ServerBook(pg_url)) is False          # nothing more to do
    with team.server.admin(team.database) as admin:                # the pool's index is back
        assert admin.execute("SELECT to_regclass('ix_contact_company_last_contact')").fetchone()[0] is not None
    ana = open_store(ServerBook(team.url("ana")))
    try:
        zhang = add_contact(ana, name="张伟", company="华为")     # the note search's pairs and function are back
        log(ana, zhang, "月饼 已送到，报价 下周")
        assert [h.text for h in ana.capture.search_notes("报价")] == ["visit · 月饼 已送到，报价 下周"]
        with team.server.admin(team.database) as admin:           # Insights' kept rows, by the new function
            assert admin.execute("SELECT contact_id FROM contact_touch").fetchall() == [(zhang,)]
        ana.reminders.mark_given(["followup:1:2026-11-26"], NOW)  # a table the upgrade made, granted to the team
        assert ana.reminders.given(["followup:1:2026-11-26"]) == {"followup:1:2026-11-26"}
        token = ana.change_token()
        with team.server.admin(team.database) as admin:           # another program's write is noticed there too
            admin.execute("DELETE FROM reminder_given")
        for _ in range(50):
            if ana.change_token() != token:
                break
            time.sleep(0.1)
        assert ana.change_token() != token
    finally:
        ana.close()


def test_upgrade_replaces_an_earlier_note_search_function(team, pg_url):  # noqa: F811
    ana = open_store(ServerBook(team.url("ana")))
    try:
        log(ana, add_contact(ana, name="张伟", company="华为"), "月饼 已送到")
        with team.server.admin(team.database) as admin:    # as an earlier clientbook wrote it (here: finds nothing)
            admin.execute("CREATE OR REPLACE FUNCTION clientbook_note_ids(kind text, pairs tsquery, phrase tsquery,"
                          " n integer) RETURNS SETOF integer LANGUAGE plpgsql VOLATILE AS $$ BEGIN RETURN; END $$")
        assert ana.capture.search_notes("月饼") == []
        assert upgrade_team_book(ServerBook(pg_url)) is True
        assert [h.text for h in ana.capture.search_notes("月饼")] == ["visit · 月饼 已送到"]
        assert upgrade_team_book(ServerBook(pg_url)) is False
    finally:
        ana.close()
