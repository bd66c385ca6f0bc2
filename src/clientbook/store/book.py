"""Opening a book file: checks before touching it, schema versions, upgrades with a copy aside.

Nothing here runs at import time; `open_book(path)` is the only way in, so every test can use
its own temporary file and the rep's real book is never touched by accident.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from clientbook.domain.text import book_text
from clientbook.errors import BookError, translate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 30_000


def configure(connection: sqlite3.Connection) -> None:
    """A connection the book is read and written through: the Store's engines (engine.py) and
    `clientbook log`'s plain writer (reader.py BookWriter) set it up alike."""
    connection.isolation_level = None  # pysqlite's transactions off: we issue BEGIN (IMMEDIATE) ourselves
    connection.text_factory = book_text  # no control character leaves the book
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = FULL")

# Each entry upgrades a book from version N-1 to N: SQL statements, or a function of the
# connection for a data step SQL cannot do. Version 1 is the first released schema.
# Never edit a released entry: add a new one, and a fixture of the old version in tests/fixtures.
# Full-text index of what was written (interaction notes, follow-ups): not an SQLModel table,
# so it is created here for new books and in the migration that introduced it.
NOTE_FTS_DDL = (
    "CREATE VIRTUAL TABLE note_fts USING fts5(body, kind UNINDEXED, ref_id UNINDEXED, tokenize = 'unicode61')"
)
def _recompute_sort_keys(connection: sqlite3.Connection) -> None:
    """A step no SQL can do: Contact.sort_key is domain.search.sort_key of the name."""
    from clientbook.domain.search import sort_key

    rows = connection.execute("SELECT id, name FROM contact").fetchall()
    connection.executemany("UPDATE contact SET sort_key = ? WHERE id = ?", [(sort_key(name), id_) for id_, name in rows])


def _typed_columns(connection: sqlite3.Connection) -> None:
    """A step no SQL can do: phones (one per line) and the one e-mail become lists of typed
    values (domain.contact_card), untyped as the book did not know their kind."""
    from clientbook.domain.contact_card import dump_typed, typed_from_lines

    rows = connection.execute("SELECT id, phones, emails FROM contact").fetchall()
    connection.executemany("UPDATE contact SET phones = ?, emails = ? WHERE id = ?",
                           [(dump_typed(typed_from_lines(phones)), dump_typed(typed_from_lines(emails)), id_)
                            for id_, phones, emails in rows])


