"""store/insights.py's aggregates on both engines (the same plain SQL on SQLite and PostgreSQL):
the stay-in-touch buckets, the weeks' counts and the spend split, through services/insights.py."""

from __future__ import annotations

from datetime import datetime

from clientbook.domain.insights import HealthCounts
from clientbook.domain.interactions import validate_log
from clientbook.services.capture import CaptureService
from clientbook.services.insights import InsightsService
from conftest import NOW, add_contact

CADENCES = {"A": 14, "B": 30, "C": 60, "D": 120}


def log(store, contact_ids, when: datetime, **raw):
    data, errors = validate_log({"kind": "call", "when": when.strftime("%Y-%m-%d %H:%M"), **raw}, contact_ids, when)
    assert not errors, errors
    CaptureService(store).log_interaction(data, when)


def test_insights_aggregates_on_each_engine(store):
    entered = datetime(2026, 8, 1, 9)
    wang = add_contact(store, entered, grade="A", name="王总", company="华为", position="boss")
    li = add_contact(store, entered, name="李工", company="华为", position="staff")
    qian = add_contact(store, entered, name="钱经理", cadence_days="7")          # no company, own cadence
    log(store, [wang, li], datetime(2026, 11, 24, 12), kind="meal", cost="600")  # ¥300 each, both 华为
    log(store, [li], datetime(2026, 11, 2, 9))
    log(store, [qian], datetime(2026, 11, 17, 9), kind="gift", cost="90")
    service = InsightsService(store, CADENCES)
    health = service.health(NOW.date())
    # On Thu 11-26: 王总 and 李工 last 11-24 (A, 14 days): within; 钱经理 11-17 + 7 = 11-24: overdue.
    assert health.now == {"A": HealthCounts(within=2), None: HealthCounts(overdue=1)}
    # On Sun 11-22: 王总 never reached (08-01): overdue; 李工 11-02 + 14 = 11-16: overdue; 钱经理 due 11-24: due.
    assert health.trend[-2] == {"A": HealthCounts(overdue=2), None: HealthCounts(due=1)}
    activity = service.activity(NOW.date())
    assert (activity.counts["meal"][11], activity.counts["call"][8], activity.counts["gift"][10]) == (1, 1, 1)
    spend = service.spend(NOW.date())
    assert [(c.name, c.month) for c in spend.companies] == [("华为", 600.0)]
    assert spend.by_month[-1] == 690.0
