"""The reads behind Today, in plain SQL on a sqlite3 connection.

The app shows Today from these before SQLAlchemy has finished importing (store/reader.py),
and the Store answers the same questions through them (store.agenda), so each query exists once. Rows are
read as SQLAlchemy stores them: DATETIME as "YYYY-MM-DD HH:MM:SS.ffffff", DATE as ISO text,
booleans as 0/1; parameters are written in the same forms so text comparisons hold.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING

from clientbook.domain.agenda import UPCOMING_DAYS, FollowupItem, days_overdue
from clientbook.domain.meals.labels import meal_label
from clientbook.store.server import dialect

if TYPE_CHECKING:   # imported where used: the app's first frame waits on this module
    from clientbook.domain.gifts.occasions import Occasion
    from clientbook.domain.gifts.policy import Policy, PolicyRule
    from clientbook.domain.gifts.reminders import PersonFacts
    from clientbook.domain.targets import TargetCell, TargetMatrix


@dataclass(frozen=True)
class InteractionRow:
    id: int
    kind: str
    occurred_at: datetime
    has_time: bool
    summary: str
    contacts: str          # names, comma-separated


@dataclass(frozen=True)
class DueContact:
    id: int
    name: str
    company: str | None
    grade: str | None
    last_contact_at: datetime | None
    days_overdue: int


@dataclass(frozen=True)
class BelowTarget:
    """A live contact whose relationship is below the level their grade and position call for."""

    id: int
    name: str
    company: str | None
    grade: str | None
    level: int
    target: int

    @property
    def gap(self) -> int:
        return self.target - self.level


@dataclass(frozen=True)
class MealRow:
    id: int
    title: str
    planned_at: datetime
    venue: str
    cuisine: str
    guests: list[str]
    minutes_at: datetime | None
    actual_cost: float | None
    budget: float | None

    @property
    def label(self) -> str:
        return meal_label(self.title, self.cuisine, self.venue)


BIRTHDAY_SETTING_KEY = "birthday"  # the occasion_setting row for every birthday
DONE, SKIPPED, SNOOZED = "done", "skipped", "snoozed"


@dataclass(frozen=True)
class GiftPerson:
    """A live contact as the gift policy sees them, with what scoping needs."""

    facts: PersonFacts
    company_id: int | None


@dataclass(frozen=True)
class CustomOccasionRow:
    id: int
    occasion: Occasion            # key custom:<id>
    contact_id: int | None        # only this person (a child's wedding)
    company_id: int | None        # only this company's people (its anniversary)
    scope_name: str | None        # the contact's or company's name


@dataclass(frozen=True)
class EverydayDue:
    contact_id: int
    name: str
    company: str | None
    due: date
    low: int
    high: int


def stored_datetime(value: datetime) -> str:
    """A datetime as SQLAlchemy writes it to SQLite."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


