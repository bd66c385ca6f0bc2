"""Pilot tests of meals (domain §9): plan → seats → minutes → follow-ups on Today, filing what
was learned, the Markdown export, spending on the company page, small terminals, Chinese."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import DataTable, Input, OptionList, SelectionList, Static, TextArea

from clientbook import paths
from clientbook.domain.cells import NO_LINE_END, NO_LINE_START
from clientbook.domain.meal_forms import OurDiner, PlanInput
from clientbook.domain.meals.enums import OurRole
from clientbook.domain.meals.minutes import minutes_markdown
from clientbook.i18n import set_language
from clientbook.store import open_store
from conftest import NOW, add_contact, demo_book_at
from ui_support import make_app, plain, record_notifications, row_keys, rows, screen_name, settle, start, text

SIZE = (120, 36)
MET = NOW - timedelta(days=40)   # when the guests went into the book


# ------------------------------------------------------------------ helpers
async def on_screen(pilot, name: str) -> None:
    """The screen `name` is on top and what it reads in its load worker is shown, waiting a
    little for both under a loaded machine."""
    for _ in range(40):
        if screen_name(pilot.app) == name:
            break
        await pilot.pause(0.05)
    assert screen_name(pilot.app) == name
    await settle(pilot.app, pilot)
    for _ in range(40):
        if not getattr(pilot.app.screen, "loading", False):
            break
        await pilot.pause(0.05)


async def pick(pilot, query: str) -> None:
    """Type into the guest picker and take the first match, once the search worker has
    answered what was typed."""
    await type_text(pilot, query)
    picker = pilot.app.screen.query_one("#f-guests")
    options = picker.query_one(OptionList)
    for _ in range(40):
        if not picker.loading and options.display and options.option_count:
            break
        await pilot.pause(0.05)
    await pilot.press("enter")
    await pilot.pause()


async def type_text(pilot, value: str) -> None:
    """Key by key (a full-width colon does not go through Pilot: type ":" instead)."""
    keys = {" ": "space", "\n": "enter"}
    await pilot.press(*[keys.get(ch, ch) for ch in value])
    await pilot.pause()


async def type_into(pilot, selector: str, value: str) -> None:
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    await type_text(pilot, value)



@pytest.fixture
def book(book_path) -> Path:
    store = open_store(book_path, NOW)
    try:
        add_contact(store, MET, name="张伟", company="华为", title="采购总监", position="manager", level="3",
                    hobbies="高尔夫、钓鱼", taboos="不谈政治")
        add_contact(store, MET, name="王建国", company="华为", title="副总裁", position="boss", level="2", diet="痛风，少海鲜")
        add_contact(store, MET, name="赵敏", company="比亚迪", title="采购经理", position="manager", level="3")
    finally:
        store.close()
    return book_path


def add_meal(store, names, when, boss: str = "刘总") -> int:
    ids = {row.name: row.id for row in store.contacts.search_contacts()}
    ours = [OurDiner(boss, OurRole.BOSS)] if boss else []
    ours.append(OurDiner("", OurRole.ME))
    return store.meals.add_meal(PlanInput(planned_at=when, guests=[(ids[n], n) for n in names], ours=ours,
                                    title="潮汕火锅", venue="潮汕牛肉火锅（南山店）", cuisine="潮汕牛肉火锅",
                                    budget=2000), NOW)


# ------------------------------------------------------------------ the whole flow
async def test_plan_then_minutes_then_follow_ups_on_today(book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("5")
        await pilot.pause()
        await on_screen(pilot, "MealsScreen")
        assert plain(app.screen.query_one("#empty", Static)) == text("meal.list.empty")
        await pilot.press("a")
        await pilot.pause()
        await on_screen(pilot, "MealPlanForm")
        await type_text(pilot, "华为二期")
        pilot.app.screen.query_one("#f-guests-input").focus()
        await pick(pilot, "zw")
        await pick(pilot, "wjg")
        assert app.screen.query_one("#f-guests").chosen == [(1, "张伟"), (2, "王建国")]
        await type_into(pilot, "#f-when", "昨天 19:00")
        assert "2026-11-25" in plain(app.screen.query_one("#hint-when", Static))
        await type_into(pilot, "#f-venue", "潮汕牛肉火锅")
        await type_into(pilot, "#f-boss", "刘总")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker

        await on_screen(pilot, "MealPlanScreen")
        [meal] = app.store.meals.list_meals()
        assert (meal.title, meal.guests, meal.planned_at) == ("华为二期", ["张伟", "王建国"], datetime(2026, 11, 25, 19))
        assert plain(app.screen.query_one("#meal-banner", Static)) == text("meal.banner.minutes_due")
        chart = plain(app.screen.query_one("#seating", Static))
        assert "0 刘总" in chart and "╭" in chart  # our boss hosts
        checks = plain(app.screen.query_one("#checks", Static))
        assert text("meals.check.no_guest_of_honour") in checks
        await pilot.press("escape", "escape", "1")  # plan → list → Today
        await pilot.pause()

        await on_screen(pilot, "TodayScreen")
        table = app.screen.query_one("#agenda", DataTable)
        keys = row_keys(table)
        assert "h:minutes" in keys and f"m:{meal.id}" in keys
        table.move_cursor(row=keys.index(f"m:{meal.id}"))
        await pilot.press("enter")
        await pilot.pause()

        await on_screen(pilot, "MinutesForm")
        assert sorted(app.screen.query_one("#f-attended", SelectionList).selected) == [
            d.id for d in app.store.meals.get_meal(meal.id).diners]
        assert app.screen.query_one("#f-discussed", TextArea).has_focus
        await type_text(pilot, "聊了二期评审")
        await type_into(pilot, "#f-agreements", "二期按原价推进")
        await type_into(pilot, "#f-actions", "我方: 发报价单 周五\n对方/张伟: 确认样品 下周一")
        hint = plain(app.screen.query_one("#hint-actions", Static))
        assert "2026-11-27" in hint and "2026-11-30" in hint
        await type_into(pilot, "#f-learned", "张伟: 女儿明年高考")
        await type_into(pilot, "#f-cost", "1280")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker

        await on_screen(pilot, "MinutesScreen")
        minutes_text = plain(app.screen.query_one("#minutes-text", Static))
        assert "二期按原价推进" in minutes_text and "发报价单" in minutes_text
        await pilot.press("f")  # file the one learned fact: asked where, the guess highlighted
        await on_screen(pilot, "FileFactForm")
        choice = app.screen.query_one("#f-field", OptionList)
        assert choice.get_option_at_index(choice.highlighted).id == "family"   # 女儿: his family
        await pilot.press("enter")
        await settle(app, pilot)  # the write runs in a worker
        await on_screen(pilot, "MinutesScreen")
        assert app.store.contacts.get_contact(1).contact.family.endswith("女儿明年高考")
        await pilot.press("escape")
        await pilot.pause()

        await on_screen(pilot, "TodayScreen")
        table = app.screen.query_one("#agenda", DataTable)
        keys = row_keys(table)
        assert not any(k.startswith("m:") for k in keys) and "h:minutes" not in keys
        agenda = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert any("发报价单" in row and "张伟" in row for row in agenda)      # no guest of honour: the first
        assert any("确认样品" in row and "张伟" in row for row in agenda)
        assert any("聊了二期评审" in row or "华为二期" in row for row in agenda)  # the meal in "recent"
        for contact_id in (1, 2):
            assert app.store.contacts.get_contact(contact_id).contact.last_contact_at == datetime(2026, 11, 25, 19)

        # The meal in "recent" opens its minutes, not the interaction editor: one place to change them.
        interaction_key = next(k for k in keys if k.startswith("i:"))
        assert app.store.meals.meal_of_interaction(int(interaction_key[2:])) == meal.id
        table.move_cursor(row=keys.index(interaction_key))
        await pilot.press("enter")
        await pilot.pause()
        await on_screen(pilot, "MinutesScreen")
        assert "二期按原价推进" in plain(app.screen.query_one("#minutes-text", Static))


async def test_minutes_errors_keep_everything_typed(book):
    store = open_store(book, NOW)
    meal_id = add_meal(store, ["张伟"], NOW - timedelta(days=1))
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        from clientbook.ui.forms.flow import run_flow
        from clientbook.ui.forms.minutes import minutes_flow

        run_flow(app, minutes_flow(meal_id))
        await settle(app, pilot)  # the minutes are read in a worker before the form opens
        await type_text(pilot, "谈了很多")
        await type_into(pilot, "#f-actions", "发报价单 周五")
        await type_into(pilot, "#f-cost", "很多")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        await on_screen(pilot, "MinutesForm")
        error = app.screen.query_one("#error-actions", Static)
        assert error.display and "发报价单 周五" in plain(error)
        assert plain(app.screen.query_one("#error-cost", Static)) == text("form.error.number", value="很多")
        assert app.screen.query_one("#f-discussed", TextArea).text == "谈了很多"
        assert app.screen.query_one("#f-cost", Input).value == "很多"
        assert app.store.meals.get_meal(meal_id).meal.minutes_at is None
        await pilot.press("escape")  # changed: asks first
        await pilot.pause()
        await on_screen(pilot, "MinutesForm")
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) != "MinutesForm"


async def test_plan_form_errors_are_inline_and_escape_asks_first(book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("5", "a")
        await pilot.pause()
        await type_text(pilot, "没客人的饭局")
        await type_into(pilot, "#f-when", "周五")
        await type_into(pilot, "#f-budget", "很多")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        await on_screen(pilot, "MealPlanForm")
        assert plain(app.screen.query_one("#error-guests", Static)) == text("meal.error.no_guest")
        assert plain(app.screen.query_one("#error-when", Static)) == text("meal.error.no_time")
        assert app.screen.query_one("#f-title", Input).value == "没客人的饭局"
        assert app.screen.query_one("#f-budget", Input).value == "很多"
        assert app.screen.query_one("#f-guests-input", Input).has_focus
        await pilot.press("escape")
        await pilot.pause()
        await on_screen(pilot, "MealPlanForm")
        await pilot.press("escape")
        await pilot.pause()
        await on_screen(pilot, "MealsScreen")
        assert app.store.meals.list_meals() == []


# ------------------------------------------------------------------ seats, marks
async def test_swapping_seats_redraws_and_persists(book):
    """Rows in seat order; a swap onto the serving seat warns and needs a second Enter; `h` keeps
    seats set by hand; `r` seats by precedence again."""
    store = open_store(book, NOW)
    meal_id = add_meal(store, ["张伟", "王建国", "赵敏"], NOW + timedelta(days=3))
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        from clientbook.ui.screens.meal_plan import MealPlanScreen

        seen = record_notifications(app)
        app.push_screen(MealPlanScreen(meal_id))
        await on_screen(pilot, "MealPlanScreen")
        screen = app.screen
        table = screen.query_one("#diners", DataTable)
        assert row_keys(table) == [str(i) for i in screen.plan.ids]       # the table lists seat 0, 1, 2 …
        assert [row[0] for row in rows(table)] == [str(n) for n in range(5)]
        table.move_cursor(row=1)  # seat 1: 王建国, the most senior guest
        await pilot.press("h")
        await settle(app, pilot)  # the write runs in a worker
        assert [d.name for d in app.store.meals.get_meal(meal_id).diners if d.is_guest_of_honour] == ["王建国"]
        assert "1 王建国" in plain(screen.query_one("#seating", Static))  # the host's right
        before = list(screen.plan.ids)
        serving = screen.plan.seating.serving_index
        assert serving == 2 and screen.plan.seating.seats[serving].role == OurRole.ME
        await pilot.press("s")
        await on_screen(pilot, "SwapPrompt")
        await type_text(pilot, "1 9")
        await pilot.press("enter")
        await pilot.pause()
        await on_screen(pilot, "SwapPrompt")
        assert "1 9" in plain(app.screen.query_one("#error-seats", Static))
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "1 2")
        await pilot.press("enter")  # 王建国 onto the serving seat: a warning, the prompt stays
        await pilot.pause()
        assert screen_name(app) == "SwapPrompt"
        assert text("meal.swap.serving", name="王建国", seat=2) in plain(app.screen.query_one("#error-seats", Static))
        await pilot.press("enter")  # accepted
        await on_screen(pilot, "MealPlanScreen")
        after = [before[0], before[2], before[1], *before[3:]]
        assert list(screen.plan.ids) == after and screen.plan.manual
        assert app.store.meals.get_meal(meal_id).meal.seating == ",".join(map(str, after))
        chart = plain(screen.query_one("#seating", Static))
        assert "2 王建国" in chart and text("meal.seat.manual") in chart
        assert text("meals.seat.note.guest_serving") in chart and text("meals.seat.note.honour_elsewhere") in chart
        assert row_keys(table) == [str(i) for i in after]
        table.move_cursor(row=row_keys(table).index(str(before[-1])))   # the guest at the host's left
        await pilot.press("h")
        await settle(app, pilot)
        assert list(screen.plan.ids) == after and screen.plan.manual        # h keeps the seats set by hand
        assert app.store.meals.get_meal(meal_id).meal.seating == ",".join(map(str, after))
        assert text("meal.seat.kept") in seen[-1]
        await pilot.press("r")
        await settle(app, pilot)  # the write runs in a worker
        assert not screen.plan.manual and app.store.meals.get_meal(meal_id).meal.seating == ""
        assert screen.plan.seating.seats[screen.plan.seating.serving_index].role == OurRole.ME
        table.move_cursor(row=row_keys(table).index(str(diner_id_of(app, meal_id, "王建国"))))
        await pilot.press("i")  # 王建国: to invite → invited
        await settle(app, pilot)  # the write runs in a worker
        assert next(d for d in app.store.meals.get_meal(meal_id).diners if d.name == "王建国").invite_status == "invited"


def diner_id_of(app, meal_id: int, name: str) -> int:
    return next(d.id for d in app.store.meals.get_meal(meal_id).diners if d.name == name)


@pytest.mark.parametrize("seats", [2, 14])
async def test_the_round_table_draws_from_2_to_14_seats(book_path, seats):
    store = open_store(book_path, NOW)
    for n in range(seats - 1):
        add_contact(store, MET, name=f"客人{n:02d}", company="华为")
    meal_id = add_meal(store, [f"客人{n:02d}" for n in range(seats - 1)], NOW + timedelta(days=1), boss="")
    store.close()
    app = make_app(book_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        from clientbook.ui.screens.meal_plan import MealPlanScreen

        app.push_screen(MealPlanScreen(meal_id))
        await on_screen(pilot, "MealPlanScreen")
        chart = plain(app.screen.query_one("#seating", Static))
        assert f"{seats - 1} " in chart and "╰" in chart
        assert len(app.screen.plan.ids) == seats


# ------------------------------------------------------------------ prep sheet, export, spending
async def test_preparation_sheet_shows_profiles_topics_and_open_follow_ups(book):
    store = open_store(book, NOW)
    earlier = add_meal(store, ["张伟"], datetime(2026, 10, 9, 12))
    from clientbook.domain.meal_forms import validate_minutes

    view = store.meals.get_meal(earlier)
    data, _ = validate_minutes({"agreements": "样品下周交", "actions": "我方：发报价单 周五"},
                               [d.id for d in view.diners], {d.id for d in view.diners if d.side == "guest"}, NOW)
    store.meals.save_minutes(earlier, data, NOW)
    meal_id = add_meal(store, ["张伟", "王建国"], NOW + timedelta(days=2))
    zhang = store.contacts.find_contacts("张伟")[0].id
    profile = store.contacts.contact_input(zhang)
    profile.notes = "下个月调去深圳"
    store.contacts.update_contact(zhang, profile, NOW)
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        from clientbook.ui.screens.meal_plan import MealPlanScreen

        app.push_screen(MealPlanScreen(meal_id))
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await on_screen(pilot, "MealPrepScreen")
        sheet = plain(app.screen.query_one("#prep-sheet", Static))
        assert "高尔夫" in sheet and text("meals.topic.politics") in sheet and "不谈政治" in sheet
        assert "痛风，少海鲜" in sheet
        # every filled profile field by its label, notes included; the empty ones named in one line
        zhang_part = sheet[sheet.index("张伟"):sheet.index("王建国")]
        for label, value in (("field.hobbies", "高尔夫、钓鱼"), ("field.taboos", "不谈政治"), ("field.notes", "下个月调去深圳")):
            assert re.search(rf"{text(label)} +{value}", zhang_part), label
        assert re.search(rf"{text('meal.prep.unknown')} +{text('field.cuisine')}", zhang_part)
        assert text("field.family") in zhang_part and text("field.diet") in zhang_part
        assert "10-09 Fri" in sheet and "样品下周交" in sheet   # the last meal and what was agreed
        assert "发报价单" in sheet                                # open follow-up
        assert text("meals.topic.family") in sheet              # 王建国 is below 好朋友


async def test_export_copies_and_saves_markdown_in_the_ui_language(book):
    set_language("zh")
    store = open_store(book, NOW)
    meal_id = add_meal(store, ["张伟"], NOW - timedelta(days=2))
    from clientbook.domain.meal_forms import validate_minutes

    view = store.meals.get_meal(meal_id)
    data, _ = validate_minutes({"discussed": "二期", "agreements": "按原价", "actions": "我方：发报价单 周五",
                                "learned": "张伟：女儿明年高考", "cost": "1280"},
                               [d.id for d in view.diners], {d.id for d in view.diners if d.side == "guest"}, NOW)
    store.meals.save_minutes(meal_id, data, NOW)
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        from clientbook.ui.screens.meal_minutes import MinutesScreen

        app.push_screen(MinutesScreen(meal_id))
        await settle(app, pilot)  # the page loads in a worker
        expected = minutes_markdown(app.meals.minutes_facts(meal_id), "zh")
        assert expected.startswith("# 约饭纪要：潮汕火锅") and "¥1,280" in expected and "女儿明年高考" in expected
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        await on_screen(pilot, "ExportScreen")
        assert plain(app.screen.query_one("#export-text", Static)) == expected
        await pilot.press("c")
        assert app.clipboard == expected
        await pilot.press("w")
        await settle(app, pilot)  # the write runs in a worker
        [saved] = (paths.home() / "exports").glob("*.md")
        assert saved.read_text(encoding="utf-8") == expected
        assert str(saved) in plain(app.screen.query_one("#export-path", Static))
        await pilot.press("t")  # the copy for the client
        await pilot.pause()
        shared = plain(app.screen.query_one("#export-text", Static))
        assert "¥" not in shared and "女儿明年高考" not in shared and "发报价单" in shared


async def test_company_page_shows_meal_spending(book):
    store = open_store(book, NOW)
    from clientbook.domain.meal_forms import validate_minutes

    for names, when, cost in ((["张伟"], datetime(2026, 11, 20, 19), "1280"),
                              (["张伟", "赵敏"], datetime(2026, 10, 9, 19), "860")):  # shared with 比亚迪
        meal_id = add_meal(store, names, when)
        view = store.meals.get_meal(meal_id)
        data, _ = validate_minutes({"cost": cost}, [d.id for d in view.diners],
                                   {d.id for d in view.diners if d.side == "guest"}, NOW)
        store.meals.save_minutes(meal_id, data, NOW)
    huawei = next(c.id for c in store.contacts.list_companies() if c.name == "华为")
    byd = next(c.id for c in store.contacts.list_companies() if c.name == "比亚迪")
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        from clientbook.ui.screens.company import CompanyScreen

        app.push_screen(CompanyScreen(huawei))
        await pilot.pause()
        spending = plain(app.screen.query_one("#company-meals", Static))
        assert text("meal.spending.year", year=2026, total="¥1,710", meals=2) in spending
        assert text("meal.spending.month", month=11, total="¥1,280") in spending
        shared = text("meal.spending.shared", date="2026-10-09", meal="潮汕火锅", cost="¥860", guests=1, of=2,
                      share="¥430")
        assert shared in spending  # the page says the ¥430 is a share, and of what
        app.push_screen(CompanyScreen(byd))
        await pilot.pause()
        spending = plain(app.screen.query_one("#company-meals", Static))
        assert text("meal.spending.year", year=2026, total="¥430", meals=1) in spending and shared in spending


# ------------------------------------------------------------------ demo, Chinese, 80×24
async def test_demo_meals_in_chinese_at_80_by_24(tmp_path):
    set_language("zh")
    path = tmp_path / "demo" / "demo.db"
    path.parent.mkdir()
    demo_book_at(path, NOW)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        keys = row_keys(app.screen.query_one("#agenda", DataTable))
        assert "h:minutes" in keys and sum(k.startswith("m:") for k in keys) == 1
        await pilot.press("5")
        await on_screen(pilot, "MealsScreen")
        table = app.screen.query_one("#meals", DataTable)
        assert table.row_count == 2
        footer = [key.description for key in app.screen.query("FooterKey")]
        assert {"新建饭局", "纪要", "约饭"} <= set(footer)
        await pilot.press("enter")  # the coming meal, with our boss and three guests
        await pilot.pause()
        screen = app.screen
        await on_screen(pilot, "MealPlanScreen")
        assert screen.query_one("#diners", DataTable).row_count == 5
        chart = plain(screen.query_one("#seating", Static))
        # Our boss hosts; 陈静, 王建国's assistant, beside him; the rep at the serving seat beside her.
        assert "0 刘总" in chart and "1 王建国" in chart and "2 陈静" in chart and "3 我" in chart
        assert "3号为上菜位" in chart.replace("\n", "")
        footer = {key.description: key for key in screen.query("FooterKey")}
        for label in ("换座", "主宾", "准备单", "纪要"):
            assert label in footer and footer[label].region.right <= 80, label
        seating = screen.query_one("#seating-pane")
        assert seating.region.bottom <= 23 and seating.region.height >= 5
        for word in ("Seat", "Checks", "Dishes"):
            assert word not in app.export_screenshot()
        # Wrapped Chinese: no line starts with closing punctuation or ends with an opening one.
        for pane in ("seating", "checks", "dishes"):
            widget = screen.query_one(f"#{pane}", Static)
            lines = [strip.text.strip() for strip in widget.render_lines(Region(0, 0, *widget.size))]
            lines = [line for line in lines if line]
            assert len(lines) > 2, pane
            assert not [line for line in lines if line[0] in NO_LINE_START], lines
            assert not [line for line in lines if line[-1] in NO_LINE_END], lines
        # A table too wide for 80 columns cuts its widest column with "…" instead of running off.
        await pilot.press("escape", "4")
        await on_screen(pilot, "NotesScreen")
        await type_text(pilot, "报价")
        await settle(app, pilot)
        hits = app.screen.query_one("#hits", DataTable)
        assert hits.row_count >= 3 and hits.virtual_size.width <= hits.size.width
        shown = [strip.text.rstrip() for strip in hits.render_lines(Region(0, 0, *hits.size))]
        cut = [line for line in shown if line.endswith("…")]
        assert cut and all(cell_len(line) <= hits.size.width for line in shown), shown


async def test_a_coming_meal_asks_for_no_minutes_yet(book):
    store = open_store(book, NOW)
    meal_id = add_meal(store, ["张伟"], NOW + timedelta(days=2))
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        seen: list[str] = []
        original = app.notify
        app.notify = lambda message, **kw: (seen.append(str(message)), original(message, **kw))
        await pilot.press("5")
        await on_screen(pilot, "MealsScreen")
        await pilot.press("m")
        await pilot.pause()
        await on_screen(pilot, "MealsScreen")
        assert seen and seen[-1].startswith(text("meal.minutes.not_yet", when="")[:10])
        keys = row_keys(app.screen.query_one("#meals", DataTable))
        assert keys == [str(meal_id)]


async def test_a_coming_meal_is_on_today_and_the_calendar_and_opens_its_plan(book):
    store = open_store(book, NOW)
    meal_id = add_meal(store, ["张伟", "王建国"], NOW + timedelta(days=2, hours=9))  # Saturday 19:00
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        table = app.screen.query_one("#agenda", DataTable)
        keys = row_keys(table)
        assert keys[keys.index("h:meals") + 1] == f"p:{meal_id}"
        row = [str(cell) for cell in table.get_row_at(keys.index(f"p:{meal_id}"))]
        assert row[0].startswith("11-28") and row[0].endswith("19:00")
        assert row[1:] == ["张伟, 王建国", "潮汕火锅 @ 潮汕牛肉火锅（南山店）"]
        table.move_cursor(row=keys.index(f"p:{meal_id}"))
        await pilot.press("enter")
        await on_screen(pilot, "MealPlanScreen")
        assert app.screen.meal_id == meal_id

        await pilot.press("escape", "6")
        await on_screen(pilot, "CalendarScreen")
        calendar = app.screen.query_one("#calendar", DataTable)
        [index] = [i for i, key in enumerate(row_keys(calendar)) if key.startswith(f"m|{meal_id}|")]
        assert text("giftui.cal.meal", label="潮汕火锅") in str(calendar.get_row_at(index)[1])
        calendar.move_cursor(row=index)
        await pilot.press("enter")
        await on_screen(pilot, "MealPlanScreen")
        assert app.screen.meal_id == meal_id
