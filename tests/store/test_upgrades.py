"""Every released schema version, kept as a fixture, upgrades to the current one with its data."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from clientbook.domain.contact_card import Typed
from clientbook.domain.search import sort_key
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.targets import default_targets
from clientbook.store import open_store
from clientbook.store.book import LATEST_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RELEASED = sorted(int(p.stem.split("-v")[1]) for p in FIXTURES.glob("book-v*.db"))


def schema(path: Path) -> tuple[dict, list[str]]:
    connection = sqlite3.connect(path)
    try:
        tables = {
            name: sorted((row[1], row[2], row[3]) for row in connection.execute(f'PRAGMA table_info("{name}")'))
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table') AND name NOT LIKE 'sqlite%'")
        }
        indexes = sorted(name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite%'"))
        return tables, indexes
    finally:
        connection.close()


def test_every_version_before_the_latest_has_a_fixture():
    assert RELEASED == list(range(1, LATEST_VERSION)) or RELEASED == list(range(1, LATEST_VERSION + 1))


@pytest.mark.parametrize("version", RELEASED)
def test_upgraded_schema_equals_a_new_book(tmp_path, version):
    old = tmp_path / "old.db"
    shutil.copy(FIXTURES / f"book-v{version}.db", old)
    open_store(old, datetime(2026, 11, 26, 10)).close()
    open_store(tmp_path / "new.db").close()
    assert schema(old) == schema(tmp_path / "new.db")


@pytest.mark.parametrize("version", RELEASED)
def test_upgrade_keeps_the_data_and_a_copy_of_the_old_file(tmp_path, version):
    old = tmp_path / "book.db"
    shutil.copy(FIXTURES / f"book-v{version}.db", old)
    store = open_store(old, datetime(2026, 11, 26, 10))
    try:
        names = {row.name for row in store.contacts.search_contacts()}
        assert {"张三", "单雄信"} <= names
        assert [item.name for item in store.contacts.archived()] == ["李四"]
        zhang = store.contacts.find_contacts("张三")[0]
        view = store.contacts.get_contact(zhang.id)
        assert view.company.name == "华为技术" and view.company.grade == "A"
        assert view.contact.birthday == "lunar:--03-08" and view.contact.notes == "喜欢喝单枞"
        assert store.contacts.search_contacts("zs")[0].name == "张三"
        if version >= 2:
            [meal] = [e for e in store.capture.timeline(zhang.id) if e.kind == "interaction"]
            assert meal.subtype == "meal" and meal.at == datetime(2026, 11, 20, 19, 0)
            assert [h.text for h in store.capture.search_notes("月饼")] == ["一起喝茶，聊了月饼订单"]
            assert view.contact.level == 4
        # 6: phones and the e-mail become typed values, untyped as the old book did not know their kind.
        card = store.contacts.contact_input(zhang.id)
        assert card.phones[0] == Typed("138 0013 8000") and card.addresses == [] and card.photo is None
        if version >= 5:
            assert card.phones == [Typed("138 0013 8000"), Typed("010-6543 2100")]
            assert card.emails == [Typed("zs@huawei.com")]
        # 5: the target level matrix starts at its defaults and takes the rep's cells.
        assert store.agenda.targets() == default_targets()
        store.contacts.set_target_cell(Grade.B, Position.CLERK, Level.CONFIDANT)
        assert store.agenda.targets()[(Grade.B, Position.CLERK)] is Level.CONFIDANT
    finally:
        store.close()
    connection = sqlite3.connect(old)
    keys = connection.execute("SELECT name, sort_key FROM contact").fetchall()
    connection.close()
    assert keys and all(key == sort_key(name) for name, key in keys)   # phone-book order from version 4 on
    if version < LATEST_VERSION:
        backup = store.upgrade_backup
        assert backup is not None and backup.exists()
        connection = sqlite3.connect(backup)
        assert connection.execute("PRAGMA user_version").fetchone()[0] == version
        connection.close()


def test_schema_6_reads_old_phones_and_emails_as_lines_whatever_they_start_with(tmp_path):
    """An address "[sales]@x.com" passed the old check: schema 6 must not take it for JSON."""
    old = tmp_path / "book.db"
    shutil.copy(FIXTURES / "book-v5.db", old)
    connection = sqlite3.connect(old)
    connection.execute("UPDATE contact SET email = '[sales]@x.com', phones = '[010] 6543 2100' WHERE name = '张三'")
    connection.commit()
    connection.close()
    store = open_store(old, datetime(2026, 11, 26, 10))
    try:
        zhang = store.contacts.find_contacts("张三")[0]
        card = store.contacts.contact_input(zhang.id)
        assert (card.emails, card.phones) == ([Typed("[sales]@x.com")], [Typed("[010] 6543 2100")])
    finally:
        store.close()