class AgendaRepository:
    """The reads Today needs, over `sessions`: the Store's Sessions, or the BookReader (both
    give `raw_reading()`, a sqlite3 connection inside one read transaction)."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions
        self._held = threading.local()      # the connection of one_reading(), per thread

    @contextmanager
    def one_reading(self):
        """The reads made inside this block share one read transaction: Today from one
        snapshot of the book, and one BEGIN and COMMIT instead of nine (round trips on a server).
        Gives the transaction's connection."""
        held = getattr(self._held, "connection", None)
        if held is not None:
            yield held
            return
        with self._sessions.raw_reading() as connection:
            if dialect(connection) == "postgresql":
                connection.execute(_ONE_READING_POSTGRESQL)
            self._held.connection = connection
            try:
                yield connection
            finally:
                self._held.connection = None

    def _reading(self):
        """one_reading()'s connection inside its block, else a read transaction of its own."""
        held = getattr(self._held, "connection", None)
        return nullcontext(held) if held is not None else self._sessions.raw_reading()

    def open_followups(self, until: date) -> list[FollowupItem]:
        """Open follow-ups due on or before `until` (overdue ones included), for the agenda."""
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT f.id, f.contact_id, c.name, co.name, f.what, f.due_date, f.due_time, f.promise"
                " FROM followup f JOIN contact c ON c.id = f.contact_id"
                " LEFT JOIN company co ON co.id = c.company_id"
                " WHERE f.done_at IS NULL AND f.archived_at IS NULL AND c.archived_at IS NULL AND f.due_date <= ?",
                (until.isoformat(),),
            ).fetchall()
        return [FollowupItem(id, contact_id, name, company, what, date.fromisoformat(due), _time(due_time), bool(promise))
                for id, contact_id, name, company, what, due, due_time, promise in rows]

    def agenda_items(self, today: date) -> list[FollowupItem]:
        return self.open_followups(today + timedelta(days=UPCOMING_DAYS))

    def due_to_contact(self, today: date, cadences: dict[str, int], limit: int = 50) -> list[DueContact]:
        """Live contacts past their cadence (own override, else their company's grade), most urgent grade
        first; not those with a meal planned from today on."""
        grade_days = "".join(" WHEN ? THEN ?" for _ in cadences)
        # Due when the day of the last contact is on or before today − cadence. For the grade
        # cadences that is a constant per grade: stored times compare as ISO text against the
        # day after that cutoff, with no date function run on every row.
        by_grade = " OR ".join("(grade = ? AND since < ?)" for _ in cadences) or "FALSE"
        rows: list = []
        with self._reading() as connection:
            # A grade's people at a time, the most urgent grade first (ungraded last, as 'Z'), each
            # read from its companies, until `limit` are found: the A accounts alone mostly, not
            # every live contact judged against a cadence.
            groups = {group for (group,) in connection.execute("SELECT DISTINCT coalesce(grade, 'Z') FROM company")}
            for group in sorted(groups | {"Z"}):
                rows += connection.execute(
                    self._due_sql(connection, grade_days, by_grade, cadences, ungraded=group == "Z"),
                    self._due_parameters(today, cadences, group, limit - len(rows))).fetchall()
                if len(rows) >= limit:
                    break
        result = []
        for contact_id, name, company, grade, last, created, days in rows:
            last_at = _datetime(last)
            overdue = days_overdue(last_at.date() if last_at else None, _datetime(created).date(), days, today)
            if overdue is not None:
                result.append(DueContact(contact_id, name, company, grade, last_at, overdue))
        return result

    @staticmethod
    def _due_sql(connection, grade_days: str, by_grade: str, cadences: dict[str, int], ungraded: bool) -> str:
        # A grade's companies first, then their people (CROSS JOIN keeps SQLite to that order);
        # the ungraded group holds the people of no company too.
        people = ("contact c LEFT JOIN company co ON co.id = c.company_id WHERE coalesce(co.grade, 'Z') = ?"
                  if ungraded else "company co CROSS JOIN contact c WHERE co.grade = ? AND c.company_id = co.id")
        return (
            "SELECT id, name, company, grade, last, created, cadence FROM ("
            " SELECT c.id, c.name, co.name AS company, co.grade, c.last_contact_at AS last, c.created_at AS created,"
            f" coalesce(c.cadence_days, {f'CASE co.grade{grade_days} END' if cadences else 'NULL'}) AS cadence,"
            " coalesce(c.last_contact_at, c.created_at) AS since, c.cadence_days AS own"
            f" FROM {people} AND c.archived_at IS NULL"
            # A meal planned with them is the next contact already (the set is read once, not per row).
            f" AND c.id NOT IN ({_DINERS_AHEAD})) AS due"
            f" WHERE (own IS NOT NULL AND {_OWN_CADENCE_DUE[dialect(connection)]})"
            f" OR (own IS NULL AND ({by_grade}))"
            " ORDER BY since, id LIMIT ?"
        )

    @staticmethod
    def _due_parameters(today: date, cadences: dict[str, int], group: str, limit: int) -> list:
        parameters: list = [value for grade, days in cadences.items() for value in (grade, days)]
        parameters.append(group)
        parameters.append(stored_datetime(datetime.combine(today, time.min)))
        parameters.append(today.isoformat())
        for grade, days in cadences.items():
            parameters += [grade, (today - timedelta(days=days - 1)).isoformat()]
        parameters.append(limit)
        return parameters

    def recent_interactions(self, limit: int = 10, until: datetime | None = None) -> list[InteractionRow]:
        """The latest interactions (up to `until`), newest first, with the names of who took part."""
        where = "archived_at IS NULL" + (" AND occurred_at <= ?" if until is not None else "")
        parameters = ([stored_datetime(until)] if until is not None else []) + [limit]
        with self._reading() as connection:
            rows = connection.execute(
                f"SELECT id, kind, occurred_at, has_time, summary, notes FROM interaction WHERE {where}"
                " ORDER BY occurred_at DESC, id DESC LIMIT ?", parameters).fetchall()
            names = _names_by_key(connection,
                                  "SELECT ic.interaction_id, c.name FROM interaction_contact ic"
                                  " JOIN contact c ON c.id = ic.contact_id WHERE ic.interaction_id IN ({})",
                                  [row[0] for row in rows])
        return [InteractionRow(id, kind, _datetime(at), bool(has_time), summary or notes, ", ".join(names.get(id, [])))
                for id, kind, at, has_time, summary, notes in rows]

    def meals_without_minutes(self, now: datetime) -> list[MealRow]:
        """Meals whose time has passed and whose minutes are not written yet, oldest first."""
        with self._reading() as connection:
            meals = connection.execute(
                f"SELECT {_MEAL_COLUMNS} FROM meal"
                " WHERE archived_at IS NULL AND minutes_at IS NULL AND planned_at < ? ORDER BY planned_at, id",
                (stored_datetime(now),)).fetchall()
            return meal_rows(connection, meals)

    def meals_ahead(self, since: datetime, until: date) -> list[MealRow]:
        """Meals planned from `since` to the end of `until`, minutes not written, soonest first
        (from `now`, the other side of meals_without_minutes)."""
        with self._reading() as connection:
            meals = connection.execute(
                f"SELECT {_MEAL_COLUMNS} FROM meal"
                " WHERE archived_at IS NULL AND minutes_at IS NULL AND planned_at >= ? AND planned_at < ?"
                " ORDER BY planned_at, id",
                (stored_datetime(since), stored_datetime(datetime.combine(until + timedelta(days=1), time.min)))
            ).fetchall()
            return meal_rows(connection, meals)


    # ------------------------------------------------------------ the gift reminders' reads
    # Plain SQL too, so `clientbook today` prints its gift reminders without SQLAlchemy.
    def _occasion_settings(self) -> dict[str, tuple[bool, int]]:
        with self._reading() as connection:
            rows = connection.execute("SELECT key, enabled, lead_days FROM occasion_setting").fetchall()
        return {key: (bool(enabled), lead_days) for key, enabled, lead_days in rows}

    def builtin_occasions(self) -> list[Occasion]:
        """The built-in festivals with the rep's choices (on/off, lead days) applied."""
        from dataclasses import replace

        from clientbook.domain.gifts.occasions import BUILTIN_OCCASIONS

        settings = self._occasion_settings()
        result = []
        for occasion in BUILTIN_OCCASIONS:
            setting = settings.get(occasion.key)
            result.append(replace(occasion, enabled=setting[0], lead_days=setting[1]) if setting else occasion)
        return result

    def birthday_setting(self) -> tuple[bool, int]:
        """(birthdays reminded at all, lead days) -- default on, 3 days ahead."""
        from clientbook.domain.gifts.occasions import BIRTHDAY_LEAD_DAYS

        return self._occasion_settings().get(BIRTHDAY_SETTING_KEY, (True, BIRTHDAY_LEAD_DAYS))

    def custom_occasions(self) -> list[CustomOccasionRow]:
        from clientbook.domain.gifts.occasions import Occasion

        with self._reading() as connection:
            rows = connection.execute(
                "SELECT o.id, o.name, o.calendar, o.month, o.day, o.leap, o.yearly, o.year, o.lead_days,"
                " o.contact_id, o.company_id, c.name, co.name FROM custom_occasion o"
                " LEFT JOIN contact c ON c.id = o.contact_id LEFT JOIN company co ON co.id = o.company_id"
                " WHERE o.archived_at IS NULL ORDER BY o.month, o.day, o.id").fetchall()
        result = []
        for (id, name, calendar, month, day, leap, yearly, year, lead_days, contact_id, company_id, contact_name,
             company_name) in rows:
            try:
                occasion = Occasion(key=f"custom:{id}", name=name, calendar=calendar, month=month, day=day,
                                    leap=bool(leap), yearly=bool(yearly), year=year, kind="custom", lead_days=lead_days)
            except ValueError:  # a row no longer valid: never shown, never reminded
                continue
            result.append(CustomOccasionRow(id, occasion, contact_id, company_id, contact_name or company_name))
        return result

    def policy_rules(self) -> list[PolicyRule]:
        """The rep's edited cells, as domain rules (unreadable rows are left out)."""
        from clientbook.domain.enums import Grade, Position
        from clientbook.domain.gifts.policy import BudgetTier, PolicyRule, Treatment

        with self._reading() as connection:
            rows = connection.execute(
                "SELECT occasion_key, grade, position, treatment, budget_tier FROM policy_rule").fetchall()
        rules = []
        for key, grade, position, treatment, tier in rows:
            try:
                rules.append(PolicyRule(key, Grade(grade), Position(position), Treatment(treatment),
                                        BudgetTier(tier) if tier else None))
            except ValueError:
                continue
        return rules

    def policy(self) -> Policy:
        """default_policy() with the rep's edited cells applied."""
        from clientbook.domain.gifts.policy import default_policy, policy_from_rules

        return policy_from_rules(self.policy_rules(), default_policy())

    def target_cells(self) -> list[TargetCell]:
        """The rep's edited cells of the target level matrix (unreadable rows are left out)."""
        from clientbook.domain.enums import Grade, Level, Position
        from clientbook.domain.targets import TargetCell

        with self._reading() as connection:
            rows = connection.execute("SELECT grade, position, level FROM target_level").fetchall()
        cells = []
        for grade, position, level in rows:
            try:
                cells.append(TargetCell(Grade(grade), Position(position), Level(level)))
            except ValueError:
                continue
        return cells

    def targets(self) -> TargetMatrix:
        """default_targets() with the rep's edited cells applied."""
        from clientbook.domain.targets import targets_from_cells

        return targets_from_cells(self.target_cells())

    def below_target(self, grades: tuple[str, ...], first: int | None = None) -> tuple[list[BelowTarget], int]:
        """Live contacts at companies of these grades below their target level, the widest gap
        first, then the higher grade, then by name; with `first`, only that many of them, and
        how many there are in all. Today shows five and a count of a list that runs to
        thousands on a big book: judging everyone needs no names, so only the shown are named."""
        from clientbook.domain.targets import target_for

        matrix = self.targets()
        named = first is None
        # The graded companies' people (_GRADED_PEOPLE). Unnamed, SQLite's index answers alone
        # (no row read for a name or a sort key: 1 ms, not 5, on the large book).
        with self._reading() as connection:
            rows = connection.execute(
                f"SELECT c.id, {'c.name, co.name, ' if named else ''}co.grade, c.position, c.level"
                f" FROM {_GRADED_PEOPLE[dialect(connection)]} AND co.grade IN ({', '.join('?' * len(grades))})"
                + (" ORDER BY c.sort_key, c.id" if named else ""), grades).fetchall()
        targets: dict[tuple[str, str | None], int] = {}    # one target_for per grade and position, not per person
        found = []   # (rank: the widest gap, then the higher grade; the row; its target)
        for row in rows:
            grade, position, level = row[-3:]
            target = targets.get((grade, position))
            if target is None:
                target = targets[grade, position] = int(target_for(matrix, grade, position, level).level)
            if level < target:
                found.append(((level - target, grade), row, target))
        found.sort(key=itemgetter(0))   # stable: in name order where the rows came so
        if named:
            return [BelowTarget(id_, name, company, grade, level, target)
                    for _rank, (id_, name, company, grade, _position, level), target in found], len(found)
        if not first or not found:
            return [], len(found)
        # Those ranked before the last one shown are shown; of its rank, the first by name: only
        # these people's names (and order) are read.
        edge = found[min(first, len(found)) - 1][0]
        end = next((i for i in range(first, len(found)) if found[i][0] != edge), len(found))
        candidates = {item[1][0]: item for item in found[:end]}
        with self._reading() as connection:
            named_rows = connection.execute(
                "SELECT c.id, c.name, co.name FROM contact c JOIN company co ON co.id = c.company_id"
                f" WHERE c.id IN ({', '.join('?' * len(candidates))}) ORDER BY c.sort_key, c.id",
                list(candidates)).fetchall()
        people = sorted(((candidates[id_], name, company) for id_, name, company in named_rows),
                        key=lambda person: person[0][0])    # stable: by name within a rank
        return [BelowTarget(id_, name, company, grade, level, target)
                for (_rank, (id_, grade, _position, level), target), name, company in people[:first]], len(found)

    def gift_people(self, birthday_months: set[tuple[str, int]] | None = None) -> list[GiftPerson]:
        """Every live contact with company grade, position and birthday (None when unknown).

        With `birthday_months` ({("lunar", 8), ("solar", 9)…}), only birthdays in those
        months are read (the others are None): Today needs a few days' worth, not 10,000.
        """
        from clientbook.domain.gifts.reminders import PersonFacts
        from clientbook.domain.lunar import Birthday, BirthdayParseError

        with self._reading() as connection:
            rows = connection.execute(
                "SELECT c.id, c.name, co.name, co.grade, c.position, c.birthday, c.company_id FROM contact c"
                " LEFT JOIN company co ON co.id = c.company_id WHERE c.archived_at IS NULL"
                " ORDER BY c.sort_key").fetchall()
        people = []
        for contact_id, name, company, grade, position, birthday, company_id in rows:
            parsed = None
            if birthday and birthday_months is not None:
                try:
                    if (birthday.split(":", 1)[0], int(birthday[-5:-3])) not in birthday_months:
                        birthday = ""
                except ValueError:
                    birthday = ""
            if birthday:
                try:
                    parsed = Birthday.from_storage(birthday)
                except (BirthdayParseError, ValueError):
                    parsed = None
            people.append(GiftPerson(PersonFacts(contact_id, name, company, grade, position, parsed), company_id))
        return people

    def reminder_states(self, since_year: int) -> tuple[set[tuple[str, int, int]], dict[tuple[str, int, int], date]]:
        """(done or skipped, snoozed -> remind-from day) for occurrences from `since_year` on."""
        done: set[tuple[str, int, int]] = set()
        snoozed: dict[tuple[str, int, int], date] = {}
        with self._reading() as connection:
            rows = connection.execute("SELECT occasion_key, year, contact_id, state, until FROM reminder_state"
                                      " WHERE year >= ?", (since_year,)).fetchall()
        for key, year, contact_id, state, until in rows:
            if state in (DONE, SKIPPED):
                done.add((key, year, contact_id))
            elif state == SNOOZED and until is not None:
                snoozed[(key, year, contact_id)] = date.fromisoformat(until)
        return done, snoozed

    def everyday_due(self, until: date) -> list[EverydayDue]:
        """Live contacts whose next everyday gift falls on or before `until`, soonest first."""
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT c.id, c.name, co.name, c.next_everyday_gift, c.everyday_low, c.everyday_high FROM contact c"
                " LEFT JOIN company co ON co.id = c.company_id WHERE c.archived_at IS NULL"
                " AND c.next_everyday_gift IS NOT NULL AND c.everyday_low IS NOT NULL AND c.everyday_high IS NOT NULL"
                " AND c.next_everyday_gift <= ? ORDER BY c.next_everyday_gift, c.sort_key",
                (until.isoformat(),)).fetchall()
        return [EverydayDue(id, name, company, date.fromisoformat(due), low, high)
                for id, name, company, due, low, high in rows]


