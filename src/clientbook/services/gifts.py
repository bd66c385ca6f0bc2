"""Gifts and occasions: the one door the gift screens (occasions, policy, gift log, the gift
forms), the Calendar and Today's reminders ask through (GiftsService, at the end), composed from
the store's rows and the pure rules of domain/gifts/; the module-level functions are shared with
`clientbook today` and `clientbook export`.

* Occasions: the built-in festivals with the rep's on/off and lead days, plus custom ones. A
  custom occasion kept for one contact (a child's wedding) concerns that person only, one kept
  for a company (its anniversary) that company's people only; one kept for neither, everyone.
* A contact-scoped custom occasion the policy would let pass in silence (nothing for that
  grade and position, and no cell of its own) is a greeting: the rep added it for them.
* Birthdays: every live contact with a birthday, unless birthdays are switched off.
* Everyday small gifts: contacts whose drawn date falls within EVERYDAY_AHEAD days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gifts.occasions import BUILTIN_OCCASIONS, Occasion, birthday_occasion, occurrences
from clientbook.domain.gifts.policy import (
    BIRTHDAY_POLICY_KEY,
    CUSTOM_POLICY_KEY,
    BudgetTier,
    Policy,
    Treatment,
    decide,
)
from clientbook.domain.gifts.reminders import PersonFacts, ReminderGroup, due_reminders
from clientbook.domain.gifts.shopping import ShoppingList, same_gift_warning, shopping_list
from clientbook.domain.lunar import FESTIVAL_KEYS, festival_name
from clientbook.i18n import t

if TYPE_CHECKING:   # only named in annotations: `clientbook today` reads gifts without SQLAlchemy
    from clientbook.store.gifts import CustomOccasionRow, GiftRow, Rhythm

EVERYDAY_AHEAD = 3      # everyday gifts show on Today this many days ahead
CALENDAR_DAYS = 90
EVERYDAY_KEY = "everyday"
_GRADES = tuple(Grade)
_POSITIONS = (Position.BOSS, Position.MANAGER, Position.STAFF, Position.CLERK)


@dataclass
class OccasionContext:
    """Everything the reminder rules need, read once."""

    today: date
    occasions: list[Occasion]                     # enabled festivals and unscoped custom ones
    scoped: list[tuple[Occasion, list[PersonFacts]]]  # custom ones for one contact or company
    people: list[PersonFacts]                     # with birthdays (None when switched off)
    policy: Policy
    birthday_lead: int
    done: set
    snoozed: dict


def birthday_months(start: date, end: date) -> set[tuple[str, int]]:
    """The (calendar, month) pairs of every day from start to end: a birthday falls in the
    window only if its month is among them (a leap-month one falls in the regular month of the
    same number, 30 in a short month on 29, 29 February on 28: the month never changes)."""
    from clientbook.domain.lunar import solar_to_lunar

    months = set()
    day = start
    while day <= end:
        months.add(("solar", day.month))
        months.add(("lunar", solar_to_lunar(day)[1]))
        day += timedelta(days=1)
    return months


def load_context(store, today: date, until: date | None = None) -> OccasionContext:
    """Occasions, people and policy for reminders; birthdays are read only when they can fall
    between today and `until` (default: today plus the birthday lead time)."""
    birthdays_on, birthday_lead = store.agenda.birthday_setting()
    end = until or today + timedelta(days=birthday_lead)
    people_rows = store.agenda.gift_people(birthday_months(today, end) if birthdays_on else set())
    people = [p.facts for p in people_rows]  # birthdays already None when switched off
    occasions = [o for o in store.agenda.builtin_occasions() if o.enabled]
    scoped: list[tuple[Occasion, list[PersonFacts]]] = []
    policy = store.agenda.policy()
    for row in store.agenda.custom_occasions():
        if row.contact_id is not None:
            scoped.append((row.occasion, [replace(p.facts, birthday=None) for p in people_rows
                                          if p.facts.contact_id == row.contact_id]))
            policy = _greet_at_least(policy, row.occasion.key)
        elif row.company_id is not None:
            scoped.append((row.occasion, [replace(p.facts, birthday=None) for p in people_rows
                                          if p.company_id == row.company_id]))
        else:
            occasions.append(row.occasion)
    done, snoozed = store.agenda.reminder_states(today.year - 1)
    return OccasionContext(today, occasions, scoped, people, policy, birthday_lead, done, snoozed)


def _greet_at_least(policy: Policy, key: str) -> Policy:
    """A greeting wherever the policy would do nothing for `key` and has no cell of its own."""
    policy = dict(policy)
    for grade in _GRADES:
        for position in _POSITIONS:
            if (key, grade, position) in policy:
                continue
            if decide(policy, key, grade, position)[0] is Treatment.NONE:
                policy[(key, grade, position)] = (Treatment.GREETING, None)
    return policy


def effective_policy(store) -> Policy:
    """The policy as applied: the store's, with contact-scoped custom occasions greeting at least."""
    policy = store.agenda.policy()
    for row in store.agenda.custom_occasions():
        if row.contact_id is not None:
            policy = _greet_at_least(policy, row.occasion.key)
    return policy


