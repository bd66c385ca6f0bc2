"""The writes several areas share, in plain SQL on the driver's sqlite3 connection and inside
the caller's transaction: an interaction with its contacts, a follow-up, a level change, the
note index and the stay-in-touch clock.

`clientbook log` runs them on a plain sqlite3 writer (reader.py BookWriter) and so never imports
SQLAlchemy, whose import and mapping took most of its start; the repositories run the same ones
on their session's connection (rows.driver) and expire the ORM rows they touched (rows.expire).

Values are written as SQLAlchemy writes them, so the ORM and the plain reads (agenda.py) read
them back alike: DATETIME "YYYY-MM-DD HH:MM:SS.ffffff", DATE "YYYY-MM-DD", TIME
"HH:MM:SS.ffffff", booleans 0/1. Every INSERT names its columns: a nullable column added by a
later schema is left NULL, as the ORM leaves it.

On a team book (PostgreSQL) the same statements run through server.PgConnection: the text
forms are cast to the column's type by the server, booleans are passed as bool (sqlite3 stores
1/0), and a new row's id comes back by RETURNING id, which both engines know.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from clientbook.domain.interactions import SPEND_KINDS, followup_contacts
from clientbook.domain.search import fts_document
from clientbook.errors import NotFound
from clientbook.store.server import is_postgres

if TYPE_CHECKING:
    from clientbook.domain.interactions import FollowupInput, InteractionInput

# An interaction's relationship marks (enums stored by value, NULL when not judged).
MARKS = ("space", "info_quality", "coach", "topic_depth")


# ---------------------------------------------------------------- SQLAlchemy's SQLite forms
def stored_datetime(value: datetime) -> str:
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}")


def stored_date(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def stored_time(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"


# ---------------------------------------------------------------- interactions and follow-ups
def log_interaction(connection: sqlite3.Connection, data: InteractionInput, now: datetime) -> int:
    """A quick log: the interaction with its contacts, its follow-up (the first contact's, or
    each recipient's of an e-mail: followup_contacts) and each contact's new level, if any (one
    transaction: the caller's)."""
    interaction_id = insert_interaction(connection, data, now)
    if data.followup:
        for contact_id in followup_contacts(data):
            insert_followup(connection, contact_id, data.followup, now, interaction_id)
    if data.new_level is not None:
        for contact_id in data.contact_ids:
            change_level(connection, contact_id, data.new_level, data.summary, now, interaction_id)
    return interaction_id


def insert_interaction(connection: sqlite3.Connection, data: InteractionInput, now: datetime) -> int:
    """An interaction with its contacts, indexed, their stay-in-touch clocks restarted."""
    marks = [getattr(data, name).value if getattr(data, name) else None for name in MARKS]
    interaction_id = connection.execute(
        f"INSERT INTO interaction (kind, occurred_at, has_time, place, summary, notes, cost, {', '.join(MARKS)},"
        " deal_id, private, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (data.kind.value, stored_datetime(data.occurred_at), bool(data.has_time), data.place, data.summary,
         data.notes, data.cost, *marks, data.deal_id, bool(data.private), stored_datetime(now),
         stored_datetime(now))).fetchone()[0]
    link_contacts(connection, interaction_id, data.contact_ids, data.cc_ids)
    index_note(connection, "interaction", interaction_id, interaction_text(data))
    refresh_last_contact(connection, [*data.contact_ids, *data.cc_ids])
    return interaction_id


def interaction_text(interaction) -> str:
    """What note search finds an interaction by (an Interaction row or an InteractionInput)."""
    return "\n".join(x for x in (interaction.summary, interaction.notes, interaction.place) if x)


def link_contacts(connection: sqlite3.Connection, interaction_id: int, contact_ids: list[int], cc_ids=()) -> None:
    """The people it was with (an e-mail's recipients), and an e-mail's cc'd people (cc)."""
    for contact_id, cc in (*((c, False) for c in dict.fromkeys(contact_ids)), *((c, True) for c in cc_ids)):
        require_contact(connection, contact_id)
        connection.execute("INSERT INTO interaction_contact (interaction_id, contact_id, cc) VALUES (?, ?, ?)",
                           (interaction_id, contact_id, cc))


def insert_followup(connection: sqlite3.Connection, contact_id: int, data: FollowupInput, now: datetime,
                    interaction_id: int | None) -> int:
    require_contact(connection, contact_id)
    followup_id = connection.execute(
        "INSERT INTO followup (contact_id, interaction_id, what, due_date, due_time, promise, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (contact_id, interaction_id, data.what, stored_date(data.due),
         stored_time(data.due_time) if data.due_time is not None else None, bool(data.promise),
         stored_datetime(now), stored_datetime(now))).fetchone()[0]
    index_note(connection, "followup", followup_id, data.what)
    return followup_id


