"""The one flow mechanism (ui/forms/flow.py), driven through a page: the record a form opens on
is read off the UI thread, so a slow book never freezes the page; the save runs off it too and
the form says it is saving; what was saved reaches the page; a book error while reading is said
and opens no form; a cancelled form tells the page nothing."""

from __future__ import annotations

import threading
import time

import pytest
from textual.widgets import Input, Static

from clientbook.errors import BookError
from clientbook.services.contacts import ContactsService
from clientbook.store import open_store
from conftest import NOW, add_contact
from ui_support import make_app, plain, record_notifications, screen_name, settle, start, text

SIZE = (120, 36)
HOLD = 5  # seconds a held service call waits at most: the test fails, it never hangs


@pytest.fixture
def company_book(book_path):
    store = open_store(book_path, NOW)
    try:
        add_contact(store, NOW, name="李雷", company="华为")
        [company] = store.contacts.list_companies()
    finally:
        store.close()
    return book_path, company.id


def hold(monkeypatch, method: str) -> threading.Event:
    """Make ContactsService.<method> wait (in whatever thread calls it) until the event is set."""
    release = threading.Event()
    original = getattr(ContactsService, method)

    def held(self, *args, **kwargs):
        assert release.wait(HOLD), f"{method} was never released"
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ContactsService, method, held)
    return release


async def open_company(app, pilot, company_id: int):
    from clientbook.ui.screens.company import CompanyScreen

    await app.push_screen(CompanyScreen(company_id))
    await settle(app, pilot)
    return app.screen


async def rename(pilot, form, name: str) -> None:
    form.query_one("#f-name", Input).focus()
    await pilot.press("end", "ctrl+u", *name)


async def test_a_slow_read_leaves_the_page_answering_and_the_form_opens_when_the_book_answers(company_book, monkeypatch):
    path, company_id = company_book
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        page = await open_company(app, pilot, company_id)
        release = hold(monkeypatch, "company_input")
        began = time.monotonic()
        await pilot.press("e")
        await pilot.pause()
        assert time.monotonic() - began < HOLD / 2  # the key came back while the read waits
        assert app.screen is page
        release.set()
        await settle(app, pilot)
        assert screen_name(app) == "CompanyForm"
        assert app.screen.query_one("#f-name", Input).value == "华为"


async def test_a_slow_save_says_saving_and_what_was_saved_reaches_the_page(company_book, monkeypatch):
    path, company_id = company_book
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        page = await open_company(app, pilot, company_id)
        seen = record_notifications(app)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        await rename(pilot, form, "华为技术")
        release = hold(monkeypatch, "update_company")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and plain(form.query_one("#form-status", Static)) == text("form.saving")
        await pilot.press("escape")  # the write may still land: the form waits for it
        assert app.screen is form and seen[-1] == text("form.still_saving")
        release.set()
        await settle(app, pilot)
        assert app.screen is page
        assert seen[-1] == text("company.saved", name="华为技术")
        assert plain(page.query_one("#company-name", Static)) == "华为技术"  # the page read it again


async def test_a_book_error_while_reading_is_said_and_opens_no_form(company_book, monkeypatch):
    path, company_id = company_book
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        page = await open_company(app, pilot, company_id)
        seen = record_notifications(app)

        def busy(self, company_id):
            raise BookError("book.error.locked", path=path)

        monkeypatch.setattr(ContactsService, "company_input", busy)
        await pilot.press("e")
        await settle(app, pilot)
        assert app.screen is page
        assert seen == [text("book.error.locked", path=path)]


async def test_a_cancelled_form_tells_the_page_nothing(company_book):
    from clientbook.ui.forms.company import edit_company_flow
    from clientbook.ui.forms.flow import run_flow

    path, company_id = company_book
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        told = []
        run_flow(app, edit_company_flow(company_id), then=lambda: told.append("saved"))
        await settle(app, pilot)
        assert screen_name(app) == "CompanyForm"
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(app, pilot)
        assert screen_name(app) != "CompanyForm" and told == []
        run_flow(app, edit_company_flow(company_id), then=lambda: told.append("saved"))
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert told == ["saved"]
