"""Opening the book for the shell: `clientbook log`, `today`, `export`… open it here and make
the services they need over it, so cli.py never reaches the store itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from clientbook.location import Book, ServerBook


def prepare(path: Book, *, reading: bool = False) -> Path | None:
    """Check the book at `path` before a command touches it: create it when missing, upgrade
    an older one (a backup is made first: its path is returned). `reading`: a read-only book
    of the latest version will do. A team book on a server is checked to be one (made by
    `clientbook team init`). Raises BookError."""
    if isinstance(path, ServerBook):
        from clientbook.store.server import check_team_book

        check_team_book(path)
        return None
    from clientbook.store.book import prepare as prepare_book

    _found, backup = prepare_book(path, reading=reading)
    return backup


def latest_version() -> int:
    """The book version this clientbook writes."""
    from clientbook.store.book import LATEST_VERSION

    return LATEST_VERSION


@contextmanager
def opened(path: str | Book, now: datetime | None = None, *, reading: bool = False,
           prepared: bool = False) -> Iterator[object]:
    """The book at `path`, open for one command and closed after it: the handle a service is
    made over (ContactsService(book)…). `reading`, `prepared`: see store.open_store. Raises BookError."""
    from clientbook.store import open_store

    store = open_store(path, now, reading=reading, prepared=prepared)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def reading_today(path: str | Book) -> Iterator[object]:
    """The book, prepared already, open for the Today reads only (services/today.collect_today,
    gift reminders included) on plain sqlite3 (plain psycopg for a team book): `clientbook
    today` answers without importing SQLAlchemy, which takes longer than the reads themselves."""
    from clientbook.store.reader import BookReader, open_plain_server

    reader = open_plain_server(path) if isinstance(path, ServerBook) else BookReader(Path(path))
    try:
        yield reader
    finally:
        reader.close()


@contextmanager
def writing_log(path: str | Book) -> Iterator[object]:
    """The book, prepared already, open for `clientbook log` (CaptureService.find_contacts and
    log_interaction) on plain sqlite3: the command never imports SQLAlchemy, whose import and
    mapping took longer than the command's own work. A team book: plain psycopg alike."""
    from clientbook.store.reader import BookWriter, open_plain_server

    writer = open_plain_server(path) if isinstance(path, ServerBook) else BookWriter(Path(path))
    try:
        yield writer
    finally:
        writer.close()
