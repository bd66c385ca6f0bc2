"""Pilot flows of calls (domain §11): prepare → call logged → after-call review → the next
preparation shows the lesson; the inbound-call key; an e-mail logged to two with one cc."""

from __future__ import annotations

from datetime import date, time, timedelta

from textual.widgets import DataTable, Input, Select, Static

from clientbook.domain.contacts import validate_contact
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, plain, record_notifications, screen_name, settle, text

SIZE = (80, 24)


def book(tmp_path):
    store = open_store(tmp_path / "book.db", NOW)
    ids = {}
    for name, address_as in (("张伟", "张总"), ("李娜", ""), ("赵敏", "")):
        data, _ = validate_contact({"name": name, "company": "华为", "address_as": address_as})
        ids[name] = store.contacts.add_contact(data, NOW - timedelta(days=30))
    return store, ids


async def open_contact(app, pilot, contact_id):
    from clientbook.ui import nav

    await settle(app, pilot)
    nav.open_contact(app, contact_id)
    await settle(app, pilot)


async def test_a_call_about_a_deal_shows_its_stage_and_the_deal_choice_hides_without_one(tmp_path):
    from clientbook.domain.deals import DealInput, DealRole
    from clientbook.services.deals import DealsService

    store, ids = book(tmp_path)
    huawei = store.contacts.list_companies()[0].id
    deals = DealsService(store)
    deal_id = deals.add_deal(DealInput("二期报价", huawei, stage="negotiation"), NOW)
    deals.set_person(deal_id, ids["张伟"], DealRole.DECISION_MAKER)
    data, _ = validate_contact({"name": "梁文", "company": "顺丰"})
    other = store.contacts.add_contact(data, NOW)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(app, pilot, ids["张伟"])
        await pilot.press("c")
        await settle(app, pilot)
        choice = app.screen.query_one("#f-deal", Select)
        assert choice.display and choice.is_blank()
        choice.value = str(deal_id)
        app.screen.query_one("#f-matter", Input).value = "谈价格"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "CallCardScreen"
        body = plain(app.screen.query_one("#call-body"))
        assert "二期报价" in body and text("deals.stage.negotiation") in body

        await pilot.press("escape", "escape")       # 梁文's company has no deal: no choice to make
        await settle(app, pilot)
        await open_contact(app, pilot, other)
        await pilot.press("c")
        await settle(app, pilot)
        assert screen_name(app) == "CallPrepForm" and not app.screen.query_one("#f-deal", Select).display


