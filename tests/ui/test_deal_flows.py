"""Pilot tests of deals (domain §12): a negotiation to signature through the Deals screen and a
deal's page, the pipeline's filters, and a quick log attached to a deal."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select, Static

from clientbook.domain.deals import DealInput
from clientbook.i18n import set_language
from clientbook.services.deals import DealsService
from clientbook.store import open_store
from conftest import NOW, add_contact
from ui_support import make_app, plain, record_notifications, row_keys, screen_name, settle, start, text

SIZE = (120, 36)


async def wait_for(pilot, name: str) -> None:
    for _ in range(60):
        if screen_name(pilot.app) == name and not getattr(pilot.app.screen, "loading", False):
            break
        await pilot.pause(0.05)
    await settle(pilot.app, pilot)
    assert screen_name(pilot.app) == name


async def save(pilot, then: str) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot.app, pilot)
    await wait_for(pilot, then)


def titles(table: DataTable) -> list[str]:
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def shown(app, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static))


async def test_a_negotiation_to_signature_and_the_pipelines_filters(book_path):
    store = open_store(book_path, NOW)
    zhang = add_contact(store, grade="A", name="张伟", company="华为", title="采购总监")
    add_contact(store, grade="B", name="梁文", company="顺丰")
    shunfeng = next(c.id for c in store.contacts.list_companies() if c.name == "顺丰")
    DealsService(store).add_deal(DealInput("仓储系统", shunfeng, value=300000.0, owner="王强"), NOW)
    store.close()
    set_language("zh")
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        seen = record_notifications(app)
        await pilot.press("7")
        await wait_for(pilot, "DealsScreen")
        assert len(app.screen.query_one("#deals", DataTable).rows) == 1

        # a adds a deal: the form, then the new deal's page
        await pilot.press("a")
        await wait_for(pilot, "DealForm")
        form = app.screen
        form.query_one("#f-title", Input).value = "二期报价"
        form.query_one("#f-company", Input).value = "华为"
        form.query_one("#f-value", Input).value = "100万"
        form.query_one("#f-owner", Input).value = "李明"
        await save(pilot, "DealScreen")
        page = app.screen
        assert shown(app, "#deal-title") == "二期报价" and "¥1,000,000" in shown(app, "#deal-summary")

        # p: 张伟, the decision maker
        await pilot.press("p")
        await wait_for(pilot, "RoleForm")
        for key in "zw":
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.press("enter")
        app.screen.query_one("#f-role", Select).value = "decision_maker"
        await save(pilot, "DealScreen")
        assert "张伟" in shown(app, "#deal-people") and text("deals.role.decision_maker") in shown(app, "#deal-people")

        # b: an exit trigger, a total discount over 5%
        await pilot.press("b")
        await wait_for(pilot, "ConditionForm")
        form = app.screen
        form.query_one("#f-kind", Select).value = "exit"
        form.query_one("#f-measure", Select).value = "discount_total"
        form.query_one("#f-op", Select).value = "over"
        form.query_one("#f-threshold", Input).value = "5"
        await save(pilot, "DealScreen")

        # c: a 6% price cut with nothing asked back: three warnings, said on save and kept on the page
        await pilot.press("c")
        await wait_for(pilot, "MoveForm")
        form = app.screen
        form.query_one("#f-what", Input).value = "一次降价 6%"
        form.query_one("#f-measure", Select).value = "price"
        form.query_one("#f-amount", Input).value = "6"
        await save(pilot, "DealScreen")
        warned = [w for w in seen if text("deals.warn.nothing_asked") in w]
        assert warned and "6%" in warned[0] and "5%" in warned[0]
        moves = shown(app, "#deal-moves")
        assert moves.count("⚠") == 3 and text("deals.warn.nothing_asked") in moves
        assert text("dealui.crossed") in plain(app.screen.query_one("#deal-position", Static))

        # m: verbal agreement dates it and asks for the signature (a follow-up to 张伟)
        await pilot.press("m")
        await wait_for(pilot, "StageForm")
        app.screen.query_one("#f-stage", Select).value = "verbal"
        await save(pilot, "DealScreen")
        assert text("dealui.agreed_on", date=NOW.date().isoformat()) in shown(app, "#deal-summary")
        followups = app.store.meals.open_followups_of(zhang)
        assert any("二期报价" in f.what for f in followups)

        # t: the memo of terms, saved to exports/
        await pilot.press("t")
        await wait_for(pilot, "DealExportScreen")
        memo = shown(app, "#export-text")
        assert "二期报价" in memo
        await pilot.press("w")
        await settle(app, pilot)
        assert "exports" in shown(app, "#export-path")
        await pilot.press("escape")
        await wait_for(pilot, "DealScreen")

        # m: signed; back on the Deals screen the measures count it
        await pilot.press("m")
        await wait_for(pilot, "StageForm")
        app.screen.query_one("#f-stage", Select).value = "won"
        await save(pilot, "DealScreen")
        assert page is app.screen
        await pilot.press("escape")
        await wait_for(pilot, "DealsScreen")
        assert text("dealui.measures", won=1, value="100万", lost=0, days=text("dealui.measures.days", days=0, count=1)) \
            == shown(app, "#deal-measures")

        # filters: grade A is 华为's deal, B 顺丰's; owner cycles through the owners
        table = app.screen.query_one("#deals", DataTable)
        assert len(row_keys(table)) == 2
        await pilot.press("g")
        await settle(app, pilot)
        assert titles(table) == ["二期报价"]
        await pilot.press("g")
        await settle(app, pilot)
        assert titles(table) == ["仓储系统"]
        await pilot.press("x", "o")
        await settle(app, pilot)
        owner = app.screen.owner
        assert owner in ("李明", "王强") and table.row_count == 1
        assert str(table.get_row_at(0)[6]) == owner


async def test_the_quick_log_offers_the_contacts_open_deals_and_the_deal_page_shows_what_was_logged(book_path):
    store = open_store(book_path, NOW)
    zhang = add_contact(store, name="张伟", company="华为")
    add_contact(store, name="梁文", company="顺丰")
    huawei = next(c.id for c in store.contacts.list_companies() if c.name == "华为")
    deal_id = DealsService(store).add_deal(DealInput("二期报价", huawei), NOW)
    store.close()
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        # someone without deals: the deal choice stays out of sight
        await pilot.press("l", "l", "w")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not app.screen.query_one("#f-deal", Select).display
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        app.action_quick_log(zhang)
        await wait_for(pilot, "QuickLog")
        choice = app.screen.query_one("#f-deal", Select)
        assert choice.display and [str(o[0]) for o in choice._options[1:]] == ["二期报价 · 华为 · Lead"]
        choice.value = str(deal_id)
        app.screen.query_one("#f-summary", Input).value = "asked about the quote"
        await save(pilot, "TodayScreen")
        from clientbook.ui import nav

        nav.open_deal(app, deal_id)
        await wait_for(pilot, "DealScreen")
        assert "asked about the quote" in shown(app, "#deal-timeline")

        # r: the review walks the timeline, the logged call in it, ready to save for the debrief
        await pilot.press("r")
        await wait_for(pilot, "DealExportScreen")
        review = shown(app, "#export-text")
        assert review.startswith("# ") and "二期报价" in review and "asked about the quote" in review


async def test_the_stage_list_is_renamed_extended_reordered_and_trimmed_from_the_deals_screen(book_path):
    store = open_store(book_path, NOW)
    add_contact(store, name="张伟", company="华为")
    huawei = next(c.id for c in store.contacts.list_companies() if c.name == "华为")
    DealsService(store).add_deal(DealInput("二期报价", huawei), NOW)   # at "lead": that stage stays
    store.close()
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        seen = record_notifications(app)
        await pilot.press("7")
        await wait_for(pilot, "DealsScreen")
        await pilot.press("S")
        await wait_for(pilot, "DealStagesScreen")
        stages = app.screen.query_one("#stages", DataTable)

        def labels() -> list[str]:
            return [str(stages.get_row_at(i)[0]) for i in range(stages.row_count)]

        assert labels()[:2] == ["Lead", "Needs"]
        await pilot.press("r")                          # rename the first
        await wait_for(pilot, "PromptForm")
        app.screen.query_one("#f-value", Input).value = "First contact"
        await save(pilot, "DealStagesScreen")
        await pilot.press("a")                          # a stage of our own after it
        await wait_for(pilot, "NewStageForm")
        app.screen.query_one("#f-name", Input).value = "Trial"
        await save(pilot, "DealStagesScreen")
        assert labels()[:3] == ["First contact", "Trial", "Needs"]
        stages.move_cursor(row=1)
        await pilot.press("J")                          # Trial moves below Needs
        await settle(app, pilot)
        assert labels()[:3] == ["First contact", "Needs", "Trial"] and stages.cursor_row == 2
        await pilot.press("d")                          # Trial goes: no deal is at it
        await settle(app, pilot)
        assert "Trial" not in labels()
        stages.move_cursor(row=0)
        await pilot.press("d")                          # the deal's stage stays, and the rep is told why
        await settle(app, pilot)
        assert labels()[0] == "First contact" and any(text("deals.stages.in_use") in n for n in seen)
        await pilot.press("escape")
        await wait_for(pilot, "DealsScreen")
        assert plain(app.screen.query_one("#deal-stages", Static)).startswith("First contact 1")
    store = open_store(book_path, NOW)
    try:
        assert [s.label for s in DealsService(store).stages()][:2] == ["First contact", "Needs"]
    finally:
        store.close()
