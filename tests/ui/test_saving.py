"""Forms never block on the book and never lose an entry: a busy book (another program holding
the lock), a full disk, and a record changed under an open form (a restore, another window)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from textual.widgets import DataTable, Input, Static

from clientbook.domain.contacts import validate_contact
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, plain, record_notifications, screen_name, start, text

SIZE = (120, 40)


@pytest.fixture
def book(book_path):
    store = open_store(book_path, NOW)
    data, errors = validate_contact({"name": "李雷", "company": "华为", "title": "采购经理"})
    assert not errors
    store.contacts.add_contact(data, NOW)
    store.close()
    return book_path


def status(form) -> str:
    found = form.query("#form-status")
    return plain(found.first()) if found else ""


async def open_edit_form(app, pilot):
    from clientbook.ui.screens.contact import ContactScreen

    await app.push_screen(ContactScreen(1))
    await pilot.pause()
    await pilot.press("e")
    for _ in range(100):  # the form is pushed from the key's handler: wait for it, not for a time
        if screen_name(app) == "ContactForm":
            break
        await pilot.pause(0.02)
    assert screen_name(app) == "ContactForm"
    return app.screen


async def type_title(pilot, form, title: str) -> None:
    field = form.query_one("#f-title", Input)
    field.focus()
    await pilot.press("end", "ctrl+u", *title)


async def save_and_wait(app, pilot) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_busy_book_keeps_the_form_open_says_why_and_saves_once_free(book):
    app = make_app(book)
    holder = sqlite3.connect(book, isolation_level=None)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        form = await open_edit_form(app, pilot)
        await type_title(pilot, form, "采购总监")
        typed = form.values()

        holder.execute("BEGIN EXCLUSIVE")  # another program holds the book
        await pilot.press("ctrl+s")
        assert status(form) == text("form.saving")
        # The save waits in a worker: the form still takes keys meanwhile.
        assert any(w.group == "write" and not w.is_finished for w in app.workers)
        await pilot.press("end", "!")
        assert form.query_one("#f-title", Input).value == "采购总监!"
        await app.workers.wait_for_complete()
        await pilot.pause()

        assert app.screen is form
        assert status(form) == text("book.error.locked", path=book)
        assert form.values() == {**typed, "title": "采购总监!"}
        assert app.store.contacts.get_contact(1).contact.title == "采购经理"

        holder.execute("ROLLBACK")  # the other program is done: ctrl+s again saves
        await save_and_wait(app, pilot)
        assert screen_name(app) == "ContactScreen"
        assert app.store.contacts.get_contact(1).contact.title == "采购总监!"
    holder.close()


async def test_busy_book_on_a_list_action_notifies_and_changes_nothing(book):
    store = open_store(book, NOW)
    from clientbook.domain.interactions import validate_followup

    followup, _ = validate_followup({"what": "发报价单", "due": "2026-11-26", "promise": "1"}, NOW)
    store.capture.add_followup(1, followup, NOW)
    app = make_app(book, store=store)
    holder = sqlite3.connect(book, isolation_level=None)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        seen = record_notifications(app)
        agenda = app.screen.query_one("#agenda", DataTable)
        from ui_support import row_keys

        agenda.move_cursor(row=next(i for i, key in enumerate(row_keys(agenda)) if key.startswith("f:")))
        holder.execute("BEGIN EXCLUSIVE")
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert seen[-1] == text("book.error.locked", path=book)
        assert app.store.capture.get_followup(1).done_at is None
        holder.execute("ROLLBACK")
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert seen[-1] == text("today.done_notice", undo="u")
        assert app.store.capture.get_followup(1).done_at is not None
    holder.close()


async def test_full_disk_keeps_the_form_open_with_everything_typed(book):
    store = open_store(book, NOW)
    app = make_app(book, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        form = await open_edit_form(app, pilot)
        notes = "见面谈了二期的报价和交付。" * 4000  # ~150 KB: the book must grow to take it
        form.query_one("#f-notes").load_text(notes)
        await type_title(pilot, form, "采购总监")
        typed = form.values()
        # The disk is full: the write connection may not grow the file any more.
        with store.sessions._write.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
            connection.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        await save_and_wait(app, pilot)

        assert app.screen is form
        assert status(form) == text("book.error.disk_full", path=book)
        assert form.values() == typed
        assert store.contacts.get_contact(1).contact.title == "采购经理"


async def test_contact_changed_under_the_form_shows_both_and_keep_mine_saves(book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        form = await open_edit_form(app, pilot)
        await type_title(pilot, form, "采购总监")

        other = open_store(book, NOW)  # another window, or a restore, changes the contact meanwhile
        changed, _ = validate_contact({"name": "李雷", "company": "华为", "title": "副总裁"})
        other.contacts.update_contact(1, changed, NOW)
        other.close()

        await save_and_wait(app, pilot)
        assert screen_name(app) == "ConflictScreen"
        table = plain(app.screen.query_one("#conflict-table", Static))
        line = next(row for row in table.splitlines() if text("field.title") in row)
        assert "副总裁" in line and "采购总监" in line  # the book's version and what was typed
        assert app.store.contacts.get_contact(1).contact.title == "副总裁"

        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"
        assert app.store.contacts.get_contact(1).contact.title == "采购总监"


async def test_take_the_books_version_keeps_it_and_back_to_editing_keeps_the_form(book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        form = await open_edit_form(app, pilot)
        await type_title(pilot, form, "采购总监")
        other = open_store(book, NOW)
        changed, _ = validate_contact({"name": "李雷", "company": "华为", "title": "副总裁"})
        other.contacts.update_contact(1, changed, NOW)

        await save_and_wait(app, pilot)
        assert screen_name(app) == "ConflictScreen"
        await pilot.press("escape")  # back to editing: everything typed is still there
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-title", Input).value == "采购总监"

        changed, _ = validate_contact({"name": "李雷", "company": "华为", "title": "董事长"})
        other.contacts.update_contact(1, changed, NOW)  # and it changes once more
        other.close()
        await save_and_wait(app, pilot)
        assert screen_name(app) == "ConflictScreen"
        assert "董事长" in plain(app.screen.query_one("#conflict-table", Static))
        await pilot.press("b")
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"
        assert app.store.contacts.get_contact(1).contact.title == "董事长"


def add_followup(book, what: str = "发报价单") -> None:
    from clientbook.domain.interactions import validate_followup

    store = open_store(book, NOW)
    followup, _ = validate_followup({"what": what, "due": "2026-11-26", "promise": "1"}, NOW)
    store.capture.add_followup(1, followup, NOW)
    store.close()


async def cursor_on_followup(app, pilot) -> None:
    from ui_support import row_keys

    agenda = app.screen.query_one("#agenda", DataTable)
    agenda.move_cursor(row=next(i for i, key in enumerate(row_keys(agenda)) if key.startswith("f:")))
    await pilot.pause()


async def test_no_write_runs_on_the_ui_thread(book):
    """Quick log, Today's x and z, archiving and its undo: every write happens in a worker thread."""
    import threading
    from contextlib import contextmanager

    add_followup(book)
    store = open_store(book, NOW)
    on_ui_thread: list[bool] = []

    def recorded(write):   # the ORM's writes and the plain-SQL ones (the quick log, x, z)
        @contextmanager
        def recording():
            on_ui_thread.append(threading.current_thread() is threading.main_thread())
            with write() as session:
                yield session
        return recording

    store.sessions.writing = recorded(store.sessions.writing)
    store.sessions.raw_writing = recorded(store.sessions.raw_writing)
    app = make_app(book, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("l", *"lilei", "enter", *"谈了报价", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen_name(app) == "TodayScreen"
        for key in ("z", "x"):
            await cursor_on_followup(app, pilot)
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("u")
        await app.workers.wait_for_complete()
    assert len(on_ui_thread) >= 5 and not any(on_ui_thread)
    assert [row.summary for row in store.agenda.recent_interactions()] == ["谈了报价"]
    assert store.capture.get_followup(1).done_at is not None
    assert store.contacts.get_contact(1).contact.archived_at is None  # archived, then restored by u


async def test_follow_up_changed_under_its_form_shows_both_with_their_labels(book):
    add_followup(book)
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await cursor_on_followup(app, pilot)
        await pilot.press("R")
        for _ in range(100):
            if screen_name(app) == "FollowupForm":
                break
            await pilot.pause(0.02)
        form = app.screen
        form.query_one("#f-what", Input).value = "发报价单和样品"

        from clientbook.domain.interactions import FollowupInput

        other = open_store(book, NOW)
        other.capture.update_followup(1, FollowupInput(what="发修订后的报价单", due=NOW.date()), NOW)
        other.close()

        await save_and_wait(app, pilot)
        assert screen_name(app) == "ConflictScreen"
        line = next(row for row in plain(app.screen.query_one("#conflict-table", Static)).splitlines()
                    if "发修订后的报价单" in row)
        assert line.split()[1] == text("followup.what") and "发报价单和样品" in line
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen_name(app) == "TodayScreen"
        assert app.store.capture.get_followup(1).what == "发报价单和样品"


async def test_meal_changed_where_its_plan_form_does_not_show_still_asks(book):
    """Another window reseated the table while the plan form was open: no field differs, so the
    conflict says details the form does not show changed, and k saves the plan over them."""
    from clientbook.domain.meal_forms import OurDiner, PlanInput
    from clientbook.domain.meals.enums import MealPurpose, OurRole, VenueLevel
    from clientbook.ui.screens.meal_plan import MealPlanScreen

    store = open_store(book, NOW)
    plan = PlanInput(planned_at=datetime(2026, 11, 30, 19), guests=[(1, "李雷")], ours=[OurDiner("", OurRole.ME)],
                     title="二期", venue="潮汕牛肉火锅", cuisine="潮汕", purpose=MealPurpose.BUSINESS,
                     venue_level=VenueLevel.MID_RANGE, budget=2000)
    meal_id = store.meals.add_meal(plan, NOW)
    app = make_app(book, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await app.push_screen(MealPlanScreen(meal_id))
        await pilot.pause()
        await pilot.press("e")
        for _ in range(100):
            if screen_name(app) == "MealPlanForm":
                break
            await pilot.pause(0.02)
        other = open_store(book, NOW)
        diners = [d.id for d in other.meals.get_meal(meal_id).diners]
        other.meals.set_seating(meal_id, list(reversed(diners)), NOW)
        other.close()

        await save_and_wait(app, pilot)
        assert screen_name(app) == "ConflictScreen"
        assert text("conflict.unshown") in plain(app.screen.query_one("#conflict-table", Static))
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen_name(app) == "MealPlanScreen"
