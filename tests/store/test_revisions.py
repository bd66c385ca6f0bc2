"""Schema upgrades from version 7 on are alembic revisions that run on SQLite and PostgreSQL
alike: each engine's schema after the revisions is the one the models make."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from clientbook.store import book, open_store
from clientbook.store.models import all_tables


def differences(connection) -> list:
    """What alembic's autogenerate would change to make the database match the models (the
    SQLite note index, not a model, aside)."""
    def modelled(name, kind, _parent):
        return not (kind == "table" and name.startswith("note_fts"))

    context = MigrationContext.configure(connection, opts={"include_name": modelled})
    return compare_metadata(context, all_tables())


def test_the_revisions_chain_ends_at_the_books_latest_version():
    scripts = ScriptDirectory.from_config(book.alembic_config(None))
    assert scripts.get_current_head() == book.LATEST_REVISION
    chain = [revision.revision for revision in reversed(list(scripts.walk_revisions()))]
    assert chain == [name for name, _tables in book.REVISIONS.values()]


def test_a_new_sqlite_book_is_at_the_head_revision_and_matches_the_models(tmp_path):
    path = tmp_path / "book.db"
    open_store(path).close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == book.LATEST_REVISION
            assert differences(connection) == []
    finally:
        engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == book.LATEST_VERSION


@pytest.mark.parametrize("revision", [name for name, _tables in book.REVISIONS.values()][:-1])
def test_postgresql_goes_down_and_up_the_revisions_to_the_models_schema(pg_url, revision):
    """A team book made at the head, taken down to an earlier revision and up again: every
    revision's upgrade and downgrade runs on PostgreSQL, and the result is the models' schema."""
    engine = create_engine(pg_url)
    try:
        with engine.begin() as connection:
            book.create_schema(connection)
            assert differences(connection) == []
        with engine.begin() as connection:
            command.downgrade(book.alembic_config(connection), revision)
            assert MigrationContext.configure(connection).get_current_revision() == revision
            assert differences(connection) != []
        with engine.begin() as connection:
            command.upgrade(book.alembic_config(connection), "head")
            assert MigrationContext.configure(connection).get_current_revision() == book.LATEST_REVISION
            assert differences(connection) == []
            assert connection.exec_driver_sql("SELECT id, role FROM rep").all() == [(1, "")]
    finally:
        engine.dispose()
