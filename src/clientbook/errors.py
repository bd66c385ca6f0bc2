"""Problems with the book file, each with one clear line in the user's language."""

from __future__ import annotations

import errno
import re
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


# PostgreSQL's SQLSTATEs (psycopg's `sqlstate`) that say what is wrong with the server, the
# login or the database rather than with our query. A connection that failed has none.
_SERVER_KEYS = {
    "28P01": "book.error.server_login", "28000": "book.error.server_login",   # wrong password, no such role
    "3D000": "book.error.no_database",
    "42P01": "book.error.not_team_book",                                    # a table of ours is missing
    "53100": "book.error.disk_full",
    "40P01": "book.error.locked", "55P03": "book.error.locked", "57014": "book.error.locked",
    "42501": "book.error.server_denied",
}


def is_server_error(error: BaseException) -> bool:
    """Whether `error` is psycopg's (without importing psycopg when no URL was used)."""
    return type(error).__module__.startswith("psycopg")


# A refused connection carries no SQLSTATE (libpq reports it before any query): the server's
# FATAL line says why, in the server's own words (English unless its lc_messages says otherwise).
_LOGIN_REFUSED = ((re.compile(r'password authentication failed|no password supplied|role ".*" does not exist'),
                   "book.error.server_login"),
                  (re.compile(r'database ".*" does not exist'), "book.error.no_database"))


def _server_error(error: BaseException, path: object) -> BookError | None:
    code = getattr(error, "sqlstate", None)
    if code is None:
        for said, key in _LOGIN_REFUSED:
            if said.search(str(error)):
                return BookError(key, path=path)
    if code in _SERVER_KEYS:
        return BookError(_SERVER_KEYS[code], path=path)
    if code is None or code.startswith("08") or code.startswith("57P"):  # no connection, or it went away
        import psycopg

        if code is not None or isinstance(error, psycopg.OperationalError):
            return BookError("book.error.server_unreachable", path=path)
    return None


def translate(error: BaseException, path: object) -> BookError | None:
    """The BookError an SQLite, PostgreSQL or OS error stands for (disk full, cannot write,
    damaged, busy, server down, wrong password), or None for anything else. Messages name the
    file (a server's URL without its password) and SQLite's error name, never the SQL or its
    parameters (which hold the rep's data)."""
    orig = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    if is_server_error(orig):
        return _server_error(orig, path)
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