def _groups(ctx: OccasionContext, today: date, done=None, snoozed=None) -> list[ReminderGroup]:
    done = ctx.done if done is None else done
    snoozed = ctx.snoozed if snoozed is None else snoozed
    groups = due_reminders(ctx.occasions, ctx.people, ctx.policy, today, done, snoozed, ctx.birthday_lead)
    for occasion, people in ctx.scoped:
        if occasion.enabled and people:
            groups += due_reminders([occasion], people, ctx.policy, today, done, snoozed)
    kind_order = {"festival": 0, "custom": 1, "birthday": 2}
    groups.sort(key=lambda g: (g.date, kind_order[g.occasion.kind], g.occasion.key))
    return groups


# ---------------------------------------------------------------------------------------
# Today


@dataclass(frozen=True)
class GiftReminders:
    groups: list[ReminderGroup]
    everyday: list  # store EverydayDue rows

    @property
    def people(self) -> int:
        return sum(len(g.items) for g in self.groups) + len(self.everyday)


def gift_reminders(store, today: date) -> GiftReminders:
    """What Today shows: per occasion inside its lead window, who is due a gift or a greeting
    (minus done, skipped and snoozed), and the everyday gifts due within EVERYDAY_AHEAD days."""
    ctx = load_context(store, today)
    return GiftReminders(_groups(ctx, today), store.agenda.everyday_due(today + timedelta(days=EVERYDAY_AHEAD)))


def countdown(days_left: int, lang: str | None = None) -> str:
    if days_left == 0:
        return t("giftui.countdown.today", lang=lang)
    if days_left == 1:
        return t("giftui.countdown.tomorrow", lang=lang)
    return t("giftui.countdown.days", lang=lang, days=days_left)


def group_title(group: ReminderGroup, lang: str) -> str:
    """中秋节 · 9月15日 · 八月十五 · 还有 14 天."""
    return t("giftui.group_title", lang=lang, name=group.occasion.display_name(lang), date=group.date_text(lang),
             countdown=countdown(group.days_left, lang))


def occasion_label(key: str | None, lang: str, names: dict[str, str] | None = None) -> str:
    """A gift's occasion, as the rep reads it: 中秋节, 生日, the custom name, 日常小礼, or —."""
    if not key:
        return "—"
    if key in FESTIVAL_KEYS:
        return festival_name(key, lang)
    if key == EVERYDAY_KEY:
        return t("giftui.everyday", lang=lang)
    if key.startswith("birthday"):
        return t("gifts.occasion.birthday_plain", lang=lang)
    if key.startswith("custom:") and names and key in names:
        return names[key]
    return t("gifts.occasion.custom_unnamed", lang=lang)


def custom_names(store) -> dict[str, str]:
    return {row.occasion.key: row.occasion.name for row in store.agenda.custom_occasions()}


def past_gifts(store, contact_id: int, lang: str, names: dict[str, str] | None = None) -> list:
    """(what, given_on, occasion) of every gift to this person, custom and everyday occasions
    named (festivals and birthdays the warning names itself): what the same-gift warning weighs."""
    names = custom_names(store) if names is None else names
    return [(what, given_on, occasion_label(key, lang, names)
             if key and (key.startswith("custom:") or key == EVERYDAY_KEY) else key)
            for what, given_on, key in store.gifts.past_gifts(contact_id)]


