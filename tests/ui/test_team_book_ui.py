"""The app on a team book (PostgreSQL): it opens as on a file (Today from the plain reader, then
the Store), and a write committed by another program reaches the open screen through the
server's change notice (LISTEN/NOTIFY)."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable

from clientbook.domain.contacts import ContactInput
from clientbook.domain.interactions import FollowupInput, InteractionInput, Kind
from clientbook.store import open_store
from clientbook.ui.app import ClientbookApp
from conftest import NOW
from ui_support import row_keys, settle


async def test_the_app_opens_a_team_book_and_sees_another_programs_log(team_book):
    other = open_store(team_book)     # another rep's app on the same server
    try:
        zhang = other.contacts.add_contact(ContactInput(name="张三", company="华为"), NOW)
        other.capture.log_interaction(InteractionInput(kind=Kind.CALL, occurred_at=NOW - timedelta(days=1),
                                                       contact_ids=[zhang], summary="谈了报价",
                                                       followup=FollowupInput("发合同", NOW.date())), NOW)
        app = ClientbookApp(book=team_book, clock=lambda: NOW)
        async with app.run_test(size=(120, 36)) as pilot:
            await app.ready.wait()
            await settle(app, pilot)
            assert "***" in app.sub_title and team_book.url not in app.sub_title    # no password on screen
            keys = row_keys(app.screen.query_one("#agenda", DataTable))
            assert any(key.startswith("f:") for key in keys)
            before = {key for key in keys if key.startswith("i:")}

            logged = other.capture.log_interaction(InteractionInput(kind=Kind.VISIT, occurred_at=NOW,
                                                                    contact_ids=[zhang], summary="上门拜访"), NOW)
            for _ in range(100):     # the app looks for notices every 2 s
                await pilot.pause(0.1)
                keys = {key for key in row_keys(app.screen.query_one("#agenda", DataTable)) if key.startswith("i:")}
                if keys != before:
                    break
            assert any(key.startswith(f"i:{logged}") for key in keys), keys
    finally:
        other.close()