# One snapshot for the whole block, not one per statement. And planned for a book in the
# server's memory, where an index probe costs about what a row read in sequence does: with
# PostgreSQL's default (4×, for a disk) Today's joins read every contact instead of probing the
# few its follow-ups and due dates name (due to contact 4.7 ms against 1.4 on the bench's large
# book). For this transaction only: note search and the pool were measured on their own plans.
_ONE_READING_POSTGRESQL = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET LOCAL random_page_cost = 1.1"

# The live people of companies, read company by company: below_target's graded companies are a
# few of the book's, so their people are probed, not every contact read. SQLite keeps the order
# of a CROSS JOIN; PostgreSQL would hash every contact instead (3.5 ms against 2 on the bench's
# large book), so there the people are a subquery per company (OFFSET 0 keeps it one).
_GRADED_PEOPLE = {
    "sqlite": "company co CROSS JOIN contact c WHERE c.company_id = co.id AND c.archived_at IS NULL",
    "postgresql": "company co CROSS JOIN LATERAL (SELECT id, name, sort_key, position, level FROM contact c"
                  " WHERE c.company_id = co.id AND c.archived_at IS NULL OFFSET 0) c WHERE TRUE",
}
_MEAL_COLUMNS = "id, title, planned_at, venue, cuisine, minutes_at, actual_cost, budget"
# The contacts at a table still to come (planned from the day bound as its parameter on), but
# not those who declined.
# A contact's own cadence: due when the day of the last contact plus the cadence is today or before.
_OWN_CADENCE_DUE = {"sqlite": "julianday(date(since)) + own <= julianday(?)",
                    "postgresql": "CAST(since AS date) + own <= CAST(? AS date)"}
