"""Every test runs with CLIENTBOOK_HOME in a temporary folder: the real book is never touched."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

# With PYTHONDONTWRITEBYTECODE set (this machine sets it, as some CI machines do), every xdist
# worker compiled our modules and rewrote every test module's asserts (and hypothesis's, a
# plugin's package) from source again: ~6 s of CPU a worker. And every `clientbook` the CLI
# tests start compiled the package again. Bytecode is written, as for an installed clientbook
# (pip compiles at install); the __pycache__ folders are ignored by git. Set before the
# workers and children start, which inherit it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

# The suite's temporary files in memory where the machine has a roomy /dev/shm (unless TMPDIR
# says otherwise): SQLite's and the test PostgreSQL servers' writes to disk made a third of the
# store tests' time (86 s against 55 s in memory). A run takes some 300 MB there at its height;
# a container's 64 MB /dev/shm is left alone. Set before the first temporary folder (gettempdir
# keeps its first answer) and before the workers and children start, which inherit it.
_MEMORY_TMP, _MEMORY_TMP_NEEDED = "/dev/shm", 2 << 30


def _roomy(folder: str) -> bool:
    try:
        found = os.statvfs(folder)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK) and found.f_bavail * found.f_frsize >= _MEMORY_TMP_NEEDED


if "TMPDIR" not in os.environ and _roomy(_MEMORY_TMP):
    os.environ["TMPDIR"] = tempfile.tempdir = _MEMORY_TMP
_SUITE_HOME = tempfile.mkdtemp(prefix="clientbook-tests-")
atexit.register(shutil.rmtree, _SUITE_HOME, True)   # each process's own (workers make theirs)
os.environ["CLIENTBOOK_HOME"] = _SUITE_HOME
os.environ.pop("LC_ALL", None)
os.environ["LANG"] = "C.UTF-8"
# ui/ui_support.py and cli/cli_support.py import from any folder (reliability/ drives both too).
sys.path[:0] = [str(Path(__file__).resolve().parent / folder) for folder in ("ui", "cli")]

# Pilot waits for the app to go idle after every key, twice, and once more in pause(): Textual
# looks for a 20 ms window in which the process used under 1 ms of CPU. In windows of 5 ms (under
# 0.25 ms of CPU) the UI tests took 105–135 s instead of 155–182 s, all passing, on a loaded
# machine. The tests that wait for a worker's answer wait for the worker itself (ui_support.settle).
import textual._wait  # noqa: E402

textual._wait.SLEEP_GRANULARITY = 0.005
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20

from clientbook.domain.contacts import validate_contact  # noqa: E402
from clientbook.domain.enums import Grade  # noqa: E402
from clientbook.i18n import language, set_language  # noqa: E402

# A Thursday, fixed so nothing depends on the clock.
NOW = datetime(2026, 11, 26, 10, 0)


class FixedClock(datetime):
    """`datetime` whose now() is NOW: patched over the CLI module's, which reads the clock itself."""

    @classmethod
    def now(cls, tz=None):
        return NOW


def add_contact(store, when: datetime = NOW, grade: str = "", **raw: str) -> int:
    """A contact from the form's fields, checked as the form checks them; `grade` also grades
    the contact's company (the gift policy reads it)."""
    data, errors = validate_contact(raw)
    assert not errors, errors
    contact_id = store.contacts.add_contact(data, when)
    if grade:
        company = next(c for c in store.contacts.list_companies() if c.name == raw["company"])
        update = store.contacts.company_input(company.id)
        update.grade = Grade(grade)
        store.contacts.update_company(company.id, update, when)
    return contact_id


_DEMO_BOOKS: dict[tuple[datetime, str], Path] = {}


