"""A book that already holds terminal escapes (written before text was cleaned, or by hand)
shows its names cleaned: nothing of them is sent to the terminal."""

from __future__ import annotations

import sqlite3

from textual.widgets import DataTable, Static

from clientbook.domain.contacts import validate_contact
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, plain, rows, screen_name, start


async def test_the_contact_list_and_page_show_the_cleaned_name(tmp_path):
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    data, _ = validate_contact({"name": "张伟", "company": "华为"})
    store.contacts.add_contact(data, NOW)
    store.close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE contact SET name = ?", ("张\x1b]52;c;ZXZpbA==\x07伟\x1b[2J\x9b1m",))
    connection.close()

    app = make_app(path, store=None)   # opens the book itself, as the rep does
    async with app.run_test(size=(120, 36)) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        assert screen_name(app) == "ContactsScreen"
        table = app.screen.query_one("#contacts", DataTable)
        assert rows(table)[0][0] == "张]52;c;ZXZpbA==伟[2J1m"
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"
        assert plain(app.screen.query_one("#contact-name", Static)) == "张]52;c;ZXZpbA==伟[2J1m"
