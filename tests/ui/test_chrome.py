"""The screen around what a page shows (issue #13, "The screen"): footer, header, search box,
forms at 80×24 in Chinese. One app run walks the pages a rep walks."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Button, Input, Label, Select, TextArea
from textual.widgets._header import HeaderTitle

from clientbook.domain.meal_forms import OurDiner, PlanInput
from clientbook.domain.meals.enums import OurRole
from clientbook.i18n import set_language
from clientbook.store import open_store
from conftest import NOW, add_contact
from ui_support import make_app, screen_name, settle, start, text

SMALL = (80, 24)


def footer_keys(app) -> tuple[list, object | None]:
    """(the keys shown whole, the command-palette key) of the current screen's footer."""
    footer = app.screen.query_one("KeysFooter")
    keys = [key for key in footer.query("FooterKey") if not key.has_class("-command-palette")]
    palette = next(iter(footer.query("FooterKey.-command-palette")), None)
    return keys, palette


def assert_footer_fits(app) -> list[str]:
    """No key runs under ^p (nor past the edge), and ^p ends at the screen's edge: nothing of
    the keys beneath shows through. Returns the descriptions shown."""
    keys, palette = footer_keys(app)
    edge = palette.region.x if palette is not None else app.size.width
    shown = [key for key in keys if key.visible]
    assert shown, "no key shown"
    for key in shown:
        assert key.region.right <= edge, (key.description, key.region, edge)
    if palette is not None:
        assert palette.region.right == app.size.width
        assert palette.description == text("key.palette")
    assert any(not key.visible for key in keys)  # at 80 columns some do not fit: hidden, not cut
    return [key.description for key in shown]


def header_title(app) -> str:
    return str(app.screen.query_one(HeaderTitle).render())


async def wait_for(pilot, condition, rounds: int = 60) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def test_a_reps_pages_at_80x24_in_chinese(book_path):
    store = open_store(book_path, NOW)
    add_contact(store, name="李娜", company="华为", title="研发经理")
    add_contact(store, name="梁文", company="顺丰", title="区域经理")
    store.close()
    set_language("zh")
    app = make_app(book_path)
    async with app.run_test(size=SMALL) as pilot:
        await start(app, pilot)
        assert text("key.quick_log") in assert_footer_fits(app)

        # The Calendar's subtitle (its shopping lists) does not stay on the next page.
        await pilot.press("6")
        await wait_for(pilot, lambda: screen_name(app) == "CalendarScreen" and not app.screen.loading)
        calendar_title = header_title(app)
        await pilot.press("2")
        await wait_for(pilot, lambda: screen_name(app) == "ContactsScreen")
        await settle(app, pilot)
        assert header_title(app) != calendar_title and text("key.contacts") in header_title(app)
        assert text("key.search") in assert_footer_fits(app)

        # / ln Enter opens the one match; Esc back; 1 goes to Today (not into the search box).
        await pilot.press("slash", "l", "n")
        await settle(app, pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen_name(app) == "ContactScreen")
        await settle(app, pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ContactsScreen")
        await pilot.press("1")
        await wait_for(pilot, lambda: screen_name(app) == "TodayScreen")
        # and Esc in the box leaves it: the page's keys work again
        await pilot.press("2")
        await wait_for(pilot, lambda: screen_name(app) == "ContactsScreen")
        await pilot.press("slash")
        await pilot.pause()
        search = app.screen.query_one("#search", Input)
        assert search.has_focus and search.value == "ln"
        await pilot.press("escape")
        await pilot.pause()
        assert not search.has_focus and search.value == "ln"
        await pilot.press("3")
        await wait_for(pilot, lambda: screen_name(app) == "CompaniesScreen")
        await pilot.press("2")
        await wait_for(pilot, lambda: screen_name(app) == "ContactsScreen")
        assert app.screen.query_one("#search", Input).value == "ln"

        # The command palette's search box speaks Chinese.
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: screen_name(app) == "CommandPalette")
        assert app.screen.query_one(Input).placeholder == text("palette.placeholder") == "搜索命令…"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen_name(app) == "ContactsScreen")

        # The contact form: Chinese placeholders, its own keys below, save in sight at 80×24.
        await pilot.press("a")
        await wait_for(pilot, lambda: screen_name(app) == "ContactForm")
        await settle(app, pilot)
        birthday = app.screen.query_one("#f-birthday", Input).placeholder
        assert birthday == text("ph.birthday") and "lunar" not in birthday
        keys = footer_keys(app)[0]
        footer = [key.description for key in keys]
        assert text("key.save") in footer and text("key.search") not in footer
        # The next field has the same keys: the footer keeps them (rebuilt, they were restyled
        # and redrawn on every move between fields); an open list's keys below rebuild it.
        await pilot.press("tab")
        await settle(app, pilot)
        assert footer_keys(app)[0] == keys and [key.description for key in keys] == footer
        save = app.screen.query_one("#save", Button)
        assert save.region.height and save.region.bottom <= app.size.height - 1
        form = app.screen.query_one("#form")
        for label in app.screen.query(".field-label").results(Label):  # as wide as the form: no cut
            assert label.outer_size.width == form.scrollable_content_region.width
        # An open list's Esc is described in Chinese too.
        app.screen.query_one("#f-position", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        await settle(app, pilot)
        footer = [key.description for key in footer_keys(app)[0]]
        assert text("key.dismiss_menu") in footer and "Dismiss menu" not in footer
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: screen_name(app) == "ContactsScreen")


async def test_minutes_open_on_what_was_discussed_with_its_label_in_sight(book_path):
    store = open_store(book_path, NOW)
    ids = [add_contact(store, name=name, company="华为") for name in ("张伟", "王建国", "陈静", "李娜")]
    meal_id = store.meals.add_meal(PlanInput(planned_at=NOW - timedelta(days=1),
                                             guests=[(i, "") for i in ids], ours=[OurDiner("", OurRole.ME)],
                                             title="华为二期"), NOW)
    store.close()
    set_language("zh")
    app = make_app(book_path)
    async with app.run_test(size=SMALL) as pilot:
        await start(app, pilot)
        from clientbook.ui.forms.flow import run_flow
        from clientbook.ui.forms.minutes import minutes_flow

        run_flow(app, minutes_flow(meal_id))
        await wait_for(pilot, lambda: screen_name(app) == "MinutesForm")
        await settle(app, pilot)
        box = app.screen.query_one("#f-discussed", TextArea)
        assert box.has_focus
        form = app.screen.query_one("#form")
        inside = form.scrollable_content_region
        label = next(w for w in app.screen.query(".field-label") if str(w.render()) == text("meal.minutes.discussed"))
        assert inside.contains_region(label.region) and inside.y <= box.region.y < inside.bottom
        assert app.screen.query_one("#save", Button).region.bottom <= app.size.height - 1
