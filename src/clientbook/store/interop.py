"""Import, export and merge: the repository behind store.interop.

* preview_import(rows) sorts the rows of a file (domain/vcard.py, domain/csv_import.py) into
  new, duplicate and unreadable, against the live contacts of the book (domain/dedupe.py),
  as they are read, into a staging file on disk (store/staging.py): a big file is never held.
* apply_import(preview, choices) writes it in ONE transaction: companies are looked up and
  created in bulk, new contacts inserted with executemany, duplicates skipped, merged into the
  contact already there, or added anyway. All or nothing; the rows are checked against the
  book again inside the transaction, so a file imported twice adds nothing the second time.
* export_cards / export_rows: the book (or a selection) for the vCard and CSV writers.
* dump_book / load_book: the whole book, every table, as JSON (docs/json-format.md).
* merge_contacts: two records of one person become one; the other is archived, not deleted.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from datetime import date, datetime, time
from itertools import islice

from sqlalchemy import func, insert, text
from sqlmodel import Session, col, select

from typing import TYPE_CHECKING

from clientbook.domain.contacts import ContactInput
from clientbook.domain.search import build_keys, sort_key
from clientbook.domain.text import CONTROL_CHARS, FieldError
from clientbook.errors import BookError
from clientbook.store.models import Company, Contact, all_tables
from clientbook.store.models.insights import DERIVED_TABLES
from clientbook.store.models.photos import ContactPhoto
from clientbook.store.rows import columns_of, company_id_for, driver, expire, fill_contact, get_row, input_of, photo_of
from clientbook.store.writes import rebuild_contact_history, refresh_last_contact

if TYPE_CHECKING:  # the import machinery loads when an import runs, not with every store
    from clientbook.domain.dedupe import Existing, RawRow
    from clientbook.store.staging import StagedPreview

JSON_FORMAT = "clientbook-book"
# 2: contact cards (schema 6): typed phones, e-mails and web addresses as JSON, addresses, the
# card's name, photos (table contact_photo, base64). A version 1 book still loads, converted.
JSON_VERSION = 2
READABLE_VERSIONS = (1, 2)
CHUNK = 500

Progress = Callable[[int, int], None]       # (done, total)


@dataclass(frozen=True)
class ImportResult:
    added: int
    merged: int
    skipped: int
    companies: int                     # companies created
    owned: tuple[tuple[str, str], ...] = ()   # skipped: (name, owner) of a row another rep has (撞单)


@dataclass(frozen=True)
class MergeMoves:
    """What moves from the other record to the survivor."""

    interactions: int
    followups: int
    gifts: int
    meals: int
    level_changes: int
    occasions: int


class InteropRepository:
    """Import, export, the whole book as JSON, and merging two records of one person."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions

    # ------------------------------------------------------------ import
    def _existing(self, session: Session) -> Iterator[Existing]:
        from clientbook.domain.contact_card import load_typed
        from clientbook.domain.dedupe import Existing

        rows = session.exec(
            select(Contact.id, Contact.name, Company.name, Contact.phones, Contact.wechat, Contact.emails)
            .outerjoin(Company, Company.id == Contact.company_id)
            .where(col(Contact.archived_at).is_(None))
            .execution_options(yield_per=CHUNK)
        )
        for i, name, company, phones, wechat, emails in rows:
            yield Existing(i, name, company or "", tuple(load_typed(phones or "")), wechat or "",
                           tuple(load_typed(emails or "")))

    def preview_import(self, rows: Iterable[RawRow], progress: Progress | None = None,
                       total: int | None = None) -> StagedPreview:
        """Nothing is written to the book: the rows, read as they come, sorted into new,
        duplicate (with whom, and why) and unreadable, staged on disk (store/staging.py).
        `total`: how many rows to expect, for the progress bar. Close the preview when done."""
        from clientbook.domain.dedupe import classify_rows
        from clientbook.store.staging import StagedPreview

        preview = StagedPreview()
        try:
            with self._sessions.reading() as session:
                book = preview.matcher("book_keys").load(self._existing(session))
            others = owned_by_others(session)
            counted = (lambda n: progress(n, max(total or 0, n))) if progress else None
            preview.stage(classify_rows(rows, book, preview.matcher("file_keys"), counted))
        except BaseException:
            preview.close()
            raise
        return preview

    def apply_import(
        self,
        preview: StagedPreview,
        now: datetime,
        choices: dict[int, str] | None = None,
        default: str = "skip",
        progress: Progress | None = None,
    ) -> ImportResult:
        """Write the preview in one transaction. `choices`: row number -> skip | merge | add, for
        duplicates; `default` for the rest of them. Unreadable rows are never written.
        First every row's fate is decided and noted in the staging file, then the new contacts
        are inserted CHUNK at a time and the merges made: nothing of the file is held whole."""
        from clientbook.domain.dedupe import INVALID, fill_in, match_keys
        from clientbook.store.staging import company_input, contact_input

        choices = choices or {}
        db = preview.db
        with self._sessions.writing() as session:
            # Checked again inside the write lock: what another process (or an earlier run of
            # the same file) added since the preview counts as already in the book.
            book = preview.matcher("book_keys").load(self._existing(session))
            others = owned_by_others(session)
            db.execute("DELETE FROM action")
            rows = (row for row in preview.iter_rows() if row.status != INVALID and row.data is not None)
            while chunk := list(islice(rows, CHUNK)):
                book.prefetch(key for row in chunk for key in match_keys(row.data))
                db.executemany("INSERT INTO action VALUES (?, ?, ?)",
                               [(row.number, *_action(row, book, choices, default, others)) for row in chunk])

            def count(sql: str) -> int:
                return db.execute(sql).fetchone()[0]

            skipped = count("SELECT count(*) FROM action WHERE action IN ('skip', 'owned')")
            owned = tuple((name, others[target]) for name, target in db.execute(
                "SELECT name, target FROM action JOIN row USING (number) WHERE action = 'owned' ORDER BY number"))
            # A later row merged into an earlier one of the file counts as merged when that one
            # is added, as skipped when it is not.
            folds = count("SELECT count(*) FROM action WHERE action = 'fold'")
            merged_in_file = count("SELECT count(*) FROM action f JOIN action t ON t.number = f.target"
                                   " AND t.action = 'add' WHERE f.action = 'fold'")
            skipped += folds - merged_in_file
            added = count("SELECT count(*) FROM action WHERE action = 'add'")
            merged = count("SELECT count(DISTINCT target) FROM action WHERE action = 'merge'")
            total = added + merged

            # Company cards (and what a person's card tells of its company) first: the people then join them.
            carded = self._fill_companies(session, (company_input(text) for (text,) in db.execute(
                "SELECT company_card FROM row WHERE company_card IS NOT NULL AND status != ? ORDER BY number",
                (INVALID,))), now)
            names = {name for (name,) in db.execute(
                "SELECT DISTINCT company FROM action JOIN row USING (number) WHERE action = 'add' AND company != ''")}
            companies, created = self._company_ids(session, names, now)
            created += carded

            done = 0
            adds = db.execute("SELECT number, data FROM action JOIN row USING (number) WHERE action = 'add'"
                              " ORDER BY number")
            while page := adds.fetchmany(CHUNK):
                later: dict[int, list[ContactInput]] = {}
                for target, data in db.execute(
                    "SELECT target, data FROM action JOIN row USING (number) WHERE action = 'fold'"
                    f" AND target IN ({','.join('?' * len(page))}) ORDER BY number", [n for n, _d in page],
                ):
                    later.setdefault(target, []).append(contact_input(data))
                values, photos = [], []
                for number, data in page:
                    data = _fold(contact_input(data), later.get(number, []))
                    values.append({**columns_of(data), "company_id": companies.get(data.company),
                                   "created_at": now, "updated_at": now})
                    photos.append(data.photo)
                ids = session.execute(insert(Contact).returning(Contact.id, sort_by_parameter_order=True),
                                      values).scalars().all()
                photo_rows = [{"contact_id": contact_id, "mime": photo.mime, "data": photo.data}
                              for contact_id, photo in zip(ids, photos) if photo is not None]
                if photo_rows:
                    session.execute(insert(ContactPhoto), photo_rows)
                done += len(page)
                if progress:
                    progress(done, total)
            current: tuple[int, ContactInput] | None = None
            for contact_id, data in db.execute(
                "SELECT target, data FROM action JOIN row USING (number) WHERE action = 'merge'"
                " ORDER BY target, number"
            ):
                incoming = contact_input(data)
                if current is not None and current[0] == contact_id:
                    current = (contact_id, fill_in(current[1], incoming))
                    continue
                if current is not None:
                    done += 1
                    self._merge_incoming(session, *current, now)
                    if progress and done % CHUNK == 0:
                        progress(done, total)
                current = (contact_id, incoming)
            if current is not None:
                self._merge_incoming(session, *current, now)
            if progress:
                progress(total, total)
            db.commit()
            return ImportResult(added, merged + merged_in_file, skipped, created, owned)

    def _fill_companies(self, session: Session, cards: Iterable, now: datetime) -> int:
        """Each company a file tells of (CompanyInput: a company's card, a person's card with
        its company's grade) made, or filled in where the book has nothing yet: what the rep
        typed is never overwritten. How many were made."""
        before = session.exec(select(func.count()).select_from(Company)).one()
        for card in cards:
            company = session.get(Company, company_id_for(session, card.name, now))
            told = {"grade": card.grade.value if card.grade else None, "yearly_value": card.yearly_value,
                    **{name: getattr(card, name) for name in
                       ("industry", "city", "address", "switchboard", "website", "notes")}}
            filled = {name: value for name, value in told.items() if value and not getattr(company, name)}
            for name, value in filled.items():
                setattr(company, name, value)
            if filled:
                company.updated_at = now
        session.flush()
        return session.exec(select(func.count()).select_from(Company)).one() - before

    def _company_ids(self, session: Session, names: set[str], now: datetime) -> tuple[dict[str, int], int]:
        """Live companies by name, the missing ones created: one query per 500 names, not per contact."""
        found: dict[str, int] = {}
        ordered = sorted(names)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start:start + CHUNK]
            for company_id, name in session.exec(
                select(Company.id, Company.name)
                .where(col(Company.name).in_(chunk), col(Company.archived_at).is_(None))
                .order_by(Company.id)
            ):
                found.setdefault(name, company_id)
        missing = [name for name in ordered if name not in found]
        if missing:
            session.execute(insert(Company), [
                {"name": name, "search_keys": build_keys(name), "created_at": now, "updated_at": now}
                for name in missing
            ])
            for start in range(0, len(missing), CHUNK):
                chunk = missing[start:start + CHUNK]
                for company_id, name in session.exec(
                    select(Company.id, Company.name).where(col(Company.name).in_(chunk), Company.created_at == now,
                                                           col(Company.archived_at).is_(None))
                ):
                    found.setdefault(name, company_id)
        return found, len(missing)

    def _merge_incoming(self, session: Session, contact_id: int, incoming: ContactInput, now: datetime) -> None:
        contact = get_row(session, Contact, contact_id)
        from clientbook.domain.dedupe import fill_in

        company = session.get(Company, contact.company_id) if contact.company_id else None
        current = input_of(contact, company.name if company else "", photo_of(session, contact_id))
        result = fill_in(current, incoming)
        if result != current:
            fill_contact(session, contact, result, now)
            contact.updated_at = now

    # ------------------------------------------------------------ export
    def export_contacts(self, contact_ids: Iterable[int] | None = None) -> list[ContactInput]:
        """Live contacts (all, or these) as form values, in A–Z order."""
        return [contact for _id, contact in self.live_contacts(contact_ids)]

    def live_contacts(self, contact_ids: Iterable[int] | None = None) -> list[tuple[int, ContactInput]]:
        """Live contacts (all, or these) with their ids, as form values, in A–Z order."""
        with self._sessions.reading() as session:
            statement = (
                select(Contact, Company.name)
                .outerjoin(Company, Company.id == Contact.company_id)
                .where(col(Contact.archived_at).is_(None))
                .order_by(Contact.sort_key, Contact.name, Company.name, Contact.id)
            )
            wanted = None if contact_ids is None else set(contact_ids)
            return [(contact.id, input_of(contact, company or "", photo_of(session, contact.id)))
                    for contact, company in session.exec(statement) if wanted is None or contact.id in wanted]

    def company_grades(self) -> dict[str, str]:
        """Live companies' grades by name (a vCard export writes each on its people's cards)."""
        with self._sessions.reading() as session:
            return {name: grade for name, grade in session.exec(
                select(Company.name, Company.grade).where(col(Company.archived_at).is_(None),
                                                          col(Company.grade).is_not(None)))}

    # ------------------------------------------------------------ the whole book as JSON
    def dump_book(self, now: datetime) -> dict:
        """Every table, every row, every column (docs/json-format.md)."""
        from clientbook.store.book import LATEST_VERSION

        tables = {}
        with self._sessions.reading() as session:
            for table in all_tables().sorted_tables:
                if table.name in DERIVED_TABLES:
                    continue
                order = list(table.primary_key.columns)
                rows = session.execute(select(table).order_by(*order)).mappings()
                tables[table.name] = [{key: _to_json(value) for key, value in row.items()} for row in rows]
            tables["note_fts"] = self._note_index(session, tables)
        return {
            "format": JSON_FORMAT,
            "version": JSON_VERSION,
            "schema": LATEST_VERSION,
            "exported_at": now.isoformat(timespec="seconds"),
            "tables": tables,
        }

    def _note_index(self, session, tables: dict) -> list[dict]:
        """The note index's rows. A team book keeps none (its search reads the notes' own
        tables): they are made as a file book holds them, so a dump loads into either."""
        if self._sessions.dialect == "postgresql":
            from clientbook.domain.search import fts_document
            from clientbook.store.writes import interaction_text, note_rowid

            notes = [("interaction", row["id"], interaction_text(SimpleNamespace(**row))) for row in tables["interaction"]]
            notes += [("followup", row["id"], row["what"]) for row in tables["followup"]]
            return sorted(({"rowid": note_rowid(kind, ref_id), "body": fts_document(body), "kind": kind, "ref_id": ref_id}
                           for kind, ref_id, body in notes if body), key=lambda row: row["rowid"])
        return [{"rowid": rowid, "body": body, "kind": kind, "ref_id": ref_id}
                for rowid, body, kind, ref_id in session.execute(
                    text("SELECT rowid, body, kind, ref_id FROM note_fts ORDER BY rowid"))]

    def is_empty(self) -> bool:
        """Nothing in it but the rows every new book starts with (book.SEEDED_TABLES)."""
        from clientbook.store.book import SEEDED_TABLES

        with self._sessions.reading() as session:
            for table in all_tables().sorted_tables:
                if table.name not in SEEDED_TABLES and session.execute(select(table).limit(1)).first() is not None:
                    return False
            if self._sessions.dialect == "postgresql":   # no index table of its own
                return True
            return session.execute(text("SELECT 1 FROM note_fts LIMIT 1")).first() is None

    def load_book(self, data: dict, progress: Progress | None = None) -> dict[str, int]:
        """Fill an EMPTY book from dump_book's JSON, ids and all; rows per table. All or nothing."""
        from sqlalchemy import Boolean, Date, DateTime, Float, Integer, LargeBinary, Time

        check_dump(data)
        tables = data["tables"]
        if data["version"] == 1:
            tables = _from_version_1(tables)
        known = {table.name: table for table in all_tables().sorted_tables if table.name not in DERIVED_TABLES}
        total = sum(len(rows) for rows in tables.values())
        done = 0
        counts = {}
        # Every row is converted and checked before anything is written: types, the values the
        # forms would accept (the same domain validators), unique keys and references.
        ids: dict[str, set] = {}
        checked: dict[str, list[dict]] = {}
        for name, table in known.items():     # sorted_tables: a referenced table comes first
            columns = {c.name: c for c in table.columns}
            keys = [c.name for c in table.primary_key.columns]
            seen = ids[name] = set()
            converted = checked[name] = []
            for number, row in enumerate(tables.get(name, []), 1):
                unknown = set(row) - set(columns)
                if unknown:
                    raise BookError("interop.error.json_column", table=name, column=sorted(unknown)[0])
                item = {}
                for key, value in row.items():
                    column = columns[key]
                    try:
                        item[key] = _from_json(value, column.type,
                                               (DateTime, Date, Time, Boolean, Integer, Float, LargeBinary))
                    except (TypeError, ValueError, OverflowError, binascii.Error):
                        raise BookError("interop.error.json_value", table=name, column=key,
                                        value=str(value)[:40]) from None
                    if item[key] is None and not column.nullable:
                        raise BookError("interop.error.json_row", table=name, row=number, column=key,
                                        message=FieldError("form.error.required"))
                    target = next(iter(column.foreign_keys), None)
                    if item[key] is not None and target is not None and item[key] not in ids[target.column.table.name]:
                        raise BookError("interop.error.json_reference", table=name, row=number, column=key,
                                        target=target.column.table.name, id=item[key])
                key_value = tuple(item.get(k) for k in keys)
                pk = key_value[0] if len(keys) == 1 else key_value     # what a reference names
                if pk in seen:
                    raise BookError("interop.error.json_duplicate", table=name, row=number,
                                    columns=", ".join(f"{k} = {v}" for k, v in zip(keys, key_value)))
                seen.add(pk)
                if name == "contact" and isinstance(item.get("name"), str):
                    # derived, and computed differently by older versions (a book of schema 3)
                    item["sort_key"] = sort_key(item["name"])
                problems = _row_problems(name, item)
                if problems:
                    column, error = problems[0]
                    raise BookError("interop.error.json_row", table=name, row=number, column=column,
                                    message=error)
                converted.append(item)
        _check_deal_links(checked, ids)
        fts = tables.get("note_fts", [])
        for number, row in enumerate(fts, 1):
            for key, kind in (("rowid", int), ("body", str), ("kind", str), ("ref_id", int)):
                value = row.get(key)
                if not isinstance(value, kind) or isinstance(value, bool) or (kind is int and not _fits_sqlite(value)):
                    raise BookError("interop.error.json_value", table="note_fts", column=key, value=str(value)[:40])
            row["body"] = CONTROL_CHARS.sub("", row["body"])
        from clientbook.store.book import SEEDED_TABLES

        with self._sessions.writing() as session:
            for table in all_tables().sorted_tables:
                if table.name not in SEEDED_TABLES and session.execute(select(table).limit(1)).first() is not None:
                    raise BookError("interop.error.not_empty")
            on_server = self._sessions.dialect == "postgresql"
            if not on_server and session.execute(text("SELECT 1 FROM note_fts LIMIT 1")).first() is not None:
                raise BookError("interop.error.not_empty")
            for name, table in known.items():
                converted = checked[name]
                if name in SEEDED_TABLES and converted:   # the dump's reps and rules, not the new book's
                    session.execute(table.delete())
                for start in range(0, len(converted), CHUNK):
                    session.execute(insert(table), converted[start:start + CHUNK])
                    done += len(converted[start:start + CHUNK])
                    if progress:
                        progress(done, total)
                counts[name] = len(converted)
            if on_server:   # the rows came with their ids: new ones follow them; the note index is the tables'
                from clientbook.store.server import follow_loaded_ids

                follow_loaded_ids(session, known.values())
            for start in range(0, 0 if on_server else len(fts), CHUNK):
                session.execute(
                    text("INSERT INTO note_fts (rowid, body, kind, ref_id) VALUES (:rowid, :body, :kind, :ref_id)"),
                    [{k: row.get(k) for k in ("rowid", "body", "kind", "ref_id")} for row in fts[start:start + CHUNK]],
                )
            counts["note_fts"] = len(fts)
            rebuild_contact_history(driver(session))
            if progress:
                progress(total, total)
        return counts

    # ------------------------------------------------------------ merging two contacts
    def merge_moves(self, other_id: int) -> MergeMoves:
        def count(sql: str) -> int:
            return session.execute(text(sql), {"o": other_id}).scalar_one()

        with self._sessions.reading() as session:
            return MergeMoves(
                interactions=count("SELECT count(*) FROM interaction_contact WHERE contact_id = :o"),
                followups=count("SELECT count(*) FROM followup WHERE contact_id = :o"),
                gifts=count("SELECT count(*) FROM gift WHERE contact_id = :o"),
                meals=count("SELECT count(DISTINCT meal_id) FROM meal_diner WHERE contact_id = :o"),
                level_changes=count("SELECT count(*) FROM level_change WHERE contact_id = :o"),
                occasions=count("SELECT count(*) FROM custom_occasion WHERE contact_id = :o"),
            )

    def merge_inputs(self, first_id: int, second_id: int) -> tuple[ContactInput, ContactInput]:
        with self._sessions.reading() as session:
            result = []
            for contact_id in (first_id, second_id):
                contact = get_row(session, Contact, contact_id)
                company = session.get(Company, contact.company_id) if contact.company_id else None
                result.append(input_of(contact, company.name if company else "", photo_of(session, contact_id)))
            return result[0], result[1]

    def merge_contacts(self, survivor_id: int, other_id: int, chosen: dict[str, str], now: datetime) -> None:
        """One person, two records: the survivor takes each field from itself ("a"), from the
        other ("b") or from both ("both"), and everything that hangs on the other record
        (timeline, follow-ups, level history, gifts, meals, occasions, reminders). The other
        is archived, not deleted: the archive can still show and restore it."""
        from clientbook.domain.dedupe import merged_input

        if survivor_id == other_id:
            raise BookError("interop.error.merge_self")
        with self._sessions.writing() as session:
            survivor = get_row(session, Contact, survivor_id)
            other = get_row(session, Contact, other_id)
            if other.archived_at is not None or survivor.archived_at is not None:
                raise BookError("interop.error.merge_archived")

            def company_of(contact: Contact) -> str:
                company = session.get(Company, contact.company_id) if contact.company_id else None
                return company.name if company else ""

            a = input_of(survivor, company_of(survivor), photo_of(session, survivor_id))
            b = input_of(other, company_of(other), photo_of(session, other_id))
            fill_contact(session, survivor, merged_input(a, b, chosen), now)
            survivor.updated_at = now
            if survivor.everyday_low is None and other.everyday_low is not None:
                survivor.everyday_low, survivor.everyday_high = other.everyday_low, other.everyday_high
                survivor.next_everyday_gift = other.next_everyday_gift
            other.archived_at = now
            other.updated_at = now
            session.flush()
            ids = {"s": survivor_id, "o": other_id}
            for sql in (
                # Interactions with both people keep one link, the survivor's: a recipient, if either was.
                "UPDATE interaction_contact SET cc = FALSE WHERE contact_id = :s AND interaction_id IN"
                " (SELECT interaction_id FROM interaction_contact WHERE contact_id = :o AND NOT cc)",
                "UPDATE interaction_contact SET contact_id = :s WHERE contact_id = :o AND interaction_id NOT IN"
                " (SELECT interaction_id FROM interaction_contact WHERE contact_id = :s)",
                "DELETE FROM interaction_contact WHERE contact_id = :o",
                "UPDATE followup SET contact_id = :s WHERE contact_id = :o",
                "UPDATE call_prep SET contact_id = :s WHERE contact_id = :o",   # their calls' lessons follow
                "UPDATE level_change SET contact_id = :s WHERE contact_id = :o",
                "UPDATE gift SET contact_id = :s WHERE contact_id = :o",
                "UPDATE custom_occasion SET contact_id = :s WHERE contact_id = :o",
                "UPDATE meal_learned SET contact_id = :s WHERE contact_id = :o",
                # A meal both records sat at keeps both seats; only the other's own meals move.
                "UPDATE meal_diner SET contact_id = :s WHERE contact_id = :o AND meal_id NOT IN"
                " (SELECT meal_id FROM meal_diner WHERE contact_id = :s)",
                "UPDATE reminder_state SET contact_id = :s WHERE contact_id = :o AND NOT EXISTS"
                " (SELECT 1 FROM reminder_state r WHERE r.contact_id = :s"
                " AND r.occasion_key = reminder_state.occasion_key AND r.year = reminder_state.year)",
            ):
                session.execute(text(sql), ids)
            refresh_last_contact(driver(session), [survivor_id, other_id])
            expire(session, Contact, [survivor_id, other_id], "last_contact_at")