def change_level(connection: sqlite3.Connection, contact_id: int, level: int, reason: str, now: datetime,
                 interaction_id: int | None) -> None:
    """Set the contact's relationship level, keeping the change in its history."""
    current = require_contact(connection, contact_id)
    if current == level:
        return
    connection.execute(
        "INSERT INTO level_change (contact_id, changed_at, from_level, to_level, reason, interaction_id)"
        " VALUES (?, ?, ?, ?, ?, ?)", (contact_id, stored_datetime(now), current, int(level), reason, interaction_id))
    connection.execute("UPDATE contact SET level = ?, updated_at = ? WHERE id = ?",
                       (int(level), stored_datetime(now), contact_id))


def day_number(column: str, postgres: bool) -> str:
    """SQL for the day of a stored time as days since 1970-01-01 (the books hold no earlier):
    Insights' weeks and cadences are then sums over integers (store/insights.py)."""
    if postgres:
        return f"({column}::date - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


# What Insights keeps of each contact's interactions (models/insights.py), as rows of the live
# interactions' links `AND`-ed with a condition: each touch's day with the day of the contact's
# one before it (ties in time ordered by id), and each share of a costed meal, gift or
# entertainment among the people it was with (not a mail's cc), with the person's company and
# who may read the interaction. CROSS JOIN: SQLite reads the links first (by contact or
# interaction), not every live meal by kind (5 ms a quick log).
def touch_rows(postgres: bool) -> str:
    day = day_number("i.occurred_at", postgres)
    return ("INSERT INTO contact_touch (contact_id, interaction_id, day, prev_day)"
            f" SELECT l.contact_id, i.id, {day}, lag({day}) OVER (PARTITION BY l.contact_id ORDER BY i.occurred_at, i.id)"
            " FROM interaction_contact l CROSS JOIN interaction i WHERE i.id = l.interaction_id AND i.archived_at IS NULL")


SPEND_ROWS = ("INSERT INTO contact_spend (contact_id, interaction_id, company_id, at, share, private, author_id)"
              " SELECT l.contact_id, i.id, c.company_id, i.occurred_at, i.cost * 1.0 / (SELECT count(*)"
              " FROM interaction_contact p WHERE p.interaction_id = i.id AND NOT p.cc), i.private, i.author_id"
              " FROM interaction_contact l CROSS JOIN interaction i CROSS JOIN contact c WHERE i.id = l.interaction_id"
              " AND c.id = l.contact_id AND NOT l.cc AND i.archived_at IS NULL AND i.cost IS NOT NULL"
              f" AND i.kind IN ({', '.join(repr(kind.value) for kind in SPEND_KINDS)})")


