"""Opening the app: Today appears from the plain-sqlite3 reader before the Store has imported,
and keys pressed in that moment are kept and run once the Store is open."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from textual.widgets import DataTable

from clientbook.demo import build_demo_book
from clientbook.store import open_store
import clientbook.ui.app as app_module
from clientbook.ui.app import ClientbookApp
from ui_support import screen_name, settle

NOW = datetime(2026, 11, 26, 19, 30)


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


def row_keys(table: DataTable) -> list[str]:
    return [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]


async def wait_for_today(app, pilot) -> DataTable:
    for _ in range(200):
        await pilot.pause(0.02)
        if screen_name(app) == "TodayScreen" and app.screen.query_one("#agenda", DataTable).row_count:
            return app.screen.query_one("#agenda", DataTable)
    raise AssertionError(f"Today did not appear; the screen is {screen_name(app)}")


async def test_today_shows_before_the_store_and_early_keys_wait_for_it(tmp_path):
    book = tmp_path / "demo.db"
    build_demo_book(book, NOW)
    app = StoreHeldBack(book=book, clock=lambda: NOW)
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
        await pilot.press("x", "2")
        await pilot.pause()
        assert screen_name(app) == "TodayScreen"  # both keys wait for the Store

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
        assert store.get_followup(followup_id).done_at == NOW
    finally:
        store.close()
