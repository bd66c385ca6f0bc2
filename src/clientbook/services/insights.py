"""The book at a glance, for the Insights screen and `clientbook report`: the store's aggregates
(store/insights.py) turned into frozen views by the domain's rules (domain/insights.py,
domain/insights_report.py). `reads` is the Store or the BookReader: both answer `.insights`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from clientbook.domain import insights as rules
from clientbook.domain.enums import Grade
from clientbook.domain.insights import (CompanySpend, HealthCounts, LevelMatrix, Period, PromiseTally,
                                        RelationshipTrend, TopSpender)
from clientbook.domain.insights_report import (ReportData, ReportFollowup, ReportGift, ReportLevelChange, ReportMeal,
                                               promise_counts)

GRADES = tuple(grade.value for grade in Grade)


@dataclass(frozen=True)
class HealthView:
    now: dict[str | None, HealthCounts]
    trend: list[dict[str | None, HealthCounts]]      # per week, oldest first; the last is today's


@dataclass(frozen=True)
class ActivityView:
    weeks: list[date]                                # the weeks' Mondays, oldest first
    counts: dict[str, list[int]]                     # Kind value -> per week
    promises: list[PromiseTally]                     # per week


@dataclass(frozen=True)
class SpendView:
    months: list[date]
    by_month: list[float]                            # all spend per month, oldest first
    companies: list[CompanySpend]                    # most spent this month first
    top: list[TopSpender]
    grade_shares: dict[str, tuple[float, float]]


@dataclass(frozen=True)
class CellContact:
    id: int
    name: str
    company: str | None
    position: str | None


class InsightsService:
    def __init__(self, reads, cadences: Mapping[str, int]) -> None:
        self._reads = reads
        self._cadences = dict(cadences)

    @property
    def _store(self):
        return self._reads.insights

    def matrix(self) -> LevelMatrix:
        return rules.level_matrix(self._store.level_rows(), self._reads.agenda.targets())

    def cell(self, grade: str | None, level: int) -> list[CellContact]:
        return [CellContact(*row) for row in self._store.cell_contacts(grade, level, GRADES)]

    def health(self, today: date) -> HealthView:
        per_day = self._store.health_trend(rules.trend_days(today), self._cadences)
        trend = [{grade: HealthCounts(*states) for grade, states in day.items()} for day in per_day]
        return HealthView(trend[-1], trend)

    def activity(self, today: date) -> ActivityView:
        weeks = rules.week_starts(today)
        counts = rules.activity_by_week(((weeks[week], kind, n) for kind, week, n in self._store.activity(weeks, today)
                                         if week is not None), weeks)
        promises = rules.promises_by_week(self._store.promise_rows(weeks[0], today + timedelta(days=6 - today.weekday())),
                                          weeks, today)
        return ActivityView(weeks, counts, promises)

    def spend(self, today: date) -> SpendView:
        months = rules.month_starts(today)
        companies = rules.company_spend(self._store.company_spend(months[-1], months[0], today), self._cadences)
        by_month = rules.spend_by_month(((months[month], amount) for month, amount
                                         in self._store.spend_months(months, today) if month is not None), months)
        return SpendView(months, by_month, companies, rules.top_spenders(companies, self._store.total_value()),
                         rules.grade_spend_shares(companies))

    def contact_trend(self, contact_id: int) -> RelationshipTrend:
        return rules.relationship_trend(*self._store.contact_trend(contact_id))

    def report(self, period: Period, today: date) -> ReportData:
        """The report of `period`, with the week after it as what comes next."""
        store = self._store
        start, end = period.start, period.end
        after = end + timedelta(days=7)
        return ReportData(
            period=period,
            activity=store.kinds_between(start, end),
            meals=[ReportMeal(row.planned_at, row.label, row.guests,
                              [line.strip() for line in agreements.splitlines() if line.strip()])
                   for row, agreements in store.meals_between(start, end)],
            promises=promise_counts(store.our_promises(start, end), period, today),
            level_changes=[ReportLevelChange(*row) for row in store.level_changes_between(start, end)],
            gifts=[ReportGift(*row) for row in store.gifts_between(start, end)],
            spend=store.spend_between(start, end),
            next_followups=[ReportFollowup(*row) for row in store.followups_between(end, after)],
            next_meals=[ReportMeal(row.planned_at, row.label, row.guests, [])
                        for row in store.meals_ahead(end, after)],
        )
