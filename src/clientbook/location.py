"""Where the book is: a file (a Path, the rep's own SQLite book, the default) or a team book on
a PostgreSQL server (a ServerBook, given as `--db postgresql+psycopg://…` or `[book] url` in
config.toml). Everything that opens, names or watches the book takes a `Book`.

A ServerBook prints as its URL with the password hidden, so a message, a crash log or a
header naming the book never shows it. The password itself comes from the URL the rep typed
or from libpq (PGPASSWORD, ~/.pgpass); a URL in config.toml holding one is refused.
"""

from __future__ import annotations

from pathlib import Path

from clientbook.errors import BookError

SCHEMES = ("postgresql+psycopg", "postgresql", "postgres")


class ServerBook:
    """A team book on a PostgreSQL server."""

    def __init__(self, url: str) -> None:
        scheme, _, rest = url.partition("://")
        if scheme not in SCHEMES or not rest:
            raise BookError("book.error.bad_url", scheme=scheme)
        self.url = f"postgresql+psycopg://{rest}"          # SQLAlchemy's, with psycopg 3
        self.libpq_url = f"postgresql://{rest}"            # psycopg's own (the fast start, the watch)

    @property
    def has_password(self) -> bool:
        from sqlalchemy.engine import make_url

        return make_url(self.url).password is not None

    def __str__(self) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"ServerBook({self})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServerBook) and other.url == self.url

    def __hash__(self) -> int:
        return hash(self.url)


Book = Path | ServerBook


def is_url(text: str) -> bool:
    return "://" in text


def book_at(text: str) -> Book:
    """The book `--db` names: a URL, or a file path."""
    return ServerBook(text) if is_url(text) else Path(text).expanduser()


def from_config(url: str) -> ServerBook:
    """`[book] url` of config.toml: a file anyone may read must not hold the password."""
    book = ServerBook(url)
    if book.has_password:
        raise BookError("book.error.config_password", url=book)
    return book
