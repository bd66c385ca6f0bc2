"""The contacts' list rows and search keys, read in plain SQL on the driver's sqlite3 connection,
and the lookup of a name typed in the shell.

The contact list's in-memory index (contacts.py) is built from these rows, and `clientbook log`
finds its contact with the same lookup on a plain sqlite3 writer (reader.BookWriter) without
importing SQLAlchemy. updated_at is read as SQLAlchemy stores a DATETIME, "YYYY-MM-DD HH:MM:SS.ffffff".
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

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


class SearchIndex:
    """Index entries in name order with their search keys joined in one text, so that a word is
    looked for by str.find at C speed instead of `in` on each entry in Python, and, in name
    order, the first `limit` hits end a search (a keystroke's list shows 500): at 100,000
    contacts a full pass per keystroke took ~20 ms. Keys are joined by newlines and a word holds
    no whitespace, so a match never spans two entries."""

    STEPS = 2000    # hits of the longest word checked one by one; past them the rest is read in bulk

    def __init__(self, entries: list[IndexedContact]) -> None:
        self.entries = entries
        self._keys = [entry.keys for entry in entries]
        self._text = "\n".join(self._keys)
        self._starts = list(accumulate((len(keys) + 1 for keys in self._keys), initial=0))

    def search(self, query: str, keep: Callable[[IndexedContact], bool] | None = None,
               limit: int | None = None) -> list[IndexedContact]:
        """The entries (name order) whose keys hold every word of `query` and that `keep`
        keeps; with `limit`, the first `limit` of them."""
        words = query_words(query)
        if limit is None or not words:
            hits = matching(self.entries, query)
            return [entry for entry in hits if keep is None or keep(entry)][:limit]
        driver = max(words, key=len)
        rest = list(words)
        rest.remove(driver)
        found: list[IndexedContact] = []
        position = self._text.find(driver)
        for _step in range(self.STEPS):
            if position == -1:
                return found
            i = bisect_right(self._starts, position) - 1
            if all(word in self._keys[i] for word in rest) and (keep is None or keep(self.entries[i])):
                found.append(self.entries[i])
                if len(found) == limit:
                    return found
            position = self._text.find(driver, self._starts[i + 1])
        if position == -1:
            return found
        # A word in most entries, the others rarer: the entries left, a pass per word.
        tail = matching(self.entries[bisect_right(self._starts, position) - 1:], query)
        return found + [entry for entry in tail if keep is None or keep(entry)][:limit - len(found)]


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
