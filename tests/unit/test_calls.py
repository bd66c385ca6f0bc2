"""domain/calls.py: the scales' words, the call back's due time, what the card gathers, the
preparation and review forms' rules; and the e-mail rule of domain/interactions.py (§11)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from clientbook.domain.calls import (
    LESSONS_SHOWN,
    LOG,
    PREP_OPEN_FOR,
    PREPARE,
    PROMISES_SHOWN,
    REVIEW,
    Attitude,
    Lesson,
    OpenFollowup,
    PastInteraction,
    Satisfaction,
    at_hand,
    call_back_due,
    inbound_call,
    next_step,
    prep_is_open,
    scale_text,
    validate_prep,
    validate_review,
)
from clientbook.domain.interactions import Kind, followup_contacts, validate_log
from conftest import NOW


def test_the_scales_have_words_in_both_languages_low_to_high():
    assert scale_text(Attitude, 4, "en") == "4 · friendly"
    assert scale_text(Satisfaction, 1, "zh") == "1 · 很不满意"
    assert scale_text(Attitude, None) == ""
    assert [int(a.value) for a in Attitude] == [1, 2, 3, 4, 5]
    assert [a.rank for a in Satisfaction] == [0, 1, 2, 3, 4]


def test_an_inbound_call_is_called_back_within_the_hour():
    assert call_back_due(datetime(2026, 11, 26, 10, 7, 42)) == datetime(2026, 11, 26, 11, 7)
    assert call_back_due(datetime(2026, 11, 26, 23, 30)) == datetime(2026, 11, 27, 0, 30)   # past midnight
    data = inbound_call(7, datetime(2026, 11, 26, 10, 7, 42), "Inbound", "Call back")
    assert (data.kind, data.contact_ids, data.summary) == (Kind.CALL, [7], "Inbound")
    assert data.occurred_at == datetime(2026, 11, 26, 10, 7)
    assert (data.followup.what, data.followup.due, data.followup.due_time, data.followup.promise) == (
        "Call back", date(2026, 11, 26), time(11, 7), True)


def test_what_c_does_next_and_how_long_a_preparation_waits():
    assert next_step(False, False) == PREPARE
    assert next_step(True, False) == LOG
    assert next_step(True, True) == REVIEW
    assert prep_is_open(NOW - PREP_OPEN_FOR, None, NOW)
    assert not prep_is_open(NOW - PREP_OPEN_FOR - timedelta(minutes=1), None, NOW)
    assert not prep_is_open(NOW, NOW, NOW)   # reviewed


def test_the_card_gathers_promises_either_way_soonest_first_and_cut_to_one_screen():
    day = date(2026, 11, 20)
    followups = [OpenFollowup(f"ours {n}", day + timedelta(days=5 - n), None, True) for n in range(5)]
    followups += [OpenFollowup("theirs timed", day, time(9), False), OpenFollowup("theirs", day, None, False)]
    interactions = [PastInteraction(datetime(2026, 11, d), True, "call", f"on {d}") for d in (1, 9, 5, 20)]
    lessons = [Lesson(datetime(2026, 10, d), "m", f"lesson {d}" if d != 9 else "", 3, 3) for d in (1, 9, 5)]
    hand = at_hand(followups, interactions, lessons)
    assert [f.what for f in hand.ours] == ["ours 4", "ours 3", "ours 2"][:PROMISES_SHOWN]
    assert [f.what for f in hand.theirs] == ["theirs timed", "theirs"]
    assert hand.more_open == 2
    assert [i.summary for i in hand.recent] == ["on 20", "on 9", "on 5"]
    assert [x.lesson for x in hand.lessons] == ["lesson 5", "lesson 1"][:LESSONS_SHOWN]   # none without a lesson


def test_a_preparation_needs_its_matter_and_a_review_both_scales():
    data, errors = validate_prep({"matter": "  报价  ", "tone": "稳", "deal": "3"})
    assert not errors and (data.matter, data.tone, data.deal_id) == ("报价", "稳", 3)
    assert validate_prep({"matter": " "})[1]["matter"].key == "form.error.required"
    data, errors = validate_review({"attitude": "4", "satisfaction": "2", "lesson": "先问预算"})
    assert not errors and (data.attitude, data.satisfaction, data.lesson) == (4, 2, "先问预算")
    _none, errors = validate_review({"attitude": "9"})
    assert errors["attitude"].key == "form.error.choice" and errors["satisfaction"].key == "form.error.required"


def test_an_emails_recipients_each_owe_an_answer_and_the_cc_none():
    raw = {"kind": "email", "summary": "报价", "followup_when": "fri", "promise": "0"}
    data, errors = validate_log(raw, [1, 2], NOW, cc_ids=[3, 2])
    assert not errors
    assert data.cc_ids == [3]                       # a recipient is not also cc'd
    assert followup_contacts(data) == [1, 2]        # theirs: one each, the cc none
    ours, _ = validate_log({**raw, "promise": "1"}, [1, 2], NOW, cc_ids=[3])
    assert followup_contacts(ours) == [1]           # our promise: the first person's, as any log
    call, _ = validate_log({**raw, "kind": "call"}, [1, 2], NOW, cc_ids=[3])
    assert call.cc_ids == [] and followup_contacts(call) == [1]
