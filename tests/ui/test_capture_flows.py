"""Pilot tests of capture: quick log end to end, Today's done / snooze / reschedule, the
contact timeline, and note search — keys pressed, widgets read, the store checked."""

from __future__ import annotations

import threading
from datetime import date, time, timedelta

from textual.widgets import DataTable, Input, Static

from clientbook.domain.contacts import validate_contact
from clientbook.domain.interactions import FollowupInput, validate_log
from clientbook.i18n import set_language, t
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, record_notifications, row_keys, rows, settle, text

SIZE = (120, 36)


def book(tmp_path):
    store = open_store(tmp_path / "book.db", NOW)
    ids = {}
    for name, company in (("张伟", "华为"), ("李娜", "华为"), ("赵敏", "比亚迪")):
        data, _ = validate_contact({"name": name, "company": company})
        ids[name] = store.contacts.add_contact(data, NOW - timedelta(days=30))
    return store, ids


def agenda_rows(app) -> list[str]:
    table = app.screen.query_one("#agenda", DataTable)
    return [" | ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def cursor_to(app, prefix: str, text: str) -> None:
    """Put Today's cursor on the first row whose key starts with `prefix` and shows `text`."""
    table = app.screen.query_one("#agenda", DataTable)
    for index in range(table.row_count):
        key = table.coordinate_to_cell_key((index, 0)).row_key.value
        if key.startswith(prefix) and text in " ".join(str(c) for c in table.get_row_at(index)):
            table.move_cursor(row=index)
            return
    raise AssertionError(f"no {prefix} row showing {text!r}")


async def test_quick_log_called_zhang_send_quote_friday(tmp_path):
    """The issue's example: 'called 张总, send quote Friday' — 9 keys beyond the note."""
    store, ids = book(tmp_path)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = ["l", "z", "w", "enter"] + list("send quote") + ["tab", "f", "r", "i", "ctrl+s"]
        await pilot.press(*keys)
        await pilot.pause()
        assert len(keys) - len("send quote") == 9
        assert app.screen.__class__.__name__ == "TodayScreen"   # back where we were
        [row] = store.agenda.recent_interactions()
        assert row.kind == "call" and row.contacts == "张伟" and row.summary == "send quote"
        assert row.occurred_at == NOW
        [item] = store.agenda.agenda_items(NOW.date())
        assert item.what == "send quote" and item.due == date(2026, 11, 27) and item.promise
        assert any("send quote" in r and "11-27" in r for r in agenda_rows(app))


async def test_quick_log_shows_what_a_date_means_and_keeps_the_form_on_a_bad_one(tmp_path):
    store, ids = book(tmp_path)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", *"lina", "enter", *"谈了样品", "tab", *"下周五")
        await pilot.pause()
        form = app.screen
        assert "2026-12-04" in str(form.query_one("#hint-followup_when", Static).render())
        form.query_one("#f-followup_when", Input).value = "someday"
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert app.screen is form
        assert "someday" in str(form.query_one("#error-followup_when", Static).render())
        assert form.query_one("#f-summary", Input).value == "谈了样品"
        assert store.agenda.recent_interactions() == []
        form.query_one("#f-followup_when", Input).value = "+3d"
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert app.screen is not form
        [item] = store.agenda.agenda_items(NOW.date())
        assert item.contact_name == "李娜" and item.due == date(2026, 11, 29)


async def test_quick_log_without_a_contact_says_what_is_missing(tmp_path):
    store, _ = book(tmp_path)
    set_language("zh")
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "tab", *"hello", "ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert "选择联系人" in str(app.screen.query_one("#error-contact", Static).render())
        assert not app.screen.query_one("#f-private").display    # a solo book has no private notes
        await pilot.press("escape")          # typed something: asks first
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QuickLog"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TodayScreen"
    assert store.agenda.recent_interactions() == []


async def test_today_done_snooze_and_reschedule(tmp_path):
    store, ids = book(tmp_path)
    overdue = store.capture.add_followup(ids["张伟"], FollowupInput("发报价单", date(2026, 11, 24)), NOW)
    today_theirs = store.capture.add_followup(ids["李娜"], FollowupInput("回复样品结果", NOW.date(), time(15), False), NOW)
    today_ours = store.capture.add_followup(ids["赵敏"], FollowupInput("约技术交流", NOW.date()), NOW)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = agenda_rows(app)
        # Sections in order; within today, our promise before their untimed... and timed first
        assert shown.index(next(r for r in shown if "发报价单" in r)) < shown.index(next(r for r in shown if "约技术交流" in r))
        assert shown.index(next(r for r in shown if "约技术交流" in r)) < shown.index(next(r for r in shown if "回复样品结果" in r))
        assert t("today.agenda_counts", overdue=1, today=2, upcoming=0, due=0).split("·")[0].strip() in str(
            app.screen.query_one("#counts", Static).render())

        seen = record_notifications(app)
        # The cursor starts on the first follow-up, not on the section title above it: x acts at once
        table = app.screen.query_one("#agenda", DataTable)
        assert row_keys(table)[0] == "h:overdue" and row_keys(table)[table.cursor_row] == f"f:{overdue}:{ids['张伟']}"
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        assert store.capture.get_followup(overdue).done_at == NOW
        assert not any("发报价单" in r for r in agenda_rows(app))
        assert seen[-1] == text("today.done_notice", undo="u")
        await pilot.press("u")                       # undo: due again, back on Today
        await settle(app, pilot)
        assert store.capture.get_followup(overdue).done_at is None
        assert any("发报价单" in r for r in agenda_rows(app)) and seen[-1] == text("today.undone")
        cursor_to(app, "f:", "发报价单")
        await pilot.press("x")
        await settle(app, pilot)
        assert store.capture.get_followup(overdue).done_at == NOW

        cursor_to(app, "f:", "约技术交流")
        await pilot.press("z")                       # +1 day
        await settle(app, pilot)  # the write runs in a worker
        assert store.capture.get_followup(today_ours).due_date == date(2026, 11, 27)
        cursor_to(app, "f:", "约技术交流")
        await pilot.press("w")                       # +1 week from its new day
        await settle(app, pilot)  # the write runs in a worker
        assert store.capture.get_followup(today_ours).due_date == date(2026, 12, 4)

        cursor_to(app, "f:", "回复样品结果")
        await pilot.press("R")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-due", Input).value = "12-01 10:00"
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        moved = store.capture.get_followup(today_theirs)
        assert (moved.due_date, moved.due_time, moved.promise) == (date(2026, 12, 1), time(10), False)
        assert seen[-1] == text("followup.moved", date="12-01 Tue 10:00")   # R says the new date

        # Moved past the week Today shows, into next year: R says the year, the Calendar lists it
        cursor_to(app, "f:", "回复样品结果")
        await pilot.press("R")
        await pilot.pause()
        app.screen.query_one("#f-due", Input).value = "01-05"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert store.capture.get_followup(today_theirs).due_date == date(2027, 1, 5)
        assert seen[-1] == text("followup.moved", date="2027-01-05 Tue")
        assert not any("回复样品结果" in r for r in agenda_rows(app))
        await pilot.press("6")
        await settle(app, pilot)
        calendar = rows(app.screen.query_one("#calendar", DataTable))
        assert any(r[0] == "2027-01-05 Tue" and "回复样品结果" in r[2] for r in calendar), calendar


async def test_contact_timeline_edit_reopen_and_level(tmp_path):
    store, ids = book(tmp_path)
    data, _ = validate_log({"kind": "visit", "summary": "拜访，聊到高尔夫", "followup_when": "+2d",
                            "followup_what": "寄资料"}, [ids["张伟"]], NOW - timedelta(days=1))
    store.capture.log_interaction(data, NOW - timedelta(days=1))
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        from clientbook.ui.screens.contact import ContactScreen

        app.push_screen(ContactScreen(ids["张伟"]))
        await settle(app, pilot)  # the page is read in a worker
        table = app.screen.query_one("#timeline", DataTable)
        texts = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert any("寄资料" in x for x in texts) and any("拜访，聊到高尔夫" in x for x in texts)
        # follow-up first (due later, newest first): mark done, then reopen
        table.move_cursor(row=0)
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        [followup] = [e for e in store.capture.timeline(ids["张伟"]) if e.kind == "followup"]
        assert followup.subtype == "done"
        await pilot.press("x")
        await settle(app, pilot)  # the write runs in a worker
        assert store.agenda.agenda_items(NOW.date())[0].what == "寄资料"
        # open the interaction and edit its notes and marks
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(app, pilot)  # the interaction is read in a worker before its form opens
        form = app.screen
        assert form.query_one("#f-summary", Input).value == "拜访，聊到高尔夫"
        form.query_one("#f-place", Input).value = "深圳坂田"
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        [entry] = [e for e in store.capture.timeline(ids["张伟"]) if e.kind == "interaction"]
        assert store.capture.get_interaction(entry.id).interaction.place == "深圳坂田"
        # set the level with a reason: the timeline shows the change
        await pilot.press("v")
        await settle(app, pilot)  # the level is read in a worker before its form opens
        from textual.widgets import Select

        app.screen.query_one("#f-level", Select).value = "3"
        app.screen.query_one("#f-reason", Input).value = "一起打球"
        await pilot.press("ctrl+s")
        await settle(app, pilot)  # the write runs in a worker
        assert store.contacts.get_contact(ids["张伟"]).contact.level == 3
        [change] = [e for e in store.capture.timeline(ids["张伟"]) if e.kind == "level"]
        assert (change.from_level, change.to_level, change.text) == (0, 3, "一起打球")


async def test_note_search_finds_a_two_character_word_and_opens_it(tmp_path):
    store, ids = book(tmp_path)
    data, _ = validate_log({"kind": "meal", "summary": "送了月饼，聊中秋安排"}, [ids["赵敏"]], NOW)
    store.capture.log_interaction(data, NOW)
    profile, _ = validate_contact({"name": "李娜", "company": "华为", "family": "女儿爱吃月饼"})
    store.contacts.update_contact(ids["李娜"], profile, NOW)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4", *"月饼")
        await settle(app, pilot)  # the search runs in a load worker
        hits = app.screen.query_one("#hits", DataTable)
        assert hits.row_count == 2
        # a profile field first, labelled with the field it was found in
        assert [str(c) for c in hits.get_row_at(0)[1:]] == [t("field.family"), "李娜", "女儿爱吃月饼"]
        assert "送了月饼" in str(hits.get_row_at(1)[3])
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QuickLog"
        assert app.screen.query_one("#f-summary", Input).value == "送了月饼，聊中秋安排"
        await pilot.press("escape", "up", "enter")   # the profile hit opens the contact
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "ContactScreen" and app.screen.contact_id == ids["李娜"]


async def test_escape_asks_before_dropping_a_picked_contact(tmp_path):
    store, ids = book(tmp_path)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", *"zw", "enter", "escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QuickLog"      # only warned
        assert app.screen.chosen == [(ids["张伟"], "张伟")]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TodayScreen"


async def test_a_long_agenda_section_shows_25_until_enter_asks_for_all(tmp_path):
    store, ids = book(tmp_path)
    for day in range(1, 31):  # 30 overdue promises, and one for today
        store.capture.add_followup(ids["张伟"], FollowupInput(f"逾期事项 {day}", NOW.date() - timedelta(days=day), None, True), NOW)
    store.capture.add_followup(ids["赵敏"], FollowupInput("今天的事", NOW.date(), None, True), NOW)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await app.ready.wait()
        await pilot.pause()
        table = app.screen.query_one("#agenda", DataTable)

        overdue = [k for k in row_keys(table) if k.startswith("f:") and "逾期事项" in str(table.get_row(k)[2])]
        assert len(overdue) == 25
        more = t("today.more_rows", n=5)
        assert more in agenda_rows(app)[row_keys(table).index("h:more:overdue")]
        assert any("今天的事" in row for row in agenda_rows(app))  # the next section still shows

        cursor_to(app, "h:more:overdue", more)
        await pilot.press("enter")
        await pilot.pause()
        assert "h:more:overdue" not in row_keys(table)
        assert sum("逾期事项" in row for row in agenda_rows(app)) == 30
        # Still all of them after a reload (a follow-up done elsewhere, say).
        app.screen.reload()
        await pilot.pause()
        assert sum("逾期事项" in row for row in agenda_rows(app)) == 30


async def test_notes_archive_and_merge_read_the_book_off_the_ui_thread(tmp_path):
    """They ask the capture service in a load worker: a slow book never freezes the keys."""
    import threading
    from contextlib import contextmanager

    from clientbook.ui.screens.merge import MergeScreen

    store, ids = book(tmp_path)
    data, _ = validate_log({"kind": "meal", "summary": "送了月饼"}, [ids["赵敏"]], NOW)
    store.capture.log_interaction(data, NOW)
    store.contacts.archive_contact(ids["李娜"], NOW)
    on_ui_thread: list[bool] = []
    reading = store.sessions.reading

    @contextmanager
    def recorded():
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        with reading() as session:
            yield session

    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        store.sessions.reading = recorded
        await pilot.press("4", *"月饼")
        await settle(app, pilot)
        assert app.screen.query_one("#hits", DataTable).row_count == 1
        app.action_archive()
        await settle(app, pilot)
        assert row_keys(app.screen.query_one("#archived", DataTable)) == [f"contact:{ids['李娜']}"]
        app.push_screen(MergeScreen(ids["张伟"], ids["赵敏"]))
        await settle(app, pilot)
        assert (app.screen.a.name, app.screen.b.name) == ("张伟", "赵敏")
    assert len(on_ui_thread) >= 3 and not any(on_ui_thread)


async def test_quick_log_searches_off_the_ui_thread_and_enter_waits_for_the_answer(tmp_path, monkeypatch):
    """A slow search: Enter pressed before its answer picks from the answer to what was typed."""
    import threading

    from clientbook.services.capture import CaptureService

    searched_on = []
    pick = CaptureService.pick_contacts

    def slow(self, *args, **kwargs):
        searched_on.append(threading.current_thread())
        threading.Event().wait(0.2)
        return pick(self, *args, **kwargs)

    monkeypatch.setattr(CaptureService, "pick_contacts", slow)
    store, ids = book(tmp_path)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", *"zw", "enter")
        assert app.screen.chosen == []          # the answer is still on its way
        summary = app.screen.query_one("#f-summary", Input)
        for _ in range(100):   # the pick, then the focus moving on to the note (a moment later)
            if app.screen.chosen and summary.has_focus:
                break
            await pilot.pause(0.05)
        assert app.screen.chosen == [(ids["张伟"], "张伟")]
        assert summary.has_focus
        assert searched_on and threading.main_thread() not in searched_on


async def test_quick_log_with_no_contact_opens_at_once_so_the_name_typed_after_l_reaches_it(tmp_path):
    """Nothing to read before it opens: a name typed right after `l` goes into the form, not to
    Today beneath it (where z snoozes the follow-up under the cursor)."""
    store, ids = book(tmp_path)
    followup = store.capture.add_followup(ids["李娜"], FollowupInput("回复样品结果", NOW.date()), NOW)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        cursor_to(app, "f:", "回复样品结果")
        app.action_quick_log()
        assert type(app.screen).__name__ == "QuickLog"   # at once, not after a worker
        await pilot.press("z", "w")
        await settle(app, pilot)
        assert app.screen.query_one("#f-contact-input", Input).value == "zw"
        assert store.capture.get_followup(followup).due_date == NOW.date()   # not snoozed


async def test_keys_typed_while_a_form_is_read_go_to_the_form(tmp_path, monkeypatch):
    """l on a follow-up row reads its contact before the quick log opens: z w typed meanwhile
    wait for the form, and go into the box it opens on (the note, its contact being chosen);
    Today would have snoozed the follow-up with z."""
    from clientbook.services.capture import CaptureService

    store, ids = book(tmp_path)
    followup = store.capture.add_followup(ids["李娜"], FollowupInput("回复样品结果", NOW.date() + timedelta(days=1)), NOW)
    # Today's cursor starts on this one; the rep moves to 李娜's (from the start, l is the plain quick log)
    store.capture.add_followup(ids["张伟"], FollowupInput("发报价单", NOW.date()), NOW)
    answer = threading.Event()
    contact = CaptureService.contact

    def slow_contact(self, contact_id):
        answer.wait(10)
        return contact(self, contact_id)

    monkeypatch.setattr(CaptureService, "contact", slow_contact)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        cursor_to(app, "f:", "回复样品结果")
        await pilot.press("l", "z", "w")
        assert type(app.screen).__name__ == "TodayScreen"     # still reading
        answer.set()
        await settle(app, pilot)
        assert type(app.screen).__name__ == "QuickLog"
        assert app.screen.query_one("#f-summary", Input).value == "zw"
        assert store.capture.get_followup(followup).due_date == NOW.date() + timedelta(days=1)   # not snoozed
