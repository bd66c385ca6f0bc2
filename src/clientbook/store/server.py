"""A team book on a PostgreSQL server (psycopg 3, imported only when a URL is used).

The repositories' plain SQL is written once, for sqlite3's surface (`?` parameters, rows of
plain values, execute/executemany/fetchone/fetchall): PgConnection gives psycopg that surface,
so agenda.py, writes.py, deals.py… run unchanged on both engines. Dates, times and timestamps
come back as text in the ISO form SQLite stores them in, which that code already parses; the
ORM's own connections are not touched and read them as datetime objects, as on SQLite.

`create_team_book(book)` makes the schema (`clientbook team init URL`); `check_team_book`
refuses a database that is not one, naming that command. What SQLite does in its own ways has
its counterpart here: the change notice is LISTEN/NOTIFY (a trigger on every table), the note
search a per-character tsvector over the notes' own tables (see NOTE_SEARCH_SQL).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from clientbook.errors import BookError, translate
from clientbook.location import ServerBook

CHANNEL = "clientbook_change"
CONNECT_TIMEOUT_S = 10

# The note search (SQLite: fts5 note_fts with one token per CJK character, writes.fts_document).
# Measured with tests/bench/bench.py --engine postgresql (2-character words 月饼 报价 合同 茶叶 方案,
# the newest 200 hits, on a loaded 2-core machine): a per-character tsvector with a phrase query
# (报 <-> 价) took 11 ms p50 per word on the small book, 31 ms on the large one (100k notes);
# pg_trgm with its GIN index 114 ms and 100 ms: a trigram needs three characters, so the index
# cannot narrow ILIKE '%报价%' and every note is read; it also counts CJK as letters only under
# a server locale that does. The tsvector is fts5's own design here. The documents are the notes' own
# tables (a generated column each, no index table to keep in step), so a search reads the rows
# themselves: row-level security on interaction and followup filters private notes out of it.
_CJK_CLASS = "[\u3400-\u9fff\uf900-\ufaff]"
NOTE_SEARCH_SQL = (
    # domain.search.fts_document in SQL: every CJK character a word of its own.
    "CREATE FUNCTION clientbook_note_doc(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    f" AS $$ SELECT to_tsvector('simple', regexp_replace(lower(body), '({_CJK_CLASS})', ' \\1 ', 'g')) $$",
    # Stored, not an expression index: a phrase (报 <-> 价) is checked against each candidate
    # row's document, and computing it again there cost 0.3 ms a row (480 ms for one search).
    "ALTER TABLE interaction ADD COLUMN note_doc tsvector GENERATED ALWAYS AS"
    " (clientbook_note_doc(summary || ' ' || notes || ' ' || place)) STORED",
    "CREATE INDEX ix_interaction_note_doc ON interaction USING gin (note_doc)",
    "ALTER TABLE followup ADD COLUMN note_doc tsvector GENERATED ALWAYS AS (clientbook_note_doc(what)) STORED",
    "CREATE INDEX ix_followup_note_doc ON followup USING gin (note_doc)",
)
INTERACTION_DOC = "note_doc"     # the column the search reads, on interaction and followup alike

# The pairs of CJK characters a note holds, as lexemes of their own (no positions), so that a
# 2-character word (月饼, the usual search) is one exact index lookup, and a longer one a few
# ANDed: the phrase check on note_doc then reads only the rows that hold the word, not every
# row with 月 and 饼 somewhere (报 价 合 同 are in most notes). Characters other than CJK are
# dropped first, so every pair the phrase query can match (月，饼: punctuation is no token) is
# here: the pairs only narrow, note_doc decides. Added to team books made before by
# `clientbook team upgrade` (upgrade_team_book).
NOTE_PAIRS = "note_pairs"
NOTE_PAIRS_SQL = (
    "CREATE FUNCTION clientbook_note_pairs(body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE"
    " AS $$ SELECT array_to_tsvector(coalesce(array_agg(substr(run, i, 2)), '{}'))"
    f" FROM regexp_replace(body, '[^{_CJK_CLASS[1:-1]}]+', '', 'g') AS run, generate_series(1, length(run) - 1) AS i $$",
    f"ALTER TABLE interaction ADD COLUMN {NOTE_PAIRS} tsvector GENERATED ALWAYS AS"
    " (clientbook_note_pairs(summary || notes || place)) STORED",
    f"CREATE INDEX ix_interaction_note_pairs ON interaction USING gin ({NOTE_PAIRS})",
    f"ALTER TABLE followup ADD COLUMN {NOTE_PAIRS} tsvector GENERATED ALWAYS AS (clientbook_note_pairs(what)) STORED",
    f"CREATE INDEX ix_followup_note_pairs ON followup USING gin ({NOTE_PAIRS})",
)

# The pool (store/team.py pool) reads each company's last contact, its people's latest: from
# this index alone instead of every person's row (large book as a rep: 11.6 -> 4.4 ms). A team
# book's only, for now: on a file book it would need a schema revision.
POOL_INDEX_SQL = ("CREATE INDEX IF NOT EXISTS ix_contact_company_last_contact ON contact (company_id, last_contact_at)",)

# The change notice (SQLite: PRAGMA data_version): every commit that changed a table sends one
# notification (PostgreSQL folds a transaction's identical ones into one) to open apps.
CHANGE_NOTICE_SQL = (
    "CREATE FUNCTION clientbook_notify_change() RETURNS trigger LANGUAGE plpgsql"
    f" AS $$ BEGIN PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$",
)


def _change_trigger(table: str) -> str:
    return (f'CREATE TRIGGER clientbook_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"'
            " FOR EACH STATEMENT EXECUTE FUNCTION clientbook_notify_change()")


# ---------------------------------------------------------------- sqlite3's surface on psycopg
@lru_cache(maxsize=512)
def pg_sql(sql: str) -> str:
    """A statement written for sqlite3 as PostgreSQL reads it: `?` parameters become `%s` (a
    literal % doubled), SQLite's group_concat is string_agg. The rest of the plain SQL is
    written in the part both engines share (RETURNING id, TRUE/FALSE, ON CONFLICT DO NOTHING)."""
    return sql.replace("%", "%%").replace("?", "%s").replace("group_concat(", "string_agg(")


def _text_loader():
    from psycopg.types.string import TextLoader

    return TextLoader


class PgConnection:
    """A psycopg connection as the plain-SQL code uses a sqlite3 one, inside the caller's transaction."""

    dialect = "postgresql"

    def __init__(self, connection) -> None:
        self.connection = connection

    def _cursor(self):
        cursor = self.connection.cursor()
        loader = _text_loader()
        for name in ("timestamp", "timestamptz", "date", "time"):   # this cursor only: the ORM keeps its types
            cursor.adapters.register_loader(name, loader)
        return cursor

    def execute(self, sql: str, parameters=()):
        cursor = self._cursor()
        cursor.execute(pg_sql(sql), tuple(parameters))
        return cursor

    def executemany(self, sql: str, rows):
        cursor = self._cursor()
        cursor.executemany(pg_sql(sql), [tuple(row) for row in rows])
        return cursor