def _action(row, book, choices: dict[int, str], default: str, others: dict[int, str]) -> tuple[str, int | None]:
    """What the import does with a readable row: ("add", None), ("skip", None), ("merge",
    contact id), ("fold", number of the earlier row of the file it goes into) or, on a team
    book, ("owned", contact id) when its mobile or WeChat id is on a contact another rep owns
    (`others`: contact id -> owner): skipped whatever was chosen."""
    from clientbook.domain.dedupe import ADD, DUPLICATE, MERGE

    data = row.data
    found = book.find(data)
    if found is not None:
        contact_id = found[0][1]
        if found[1] in ("phone", "wechat") and contact_id in others:
            return "owned", contact_id
        choice = choices.get(row.number, default) if row.status == DUPLICATE else default
        if row.status == DUPLICATE and row.match_id is not None and row.match_id != contact_id:
            contact_id = row.match_id
        if choice == MERGE:
            return "merge", contact_id
        if choice != ADD:
            return "skip", None
    elif row.status == DUPLICATE:
        # Like an earlier row of the file (or like a contact archived since the preview).
        choice = choices.get(row.number, default)
        if choice == MERGE and row.match_row is not None:
            return "fold", row.match_row
        if choice not in (ADD, MERGE):
            return "skip", None
    return "add", None


