"""The book at a glance (domain §2, §4, §5, §6, §8): pure figures over plain rows, for the
Insights screen and `clientbook report`. Every function takes the day it is asked on (`today`);
the store counts in SQL where a book of 100k interactions would not fit a frame in Python, and
hands over rows of the same shape these functions read (a count `n` or an `amount` per row)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clientbook.domain.agenda import UPCOMING_DAYS
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.interactions import RELATIONSHIP_MARKS, SPEND_KINDS, Kind, highest, trend
from clientbook.domain.meals.checks import BUDGET_PER_HEAD
from clientbook.domain.targets import target_for

WEEKS = 12          # the trend panels look back this many weeks, this one included
MONTHS = 12         # and the spend this many months
TOP = 10            # companies in the 80/20 panel
# The kinds the activity panel counts, each a series of its own (domain §8–§11).
ACTIVITY_KINDS = (Kind.CALL, Kind.VISIT, Kind.MEAL, Kind.GIFT)
# Each grade's share of the contribution (§2): the share of effort and spend it deserves.
GRADE_SHARE = {Grade.A: 0.60, Grade.B: 0.25, Grade.C: 0.10, Grade.D: 0.05}
WITHIN, DUE, OVERDUE = "within", "due", "overdue"
HEALTH_STATES = (WITHIN, DUE, OVERDUE)
_GRADES = frozenset(g.value for g in Grade)
GRADE_ROWS: tuple[str | None, ...] = (*(g.value for g in Grade), None)   # None: not graded / no company


# ------------------------------------------------------------------------------ periods
@dataclass(frozen=True)
class Period:
    """Days from `start` up to (not including) `end`: an ISO week or a calendar month."""

    start: date
    end: date
    label: str            # 2026-W49 / 2026-12

    @property
    def is_month(self) -> bool:
        return "W" not in self.label


def week_period(day: date) -> Period:
    year, week, _ = day.isocalendar()
    start = day - timedelta(days=day.weekday())
    return Period(start, start + timedelta(days=7), f"{year}-W{week:02d}")


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1)
    return Period(start, end, f"{year}-{month:02d}")


def parse_period(week: str | None, month: str | None, today: date) -> Period:
    """--week 2026-W49 / --month 2026-12 / neither: the current week. ValueError when unreadable."""
    if week:
        year, _, number = week.strip().upper().partition("-W")
        return week_period(date.fromisocalendar(int(year), int(number), 1))
    if month:
        year, _, number = month.strip().partition("-")
        if not (1 <= int(number) <= 12):
            raise ValueError(month)
        return month_period(int(year), int(number))
    return week_period(today)


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the last `weeks` weeks, oldest first; the last is this week's."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def month_starts(today: date, months: int = MONTHS) -> list[date]:
    """The first days of the last `months` months, oldest first; the last is this month's."""
    out, year, month = [], today.year, today.month
    for _ in range(months):
        out.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def bucket(day: date, starts: list[date]) -> int | None:
    """Which of the periods starting at `starts` (each running up to the next; the last has no
    end: the rows are read up to today) holds `day`; None before the first."""
    found = None
    for index, start in enumerate(starts):
        if day >= start:
            found = index
    return found


# ------------------------------------------------------------------------------ grade × level
@dataclass(frozen=True)
class LevelMatrix:
    """Live contacts counted by their company's grade (None: none) and their level, and per grade
    the target levels of its positions (lowest, highest) and how many are below their target."""

    counts: dict[tuple[str | None, int], int]
    targets: dict[str | None, tuple[int, int]]
    below: dict[str | None, int]

    def count(self, grade: str | None, level: int) -> int:
        return self.counts.get((grade, level), 0)

    def total(self, grade: str | None) -> int:
        return sum(self.count(grade, int(level)) for level in Level)


def level_matrix(rows: Iterable[tuple[str | None, str | None, int, int]], matrix) -> LevelMatrix:
    """rows: (grade, position, level, n contacts). `matrix`: the target matrix (domain/targets.py);
    an unknown grade or position reads as the target matrix reads it (C, staff)."""
    counts: dict[tuple[str | None, int], int] = {}
    below: dict[str | None, int] = {}
    for grade, position, level, n in rows:
        grade = grade if grade in _GRADES else None
        counts[(grade, int(level))] = counts.get((grade, int(level)), 0) + n
        if target_for(matrix, grade, position, level).below:
            below[grade] = below.get(grade, 0) + n
    targets = {}
    for grade in GRADE_ROWS:
        levels = [int(target_for(matrix, grade, position, 0).level) for position in Position]
        targets[grade] = (min(levels), max(levels))
    return LevelMatrix(counts, targets, below)


# ------------------------------------------------------------------------------ stay in touch
def health_cutoffs(day: date, cadence: int) -> tuple[date, date]:
    """(overdue before, due before): on `day`, a contact last reached (or, never reached, known
    since) before the first is overdue, before the second due, else within their cadence."""
    overdue_before = day - timedelta(days=cadence)
    return overdue_before, overdue_before + timedelta(days=UPCOMING_DAYS)


