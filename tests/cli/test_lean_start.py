"""Issue 12's lean start: `clientbook today` reads the agenda and the gift reminders on plain
sqlite3 (store/agenda.py), and `clientbook log` finds its contact and writes on plain sqlite3
(store/contact_index.py, store/writes.py): neither imports SQLAlchemy, which takes longer than
the command's own work."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from cli_support import run


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_today_prints_gift_reminders_without_importing_sqlmodel(home):
    tomorrow = date.today() + timedelta(days=1)
    assert run(home, "add", "王五", "--company", "乙", "--birthday", f"1980-{tomorrow:%m-%d}").returncode == 0
    code = ("import sys, clientbook.cli as cli\n"
            "status = cli.main(['--lang', 'en', 'today', '--json'])\n"
            "print('sqlmodel' in sys.modules, 'sqlalchemy' in sys.modules, status, file=sys.stderr)\n")
    result = run(home, "-c", code)
    assert result.stderr.split() == ["False", "False", "0"], result.stderr
    gifts = json.loads(result.stdout)["gifts"]
    assert [(g["occasion"], g["date"], [p["name"] for p in g["people"]]) for g in gifts] == [
        ("birthday:1", tomorrow.isoformat(), ["王五"])]


def test_log_with_a_follow_up_loads_no_sqlalchemy_pinyin_lunar_calendar_ical_textual_or_contact_rules(home):
    """`clientbook log` finds the contact and writes one interaction and its follow-up in plain
    SQL (store/contact_index.py, store/writes.py): SQLAlchemy is not imported (importing it and
    mapping four tables was most of the command's start), the contact's search keys are already
    stored, no lunar date is computed, nothing is drawn, no contact is validated, no target
    level judged, no card or photo read and no meal or gift is touched."""
    assert run(home, "add", "王五", "--company", "乙", "--birthday", "农历八月十五").returncode == 0
    code = ("import sys, clientbook.cli as cli\n"
            "status = cli.main(['--lang', 'en', 'log', '王五', 'call', '谈了报价', '--follow-up', 'tomorrow'])\n"
            "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'pypinyin', 'lunar_python', 'icalendar', 'textual', 'rich',\n"
            "                     'clientbook.domain.lunar', 'clientbook.store.models.meals',\n"
            "                     'clientbook.store.models.gifts', 'clientbook.domain.contacts',\n"
            "                     'clientbook.domain.targets', 'clientbook.domain.enums',\n"
            "                     'clientbook.domain.contact_fields', 'clientbook.domain.contact_card',\n"
            "                     'clientbook.store.models.photos') if m in sys.modules]\n"
            "print(status, *heavy, file=sys.stderr)\n")
    result = run(home, "-c", code)
    assert result.stderr.split() == ["0"], result.stderr
    assert "王五" in result.stdout


def test_log_without_follow_up_loads_no_sqlalchemy_and_defines_no_view_it_does_not_build(home):
    """Without a follow-up, `clientbook log` writes an interaction and its contact link only
    (here for a contact found by searching: no contact has the name typed), in plain SQL: neither SQLModel nor SQLAlchemy is imported, and the views only the app's
    screens read are not defined (issue 12: they cost the command's start ~15 ms)."""
    assert run(home, "add", "王五", "--company", "乙").returncode == 0
    code = ("import sys, clientbook.cli as cli\n"
            "status = cli.main(['--lang', 'en', 'log', '王', 'call', '谈了报价'])\n"   # no exact name: the search
            "lazy = [m for m in ('sqlmodel', 'sqlalchemy', 'clientbook.store.store', 'clientbook.store.capture_views',\n"
            "                    'clientbook.store.contact_views', 'clientbook.services.capture_views')\n"
            "        if m in sys.modules]\n"
            "print(status, *lazy, file=sys.stderr)\n")
    result = run(home, "-c", code)
    assert result.stderr.split() == ["0"], result.stderr
    assert "王五" in result.stdout
