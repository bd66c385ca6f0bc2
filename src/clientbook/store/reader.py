"""A book opened for the Today reads only, on plain sqlite3: the app shows Today from it while
SQLAlchemy and the Store are still importing (about 0.4 s), then hands over to the Store."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from clientbook.domain.text import book_text
from clientbook.store.agenda import AgendaRepository
from clientbook.store.book import BUSY_TIMEOUT_MS, prepare, read_uri
from clientbook.errors import translate


class BookReader:
    """Gives `raw_reading()` as the Store's Sessions do, so `.agenda` answers as `store.agenda`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # read_uri: a book in a read-only file or folder reads too (`clientbook today` on it)
        self._connection = sqlite3.connect(read_uri(path), uri=True, isolation_level=None, check_same_thread=False,
                                           timeout=BUSY_TIMEOUT_MS / 1000)
        self._connection.execute("PRAGMA query_only = ON")
        self._connection.text_factory = book_text  # as the Store's engines: no control character leaves the book
        self._lock = threading.Lock()  # one read at a time on the one connection, whichever thread asks
        self.agenda = AgendaRepository(self)

    @contextmanager
    def raw_reading(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._connection.execute("BEGIN")
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


def open_reader(path: str | Path, now: datetime | None = None) -> BookReader:
    """Check (creating or upgrading if need be, as open_store does) and open the book for reading."""
    path = Path(path).expanduser()
    prepare(path, now)
    return BookReader(path)