def owned_by_others(session) -> dict[int, str]:
    """On a team book, every live contact another rep owns, with the owner's name; {} on a solo
    book (nothing about owners applies)."""
    from clientbook.store.team import other_reps_contacts

    return other_reps_contacts(session)


def _fold(data: ContactInput, later: list[ContactInput]) -> ContactInput:
    from clientbook.domain.dedupe import fill_in

    for incoming in later:
        data = fill_in(data, incoming)
    return data


def check_dump(data: object) -> None:
    """A clientbook JSON book this version can read, or BookError."""
    from clientbook.store.book import LATEST_VERSION

    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT or not isinstance(data.get("tables"), dict):
        raise BookError("interop.error.json_format")
    if data.get("version") not in READABLE_VERSIONS or not isinstance(data.get("schema"), int) \
            or data["schema"] > LATEST_VERSION:
        raise BookError("interop.error.json_version", version=data.get("version"), schema=data.get("schema"))
    known = {table.name for table in all_tables().sorted_tables if table.name not in DERIVED_TABLES} | {"note_fts"}
    for name, rows in data["tables"].items():
        if name not in known:
            raise BookError("interop.error.json_table", table=name)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise BookError("interop.error.json_format")


def _check_deal_links(checked: dict[str, list[dict]], ids: dict[str, set]) -> None:
    """What no foreign key says: a deal is at a stage of the list (the file's, else the defaults),
    and an interaction, meal or gift logged with a deal names a deal of the file."""
    from clientbook.domain.deals import DEFAULT_STAGE_KEYS

    stages = {row["key"] for row in checked.get("deal_stage", [])} or DEFAULT_STAGE_KEYS
    for number, row in enumerate(checked.get("deal", []), 1):
        if row.get("stage") not in stages:
            raise BookError("interop.error.json_row", table="deal", row=number, column="stage",
                            message=FieldError("form.error.choice", {"value": str(row.get("stage"))}))
    for name in ("interaction", "meal", "gift"):
        for number, row in enumerate(checked.get(name, []), 1):
            if row.get("deal_id") is not None and row["deal_id"] not in ids.get("deal", set()):
                raise BookError("interop.error.json_reference", table=name, row=number, column="deal_id",
                                target="deal", id=row["deal_id"])


