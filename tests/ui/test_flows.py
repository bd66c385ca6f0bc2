"""Pilot tests of the real flows: keys pressed, widgets read, the store checked afterwards.

Contacts opens with the list focused (every key works at once); `/` moves to the search box,
where printable keys are text, so tests search through `search_for`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from clientbook.demo import COMPANIES, CONTACTS
from clientbook.domain.contact_card import Photo
from clientbook.i18n import catalog, set_language, t
from clientbook.store import open_store
from conftest import NOW, add_contact, demo_book_at, emails_of
from ui_support import make_app, plain, record_notifications, rows, screen_name, settle, start, text

SIZE = (120, 36)


# ------------------------------------------------------------------ helpers
def names(table: DataTable) -> list[str]:
    return [row[0] for row in rows(table)]


async def search_for(pilot, query: str) -> None:
    """On Contacts: `/` to the search box (unless already there), clear it, type `query`."""
    search = pilot.app.screen.query_one("#search", Input)
    if not search.has_focus:
        await pilot.press("slash")
        await pilot.pause()
    assert search.has_focus
    if search.value:
        await pilot.press("end", "ctrl+u")
    await pilot.press(*query)
    await pilot.pause()


async def type_into(pilot, selector: str, text: str, clear: bool = True) -> None:
    """Focus a field of the current screen, clear it, and type `text` key by key."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    if clear and widget.value:
        await pilot.press("end", "ctrl+u")
    await pilot.press(*text)
    await pilot.pause()


@pytest.fixture
def demo_book(tmp_path) -> Path:
    path = tmp_path / "demo" / "demo.db"
    path.parent.mkdir()
    demo_book_at(path, NOW)
    return path


@pytest.fixture
def small_book(book_path) -> Path:
    """Two contacts at two companies."""
    store = open_store(book_path, NOW)
    try:
        add_contact(store, name="李雷", company="华为", title="采购经理")
        add_contact(store, name="韩梅梅", company="美的", title="工程师")
    finally:
        store.close()
    return book_path


# ------------------------------------------------------------------ Today and navigation
async def test_empty_book_today_shows_empty_state_and_2_goes_to_contacts(book_path):
    app = make_app(book_path, store=None)  # the app opens the store in its worker
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        assert screen_name(app) == "TodayScreen"
        empty = app.screen.query_one("#empty", Static)
        assert empty.display and plain(empty) == text("today.empty_agenda")

        await pilot.press("2")
        await pilot.pause()
        assert screen_name(app) == "ContactsScreen"
        assert app.screen.query_one("#contacts", DataTable).row_count == 0
        assert plain(app.screen.query_one("#empty", Static)) == t("contacts.empty")


# ------------------------------------------------------------------ add, search
async def test_add_contact_with_chinese_name_then_find_by_pinyin(book_path):
    app = make_app(book_path, store=None)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2", "a")
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        assert app.focused.id == "f-name"
        await pilot.press(*"张三")  # CJK characters go through key presses fine
        await pilot.press("tab")
        assert app.focused.id == "f-company"
        await pilot.press(*"华为")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker

        assert screen_name(app) == "ContactScreen"
        assert plain(app.screen.query_one("#contact-name", Static)) == "张三"
        assert "华为" in plain(app.screen.query_one("#contact-fields", Static))

        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ContactsScreen"
        table = app.screen.query_one("#contacts", DataTable)
        assert names(table) == ["张三"]

        for query in ("zs", "zhangsan"):
            await search_for(pilot, query)
            assert app.screen.query_one("#search", Input).value == query
            assert table.row_count == 1, query
            assert rows(table)[0][:2] == ["张三", "华为"]

        await search_for(pilot, "lisi")
        assert table.row_count == 0
        assert plain(app.screen.query_one("#empty", Static)) == t("contacts.none_match")

        [row] = app.store.contacts.search_contacts("张三")
        assert (row.name, row.company) == ("张三", "华为")
        assert [c.name for c in app.store.contacts.list_companies()] == ["华为"]