MIGRATIONS: dict[int, list] = {
    # 2: interactions, follow-ups, relationship-level history, stay-in-touch cadence, note search.
    2: [
        "ALTER TABLE contact ADD COLUMN cadence_days INTEGER",
        "ALTER TABLE contact ADD COLUMN last_contact_at DATETIME",
        "CREATE INDEX ix_contact_last_contact_at ON contact (last_contact_at)",
        """CREATE TABLE interaction (
            id INTEGER NOT NULL, kind VARCHAR NOT NULL, occurred_at DATETIME NOT NULL,
            has_time BOOLEAN NOT NULL, place VARCHAR NOT NULL, summary VARCHAR NOT NULL,
            notes VARCHAR NOT NULL, cost FLOAT, space VARCHAR, info_quality VARCHAR, coach VARCHAR,
            topic_depth VARCHAR, archived_at DATETIME, created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL, PRIMARY KEY (id))""",
        "CREATE INDEX ix_interaction_occurred_at ON interaction (occurred_at)",
        """CREATE TABLE interaction_contact (
            interaction_id INTEGER NOT NULL, contact_id INTEGER NOT NULL,
            PRIMARY KEY (interaction_id, contact_id),
            FOREIGN KEY(interaction_id) REFERENCES interaction (id),
            FOREIGN KEY(contact_id) REFERENCES contact (id))""",
        "CREATE INDEX ix_interaction_contact_contact_id ON interaction_contact (contact_id)",
        """CREATE TABLE followup (
            id INTEGER NOT NULL, contact_id INTEGER NOT NULL, interaction_id INTEGER,
            what VARCHAR NOT NULL, due_date DATE NOT NULL, due_time TIME, promise BOOLEAN NOT NULL,
            done_at DATETIME, archived_at DATETIME, created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL, PRIMARY KEY (id),
            FOREIGN KEY(contact_id) REFERENCES contact (id),
            FOREIGN KEY(interaction_id) REFERENCES interaction (id))""",
        "CREATE INDEX ix_followup_contact_id ON followup (contact_id)",
        "CREATE INDEX ix_followup_due_date ON followup (due_date)",
        "CREATE INDEX ix_followup_done_at ON followup (done_at)",
        """CREATE TABLE level_change (
            id INTEGER NOT NULL, contact_id INTEGER NOT NULL, changed_at DATETIME NOT NULL,
            from_level INTEGER NOT NULL, to_level INTEGER NOT NULL, reason VARCHAR NOT NULL,
            interaction_id INTEGER, PRIMARY KEY (id),
            FOREIGN KEY(contact_id) REFERENCES contact (id),
            FOREIGN KEY(interaction_id) REFERENCES interaction (id))""",
        "CREATE INDEX ix_level_change_contact_id ON level_change (contact_id)",
        NOTE_FTS_DDL,
    ],
    # 3: client meals with seating and minutes; gifts, occasions, reminders and the gift policy.
    3: [
        "ALTER TABLE contact ADD COLUMN everyday_low INTEGER",
        "ALTER TABLE contact ADD COLUMN everyday_high INTEGER",
        "ALTER TABLE contact ADD COLUMN next_everyday_gift DATE",
        # Note index rows get rowids derived from what they index (see store/capture.py).
        "CREATE TEMP TABLE note_fts_old AS SELECT body, kind, ref_id FROM note_fts",
        "DELETE FROM note_fts",
        "INSERT INTO note_fts (rowid, body, kind, ref_id) SELECT ref_id * 2 + (kind = 'followup'), body, kind, ref_id"
        " FROM note_fts_old",
        "DROP TABLE note_fts_old",
        """CREATE TABLE meal (id INTEGER NOT NULL, title VARCHAR NOT NULL, purpose VARCHAR NOT NULL, phase VARCHAR, planned_at DATETIME NOT NULL, venue VARCHAR NOT NULL, venue_level VARCHAR NOT NULL, cuisine VARCHAR NOT NULL, private_room BOOLEAN NOT NULL, budget FLOAT, channel VARCHAR, learn_mind BOOLEAN NOT NULL, deadline DATE, seating VARCHAR NOT NULL, discussed VARCHAR NOT NULL, agreements VARCHAR NOT NULL, next_step VARCHAR NOT NULL, actual_cost FLOAT, minutes_at DATETIME, interaction_id INTEGER, archived_at DATETIME, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(interaction_id) REFERENCES interaction (id))""",
        "CREATE INDEX ix_meal_planned_at ON meal (planned_at)",
        """CREATE TABLE meal_diner (id INTEGER NOT NULL, meal_id INTEGER NOT NULL, contact_id INTEGER, name VARCHAR NOT NULL, side VARCHAR NOT NULL, role VARCHAR, is_guest_of_honour BOOLEAN NOT NULL, is_decision_maker BOOLEAN NOT NULL, companion_of INTEGER, invite_status VARCHAR NOT NULL, attended BOOLEAN, PRIMARY KEY (id), FOREIGN KEY(meal_id) REFERENCES meal (id), FOREIGN KEY(contact_id) REFERENCES contact (id))""",
        "CREATE INDEX ix_meal_diner_meal_id ON meal_diner (meal_id)",
        """CREATE TABLE meal_learned (id INTEGER NOT NULL, meal_id INTEGER NOT NULL, contact_id INTEGER, person VARCHAR NOT NULL, fact VARCHAR NOT NULL, filed_at DATETIME, PRIMARY KEY (id), FOREIGN KEY(meal_id) REFERENCES meal (id), FOREIGN KEY(contact_id) REFERENCES contact (id))""",
        "CREATE INDEX ix_meal_learned_meal_id ON meal_learned (meal_id)",
        """CREATE TABLE occasion_setting ("key" VARCHAR NOT NULL, enabled BOOLEAN NOT NULL, lead_days INTEGER NOT NULL, PRIMARY KEY ("key"))""",
        """CREATE TABLE custom_occasion (id INTEGER NOT NULL, name VARCHAR NOT NULL, calendar VARCHAR NOT NULL, month INTEGER NOT NULL, day INTEGER NOT NULL, leap BOOLEAN NOT NULL, yearly BOOLEAN NOT NULL, year INTEGER, lead_days INTEGER NOT NULL, contact_id INTEGER, company_id INTEGER, archived_at DATETIME, created_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(contact_id) REFERENCES contact (id), FOREIGN KEY(company_id) REFERENCES company (id))""",
        """CREATE TABLE gift (id INTEGER NOT NULL, contact_id INTEGER NOT NULL, occasion_key VARCHAR, what VARCHAR NOT NULL, value FLOAT, given_on DATE NOT NULL, interaction_id INTEGER, created_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(contact_id) REFERENCES contact (id), FOREIGN KEY(interaction_id) REFERENCES interaction (id))""",
        "CREATE INDEX ix_gift_contact_id ON gift (contact_id)",
        "CREATE INDEX ix_gift_given_on ON gift (given_on)",
        """CREATE TABLE reminder_state (occasion_key VARCHAR NOT NULL, year INTEGER NOT NULL, contact_id INTEGER NOT NULL, state VARCHAR NOT NULL, until DATE, at DATETIME NOT NULL, PRIMARY KEY (occasion_key, year, contact_id), FOREIGN KEY(contact_id) REFERENCES contact (id))""",
        """CREATE TABLE policy_rule (occasion_key VARCHAR NOT NULL, grade VARCHAR NOT NULL, position VARCHAR NOT NULL, treatment VARCHAR NOT NULL, budget_tier VARCHAR, PRIMARY KEY (occasion_key, grade, position))""",
    ],
    # 4: contacts in phone-book order (surname's pinyin, then the given name's): the stored
    # sort keys are computed again.
    4: [
        _recompute_sort_keys,
    ],
    # 5: the rep's edited cells of the target relationship level matrix (domain §4).
    5: [
        """CREATE TABLE target_level (grade VARCHAR NOT NULL, position VARCHAR NOT NULL, level INTEGER NOT NULL, PRIMARY KEY (grade, position))""",
    ],
    # 6: whole contact cards: typed phones, several e-mails, addresses, web addresses, nickname,
    # the card's structured name, its photo and what clientbook does not model; a company's
    # switchboard and website.
    6: [
        "ALTER TABLE contact RENAME COLUMN email TO emails",
        "ALTER TABLE contact ADD COLUMN nickname VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE contact ADD COLUMN addresses VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE contact ADD COLUMN urls VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE contact ADD COLUMN name_parts VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE contact ADD COLUMN card_extra VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE company ADD COLUMN switchboard VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE company ADD COLUMN website VARCHAR NOT NULL DEFAULT ''",
        """CREATE TABLE contact_photo (contact_id INTEGER NOT NULL, mime VARCHAR NOT NULL, data BLOB NOT NULL, PRIMARY KEY (contact_id), FOREIGN KEY(contact_id) REFERENCES contact (id))""",
        _typed_columns,
    ],
    # 7: calls and deals (domain §11, §12): how to address a contact, a call's preparation and
    # review, an e-mail's cc, deals with their people, needs, limits, moves and stage history, and
    # the interactions, meals and gifts logged with a deal.
    7: [
        "ALTER TABLE contact ADD COLUMN address_as VARCHAR NOT NULL DEFAULT ''",
        "ALTER TABLE interaction_contact ADD COLUMN cc BOOLEAN NOT NULL DEFAULT 0",
        """CREATE TABLE deal_stage ("key" VARCHAR NOT NULL, name VARCHAR NOT NULL, position INTEGER NOT NULL, meaning VARCHAR NOT NULL, PRIMARY KEY ("key"))""",
        """CREATE TABLE deal (id INTEGER NOT NULL, company_id INTEGER NOT NULL, title VARCHAR NOT NULL, stage VARCHAR NOT NULL, value FLOAT, expected_close DATE, owner VARCHAR NOT NULL, batna VARCHAR NOT NULL, bottom_line VARCHAR NOT NULL, max_step_pct FLOAT, terms VARCHAR NOT NULL, agreed_on DATE, closed_on DATE, notes VARCHAR NOT NULL, archived_at DATETIME, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(company_id) REFERENCES company (id))""",
        "CREATE INDEX ix_deal_archived_at ON deal (archived_at)",
        "CREATE INDEX ix_deal_company_id ON deal (company_id)",
        """CREATE TABLE deal_person (deal_id INTEGER NOT NULL, contact_id INTEGER NOT NULL, role VARCHAR, PRIMARY KEY (deal_id, contact_id), FOREIGN KEY(deal_id) REFERENCES deal (id), FOREIGN KEY(contact_id) REFERENCES contact (id))""",
        "CREATE INDEX ix_deal_person_contact_id ON deal_person (contact_id)",
        """CREATE TABLE deal_need (id INTEGER NOT NULL, deal_id INTEGER NOT NULL, what VARCHAR NOT NULL, implicit BOOLEAN NOT NULL, rank INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY(deal_id) REFERENCES deal (id))""",
        "CREATE INDEX ix_deal_need_deal_id ON deal_need (deal_id)",
        """CREATE TABLE deal_condition (id INTEGER NOT NULL, deal_id INTEGER NOT NULL, kind VARCHAR NOT NULL, measure VARCHAR NOT NULL, op VARCHAR NOT NULL, threshold FLOAT NOT NULL, note VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(deal_id) REFERENCES deal (id))""",
        "CREATE INDEX ix_deal_condition_deal_id ON deal_condition (deal_id)",
        """CREATE TABLE deal_move (id INTEGER NOT NULL, deal_id INTEGER NOT NULL, kind VARCHAR NOT NULL, side VARCHAR NOT NULL, at DATETIME NOT NULL, what VARCHAR NOT NULL, measure VARCHAR, amount FLOAT, asked VARCHAR NOT NULL, got VARCHAR NOT NULL, resolution VARCHAR NOT NULL, interaction_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(deal_id) REFERENCES deal (id), FOREIGN KEY(interaction_id) REFERENCES interaction (id))""",
        "CREATE INDEX ix_deal_move_deal_id ON deal_move (deal_id)",
        """CREATE TABLE deal_stage_change (id INTEGER NOT NULL, deal_id INTEGER NOT NULL, stage VARCHAR NOT NULL, at DATETIME NOT NULL, note VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(deal_id) REFERENCES deal (id))""",
        "CREATE INDEX ix_deal_stage_change_deal_id ON deal_stage_change (deal_id)",
        """CREATE TABLE call_prep (id INTEGER NOT NULL, contact_id INTEGER NOT NULL, deal_id INTEGER, interaction_id INTEGER, matter VARCHAR NOT NULL, our_outcome VARCHAR NOT NULL, their_outcome VARCHAR NOT NULL, their_attitude VARCHAR NOT NULL, tone VARCHAR NOT NULL, rehearsal VARCHAR NOT NULL, attitude INTEGER, satisfaction INTEGER, differed VARCHAR NOT NULL, lesson VARCHAR NOT NULL, reviewed_at DATETIME, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(contact_id) REFERENCES contact (id), FOREIGN KEY(deal_id) REFERENCES deal (id), FOREIGN KEY(interaction_id) REFERENCES interaction (id))""",
        "CREATE INDEX ix_call_prep_contact_id ON call_prep (contact_id)",
        "ALTER TABLE interaction ADD COLUMN deal_id INTEGER",
        "CREATE INDEX ix_interaction_deal_id ON interaction (deal_id)",
        "ALTER TABLE meal ADD COLUMN deal_id INTEGER",
        "ALTER TABLE gift ADD COLUMN deal_id INTEGER",
    ],
}
# From version 7 on, upgrades are alembic revisions (store/migrations/versions/) that serve
# SQLite and PostgreSQL alike; user_version stays in step so the fast checks import no alembic.
# The tables each revision adds are listed here for expected_tables (a test checks them).
REVISIONS: dict[int, tuple[str, frozenset[str]]] = {
    7: ("0007_calls_deals", frozenset()),
    8: ("0008_team", frozenset({"rep", "pool_rule", "owner_change"})),
    9: ("0009_reminders", frozenset({"reminder_given"})),
    10: ("0010_insights_indexes", frozenset()),
    11: ("0011_insights", frozenset()),
    12: ("0012_contact_history", frozenset({"contact_touch", "contact_spend"})),
    13: ("0013_today", frozenset()),
    14: ("0014_spend_by_company", frozenset()),
}
LATEST_VERSION = max(REVISIONS)
LATEST_REVISION = REVISIONS[LATEST_VERSION][0]