def _fits_sqlite(value: int) -> bool:
    return -2**63 <= value < 2**63     # SQLite's INTEGER; a larger one overflows on insert


def _row_problems(table: str, row: dict) -> list[tuple[str, FieldError]]:
    """What the forms would refuse in a row of a JSON book, by column: the same validators and
    enums, so a loaded book holds nothing that Today, an export or a screen cannot read."""
    from clientbook.domain.contact_fields import FIELD_NAMES
    from clientbook.domain.deals import (
        CONDITION_MEASURES,
        OPS,
        ConditionKind,
        DealRole,
        Measure,
        MoveKind,
        StageMeaning,
    )
    from clientbook.domain.deals import Side as DealSide
    from clientbook.domain.text import MAX_NAME, MAX_TEXT
    from clientbook.domain.contacts import validate_company, validate_contact
    from clientbook.domain.enums import Grade, Level, Position
    from clientbook.domain.gift_forms import LEAD_MAX_DAYS, validate_gift
    from clientbook.domain.meal_forms import MAX_TITLE
    from clientbook.domain.text import checked_text
    from clientbook.store.gifts import REMINDER_STATES
    from clientbook.domain.gifts.policy import BudgetTier, Treatment
    from clientbook.domain.interactions import validate_followup, validate_log
    from clientbook.domain.meals.enums import (
        Channel,
        InviteStatus,
        MealPurpose,
        OurRole,
        ProjectPhase,
        Side,
        VenueLevel,
    )

    def raw(*fields: str) -> dict[str, str]:
        return {k: "" if row.get(k) is None else str(row[k]) for k in fields if k in row}

    errors: dict = {}
    if table == "contact":
        # company is company_id: not in the row; the card's columns as the form shows them
        card = _card_of(row)
        if isinstance(card, tuple):
            return [card]
        _data, errors = validate_contact({**raw(*FIELD_NAMES), **_card_form_text(card)}, card)
    elif table == "company":
        _data, errors = validate_company(raw("name", "grade", "industry", "city", "address", "switchboard", "website",
                                             "yearly_value", "notes"))
    elif table == "interaction":
        _data, errors = validate_log(raw("kind", "summary", "notes", "place", "space", "info_quality", "coach",
                                         "topic_depth"), [0], _LOADED)
    elif table == "followup":
        _data, errors = validate_followup({**raw("what"), "due": _LOADED.date().isoformat()}, _LOADED)
    elif table == "gift":
        _data, errors = validate_gift(raw("what", "value"), 0, None, _LOADED)
    elif table == "custom_occasion":
        errors = _occasion_problems(row)
    elif table == "occasion_setting" and not 0 <= row.get("lead_days", 0) <= LEAD_MAX_DAYS:
        errors = {"lead_days": FieldError("giftui.error.lead_days", {"value": row["lead_days"], "max": LEAD_MAX_DAYS})}
    elif table in ("meal", "meal_diner", "meal_learned"):
        limits = {"meal": {"title": MAX_TITLE, "venue": 200, "cuisine": 200, "seating": MAX_TEXT, "discussed": MAX_TEXT,
                           "agreements": MAX_TEXT, "next_step": MAX_TEXT},
                  "meal_diner": {"name": MAX_NAME}, "meal_learned": {"person": MAX_NAME, "fact": MAX_TEXT}}[table]
        for column, limit in limits.items():
            checked_text(raw(column), column, limit, errors)
    elif table == "deal":
        checked_text(raw("title"), "title", MAX_TITLE, errors)
        if not str(row.get("title") or "").strip():
            errors["title"] = FieldError("form.error.required")
    enums = {
        "deal_stage": {"meaning": StageMeaning},
        "deal_person": {"role": DealRole},
        "deal_condition": {"kind": ConditionKind, "measure": CONDITION_MEASURES, "op": OPS},
        "deal_move": {"kind": MoveKind, "side": DealSide, "measure": Measure},
        "meal": {"purpose": MealPurpose, "phase": ProjectPhase, "venue_level": VenueLevel, "channel": Channel},
        "meal_diner": {"side": Side, "role": OurRole, "invite_status": InviteStatus},
        "policy_rule": {"treatment": Treatment, "budget_tier": BudgetTier, "grade": Grade, "position": Position},
        "reminder_state": {"state": REMINDER_STATES},
        "target_level": {"grade": Grade, "position": Position, "level": Level},
    }.get(table, {})
    for column, enum in enums.items():
        if row.get(column) is not None and row[column] not in {getattr(member, "value", member) for member in enum}:
            errors[column] = FieldError("form.error.choice", {"value": str(row[column])})
    return list(errors.items())