def same_gift(store, contact_id: int, what: str, lang: str) -> str | None:
    """The warning when `what` was already given to this person, else None."""
    return same_gift_warning(what, past_gifts(store, contact_id, lang), lang)


_SUGGESTED = {
    "mid_autumn": "giftui.suggest.mooncakes",
    "spring_festival": "giftui.suggest.new_year",
    "new_years_eve": "giftui.suggest.new_year",
    "dragon_boat": "giftui.suggest.zongzi",
}


def suggested_gift(occasion_key: str | None, lang: str | None = None) -> str:
    """What a gift for this occasion usually is (月饼礼盒 at Mid-Autumn); "" when nothing usual."""
    key = _SUGGESTED.get(occasion_key or "")
    return t(key, lang=lang) if key else ""


def gift_summary(occasion_key: str | None, what: str, lang: str | None = None, names=None) -> str:
    """The interaction's line for a gift: 中秋节礼品：月饼礼盒."""
    if not occasion_key:
        return what
    return t("giftui.summary.gift", lang=lang, occasion=occasion_label(occasion_key, lang or _lang(), names), what=what)


def greeting_summary(occasion: Occasion, lang: str | None = None) -> str:
    """The interaction's line for a greeting: 中秋节问候."""
    return t("giftui.summary.greeting", lang=lang, occasion=occasion.display_name(lang or _lang()))


def _lang() -> str:
    from clientbook.i18n import language

    return language()


# ---------------------------------------------------------------------------------------
# Calendar


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    kind: str                         # "occasion" | "followup" | "everyday" | "meal"
    group: ReminderGroup | None = None
    occasion: Occasion | None = None  # occasions: even when nobody is due anything
    shopping: ShoppingList | None = None
    followup: object | None = None    # FollowupItem
    everyday: object | None = None    # EverydayDue
    meal: object | None = None        # MealRow: planned, minutes not written


@dataclass(frozen=True)
class CalendarWeek:
    start: date                       # Monday
    entries: tuple[CalendarEntry, ...]


def _occurrence_groups(ctx: OccasionContext, start: date, end: date) -> list[CalendarEntry]:
    entries = []
    people_no_birthday = [replace(p, birthday=None) for p in ctx.people]
    sources: list[tuple[Occasion, list[PersonFacts]]] = [(o, people_no_birthday) for o in ctx.occasions]
    sources += [(o, people) for o, people in ctx.scoped if o.enabled]
    by_id = {p.contact_id: p for p in people_no_birthday}
    for person in ctx.people:
        if person.birthday is not None:
            occasion = birthday_occasion(person.contact_id, person.birthday, person.name, ctx.birthday_lead)
            sources.append((occasion, [by_id[person.contact_id]]))
    for occasion, people in sources:
        lead_free = replace(occasion, lead_days=0)
        for day in occurrences(occasion, start, end):
            found = due_reminders([lead_free], people, ctx.policy, day, ctx.done, {}) if people else []
            group = found[0] if found else None
            if occasion.kind == "birthday" and group is None:
                continue  # a birthday nobody needs to act on
            shopping = None
            if group is not None and occasion.kind == "festival" and group.gifts:
                shopping = shopping_list(group)
            if group is not None:
                group.occasion = occasion
                group.days_left = (day - ctx.today).days
            entries.append(CalendarEntry(day, "occasion", group=group, occasion=occasion, shopping=shopping))
    return entries


