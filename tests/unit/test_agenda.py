"""Pure rules of the agenda (domain/agenda.py) and of a logged interaction (domain/interactions.py)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from clientbook.domain.agenda import (
    UPCOMING_DAYS,
    FollowupItem,
    build_agenda,
    cadence_days,
    days_overdue,
    snooze_target,
)
from clientbook.domain.interactions import (
    Coach,
    InfoQuality,
    Kind,
    Space,
    TopicDepth,
    highest,
    parse_kind,
    trend,
    validate_log,
)

NOW_WITH_SECONDS = datetime(2026, 11, 26, 10, 0, 37, 123456)   # a Thursday, with seconds to drop
TODAY = NOW_WITH_SECONDS.date()
CADENCES = {"A": 14, "B": 30, "C": 60, "D": 120}


def item(id_: int, due: date, *, promise: bool = True, at: time | None = None, what: str = "") -> FollowupItem:
    return FollowupItem(id_, contact_id=1, contact_name="张三", company="华为", what=what or f"#{id_}",
                        due=due, due_time=at, promise=promise)


# --------------------------------------------------------------------------- build_agenda
def test_build_agenda_splits_overdue_today_and_next_seven_days_and_drops_later():
    items = [
        item(1, TODAY - timedelta(days=30)),
        item(2, TODAY - timedelta(days=1)),
        item(3, TODAY),
        item(4, TODAY + timedelta(days=1)),
        item(5, TODAY + timedelta(days=UPCOMING_DAYS)),       # last day still shown
        item(6, TODAY + timedelta(days=UPCOMING_DAYS + 1)),   # left out
        item(7, TODAY + timedelta(days=365)),                 # left out
    ]
    agenda = build_agenda(items, TODAY)
    assert [i.id for i in agenda.overdue] == [1, 2]
    assert [i.id for i in agenda.today] == [3]
    assert [i.id for i in agenda.upcoming] == [4, 5]
    assert agenda.total == 5


def test_build_agenda_empty():
    agenda = build_agenda([], TODAY)
    assert agenda.overdue == agenda.today == agenda.upcoming == []
    assert agenda.total == 0


def test_agenda_orders_by_day_then_promises_first_then_timed_before_untimed():
    tomorrow = TODAY + timedelta(days=1)
    items = [
        item(1, tomorrow, promise=True),
        item(2, TODAY, promise=False, at=time(9, 0)),
        item(3, TODAY, promise=True),                      # untimed promise
        item(4, TODAY, promise=True, at=time(15, 0)),
        item(5, TODAY, promise=True, at=time(8, 30)),
        item(6, TODAY, promise=False),                     # untimed theirs
        item(7, TODAY - timedelta(days=2), promise=False),
        item(8, TODAY - timedelta(days=3), promise=False),
        item(9, TODAY - timedelta(days=2), promise=True),
    ]
    agenda = build_agenda(items, TODAY)
    # Overdue: by day first (older first), then promises first within the day.
    assert [i.id for i in agenda.overdue] == [8, 9, 7]
    # Today: promises (timed by time, then untimed), then theirs (timed, then untimed).
    assert [i.id for i in agenda.today] == [5, 4, 3, 2, 6]
    assert [i.id for i in agenda.upcoming] == [1]


def test_agenda_same_slot_keeps_oldest_first():
    items = [item(12, TODAY, at=time(10, 0)), item(3, TODAY, at=time(10, 0)), item(7, TODAY, at=time(10, 0))]
    assert [i.id for i in build_agenda(items, TODAY).today] == [3, 7, 12]


# --------------------------------------------------------------------------- cadence_days
@pytest.mark.parametrize(
    ("grade", "override", "expected"),
    [
        ("A", None, 14),
        ("B", None, 30),
        ("D", None, 120),
        ("A", 7, 7),          # the contact's own cadence beats the grade's
        ("D", 200, 200),
        (None, 10, 10),       # override without a graded company
        (None, None, None),   # no grade, no override: nobody is chasing this one
    ],
)
def test_cadence_days(grade, override, expected):
    assert cadence_days(grade, override, CADENCES) == expected


def test_cadence_days_unknown_grade_has_no_cadence():
    assert cadence_days("A", None, {"B": 30}) is None


# --------------------------------------------------------------------------- days_overdue
def test_days_overdue_counts_from_last_contact():
    last = TODAY - timedelta(days=20)
    assert days_overdue(last, TODAY - timedelta(days=400), 14, TODAY) == 6


def test_days_overdue_exactly_at_cadence_is_zero():
    assert days_overdue(TODAY - timedelta(days=14), TODAY - timedelta(days=400), 14, TODAY) == 0


def test_days_overdue_before_cadence_is_none():
    assert days_overdue(TODAY - timedelta(days=13), TODAY - timedelta(days=400), 14, TODAY) is None
    assert days_overdue(TODAY, TODAY - timedelta(days=400), 14, TODAY) is None


def test_days_overdue_never_contacted_counts_from_known_since():
    assert days_overdue(None, TODAY - timedelta(days=44), 30, TODAY) == 14
    assert days_overdue(None, TODAY - timedelta(days=30), 30, TODAY) == 0
    assert days_overdue(None, TODAY - timedelta(days=29), 30, TODAY) is None


def test_days_overdue_without_cadence_is_none():
    assert days_overdue(None, TODAY - timedelta(days=1000), None, TODAY) is None
    assert days_overdue(TODAY - timedelta(days=1000), TODAY, None, TODAY) is None


def test_days_overdue_recent_contact_beats_old_known_since():
    # Known for years, but spoken to yesterday: not due.
    assert days_overdue(TODAY - timedelta(days=1), date(2020, 1, 1), 14, TODAY) is None


# --------------------------------------------------------------------------- snooze_target
def test_snooze_overdue_item_moves_from_today():
    overdue = TODAY - timedelta(days=10)
    assert snooze_target(overdue, TODAY, "1d") == TODAY + timedelta(days=1)
    assert snooze_target(overdue, TODAY, "1w") == TODAY + timedelta(days=7)


def test_snooze_today_item_moves_from_today():
    assert snooze_target(TODAY, TODAY, "1d") == TODAY + timedelta(days=1)


def test_snooze_future_item_moves_from_its_due_day():
    due = TODAY + timedelta(days=3)
    assert snooze_target(due, TODAY, "1d") == due + timedelta(days=1)
    assert snooze_target(due, TODAY, "1w") == due + timedelta(days=7)


# --------------------------------------------------------------------------- validate_log
def test_validate_log_defaults_kind_call_and_now_without_seconds():
    data, errors = validate_log({}, [5], NOW_WITH_SECONDS)
    assert errors == {}
    assert data.kind is Kind.CALL
    assert data.occurred_at == datetime(2026, 11, 26, 10, 0)
    assert data.occurred_at.second == 0 and data.occurred_at.microsecond == 0
    assert data.has_time is True
    assert data.contact_ids == [5]
    assert data.followup is None and data.new_level is None and data.cost is None
    assert data.space is data.info_quality is data.coach is data.topic_depth is None


def test_validate_log_needs_a_contact():
    data, errors = validate_log({"kind": "call"}, [], NOW_WITH_SECONDS)
    assert data is None
    assert set(errors) == {"contact"}


def test_validate_log_typed_when_with_and_without_time():
    data, _ = validate_log({"when": "昨天下午3点"}, [1], NOW_WITH_SECONDS)
    assert data.occurred_at == datetime(2026, 11, 25, 15, 0) and data.has_time is True
    data, _ = validate_log({"when": "2026-11-20"}, [1], NOW_WITH_SECONDS)
    assert data.occurred_at == datetime(2026, 11, 20, 0, 0) and data.has_time is False
    data, _ = validate_log({"when": "上周五"}, [1], NOW_WITH_SECONDS)
    assert data.occurred_at == datetime(2026, 11, 20, 0, 0) and data.has_time is False


def test_validate_log_yearless_when_is_the_past_one():
    data, _ = validate_log({"when": "11-20"}, [1], NOW_WITH_SECONDS)
    assert data.occurred_at == datetime(2026, 11, 20, 0, 0)


def test_validate_log_bad_kind_is_an_error():
    data, errors = validate_log({"kind": "telepathy"}, [1], NOW_WITH_SECONDS)
    assert data is None and "kind" in errors
    assert "telepathy" in errors["kind"].message("en")


def test_followup_what_defaults_to_the_summary():
    data, errors = validate_log({"summary": "谈了二期报价", "followup_when": "下周五"}, [1], NOW_WITH_SECONDS)
    assert errors == {}
    assert data.followup.what == "谈了二期报价"
    assert data.followup.due == date(2026, 12, 4)
    assert data.followup.due_time is None
    assert data.followup.promise is True


def test_followup_what_typed_wins_and_promise_zero_is_theirs():
    data, _ = validate_log({"summary": "s", "followup_when": "明天下午3点", "followup_what": "发报价单",
                            "promise": "0"}, [1], NOW_WITH_SECONDS)
    assert data.followup.what == "发报价单"
    assert data.followup.due == date(2026, 11, 27) and data.followup.due_time == time(15, 0)
    assert data.followup.promise is False


def test_followup_without_summary_or_what_is_required():
    data, errors = validate_log({"followup_when": "明天"}, [1], NOW_WITH_SECONDS)
    assert data is None and set(errors) == {"followup_what"}


def test_followup_text_without_date_is_an_error():
    data, errors = validate_log({"summary": "s", "followup_what": "发报价单"}, [1], NOW_WITH_SECONDS)
    assert data is None
    assert set(errors) == {"followup_when"}
    assert errors["followup_when"].key == "log.error.followup_needs_date"


def test_bad_followup_date_is_an_error_naming_the_input_in_both_languages():
    raw = {"kind": "visit", "summary": "谈了报价", "cost": "¥1,200", "followup_when": "后年某天",
           "followup_what": "回访"}
    data, errors = validate_log(raw, [1], NOW_WITH_SECONDS)
    assert data is None
    assert set(errors) == {"followup_when"}   # only the bad field is flagged
    assert "后年某天" in errors["followup_when"].message("en")
    assert "后年某天" in errors["followup_when"].message("zh")
    assert errors["followup_when"].message("en") != errors["followup_when"].message("zh")
    # The raw values the form keeps are untouched, so nothing typed is lost.
    assert raw == {"kind": "visit", "summary": "谈了报价", "cost": "¥1,200", "followup_when": "后年某天",
                   "followup_what": "回访"}
    # Fixing the date alone gives back everything else.
    fixed, errors = validate_log({**raw, "followup_when": "下周五"}, [1], NOW_WITH_SECONDS)
    assert errors == {}
    assert fixed.kind is Kind.VISIT and fixed.summary == "谈了报价" and fixed.cost == 1200.0
    assert fixed.followup.what == "回访"


def test_bad_when_is_an_error_naming_the_input():
    data, errors = validate_log({"when": "xyzzy"}, [1], NOW_WITH_SECONDS)
    assert data is None and set(errors) == {"when"}
    assert "xyzzy" in errors["when"].message("en") and "xyzzy" in errors["when"].message("zh")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("300", 300.0), ("¥1,200.50", 1200.5), ("￥88", 88.0), (" 0 ", 0.0), ("", None), ("   ", None),
     ("12元", 12.0), ("1.2万", 12_000.0)],   # read as every amount is (domain/money.py)
)
def test_cost_parsing(typed, expected):
    data, errors = validate_log({"cost": typed}, [1], NOW_WITH_SECONDS)
    assert errors == {}
    assert data.cost == expected


@pytest.mark.parametrize("typed", ["abc", "-5", "1e13", "nan", "inf", "12美元"])
def test_bad_cost_is_an_error(typed):
    data, errors = validate_log({"cost": typed}, [1], NOW_WITH_SECONDS)
    assert data is None and set(errors) == {"cost"}
    assert typed in errors["cost"].message("en")


def test_marks_are_parsed_as_enums():
    raw = {"space": "private", "info_quality": "active_private", "coach": "commits", "topic_depth": "opinions"}
    data, errors = validate_log(raw, [1], NOW_WITH_SECONDS)
    assert errors == {}
    assert data.space is Space.PRIVATE
    assert data.info_quality is InfoQuality.ACTIVE_PRIVATE
    assert data.coach is Coach.COMMITS
    assert data.topic_depth is TopicDepth.OPINIONS


@pytest.mark.parametrize("name", ["space", "info_quality", "coach", "topic_depth"])
def test_bad_mark_is_an_error(name):
    data, errors = validate_log({name: "bogus"}, [1], NOW_WITH_SECONDS)
    assert data is None and set(errors) == {name}


@pytest.mark.parametrize(("typed", "expected"), [("0", 0), ("3", 3), ("6", 6), (" 4 ", 4), ("", None)])
def test_new_level_in_range(typed, expected):
    data, errors = validate_log({"new_level": typed}, [1], NOW_WITH_SECONDS)
    assert errors == {}
    assert data.new_level == expected


@pytest.mark.parametrize("typed", ["7", "-1", "10", "三", "x", "3.5", "²"])
def test_new_level_out_of_range_is_an_error(typed):
    data, errors = validate_log({"new_level": typed}, [1], NOW_WITH_SECONDS)
    assert data is None and set(errors) == {"new_level"}


def test_several_errors_are_reported_together():
    _data, errors = validate_log({"kind": "?", "cost": "x", "new_level": "9", "when": "??"}, [], NOW_WITH_SECONDS)
    assert set(errors) == {"contact", "kind", "cost", "new_level", "when"}


# --------------------------------------------------------------------------- highest / trend
def test_highest_mark():
    assert highest(["public", None, "active_private", "effective"], InfoQuality) is InfoQuality.ACTIVE_PRIVATE
    assert highest(["work", "private", "work"], Space) is Space.PRIVATE
    assert highest(["gives_info"], Coach) is Coach.GIVES_INFO
    assert highest([], Coach) is None
    assert highest([None, "", None], Coach) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["public", "effective"], 1),
        (["effective", "public"], -1),
        (["effective", "effective"], 0),
        (["public", None, "effective", None], 1),            # unrecorded marks are skipped
        (["active_private", "public", "effective"], 1),      # only the last two count
        (["public", "active_private", "effective"], -1),
        (["public"], 0),
        ([None, None], 0),
        ([], 0),
    ],
)
def test_trend(values, expected):
    assert trend(values, InfoQuality) == expected


def test_trend_coach():
    assert trend(["recommends", "gives_info"], Coach) == -1
    assert trend(["gives_info", "recommends"], Coach) == 1


# --------------------------------------------------------------------------- parse_kind
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("call", Kind.CALL), ("CALL", Kind.CALL), (" phone ", Kind.CALL), ("电话", Kind.CALL), ("打电话", Kind.CALL),
        ("visit", Kind.VISIT), ("拜访", Kind.VISIT), ("见面", Kind.VISIT),
        ("meal", Kind.MEAL), ("Dinner", Kind.MEAL), ("饭局", Kind.MEAL), ("吃饭", Kind.MEAL),
        ("wechat", Kind.WECHAT), ("微信", Kind.WECHAT), ("wx", Kind.WECHAT),
        ("email", Kind.EMAIL), ("邮件", Kind.EMAIL),
        ("gift", Kind.GIFT), ("送礼", Kind.GIFT), ("礼物", Kind.GIFT),
        ("entertainment", Kind.ENTERTAINMENT), ("KTV", Kind.ENTERTAINMENT), ("娱乐", Kind.ENTERTAINMENT),
        ("other", Kind.OTHER), ("其他", Kind.OTHER),
    ],
)
def test_parse_kind(word, expected):
    assert parse_kind(word) is expected


@pytest.mark.parametrize("word", ["", "   ", "telepathy", "电报", None])
def test_parse_kind_unknown(word):
    assert parse_kind(word) is None


def test_every_kind_has_both_labels():
    for kind in Kind:
        assert kind.label("en") != f"kind.{kind.value}"
        assert kind.label("zh") != f"kind.{kind.value}"
        assert kind.label("en") != kind.label("zh")