def _occasion_problems(row: dict) -> dict[str, FieldError]:
    """A custom occasion as its form would have taken it: a date that exists (solar or lunar,
    leap month included), a name, a lead time in range."""
    from clientbook.domain.gift_forms import validate_occasion
    from clientbook.domain.lunar import Birthday, BirthdayParseError, parse_birthday

    try:
        when = Birthday(row["calendar"], row["month"], row["day"], row.get("year"), row.get("leap", False))
        parse_birthday(when.to_storage())    # a lunar date with a year must exist in that year
    except (KeyError, ValueError, BirthdayParseError):
        value = "-".join(str(row.get(k)) for k in ("calendar", "year", "month", "day"))
        return {"month": FieldError("giftui.error.date", {"value": value})}
    _data, errors = validate_occasion({"name": "" if row.get("name") is None else str(row["name"]),
                                       "date": when.to_storage(), "yearly": "1",
                                       "lead_days": str(row.get("lead_days", 0))})
    return errors


_LOADED = datetime(2000, 1, 1)    # "now" for the validators: no JSON column is a typed relative date


def _card_form_text(card: ContactInput) -> dict[str, str]:
    """The typed values and addresses of a contact as its form shows them (validate_contact reads
    them back, keeping kinds and parts from the card itself)."""
    from clientbook.domain.contact_card import typed_text

    return {"phones": typed_text(card.phones, "en"), "emails": typed_text(card.emails, "en"),
            "urls": typed_text(card.urls, "en"), "addresses": "\n".join(a.form_text("en") for a in card.addresses)}


