"""The reads behind Insights and `clientbook report`, in plain SQL on the driver's connection
(as store/agenda.py), so the BookReader answers them without SQLAlchemy too.

Each aggregate counts in the database and hands domain/insights.py rows of the shape its
functions read, aiming at a frame's time each on the large bench book (100k interactions;
tests/bench/bench.py --only insights). Portable SQL: no date functions run on a row; a week or
a month is an index range (or a CASE) over bounds computed in Python, and stored times are
compared with parameters written as the store writes them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from clientbook.domain.insights import ACTIVITY_KINDS, SPEND_KINDS
from clientbook.store.agenda import AgendaRepository, meal_rows, stored_datetime
from clientbook.store.server import dialect, is_postgres
from clientbook.store.writes import day_number


def as_datetime(value) -> datetime | None:
    """A stored time as SQLite (text) or PostgreSQL (datetime) gives it."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time.min)
    return datetime.fromisoformat(value)


def as_date(value) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):      # SQLite's ISO text: the day is its first ten characters
        return date.fromisoformat(value[:10])
    return value.date()


def _midnight(day: date) -> str:
    return stored_datetime(datetime.combine(day, time.min))


EPOCH = date(1970, 1, 1)

# The spend per company (company_spend). SQLite reads each company's shares in the companies'
# order, a range of ix_contact_spend_company_at each: the sums need no sort. PostgreSQL sums the
# shares per company before it looks the companies up (hashing ~10,000 shares with their
# company's name took 7 ms against 5 on the bench's large book).
_MONTH_AND_SPAN = "sum(CASE WHEN s.at >= ? THEN s.share ELSE 0 END) AS month, sum(s.share) AS span"
_COMPANY_SPEND = {
    "sqlite": f"SELECT co.id, co.name, co.grade, co.yearly_value, {_MONTH_AND_SPAN} FROM company co"
              " CROSS JOIN contact_spend s WHERE s.company_id = co.id AND s.at >= ? AND s.at < ? GROUP BY co.id",
    "postgresql": f"SELECT co.id, co.name, co.grade, co.yearly_value, x.month, x.span FROM (SELECT s.company_id,"
                  f" {_MONTH_AND_SPAN} FROM contact_spend s WHERE s.at >= ? AND s.at < ? GROUP BY s.company_id) x"
                  " JOIN company co ON co.id = x.company_id",
}

# A health row's bucket for a span within on every day of it: counted as every follower is;
# and the entry day of a touch's row (the follower's own row counts them from their entry).
WITHIN_BUCKET = TOUCH_ROW = -1


def _in(values) -> str:
    return ", ".join("?" * len(values))


def day_ordinal(day: date) -> int:
    """`day` as writes.day_number counts it."""
    return (day - EPOCH).days