def calendar(store, today: date, days: int = CALENDAR_DAYS) -> list[CalendarWeek]:
    """The next `days` days (today included) of occasions, open follow-ups, everyday gifts and
    meals planned, by week (Monday first). Each occasion carries who is due what on it (done ones left out)
    and, for festivals with gifts, the shopping list."""
    end = today + timedelta(days=days)
    ctx = load_context(store, today, end)
    entries = _occurrence_groups(ctx, today, end)
    entries += [CalendarEntry(f.due, "followup", followup=f)
                for f in store.agenda.open_followups(end) if f.due >= today]
    entries += [CalendarEntry(max(e.due, today), "everyday", everyday=e) for e in store.agenda.everyday_due(end)]
    entries += [CalendarEntry(m.planned_at.date(), "meal", meal=m)
                for m in store.agenda.meals_ahead(datetime.combine(today, time.min), end)]
    order = {"occasion": 0, "everyday": 1, "followup": 2, "meal": 3}
    entries.sort(key=lambda e: (e.day, order[e.kind], _entry_name(e)))
    weeks: dict[date, list[CalendarEntry]] = {}
    for entry in entries:
        weeks.setdefault(entry.day - timedelta(days=entry.day.weekday()), []).append(entry)
    return [CalendarWeek(monday, tuple(weeks[monday])) for monday in sorted(weeks)]


def _entry_name(entry: CalendarEntry) -> str:
    if entry.occasion is not None:
        return entry.occasion.key
    if entry.followup is not None:
        return f"{entry.followup.due_time or time(23, 59)}{entry.followup.id:09d}"
    if entry.meal is not None:
        return f"{entry.meal.planned_at:%H:%M}{entry.meal.id:09d}"
    return ""   # everyday gifts keep the store's order: by due date, then phone-book order of names


def shopping_lists(weeks: Iterable[CalendarWeek]) -> list[CalendarEntry]:
    """The big holidays with gifts to buy, in date order."""
    return [e for w in weeks for e in w.entries if e.shopping is not None]


# ---------------------------------------------------------------------------------------
# .ics export


def ics_events(store, today: date, years: int, lang: str) -> list:
    """Every enabled occasion, birthday, open follow-up, everyday-gift date and meal planned
    from today on as CalendarEvents, alarms at the lead time. Solar ones recur yearly; lunar ones
    are computed for `years` years from this year on."""
    from clientbook.domain.ics import (
        CalendarEvent,
        birthday_events,
        followup_event,
        make_uid,
        meal_event,
        occasion_events,
    )
    from clientbook.domain.meals.labels import meal_label

    start_year = today.year
    events = []
    for occasion in store.agenda.builtin_occasions():
        if occasion.enabled:
            events += occasion_events(occasion, start_year, years, lang)
    for row in store.agenda.custom_occasions():
        summary_occasion = row.occasion
        if row.scope_name:
            summary_occasion = replace(row.occasion, name=t("giftui.ics.scoped", lang=lang, name=row.occasion.name,
                                                            scope=row.scope_name))
        events += occasion_events(summary_occasion, start_year, years, lang)
    birthdays_on, lead = store.agenda.birthday_setting()
    if birthdays_on:
        for person in store.agenda.gift_people():
            facts = person.facts
            if facts.birthday is not None:
                events += birthday_events(facts.contact_id, facts.name, facts.birthday, start_year, years, lang, lead)
    horizon = date(start_year + years, 1, 1)
    for f in store.agenda.open_followups(horizon):
        when = datetime.combine(f.due, f.due_time) if f.due_time else f.due
        events.append(followup_event(f.id, f.what, f.contact_name, when, lang, alarm_days_before=0, promise=f.promise))
    for e in store.agenda.everyday_due(horizon):
        events.append(CalendarEvent(uid=make_uid(EVERYDAY_KEY, e.contact_id), start=max(e.due, today),
                                    summary=t("giftui.ics.everyday", lang=lang, name=e.name), alarm_days_before=0))
    for m in store.agenda.meals_ahead(datetime.combine(today, time.min), horizon - timedelta(days=1)):
        events.append(meal_event(m.id, meal_label(m.title, m.cuisine, m.venue, lang), m.venue, m.guests,
                                 m.planned_at, lang))
    return events


def export_ics(store, now: datetime, years: int, lang: str) -> tuple[bytes, int]:
    """The .ics file's bytes, stamped `now` (the export time, naive local), and how many events
    it holds."""
    from clientbook.domain.ics import build_calendar

    events = ics_events(store, now.date(), years, lang)
    return build_calendar(events, lang, stamp=now.astimezone()), len(events)



# ---------------------------------------------------------------------------------------
# Today's reminder rows: what Today lists under its agenda, keyed for its x / k / z / w