BASE_TABLES = frozenset({"company", "contact"})


def expected_tables(version: int) -> set[str]:
    """The tables a book of `version` holds: how a clientbook file is told from another
    program's SQLite file, whatever its user_version says."""
    tables = set(BASE_TABLES)
    for number, (_, added) in REVISIONS.items():
        if number <= version:
            tables |= added
    for number in range(2, min(version, max(MIGRATIONS)) + 1):
        for statement in MIGRATIONS[number]:
            if callable(statement):  # a data step creates no table
                continue
            words = statement.split()
            if words[:2] == ["CREATE", "TABLE"] or words[:3] == ["CREATE", "VIRTUAL", "TABLE"]:
                tables.add(words[words.index("TABLE") + 1].strip('"('))
    return tables


def _check_file(path: Path) -> None:
    """Refuse what is not a book, before SQLite gets a chance to write anything to it."""
    if path.is_symlink() and not path.exists():  # SQLite would create the file it points at
        raise BookError("book.error.dangling_link", path=path, target=os.readlink(path))
    if path.is_dir():
        raise BookError("book.error.is_directory", path=path)
    if not path.exists():
        return
    if not os.access(path, os.R_OK):
        raise BookError("book.error.unreadable", path=path)
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise BookError("book.error.not_sqlite", path=path)