def _card_of(row: dict) -> ContactInput | tuple[str, FieldError]:
    """A contact row's card columns (JSON, as the book keeps them), or the column that does not
    hold what clientbook writes there."""
    from clientbook.domain.contact_fields import JSON_FIELDS, STORED_AS_JSON

    loaded = {}
    for field in JSON_FIELDS:
        _dump, load = STORED_AS_JSON[field.kind]
        try:
            loaded[field.name] = load(row.get(field.name) or "")
        except (ValueError, TypeError, AttributeError):
            return field.name, FieldError("interop.error.json_card", {"value": str(row[field.name])[:40]})
    return ContactInput(name="", card_extra=row.get("card_extra") or "", **loaded)


def _from_version_1(tables: dict) -> dict:
    """A version 1 book (schema 5 and before): a contact's phones one per line and one `email`
    become typed values, as the schema 6 upgrade turns them (store/book.py)."""
    from clientbook.domain.contact_card import dump_typed, typed_from_lines

    contacts = []
    for row in tables.get("contact", []):
        row = dict(row)
        if "email" in row:
            row["emails"] = row.pop("email")
        for column in ("phones", "emails"):
            if isinstance(row.get(column), str):
                row[column] = dump_typed(typed_from_lines(row[column]))
        contacts.append(row)
    return {**tables, "contact": contacts}


def _to_json(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")      # a photo
    return value


def _from_json(value, kind, types):
    DateTime, Date, Time, Boolean, Integer, Float, LargeBinary = types
    if value is None:
        return None
    if isinstance(kind, LargeBinary):
        if not isinstance(value, str):
            raise ValueError(value)
        return base64.b64decode(value, validate=True)
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Time):
        return time.fromisoformat(value)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError(value)
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int) or not _fits_sqlite(value):
            raise ValueError(value)
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(value)
        return float(value)
    if not isinstance(value, str):
        raise ValueError(value)
    return CONTROL_CHARS.sub("", value)   # as every other way in; not stripped: tags keep their padding