async def test_invalid_fields_keep_the_form_and_everything_typed(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        await pilot.press("a")  # Today's "add contact"
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        await pilot.press(*"王五")
        await type_into(pilot, "#f-emails", "ww-at-x")
        await type_into(pilot, "#f-birthday", "2026-02-30")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker

        form = app.screen
        assert screen_name(app) == "ContactForm"
        birthday_error = plain(form.query_one("#error-birthday", Static))
        assert "2026-02-30" in birthday_error
        assert "ww-at-x" in plain(form.query_one("#error-emails", Static))
        assert form.query_one("#f-name", Input).value == "王五"
        assert form.query_one("#f-birthday", Input).value == "2026-02-30"
        assert app.focused.id == "f-emails"  # the first field needing a look
        assert notes[-1] == t("form.fix_errors", count=2)
        assert app.store.contacts.counts().contacts == 0

        # Fix both: each error clears as its field changes.
        await type_into(pilot, "#f-emails", "ww@x.cn")
        assert plain(form.query_one("#error-emails", Static)) == ""
        form.query_one("#f-birthday", Input).focus()
        await pilot.press("end", "backspace", "backspace", *"28")  # 2026-02-30 → 2026-02-28
        await pilot.pause()
        assert form.query_one("#f-birthday", Input).value == "2026-02-28"
        assert plain(form.query_one("#error-birthday", Static)) == ""
        assert plain(form.query_one("#hint-birthday", Static))  # the next-birthday hint
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker

        assert screen_name(app) == "ContactScreen"
        [row] = app.store.contacts.search_contacts("wangwu")
        contact = app.store.contacts.get_contact(row.id).contact
        assert (contact.name, emails_of(app.store, row.id)) == ("王五", ["ww@x.cn"])
        assert "02-28" in contact.birthday
        assert notes[-1] == t("contact.added", name="王五")


# ------------------------------------------------------------------ edit
async def test_edit_title_from_the_contact_page(small_book):
    app = make_app(small_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        await search_for(pilot, "lilei")
        await pilot.press("enter")  # one match: enter opens it
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"
        contact_id = app.screen.contact_id
        assert "采购经理" in plain(app.screen.query_one("#contact-fields", Static))

        await pilot.press("e")
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        assert app.screen.query_one("#f-title", Input).value == "采购经理"
        await type_into(pilot, "#f-title", "采购总监")
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker

        assert screen_name(app) == "ContactScreen"
        fields = plain(app.screen.query_one("#contact-fields", Static))
        assert "采购总监" in fields and "采购经理" not in fields
        assert app.store.contacts.get_contact(contact_id).contact.title == "采购总监"

        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#contacts", DataTable)
        assert rows(table)[0][3] == "采购总监"

    store = open_store(small_book, NOW)  # and it is in the file, not just on screen
    try:
        assert store.contacts.get_contact(contact_id).contact.title == "采购总监"
    finally:
        store.close()


# ------------------------------------------------------------------ archive, undo, restore
async def test_archive_undo_and_restore_from_the_archive(small_book):
    app = make_app(small_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#contacts", DataTable)
        assert app.focused is table
        before = names(table)
        first = before[0]
        [row] = [r for r in app.store.contacts.search_contacts() if r.name == first]

        await pilot.press("d")
        await settle(app, pilot)  # the write runs in a worker
        assert first not in names(table) and table.row_count == len(before) - 1
        assert app.store.contacts.get_contact(row.id).contact.archived_at == NOW

        await pilot.press("u")
        await settle(app, pilot)  # the write runs in a worker
        assert names(table) == before
        assert app.store.contacts.get_contact(row.id).contact.archived_at is None

        table.move_cursor(row=0)
        await pilot.press("d")
        await settle(app, pilot)  # the write runs in a worker
        assert first not in names(table)

        app.action_archive()
        await settle(app, pilot)  # the archive loads in a worker
        assert screen_name(app) == "ArchiveScreen"
        archived = app.screen.query_one("#archived", DataTable)
        assert rows(archived) == [[t("archive.kind.contact"), first, f"{NOW:%Y-%m-%d %H:%M}"]]
        await pilot.press("r")
        await settle(app, pilot)  # the write runs in a worker
        assert archived.row_count == 0
        assert app.screen.query_one("#empty", Static).display
        assert app.store.contacts.get_contact(row.id).contact.archived_at is None

        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ContactsScreen"
        assert names(app.screen.query_one("#contacts", DataTable)) == before


async def test_archive_screen_from_the_command_palette(small_book):
    app = make_app(small_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        store = app.store
        [row, *_] = store.contacts.search_contacts()
        store.contacts.archive_contact(row.id, NOW)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"restore deleted")
        await app.workers.wait_for_complete()  # the palette searches in a worker: Enter takes its answer
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)  # the archive loads in a worker
        assert screen_name(app) == "ArchiveScreen"
        assert [r[1] for r in rows(app.screen.query_one("#archived", DataTable))] == [row.name]
        await pilot.press("r")
        await settle(app, pilot)  # the write runs in a worker
        assert store.contacts.get_contact(row.id).contact.archived_at is None


# ------------------------------------------------------------------ forms: cancel
async def test_escape_on_a_changed_form_asks_first(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"赵六")
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        assert notes == [t("form.discard_confirm")]
        assert app.screen.query_one("#f-name", Input).value == "赵六"

        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "TodayScreen"
        assert app.store.contacts.counts().contacts == 0


async def test_typing_after_the_warning_needs_two_escapes_again(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("x", "escape", "y", "escape")
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        assert app.screen.query_one("#f-name", Input).value == "xy"


async def test_escape_on_an_unchanged_form_closes_at_once(small_book):
    app = make_app(small_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        notes = record_notifications(app)
        await pilot.press("a")
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "TodayScreen"

        # An edit form opened and left alone closes at once too.
        await pilot.press("2", "enter")
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"
        await pilot.press("e")
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"
        assert t("form.discard_confirm") not in notes


# ------------------------------------------------------------------ filters
async def test_grade_filter_cycles_and_x_clears(demo_book):
    grade_of = {index: company[1] for index, company in enumerate(COMPANIES)}
    a_grade = sorted(c[0] for c in CONTACTS if grade_of[c[1]] == "A")
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#contacts", DataTable)
        assert table.row_count == len(CONTACTS)

        await pilot.press("g")
        await pilot.pause()
        assert {row[2] for row in rows(table)} == {"A"}
        assert sorted(names(table)) == a_grade
        filters = plain(app.screen.query_one("#filters", Static))
        assert "grade: A" in filters and t("contacts.count", count=len(a_grade)) in filters

        await pilot.press("g")
        await pilot.pause()
        assert {row[2] for row in rows(table)} == {"B"}

        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        assert table.row_count == len(CONTACTS)
        assert "grade: any" in plain(app.screen.query_one("#filters", Static))


# ------------------------------------------------------------------ companies
async def test_companies_list_people_counts_and_company_page(demo_book):
    people = Counter(COMPANIES[c[1]][0] for c in CONTACTS)
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        assert screen_name(app) == "CompaniesScreen"
        table = app.screen.query_one("#companies", DataTable)
        listed = {row[0]: int(row[5]) for row in rows(table)}
        assert listed == dict(people)
        assert [row[1] for row in rows(table)] == sorted(c[1] for c in COMPANIES)  # A first

        first = names(table)[0]
        assert first == "华为技术"
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "CompanyScreen"
        assert plain(app.screen.query_one("#company-name", Static)) == first
        assert "通信设备" in plain(app.screen.query_one("#company-fields", Static))
        staff = app.screen.query_one("#people", DataTable)
        assert sorted(names(staff)) == sorted(c[0] for c in CONTACTS if COMPANIES[c[1]][0] == first)

        await pilot.press("enter")  # a person on the company page opens their page
        await pilot.pause()
        assert screen_name(app) == "ContactScreen"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert screen_name(app) == "CompaniesScreen"


# ------------------------------------------------------------------ help
def help_text(app) -> str:
    return "\n".join(plain(static) for static in app.screen.query(Static))


def help_rows(app) -> list[tuple[str, str]]:
    """(key, description) pairs of the help screen's key table."""
    table = app.screen.query(Static)[1]
    return [tuple(line.strip().split(maxsplit=1)) for line in plain(table).splitlines() if line.strip()]


async def test_help_lists_the_current_screens_keys(demo_book):
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2", "question_mark")
        await pilot.pause()
        assert screen_name(app) == "HelpScreen"
        text = help_text(app)
        assert t("help.title") in text
        for key in ("key.add_contact", "key.filter_grade", "key.undo", "key.clear_filters", "key.companies"):
            assert t(key) in text, key
        assert "Scroll Up" not in text and "Focus Next" not in text  # no Textual internals
        listed = help_rows(app)
        assert len(listed) == len(set(listed))  # "d,delete" is one line, not two
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ContactsScreen"

        # From the search box `?` is a character: F1 opens help, listing what works there.
        await pilot.press("slash", "f1")
        await pilot.pause()
        assert screen_name(app) == "HelpScreen"
        text = help_text(app)
        assert t("key.search") in text and "Move cursor left" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ContactsScreen"


# ------------------------------------------------------------------ Chinese UI
async def test_chinese_ui_footer_help_and_today(demo_book):
    set_language("zh")
    app = make_app(demo_book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        greeting = plain(app.screen.query_one("#greeting", Static))
        assert "早上好" in greeting and "2026-11-26" in greeting
        assert not re.search("[A-Za-z]", greeting.replace("2026-11-26", ""))  # weekday in Chinese too
        counts = plain(app.screen.query_one("#counts", Static))
        assert "逾期" in counts and not re.search("[A-Za-z]", counts)
        footer = [key.description for key in app.screen.query("FooterKey")]
        assert "添加联系人" in footer and "联系人" in footer and "帮助" in footer

        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        assert "本页按键" in text and "添加联系人" in text
        chinese = {zh for _en, zh in catalog().values()}
        for key, description in help_rows(app):
            assert description in chinese, (key, description)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("2")
        await pilot.pause()
        footer = [key.description for key in app.screen.query("FooterKey")]
        assert {"添加联系人", "按等级筛选", "归档"} <= set(footer)
        assert "等级：全部" in plain(app.screen.query_one("#filters", Static))
        header = [str(column.label) for column in app.screen.query_one("#contacts", DataTable).columns.values()]
        assert header[:3] == ["姓名", "公司", "等级"]


# ------------------------------------------------------------------ small terminal
async def test_contacts_fit_an_80_by_24_terminal(demo_book):
    app = make_app(demo_book)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#contacts", DataTable)
        assert table.display and table.row_count == len(CONTACTS)
        region = table.region
        assert region.width == 80 and region.bottom <= 23  # above the footer
        # header 1 + search 3 + filter line 1 + footer 1: the list gets the rest.
        assert region.height >= 24 - 6
        assert screen.query_one("#search", Input).region.height == 3
        assert screen.query_one("#filters", Static).region.height == 1
        first_name = names(table)[0]
        assert first_name in app.export_screenshot()


async def test_a_contact_page_at_80_by_24_shows_every_filled_field_and_scrolls(book_path):
    store = open_store(book_path, NOW)
    notes = "\n".join(f"第{n}条备注" for n in range(1, 9))
    contact_id = add_contact(store, name="曾强", company="比亚迪", title="采购经理",
                             phones="手机 139 0000 1111, 传真 0755-8988 8889",
                             wechat="zq_wx", birthday="农历三月初八", cuisine="粤菜", drinks="红酒", hobbies="篮球",
                             taboos="不谈政治", diet="不吃辣", family="儿子在读高三", tags="关键人", notes=notes,
                             nickname="强哥", addresses="办公: 深圳市坪山区比亚迪路3009号", urls="www.byd.com")
    card = store.contacts.contact_input(contact_id)
    store.contacts.update_contact(contact_id, replace(card, photo=Photo(b"\xff\xd8" + bytes(24 * 1024))), NOW)
    app = make_app(book_path, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        from clientbook.ui import nav

        nav.open_contact(app, contact_id)
        await settle(app, pilot)
        shown = plain(app.screen.query_one("#contact-fields", Static))
        for key in ("title", "phones", "wechat", "birthday", "cuisine", "drinks", "hobbies", "taboos", "diet",
                    "family", "tags", "notes", "nickname", "addresses", "urls", "photo"):
            assert text(f"field.{key}") in shown, key
        assert f"{text('card.kind.fax')} 0755-8988 8889" in shown            # each phone with its kind
        assert text("contact.photo_kept", type="image/jpeg", size="24 KB") in shown   # the card's photo, kept
        assert text("field.emails") not in shown and text("field.position") not in shown   # empty: left out
        profile = app.screen.query_one("#profile")
        assert profile.max_scroll_y > 0                   # more than fits: it scrolls…
        assert app.screen.query_one("#timeline", DataTable).region.height >= 4   # …and the timeline keeps room
        await pilot.press("tab")                          # …reached with Tab
        assert profile.has_focus
        await pilot.press("end")
        await pilot.pause()
        assert profile.scroll_y == profile.max_scroll_y
        assert "第8条备注" in app.export_screenshot()


async def test_keys_work_as_soon_as_contacts_opens(book_path):
    """Contacts says "No contacts yet. Press a to add one.": `a` must not land in the search box
    (it did while the box had focus on arrival), nor `3`."""
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2", "a")
        await pilot.pause()
        assert screen_name(app) == "ContactForm"
        assert app.screen.query_one("#f-name", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "ContactsScreen"
        assert app.screen.query_one("#search", Input).value == ""
        await pilot.press("3")
        await pilot.pause()
        assert screen_name(app) == "CompaniesScreen"
