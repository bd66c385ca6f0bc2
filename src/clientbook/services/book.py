"""Opening the book for the shell: `clientbook log`, `today`, `export`… open it here and make
the services they need over it, so cli.py never reaches the store itself."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path


@contextmanager
def opened(path: str | Path, now: datetime | None = None, *, reading: bool = False) -> Iterator[object]:
    """The book at `path`, open for one command and closed after it: the handle a service is
    made over (ContactsService(book)…). `reading`: see store.open_store. Raises BookError."""
    from clientbook.store import open_store

    store = open_store(path, now, reading=reading)
    try:
        yield store
    finally:
        store.close()
