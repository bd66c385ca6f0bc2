"""The store: `open_store(path)` checks, creates or upgrades the book and returns a Store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientbook.location import ServerBook


def open_store(path: str | Path | ServerBook, now: datetime | None = None, *, reading: bool = False, prepared: bool = False):
    """Open (creating or upgrading) the book at `path`. Raises BookError, file untouched.

    `prepared`: the caller ran book.prepare on it a moment ago (the shell does, to say an
    upgrade happened before the command's own output): it is not checked twice.

    `reading`: for commands that only read (today, export), a book in a read-only file or
    folder opens too, read through SQLite's read-only URI (see book.read_uri); a write then
    fails as book.error.cannot_write."""
    from clientbook.location import ServerBook
    from clientbook.store.store import Store

    if isinstance(path, ServerBook):   # a team book: checked to be one, one engine for reads and writes
        from clientbook.store.server import check_team_book, make_server_engine

        if not prepared:
            check_team_book(path)
        engine = make_server_engine(path)
        return Store(path, engine, engine)
    from clientbook.store.book import prepare, read_uri, writable
    from clientbook.store.engine import make_engine

    path = Path(path).expanduser()
    backup = None if prepared else prepare(path, now, reading=reading)[1]
    # make_engine puts this after sqlite:///, where a file: URI with uri=true is SQLite's own
    target = path if writable(path) else f"{read_uri(path)}{'&' if '?' in read_uri(path) else '?'}uri=true"
    store = Store(path, make_engine(target, for_writes=False), make_engine(target, for_writes=True))
    store.upgrade_backup = backup
    return store