def health(since: date, cadence: int | None, day: date) -> str | None:
    """Past the cadence (its due day gone by): overdue; falling due within the week ahead
    (today included, as Today lists it): due; else within. None without a cadence."""
    if not cadence:
        return None
    overdue_before, due_before = health_cutoffs(day, cadence)
    if since < overdue_before:
        return OVERDUE
    return DUE if since < due_before else WITHIN


@dataclass(frozen=True)
class HealthCounts:
    within: int = 0
    due: int = 0
    overdue: int = 0

    def plus(self, state: str, n: int = 1) -> HealthCounts:
        values = {WITHIN: self.within, DUE: self.due, OVERDUE: self.overdue}
        values[state] += n
        return HealthCounts(**values)

    @property
    def total(self) -> int:
        return self.within + self.due + self.overdue

    @property
    def overdue_share(self) -> float:
        return self.overdue / self.total if self.total else 0.0


def health_trend(contacts: Iterable[tuple[str | None, int | None, datetime, datetime | None, Iterable[datetime]]],
                 days: list[date], cadences: Mapping[str, int]) -> list[dict[str | None, HealthCounts]]:
    """contacts: (grade, own cadence or None, entered the book, last contact or None, the times
    of their live interactions). Per day of `days` (the last is today), per grade, the counts
    as Today judges them: from the last contact (the latest interaction before the day's end;
    today: `last`), else from the day they entered; not counted before they entered. Contacts
    without any cadence are left out. The store's health_trend (store/insights.py) counts the
    same in SQL; this, over every interaction, is what it is checked against."""
    from clientbook.domain.agenda import cadence_days

    out: list[dict[str | None, HealthCounts]] = [{} for _ in days]
    for grade, own, entered, last, times in contacts:
        cadence = cadence_days(grade, own, dict(cadences))
        if not cadence:
            continue
        times = sorted(times)
        for index, day in enumerate(days):
            end = datetime.combine(day + timedelta(days=1), datetime.min.time())
            if entered >= end:
                continue
            before = [at for at in times if at < end]
            since = (last if index == len(days) - 1 else before[-1] if before else None) or entered
            out[index][grade] = out[index].get(grade, HealthCounts()).plus(health(since.date(), cadence, day))
    return out


def trend_days(today: date, weeks: int = WEEKS) -> list[date]:
    """The day each week of the trend is judged on: its Sunday, and today for this week."""
    return [min(start + timedelta(days=6), today) for start in week_starts(today, weeks)]


# ------------------------------------------------------------------------------ activity
def activity_by_week(rows: Iterable[tuple[date, str, int]], starts: list[date]) -> dict[str, list[int]]:
    """rows: (day, kind, n). Per counted kind, n per week of `starts` (oldest first)."""
    out = {kind.value: [0] * len(starts) for kind in ACTIVITY_KINDS}
    for day, kind, n in rows:
        index = bucket(day, starts)
        if index is not None and kind in out:
            out[kind][index] += n
    return out


@dataclass(frozen=True)
class PromiseTally:
    """Follow-ups fallen due (or done) in a week: ours (我方承诺) and theirs, and how many of
    each were done by their day."""

    ours: int = 0
    ours_kept: int = 0
    theirs: int = 0
    theirs_kept: int = 0

    @staticmethod
    def rate(kept: int, of: int) -> float | None:
        return kept / of if of else None


def promises_by_week(rows: Iterable[tuple[date, bool, date | None]], starts: list[date], today: date
                     ) -> list[PromiseTally]:
    """rows: (due, ours, done on or None). A follow-up counts in the week of its due day once
    that day has come, or once done; kept: done on or before its due day."""
    tallies = [[0, 0, 0, 0] for _ in starts]
    for due, ours, done_on in rows:
        index = bucket(due, starts)
        if index is None or (due > today and done_on is None):
            continue
        kept = done_on is not None and done_on <= due
        column = 0 if ours else 2
        tallies[index][column] += 1
        tallies[index][column + 1] += kept
    return [PromiseTally(*tally) for tally in tallies]


# ------------------------------------------------------------------------------ spend
def monthly_budget(grade: str | None, cadences: Mapping[str, int]) -> float | None:
    """What a month with one company of this grade may cost: a meal each cadence at the top of
    the grade's per-head range (meals/checks.py), for one guest and the rep. None when ungraded."""
    try:
        high = BUDGET_PER_HEAD[Grade(grade)][1]
    except ValueError:
        return None
    cadence = cadences.get(grade) or 30
    return round(high * 2 * 30 / cadence)


@dataclass(frozen=True)
class CompanySpend:
    company_id: int
    name: str
    grade: str | None
    yearly_value: float | None
    month: float          # spent this month
    year: float           # spent in the last 12 months, this one included
    budget: float | None  # this month's budget for the grade

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.month > self.budget


