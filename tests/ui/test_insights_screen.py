"""The Insights screen (8) in one app run: the matrix counts the book's contacts, Enter on a
cell lists them and opens one, r shows the week's report."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from conftest import NOW, add_contact
from ui_support import make_app, screen_name, settle


async def test_insights_opens_lists_a_cell_and_shows_the_report(store, book_path):
    add_contact(store, grade="A", name="王总", company="华为", position="boss", level="2")
    add_contact(store, name="李工", company="华为", position="staff", level="2")
    app = make_app(book_path, store=store)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.ready.wait()
        await settle(app, pilot)
        await pilot.press("8")
        await settle(app, pilot)
        assert screen_name(app) == "InsightsScreen"
        table = app.screen.query_one("#ins-matrix")
        assert table.get_row_at(0)[3].plain == "2"          # A row, level 2: 王总 and 李工
        table.move_cursor(row=0, column=3)
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen_name(app) == "CellContactsScreen"
        names = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert [name.split(" · ")[0] for name in names] == ["李工", "王总"]
        await pilot.press("enter")                            # opens the first: 李工
        await settle(app, pilot)
        assert screen_name(app) == "ContactScreen" and app.screen.name_shown == "李工"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert screen_name(app) == "ReportScreen"
        report = str(app.screen.query_one("#export-text", Static).render())
        assert report.startswith("# Weekly report 2026-W48") and NOW.date().isoformat()[:4] in report
