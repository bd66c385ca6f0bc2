"""Problems with the book file, each with one clear line in the user's language."""

from __future__ import annotations

import errno
from pathlib import PurePath

from clientbook.i18n import t


class BookError(Exception):
    """A problem the user can act on; the CLI prints `message()` and exits with code 2."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str | None = None) -> str:
        from clientbook.domain.text import CONTROL_CHARS, FieldError

        def shown(value: object) -> object:
            if isinstance(value, FieldError):  # named by the store, worded here in the language asked for
                return value.message(lang)
            # Paths and values come from the shell or a file: no terminal escape is echoed back.
            return CONTROL_CHARS.sub("", str(value)) if isinstance(value, (str, PurePath)) else value

        return t(self.key, lang=lang, **{k: shown(v) for k, v in self.values.items()})


class NotFound(BookError):
    pass


class Conflict(BookError):
    """The record changed in the book since the form read it (another window, a restore):
    `current` is what the book holds now, in the same shape the form was loaded from."""

    def __init__(self, current: object) -> None:
        super().__init__("book.error.conflict")
        self.current = current


# SQLite's primary result codes (the low byte of sqlite_errorcode) that say what is wrong with
# the file or the disk rather than with our query.
_SQLITE_KEYS = {
    5: "book.error.locked", 6: "book.error.locked",            # BUSY, LOCKED
    8: "book.error.cannot_write", 3: "book.error.cannot_write",  # READONLY, PERM
    10: "book.error.cannot_write", 14: "book.error.cannot_write",  # IOERR, CANTOPEN
    13: "book.error.disk_full",                                 # FULL
    11: "book.error.corrupt", 26: "book.error.corrupt",         # CORRUPT, NOTADB
}
_ERRNO_KEYS = {errno.ENOSPC: "book.error.disk_full", errno.EFBIG: "book.error.disk_full",
               errno.EDQUOT: "book.error.disk_full", errno.EACCES: "book.error.cannot_write",
               errno.EPERM: "book.error.cannot_write", errno.EROFS: "book.error.cannot_write"}


def translate(error: BaseException, path: object) -> BookError | None:
    """The BookError an SQLite or OS error stands for (disk full, cannot write, damaged, busy),
    or None for anything else. Messages name the file and SQLite's error name, never the SQL
    or its parameters (which hold the rep's data)."""
    orig = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        key = _SQLITE_KEYS.get(code & 0xFF)
        if key is None:
            return None
        if key == "book.error.corrupt":
            return BookError(key, path=path, detail=getattr(orig, "sqlite_errorname", "SQLITE_CORRUPT"))
        if key == "book.error.cannot_write":
            return BookError(key, path=path, detail=getattr(orig, "sqlite_errorname", ""))
        return BookError(key, path=path)
    if isinstance(orig, OSError) and orig.errno in _ERRNO_KEYS:
        key = _ERRNO_KEYS[orig.errno]
        where = orig.filename or path
        return BookError(key, path=where, detail=orig.strerror or errno.errorcode.get(orig.errno, ""))
    return None


class TeamError(BookError):
    """A team book's move refused: a claim of what is not in the pool, a handover to oneself,
    an unknown rep (services/team.py)."""


class OwnedByAnother(BookError):
    """Adding a contact whose mobile or WeChat id another rep's contact has (撞单): `owner` owns
    `name` (contact `contact_id`); nothing was added."""

    def __init__(self, owner: str, name: str, contact_id: int, reason: str) -> None:
        super().__init__(f"team.work.owned.{reason}", owner=owner, name=name)
        self.owner, self.name, self.contact_id, self.reason = owner, name, contact_id, reason
        self.field = "phones" if reason == "phone" else "wechat"   # the form's field it is about
