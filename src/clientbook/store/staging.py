"""An import file staged on disk, between its preview and its import.

Held in memory, a CSV of a million rows took 2.5 GB (every row read, checked and matched, and
the index of every key). Here the checked rows, the book's match keys and the file's own go
into a temporary SQLite file in a private folder (0700) under the system's temporary
directory; SQLite's page cache is all the memory they take. The preview is counts and pages
read from it; the import reads it again in order (store/interop.py). The folder is removed
when the preview is closed, collected, or the process ends.
"""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import fields
from itertools import islice
from pathlib import Path

from clientbook.domain.contact_card import Photo
from clientbook.domain.contact_fields import JSON_FIELDS, STORED_AS_JSON
from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.dedupe import (CHUNK, COMPANY, DUPLICATE, INVALID, NEW, Existing, ImportRow, Matcher,
                                      add_existing, match_keys)
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.text import FieldError

STATUS_ORDER = (DUPLICATE, INVALID, COMPANY, NEW)        # how the preview lists them
_KEYS = "CREATE TABLE {} (k TEXT PRIMARY KEY, kind TEXT, a, b, c) WITHOUT ROWID"
SCHEMA = ";".join([
    _KEYS.format("book_keys"),
    _KEYS.format("file_keys"),
    "CREATE TABLE row (number INTEGER PRIMARY KEY, line INTEGER, status TEXT, name TEXT, company TEXT,"
    " data TEXT, errors TEXT, match_id INTEGER, match_name TEXT, match_company TEXT, match_row INTEGER,"
    " match_line INTEGER, reason TEXT, company_card TEXT, not_kept TEXT)",
    "CREATE INDEX row_status ON row (status, number)",
    # What the import does with each row (store/interop.py apply_import).
    "CREATE TABLE action (number INTEGER PRIMARY KEY, action TEXT, target INTEGER)",
    "CREATE INDEX action_target ON action (action, target)",
])


class StagedMatcher(Matcher):
    """dedupe.Matcher over a table of the staging file: prefetch() loads a chunk's keys, add()
    keeps new ones until the next prefetch writes them (first one in wins, as in memory)."""

    def __init__(self, db: sqlite3.Connection, table: str) -> None:
        super().__init__()
        self._db, self._table = db, table
        self._pending: list[tuple] = []
        db.execute(f"DELETE FROM {table}")

    def add(self, ref: tuple, person) -> None:
        for reason, key in match_keys(person):
            if (reason, key) not in self._index:
                self._index[(reason, key)] = ref
                self._pending.append((f"{reason}:{key}", *ref, *(None,) * (4 - len(ref))))

    def flush(self) -> None:
        self._db.executemany(f"INSERT OR IGNORE INTO {self._table} VALUES (?, ?, ?, ?, ?)", self._pending)
        self._pending = []
        self._index = {}

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        self.flush()
        wanted = [f"{reason}:{key}" for reason, key in dict.fromkeys(keys)]
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start:start + CHUNK]
            for k, kind, a, b, c in self._db.execute(
                f"SELECT k, kind, a, b, c FROM {self._table} WHERE k IN ({','.join('?' * len(part))})", part,
            ):
                reason, key = k.split(":", 1)
                self._index[(reason, key)] = (kind, a, b, c) if kind == "book" else (kind, a, b)

    def load(self, people: Iterable[Existing]) -> StagedMatcher:
        """The book's live contacts, a chunk at a time."""
        people = iter(people)
        while chunk := list(islice(people, CHUNK)):
            for person in chunk:
                add_existing(self, person)
            self.flush()
        return self


_FIELDS = tuple(f.name for f in fields(ContactInput))


def _data_json(data: ContactInput | None) -> str | None:
    if data is None:
        return None
    values = {name: getattr(data, name) for name in _FIELDS}      # asdict() deep-copies: 5x slower
    values["position"] = data.position.value if data.position else None
    values["level"] = int(data.level)
    for field in JSON_FIELDS:
        dump, _load = STORED_AS_JSON[field.kind]
        values[field.name] = dump(values[field.name])
    values["photo"] = [base64.b64encode(data.photo.data).decode(), data.photo.mime] if data.photo else None
    return json.dumps(values, ensure_ascii=False)


