"""services/deals.py on a temporary book: the pipeline, a deal's page, the stage list, people,
needs, limits and moves with their warnings, moving a deal through verbal agreement to signature.
No ORM row leaves it. "Now" is Thursday 2026-11-26 10:00."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from clientbook.domain.deals import Condition, ConditionKind, DealInput, DealRole, Measure, Move, MoveKind, Side
from clientbook.errors import BookError, Conflict
from clientbook.services.deal_views import StageView
from clientbook.services.deals import DealsService
from conftest import NOW, add_contact, orm_rows_in

TODAY = NOW.date()


@pytest.fixture
def service(store):
    return DealsService(store, max_step_pct=3)


@pytest.fixture
def book(store):
    """Two companies (华为 A, 比亚迪 B), three people, two deals."""
    ids = {
        "张伟": add_contact(store, NOW - timedelta(days=30), grade="A", name="张伟", company="华为", title="采购总监"),
        "王建国": add_contact(store, NOW - timedelta(days=30), name="王建国", company="华为", title="副总裁"),
        "赵敏": add_contact(store, NOW - timedelta(days=30), grade="B", name="赵敏", company="比亚迪"),
    }
    companies = {c.name: c.id for c in store.contacts.list_companies()}
    service = DealsService(store, max_step_pct=3)
    ids["机房"] = service.add_deal(DealInput("机房扩容", companies["华为"], stage="negotiation", value=1_200_000,
                                            expected_close=date(2026, 12, 20), owner="李娜"), NOW - timedelta(days=20))
    ids["电池"] = service.add_deal(DealInput("电池测试设备", companies["比亚迪"], value=300_000,
                                            expected_close=date(2026, 11, 1), owner="陈刚"), NOW - timedelta(days=10))
    ids.update(companies)
    return ids


def concession(amount, asked="", day=0, measure=Measure.PRICE):
    return Move(MoveKind.CONCESSION, Side.OURS, f"降价 {amount}%", NOW - timedelta(days=5 - day), measure, amount, asked)


def test_pipeline_by_stage_with_filters_and_measures(service, book):
    view = service.pipeline(TODAY)
    assert [c.stage.key for c in view.columns] == ["lead", "needs", "proposal", "negotiation", "verbal", "won", "lost"]
    lead = view.columns[0]
    assert (lead.count, lead.value, lead.stage.label) == (1, 300_000, "Lead")
    row = lead.deals[0]
    assert (row.title, row.company, row.grade, row.owner, row.stage_label) == ("电池测试设备", "比亚迪", "B", "陈刚", "Lead")
    assert row.late   # expected to close on 1 November, still open
    assert not view.columns[3].deals[0].late
    assert view.owners == ("李娜", "陈刚") and view.measures.per_stage["negotiation"] == (1, 1_200_000)
    assert [c.count for c in service.pipeline(TODAY, grade="A").columns] == [0, 0, 0, 1, 0, 0, 0]
    assert [c.count for c in service.pipeline(TODAY, owner="陈刚").columns] == [1, 0, 0, 0, 0, 0, 0]
    service.add_deal(DealInput("备件", book["华为"], value=50_000), NOW)
    listed = service.pipeline(TODAY, limit=1).columns[0]      # the first by title; count and value of all
    assert ([d.title for d in listed.deals], listed.count, listed.value) == (["备件"], 2, 350_000)
    assert orm_rows_in(view) == []


def test_verbal_agreement_then_signature(service, store, book):
    deal = book["机房"]
    service.set_person(deal, book["张伟"], DealRole.USER)
    service.set_person(deal, book["王建国"], DealRole.DECISION_MAKER)
    agreed = NOW - timedelta(days=4)
    assert service.move_stage(deal, "verbal", agreed, note="电话确认")
    page = service.deal_page(deal, TODAY)
    assert page.deal.agreed_on == agreed.date() and page.deal.stage_meaning == "verbal"
    # the follow-up "get it signed" goes to the decision maker only
    sign = [e for e in store.capture.timeline(book["王建国"]) if e.kind == "followup"]
    assert [(e.text, e.subtype) for e in sign] == [("Get it signed: 机房扩容 (agreed 2026-11-22)", "open")]
    assert all(e.kind != "followup" for e in store.capture.timeline(book["张伟"]))
    assert not service.move_stage(deal, "verbal", NOW)           # already there: nothing recorded
    assert service.move_stage(deal, "won", NOW)
    sign = [e for e in store.capture.timeline(book["王建国"]) if e.kind == "followup"]
    assert [e.subtype for e in sign] == ["done"]          # signed: the follow-up is done
    page = service.deal_page(deal, TODAY)
    assert page.deal.closed_on == TODAY and page.deal.agreed_on == agreed.date()
    assert [h.stage for h in page.history] == ["negotiation", "verbal", "won"]
    assert page.history[1].note == "电话确认"
    assert [(i.kind, i.subtype) for i in page.timeline[:2]] == [("stage", "won"), ("stage", "verbal")]
    measures = service.pipeline(TODAY).measures
    assert (measures.won, measures.days_to_sign, measures.signed_count) == (1, 4, 1)


def test_a_verbal_agreement_left_unsigned_warns(service, book):
    service.move_stage(book["机房"], "verbal", NOW - timedelta(days=10))
    assert [w.key for w in service.deal_page(book["机房"], TODAY).warnings] == ["deals.warn.unsigned"]
    service.move_stage(book["机房"], "negotiation", NOW)    # reopened: the close is cleared, no warning
    page = service.deal_page(book["机房"], TODAY)
    assert page.warnings == () and page.deal.closed_on is None


def test_moves_return_their_warnings_and_the_page_shows_terms_and_limits(service, book):
    deal = book["机房"]
    service.add_condition(deal, Condition(Measure.MARGIN, "<", 15, note="公司红线"))
    service.add_condition(deal, Condition(Measure.PAYMENT_DAYS, ">", 90, ConditionKind.EXIT))
    opening = Move(MoveKind.DEMAND, Side.OURS, "报价，毛利 19%", NOW - timedelta(days=6), Measure.MARGIN, 19)
    assert service.add_move(deal, opening, NOW) == ()
    assert service.add_move(deal, concession(2, "预付三成"), NOW) == ()
    warnings = service.add_move(deal, concession(4, day=1), NOW)
    assert [w.key for w in warnings] == ["deals.warn.step", "deals.warn.nothing_asked", "deals.warn.bottom_line"]
    page = service.deal_page(deal, TODAY)
    assert page.terms[Measure.DISCOUNT_TOTAL] == 6 and page.terms[Measure.MARGIN] < 15
    assert [c.crossed for c in page.conditions] == [True, False]
    assert [w.key for w in page.warnings] == ["deals.warn.bottom_line"]
    assert [len(m.warnings) for m in page.moves] == [0, 0, 3]
    assert page.deal.rule_pct == 3
    row = next(r for c in service.pipeline(TODAY).columns for r in c.deals if r.id == deal)
    assert row.warnings == 1
    # the deal's own rule: 4% is within 5
    service.update_deal(deal, dataclasses.replace(service.deal_input(deal), max_step_pct=5), NOW)
    assert [w.key for w in service.check_move(deal, concession(4, "x", day=2))] == []
    assert orm_rows_in(page) == []


def test_book_rule_from_config_toml(store, book, monkeypatch, tmp_path):
    from clientbook import config, paths

    config.save(config.Settings(max_step_pct=5), paths.config_file())
    assert [w.key for w in DealsService(store).check_move(book["机房"], concession(4, "x"))] == []
    assert [w.key for w in DealsService(store).check_move(book["机房"], concession(6, "x"))] == ["deals.warn.step"]


def test_people_needs_and_the_page(service, store, book):
    deal = book["机房"]
    service.set_person(deal, book["张伟"], DealRole.COACH)
    service.set_person(deal, book["张伟"], DealRole.GATEKEEPER)    # a second time changes the role
    first = service.add_need(deal, "交期三个月内")
    service.add_need(deal, "在领导面前有面子", implicit=True)
    service.add_need(deal, "预算不超", rank=1)
    page = service.deal_page(deal, TODAY)
    assert [(p.name, p.role, p.title) for p in page.people] == [("张伟", "gatekeeper", "采购总监")]
    assert [(n.what, n.implicit) for n in page.needs] == [("交期三个月内", False), ("预算不超", False),
                                                          ("在领导面前有面子", True)]
    service.update_need(first, "交期两个月内", False, 3)
    service.remove_person(deal, book["张伟"])
    page = service.deal_page(deal, TODAY)
    assert page.people == () and page.needs[-1].what == "交期两个月内"
    assert (page.deal.company, page.deal.grade, page.deal.stage_label) == ("华为", "A", "Negotiation")


def test_timeline_holds_what_was_logged_with_the_deal(service, store, book):
    from clientbook.domain.interactions import InteractionInput, Kind

    deal = book["机房"]
    service.add_move(deal, Move(MoveKind.DEADLOCK, Side.THEIRS, "价格僵持", NOW - timedelta(days=2),
                                resolution="换成三年服务"), NOW)
    visit = store.capture.log_interaction(InteractionInput(Kind.VISIT, NOW - timedelta(hours=19), [book["张伟"]],
                                                           summary="现场看机房"), NOW)
    service.attach("interaction", visit, deal)
    page = service.deal_page(deal, TODAY)
    assert [(i.kind, i.text) for i in page.timeline] == [
        ("interaction", "现场看机房"), ("move", "价格僵持"), ("stage", "Negotiation")]
    assert page.timeline[0].people == "张伟"
    service.attach("interaction", visit, None)
    assert [i.kind for i in service.deal_page(deal, TODAY).timeline] == ["move", "stage"]


def test_a_meal_planned_and_a_gift_given_with_the_deal_are_on_its_timeline(service, store, book):
    """The meal plan form and the gift form carry the deal they serve (deal_id) through their services."""
    from clientbook.domain.gift_forms import GiftInput
    from clientbook.domain.meal_forms import PlanInput
    from clientbook.services.gifts import GiftsService
    from clientbook.services.meals import MealsService

    deal = book["机房"]
    meal_id = MealsService(store).add_meal(PlanInput(NOW + timedelta(days=2), [(book["张伟"], "张伟")],
                                                     title="评审前吃个饭", deal_id=deal), NOW)
    GiftsService(store).log_gift(GiftInput(book["王建国"], "茶叶一盒", TODAY, 600.0, deal_id=deal), NOW)
    GiftsService(store).log_gift(GiftInput(book["张伟"], "月饼", TODAY), NOW)   # not for the deal
    items = service.deal_page(deal, TODAY).timeline
    assert [(i.kind, i.text) for i in items if i.kind in ("meal", "gift")] == [
        ("meal", "评审前吃个饭"), ("gift", "茶叶一盒")]
    assert MealsService(store).meal(meal_id).meal.deal_id == deal


def test_stage_list_rename_add_reorder_and_refuse_removing_a_used_one(service, book):
    stages = list(service.stages())
    renamed = [dataclasses.replace(s, name="初步接触") if s.key == "lead" else s for s in stages]
    trial = StageView("", "", "open", 0, "试用")
    service.save_stages([renamed[0], trial, *renamed[1:]], NOW)
    saved = service.stages()
    assert [s.label for s in saved[:3]] == ["初步接触", "试用", "Needs"] and saved[1].key == "s1"
    assert service.move_stage(book["电池"], "s1", NOW)
    with pytest.raises(BookError) as refused:
        service.save_stages([s for s in saved if s.key != "s1"], NOW)
    assert refused.value.key == "deals.stages.in_use"
    with pytest.raises(BookError):
        service.move_stage(book["电池"], "nowhere", NOW)


def test_update_checks_what_the_form_read(service, book):
    deal = book["机房"]
    read = service.deal_input(deal)
    service.update_deal(deal, dataclasses.replace(read, value=1_100_000), NOW)
    with pytest.raises(Conflict):
        service.update_deal(deal, dataclasses.replace(read, title="别的"), NOW, expected=read)
    with pytest.raises(BookError):
        service.update_deal(deal, dataclasses.replace(service.deal_input(deal), title="  "), NOW)
    assert service.archive_deal(deal, NOW) == "机房扩容"
    assert all(r.id != deal for c in service.pipeline(TODAY).columns for r in c.deals)


def test_deals_a_contact_or_company_can_attach_to(service, book):
    service.set_person(book["电池"], book["张伟"], DealRole.USER)   # a person on another company's deal
    assert [r.title for r in service.open_deals_of_contact(book["张伟"], TODAY)] == ["电池测试设备", "机房扩容"]
    assert [r.title for r in service.open_deals_of_contact(book["赵敏"], TODAY)] == ["电池测试设备"]
    service.move_stage(book["电池"], "lost", NOW)
    assert [r.title for r in service.open_deals_of_contact(book["张伟"], TODAY)] == ["机房扩容"]
    assert [r.title for r in service.deals_of_company(book["比亚迪"], TODAY)] == ["电池测试设备"]


def negotiated(service, book):
    """机房扩容 through a negotiation to signature: people, needs, a limit, moves, terms."""
    deal = book["机房"]
    service.set_person(deal, book["王建国"], DealRole.DECISION_MAKER)
    service.add_need(deal, "交期三个月内")
    service.add_need(deal, "在领导面前有面子", implicit=True)
    service.add_condition(deal, Condition(Measure.MARGIN, "<", 15))
    day = lambda n: NOW - timedelta(days=10 - n)  # noqa: E731
    service.add_move(deal, Move(MoveKind.DEMAND, Side.OURS, "报价 120 万，毛利 20%", day(0), Measure.MARGIN, 20), NOW)
    service.add_move(deal, Move(MoveKind.DEMAND, Side.THEIRS, "降价 10%", day(1)), NOW)
    service.add_move(deal, Move(MoveKind.CONCESSION, Side.OURS, "降价 3%", day(2), Measure.PRICE, 3, "预付三成",
                                "预付三成"), NOW)
    service.add_move(deal, Move(MoveKind.DEADLOCK, Side.THEIRS, "账期僵持", day(3), resolution="分两期付款"), NOW)
    service.add_move(deal, Move(MoveKind.CONCESSION, Side.OURS, "再降 4%", day(4), Measure.PRICE, 4), NOW)
    service.update_deal(deal, dataclasses.replace(service.deal_input(deal), terms="价格 112 万\n分两期付款\n"), NOW)
    service.move_stage(deal, "verbal", day(5), note="王总电话确认")
    service.move_stage(deal, "won", day(8))
    return deal


def test_memo_of_terms_in_both_languages(service, book):
    deal = negotiated(service, book)
    en = service.memo(deal, "en", TODAY)
    assert en.startswith("# Memo of terms: 机房扩容\n")
    assert "- Client: 华为" in en and "- Verbal agreement: 2026-11-21" in en and "- Value: ¥1,200,000" in en
    assert "- Their side: 王建国 (副总裁; Decision maker)" in en
    assert "1. 价格 112 万\n2. 分两期付款" in en
    assert "- Total discount: 7%" in en and "Margin" not in en           # our margin stays out of the memo
    assert "- Our concession: 降价 3% (asked in return: 预付三成; got: 预付三成)" in en
    assert en.rstrip().endswith("- Contract signed on 2026-11-24.")
    zh = service.memo(deal, "zh", TODAY)
    assert zh.startswith("# 谈判备忘录：机房扩容\n") and "- 客户：华为" in zh and "- 累计折扣：7%" in zh
    assert "合同已于 2026-11-24 签订。" in zh


def test_memo_before_signature_asks_for_it(service, book):
    deal = book["机房"]
    service.move_stage(deal, "verbal", NOW)
    assert "Get the contract signed by 2026-12-03." in service.memo(deal, "en", TODAY)


def test_review_walks_the_timeline(service, book):
    deal = negotiated(service, book)
    en = service.review(deal, "en", TODAY)
    assert en.startswith("# Deal review: 机房扩容 (华为)\n")
    assert "- From agreement to signature: 3 days" in en
    assert "1. 交期三个月内\n2. 在领导面前有面子 (implicit)" in en
    timeline = en.split("## Timeline\n\n")[1].split("\n\n")[0].splitlines()
    assert timeline[0] == "- 2026-11-06 · Stage: Negotiation"
    assert timeline[2] == "- 2026-11-17 · Their demand: 降价 10%"
    assert timeline[-1] == "- 2026-11-24 · Stage: Contract signed"
    assert "Verbal agreement — 王总电话确认" in timeline[-2]
    assert ("- 2026-11-20 · 再降 4% (asked in return: —; got: —) ⚠ A step of 4% is larger than the rule (3%)"
            in en.split("## Our concessions")[1])
    assert "## Their demands\n\n- 2026-11-17 · 降价 10%" in en
    assert "- 2026-11-19 · 账期僵持 (broken by: 分两期付款)" in en.split("## Deadlocks and how they broke")[1]
    assert "- Margin: " in en.split("## Terms now")[1]                   # the review is ours: margin shown
    zh = service.review(deal, "zh", TODAY)
    assert "## 时间线" in zh and "## 僵局与破局" in zh and "- 达成到签约：3 天" in zh and "隐性" in zh
