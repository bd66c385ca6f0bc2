"""The store: one Sessions over the book's engines, and one repository per area over it.
Screens and the CLI ask the services, which ask a repository for plain values; no Session or
ORM object leaves a repository attached to a session."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from clientbook.errors import is_server_error, translate
from clientbook.location import Book, ServerBook
from clientbook.store.book import connect_for_reading
from clientbook.store.capture import CaptureRepository
from clientbook.store.contacts import ContactsRepository
from clientbook.store.server import plain


class Sessions:
    """Read and write transactions on the book, and the token that tells when it changed:
    what every repository works through."""

    def __init__(self, path: Book, read_engine, write_engine) -> None:
        self.path = path
        self._read = read_engine
        self._write = write_engine
        self._watch = None     # a sqlite3 connection; a team book's store.server.ChangeWatch
        self.dialect = read_engine.dialect.name    # "sqlite" or "postgresql"
        self._own_writes = 0

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        self._read.dispose()
        if self._write is not self._read:
            self._write.dispose()

    def wait_at_most(self, seconds: float) -> None:
        """How long a read or write waits for a lock held by another program before BookError."""
        for engine in (self._read, self._write):
            engine.busy_timeout_ms = int(seconds * 1000)

    def change_token(self) -> int:
        """Changes whenever any connection (this process or another) commits to the book,
        so an open screen can notice a `clientbook log` from another shell."""
        if isinstance(self.path, ServerBook):
            # LISTEN/NOTIFY: the tables' triggers announce every commit, but a notice reaches us
            # a moment after the commit; this process's own writes count at once.
            if self._watch is None:
                from clientbook.store.server import ChangeWatch

                self._watch = ChangeWatch(self.path)
            return self._watch.token() + self._own_writes
        if self._watch is None:
            # Not mode=ro: a read-only connection that finds no -shm keeps its WAL index in its
            # own memory and never sees another process's commits (a `clientbook log` from
            # another shell never reached the open app).
            self._watch = connect_for_reading(self.path, check_same_thread=False)
        return self._watch.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._guard(), Session(self._read, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def raw_reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction on the driver's own connection, for the plain-SQL reads (store/agenda.py);
        on a team book psycopg's, with sqlite3's surface (server.plain)."""
        with self._guard(), self._read.connect() as connection, connection.begin():
            yield plain(connection.connection.driver_connection)

    @contextmanager
    def raw_writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE) on the driver's own connection, for the plain-SQL
        writes (store/writes.py)."""
        with self._counted(), self._guard(), self._write.connect() as connection, connection.begin():
            yield plain(connection.connection.driver_connection)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        with self._counted(), self._guard(), Session(self._write, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def _counted(self) -> Iterator[None]:
        try:
            yield
        finally:
            self._own_writes += 1

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except Exception as exc:
            if not isinstance(exc, (DBAPIError, sqlite3.Error)) and not is_server_error(exc):
                raise
            # Full disk, read-only or damaged file, busy, server gone: one line a screen or the CLI can show.
            error = translate(exc, self.path)
            if error is None:
                raise
            raise error from None


class Store:
    """The open book: its sessions and a repository per area (store.contacts, store.capture…)."""

    def __init__(self, path: Book, read_engine, write_engine) -> None:
        self.path = path
        self.sessions = Sessions(path, read_engine, write_engine)
        self.upgrade_backup: Path | None = None    # the copy made before an upgrade (open_store)
        self.contacts = ContactsRepository(self.sessions)
        self.capture = CaptureRepository(self.sessions)

    # The other areas are built on first use: a shell command needs one or two (`clientbook add`:
    # contacts), and importing the rest (their queries and domain rules) cost ~20 ms of a start.
    @cached_property
    def agenda(self):
        from clientbook.store.agenda import AgendaRepository
        return AgendaRepository(self.sessions)

    @cached_property
    def meals(self):
        from clientbook.store.meals import MealsRepository
        return MealsRepository(self.sessions)

    @cached_property
    def gifts(self):
        from clientbook.store.gifts import GiftsRepository
        return GiftsRepository(self.sessions)

    @cached_property
    def calls(self):
        from clientbook.store.calls import CallsRepository
        return CallsRepository(self.sessions)

    @cached_property
    def deals(self):
        from clientbook.store.deals import DealsRepository
        return DealsRepository(self.sessions)

    @cached_property
    def reminders(self):
        from clientbook.store.reminders import RemindersRepository
        return RemindersRepository(self.sessions)

    @cached_property
    def team(self):
        from clientbook.store.team import TeamRepository
        return TeamRepository(self.sessions)

    @cached_property
    def interop(self):
        from clientbook.store.interop import InteropRepository
        return InteropRepository(self.sessions)

    @cached_property
    def insights(self):
        from clientbook.store.insights import InsightsRepository
        return InsightsRepository(self.sessions)

    def close(self) -> None:
        self.sessions.close()

    def wait_at_most(self, seconds: float) -> None:
        self.sessions.wait_at_most(seconds)

    def change_token(self) -> int:
        return self.sessions.change_token()
