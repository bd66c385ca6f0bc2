"""The plain-sqlite3 reader that Today is shown from while the Store imports. Both run the same
SQL (store/agenda.py, whose results tests/store/test_capture.py and test_meals_store.py
check by hand); here: the reader's own connection, transactions and types give the same
answers as the Store's, it refuses writes, and it needs no SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from clientbook.config import DEFAULT_CADENCE_DAYS
from clientbook.services.today import agenda_json, collect_today
from clientbook.errors import BookError
from clientbook.store import open_store
from clientbook.store.reader import open_reader
from conftest import demo_book_at

EVENING = datetime(2026, 11, 26, 19, 30)   # the suite's Thursday (conftest.NOW), in the evening


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.db"
    demo_book_at(path, EVENING)
    return path


@pytest.mark.parametrize("days_later", [0, 3, 40])
def test_reader_answers_as_the_store_does(demo, days_later):
    now = EVENING + timedelta(days=days_later)
    today = now.date()
    store, reader = open_store(demo), open_reader(demo)
    try:
        assert reader.agenda.agenda_items(today) == store.agenda.agenda_items(today)
        assert reader.agenda.due_to_contact(today, DEFAULT_CADENCE_DAYS) == store.agenda.due_to_contact(today, DEFAULT_CADENCE_DAYS)
        assert reader.agenda.recent_interactions(8, until=now) == store.agenda.recent_interactions(8, until=now)
        assert reader.agenda.meals_without_minutes(now) == store.agenda.meals_without_minutes(now)
        week = today + timedelta(days=7)
        assert reader.agenda.meals_ahead(now, week) == store.agenda.meals_ahead(now, week)
        from_reader = agenda_json(collect_today(reader, now, DEFAULT_CADENCE_DAYS))
        assert from_reader == agenda_json(collect_today(store, now, DEFAULT_CADENCE_DAYS))
    finally:
        store.close()
        reader.close()


def test_the_demo_agenda_is_not_empty(demo):
    """The comparison above means something only if there is something to compare."""
    reader = open_reader(demo)
    try:
        data = collect_today(reader, EVENING + timedelta(days=3), DEFAULT_CADENCE_DAYS)
    finally:
        reader.close()
    assert data.agenda.total and data.due_contacts and data.recent
    assert data.recent[0].contacts and data.recent[0].occurred_at <= EVENING + timedelta(days=3)
    assert data.minutes_due and all(meal.guests for meal in data.minutes_due)
    assert data.meals_ahead and all(meal.guests and meal.venue for meal in data.meals_ahead)


def test_reader_refuses_writes(demo):
    reader = open_reader(demo)
    try:
        with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write|cannot_write"):
            with reader.raw_reading() as connection:
                connection.execute("DELETE FROM contact")
    finally:
        reader.close()
    store = open_store(demo)
    try:
        assert store.contacts.counts().contacts > 0
    finally:
        store.close()


def test_reader_refuses_what_is_not_a_book(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"not a database at all" * 50)
    with pytest.raises(BookError):
        open_reader(junk)
    assert junk.read_bytes() == b"not a database at all" * 50


def test_today_from_the_reader_imports_no_sqlalchemy(demo):
    """What makes Today quick to show: the reader and the Today screen's module stay clear
    of SQLAlchemy and SQLModel (imported afterwards, in a worker)."""
    script = (
        "import sys, json\n"
        "from datetime import datetime\n"
        "from clientbook.store.reader import open_reader\n"
        "from clientbook.services.today import collect_today, agenda_json\n"
        "import clientbook.ui.screens.today\n"
        f"data = collect_today(open_reader(sys.argv[1]), datetime({EVENING.year}, {EVENING.month}, {EVENING.day}), {{'A': 14}})\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel'))\n"
        "print(json.dumps({'heavy': heavy, 'overdue': len(data.agenda.overdue)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(demo)], capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    assert report["heavy"] == []
    assert report["overdue"] > 0
