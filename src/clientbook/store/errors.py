"""Problems with the book file, each with one clear line in the user's language."""

from __future__ import annotations

from clientbook.i18n import t


class BookError(Exception):
    """A problem the user can act on; the CLI prints `message()` and exits with code 2."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.values)


class NotFound(BookError):
    pass


def is_busy(error: Exception) -> bool:
    """Whether an SQLite error (raw, or wrapped by SQLAlchemy) means another process held the lock too long."""
    message = str(getattr(error, "orig", error))
    return "locked" in message or "busy" in message
