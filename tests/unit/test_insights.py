"""domain/insights.py and domain/insights_report.py on small row sets built by hand, with a fixed
day (Thu 2026-11-26, as tests/conftest.py NOW); each expectation is counted in the comments."""

from __future__ import annotations

from datetime import date, datetime

from clientbook.domain import insights as rules
from clientbook.domain.insights import HealthCounts, Period
from clientbook.domain.insights_report import (PromiseCounts, ReportData, ReportGift, ReportLevelChange, ReportMeal,
                                               promise_counts, report_markdown, report_numbers)
from clientbook.domain.targets import default_targets

TODAY = date(2026, 11, 26)          # Thursday of ISO week 2026-W48
CADENCES = {"A": 14, "B": 30, "C": 60, "D": 120}


def test_periods_weeks_and_months():
    assert rules.parse_period("2026-W49", None, TODAY) == Period(date(2026, 11, 30), date(2026, 12, 7), "2026-W49")
    assert rules.parse_period(None, "2026-12", TODAY) == Period(date(2026, 12, 1), date(2027, 1, 1), "2026-12")
    assert rules.parse_period(None, None, TODAY).label == "2026-W48"
    starts = rules.week_starts(TODAY)
    assert (len(starts), starts[-1], starts[0]) == (12, date(2026, 11, 23), date(2026, 9, 7))
    assert rules.month_starts(TODAY)[0] == date(2025, 12, 1)
    # the trend judges past weeks on their Sunday, this week today
    assert rules.trend_days(TODAY)[-2:] == [date(2026, 11, 22), TODAY]


def test_level_matrix_counts_cells_and_who_is_below_target():
    rows = [("A", "boss", 6, 1),      # A boss: target 6, at 6: not below
            ("A", "manager", 3, 2),   # A manager: target 5, at 3: 2 below
            ("A", "clerk", 3, 1),     # A clerk: target 3: not below
            ("D", "staff", 0, 4),     # D staff: target 0: not below
            (None, "boss", 1, 3),     # no grade counts as C: boss target 3, at 1: 3 below
            ("Z", None, 1, 1)]        # an unknown grade is the "no grade" row; C staff target 2: 1 below
    matrix = rules.level_matrix(rows, default_targets())
    assert matrix.count("A", 3) == 3          # 2 managers + 1 clerk
    assert matrix.total("A") == 4
    assert matrix.count(None, 1) == 4         # 3 + the unknown grade's 1
    assert matrix.below == {"A": 2, None: 4}
    assert matrix.targets["A"] == (3, 6) and matrix.targets["D"] == (0, 1)


def test_health_within_due_overdue_by_grade():
    # A (14 days): due on since + 14. On Thu 11-26: since 11-11 -> due 11-25, gone by: overdue;
    # since 11-12 -> due 11-26 (today): due; since 11-18 -> due 12-02, within the week ahead: due;
    # since 11-19 -> due 12-03, 7 days ahead: within.
    entered = datetime(2026, 1, 1, 9)

    def a(day: int) -> datetime:
        return datetime(2026, 11, day, 10)

    contacts = [("A", None, entered, a(11), [a(11)]), ("A", None, entered, a(12), [a(12)]),
                ("A", None, entered, a(18), [a(18)]), ("A", None, entered, a(18), [a(2), a(18)]),
                ("A", None, entered, a(19), [a(19)]),
                ("B", 7, entered, a(1), [a(1)]),                  # own 7 days: overdue
                (None, None, entered, None, []),                  # no cadence at all: left out
                ("A", None, datetime(2026, 11, 23, 9), None, [])]  # entered Monday: within today, not on Sunday
    days = [date(2026, 11, 15), date(2026, 11, 22), TODAY]
    counts = rules.health_trend(contacts, days, CADENCES)
    assert counts[-1] == {"A": HealthCounts(within=2, due=3, overdue=1), "B": HealthCounts(overdue=1)}
    # Sun 11-22 (due before 11-15 + 7): 11-11 and 11-12 due 11-25/26: due; 11-18, 11-19: within;
    # the one reached 11-02 and 11-18 counts from 11-18. Sun 11-15: 11-11 and 11-12 within; the
    # 11-02 one due 11-16: due; those first reached after the 15th count from 01-01: overdue.
    assert counts[1] == {"A": HealthCounts(within=3, due=2), "B": HealthCounts(overdue=1)}
    assert counts[0] == {"A": HealthCounts(within=2, due=1, overdue=2), "B": HealthCounts(overdue=1)}
    assert rules.health(date(2026, 11, 12), 14, TODAY) == rules.DUE
    assert rules.health(date(2026, 11, 12), None, TODAY) is None


