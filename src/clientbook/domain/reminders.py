"""What `clientbook remind` tells the rep at `now`, and the key that keeps it from telling twice.
Pure: the clock is the `now` passed in; what was given already is the set of keys passed in.

Rules (tests/unit/test_reminders.py):
* A follow-up: from an hour before it is due (a day's follow-up without a time is due at the
  start of its day), once; keyed by the day it is due, or today once it is overdue, so an
  overdue one comes back once each day until it is done.
* A meal: from two hours before it, once, with the first lines of its preparation sheet.
* A festival's or birthday's gifts: once, when its lead time has started (the first run on or
  after that day); an everyday gift: once for each day it is due.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from clientbook.domain.agenda import FollowupItem
from clientbook.domain.dates import day_text
from clientbook.i18n import t

FOLLOWUP_AHEAD = timedelta(hours=1)
MEAL_AHEAD = timedelta(hours=2)


@dataclass(frozen=True)
class Reminder:
    key: str                       # given once: kept in the book (reminder_given)
    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class MealSoon:
    id: int
    label: str
    planned_at: datetime
    venue: str
    guests: tuple[str, ...]
    prep: tuple[str, ...]          # the preparation sheet's first lines


@dataclass(frozen=True)
class GiftsDue:
    key: str                       # occasion key and year: gift:mid_autumn:2027
    title: str                     # the occasion, its date and days left, as Today titles it
    people: tuple[str, ...]        # who, and what (gift or greeting)


def followup_due_at(item: FollowupItem) -> datetime:
    return datetime.combine(item.due, item.due_time or time.min)


def followup_reminders(now: datetime, items: Iterable[FollowupItem], lang: str) -> list[Reminder]:
    today = now.date()
    found = []
    for item in items:
        due_at = followup_due_at(item)
        if due_at > now + FOLLOWUP_AHEAD:
            continue
        overdue = item.due < today or (item.due_time is not None and due_at < now)
        mark = t("today.promise_mark" if item.promise else "today.theirs_mark", lang=lang)
        who = item.contact_name if not item.company else (
            f"{item.contact_name}（{item.company}）" if lang == "zh" else f"{item.contact_name} ({item.company})")
        title = t("remind.followup.overdue" if overdue else "remind.followup.due", lang=lang,
                  when=day_text(item.due, today, lang, item.due_time), mark=mark, who=who, what=item.what)
        found.append(Reminder(f"followup:{item.id}:{max(item.due, today).isoformat()}", title))
    return found


def meal_reminders(now: datetime, meals: Iterable[MealSoon], lang: str) -> list[Reminder]:
    found = []
    for meal in meals:
        if now <= meal.planned_at <= now + MEAL_AHEAD:
            title = t("remind.meal", lang=lang, time=meal.planned_at.strftime("%H:%M"), label=meal.label,
                      venue=meal.venue or "—")
            found.append(Reminder(f"meal:{meal.id}:{meal.planned_at.isoformat()}", title, meal.prep))
    return found


def gift_reminders(gifts: Iterable[GiftsDue], everyday: Iterable[tuple[int, str, date]], today: date,
                   lang: str) -> list[Reminder]:
    """`everyday`: (contact id, name, due day) of everyday gifts; only those due by today."""
    found = [Reminder(g.key, g.title, g.people) for g in gifts]
    for contact_id, name, due in everyday:
        if due <= today:
            found.append(Reminder(f"everyday:{contact_id}:{due.isoformat()}",
                                  t("remind.everyday", lang=lang, name=name, date=day_text(due, today, lang))))
    return found


def not_given(reminders: Iterable[Reminder], given: Collection[str]) -> list[Reminder]:
    """Those never given before, each key once."""
    seen = set(given)
    fresh = []
    for reminder in reminders:
        if reminder.key not in seen:
            seen.add(reminder.key)
            fresh.append(reminder)
    return fresh
