"""Going from page to page through ui/nav.py, and the guest picker asking the book in a worker."""

from __future__ import annotations

import threading
import pytest
from textual.widgets import DataTable, OptionList

from clientbook.services.capture import CaptureService
from clientbook.ui import nav
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.forms.meal_plan import new_meal_flow
from conftest import NOW, demo_book_at
from ui_support import make_app, row_keys, screen_name, settle, start

SIZE = (120, 36)


@pytest.fixture
def demo_book(tmp_path):
    path = tmp_path / "demo.db"
    demo_book_at(path, NOW)
    return path


def first_ids(app) -> dict[str, int]:
    meals = app.meals.meal_list(NOW)
    return {"contact": app.contacts.contact_list().rows[0].id, "company": app.contacts.company_list()[0].id,
            "meal": (meals.coming + meals.past)[0].id}


OPENS = [
    (lambda app, ids: nav.open_contact(app, ids["contact"]), "ContactScreen", ("contact_id", "contact")),
    (lambda app, ids: nav.open_company(app, ids["company"]), "CompanyScreen", ("company_id", "company")),
    (lambda app, ids: nav.open_meal(app, ids["meal"]), "MealPlanScreen", ("meal_id", "meal")),
    (lambda app, ids: nav.open_meal_prep(app, ids["meal"]), "MealPrepScreen", ("meal_id", "meal")),
    (lambda app, ids: nav.open_occasions(app), "OccasionsScreen", None),
    (lambda app, ids: nav.open_gift_policy(app), "PolicyScreen", None),
    (lambda app, ids: nav.open_gift_log(app), "GiftLogScreen", None),
    (lambda app, ids: nav.open_archive(app), "ArchiveScreen", None),
]


@pytest.mark.parametrize(("go", "screen", "shows"), OPENS, ids=[name for _, name, _ in OPENS])
async def test_nav_opens_the_page_asked_for(demo_book, go, screen, shows):
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        ids = first_ids(app)
        go(app, ids)
        await settle(app, pilot)
        assert screen_name(app) == screen
        assert not app.screen.loading  # what it reads in its worker is on screen
        if shows:
            attribute, kind = shows
            assert getattr(app.screen, attribute) == ids[kind]


async def test_help_and_import_open_once_however_often_asked(demo_book):
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        nav.open_import(app)
        nav.open_import(app)
        await settle(app, pilot)
        assert [screen_name(app)] == ["ImportScreen"]
        depth = len(app.screen_stack)
        nav.open_help(app)
        await settle(app, pilot)
        nav.open_help(app)
        await settle(app, pilot)
        assert screen_name(app) == "HelpScreen"
        assert len(app.screen_stack) == depth + 1


async def test_guest_picker_searches_off_the_ui_thread(demo_book, monkeypatch):
    searched_on = []
    pick = CaptureService.pick_contacts

    def recording(self, *args, **kwargs):
        searched_on.append(threading.current_thread())
        return pick(self, *args, **kwargs)

    monkeypatch.setattr(CaptureService, "pick_contacts", recording)
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        name = app.contacts.contact_list().rows[0].name
        run_flow(app, new_meal_flow())
        await settle(app, pilot)
        picker = app.screen.query_one("#f-guests")
        picker.input.focus()
        picker.input.value = name
        await settle(app, pilot)
        options = picker.query_one(OptionList)
        assert options.display and options.option_count
        assert str(options.get_option_at_index(0).prompt).startswith(name)
        assert searched_on and threading.main_thread() not in searched_on

        await pilot.press("enter")
        await settle(app, pilot)
        assert [chosen_name for _, chosen_name in picker.chosen] == [name]
        assert not options.display



async def test_log_on_a_recent_interaction_reads_who_took_part_off_the_ui_thread(demo_book, monkeypatch):
    asked_on = []
    interaction = CaptureService.interaction

    def recording(self, *args, **kwargs):
        asked_on.append(threading.current_thread())
        return interaction(self, *args, **kwargs)

    monkeypatch.setattr(CaptureService, "interaction", recording)
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        table = app.screen.query_one("#agenda", DataTable)
        keys = row_keys(table)
        index = next(i for i, key in enumerate(keys) if key.startswith("i:"))
        table.move_cursor(row=index)
        expected = app.capture.interaction(int(keys[index].split(":")[1])).contacts[0]
        asked_on.clear()
        await pilot.press("l")
        await settle(app, pilot)
        assert screen_name(app) == "QuickLog"
        assert app.screen.chosen == [expected]
        assert asked_on and threading.main_thread() not in asked_on