def demo_book_at(path: Path, now: datetime = NOW) -> Path:
    """What build_demo_book(path, now) makes, in the language set now (the demo's texts are in
    it): built once per worker for each `now` and language and copied, as scripts/screenshots.py
    does for its shots. Building takes ~0.45 s of CPU; some thirty tests start from the demo."""
    key = (now, language())
    if key not in _DEMO_BOOKS:
        from clientbook.demo import build_demo_book

        built = Path(tempfile.mkdtemp(prefix="demo-", dir=_SUITE_HOME)) / "demo.db"
        build_demo_book(built, now)
        assert not Path(f"{built}-wal").exists()   # closed: one file holds it all
        _DEMO_BOOKS[key] = built
    for suffix in ("-wal", "-shm"):   # as build_demo_book replaces a previous demo, and only it
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_DEMO_BOOKS[key], path)
    return path


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("CLIENTBOOK_HOME", str(home))
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def book_path(tmp_path) -> Path:
    return tmp_path / "book" / "clientbook.db"


# The store tests (tests/store) run on both engines: each that takes the `store` fixture (itself
# or through a fixture over it) runs on a SQLite file and on a PostgreSQL team book, unless it is
# marked sqlite_only (it is about SQLite itself: the file, its locks, WAL, upgrades).
_BOTH_ENGINES = Path(__file__).resolve().parent / "store"


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: a store test about SQLite itself, not run on PostgreSQL")


def pytest_generate_tests(metafunc):
    if "store" in metafunc.fixturenames and metafunc.definition.path.is_relative_to(_BOTH_ENGINES):
        sqlite_only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("engine", ["sqlite"] if sqlite_only else ["sqlite", "postgresql"])


@pytest.fixture
def engine() -> str:
    """The store's engine: SQLite, but both in tests/store (pytest_generate_tests)."""
    return "sqlite"


@pytest.fixture
def store(engine, book_path, request):
    from clientbook.store import open_store

    book = request.getfixturevalue("team_book") if engine == "postgresql" else book_path
    opened = open_store(book, NOW)
    yield opened
    opened.close()


def orm_rows_in(value, seen=None) -> list:
    """Every SQLModel object reachable from a view's fields, tuples, lists and dicts: a
    service's answer must hold none (no ORM row leaves the store)."""
    import dataclasses

    from sqlmodel import SQLModel

    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, SQLModel):
        return [value]
    if dataclasses.is_dataclass(value):
        return [row for f in dataclasses.fields(value) for row in orm_rows_in(getattr(value, f.name), seen)]
    if isinstance(value, (list, tuple, set)):
        return [row for item in value for row in orm_rows_in(item, seen)]
    if isinstance(value, dict):
        return [row for pair in value.items() for row in orm_rows_in(pair, seen)]
    return []


def emails_of(store, contact_id: int) -> list[str]:
    """A contact's e-mail addresses, as the book holds them (kinds aside)."""
    return [email.value for email in store.contacts.contact_input(contact_id).emails]


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """This worker's own PostgreSQL server (tests/pg_support.py), started on first use."""
    from pg_support import start_server

    server = start_server()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A new empty database on the worker's server, as a SQLAlchemy URL with the superuser's password."""
    from pg_support import drop_database, fresh_database

    name = fresh_database(pg_server)
    yield pg_server.url(name)
    drop_database(pg_server, name)


@pytest.fixture(scope="session")
def team_template(pg_server) -> str:
    """A team book made once per worker (as `clientbook team init` makes one): each test gets a copy."""
    from pg_support import fresh_database

    from clientbook.location import ServerBook
    from clientbook.store.server import create_team_book

    name = fresh_database(pg_server)
    create_team_book(ServerBook(pg_server.url(name)))
    return name


@pytest.fixture
def team_book(pg_server, team_template):
    """A new, empty team book on the worker's server (a ServerBook, superuser's URL with password)."""
    from pg_support import drop_database, fresh_database

    from clientbook.location import ServerBook

    name = fresh_database(pg_server, template=team_template)
    yield ServerBook(pg_server.url(name))
    drop_database(pg_server, name)