def company_spend(rows: Iterable[tuple[int, str, str | None, float | None, float, float]],
                  cadences: Mapping[str, int]) -> list[CompanySpend]:
    """rows: (company id, name, grade, yearly value, this month's amount, the 12 months' amount);
    rows of one company add up. Most spent this month first, then over the year."""
    by_id: dict[int, list] = {}
    for company_id, name, grade, value, month, year in rows:
        have = by_id.setdefault(company_id, [name, grade, value, 0.0, 0.0])
        have[3] += month or 0.0
        have[4] += year or 0.0
    budgets = {grade: monthly_budget(grade, cadences) for grade in {grade for _name, grade, *_ in by_id.values()}}
    out = [CompanySpend(cid, name, grade, value, month, year, budgets[grade])
           for cid, (name, grade, value, month, year) in by_id.items()]
    return sorted(out, key=lambda c: (-c.month, -c.year, c.name))


@dataclass(frozen=True)
class TopSpender:
    name: str
    grade: str | None
    spend: float
    spend_share: float      # of all the year's spend
    value: float | None
    value_share: float | None   # of all companies' yearly value

    @property
    def fair(self) -> bool | None:
        """80/20: no company should take a larger share of the spend than of the value."""
        return None if self.value_share is None else self.spend_share <= self.value_share


def top_spenders(companies: Iterable[CompanySpend], total_value: float, n: int = TOP) -> list[TopSpender]:
    """The `n` companies with most spent over the year, each against its share of the value."""
    companies = [c for c in companies if c.year > 0]
    spent = sum(c.year for c in companies)
    ranked = sorted(companies, key=lambda c: (-c.year, c.name))[:n]
    return [TopSpender(c.name, c.grade, c.year, c.year / spent if spent else 0.0, c.yearly_value,
                       (c.yearly_value or 0.0) / total_value if total_value else None) for c in ranked]


def grade_spend_shares(companies: Iterable[CompanySpend]) -> dict[str, tuple[float, float]]:
    """Per grade (A–D): (its share of the year's spend, the share §2 says it deserves)."""
    totals = {grade.value: 0.0 for grade in Grade}
    for company in companies:
        if company.grade in totals:
            totals[company.grade] += company.year
    spent = sum(totals.values())
    return {grade.value: (totals[grade.value] / spent if spent else 0.0, GRADE_SHARE[grade]) for grade in Grade}


def spend_shares(interactions: Iterable[tuple[int, str, datetime, float | None]],
                 people: Iterable[tuple[int, int, bool]]) -> list[tuple[int, datetime, float]]:
    """interactions: (id, kind, when, cost) of the live ones; people: (interaction id, contact id,
    cc). (contact id, when, share) of each costed meal, gift or entertainment, split evenly among
    the people it was with (not a mail's cc): what the store keeps (contact_spend) and sums."""
    with_whom: dict[int, list[int]] = {}
    for interaction_id, contact_id, cc in people:
        if not cc:
            with_whom.setdefault(interaction_id, []).append(contact_id)
    spend = {kind.value for kind in SPEND_KINDS}
    return [(contact_id, at, cost / len(with_whom[interaction_id]))
            for interaction_id, kind, at, cost in interactions
            if kind in spend and cost is not None and with_whom.get(interaction_id)
            for contact_id in with_whom[interaction_id]]


def spend_by_month(rows: Iterable[tuple[date, float]], starts: list[date]) -> list[float]:
    """rows: (day, amount). The amount per month of `starts` (oldest first)."""
    out = [0.0] * len(starts)
    for day, amount in rows:
        index = bucket(day, starts)
        if index is not None:
            out[index] += amount or 0.0
    return out


# ------------------------------------------------------------------------------ a contact's trend
@dataclass(frozen=True)
class RelationshipTrend:
    """A contact's level over time (oldest change first) and each of the three marks (§5):
    the highest reached and the direction of the last two recorded."""

    levels: list[tuple[date, int, int]]                 # (day, from, to)
    marks: dict[str, tuple[object | None, int]] = field(default_factory=dict)   # name -> (highest, -1/0/+1)

    @property
    def empty(self) -> bool:
        return not self.levels and not any(best for best, _ in self.marks.values())


def relationship_trend(changes: Iterable[tuple[datetime, int, int]],
                       marked: Iterable[tuple[datetime, str | None, str | None, str | None]]) -> RelationshipTrend:
    """changes: (when, from level, to level); marked: (when, space, info_quality, coach), any order."""
    levels = [(at.date(), int(old), int(new)) for at, old, new in sorted(changes, key=lambda c: c[0])]
    ordered = sorted(marked, key=lambda m: m[0])
    marks = {}
    for index, (name, enum) in enumerate(RELATIONSHIP_MARKS, start=1):
        values = [row[index] for row in ordered]
        marks[name] = (highest(values, enum), trend(values, enum))
    return RelationshipTrend(levels, marks)
