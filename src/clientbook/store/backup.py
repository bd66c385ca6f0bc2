"""Backups: consistent copies made with SQLite's online backup, so they are safe to take
while the app is open; daily rolling copies in the data folder; checked restores."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date, datetime
from pathlib import Path

from clientbook.store.book import LATEST_VERSION, SQLITE_HEADER, connect_for_reading, expected_tables
from clientbook.errors import BookError, translate

KEEP_DAILY = 7


def copy_book(source: Path, target: Path) -> Path:
    """A consistent copy of `source` (WAL included) at `target`, private to the user.

    Written to a temporary file of its own first, so a copy is whole or absent, and two
    processes copying to the same name (both upgrading one book) do not write into each other.
    """
    from clientbook.paths import ensure_private_dir

    ensure_private_dir(target.parent)
    fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(fd)  # an empty file is an empty SQLite database to write into
    partial = Path(partial_name)
    try:
        src = connect_for_reading(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                # The online backup copies damaged pages as they are: check the copy, so a
                # damaged book never reports a backup made (nor rotates out a good daily copy).
                result = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if result != "ok":
            raise BookError("book.error.corrupt", path=source, detail=result.splitlines()[0])
        partial.replace(target)  # mkstemp made it 0600: private from its first byte
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        error = translate(exc, target) if isinstance(exc, sqlite3.Error) else None
        if error is None:
            raise
        if error.key == "book.error.corrupt":  # the book read was damaged, not the copy
            error.values["path"] = source
        raise error from None
    return target


def default_backup_path(book: Path, now: datetime) -> Path:
    return book.parent / "backups" / f"{book.stem}-{now:%Y%m%d-%H%M%S}.db"


def daily_backup(book: Path, today: date) -> Path | None:
    """Once a day, copy the book into backups/ beside it and keep the last KEEP_DAILY days."""
    folder = book.parent / "backups"
    target = folder / f"{book.stem}-daily-{today:%Y%m%d}.db"
    if target.exists() or not book.exists():
        return None
    copy_book(book, target)
    dailies = sorted(folder.glob(f"{book.stem}-daily-*.db"))
    for old in dailies[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def check_backup(path: Path) -> int:
    """Raise BookError unless `path` is a readable, intact clientbook book; return its version."""
    if not path.is_file():
        raise BookError("backup.error.missing", path=path)
    with open(path, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BookError("book.error.not_sqlite", path=path)
    try:
        connection = connect_for_reading(path)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BookError("book.error.corrupt", path=path, detail=str(exc)) from None
    if result != "ok":
        raise BookError("book.error.corrupt", path=path, detail=result.splitlines()[0])
    if version == 0 or not expected_tables(version) <= tables:
        raise BookError("book.error.foreign", path=path)
    if version > LATEST_VERSION:
        raise BookError("book.error.too_new", path=path, found=version, known=LATEST_VERSION)
    return version


def restore_book(source: Path, book: Path, now: datetime) -> Path | None:
    """Replace the book with a checked backup; the current book is kept aside first.

    Returns where the current book was kept (None when there was none). A book that cannot be
    read whole (damaged, not a book at all) is moved aside as it is, bytes and -wal, and the
    backup written as a new file. An older backup is upgraded the next time the book is
    opened, like any older book.
    """
    from clientbook.paths import create_private, ensure_private_dir

    check_backup(source)
    kept = None
    if book.exists() and book.stat().st_size > 0:
        aside = book.with_name(f"{book.name}.before-restore-{now:%Y%m%d-%H%M%S}")
        try:
            kept = copy_book(book, aside)
        except BookError as exc:
            if exc.key != "book.error.corrupt":
                raise
            kept = _move_aside(book, aside)
    ensure_private_dir(book.parent)
    if not book.exists():
        os.close(create_private(book))
    src = connect_for_reading(source)
    try:
        dst = sqlite3.connect(book, timeout=30)
        try:
            src.backup(dst)  # page by page under SQLite's locks: safe even if the book is open
        finally:
            dst.close()
    except sqlite3.Error as exc:
        error = translate(exc, book)
        if error is None:
            raise
        raise error from None
    finally:
        src.close()
    return kept


def _move_aside(book: Path, aside: Path) -> Path:
    """The damaged book renamed, its -wal with it (SQLite pairs them by name); the -shm is
    only an index of the -wal, rebuilt from it, so it goes."""
    os.rename(book, aside)
    wal = book.with_name(book.name + "-wal")
    if wal.exists():
        os.rename(wal, aside.with_name(aside.name + "-wal"))
    book.with_name(book.name + "-shm").unlink(missing_ok=True)
    return aside
