"""services/insights.py on a small temporary book (store/insights.py's SQL underneath): the
panels' figures and the report of a fixed week, against counts made by hand; and
`clientbook report` as the rep runs it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from clientbook.domain.insights import HealthCounts, parse_period
from clientbook.domain.insights_report import report_markdown
from clientbook.domain.interactions import validate_log
from clientbook.services.capture import CaptureService
from clientbook.services.insights import InsightsService
from cli_support import run
from conftest import NOW, add_contact

CADENCES = {"A": 14, "B": 30, "C": 60, "D": 120}
TODAY = NOW.date()     # Thu 2026-11-26, week 2026-W48 (Mon 11-23)


def log(store, contact_ids, when: datetime, **raw):
    data, errors = validate_log({"kind": "call", "when": when.strftime("%Y-%m-%d %H:%M"), **raw}, contact_ids, when)
    assert not errors, errors
    return CaptureService(store).log_interaction(data, when)


@pytest.fixture
def book(store):
    """王总 (A, boss) and 李工 (A, staff) at 华为, 赵姐 (B, clerk) at 美的; all entered 2026-08-01."""
    entered = datetime(2026, 8, 1, 9, 0)
    people = {"王总": add_contact(store, entered, grade="A", name="王总", company="华为", position="boss", level="2"),
              "李工": add_contact(store, entered, name="李工", company="华为", position="staff", level="4"),
              "赵姐": add_contact(store, entered, grade="B", name="赵姐", company="美的", position="clerk", level="1")}
    w = people
    # This week (2026-W48): a call with 王总 on Mon raising him to level 3, with our promise due
    # Wed (still open); a meal with 王总 and 李工 on Tue costing ¥600; a visit to 赵姐 Wed.
    log(store, [w["王总"]], datetime(2026, 11, 23, 10), summary="报价", followup_when="2026-11-25",
        followup_what="发报价单", new_level="3")
    log(store, [w["王总"], w["李工"]], datetime(2026, 11, 24, 12), kind="meal", cost="600", summary="午饭",
        space="private")
    log(store, [w["赵姐"]], datetime(2026, 11, 25, 15), kind="visit", summary="拜访")
    # Last week: a gift to 赵姐 costing ¥200 (on 11-17); next week: our promise to 李工 due 12-01.
    log(store, [w["赵姐"]], datetime(2026, 11, 17, 9), kind="gift", cost="200", summary="茶叶")
    log(store, [w["李工"]], datetime(2026, 11, 2, 9), summary="问候", followup_when="2026-12-01",
        followup_what="寄样品")
    return people


def test_panels_count_what_was_logged(store, book):
    service = InsightsService(store, CADENCES)
    matrix = service.matrix()
    # A: 王总 now level 3 (boss target 6: below), 李工 level 4 (staff target 4: reached); B: 赵姐 level 1 (clerk target 2)
    assert (matrix.count("A", 3), matrix.count("A", 4), matrix.count("B", 1)) == (1, 1, 1)
    assert matrix.below == {"A": 1, "B": 1}
    assert [c.name for c in service.cell("A", 3)] == ["王总"]

    health = service.health(TODAY)
    # On 11-26: 王总 last 11-24 (A 14 days: due 12-08, within); 李工 last 11-24: within;
    # 赵姐 last 11-25 (B 30: due 12-25): within.
    assert health.now == {"A": HealthCounts(within=2), "B": HealthCounts(within=1)}
    # On Sun 11-22 (the week before): 王总 never reached, entered 08-01: overdue; 李工 last 11-02 +14 = 11-16:
    # overdue; 赵姐 last 11-17 + 30 = 12-17: within.
    assert health.trend[-2] == {"A": HealthCounts(overdue=2), "B": HealthCounts(within=1)}

    activity = service.activity(TODAY)
    # this week: 1 call, 1 meal, 1 visit; last week: 1 gift; 11-02 (week of 10-26): 1 call
    assert [activity.counts[k][11] for k in ("call", "visit", "meal", "gift")] == [1, 1, 1, 0]
    assert activity.counts["gift"][10] == 1 and activity.counts["call"][8] == 1
    # 发报价单 due Wed 11-25, open: ours 1, kept 0; 寄样品 due 12-01: not due yet
    assert (activity.promises[11].ours, activity.promises[11].ours_kept) == (1, 0)

    spend = service.spend(TODAY)
    # November: the meal's ¥600 split between 王总 and 李工 (both 华为), the gift's ¥200 to 美的
    assert [(c.name, c.month) for c in spend.companies] == [("华为", 600.0), ("美的", 200.0)]
    assert spend.by_month[-1] == 800.0 and [t.name for t in spend.top] == ["华为", "美的"]

    trend = service.contact_trend(book["王总"])
    assert [(old, new) for _, old, new in trend.levels] == [(2, 3)] and trend.marks["space"][0].value == "private"


def test_the_report_of_a_fixed_week(store, book):
    data = InsightsService(store, CADENCES).report(parse_period("2026-W48", None, TODAY), TODAY)
    assert data.activity == {"call": 1, "meal": 1, "visit": 1}
    # ours: 发报价单 made this week and overdue (due 11-25, open); 寄样品 made 11-02, due 12-01: neither
    assert (data.promises.made, data.promises.kept, data.promises.overdue) == (1, 0, 1)
    assert [(c.name, c.old, c.new) for c in data.level_changes] == [("王总", 2, 3)]
    assert data.spend == 600.0
    assert [(f.name, f.what, f.ours) for f in data.next_followups] == [("李工", "寄样品", True)]
    text = report_markdown(data, "zh")
    assert "电话 1 · 拜访 1 · 饭局 1 · 共 3 次" in text and "李工: 寄样品 (我方承诺)" in text


def test_clientbook_report_writes_markdown_and_json(tmp_path, store, book, book_path):
    home = tmp_path / "home"
    out = tmp_path / "w48.md"
    done = run(home, "--db", str(book_path), "report", "--week", "2026-W48", "--lang", "en", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# Weekly report 2026-W48 (2026-11-23 – 2026-11-29)")
    numbers = run(home, "--db", str(book_path), "report", "--month", "2026-11", "--json")
    assert numbers.returncode == 0, numbers.stderr
    figures = json.loads(numbers.stdout)
    # November: 2 calls (11-02, 11-23), the meal, the visit, the gift
    assert figures["activity_counted"] == {"call": 2, "visit": 1, "meal": 1, "gift": 1}
    assert figures["spend"] == 800.0
    bad = run(home, "--db", str(book_path), "report", "--week", "2026-W99", "--lang", "zh")
    assert bad.returncode == 2 and "无法识别时间段" in bad.stderr


def test_spend_shares_a_cost_among_the_people_of_each_interaction(store, book):
    # October: a ¥900 dinner with 王总, 李工 (华为) and 赵姐 (美的): ¥300 a head, so 华为 600 and 美的 300
    # for the year, nothing this month; a second meal the same evening with 赵姐 alone adds her ¥90.
    log(store, [book["王总"], book["李工"], book["赵姐"]], datetime(2026, 10, 30, 19), kind="meal", cost="900")
    log(store, [book["赵姐"]], datetime(2026, 10, 30, 21), kind="meal", cost="90")
    spend = {c.name: c for c in InsightsService(store, CADENCES).spend(TODAY).companies}
    assert (spend["华为"].month, spend["华为"].year) == (600.0, 1200.0)
    assert (spend["美的"].month, spend["美的"].year) == (200.0, 590.0)


def test_health_counts_from_the_last_contact_as_today_does(store, book):
    # 钱经理: no company, her own 7-day cadence, entered 10-01, reached 11-17 only.
    qian = add_contact(store, datetime(2026, 10, 1, 9), name="钱经理", cadence_days="7")
    log(store, [qian], datetime(2026, 11, 17, 9))
    # 孙总 (A, 华为): entered 11-20, after his last interaction (a call on 11-10, logged late).
    sun = add_contact(store, datetime(2026, 11, 20, 9), name="孙总", company="华为", position="boss")
    log(store, [sun], datetime(2026, 11, 10, 9))
    health = InsightsService(store, CADENCES).health(TODAY)
    # On 11-26: 钱经理 11-17 + 7 = 11-24, gone by: overdue (no grade); 孙总 counts from 11-10 (as Today):
    # + 14 = 11-24, gone by: overdue, with 王总 and 李工 within.
    assert health.now == {"A": HealthCounts(within=2, overdue=1), "B": HealthCounts(within=1),
                          None: HealthCounts(overdue=1)}
    # On Sun 11-22: 钱经理 and 孙总 each due within the week ahead (11-24), 王总 and 李工 overdue (above).
    assert health.trend[-2] == {"A": HealthCounts(due=1, overdue=2), "B": HealthCounts(within=1),
                                None: HealthCounts(due=1)}
    # On Sun 11-15: 孙总 not yet in the book; 钱经理, reached in the weeks only on 11-17 (her contact
    # before them is not read), counts from her entry on 10-01: overdue.
    assert health.trend[-3]["A"].total == 2 and health.trend[-3][None] == HealthCounts(overdue=1)