SNOOZE_DAYS = {"1d": 1, "1w": 7}
GROUP_ROWS = 60  # people shown per occasion on Today; the rest follow as these are done


@dataclass(frozen=True)
class ReminderRow:
    """One row of Today's gift reminders. `kind`: "occasion" (a group's header), "person" (due a
    gift or greeting on it), "more" (how many past GROUP_ROWS), "everyday" (the everyday gifts'
    header) or "due" (an everyday gift due). Keys: h:gift:<occasion>:<year>,
    g:<occasion>:<year>:<contact_id>, h:more:<occasion>:<year>, h:everyday, e:<contact_id>."""

    key: str
    kind: str
    group: ReminderGroup | None = None
    item: object | None = None        # ReminderItem, for "person"
    due: object | None = None         # EverydayDue, for "due"
    more: int = 0                     # for "more"

    @property
    def actionable(self) -> bool:
        return self.kind in ("person", "due")


@dataclass(frozen=True)
class TodayReminders:
    people: int                       # due a gift, greeting or everyday gift, in all
    rows: tuple[ReminderRow, ...]


def reminder_rows(reminders: GiftReminders) -> TodayReminders:
    """Today's rows from its reminders: per occasion a header, then one row per person (at most
    GROUP_ROWS, then how many more), then the everyday gifts under their own header."""
    rows = []
    for group in reminders.groups:
        key = f"{group.occasion.key}:{group.year}"
        rows.append(ReminderRow(f"h:gift:{key}", "occasion", group))
        rows += [ReminderRow(f"g:{key}:{item.contact_id}", "person", group, item) for item in group.items[:GROUP_ROWS]]
        if len(group.items) > GROUP_ROWS:
            rows.append(ReminderRow(f"h:more:{key}", "more", group, more=len(group.items) - GROUP_ROWS))
    if reminders.everyday:
        rows.append(ReminderRow("h:everyday", "everyday", more=len(reminders.everyday)))
        rows += [ReminderRow(f"e:{due.contact_id}", "due", due=due) for due in reminders.everyday]
    return TodayReminders(reminders.people, tuple(rows))


def snooze_until(row: ReminderRow, choice: str | None, today: date) -> date | None:
    """Where z (a day) or w (a week) moves a reminder: never past its occasion's day; None when
    that day is today (nothing left to snooze to)."""
    until = today + timedelta(days=SNOOZE_DAYS[choice or "1d"])
    if row.kind == "due":
        return until
    until = min(until, row.group.date)
    return until if until > today else None


# ---------------------------------------------------------------------------------------
# The service: the gift screens' reads (frozen views) and commands

POSITIONS = _POSITIONS
CYCLE: list[tuple[Treatment, BudgetTier | None]] = [
    (Treatment.GIFT, BudgetTier.SMALL),
    (Treatment.GIFT, BudgetTier.STANDARD),
    (Treatment.GIFT, BudgetTier.PREMIUM),
    (Treatment.GIFT, BudgetTier.SPECIAL),
    (Treatment.GREETING, None),
    (Treatment.NONE, None),
]


def next_decision(current: tuple[Treatment, BudgetTier | None], step: int = 1) -> tuple[Treatment, BudgetTier | None]:
    index = CYCLE.index(current) if current in CYCLE else -1
    return CYCLE[(index + step) % len(CYCLE)]


@dataclass(frozen=True)
class OccasionsView:
    festivals: tuple[Occasion, ...]   # the built-ins, with the rep's on/off and lead days
    birthdays_on: bool
    birthday_lead: int
    custom: tuple[CustomOccasionRow, ...]


@dataclass(frozen=True)
class CustomOccasionDetails:
    """A custom occasion as stored (the edit form's `expected`): the table's columns, so the
    store's conflict check compares it with the row as it compares the row itself."""

    id: int
    name: str
    calendar: str
    month: int
    day: int
    leap: bool
    yearly: bool
    year: int | None
    lead_days: int
    contact_id: int | None
    company_id: int | None
    archived_at: datetime | None
    created_at: datetime