def plain(connection):
    """The driver connection the plain SQL runs on: sqlite3's as it is, psycopg's wrapped."""
    if type(connection).__module__.startswith("psycopg"):
        return PgConnection(connection)
    return connection


def is_postgres(connection) -> bool:
    return isinstance(connection, PgConnection)


def dialect(connection) -> str:
    """"sqlite" or "postgresql": which of a statement's two forms to run, where they differ."""
    return "postgresql" if is_postgres(connection) else "sqlite"


# ---------------------------------------------------------------- connecting and checking
def connect(book: ServerBook, *, autocommit: bool = False):
    """A psycopg connection to the book (errors as one-line BookErrors)."""
    import psycopg

    try:
        return psycopg.connect(book.libpq_url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name="clientbook")
    except psycopg.Error as exc:
        raise translate(exc, book) or BookError("book.error.server_unreachable", path=book) from None


def is_team_book(connection) -> bool:
    """Whether the database holds a clientbook schema (made by `clientbook team init`)."""
    found = connection.execute("SELECT to_regclass('contact') IS NOT NULL AND to_regclass('interaction') IS NOT NULL"
                               " AND to_regproc('clientbook_note_doc') IS NOT NULL").fetchone()
    return bool(found[0])


def has_note_pairs(connection) -> bool:
    """Whether the team book has the note search's character pairs (NOTE_PAIRS_SQL) and its function."""
    return bool(connection.execute("SELECT to_regproc('clientbook_note_ids') IS NOT NULL").fetchone()[0])