async def test_prepare_call_review_and_the_lesson_next_time(tmp_path):
    store, ids = book(tmp_path)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(app, pilot, ids["张伟"])
        assert "张总" in plain(app.screen.query_one("#contact-fields", Static))   # the form of address shown
        await pilot.press("c")
        await settle(app, pilot)
        assert screen_name(app) == "CallPrepForm"
        await pilot.press(*"续签报价", "tab", *"定下评审日期", "tab", *"降价5%", "ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "CallCardScreen"
        head, body = plain(app.screen.query_one("#call-head")), plain(app.screen.query_one("#call-body"))
        assert "张伟" in head and text("call.card.address_as", address_as="张总") in head
        assert "续签报价" in body and "定下评审日期" in body and "降价5%" in body
        assert text("call.card.prepared", when="11-26 10:00") in plain(app.screen.query_one("#call-status"))

        await pilot.press("c")                      # the call is done: log it
        await settle(app, pilot)
        assert screen_name(app) == "QuickLog"
        assert app.screen.query_one("#f-summary", Input).value == "续签报价"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "CallReviewForm"   # and its review is asked
        form = app.screen
        form.query_one("#f-attitude", Select).value = "4"
        form.query_one("#f-satisfaction", Select).value = "2"
        form.query_one("#f-lesson", Input).value = "先问预算再报价"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "CallCardScreen"
        status = plain(app.screen.query_one("#call-status"))
        assert text("call.attitude.4") in status and "先问预算再报价" in status
        [logged] = store.agenda.recent_interactions()
        assert (logged.kind, logged.summary) == ("call", "续签报价")

        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("c")                      # the next call with him
        await settle(app, pilot)
        assert screen_name(app) == "CallPrepForm"
        await pilot.press(*"交期", "ctrl+s")
        await settle(app, pilot)
        body = plain(app.screen.query_one("#call-body"))
        assert "先问预算再报价" in body and text("call.attitude.4") in body


async def test_a_quick_log_of_a_prepared_call_asks_its_review(tmp_path):
    store, ids = book(tmp_path)
    from clientbook.domain.calls import validate_prep
    from clientbook.domain.interactions import FollowupInput
    from clientbook.services.calls import CallsService

    for name, matter in (("李娜", "样品"), ("赵敏", "交期")):
        CallsService(store).add_prep(ids[name], validate_prep({"matter": matter})[0], NOW)
    store.capture.add_followup(ids["赵敏"], FollowupInput("确认交期", NOW.date()), NOW)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")                      # on Today's row of 赵敏: her prepared call is logged
        await settle(app, pilot)
        assert screen_name(app) == "QuickLog"
        assert app.screen.chosen == [(ids["赵敏"], "赵敏")]
        assert app.screen.query_one("#f-summary", Input).value == "交期"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "CallReviewForm"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("l", *"lina", "enter", *"谈了样品", "ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "CallReviewForm"
        await pilot.press("escape")
        await settle(app, pilot)
        await open_contact(app, pilot, ids["李娜"])
        await pilot.press("c")                      # not reviewed yet: c asks the review again
        await settle(app, pilot)
        assert screen_name(app) == "CallReviewForm"


async def test_the_inbound_call_key_logs_a_call_back_within_the_hour(tmp_path):
    store, ids = book(tmp_path)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        seen = record_notifications(app)
        await pilot.press("2")
        await settle(app, pilot)
        table = app.screen.query_one("#contacts", DataTable)
        table.move_cursor(row=next(i for i in range(table.row_count) if "赵敏" in str(table.get_row_at(i))))
        await pilot.press("i")
        await settle(app, pilot)
        [item] = store.agenda.agenda_items(NOW.date())
        assert (item.contact_name, item.what, item.due, item.due_time, item.promise) == (
            "赵敏", text("call.inbound.call_back"), date(2026, 11, 26), time(11, 0), True)
        [row] = store.agenda.recent_interactions()
        assert (row.kind, row.contacts) == ("call", "赵敏")
        assert any("赵敏" in message and "11:00" in message for message in seen)
        await open_contact(app, pilot, ids["张伟"])  # and on a contact's page
        await pilot.press("i")
        await settle(app, pilot)
        assert {i.contact_name for i in store.agenda.agenda_items(NOW.date())} == {"赵敏", "张伟"}


async def test_an_email_to_two_with_a_cc_asks_an_answer_of_the_recipients_only(tmp_path):
    store, ids = book(tmp_path)
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        form = app.screen
        assert not form.query_one("#f-cc").display          # a call has no cc
        form.query_one("#f-kind", Select).value = "email"
        await settle(app, pilot)
        assert form.query_one("#f-cc").display
        assert text("email.hint") in plain(form.query_one("#hint-kind", Static))
        for name in ("zw", "lina"):
            form.query_one("#f-contact-input", Input).focus()
            await pilot.press(*name)
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
        form.query_one("#f-cc-input", Input).focus()
        await pilot.press(*"zm")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        form.query_one("#f-summary", Input).value = "报价单"
        form.query_one("#f-followup_when", Input).value = "fri"
        form.query_one("#f-promise", Select).value = "0"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "TodayScreen"
        owed = store.agenda.agenda_items(NOW.date())
        assert sorted(i.contact_name for i in owed) == ["张伟", "李娜"] and not any(i.promise for i in owed)
        await open_contact(app, pilot, ids["赵敏"])
        timeline = app.screen.query_one("#timeline", DataTable)
        assert text("timeline.cc") in str(timeline.get_row_at(0)[1])
