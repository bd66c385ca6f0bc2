"""domain/deals.py as pure functions: the terms a negotiation's moves leave, the warnings a move
raises (step over the rule, nothing asked back, a limit crossed), the stage list's checks and the
pipeline's measures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from clientbook.domain.deals import (
    DEAL_MESSAGE_KEYS,
    DEFAULT_MAX_STEP_PCT,
    DEFAULT_STAGES,
    Condition,
    ConditionKind,
    Measure,
    Move,
    MoveKind,
    Side,
    Stage,
    StageMeaning,
    check_stages,
    crossed_conditions,
    current_terms,
    move_warnings,
    new_stage_key,
    pipeline_measures,
    step_rule,
    warnings_by_move,
)
from clientbook.i18n import catalog

T0 = datetime(2026, 11, 2, 10, 0)


def move(kind=MoveKind.CONCESSION, side=Side.OURS, what="降价", day=0, measure=None, amount=None, asked="", **kw):
    return Move(MoveKind(kind), Side(side), what, T0 + timedelta(days=day), measure, amount, asked, **kw)


MARGIN_FLOOR = Condition(Measure.MARGIN, "<", 15)
PAYMENT_EXIT = Condition(Measure.PAYMENT_DAYS, ">", 90, ConditionKind.EXIT)


def test_price_steps_add_up_and_erode_a_known_margin():
    moves = [move(MoveKind.DEMAND, what="开价，毛利 22%", measure=Measure.MARGIN, amount=22),
             move(day=1, measure=Measure.PRICE, amount=3, asked="预付三成"),
             move(day=2, measure=Measure.PRICE, amount=2, asked="签三年")]
    terms = current_terms(moves)
    assert terms[Measure.DISCOUNT_TOTAL] == 5
    # 22% margin, price down 3%: 1 - 0.78/0.97 = 19.59%; then down 2% more: 1 - 0.8041/0.98 = 17.95%
    assert terms[Measure.MARGIN] == pytest.approx(17.95, abs=0.01)


def test_their_demands_are_asks_not_terms_and_their_concessions_count():
    moves = [move(MoveKind.DEMAND, Side.THEIRS, "账期 120 天", measure=Measure.PAYMENT_DAYS, amount=120),
             move(MoveKind.CONCESSION, Side.THEIRS, "接受 60 天", day=1, measure=Measure.PAYMENT_DAYS, amount=60),
             move(MoveKind.CONCESSION, Side.OURS, "降 3%", day=2, measure=Measure.PRICE, amount=3, asked="x"),
             move(MoveKind.CONCESSION, Side.THEIRS, "收回 1%", day=3, measure=Measure.PRICE, amount=1)]
    assert current_terms(moves) == {Measure.PAYMENT_DAYS: 60, Measure.DISCOUNT_TOTAL: 2}
    assert current_terms(moves[:1]) == {}


def test_terms_follow_time_not_the_order_given():
    late = move(day=5, measure=Measure.PAYMENT_DAYS, amount=45, asked="x")
    early = move(day=1, measure=Measure.PAYMENT_DAYS, amount=75, asked="x")
    assert current_terms([late, early])[Measure.PAYMENT_DAYS] == 45


def test_a_step_over_the_rule_and_a_concession_with_nothing_asked():
    big = move(measure=Measure.PRICE, amount=5)
    keys = [w.key for w in move_warnings(big, [], [], DEFAULT_MAX_STEP_PCT)]
    assert keys == ["deals.warn.step", "deals.warn.nothing_asked"]
    assert "5%" in move_warnings(big, [], [], 3)[0].message("en")
    assert "（3%）" in move_warnings(big, [], [], 3)[0].message("zh")
    small = move(measure=Measure.PRICE, amount=3, asked="预付三成")
    assert move_warnings(small, [], [], 3) == ()
    # the rule is the deal's own when set: 5% passes a deal allowing 6
    assert [w.key for w in move_warnings(move(measure=Measure.PRICE, amount=5, asked="x"), [], [], 6)] == []


def test_their_concessions_and_our_demands_raise_no_concession_warning():
    assert move_warnings(move(side=Side.THEIRS, measure=Measure.PRICE, amount=8), [], [], 3) == ()
    assert move_warnings(move(MoveKind.DEMAND, measure=Measure.PRICE, amount=8), [], [], 3) == ()
    assert move_warnings(move(MoveKind.DEADLOCK, what="价格僵持"), [], [], 3) == ()


def test_a_condition_crossed_warns_once_when_crossed():
    opening = move(MoveKind.DEMAND, what="毛利 18%", measure=Measure.MARGIN, amount=18)
    first = move(day=1, measure=Measure.PRICE, amount=2, asked="x")       # 18 -> 16.3: still above 15
    second = move(day=2, measure=Measure.PRICE, amount=2, asked="x")      # -> 14.6: under 15
    third = move(day=3, measure=Measure.PRICE, amount=1, asked="x")       # already under: no new warning
    conditions = [MARGIN_FLOOR, PAYMENT_EXIT]
    assert move_warnings(first, [opening], conditions, 3) == ()
    crossed = move_warnings(second, [opening, first], conditions, 3)
    assert [w.key for w in crossed] == ["deals.warn.bottom_line"]
    assert crossed[0].message("en") == "Past the bottom line: Margin under 15%."
    assert crossed[0].message("zh") == "突破底线：毛利率低于 15%。"
    assert move_warnings(third, [opening, first, second], conditions, 3) == ()
    exit_move = move(side=Side.OURS, day=4, measure=Measure.PAYMENT_DAYS, amount=120, asked="x")
    assert [w.message("en") for w in move_warnings(exit_move, [], conditions, 3)] == [
        "Exit trigger reached: Payment terms over 90 days."]


def test_warnings_by_move_reads_each_move_against_those_before_it():
    moves = [move(day=2, measure=Measure.PRICE, amount=4), move(MoveKind.DEMAND, what="毛利 16%",
                                                                   measure=Measure.MARGIN, amount=16)]
    checked = warnings_by_move(moves, [MARGIN_FLOOR], 3)
    assert [m.what for m, _w in checked] == ["毛利 16%", "降价"]
    assert [w.key for w in checked[1][1]] == ["deals.warn.step", "deals.warn.nothing_asked", "deals.warn.bottom_line"]


def test_crossed_conditions_needs_the_measure_on_the_table():
    assert crossed_conditions([MARGIN_FLOOR, PAYMENT_EXIT], {}) == ()
    assert crossed_conditions([MARGIN_FLOOR, PAYMENT_EXIT], {Measure.PAYMENT_DAYS: 91}) == (PAYMENT_EXIT,)
    assert crossed_conditions([PAYMENT_EXIT], {Measure.PAYMENT_DAYS: 90}) == ()   # at the line is not past it


def test_step_rule_deal_then_book_then_three():
    assert step_rule(None, None) == 3.0
    assert step_rule(None, 2.5) == 2.5
    assert step_rule(5, 2.5) == 5
    assert step_rule(0, None) == 3.0


def test_stage_list_checks():
    assert check_stages(DEFAULT_STAGES, ["lead", "won"]) is None
    without_lost = [s for s in DEFAULT_STAGES if s.key != "lost"]
    assert check_stages(without_lost, ["lost"]) == "deals.stages.in_use"
    assert check_stages(without_lost, ["lead"]) is None
    assert check_stages([*DEFAULT_STAGES, Stage("lead", StageMeaning.OPEN, 9)], []) == "deals.stages.bad_keys"
    assert check_stages([*DEFAULT_STAGES, Stage("s1", StageMeaning.OPEN, 9)], []) == "deals.stages.no_name"
    assert check_stages([*DEFAULT_STAGES, Stage("s1", StageMeaning.OPEN, 9, "试用")], []) is None
    assert new_stage_key(["lead", "s1", "s2"]) == "s3"
    renamed = Stage("lead", StageMeaning.OPEN, 1, "商机线索")
    assert renamed.label("en") == "商机线索" and DEFAULT_STAGES[0].label("zh") == "线索"


def test_pipeline_measures():
    per_stage = {"lead": (1, 100_000), "negotiation": (2, 300_000), "won": (3, 750_000), "lost": (1, 80_000)}
    signed = [(date(2026, 10, 1), date(2026, 10, 11)), (date(2026, 9, 1), date(2026, 9, 5)),
              (date(2026, 9, 9), date(2026, 9, 1))]          # signed before the agreement: a typing slip, not timed
    measures = pipeline_measures(per_stage, signed, DEFAULT_STAGES)
    assert (measures.won, measures.lost, measures.won_value) == (3, 1, 750_000)
    assert measures.days_to_sign == 7 and measures.signed_count == 2
    assert measures.per_stage["negotiation"] == (2, 300_000) and measures.per_stage["proposal"] == (0, 0)
    assert measures.win_rate == 0.75
    renamed = [Stage("signed", StageMeaning.WON, 1, "签了"), *DEFAULT_STAGES]   # the rep's own "won" stage counts too
    assert pipeline_measures({"signed": (2, 10.0), "won": (1, 5.0)}, [], renamed).won == 3
    empty = pipeline_measures({}, [], DEFAULT_STAGES)
    assert empty.days_to_sign is None and empty.win_rate is None


def test_every_deal_label_is_in_both_languages():
    assert [key for key in DEAL_MESSAGE_KEYS if key not in catalog()] == []