def check_revision(connection, book: ServerBook) -> None:
    """Refuse a team book at another revision than this clientbook's: an older one names
    `clientbook team upgrade` (the admin's: reps may not change the tables), a newer one says so."""
    from clientbook.store.book import LATEST_REVISION, LATEST_VERSION, REVISIONS

    found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    revision = found[0] if found else None
    if revision == LATEST_REVISION:
        if not has_note_pairs(connection):
            raise BookError("book.error.team_outdated", path=book, found=LATEST_VERSION, known=f"{LATEST_VERSION}+")
        return
    versions = {name: version for version, (name, _tables) in REVISIONS.items()}
    if revision in versions:
        raise BookError("book.error.team_outdated", path=book, found=versions[revision], known=LATEST_VERSION)
    raise BookError("book.error.too_new", path=book, found=revision, known=LATEST_VERSION)


def check_team_book(book: ServerBook) -> None:
    """Refuse a server that cannot be reached or a database that is not a team book, in one
    line; likewise one at another schema revision."""
    connection = connect(book, autocommit=True)
    try:
        if not is_team_book(connection):
            raise BookError("book.error.not_team_book", path=book)
        check_revision(connection, book)
    finally:
        connection.close()


def make_server_engine(book: ServerBook):
    """The SQLAlchemy engine of the Store on the server: one for reads and writes (PostgreSQL
    needs no up-front write lock as SQLite does)."""
    from sqlalchemy import create_engine

    return create_engine(book.url, pool_size=5, max_overflow=10, pool_timeout=60,
                         connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "clientbook"},
                         hide_parameters=True)   # errors (and so crash logs) never carry the rep's data


def follow_loaded_ids(session, tables) -> None:
    """After rows were written with their ids (a JSON book loaded, the first rep), each table's
    id sequence goes on after the highest, as SQLite's rowid does by itself. `session`: a
    SQLAlchemy Session or Connection, inside the transaction that wrote them."""
    from sqlalchemy import text

    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].autoincrement is not False and keys[0].name == "id":
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), coalesce(max(id), 0) + 1, false)"
                f' FROM "{table.name}"'))


# ---------------------------------------------------------------- a new team book
@contextmanager
def _as_admin(book: ServerBook) -> Iterator:
    """A transaction on the team book for its admin's work (init, upgrade): every error one
    line, and a rep's login, which may not change the tables, told so."""
    engine = make_server_engine(book)
    try:
        with engine.begin() as connection:
            yield connection
    except BookError:
        raise
    except Exception as exc:
        error = translate(exc, book)
        if error is None:
            raise
        if error.key == "book.error.server_denied":
            error = BookError("team.access.error.not_admin", path=book)
        raise error from None
    finally:
        engine.dispose()


def create_team_book(book: ServerBook) -> None:
    """The schema of a new team book in the (empty) database `book` names, in one transaction:
    the tables and first rows at the head revision (book.create_schema, as a new file book),
    the note search and the change notice. Refuses a database already set up."""
    from clientbook.store.book import create_schema
    from clientbook.store.models import all_tables

    with _as_admin(book) as connection:
        driver = connection.connection.driver_connection
        if is_team_book(driver):
            raise BookError("team.error.already", path=book)
        create_schema(connection)
        tables = all_tables().sorted_tables
        follow_loaded_ids(connection, tables)     # the first rep came with its id
        for statement in (*NOTE_SEARCH_SQL, *NOTE_PAIRS_SQL, *POOL_INDEX_SQL, *CHANGE_NOTICE_SQL):
            connection.exec_driver_sql(statement)
        for table in tables:
            connection.exec_driver_sql(_change_trigger(table.name))
        from clientbook.store.policies import install

        install(connection)    # the team's group role, grants and row-level security (store/policies.py)