class InsightsRepository:
    """Over `sessions`: the Store's Sessions or the BookReader (both give raw_reading())."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions

    # ---------------------------------------------------------------- grade × level
    def level_rows(self) -> list[tuple[str | None, str | None, int, int]]:
        """(grade, position, level, live contacts)."""
        with self._sessions.raw_reading() as connection:
            return connection.execute(
                "SELECT co.grade, c.position, c.level, count(*) FROM contact c"
                " LEFT JOIN company co ON co.id = c.company_id WHERE c.archived_at IS NULL"
                " GROUP BY co.grade, c.position, c.level").fetchall()

    def cell_contacts(self, grade: str | None, level: int, grades: tuple[str, ...], limit: int = 500) -> list[tuple]:
        """(id, name, company, position) of the live contacts at `level` whose company has
        `grade` (None: no grade among `grades`, or no company), by name."""
        where = "co.grade = ?" if grade else f"(co.grade IS NULL OR co.grade NOT IN ({_in(grades)}))"
        parameters = [grade] if grade else list(grades)
        with self._sessions.raw_reading() as connection:
            return connection.execute(
                "SELECT c.id, c.name, co.name, c.position FROM contact c LEFT JOIN company co ON co.id = c.company_id"
                f" WHERE c.archived_at IS NULL AND c.level = ? AND {where} ORDER BY c.sort_key, c.id LIMIT ?",
                [level, *parameters, limit]).fetchall()

    # ---------------------------------------------------------------- stay in touch
    def health_trend(self, days: list[date], cadences: Mapping[str, int]
                     ) -> list[dict[str | None, tuple[int, int, int]]]:
        """Per day of `days` (the trend's: each week's Sunday, oldest first, the last today), per
        grade: (within, due, overdue) of the live contacts with a cadence (their own, else their
        grade's), judged as Today judges them (domain/insights.py health): from the last
        contact, else from the day they entered the book; those entered after a day are not
        counted on it. Exact: domain/insights.py health_trend counts the same from every
        interaction.

        Today the last contact is contact.last_contact_at (Today's); on an earlier day, the
        latest interaction by the day's end, from contact_touch (models/insights.py): every
        contact counts from last_contact_at from the week of it on, and on the days before each
        of its touches in the trend's weeks, from the touch before it (prev_day; none: the day
        they entered). So only the weeks' touches are read.

        No row is judged per day: times are days since 1970 (writes.day_number), and each
        "since" day goes in a bucket (below) that says its state on every day. Every contact
        counts as within from the day they entered; the rows say where it is otherwise: a span
        of days and the bucket it is judged by there. A span within on its last day is within
        on all of it (a state only worsens with the days) and is left out, so most of the weeks'
        touches (a contact reached again within their cadence) make no row."""
        grade_days = {grade: days_ for grade, days_ in cadences.items() if days_}
        last = len(days) - 1
        first_sunday = day_ordinal(days[0])
        week_start, today = first_sunday - 6, day_ordinal(days[-1])

        def week(day: str) -> str:
            """Which of `days` is the first on or after `day`, for a day of the weeks up to today.
            Before the weeks it is 0 or less (SQL truncates towards 0), after today `last` or
            more: each use takes the larger of it and the day they entered, or the smaller of it
            and `last`, whichever end it can pass."""
            return f"({day} - {week_start}) / 7"

        def cutoffs(due: str) -> str:
            """How many of the Sundays' cutoffs (Sunday - n, one a week, one more after the last)
            the "since" day is on or after, for `due` = since + n: on Sunday k it is overdue when
            that is k or fewer, due when k + 1."""
            return (f"CASE WHEN {due} < {first_sunday} THEN 0 WHEN {due} >= {first_sunday + 7 * last}"
                    f" THEN {last + 1} ELSE ({due} - {first_sunday}) / 7 + 1 END")

        # A row's entry day, span of days and bucket as one integer, each a digit of it (entry and
        # bucket + 1: -1 is their "none"): SQLite's GROUP BY sorts one column faster than four
        # (~7 % of the query).
        radix = 3 * len(days) + 3

        def key(entered: str, start: str, stop: str, bucket: str) -> str:
            return f"((({entered} + 1) * {radix} + {start}) * {radix} + {stop}) * {radix} + {bucket} + 1"

        def unpack(packed: int) -> tuple[int, int, int, int]:
            rest, bucket = divmod(packed, radix)
            rest, stop = divmod(rest, radix)
            entered, start = divmod(rest, radix)
            return entered - 1, start, stop, bucket - 1

        with self._sessions.raw_reading() as connection:
            postgres = is_postgres(connection)
            larger, smaller = ("greatest", "least") if postgres else ("max", "min")
            by_grade = " ".join("WHEN ? THEN ?" for _ in grade_days)
            cadence = f"coalesce(c.cadence_days, CASE co.grade {by_grade} END)" if grade_days else "c.cadence_days"
            cadence_parameters = [value for pair in grade_days.items() for value in pair]
            created = day_number("c.created_at", postgres)
            # The followers first, each judged once (MATERIALIZED: flattened, their days would be
            # worked out again for each of their touches): the first of `days` they count on
            # (len(days): entered after today) and their last contact's day, else their entry's.
            followers = (
                f"WITH f AS MATERIALIZED (SELECT c.id AS id, co.grade AS grade, {cadence} AS n, {created} AS created,"
                f"  CASE WHEN c.created_at < ? THEN 0 WHEN c.created_at >= ? THEN {last + 1}"
                f"  ELSE {week(created)} END AS entered,"
                f"  {day_number('coalesce(c.last_contact_at, c.created_at)', postgres)} AS since"
                f"  FROM contact c LEFT JOIN company co ON co.id = c.company_id"
                f"  WHERE c.archived_at IS NULL AND {cadence} > 0)")
            followers_parameters = [*cadence_parameters, _midnight(EPOCH + timedelta(days=week_start)),
                                    _midnight(EPOCH + timedelta(days=today + 1)), *cadence_parameters]
            # Each follower: from the week of their last contact on, judged from it: its bucket,
            # 3 × cutoffs + 0 when overdue today, 1 when due today (-1: within today).
            from_last = key(
                "entered", f"{larger}(entered, {smaller}({week('since')}, {last}))", str(last + 1),
                f"CASE WHEN since + n >= {today + 7} THEN {WITHIN_BUCKET} ELSE ({cutoffs('since + n')}) * 3"
                f" + CASE WHEN since + n < {today} THEN 0 ELSE 1 END END")
            # Each touch of theirs in the weeks: on the days from the week of the touch before it
            # (or their entry) up to its own, judged from that one (never today: the last contact
            # is); none when the touch before it is after today too (logged ahead).
            before = "coalesce(t.prev_day, f.created)"
            from_week, to_week = f"{larger}(f.entered, {week(before)})", f"{smaller}({week('t.day')}, {last})"
            before_touch = key(str(TOUCH_ROW), from_week, to_week, f"({cutoffs(before + ' + f.n')}) * 3")
            rows = connection.execute(
                f"{followers} SELECT grade, {from_last}, count(*) FROM f WHERE entered <= {last} GROUP BY 1, 2"
                f" UNION ALL SELECT f.grade, {before_touch}, count(*) FROM f CROSS JOIN contact_touch t"
                f" WHERE t.contact_id = f.id AND t.day >= {week_start} AND f.since >= {week_start}"
                f" AND {before} + f.n < {first_sunday} + 7 * {to_week} AND {from_week} < {to_week} GROUP BY 1, 2",
                followers_parameters).fetchall()
        # Per (grade, bucket): how many count from it on each day, as changes on the days they
        # start and stop counting (a running sum over the days then gives the counts).
        changes: dict[tuple[str | None, int], list[int]] = {}

        def count(grade: str | None, bucket: int, start: int, stop: int, number: int) -> None:
            steps = changes.setdefault((grade, bucket), [0] * (len(days) + 1))
            steps[start] += number
            steps[stop] -= number

        for grade, packed, number in rows:
            entered, start, stop, bucket = unpack(packed)
            if entered != TOUCH_ROW:      # a follower's row: within from their entry
                count(grade, WITHIN_BUCKET, entered, len(days), number)
            if bucket != WITHIN_BUCKET:
                count(grade, bucket, start, stop, number)
        tally: list[dict[str | None, list[int]]] = [{} for _ in days]
        for (grade, bucket), steps in changes.items():
            passed, todays = divmod(bucket, 3)     # the Sundays' cutoffs passed, today's state
            number = 0
            for k in range(len(days)):
                number += steps[k]
                if number:
                    states = tally[k].setdefault(grade, [0, 0, 0])
                    if bucket == WITHIN_BUCKET:
                        states[0] += number
                        continue
                    # counted within above: here it is judged by its bucket instead
                    state = ((2 if todays == 0 else 1) if k == last
                             else 2 if passed <= k else 1 if passed <= k + 1 else 0)
                    states[state] += number
                    states[0] -= number
        return [{grade: tuple(states) for grade, states in day.items()} for day in tally]

    # ---------------------------------------------------------------- activity
    def activity(self, starts: list[date], until: date) -> list[tuple[str, int, int]]:
        """(kind, week index, interactions) for the counted kinds, weeks from `starts` to `until`."""
        kinds = [kind.value for kind in ACTIVITY_KINDS]
        ends = [*starts[1:], until + timedelta(days=1)]
        # A count per week over the (kind, time) index's range: no CASE run on each row.
        weeks = " UNION ALL ".join(
            f"SELECT kind, {index}, count(*) FROM interaction WHERE archived_at IS NULL AND kind IN ({_in(kinds)})"
            " AND occurred_at >= ? AND occurred_at < ? GROUP BY kind" for index in range(len(starts)))
        parameters = [value for start, end in zip(starts, ends, strict=True)
                      for value in (*kinds, _midnight(start), _midnight(end))]
        with self._sessions.raw_reading() as connection:
            return connection.execute(weeks, parameters).fetchall()

    def promise_rows(self, since: date, until: date) -> list[tuple[date, bool, date | None]]:
        """(due, ours, done on) of the follow-ups due from `since` to `until`."""
        with self._sessions.raw_reading() as connection:
            rows = connection.execute(
                "SELECT due_date, promise, done_at FROM followup WHERE archived_at IS NULL"
                " AND due_date >= ? AND due_date <= ?", (since.isoformat(), until.isoformat())).fetchall()
        return [(as_date(due), bool(promise), as_date(done)) for due, promise, done in rows]

    # ---------------------------------------------------------------- spend
    def company_spend(self, month: date, since: date, until: date) -> list[tuple]:
        """(company id, name, grade, yearly value, spent from `month` on, spent from `since` on)
        up to `until`: each costed meal, gift or entertainment split evenly among the people it
        was with (not a mail's cc), each share to their company: the shares the store keeps with
        it (contact_spend)."""
        with self._sessions.raw_reading() as connection:
            return connection.execute(
                _COMPANY_SPEND[dialect(connection)],
                [_midnight(month), _midnight(since), _midnight(until + timedelta(days=1))]).fetchall()

    def spend_months(self, starts: list[date], until: date) -> list[tuple[int, float]]:
        """(month index, amount) of costed meals, gifts and entertainment, months from `starts`."""
        kinds = [kind.value for kind in SPEND_KINDS]
        ends = [*starts[1:], until + timedelta(days=1)]
        # A sum per month over the (kind, time, cost) index's range: no CASE run on each row.
        months = " UNION ALL ".join(
            f"SELECT {index}, sum(cost) FROM interaction WHERE archived_at IS NULL AND kind IN ({_in(kinds)})"
            " AND occurred_at >= ? AND occurred_at < ? AND cost IS NOT NULL" for index in range(len(starts)))
        parameters = [value for start, end in zip(starts, ends, strict=True)
                      for value in (*kinds, _midnight(start), _midnight(end))]
        with self._sessions.raw_reading() as connection:
            return [(month, amount) for month, amount in connection.execute(months, parameters).fetchall()
                    if amount is not None]

    def total_value(self) -> float:
        """All live companies' yearly value."""
        with self._sessions.raw_reading() as connection:
            return connection.execute(
                "SELECT sum(yearly_value) FROM company WHERE archived_at IS NULL").fetchone()[0] or 0.0

    # ---------------------------------------------------------------- a contact
    def contact_trend(self, contact_id: int) -> tuple[list[tuple], list[tuple]]:
        """(level changes as (when, from, to), marked interactions as (when, space, info, coach))."""
        with self._sessions.raw_reading() as connection:
            changes = connection.execute(
                "SELECT changed_at, from_level, to_level FROM level_change WHERE contact_id = ?",
                (contact_id,)).fetchall()
            marked = connection.execute(
                "SELECT i.occurred_at, i.space, i.info_quality, i.coach FROM interaction i"
                " JOIN interaction_contact ic ON ic.interaction_id = i.id WHERE ic.contact_id = ?"
                " AND i.archived_at IS NULL"
                " AND (i.space IS NOT NULL OR i.info_quality IS NOT NULL OR i.coach IS NOT NULL)",
                (contact_id,)).fetchall()
        return ([(as_datetime(at), old, new) for at, old, new in changes],
                [(as_datetime(at), space, info, coach) for at, space, info, coach in marked])

    # ---------------------------------------------------------------- the report
    def kinds_between(self, start: date, end: date) -> dict[str, int]:
        with self._sessions.raw_reading() as connection:
            rows = connection.execute(
                "SELECT kind, count(*) FROM interaction WHERE archived_at IS NULL AND occurred_at >= ?"
                " AND occurred_at < ? GROUP BY kind", (_midnight(start), _midnight(end))).fetchall()
        return dict(rows)

    def spend_between(self, start: date, end: date) -> float:
        kinds = [kind.value for kind in SPEND_KINDS]
        with self._sessions.raw_reading() as connection:
            return connection.execute(
                f"SELECT sum(cost) FROM interaction WHERE archived_at IS NULL AND kind IN ({_in(kinds)})"
                " AND occurred_at >= ? AND occurred_at < ?",
                [*kinds, _midnight(start), _midnight(end)]).fetchone()[0] or 0.0

    def meals_between(self, start: date, end: date) -> list[tuple]:
        """(meal row of store/agenda.py, agreements text) of the meals planned in [start, end)."""
        with self._sessions.raw_reading() as connection:
            meals = connection.execute(
                "SELECT id, title, planned_at, venue, cuisine, minutes_at, actual_cost, budget, agreements FROM meal"
                " WHERE archived_at IS NULL AND planned_at >= ? AND planned_at < ? ORDER BY planned_at, id",
                (_midnight(start), _midnight(end))).fetchall()
            rows = meal_rows(connection, [meal[:8] for meal in meals])
        return [(row, meal[8] or "") for row, meal in zip(rows, meals, strict=True)]

    def meals_ahead(self, start: date, end: date):
        return AgendaRepository(self._sessions).meals_ahead(datetime.combine(start, time.min),
                                                            end - timedelta(days=1))

    def our_promises(self, start: date, end: date) -> list[tuple[date, date, date | None]]:
        """(created on, due, done on) of our follow-ups made or done in [start, end), or open and
        due before `end`."""
        with self._sessions.raw_reading() as connection:
            rows = connection.execute(
                "SELECT created_at, due_date, done_at FROM followup WHERE archived_at IS NULL AND promise"
                " AND ((created_at >= ? AND created_at < ?) OR (done_at >= ? AND done_at < ?)"
                "      OR (done_at IS NULL AND due_date < ?))",
                (_midnight(start), _midnight(end), _midnight(start), _midnight(end), end.isoformat())).fetchall()
        return [(as_date(created), as_date(due), as_date(done)) for created, due, done in rows]

    def level_changes_between(self, start: date, end: date) -> list[tuple]:
        """(when, name, company, from, to, reason), oldest first."""
        with self._sessions.raw_reading() as connection:
            rows = connection.execute(
                "SELECT lc.changed_at, c.name, co.name, lc.from_level, lc.to_level, lc.reason FROM level_change lc"
                " JOIN contact c ON c.id = lc.contact_id LEFT JOIN company co ON co.id = c.company_id"
                " WHERE lc.changed_at >= ? AND lc.changed_at < ? ORDER BY lc.changed_at, lc.id",
                (_midnight(start), _midnight(end))).fetchall()
        return [(as_datetime(at), *rest) for at, *rest in rows]

    def gifts_between(self, start: date, end: date) -> list[tuple]:
        """(given on, name, what, value), oldest first."""
        with self._sessions.raw_reading() as connection:
            rows = connection.execute(
                "SELECT g.given_on, c.name, g.what, g.value FROM gift g JOIN contact c ON c.id = g.contact_id"
                " WHERE g.given_on >= ? AND g.given_on < ? ORDER BY g.given_on, g.id",
                (start.isoformat(), end.isoformat())).fetchall()
        return [(as_date(day), *rest) for day, *rest in rows]

    def followups_between(self, start: date, end: date) -> list[tuple]:
        """(due, due time, name, what, ours) of the open follow-ups due in [start, end)."""
        with self._sessions.raw_reading() as connection:
            rows = connection.execute(
                "SELECT f.due_date, f.due_time, c.name, f.what, f.promise FROM followup f"
                " JOIN contact c ON c.id = f.contact_id WHERE f.done_at IS NULL AND f.archived_at IS NULL"
                " AND c.archived_at IS NULL AND f.due_date >= ? AND f.due_date < ? ORDER BY f.due_date, f.id",
                (start.isoformat(), end.isoformat())).fetchall()
        return [(as_date(due), time.fromisoformat(at) if isinstance(at, str) else at, name, what, bool(ours))
                for due, at, name, what, ours in rows]
