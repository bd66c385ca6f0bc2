"""The store: `open_store(path)` checks, creates or upgrades the book and returns a Store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from clientbook.store.errors import BookError, NotFound

__all__ = ["BookError", "NotFound", "open_store"]


def open_store(path: str | Path, now: datetime | None = None):
    """Open (creating or upgrading) the book at `path`. Raises BookError, file untouched."""
    from clientbook.store.book import prepare
    from clientbook.store.engine import make_engine
    from clientbook.store.queries import Store

    path = Path(path).expanduser()
    _found, backup = prepare(path, now)
    store = Store(path, make_engine(path, for_writes=False), make_engine(path, for_writes=True))
    store.upgrade_backup = backup
    return store
