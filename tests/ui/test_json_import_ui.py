"""The Import screen with a JSON book a form would refuse: the error is shown on the screen, the
book stays empty, and the app goes on."""

from __future__ import annotations

import json

from textual.widgets import Input, Static

from clientbook.domain.contacts import validate_contact
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, plain, settle, start


async def test_a_json_book_with_a_bad_level_shows_the_error_and_the_app_goes_on(tmp_path):
    source = open_store(tmp_path / "source.db", NOW)
    data, _ = validate_contact({"name": "张伟", "company": "华为"})
    source.contacts.add_contact(data, NOW)
    dump = source.interop.dump_book(NOW)
    source.close()
    dump["tables"]["contact"][0]["level"] = 99
    file = tmp_path / "book.json"
    file.write_text(json.dumps(dump, ensure_ascii=False, default=str), encoding="utf-8")

    empty = tmp_path / "empty.db"
    app = make_app(empty)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(app, pilot)
        app.action_import_contacts()
        await pilot.pause()
        app.screen.query_one("#import-path", Input).value = str(file)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.stage == "book"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        status = plain(app.screen.query_one("#import-status", Static))
        assert "contact" in status and "row 1" in status and "level" in status and "99" in status, status
        assert app.screen.stage == "book" and app.is_running
        assert app.store.interop.is_empty()