def upgrade_team_book(book: ServerBook) -> bool:
    """`clientbook team upgrade`: alembic's revisions up to this clientbook's, in one transaction
    on the server (run by the admin, who owns the tables), then what a team book adds to a table
    made since: the change notice's trigger and the team's grants; and what a team book has
    beside alembic's tables that it lacks (the note search's character pairs, the pool's
    index), and the note search's function as this clientbook writes it. False: it was up to date."""
    from alembic import command
    from alembic.migration import MigrationContext

    from clientbook.store.book import LATEST_REVISION, alembic_config
    from clientbook.store.policies import grant_tables, install_note_search, note_search_current

    with _as_admin(book) as connection:
        driver = connection.connection.driver_connection
        if not is_team_book(driver):
            raise BookError("book.error.not_team_book", path=book)
        revised = MigrationContext.configure(connection).get_current_revision() != LATEST_REVISION
        paired = has_note_pairs(driver)
        current = paired and note_search_current(driver)
        if not revised and current:
            return False
        if not paired:
            for statement in (*NOTE_PAIRS_SQL, *POOL_INDEX_SQL):    # both came with the same clientbook
                connection.exec_driver_sql(statement)
        if not current:
            install_note_search(connection)
        command.upgrade(alembic_config(connection), "head")
        check_revision(driver, book)           # a book newer than this clientbook stays as it was
        triggered = {row[0] for row in driver.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = 'clientbook_change'")}
        from clientbook.store.models import all_tables

        for table in all_tables().sorted_tables:
            if table.name not in triggered:
                connection.exec_driver_sql(_change_trigger(table.name))
        grant_tables(connection)
    return True


# ---------------------------------------------------------------- the change notice
class ChangeWatch:
    """The open app's view of other commits: a connection LISTENing on the book's channel;
    the token counts the notifications received (Sessions.change_token)."""

    def __init__(self, book: ServerBook) -> None:
        self._connection = connect(book, autocommit=True)
        self._connection.execute(f"LISTEN {CHANNEL}")
        self._count = 0

    def token(self) -> int:
        for _notice in self._connection.notifies(timeout=0):
            self._count += 1
        return self._count

    def close(self) -> None:
        self._connection.close()


# ---------------------------------------------------------------- the fast start, `clientbook log`
class PlainServerBook:
    """One psycopg connection on the team book, one transaction at a time whichever thread asks,
    giving raw_reading()/raw_writing() as the Store's Sessions do (reader.BookReader and
    BookWriter are the same for a file): Today and `clientbook log` without SQLAlchemy."""

    def __init__(self, book: ServerBook) -> None:
        from clientbook.store.agenda import AgendaRepository
        from clientbook.store.contact_index import ContactLookup
        from clientbook.store.writes import InteractionLog

        self.path = book
        self._connection = connect(book)
        self._lock = threading.Lock()
        self.agenda = AgendaRepository(self)
        self.contacts = ContactLookup(self)
        self.capture = InteractionLog(self)

    @contextmanager
    def raw_reading(self) -> Iterator[PgConnection]:
        with self._transaction() as connection:
            yield connection

    @contextmanager
    def raw_writing(self) -> Iterator[PgConnection]:
        with self._transaction() as connection:
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[PgConnection]:
        import psycopg

        with self._lock:
            try:
                with self._connection.transaction():
                    yield PgConnection(self._connection)
            except psycopg.Error as exc:
                error = translate(exc, self.path)
                if error is None:
                    raise
                raise error from None

    def close(self) -> None:
        self._connection.close()


def open_plain(book: ServerBook) -> PlainServerBook:
    """The team book, checked, on one plain psycopg connection."""
    plain_book = PlainServerBook(book)
    try:
        if not is_team_book(plain_book._connection):
            raise BookError("book.error.not_team_book", path=book)
        check_revision(plain_book._connection, book)
        plain_book._connection.rollback()
    except BaseException:
        plain_book.close()
        raise
    return plain_book