def contact_input(text: str) -> ContactInput:
    values = json.loads(text)
    values["position"] = Position(values["position"]) if values["position"] else None
    values["level"] = Level(values["level"])
    for field in JSON_FIELDS:
        _dump, load = STORED_AS_JSON[field.kind]
        values[field.name] = load(values[field.name])
    values["photo"] = Photo(base64.b64decode(values["photo"][0]), values["photo"][1]) if values["photo"] else None
    return ContactInput(**values)


def _remove(db: sqlite3.Connection, folder: Path) -> None:
    db.close()
    shutil.rmtree(folder, ignore_errors=True)


class StagedPreview:
    """The preview of an import file: counts, and its rows read back a page at a time."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="clientbook-import-"))   # mode 0700
        # The screen previews in one worker thread and imports in another, never at once.
        self.db = sqlite3.connect(self.folder / "staged.db", check_same_thread=False)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -16000"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript(SCHEMA)
        self._finalizer = weakref.finalize(self, _remove, self.db, self.folder)
        self.counts = dict.fromkeys(STATUS_ORDER, 0)
        self.not_kept: dict[str, int] = {}      # what the reader left out (interop.not_kept.*): how many

    def close(self) -> None:
        self._finalizer()

    def matcher(self, table: str) -> StagedMatcher:
        return StagedMatcher(self.db, table)

    def stage(self, rows: Iterable[ImportRow]) -> None:
        rows = iter(rows)
        while chunk := list(islice(rows, CHUNK)):
            self.db.executemany("INSERT INTO row VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(
                row.number, row.line, row.status, row.name, row.company, _data_json(row.data),
                json.dumps([(name, error.key, error.values) for name, error in row.errors], ensure_ascii=False,
                           default=str) if row.errors else None,
                row.match_id, row.match_name, row.match_company, row.match_row, row.match_line, row.reason,
                _company_json(row.company_card), json.dumps(row.not_kept) if row.not_kept else None,
            ) for row in chunk])
            for row in chunk:
                self.counts[row.status] += 1
                for what in row.not_kept:
                    self.not_kept[what] = self.not_kept.get(what, 0) + 1
        self.db.commit()

    def count(self, status: str | None = None) -> int:
        return sum(self.counts.values()) if status is None else self.counts[status]

    def rows(self, status: str | None = None, limit: int | None = None) -> list[ImportRow]:
        """Look-alikes first, then unreadable rows, then new ones, each in file order (or only
        one status); at most `limit` of them."""
        found: list[ImportRow] = []
        for each in STATUS_ORDER if status is None else (status,):
            left = -1 if limit is None else limit - len(found)
            if left == 0:
                break
            found += self.iter_rows(each, left)
        return found

    def iter_rows(self, status: str | None = None, limit: int = -1) -> Iterator[ImportRow]:
        where = "" if status is None else "WHERE status = ?"
        cursor = self.db.execute(f"SELECT * FROM row {where} ORDER BY number LIMIT ?",
                                 (*([status] if status else []), limit))
        while page := cursor.fetchmany(CHUNK):
            yield from (_import_row(values) for values in page)

    def row(self, number: int) -> ImportRow:
        return _import_row(self.db.execute("SELECT * FROM row WHERE number = ?", (number,)).fetchone())


def _import_row(values: tuple) -> ImportRow:
    (number, line, status, name, company, data, errors, match_id, match_name, match_company, match_row,
     match_line, reason, company_card, not_kept) = values
    return ImportRow(
        number, line, name, company, contact_input(data) if data else None,
        [(field, FieldError(key, values)) for field, key, values in json.loads(errors)] if errors else [],
        status, match_id, match_name or "", match_company or "", match_row, match_line, reason or "",
        company_input(company_card) if company_card else None, tuple(json.loads(not_kept)) if not_kept else (),
    )


def _company_json(data: CompanyInput | None) -> str | None:
    if data is None:
        return None
    return json.dumps({**{f.name: getattr(data, f.name) for f in fields(CompanyInput)},
                       "grade": data.grade.value if data.grade else None}, ensure_ascii=False)


def company_input(text: str) -> CompanyInput:
    values = json.loads(text)
    values["grade"] = Grade(values["grade"]) if values["grade"] else None
    return CompanyInput(**values)
