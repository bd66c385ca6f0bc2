"""The team's screens on a book with two reps (SQLite; the roles' checks are the server's, in
tests/store): what came in on Today, the pool with its claim key, and a company handed over
from its page."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Select

from clientbook.services.team import TeamService
from clientbook.store import open_store
from clientbook.ui import nav
from conftest import NOW, add_contact
from ui_support import make_app, plain, row_keys, screen_name, settle, start

LONG_AGO = NOW - timedelta(days=400)


def company_id(store, name: str) -> int:
    return next(c.id for c in store.contacts.list_companies() if c.name == name)


async def test_came_in_on_today_the_pool_and_its_claim_and_a_handover_from_the_company_page(tmp_path):
    store = open_store(tmp_path / "book.db", NOW)
    team = TeamService(store)
    wang = team.add_rep("王芳", NOW)
    add_contact(store, LONG_AGO, name="李娜", company="阿里")
    zhao = add_contact(store, LONG_AGO, grade="D", name="赵强", company="小厂")
    # 王芳 has had 阿里 and 小厂 for long; 阿里 came back to me two days ago; 小厂 she left alone.
    store.team.handover(1, wang, LONG_AGO)
    store.team.handover(wang, 1, NOW - timedelta(days=2), company_id(store, "阿里"))
    add_contact(store, name="张伟", company="华为")     # mine
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await start(app, pilot)
        keys = row_keys(app.screen.query_one("#agenda", DataTable))
        assert "h:came" in keys and f"n:company:{company_id(store, '阿里')}" in keys
        await pilot.press("l")                    # a team book's quick log offers a private note
        await settle(app, pilot)
        assert screen_name(app) == "QuickLog" and app.screen.query_one("#f-private").display
        await pilot.press("escape")
        await settle(app, pilot)

        await pilot.press("2", "P")
        await settle(app, pilot)
        assert screen_name(app) == "PoolScreen"
        pool = app.screen.query_one("#pool", DataTable)
        assert set(row_keys(pool)) == {f"contact:{zhao}", f"company:{company_id(store, '小厂')}"}
        pool.move_cursor(row=row_keys(pool).index(f"contact:{zhao}"))
        await pilot.press("c")
        await settle(app, pilot)
        assert row_keys(pool) == [f"company:{company_id(store, '小厂')}"]
        assert team.owner_id(contact_id=zhao) == 1

        huawei = company_id(store, "华为")
        nav.open_company(app, huawei)
        await settle(app, pilot)
        await pilot.press("H")
        await settle(app, pilot)
        assert screen_name(app) == "HandoverForm"
        app.screen.query_one("#f-to", Select).value = str(wang)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "CompanyScreen" and team.owner_id(company_id=huawei) == wang
        assert "王芳" in plain(app.screen.query_one("#company-fields"))
