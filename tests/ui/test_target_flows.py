"""Pilot tests of the target relationship level (domain §4) and the relationship marks (§5):
Contacts' below-target filter, the target levels page, Today's list, and the marks quick log
records with one key each."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.interactions import Coach, InfoQuality, Space
from clientbook.store import open_store
from conftest import NOW, add_contact
from ui_support import make_app, plain, row_keys, rows, screen_name, settle, start, text

SIZE = (120, 36)


def names(table: DataTable) -> list[str]:
    return [row[0] for row in rows(table)]


async def test_below_target_filter_the_target_levels_page_and_today(tmp_path):
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    boss = add_contact(store, grade="A", name="张伟", company="华为", position="boss", level="6")   # reached
    clerk = add_contact(store, grade="A", name="李娜", company="华为", position="clerk", level="0")  # below
    far = add_contact(store, grade="D", name="王五", company="小厂", position="clerk", level="0")   # reached (0)
    app = make_app(path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        # Today: A/B people below target, with the gap; Enter opens them.
        agenda = app.screen.query_one("#agenda", DataTable)
        assert f"t:{clerk}" in row_keys(agenda) and f"t:{boss}" not in row_keys(agenda)
        target = store.agenda.targets()[(Grade.A, Position.CLERK)]
        assert any(text("target.today_row", level=Level(0).label(), target=target.label(), gap=int(target))
                   in row for row in map(" ".join, rows(agenda)))

        await pilot.press("2")
        await settle(app, pilot)
        table = app.screen.query_one("#contacts", DataTable)
        await pilot.press("b")
        await settle(app, pilot)
        assert names(table) == ["李娜"]
        assert text("contacts.filter_below_target") in plain(app.screen.query_one("#filters", Static))

        # T: the matrix; D × clerk raised one level puts 王五 (level 0) below target too.
        await pilot.press("T")
        await settle(app, pilot)
        assert screen_name(app) == "TargetLevelsScreen"
        grid = app.screen.query_one("#targets", DataTable)
        assert rows(grid)[3][4] == Level(0).label()
        grid.cursor_coordinate = (3, 4)
        await pilot.press("space")
        await settle(app, pilot)
        assert store.agenda.targets()[(Grade.D, Position.CLERK)] is Level.ACQUAINTED
        assert rows(grid)[3][4] == Level(1).label() + " *"
        await pilot.press("escape")
        await settle(app, pilot)
        assert sorted(names(table)) == sorted(["李娜", "王五"])
        assert store.contacts.find_contacts("王五")[0].id == far
        await pilot.press("b")
        await settle(app, pilot)
        assert len(names(table)) == 3


async def test_today_shows_five_below_target_and_enter_reads_them_all(tmp_path):
    """Today reads five of the people below target and their count; Enter on "… 3 more" reads
    the whole list, which a reload keeps."""
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    names = [f"客户{n}" for n in "甲乙丙丁戊己庚辛"]
    ids = [add_contact(store, grade="A", name=name, company="华为", position="clerk", level="0") for name in names]
    app = make_app(path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        agenda = app.screen.query_one("#agenda", DataTable)
        shown = [key for key in row_keys(agenda) if key.startswith("t:")]
        assert len(shown) == 5 and set(shown) < {f"t:{i}" for i in ids}
        assert f"({len(names)})" in rows(agenda)[row_keys(agenda).index("h:below")][0]
        more = row_keys(agenda).index("h:more:below")
        assert rows(agenda)[more][1] == text("today.more_rows", n=3)

        agenda.move_cursor(row=more)
        await pilot.press("enter")
        await settle(app, pilot)
        assert sorted(key for key in row_keys(agenda) if key.startswith("t:")) == sorted(f"t:{i}" for i in ids)
        assert "h:more:below" not in row_keys(agenda)
        app.screen.reload()
        await settle(app, pilot)
        assert len([key for key in row_keys(agenda) if key.startswith("t:")]) == len(names)


async def test_quick_log_sets_the_three_marks_with_one_key_each(tmp_path):
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    zhang = add_contact(store, name="张伟", company="华为")
    app = make_app(path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("l", "z", "w", "enter", *"dinner", "f3", "f3", "f4", "f4", "f5", "ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "TodayScreen"
        marks = store.capture.contact_marks(zhang)
        assert (marks.space, marks.info_quality, marks.coach) == (Space.PRIVATE, InfoQuality.EFFECTIVE,
                                                                  Coach.GIVES_INFO)
        # Cycling past the highest comes back to unknown: a mark is never forced on a log.
        await pilot.press("l", "z", "w", "enter", *"call", *["f5"] * 5, "ctrl+s")
        await settle(app, pilot)
        [latest, _first] = store.agenda.recent_interactions()
        assert store.capture.get_interaction(latest.id).interaction.coach is None
