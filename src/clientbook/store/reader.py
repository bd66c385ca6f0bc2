"""The book on plain sqlite3, without SQLAlchemy: a BookReader for the Today reads (the app shows
Today from it while SQLAlchemy and the Store are still importing, about 0.4 s, then hands over
to the Store; `clientbook today` reads nothing else), and a BookWriter for `clientbook log`.
Each gives what the Store's Sessions give (raw_reading, raw_writing), so the same repository
code answers on both."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from clientbook.domain.text import book_text
from clientbook.store.book import BUSY_TIMEOUT_MS, configure, prepare, read_uri
from clientbook.errors import translate


class _PlainBook:
    """One sqlite3 connection on the book, one transaction at a time whichever thread asks;
    SQLite's errors come out as the one-line BookErrors the Store's do."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection
        self._lock = threading.Lock()

    @contextmanager
    def raw_reading(self) -> Iterator[sqlite3.Connection]:
        with self._transaction("BEGIN") as connection:
            yield connection

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._connection.execute(begin)
                try:
                    yield self._connection
                except BaseException:
                    if self._connection.in_transaction:  # SQLite may have rolled back already
                        self._connection.execute("ROLLBACK")
                    raise
                self._connection.execute("COMMIT")
            except sqlite3.Error as exc:
                error = translate(exc, self.path)
                if error is None:
                    raise
                raise error from None

    def close(self) -> None:
        self._connection.close()


class BookReader(_PlainBook):
    """Gives `raw_reading()` as the Store's Sessions do, so `.agenda` answers as `store.agenda`."""

    def __init__(self, path: Path) -> None:
        from clientbook.store.agenda import AgendaRepository  # here: `clientbook log` reads no agenda

        # read_uri: a book in a read-only file or folder reads too (`clientbook today` on it)
        connection = sqlite3.connect(read_uri(path), uri=True, isolation_level=None, check_same_thread=False,
                                     timeout=BUSY_TIMEOUT_MS / 1000)
        connection.execute("PRAGMA query_only = ON")
        connection.text_factory = book_text  # as the Store's engines: no control character leaves the book
        super().__init__(path, connection)
        self.agenda = AgendaRepository(self)

    @property
    def insights(self):
        """The reads of `clientbook report` (store/insights.py), plain SQL as the agenda's."""
        from clientbook.store.insights import InsightsRepository

        return InsightsRepository(self)


class BookWriter(_PlainBook):
    """`clientbook log`'s book: `.contacts.find_contacts` and `.capture.log_interaction` answer as
    the Store's do (they are the same code: contact_index.ContactLookup, writes.InteractionLog),
    on one connection set up as the Store's engines set theirs (book.configure), writes taking
    the lock up front (BEGIN IMMEDIATE) and waiting their turn behind another program's."""

    def __init__(self, path: Path) -> None:
        from clientbook.store.contact_index import ContactLookup
        from clientbook.store.writes import InteractionLog

        connection = sqlite3.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        configure(connection)
        super().__init__(path, connection)
        self.contacts = ContactLookup(self)
        self.capture = InteractionLog(self)

    @contextmanager
    def raw_writing(self) -> Iterator[sqlite3.Connection]:
        with self._transaction("BEGIN IMMEDIATE") as connection:
            yield connection


def open_plain_server(book):
    """A team book (a ServerBook), checked, on one plain psycopg connection: what BookReader and
    BookWriter give for a file (store/server.py PlainServerBook)."""
    from clientbook.store.server import open_plain

    return open_plain(book)


def open_reader(path, now: datetime | None = None):
    """Check (creating or upgrading if need be, as open_store does) and open the book for reading."""
    from clientbook.location import ServerBook

    if isinstance(path, ServerBook):
        return open_plain_server(path)
    path = Path(path).expanduser()
    prepare(path, now)
    return BookReader(path)