_DINERS_AHEAD = ("SELECT d.contact_id FROM meal_diner d JOIN meal m ON m.id = d.meal_id"
                 " WHERE d.contact_id IS NOT NULL AND d.invite_status != 'declined'"
                 " AND m.archived_at IS NULL AND m.minutes_at IS NULL AND m.planned_at >= ?")


def meal_rows(connection: sqlite3.Connection, meals: list[tuple]) -> list[MealRow]:
    """MealRows from (id, title, planned_at, venue, cuisine, minutes_at, actual_cost, budget)
    rows, each with its guests' names, the guest of honour first."""
    guests = _names_by_key(connection,
                           "SELECT meal_id, name FROM meal_diner WHERE side = 'guest' AND meal_id IN ({})"
                           " ORDER BY is_guest_of_honour DESC, id",
                           [row[0] for row in meals])
    return [MealRow(id, title, _datetime(planned), venue, cuisine, guests.get(id, []), _datetime(minutes), cost, budget)
            for id, title, planned, venue, cuisine, minutes, cost, budget in meals]


def _names_by_key(connection: sqlite3.Connection, sql: str, keys: list[int]) -> dict[int, list[str]]:
    """Run `sql` (with one "IN ({})" for the keys) and group the (key, name) rows it returns."""
    names: dict[int, list[str]] = {}
    for start in range(0, len(keys), 500):  # under SQLite's limit on bound parameters
        chunk = keys[start:start + 500]
        for key, name in connection.execute(sql.format(", ".join("?" * len(chunk))), chunk):
            names.setdefault(key, []).append(name)
    return names

