"""domain/reminders.py with a fixed clock: what is due at `now`, and the keys that keep a
reminder from being given twice."""

from __future__ import annotations

from datetime import date, datetime, time

from clientbook.domain.agenda import FollowupItem
from clientbook.domain.reminders import MealSoon, followup_reminders, meal_reminders, not_given

NOW = datetime(2026, 11, 26, 10, 0)


def followup(id_: int, due: date, at: time | None = None) -> FollowupItem:
    return FollowupItem(id_, 1, "张伟", "华为", f"事项{id_}", due, at, True)


ITEMS = [followup(1, date(2026, 11, 26), time(10, 45)),   # within the hour
         followup(2, date(2026, 11, 26), time(11, 30)),   # later today
         followup(3, date(2026, 11, 24)),                 # overdue
         followup(4, date(2026, 11, 26)),                 # today, no time: at the day's start
         followup(5, date(2026, 11, 27), time(0, 30))]    # tomorrow


def keys(reminders) -> list[str]:
    return [r.key for r in reminders]


def test_follow_ups_within_the_hour_and_overdue_ones_keyed_by_their_day():
    assert keys(followup_reminders(NOW, ITEMS, "en")) == [
        "followup:1:2026-11-26", "followup:3:2026-11-26", "followup:4:2026-11-26"]
    [overdue] = [r for r in followup_reminders(NOW, ITEMS, "zh") if r.key.startswith("followup:3")]
    assert overdue.title.startswith("已逾期") and "张伟（华为）" in overdue.title
    # 23:45: the one due at 00:30 tomorrow is within the hour, keyed by its own day
    late = datetime(2026, 11, 26, 23, 45)
    assert "followup:5:2026-11-27" in keys(followup_reminders(late, ITEMS, "en"))


def test_given_once_a_day_and_an_overdue_one_again_the_next_day():
    given = set(keys(followup_reminders(NOW, ITEMS, "en")))
    later = datetime(2026, 11, 26, 10, 40)
    assert keys(not_given(followup_reminders(later, ITEMS, "en"), given)) == ["followup:2:2026-11-26"]
    given |= {"followup:2:2026-11-26"}
    assert not_given(followup_reminders(datetime(2026, 11, 26, 18, 0), ITEMS, "en"), given) == []
    next_day = datetime(2026, 11, 27, 8, 0)
    assert keys(not_given(followup_reminders(next_day, ITEMS, "en"), given)) == [
        "followup:1:2026-11-27", "followup:2:2026-11-27", "followup:3:2026-11-27", "followup:4:2026-11-27",
        "followup:5:2026-11-27"]


def test_a_meal_two_hours_ahead_with_its_prep_lines():
    meal = MealSoon(7, "华为二期", datetime(2026, 11, 26, 11, 30), "潮汕牛肉火锅", ("张伟",), ("张伟 · 华为 · 注意：不吃辣",))
    [soon] = meal_reminders(NOW, [meal], "en")
    assert soon.key == "meal:7:2026-11-26T11:30:00" and soon.lines == meal.prep
    assert "11:30" in soon.title and "潮汕牛肉火锅" in soon.title
    assert meal_reminders(datetime(2026, 11, 26, 9, 0), [meal], "en") == []      # 2.5 hours ahead
    assert meal_reminders(datetime(2026, 11, 26, 11, 31), [meal], "en") == []    # begun
