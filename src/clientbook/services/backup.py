"""Backups for the shell and the app: `clientbook backup` / `restore` and the app's daily copy
go through here; how a consistent copy is made and checked stays in store/backup.py."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from clientbook.location import ServerBook


def backup_book(book: Path | ServerBook, now: datetime, target: Path | None = None) -> Path | None:
    """A consistent copy of `book` at `target` (a folder: a dated file in it), by default a
    dated file in backups/ beside the book. Where it was written. Raises BookError.
    A team book: pg_dump's, by default in the backups/ of clientbook's home; None when there
    is no pg_dump (the server's own backups keep it)."""
    if isinstance(book, ServerBook):
        from clientbook.store.team_backup import default_dump_path, dump_book

        default = default_dump_path(book, now)
        return dump_book(book, default if target is None else target / default.name if target.is_dir() else target)
    from clientbook.store.backup import copy_book, default_backup_path

    default = default_backup_path(book, now)
    if target is None:
        target = default
    elif target.is_dir():
        target = target / default.name
    return copy_book(book, target)


def restore(source: Path, book: Path, now: datetime) -> Path | None:
    """Replace the book with the checked backup `source`; where the current book was kept
    aside (None when there was none). Raises BookError."""
    from clientbook.store.backup import restore_book

    return restore_book(source, book, now)


def daily_backup(book: Path, today: date) -> Path | None:
    """Today's rolling copy in backups/ beside the book, once a day (None when made already).
    None for a team book: the server's own backups keep it."""
    from clientbook.store.backup import daily_backup as daily

    if isinstance(book, ServerBook):
        return None
    return daily(book, today)
