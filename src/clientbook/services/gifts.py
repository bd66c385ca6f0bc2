"""Occasions, gift reminders, the 90-day calendar and the .ics export, composed from the store's
rows and the pure rules of domain/gifts/ -- shared by the Today and Calendar screens and the
`clientbook export` command.

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
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gifts.occasions import Occasion, birthday_occasion, occurrences
from clientbook.domain.gifts.policy import Policy, Treatment, decide
from clientbook.domain.gifts.reminders import PersonFacts, ReminderGroup, due_reminders
from clientbook.domain.gifts.shopping import ShoppingList, same_gift_warning, shopping_list
from clientbook.domain.lunar import FESTIVAL_KEYS, festival_name
from clientbook.i18n import t

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
    birthdays_on, birthday_lead = store.birthday_setting()
    end = until or today + timedelta(days=birthday_lead)
    people_rows = store.gift_people(birthday_months(today, end) if birthdays_on else set())
    people = [p.facts for p in people_rows]  # birthdays already None when switched off
    occasions = [o for o in store.builtin_occasions() if o.enabled]
    scoped: list[tuple[Occasion, list[PersonFacts]]] = []
    policy = store.policy()
    for row in store.custom_occasions():
        if row.contact_id is not None:
            scoped.append((row.occasion, [replace(p.facts, birthday=None) for p in people_rows
                                          if p.facts.contact_id == row.contact_id]))
            policy = _greet_at_least(policy, row.occasion.key)
        elif row.company_id is not None:
            scoped.append((row.occasion, [replace(p.facts, birthday=None) for p in people_rows
                                          if p.company_id == row.company_id]))
        else:
            occasions.append(row.occasion)
    done, snoozed = store.reminder_states(today.year - 1)
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
    policy = store.policy()
    for row in store.custom_occasions():
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


@dataclass
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
    return GiftReminders(_groups(ctx, today), store.everyday_due(today + timedelta(days=EVERYDAY_AHEAD)))


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
    return {row.occasion.key: row.occasion.name for row in store.custom_occasions()}


def same_gift(store, contact_id: int, what: str, lang: str) -> str | None:
    """The warning when `what` was already given to this person, else None."""
    names = custom_names(store)
    past = [(w, d, occasion_label(k, lang, names) if k and k not in FESTIVAL_KEYS and not k.startswith("birthday") else k)
            for w, d, k in store.past_gifts(contact_id)]
    return same_gift_warning(what, past, lang)


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


@dataclass
class CalendarEntry:
    day: date
    kind: str                         # "occasion" | "followup" | "everyday"
    group: ReminderGroup | None = None
    occasion: Occasion | None = None  # occasions: even when nobody is due anything
    shopping: ShoppingList | None = None
    followup: object | None = None    # FollowupItem
    everyday: object | None = None    # EverydayDue


@dataclass
class CalendarWeek:
    start: date                       # Monday
    entries: list[CalendarEntry] = field(default_factory=list)


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
    """The next `days` days (today included) of occasions, open follow-ups and everyday gifts,
    by week (Monday first). Each occasion carries who is due what on it (done ones left out)
    and, for festivals with gifts, the shopping list."""
    end = today + timedelta(days=days)
    ctx = load_context(store, today, end)
    entries = _occurrence_groups(ctx, today, end)
    entries += [CalendarEntry(f.due, "followup", followup=f) for f in store.open_followups(end) if f.due >= today]
    entries += [CalendarEntry(max(e.due, today), "everyday", everyday=e) for e in store.everyday_due(end)]
    order = {"occasion": 0, "everyday": 1, "followup": 2}
    entries.sort(key=lambda e: (e.day, order[e.kind], _entry_name(e)))
    weeks: dict[date, CalendarWeek] = {}
    for entry in entries:
        monday = entry.day - timedelta(days=entry.day.weekday())
        weeks.setdefault(monday, CalendarWeek(monday)).entries.append(entry)
    return [weeks[k] for k in sorted(weeks)]


def _entry_name(entry: CalendarEntry) -> str:
    if entry.occasion is not None:
        return entry.occasion.key
    if entry.followup is not None:
        return f"{entry.followup.due_time or time(23, 59)}{entry.followup.id:09d}"
    return entry.everyday.name


def shopping_lists(weeks: Iterable[CalendarWeek]) -> list[CalendarEntry]:
    """The big holidays with gifts to buy, in date order."""
    return [e for w in weeks for e in w.entries if e.shopping is not None]


# ---------------------------------------------------------------------------------------
# .ics export


def ics_events(store, today: date, years: int, lang: str) -> list:
    """Every enabled occasion, birthday, open follow-up and everyday-gift date as CalendarEvents,
    alarms at the lead time. Solar ones recur yearly; lunar ones are computed for `years` years
    from this year on."""
    from clientbook.domain.ics import CalendarEvent, birthday_events, followup_event, make_uid, occasion_events

    start_year = today.year
    events = []
    for occasion in store.builtin_occasions():
        if occasion.enabled:
            events += occasion_events(occasion, start_year, years, lang)
    for row in store.custom_occasions():
        summary_occasion = row.occasion
        if row.scope_name:
            summary_occasion = replace(row.occasion, name=t("giftui.ics.scoped", lang=lang, name=row.occasion.name,
                                                            scope=row.scope_name))
        events += occasion_events(summary_occasion, start_year, years, lang)
    birthdays_on, lead = store.birthday_setting()
    if birthdays_on:
        for person in store.gift_people():
            facts = person.facts
            if facts.birthday is not None:
                events += birthday_events(facts.contact_id, facts.name, facts.birthday, start_year, years, lang, lead)
    horizon = date(start_year + years, 1, 1)
    for f in store.open_followups(horizon):
        when = datetime.combine(f.due, f.due_time) if f.due_time else f.due
        events.append(followup_event(f.id, f.what, f.contact_name, when, lang, alarm_days_before=0))
    for e in store.everyday_due(horizon):
        events.append(CalendarEvent(uid=make_uid(EVERYDAY_KEY, e.contact_id), start=max(e.due, today),
                                    summary=t("giftui.ics.everyday", lang=lang, name=e.name), alarm_days_before=0))
    return events


def export_ics(store, today: date, years: int, lang: str) -> tuple[bytes, int]:
    """The .ics file's bytes and how many events it holds."""
    from clientbook.domain.ics import build_calendar

    events = ics_events(store, today, years, lang)
    return build_calendar(events, lang), len(events)


__all__ = [
    "CALENDAR_DAYS", "CalendarEntry", "CalendarWeek", "EVERYDAY_AHEAD",
    "GiftReminders", "OccasionContext", "birthday_months", "calendar", "countdown", "custom_names", "effective_policy",
    "export_ics", "gift_reminders", "gift_summary", "greeting_summary", "group_title",
    "ics_events", "load_context", "occasion_label", "same_gift", "shopping_lists", "suggested_gift",
]