def writable(path: Path) -> bool:
    """Whether SQLite can write the book and make its -wal and -shm files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def read_uri(path: Path) -> str:
    """How to open an existing book for reading and leave no file behind.

    Where we may write, a normal connection (callers add query_only): the last one to close
    removes the -wal and -shm. A read-only connection could not, and would leave them. Where we
    may not write, SQLite cannot make the -shm a WAL book needs: immutable reads the file as it
    is, right when no -wal holds commits; otherwise mode=ro reads through the existing -wal.
    """
    quoted = quote(str(path.absolute()))
    if writable(path):
        return f"file:{quoted}"
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        return f"file:{quoted}?mode=ro"
    return f"file:{quoted}?immutable=1"


def connect_for_reading(path: Path, **options) -> sqlite3.Connection:
    connection = sqlite3.connect(read_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, **options)
    connection.execute("PRAGMA query_only = ON")
    return connection


def _read_only_version(path: Path) -> int:
    """The book's schema version, read without writing anything (no WAL switch, no journal)."""
    try:
        connection = connect_for_reading(path)
    except sqlite3.Error as exc:
        raise BookError("book.error.corrupt", path=path, detail=str(exc)) from None
    try:
        connection.execute("PRAGMA busy_timeout = %d" % BUSY_TIMEOUT_MS)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # A newer book's tables are unknown here: too_new says all that can be said of it.
        if tables and (version == 0 or version <= LATEST_VERSION and not expected_tables(version) <= tables):
            raise BookError("book.error.foreign", path=path)
        return version
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BookError("book.error.locked", path=path) from None
        raise BookError("book.error.corrupt", path=path, detail=str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise BookError("book.error.corrupt", path=path, detail=str(exc)) from None
    finally:
        connection.close()


def _ensure_folder(folder: Path) -> None:
    if folder.exists():
        if not os.access(folder, os.W_OK):
            raise BookError("book.error.read_only", path=folder)
        return
    from clientbook.paths import ensure_private_dir

    try:
        ensure_private_dir(folder)
    except OSError as exc:
        raise BookError("book.error.folder", path=folder, detail=exc.strerror or str(exc)) from None


def backup_path_for(path: Path, version: int, now: datetime) -> Path:
    return path.with_name(f"{path.name}.v{version}-{now:%Y%m%d-%H%M%S}.bak")


def prepare(path: Path, now: datetime | None = None, *, reading: bool = False) -> tuple[int, Path | None]:
    """Check, create or upgrade the file so it holds the latest schema.

    Returns (version found, copy made before an upgrade or None). Raises BookError, having
    modified nothing, for a folder, a foreign or damaged file, or a newer version. `reading`
    (today, export): a book of the latest version that cannot be written is fine as it is.
    """
    path = Path(path)
    _check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    found = _read_only_version(path) if existed else 0
    if found > LATEST_VERSION:
        raise BookError("book.error.too_new", path=path, found=found, known=LATEST_VERSION)
    if reading and found == LATEST_VERSION and not writable(path):
        return found, None
    if existed and not writable(path):
        raise BookError("book.error.read_only", path=path if not os.access(path, os.W_OK) else path.parent)
    _ensure_folder(path.parent)
    if existed and found == LATEST_VERSION:
        return found, None

    backup = None
    if existed and found:  # a blank SQLite file (version 0, no tables) holds nothing to keep
        backup = backup_path_for(path, found, now or datetime.now())
        from clientbook.store.backup import copy_book  # here: backup.py imports this module

        copy_book(path, backup)
    created = not path.exists()
    try:
        _create_or_upgrade(path, found)
    except Exception as exc:  # sqlite3's, SQLAlchemy's (the schema) or the OS's
        if created:  # a disk that filled up while the book was made: leave no half-made book
            for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
                path.with_name(name).unlink(missing_ok=True)
        error = translate(exc, path)
        if error is None and created:
            raise
        if error is None:   # a revision that failed: its transaction undid everything
            orig = getattr(exc, "orig", None) or exc
            error = BookError("book.error.upgrade_failed", path=path, version=LATEST_VERSION,
                              detail=getattr(orig, "sqlite_errorname", type(orig).__name__))
        raise error from None
    if not existed:
        os.chmod(path, 0o600)
    return found, backup


def _create_or_upgrade(path: Path, found: int) -> None:
    if found == 0:
        # Create the file private to the user before SQLite does, with the default umask.
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        # WAL first (it cannot be switched inside a transaction), then the whole schema in one
        # BEGIN IMMEDIATE transaction: a crash leaves no half-made book (tables but version 0,
        # refused forever as "not a clientbook file"), and a second process creating the same
        # new book at the same moment waits for the lock, then finds the schema there.
        switch = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            switch.execute("PRAGMA journal_mode = WAL")
        finally:
            switch.close()
    from clientbook.store.engine import make_engine

    engine = make_engine(path, for_writes=True)
    try:
        with engine.begin() as connection:     # BEGIN IMMEDIATE
            # Another process opening the same book may have made or upgraded it while we waited.
            current = connection.exec_driver_sql("PRAGMA user_version").scalar()
            if current == 0:
                create_schema(connection)
                connection.exec_driver_sql(NOTE_FTS_DDL)
            elif current < LATEST_VERSION:
                _upgrade(connection, current)
            connection.exec_driver_sql(f"PRAGMA user_version = {LATEST_VERSION}")
    finally:
        engine.dispose()


# What create_schema puts in every new book: a JSON book's load replaces them, and a book
# holding only these is empty.
SEEDED_TABLES = frozenset({"rep", "pool_rule"})


def create_schema(connection) -> None:
    """A new book's tables at the latest version, its first rows, and alembic's mark of the
    revision it is at (written here: `alembic stamp` would cost its import on every new book).
    SQLite and PostgreSQL alike; `connection` is a SQLAlchemy connection in a transaction."""
    from sqlalchemy import insert

    from clientbook.domain.team import DEFAULT_RECYCLE_DAYS
    from clientbook.store.models import all_tables
    from clientbook.store.models.team import PoolRule, Rep

    all_tables().create_all(connection)
    connection.execute(insert(Rep.__table__).values(id=1, name="", role="", manager=False, active=True,
                                                    created_at=datetime.now()))
    connection.execute(insert(PoolRule.__table__), [{"grade": grade, "recycle_days": days}
                                                    for grade, days in DEFAULT_RECYCLE_DAYS.items()])
    connection.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,"
                               " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))")
    connection.exec_driver_sql(f"INSERT INTO alembic_version (version_num) VALUES ('{LATEST_REVISION}')")


def _upgrade(connection, current: int) -> None:
    """The released SQLite steps up to version 7, then alembic's revisions to the latest, all in
    the caller's one transaction: a failure anywhere leaves the book as it was."""
    raw = connection.connection.driver_connection
    for version in range(current + 1, max(MIGRATIONS) + 1):
        for statement in MIGRATIONS[version]:
            if callable(statement):
                statement(raw)
            else:
                raw.execute(statement)
    from alembic import command

    config = alembic_config(connection)
    command.stamp(config, REVISIONS[max(current, min(REVISIONS))][0])
    command.upgrade(config, "head")


def alembic_config(connection):
    """alembic's configuration for running its commands on `connection`, inside its transaction."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    config.attributes["connection"] = connection
    return config
