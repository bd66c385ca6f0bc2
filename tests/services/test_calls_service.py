"""services/calls.py on a temporary book: prepare a call, log it, review it, and the lesson on
the next card; the inbound call's call back; an e-mail's recipients and cc."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from clientbook.domain.calls import LOG, PREP_OPEN_FOR, PREPARE, REVIEW, validate_prep, validate_review
from clientbook.domain.contacts import ContactInput
from clientbook.domain.interactions import validate_log
from clientbook.services.calls import CallsService
from clientbook.services.capture import CaptureService
from conftest import NOW


@pytest.fixture
def service(store):
    return CallsService(store)


@pytest.fixture
def people(store):
    return {name: store.contacts.add_contact(ContactInput(name=name, company="华为技术", address_as=address_as), NOW)
            for name, address_as in (("张伟", "张总"), ("李娜", ""), ("刘洋", ""))}


def prepare(service, contact_id, when=NOW, **raw):
    data, errors = validate_prep({"matter": "报价", **raw})
    assert not errors
    return service.add_prep(contact_id, data, when)


def call(service, contact_ids, when=NOW, kind="call"):
    data, errors = validate_log({"kind": kind, "summary": "谈了报价"}, contact_ids, when)
    assert not errors
    return service.log_call(data, when)


def test_prepare_call_review_and_the_lesson_on_the_next_card(service, people, store):
    zhang = people["张伟"]
    assert service.step(zhang, NOW).step == PREPARE
    first = prepare(service, zhang, our_outcome="下单", tone="稳重")
    step = service.step(zhang, NOW)
    assert (step.step, step.prep.id, step.name) == (LOG, first, "张伟")

    logged = call(service, [zhang], NOW + timedelta(hours=1))
    assert logged.prep_id == first
    assert service.prep(first).interaction_id == logged.interaction_id
    assert service.step(zhang, NOW).step == REVIEW
    assert call(service, [zhang]).prep_id is None          # one call per preparation

    review, _ = validate_review({"attitude": "4", "satisfaction": "3", "differed": "先谈交期", "lesson": "先问预算"})
    service.review(first, review, NOW + timedelta(hours=2))
    assert service.step(zhang, NOW).step == PREPARE
    second = prepare(service, zhang, NOW + timedelta(days=1))
    card = service.card(second, NOW.date())
    assert (card.name, card.address_as, card.company) == ("张伟", "张总", "华为技术")
    assert [(x.lesson, x.attitude, x.satisfaction) for x in card.at_hand.lessons] == [("先问预算", 4, 3)]
    assert [i.summary for i in card.at_hand.recent] == ["谈了报价", "谈了报价"]
    assert service.card(first, NOW.date()).at_hand.lessons == ()      # its own lesson is not a lesson of earlier calls


def test_a_stale_preparation_and_other_kinds_ask_no_review(service, people):
    zhang = people["张伟"]
    prepare(service, zhang)
    assert call(service, [zhang], kind="visit").prep_id is None
    later = NOW + PREP_OPEN_FOR + timedelta(hours=1)
    assert call(service, [zhang], later).prep_id is None
    assert service.step(zhang, later).step == PREPARE


def test_the_card_has_the_promises_either_way_at_hand(service, people, store):
    zhang = people["张伟"]
    capture = CaptureService(store)
    for raw in ({"followup_when": "fri", "followup_what": "发报价", "promise": "1"},
                {"followup_when": "mon", "followup_what": "回复样品", "promise": "0"}):
        data, _ = validate_log({"kind": "visit", **raw}, [zhang], NOW)
        capture.log_interaction(data, NOW)
    card = service.card(prepare(service, zhang), NOW.date())
    assert [f.what for f in card.at_hand.ours] == ["发报价"]
    assert [f.what for f in card.at_hand.theirs] == ["回复样品"]


def test_an_inbound_call_is_logged_with_a_call_back_due_within_the_hour(service, people, store):
    interaction_id = service.log_inbound(people["李娜"], NOW.replace(minute=20), "来电", "回电")
    edit = CaptureService(store).interaction(interaction_id)
    assert (edit.interaction.kind, edit.interaction.summary, edit.contacts) == ("call", "来电", ((people["李娜"], "李娜"),))
    [followup] = store.capture.get_interaction(interaction_id).followups
    assert (followup.what, followup.due_date, followup.due_time, followup.promise) == ("回电", date(2026, 11, 26), time(11, 20), True)


def test_an_email_to_two_with_one_cc_gives_a_followup_to_each_recipient_only(people, store):
    capture = CaptureService(store)
    zhang, li, liu = people["张伟"], people["李娜"], people["刘洋"]
    data, _ = validate_log({"kind": "email", "summary": "报价单", "followup_when": "fri", "promise": "0"},
                           [zhang, li], NOW, cc_ids=[liu])
    interaction_id = capture.log_interaction(data, NOW)
    view = store.capture.get_interaction(interaction_id)
    assert sorted(f.contact_id for f in view.followups) == sorted([zhang, li])
    assert all(not f.promise for f in view.followups)
    edit = capture.interaction(interaction_id)
    assert (set(edit.contacts), edit.cc) == ({(zhang, "张伟"), (li, "李娜")}, ((liu, "刘洋"),))
    [entry] = [e for e in store.capture.timeline(liu) if e.kind == "interaction"]
    assert entry.cc and entry.subtype == "email"
    assert not next(e for e in store.capture.timeline(zhang) if e.kind == "interaction").cc
    # the edit form saves it back with its cc, and a cc'd person owes nothing
    capture.update_interaction(interaction_id, data, NOW, edit)
    assert capture.interaction(interaction_id).cc == ((liu, "刘洋"),)


def test_a_call_about_a_deal_shows_its_terms_and_its_edit_checks_what_the_form_read(service, people, store):
    from clientbook.domain.deals import DealInput, DealRole, Measure, Move, MoveKind, Side
    from clientbook.errors import Conflict
    from clientbook.services.deals import DealsService

    zhang = people["张伟"]
    deals = DealsService(store, max_step_pct=3)
    [company] = store.contacts.list_companies()
    deal = deals.add_deal(DealInput("机房扩容", company.id, stage="negotiation"), NOW - timedelta(days=9))
    deals.set_person(deal, zhang, DealRole.DECISION_MAKER)
    deals.add_move(deal, Move(MoveKind.CONCESSION, Side.OURS, "降价 2%", NOW - timedelta(days=2), Measure.PRICE, 2,
                              "预付三成"), NOW)
    step = service.step(zhang, NOW)
    assert [(d.id, d.label.split(" · ")[0]) for d in step.deals] == [(deal, "机房扩容")]
    prep_id = prepare(service, zhang, deal=str(deal))
    card = service.card(prep_id, NOW.date())
    assert card.deal.title == "机房扩容" and (Measure.DISCOUNT_TOTAL.label(), "2%") in card.deal.terms

    read = service.prep_form(prep_id, NOW.date())
    assert read.prep.deal_id == deal and [d.id for d in read.deals] == [deal]
    changed, _ = validate_prep({"matter": "交期"})
    service.update_prep(prep_id, changed, NOW, read)           # saved elsewhere meanwhile …
    with pytest.raises(Conflict) as conflict:
        service.update_prep(prep_id, changed, NOW, read)       # … so the form's save is told
    assert conflict.value.current.prep.matter == "交期" and conflict.value.current.deals == read.deals


def test_merging_two_records_keeps_the_calls_and_a_recipient_stays_one(service, people, store):
    zhang, li = people["张伟"], people["李娜"]
    prep = prepare(service, li)
    review, _ = validate_review({"attitude": "3", "satisfaction": "3", "lesson": "先发资料"})
    service.review(prep, review, NOW)
    capture = CaptureService(store)
    data, _ = validate_log({"kind": "email", "summary": "资料"}, [li], NOW, cc_ids=[zhang])
    mail = capture.log_interaction(data, NOW)
    capture.merge_contacts(zhang, li, {}, NOW)          # 李娜 was 张伟 all along
    assert capture.interaction(mail).contacts == ((zhang, "张伟"),) and capture.interaction(mail).cc == ()
    card = service.card(prepare(service, zhang, NOW + timedelta(hours=1)), NOW.date())
    assert [x.lesson for x in card.at_hand.lessons] == ["先发资料"]
