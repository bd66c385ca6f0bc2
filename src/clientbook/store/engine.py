"""Engines for one book file: one for reads, one for writes that takes the lock up front.

pysqlite's own transaction handling is turned off so we can issue BEGIN IMMEDIATE for
writes: a writer then waits on the busy timeout for its turn instead of failing with
"database is locked" when another process (the TUI, a `clientbook log`) is writing.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from clientbook.store.book import BUSY_TIMEOUT_MS, configure


def make_engine(path: Path, *, for_writes: bool) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_size=1 if for_writes else 5,
        max_overflow=0 if for_writes else 10,
        pool_timeout=60,
        hide_parameters=True,  # errors (and so crash logs) never carry the rep's names and notes
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        configure(dbapi_connection)  # BEGIN is ours, below

    # How long a transaction waits for another program's lock; Store.wait_at_most changes it
    # (the TUI waits a few seconds and tells the rep, the shell keeps the full wait).
    engine.busy_timeout_ms = BUSY_TIMEOUT_MS

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {engine.busy_timeout_ms}")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if for_writes else "BEGIN")

    return engine
