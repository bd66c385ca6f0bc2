"""The contacts' list rows and search keys, read in plain SQL on the driver's sqlite3 connection,
and the lookup of a name typed in the shell.

The contact list's in-memory index (contacts.py) is built from these rows, and `clientbook log`
finds its contact with the same lookup on a plain sqlite3 writer (reader.BookWriter) without
importing SQLAlchemy. updated_at is read as SQLAlchemy stores a DATETIME, "YYYY-MM-DD HH:MM:SS.ffffff".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from clientbook.domain.search import query_words


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    company: str
    grade: str | None
    position: str | None
    level: int
    title: str
    tags: str
    updated_at: datetime


@dataclass(frozen=True)
class IndexedContact:
    row: ContactRow
    keys: str
    sort_key: str
    company_id: int | None
    archived: bool


_INDEX_SELECT = (
    "SELECT c.id, c.name, co.name, co.grade, c.position, c.level, c.title, c.tags, c.updated_at,"
    " c.search_keys, c.sort_key, c.company_id, c.archived_at"
    " FROM contact c LEFT JOIN company co ON co.id = c.company_id"
)
LIVE = "WHERE c.archived_at IS NULL"


def indexed(connection: sqlite3.Connection, where: str = "", parameters: tuple = ()) -> list[IndexedContact]:
    """The contacts matching the SQL `where` (all by default) as index entries, in name order."""
    rows = connection.execute(f"{_INDEX_SELECT} {where} ORDER BY c.sort_key, c.id", parameters).fetchall()
    return [IndexedContact(ContactRow(*row[:8], datetime.fromisoformat(row[8])), row[9], row[10], row[11],
                           row[12] is not None) for row in rows]


def matching(entries: list[IndexedContact], query: str) -> list[IndexedContact]:
    """The entries whose search keys hold every word of `query` (pinyin, initials, phone, tag…)."""
    for word in query_words(query):  # one tight pass per word: the hot path while typing
        entries = [entry for entry in entries if word in entry.keys]
    return entries


class ContactLookup:
    """find_contacts over `sessions`: the Store's Sessions (ContactsRepository is one) or the
    plain writer of `clientbook log`; both give raw_reading(), a sqlite3 connection inside one
    read transaction."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions

    def find_contacts(self, name: str) -> list[ContactRow]:
        """Live contacts for a name typed in the shell: exact name first, else a search."""
        with self._sessions.raw_reading() as connection:
            # The exact rows alone first: `clientbook log` need not read 10,000 contacts to name one.
            found = indexed(connection, f"{LIVE} AND c.name = ?", (name.strip(),))
            if not found:
                found = matching(indexed(connection, LIVE), name)
        return [entry.row for entry in found]