def refresh_last_contact(connection: sqlite3.Connection, contact_ids) -> None:
    """Restart the stay-in-touch clock: the latest live interaction of each contact, and what
    Insights keeps of their interactions: their touches, and the spend shares of every
    interaction they are linked to (a person added or gone changes the others' shares). Every
    write that changes an interaction or its people calls this with the people before and
    after, and a contact's change of company with them (their shares go with it:
    rows.fill_contact). On a team book a function that sees every interaction does it: under
    row-level security this rep would not see another's private ones and could set the clock
    back (store/policies.py)."""
    ids = sorted(set(contact_ids))
    if not ids:
        return
    if is_postgres(connection):
        connection.execute("SELECT clientbook_refresh_last_contact(?)", (ids,))
        return
    connection.executemany(
        "UPDATE contact SET last_contact_at = (SELECT max(i.occurred_at) FROM interaction i"
        " JOIN interaction_contact l ON l.interaction_id = i.id WHERE l.contact_id = contact.id"
        " AND i.archived_at IS NULL) WHERE id = ?", [(contact_id,) for contact_id in ids])
    marks = ", ".join("?" * len(ids))
    linked = f"(SELECT interaction_id FROM interaction_contact WHERE contact_id IN ({marks}))"
    connection.execute(f"DELETE FROM contact_touch WHERE contact_id IN ({marks})", ids)
    connection.execute(f"{touch_rows(False)} AND l.contact_id IN ({marks})", ids)
    connection.execute(f"DELETE FROM contact_spend WHERE contact_id IN ({marks})", ids)    # each by its key:
    connection.execute(f"DELETE FROM contact_spend WHERE interaction_id IN {linked}", ids)  # an OR scans them all
    connection.execute(f"{SPEND_ROWS} AND l.interaction_id IN {linked}", ids)


def rebuild_contact_history(connection) -> None:
    """contact_touch and contact_spend made anew from every interaction (the upgrade to the
    schema that last changed them, a loaded JSON book, the bench's books): `connection` is a
    plain one (rows.driver) or a SQLAlchemy connection (a migration's)."""
    run = getattr(connection, "exec_driver_sql", None)
    postgres = connection.dialect.name == "postgresql" if run else is_postgres(connection)
    for statement in ("DELETE FROM contact_touch", touch_rows(postgres), "DELETE FROM contact_spend", SPEND_ROWS):
        (run or connection.execute)(statement)


def require_contact(connection: sqlite3.Connection, contact_id: int) -> int:
    """The contact's level, or NotFound (as rows.get_row words it) when there is no such contact."""
    row = connection.execute("SELECT level FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if row is None:
        raise NotFound("book.error.not_found", what=f"Contact #{contact_id}")
    return row[0]


# ---------------------------------------------------------------- the note index
# Each note's index row has a rowid derived from what it indexes, so replacing or dropping it
# is a lookup by rowid: kind and ref_id are UNINDEXED columns, and a search by them scans
# the whole index (85 ms at 100k notes). Newer notes also get higher rowids.
# A team book has no index table to keep: its note search reads the notes' own tables through
# expression indexes (store/server.py NOTE_SEARCH_SQL), so these do nothing there.
_NOTE_KINDS = {"interaction": 0, "followup": 1}


def note_rowid(kind: str, ref_id: int) -> int:
    return ref_id * 2 + _NOTE_KINDS[kind]


def drop_note(connection: sqlite3.Connection, kind: str, ref_id: int) -> None:
    if is_postgres(connection):
        return
    connection.execute("DELETE FROM note_fts WHERE rowid = ?", (note_rowid(kind, ref_id),))


def index_note(connection: sqlite3.Connection, kind: str, ref_id: int, body: str) -> None:
    if is_postgres(connection):
        return
    drop_note(connection, kind, ref_id)
    if body:
        connection.execute("INSERT INTO note_fts (rowid, body, kind, ref_id) VALUES (?, ?, ?, ?)",
                           (note_rowid(kind, ref_id), fts_document(body), kind, ref_id))


class InteractionLog:
    """The quick log over `sessions`: the Store's Sessions (CaptureRepository is one) or the
    plain writer of `clientbook log` (reader.BookWriter); both give raw_writing(), a sqlite3
    connection inside one write transaction."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions

    def log_interaction(self, data: InteractionInput, now: datetime) -> int:
        """Save an interaction with its contacts, optional follow-up and level change, in one transaction."""
        with self._sessions.raw_writing() as connection:
            return log_interaction(connection, data, now)
