"""The rep's agenda (domain §6, §8): follow-ups by day, promises first; who is due a contact."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

UPCOMING_DAYS = 7
SNOOZE_CHOICES = {"1d": timedelta(days=1), "1w": timedelta(weeks=1)}


@dataclass(frozen=True)
class FollowupItem:
    id: int
    contact_id: int
    contact_name: str
    company: str | None
    what: str
    due: date
    due_time: time | None
    promise: bool          # True: we promised it (我方承诺); False: we wait for them


@dataclass
class Agenda:
    overdue: list[FollowupItem] = field(default_factory=list)
    today: list[FollowupItem] = field(default_factory=list)
    upcoming: list[FollowupItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.upcoming)


def agenda_order(item: FollowupItem) -> tuple:
    """By day; within a day promises first, then by time (untimed last), then oldest first."""
    return (item.due, not item.promise, item.due_time is None, item.due_time or time(0), item.id)


def build_agenda(items: list[FollowupItem], today: date) -> Agenda:
    """Open follow-ups sorted into overdue, today and the next 7 days; later ones are left out."""
    agenda = Agenda()
    horizon = today + timedelta(days=UPCOMING_DAYS)
    for item in sorted(items, key=agenda_order):
        if item.due < today:
            agenda.overdue.append(item)
        elif item.due == today:
            agenda.today.append(item)
        elif item.due <= horizon:
            agenda.upcoming.append(item)
    return agenda


def cadence_days(grade: str | None, override: int | None, cadences: dict[str, int]) -> int | None:
    """Days between contacts for a contact: their own override, else their company's grade."""
    if override:
        return override
    return cadences.get(grade) if grade else None


def days_overdue(last_contact: date | None, known_since: date, cadence: int | None, today: date) -> int | None:
    """Days past the cadence (0 = due today); None when not due or no cadence applies.

    A contact never contacted counts from the day they entered the book.
    """
    if not cadence:
        return None
    due_on = (last_contact or known_since) + timedelta(days=cadence)
    return (today - due_on).days if today >= due_on else None


def snooze_target(due: date, today: date, choice: str) -> date:
    """Snoozing moves from today when the item is already overdue, else from its due day."""
    return max(due, today) + SNOOZE_CHOICES[choice]
