"""Opening the app: Today appears from the plain-sqlite3 reader before the Store has imported,
and keys typed in that moment are held and replayed in order once the Store is open."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from clientbook.errors import BookError
from clientbook.store import open_store
import clientbook.ui.app as app_module
from clientbook.ui.app import ClientbookApp
from clientbook.ui.textual_compat import error_of
from conftest import demo_book_at
from ui_support import row_keys, rows, screen_name, settle

EVENING = datetime(2026, 11, 26, 19, 30)   # the suite's Thursday (conftest.NOW), in the evening


class StoreHeldBack(ClientbookApp):
    """Opens the Store only when the test says so: the moment between Today appearing and the
    Store being ready, stretched out."""

    CSS_PATH = str(Path(app_module.__file__).with_name(ClientbookApp.CSS_PATH))  # relative to the app's file

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.release = threading.Event()

    def _open_store(self) -> None:
        self.release.wait(30)
        super()._open_store()



async def wait_for_today(app, pilot) -> DataTable:
    # Up to 30 s: under a loaded machine the reader's worker can take seconds. The screen may be
    # current before it has composed its table, so a missing table means "not yet".
    for _ in range(1500):
        await pilot.pause(0.02)
        if screen_name(app) == "TodayScreen":
            tables = app.screen.query("#agenda").results(DataTable)
            table = next(tables, None)
            if table is not None and table.row_count:
                return table
    raise AssertionError(f"Today did not appear; the screen is {screen_name(app)}")


async def test_today_shows_before_the_store_and_early_keys_wait_for_it(tmp_path):
    book = tmp_path / "demo.db"
    demo_book_at(book, EVENING)
    app = StoreHeldBack(book=book, clock=lambda: EVENING)
    async with app.run_test(size=(120, 36)) as pilot:
        table = await wait_for_today(app, pilot)
        assert app.store is None and not app.ready.is_set()
        keys = row_keys(table)
        # Today's own sections are there already: follow-ups, a meal waiting for its minutes,
        # who is due a contact, what was logged lately. Gift reminders need the Store.
        for prefix in ("f:", "m:", "c:", "i:"):
            assert any(key.startswith(prefix) for key in keys), prefix
        assert not any(key.startswith(("g:", "e:")) for key in keys)

        first_followup = next(i for i, key in enumerate(keys) if key.startswith("f:"))
        followup_id = int(keys[first_followup].split(":")[1])
        table.move_cursor(row=first_followup)
        await pilot.press("x", "down", "2")
        await pilot.pause()
        assert screen_name(app) == "TodayScreen"  # the keys wait for the Store
        assert table.cursor_row == first_followup

        app.release.set()
        await app.ready.wait()
        await settle(app, pilot)
        assert screen_name(app) == "ContactsScreen"
        await pilot.press("1")
        await settle(app, pilot)
        keys = row_keys(app.screen.query_one("#agenda", DataTable))
        assert not any(key.startswith(f"f:{followup_id}:") for key in keys)  # done, off the agenda
        assert any(key.startswith(("g:", "e:")) for key in keys)  # the reminders came with the Store

    store = open_store(book)
    try:
        assert store.capture.get_followup(followup_id).done_at == EVENING
    finally:
        store.close()


async def test_keys_held_for_the_store_go_where_they_would_have_gone(tmp_path):
    """Enter (as the newline it arrives as so early) on a follow-up then up, and 2 / zhang: replayed in order, each on the screen and row
    current by then — the contact opens, and the search box gets the typing."""
    book = tmp_path / "demo.db"
    demo_book_at(book, EVENING)
    app = StoreHeldBack(book=book, clock=lambda: EVENING)
    async with app.run_test(size=(120, 36)) as pilot:
        table = await wait_for_today(app, pilot)
        keys = row_keys(table)
        first_followup = next(i for i, key in enumerate(keys) if key.startswith("f:"))
        contact_id = int(keys[first_followup].split(":")[2])
        table.move_cursor(row=first_followup)
        await pilot.press("ctrl+j", "up")  # Enter typed before the terminal was raw comes as a newline
        await pilot.pause()
        app.release.set()
        await app.ready.wait()
        await settle(app, pilot)
        assert screen_name(app) == "ContactScreen"
        assert app.screen.contact_id == contact_id

    app = StoreHeldBack(book=book, clock=lambda: EVENING)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_today(app, pilot)
        await pilot.press("2", "slash", *"zhang")
        await pilot.pause()
        app.release.set()
        await app.ready.wait()
        await settle(app, pilot)
        assert screen_name(app) == "ContactsScreen"
        assert app.screen.query_one("#search", Input).value == "zhang"
        names = [str(row[0]) for row in rows(app.screen.query_one("#contacts", DataTable))]
        assert names and all(name.startswith("张") for name in names)


async def test_a_book_error_while_the_store_opens_ends_as_that_error(tmp_path):
    """The book is opened in workers, which Textual wraps errors of: the app still ends on the
    BookError itself (one line and exit 2 from crash.run_guarded), not on "WorkerFailed"."""
    book = tmp_path / "demo.db"
    demo_book_at(book, EVENING)

    class LockedWhenTheStoreOpens(StoreHeldBack):
        def _open_store(self) -> None:
            raise BookError("book.error.locked", path=self.book)

    app = LockedWhenTheStoreOpens(book=book, clock=lambda: EVENING)
    with pytest.raises(BookError):
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_for_today(app, pilot)
            # The Store's worker starts after Today's refresh: it may not be running yet here.
            for _ in range(1500):
                if error_of(app) is not None:
                    break
                await pilot.pause(0.02)
    assert app.return_code == 2 and app.store is None
