"""Pilot tests of the gift flows: from a reminder on Today to a logged gift (or greeting), skip
and snooze, the same-gift warning, everyday gifts, the Calendar with its shopping list, the
occasion settings, the policy editor, the gift log, and the contact and company pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gift_forms import GiftInput
from clientbook.domain.gifts.policy import BudgetTier, Treatment
from clientbook.domain.interactions import FollowupInput
from clientbook.i18n import set_language
from clientbook.store import open_store
from conftest import NOW, add_contact
from ui_support import make_app, plain, record_notifications, row_keys as keys, rows, screen_name, settle, start


BUILT = NOW   # when the book is filled
WINDOW = datetime(2027, 9, 1, 10, 0)   # 中秋 2027-09-15: 14 days to go, inside the 21-day lead
SIZE = (120, 36)


@pytest.fixture
def gift_book(book_path) -> tuple[Path, dict[str, int]]:
    store = open_store(book_path, BUILT)
    try:
        ids = {
            "王总": add_contact(store, BUILT, "A", name="王总", company="华为", position="boss"),
            "张伟": add_contact(store, BUILT, "A", name="张伟", company="华为", position="manager"),
            "陈静": add_contact(store, BUILT, "A", name="陈静", company="华为", position="clerk"),
            "刘工": add_contact(store, BUILT, "C", name="刘工", company="白云电器", position="staff", wechat="liugong"),
        }
        store.gifts.record_gift(GiftInput(ids["张伟"], "月饼礼盒", date(2026, 9, 20), 388.0, "mid_autumn"), BUILT)
        store.capture.add_followup(ids["张伟"], FollowupInput("发报价单", WINDOW.date()), BUILT)
    finally:
        store.close()
    return book_path, ids


# ------------------------------------------------------------------ helpers (as in test_flows.py)


async def select_row(pilot, table: DataTable, key: str) -> None:
    await settle(pilot.app, pilot)
    table.move_cursor(row=keys(table).index(key))
    await pilot.pause()


def g(ids, name, occasion="mid_autumn", year=2027) -> str:
    return f"g:{occasion}:{year}:{ids[name]}"


# ------------------------------------------------------------------ Today
async def test_today_shows_the_mid_autumn_reminders_with_countdown(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        table = app.screen.query_one("#agenda", DataTable)
        found = rows(table)
        header = found[keys(table).index("h:gift:mid_autumn:2027")]
        assert header == ["Mid-Autumn Festival (4)", "Sep 15 · lunar 8/15 · in 14 days", "3 to gift · 1 to greet"]
        people = {k: found[i] for i, k in enumerate(keys(table)) if k.startswith("g:")}
        assert people[g(ids, "王总")] == ["  gift · special", "王总 · 华为", "¥1,000–2,000"]
        assert people[g(ids, "陈静")] == ["  gift · small", "陈静 · 华为", "¥50–150"]
        assert people[g(ids, "刘工")] == ["  greeting", "刘工 · 白云电器", "a message or a call"]
        assert plain(app.screen.query_one("#counts", Static)).endswith(" · 4 gifts and greetings")


async def test_x_on_a_gift_reminder_opens_the_gift_form_and_logs_the_gift(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        table = app.screen.query_one("#agenda", DataTable)
        await select_row(pilot, table, g(ids, "王总"))
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        assert screen_name(app) == "GiftForm"
        form = app.screen
        assert form.query_one("#f-what", Input).value == "Mooncake box"   # prefilled for Mid-Autumn
        assert form.query_one("#f-value", Input).value == "1000"          # the special tier's floor
        await pilot.press("end", "ctrl+u", *"Calligraphy set", "tab", "ctrl+u", *"1680")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert screen_name(app) == "TodayScreen"
        assert g(ids, "王总") not in keys(table)
        assert notes[-1] == "Gift to 王总 logged: Calligraphy set"

        [gift] = app.store.gifts.given(contact_id=ids["王总"])
        assert (gift.what, gift.value, gift.given_on, gift.occasion_key) == ("Calligraphy set", 1680.0, WINDOW.date(),
                                                                              "mid_autumn")
        interaction = app.store.capture.get_interaction(gift.interaction_id).interaction
        assert (interaction.kind, interaction.summary) == ("gift", "Mid-Autumn Festival gift: Calligraphy set")
        assert app.store.gifts.reminder_state("mid_autumn", 2027, ids["王总"]).state == "done"


async def test_x_on_a_greeting_logs_it_at_once(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        table = app.screen.query_one("#agenda", DataTable)
        await select_row(pilot, table, g(ids, "刘工"))
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        assert screen_name(app) == "TodayScreen"
        assert g(ids, "刘工") not in keys(table)
        assert notes[-1] == "Greeting to 刘工 logged (Mid-Autumn Festival)"
        [entry] = app.store.capture.timeline(ids["刘工"])
        assert (entry.subtype, entry.text) == ("wechat", "Mid-Autumn Festival greetings")
        assert app.store.gifts.given(contact_id=ids["刘工"]) == []


async def test_same_gift_warning_asks_for_a_second_save(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        table = app.screen.query_one("#agenda", DataTable)
        await select_row(pilot, table, g(ids, "张伟"))
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        await pilot.press("end", "ctrl+u", *"月饼礼盒")
        await pilot.pause()
        warning = "Already given “月饼礼盒” on 2026-09-20 (Mid-Autumn Festival)"
        assert plain(app.screen.query_one("#hint-what", Static)) == warning
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert screen_name(app) == "GiftForm"           # not saved yet
        assert notes[-1] == f"{warning} — ctrl+s again to log it anyway"
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert screen_name(app) == "TodayScreen"
        assert [gift.what for gift in app.store.gifts.given(contact_id=ids["张伟"])] == ["月饼礼盒", "月饼礼盒"]


async def test_skip_and_snooze_on_reminders_and_snooze_still_moves_follow_ups(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        table = app.screen.query_one("#agenda", DataTable)
        await select_row(pilot, table, g(ids, "陈静"))
        assert app.screen.check_action("skip", ()) is True and app.screen.check_action("reschedule", ()) is False
        await pilot.press("k")
        await pilot.pause()
        assert app.store.gifts.reminder_state("mid_autumn", 2027, ids["陈静"]).state == "skipped"
        await select_row(pilot, table, g(ids, "王总"))
        await pilot.press("w")
        await settle(app, pilot)  # the write runs in a worker
        state = app.store.gifts.reminder_state("mid_autumn", 2027, ids["王总"])
        assert (state.state, state.until) == ("snoozed", WINDOW.date() + timedelta(days=7))
        assert {g(ids, "陈静"), g(ids, "王总")}.isdisjoint(keys(table))
        # A follow-up row keeps the follow-up behaviour of z.
        followup_key = next(k for k in keys(table) if k.startswith("f:"))
        await select_row(pilot, table, followup_key)
        assert app.screen.check_action("skip", ()) is False
        await pilot.press("z")
        await settle(app, pilot)  # the write runs in a worker
        assert app.store.capture.get_followup(int(followup_key.split(":")[1])).due_date == WINDOW.date() + timedelta(days=1)
    # A week later 王总 is back, and a snooze cannot pass the festival itself.
    app = make_app(path, WINDOW + timedelta(days=7))
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        table = app.screen.query_one("#agenda", DataTable)
        assert g(ids, "王总") in keys(table) and g(ids, "陈静") not in keys(table)
        await select_row(pilot, table, g(ids, "王总"))
        await pilot.press("w")
        await settle(app, pilot)  # the write runs in a worker
        assert app.store.gifts.reminder_state("mid_autumn", 2027, ids["王总"]).until == date(2027, 9, 15)


async def test_everyday_gift_from_today_redraws_the_next_date(gift_book):
    path, ids = gift_book
    store = open_store(path, WINDOW)
    store.gifts.set_everyday_rhythm(ids["刘工"], (40, 80), WINDOW.date(), next_on=WINDOW.date() + timedelta(days=2))
    store.close()
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        table = app.screen.query_one("#agenda", DataTable)
        assert rows(table)[keys(table).index("h:everyday")][0] == "Everyday small gifts (1)"
        await select_row(pilot, table, f"e:{ids['刘工']}")
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        assert screen_name(app) == "GiftForm" and app.screen.query_one("#f-what", Input).value == ""
        await pilot.press(*"Tea", "tab", *"80", "ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        rhythm = app.store.gifts.everyday_rhythm(ids["刘工"])
        assert WINDOW.date() + timedelta(days=40) <= rhythm.next_on <= WINDOW.date() + timedelta(days=80)
        assert f"e:{ids['刘工']}" not in keys(table)
        assert notes[-1].startswith("Gift to 刘工 logged: Tea · next small gift ")
        assert app.store.gifts.given(contact_id=ids["刘工"])[0].occasion_key == "everyday"


async def test_today_in_chinese_at_80_by_24(gift_book):
    path, ids = gift_book
    set_language("zh")
    app = make_app(path, WINDOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        table = app.screen.query_one("#agenda", DataTable)
        header = rows(table)[keys(table).index("h:gift:mid_autumn:2027")]
        assert header == ["中秋节 (4)", "9月15日 · 八月十五 · 还有 14 天", "送礼 3 · 问候 1"]
        await select_row(pilot, table, g(ids, "陈静"))
        await pilot.press("k")
        await pilot.pause()
        assert app.store.gifts.reminder_state("mid_autumn", 2027, ids["陈静"]).state == "skipped"


# ------------------------------------------------------------------ Calendar and settings
async def test_calendar_shows_weeks_and_the_shopping_list(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("6")
        await pilot.pause()
        assert screen_name(app) == "CalendarScreen"
        shopping = plain(app.screen.query_one("#shopping", Static))
        assert shopping == ("Sep 15 · lunar 8/15  Mid-Autumn Festival: 3 people — 2 × box of mooncakes, "
                            "1 × special gift, budget ¥1,450–3,150; greetings to send: 1")
        table = app.screen.query_one("#calendar", DataTable)
        cells = rows(table)
        assert ["08-30 – 09-05", "week 35", ""] in cells
        assert ["09-01 Wed", "Follow-up · 张伟", "[ours] 发报价单"] in cells
        assert ["09-15 Wed", "Mid-Autumn Festival", "Sep 15 · lunar 8/15 · 3 to gift · 1 to greet"] in cells
        assert ["", "  gift · special ¥1,000–2,000 (1)", "王总"] in cells
        assert ["10-01 Fri", "National Day", "Oct 1 · 2 to greet"] in cells

        await select_row(pilot, table, next(k for k in keys(table) if k.startswith("f|")))
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"


async def test_occasions_switch_off_and_lead_time(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("6", "o")
        await pilot.pause()
        assert screen_name(app) == "OccasionsScreen"
        table = app.screen.query_one("#occasions", DataTable)
        await select_row(pilot, table, "b|mid_autumn")
        assert rows(table)[keys(table).index("b|mid_autumn")][1:] == [
            "lunar 8/15, every year", "Sep 15 · lunar 8/15", "on", "21 days ahead", "everyone"]
        await pilot.press("t")
        await pilot.pause()
        assert next(o for o in app.store.agenda.builtin_occasions() if o.key == "mid_autumn").enabled is False
        await pilot.press("e")
        await pilot.pause()
        assert screen_name(app) == "PromptForm"
        await pilot.press("ctrl+u", *"10", "enter")
        await pilot.pause()
        occasion = next(o for o in app.store.agenda.builtin_occasions() if o.key == "mid_autumn")
        assert (occasion.enabled, occasion.lead_days) == (False, 10)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert not any(k.startswith("g:mid_autumn") for k in keys(app.screen.query_one("#agenda", DataTable)))


async def test_add_a_custom_lunar_occasion_for_everyone(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("6", "o", "a")
        await pilot.pause()
        assert screen_name(app) == "OccasionForm"
        await pilot.press(*"Annual meeting", "tab", *"lunar:09-01")
        await pilot.pause()
        assert plain(app.screen.query_one("#hint-date", Static)) == "next: 2027-09-30 (lunar 9/1)"
        await pilot.press("tab", "tab", *"5", "ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        [row] = app.store.agenda.custom_occasions()
        assert (row.occasion.name, row.occasion.calendar, row.occasion.month, row.occasion.day,
                row.occasion.lead_days, row.scope_name) == ("Annual meeting", "lunar", 9, 1, 5, None)
        assert screen_name(app) == "OccasionsScreen"
        table = app.screen.query_one("#occasions", DataTable)
        assert rows(table)[keys(table).index(f"c|{row.id}")][0] == "Annual meeting"


async def test_policy_editor_cycles_and_resets_a_cell(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("6", "p")
        await settle(app, pilot)
        assert screen_name(app) == "PolicyScreen"
        assert plain(app.screen.query_one("#policy-title", Static)).startswith("Gift policy: Mid-Autumn Festival")
        table = app.screen.query_one("#policy", DataTable)
        assert rows(table)[3] == ["D", "greeting", "greeting", "—", "—"]
        table.cursor_coordinate = (3, 3)  # D × staff
        await pilot.press("space")
        await settle(app, pilot)  # each change is written in a worker
        assert app.store.agenda.policy()[("mid_autumn", Grade.D, Position.STAFF)] == (Treatment.GIFT, BudgetTier.SMALL)
        assert rows(table)[3][3] == "gift · small *"
        await pilot.press("b", "b")
        await settle(app, pilot)
        assert app.store.agenda.policy()[("mid_autumn", Grade.D, Position.STAFF)] == (Treatment.GREETING, None)
        await pilot.press("r")
        await settle(app, pilot)  # the write runs in a worker
        assert app.store.agenda.policy_rules() == []
        await pilot.press("o")
        await settle(app, pilot)
        assert plain(app.screen.query_one("#policy-title", Static)).startswith("Gift policy: National Day")


async def test_gift_log_lists_gifts_and_spend(gift_book):
    path, ids = gift_book
    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("6", "g")
        await pilot.pause()
        assert screen_name(app) == "GiftLogScreen"
        assert rows(app.screen.query_one("#gifts", DataTable)) == [
            ["2026-09-20", "张伟 · 华为", "月饼礼盒", "Mid-Autumn Festival", "¥388"]]
        assert plain(app.screen.query_one("#gift-spend", Static)) == "2027: no gift spend logged · 2026: ¥388"


# ------------------------------------------------------------------ contact and company pages
async def test_contact_page_gifts_line_rhythm_gift_and_occasion(gift_book):
    path, ids = gift_book
    from clientbook.ui.screens.contact import ContactScreen

    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        app.push_screen(ContactScreen(ids["张伟"]))
        await settle(app, pilot)    # the page loads in a worker
        line = plain(app.screen.query_one("#contact-gifts", Static))
        assert line == "Gifts: 1, ¥388 in all · latest 2026-09-20 月饼礼盒 (Mid-Autumn Festival)"

        await pilot.press("y")
        await pilot.pause()
        assert screen_name(app) == "PromptForm"
        await pilot.press(*"40-80", "enter")
        await settle(app, pilot)    # saved in a worker, then the page reloads in another
        rhythm = app.store.gifts.everyday_rhythm(ids["张伟"])
        assert (rhythm.low, rhythm.high) == (40, 80) and rhythm.next_on >= WINDOW.date()
        assert "everyday gifts every 40–80 days, next " in plain(app.screen.query_one("#contact-gifts", Static))

        await pilot.press("y")
        await pilot.pause()
        await pilot.press("ctrl+u", *"soon", "enter")
        await pilot.pause()
        assert plain(app.screen.query_one("#error-value", Static)).startswith("Days as a range such as 40-80")
        await pilot.press("ctrl+u", "enter")  # blank: no rhythm
        await pilot.pause()
        assert app.store.gifts.everyday_rhythm(ids["张伟"]) is None

        await pilot.press("g")
        await pilot.pause()
        assert screen_name(app) == "GiftForm"
        await pilot.press(*"Golf balls", "tab", *"¥320", "tab", *"2027-08-30", "ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert screen_name(app) == "ContactScreen"
        latest = app.store.gifts.given(contact_id=ids["张伟"])[0]
        assert (latest.what, latest.value, latest.given_on, latest.occasion_key) == ("Golf balls", 320.0,
                                                                                      date(2027, 8, 30), None)

        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"Daughter's wedding", "tab", *"2027-10-02")
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("enter", "down", "enter")  # the Select: once
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        [row] = app.store.agenda.custom_occasions()
        assert (row.occasion.yearly, row.occasion.year, row.contact_id) == (False, 2027, ids["张伟"])
        assert notes[-1] == "Added Daughter's wedding"


async def test_company_page_shows_gift_spend_per_year(gift_book):
    path, ids = gift_book
    from clientbook.ui.screens.company import CompanyScreen

    app = make_app(path, WINDOW)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        company_id = next(c.id for c in app.store.contacts.list_companies() if c.name == "华为")
        app.push_screen(CompanyScreen(company_id))
        await pilot.pause()
        assert plain(app.screen.query_one("#company-gifts", Static)) == "Gift spend: 2026 ¥388"