def test_activity_and_promises_per_week():
    starts = rules.week_starts(TODAY)        # ... 11-16, 11-23 (this week, index 11)
    rows = [(date(2026, 11, 24), "call", 1), (date(2026, 11, 26), "call", 2),   # this week: 3 calls
            (date(2026, 11, 17), "visit", 1), (date(2026, 11, 22), "meal", 1),  # last week: a visit, a meal
            (date(2026, 11, 20), "wechat", 4),                                   # not a counted kind
            (date(2026, 9, 6), "gift", 1)]                                       # before the 12 weeks
    counts = rules.activity_by_week(rows, starts)
    assert counts["call"][11] == 3 and counts["visit"][10] == 1 and counts["meal"][10] == 1
    assert sum(counts["gift"]) == 0 and "wechat" not in counts
    promises = rules.promises_by_week([
        (date(2026, 11, 24), True, date(2026, 11, 24)),   # ours, kept on its day
        (date(2026, 11, 25), True, date(2026, 11, 26)),   # ours, a day late
        (date(2026, 11, 26), True, None),                 # ours, due today, open: counted, not kept
        (date(2026, 11, 27), True, None),                 # not due yet: not counted
        (date(2026, 11, 28), False, date(2026, 11, 25)),  # theirs, done early: counted, kept
    ], starts, TODAY)
    assert promises[11] == rules.PromiseTally(ours=3, ours_kept=1, theirs=1, theirs_kept=1)


def test_spend_against_budget_and_the_80_20_shares():
    # budget: A's top per head ¥800 × 2 people × 30/14 days = ¥3,429; B: 500 × 2 × 30/30 = ¥1,000
    assert rules.monthly_budget("A", CADENCES) == 3429 and rules.monthly_budget(None, CADENCES) is None
    rows = [(1, "华为", "A", 6_000_000.0, 1000.0, 5000.0),
            (2, "美的", "B", 2_000_000.0, 1500.0, 3000.0),
            (2, "美的", "B", 2_000_000.0, 0.0, 2000.0),     # the same company again: adds up
            (3, "小厂", "D", None, 0.0, 0.0)]
    companies = rules.company_spend(rows, CADENCES)
    assert [(c.name, c.month, c.year, c.over_budget) for c in companies] == [
        ("美的", 1500.0, 5000.0, True), ("华为", 1000.0, 5000.0, False), ("小厂", 0.0, 0.0, False)]
    top = rules.top_spenders(companies, total_value=10_000_000.0)
    # 10,000 spent in all: 华为 5,000 (50%) on 60% of the value is fair; 美的 50% on 20% is not
    assert [(s.name, s.spend_share, s.value_share, s.fair) for s in top] == [
        ("华为", 0.5, 0.6, True), ("美的", 0.5, 0.2, False)]
    assert rules.grade_spend_shares(companies)["A"] == (0.5, 0.60)
    months = rules.month_starts(TODAY)
    assert rules.spend_by_month([(date(2026, 11, 3), 100.0), (date(2026, 11, 20), 50.0)], months)[-1] == 150.0


def test_a_contacts_relationship_trend():
    trend = rules.relationship_trend(
        [(datetime(2026, 9, 1), 2, 3), (datetime(2026, 3, 1), 1, 2)],
        [(datetime(2026, 10, 1), "private", "effective", "guides"),
         (datetime(2026, 5, 1), "work", "active_private", None)])
    assert trend.levels == [(date(2026, 3, 1), 1, 2), (date(2026, 9, 1), 2, 3)]   # oldest first
    best, direction = trend.marks["space"]
    assert (best.value, direction) == ("private", 1)              # work -> private: rising
    assert trend.marks["info_quality"][0].value == "active_private" and trend.marks["info_quality"][1] == -1
    assert trend.marks["coach"] == (trend.marks["coach"][0], 0)   # one mark only: flat


def test_promise_counts_of_a_week():
    week = Period(date(2026, 11, 23), date(2026, 11, 30), "2026-W48")
    counts = promise_counts([
        (date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 25)),   # made, kept on its day
        (date(2026, 11, 10), date(2026, 11, 20), date(2026, 11, 24)),   # made before, kept late this week
        (date(2026, 11, 24), date(2026, 11, 25), None),                 # made, open past its day: overdue
        (date(2026, 11, 1), date(2026, 11, 27), None),                  # due after today: not overdue yet
    ], week, TODAY)
    assert counts == PromiseCounts(made=2, kept=1, late=1, overdue=1)


def test_report_markdown_in_both_languages_and_its_numbers():
    data = ReportData(
        period=Period(date(2026, 11, 23), date(2026, 11, 30), "2026-W48"),
        activity={"call": 3, "meal": 1},
        meals=[ReportMeal(datetime(2026, 11, 24, 12, 0), "粤菜 · 海港城", ["王总"], ["下月签约"])],
        promises=PromiseCounts(2, 1, 0, 1),
        level_changes=[ReportLevelChange(datetime(2026, 11, 24, 14, 0), "王总", "华为", 2, 3, "饭局聊得好")],
        gifts=[ReportGift(date(2026, 11, 25), "王总", "茶叶", 300.0)],
        spend=1500.0)
    en = report_markdown(data, "en")
    assert en.startswith("# Weekly report 2026-W48 (2026-11-23 – 2026-11-29)")
    assert "call 3 · meal 1 · 4 in all" in en
    assert "  - 下月签约" in en and "Made 2 · kept on time 1 · kept late 0 · overdue 1" in en
    assert "2 friend → 3 good friend — 饭局聊得好" in en
    zh = report_markdown(data, "zh")
    assert "# 周报 2026-W48" in zh and "普通朋友 → 3 好朋友" in zh and "礼品 ¥300 · 餐饮、礼品、娱乐合计 ¥1,500" in zh
    numbers = report_numbers(data)
    assert numbers["activity_counted"] == {"call": 3, "visit": 0, "meal": 1, "gift": 0}
    assert (numbers["meal_agreements"], numbers["gift_value"], numbers["promises"]["overdue"]) == (1, 300.0, 1)