def _details(row) -> CustomOccasionDetails:
    from dataclasses import fields

    return CustomOccasionDetails(**{f.name: getattr(row, f.name) for f in fields(CustomOccasionDetails)})


@dataclass(frozen=True)
class PolicyView:
    keys: tuple[tuple[str, str], ...]  # (policy key, name) of every occasion the grid is kept for
    policy: Policy                     # as applied (effective_policy)
    edited: frozenset                  # (key, grade, position) of the cells the rep set


@dataclass(frozen=True)
class GiftLog:
    gifts: tuple[GiftRow, ...]        # newest first
    occasion_names: dict              # custom occasion key -> name
    spend: dict                       # (company, year) -> yuan


@dataclass(frozen=True)
class GiftFormView:
    name: str                         # the contact's
    occasion_names: dict
    past: tuple                       # (what, given_on, occasion) already given: the same-gift warning's


@dataclass(frozen=True)
class RhythmView:
    name: str
    rhythm: Rhythm | None


@dataclass(frozen=True)
class CalendarView:
    start: date
    end: date
    weeks: tuple[CalendarWeek, ...]
    shopping: tuple[CalendarEntry, ...]  # the big holidays with gifts to buy


class GiftsService:
    """Built on the open Store; holds nothing else, so one per call is as good as one per app."""

    def __init__(self, store) -> None:
        self._store = store

    # ------------------------------------------------------------ reads
    def occasions(self) -> OccasionsView:
        store = self._store
        birthdays_on, lead = store.agenda.birthday_setting()
        return OccasionsView(tuple(store.agenda.builtin_occasions()), birthdays_on, lead,
                             tuple(store.agenda.custom_occasions()))

    def custom_occasion(self, occasion_id: int) -> CustomOccasionDetails:
        return _details(self._store.gifts.get_custom_occasion(occasion_id))

    def scope_name(self, contact_id: int | None = None, company_id: int | None = None) -> str:
        """The name of the contact or company a custom occasion is added for."""
        if contact_id is not None:
            return self._store.contacts.get_contact(contact_id).contact.name
        return self._store.contacts.get_company(company_id).name

    def policy(self, lang: str) -> PolicyView:
        store = self._store
        keys = [(o.key, o.display_name(lang)) for o in BUILTIN_OCCASIONS]
        keys.append((BIRTHDAY_POLICY_KEY, t("giftui.occasions.birthdays", lang=lang)))
        keys.append((CUSTOM_POLICY_KEY, t("giftui.policy.custom_default", lang=lang)))
        keys += [(row.occasion.key, row.occasion.name) for row in store.agenda.custom_occasions()]
        edited = frozenset((r.occasion_key, r.grade, r.position) for r in store.agenda.policy_rules())
        return PolicyView(tuple(keys), effective_policy(store), edited)

    def gift_log(self) -> GiftLog:
        store = self._store
        return GiftLog(tuple(store.gifts.given()), custom_names(store), store.gifts.gift_spend())

    def gift_form(self, contact_id: int, lang: str) -> GiftFormView:
        """The contact's name and past gifts, custom and everyday occasions named, for the warning."""
        store = self._store
        names = custom_names(store)
        return GiftFormView(store.contacts.get_contact(contact_id).contact.name, names,
                            tuple(past_gifts(store, contact_id, lang, names)))

    def rhythm(self, contact_id: int) -> RhythmView:
        return RhythmView(self._store.contacts.get_contact(contact_id).contact.name,
                          self._store.gifts.everyday_rhythm(contact_id))

    def calendar(self, today: date, days: int = CALENDAR_DAYS) -> CalendarView:
        weeks = calendar(self._store, today, days)
        return CalendarView(today, today + timedelta(days=days), tuple(weeks), tuple(shopping_lists(weeks)))

    def today_reminders(self, today: date) -> TodayReminders:
        return reminder_rows(gift_reminders(self._store, today))

    # ------------------------------------------------------------ commands (run through app.write)
    def toggle_occasion(self, key: str) -> None:
        """Switch a built-in occasion (or every birthday: key "birthday") on or off."""
        enabled, lead = self._setting(key)
        self._store.gifts.set_occasion_setting(key, not enabled, lead)

    def set_lead_days(self, key: str, days: int) -> None:
        enabled, _lead = self._setting(key)
        self._store.gifts.set_occasion_setting(key, enabled, days)

    def _setting(self, key: str) -> tuple[bool, int]:
        if key == "birthday":
            return self._store.agenda.birthday_setting()
        occasion = next(o for o in self._store.agenda.builtin_occasions() if o.key == key)
        return occasion.enabled, occasion.lead_days

    def add_custom_occasion(self, data, now: datetime) -> int:
        return self._store.gifts.add_custom_occasion(data, now)

    def update_custom_occasion(self, occasion_id: int, data, expected: CustomOccasionDetails | None = None) -> None:
        from clientbook.errors import Conflict

        try:
            self._store.gifts.update_custom_occasion(occasion_id, data, expected)
        except Conflict as conflict:  # the book's version, as a view
            raise Conflict(_details(conflict.current)) from None

    def delete_custom_occasion(self, occasion_id: int, now: datetime) -> str:
        """Archive it; returns its name, for the message saying so."""
        name = self._store.gifts.get_custom_occasion(occasion_id).name
        self._store.gifts.archive_custom_occasion(occasion_id, now)
        return name

    def cycle_policy_cell(self, key: str, grade: Grade, position: Position, step: int) -> None:
        """The cell's next (step 1) or previous (-1) decision: gift small → … → special → greeting → nothing."""
        treatment, tier = next_decision(decide(effective_policy(self._store), key, grade, position), step)
        self._store.gifts.set_policy_cell(key, grade, position, treatment, tier)

    def reset_policy_cell(self, key: str, grade: Grade, position: Position) -> None:
        self._store.gifts.reset_policy_cell(key, grade, position)

    def log_gift(self, data, now: datetime, reminder: tuple[str, int] | None = None) -> Rhythm | None:
        """Record the gift and its interaction (done for `reminder`, when from one); returns the
        contact's everyday rhythm, whose next day a gift redraws."""
        summary = gift_summary(data.occasion_key, data.what, names=custom_names(self._store))
        self._store.gifts.record_gift(data, now, summary=summary, reminder=reminder)
        return self._store.gifts.everyday_rhythm(data.contact_id)

    def set_rhythm(self, contact_id: int, rhythm: tuple[int, int] | None, today: date) -> date | None:
        """Set (None: clear) the everyday-gift rhythm; returns the next day drawn."""
        return self._store.gifts.set_everyday_rhythm(contact_id, rhythm, today)

    def greet(self, row: ReminderRow, now: datetime) -> None:
        """A greeting reminder done: the greeting is logged as an interaction."""
        occasion = row.group.occasion
        self._store.gifts.record_greeting(row.item.contact_id, greeting_summary(occasion), now,
                                          (occasion.key, row.group.year))

    def skip(self, row: ReminderRow, now: datetime) -> date | None:
        """k on a reminder: this occasion is skipped for them; an everyday gift draws its next
        day (returned)."""
        if row.kind == "due":
            return self._store.gifts.redraw_everyday(row.due.contact_id, now.date())
        self._store.gifts.set_reminder_state(row.group.occasion.key, row.group.year, row.item.contact_id,
                                             "skipped", now)
        return None

    def snooze(self, row: ReminderRow, until: date, now: datetime) -> None:
        if row.kind == "due":
            self._store.gifts.snooze_everyday(row.due.contact_id, until)
        else:
            self._store.gifts.set_reminder_state(row.group.occasion.key, row.group.year, row.item.contact_id, "snoozed",
                                           now, until)


__all__ = [
    "CALENDAR_DAYS", "CalendarEntry", "CalendarWeek", "EVERYDAY_AHEAD",
    "GiftReminders", "OccasionContext", "birthday_months", "calendar", "countdown", "custom_names", "effective_policy",
    "export_ics", "gift_reminders", "gift_summary", "greeting_summary", "group_title",
    "ics_events", "load_context", "occasion_label", "past_gifts", "same_gift", "shopping_lists", "suggested_gift",
    "GiftsService", "ReminderRow", "TodayReminders", "reminder_rows", "snooze_until", "next_decision",
]
