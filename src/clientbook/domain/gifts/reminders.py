"""Gift and greeting reminders (domain §10), and everyday small gifts.

* The "year" of an occurrence, in `done` and `snoozed` keys, is the solar year of its date.
* A reminder is due while today <= date <= today + lead_days (lead 0: on the day only).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gifts.occasions import (
    BIRTHDAY_LEAD_DAYS,
    Occasion,
    birthday_occasion,
    format_occasion_date,
    next_occurrence,
)
from clientbook.domain.gifts.policy import BudgetTier, Decision, Treatment, decide
from clientbook.domain.lunar import Birthday, format_lunar, solar_to_lunar


# ---------------------------------------------------------------------------------------
# Reminders


@dataclass(frozen=True)
class PersonFacts:
    contact_id: int
    name: str
    company: str | None
    grade: Grade | str | None
    position: Position | str | None
    birthday: Birthday | None = None


@dataclass(frozen=True)
class ReminderItem:
    contact_id: int
    name: str
    company: str | None
    treatment: Treatment
    budget_tier: BudgetTier | None


@dataclass
class ReminderGroup:
    occasion: Occasion
    date: date
    days_left: int
    lunar: tuple[int, int, bool] | None  # (month, day, leap) of `date`, for lunar occasions
    items: list[ReminderItem] = field(default_factory=list)

    @property
    def year(self) -> int:
        """The occurrence's year as used in done/snoozed keys (solar year of the date)."""
        return self.date.year

    def lunar_text(self, lang: str) -> str | None:
        if self.lunar is None:
            return None
        return format_lunar(*self.lunar, lang)

    def date_text(self, lang: str) -> str:
        return format_occasion_date(self.date, self.occasion, lang)

    @property
    def gifts(self) -> list[ReminderItem]:
        return [i for i in self.items if i.treatment is Treatment.GIFT]

    @property
    def greetings(self) -> list[ReminderItem]:
        return [i for i in self.items if i.treatment is Treatment.GREETING]


OccurrenceKey = tuple[str, int, int]  # (occasion_key, year, contact_id)
_KIND_ORDER = {"festival": 0, "custom": 1, "birthday": 2}


def _item_order(item: ReminderItem) -> tuple:
    """Gifts first, the dearest first, by company; people of one company keep the order of
    `people` (the store's phone-book order, domain.search.sort_key): a stable sort."""
    tier_rank = item.budget_tier.rank if item.budget_tier is not None else -1
    return (item.treatment is not Treatment.GIFT, -tier_rank, item.company or "")


def _group(
    occasion: Occasion,
    today: date,
    people: Iterable[PersonFacts],
    policy: Mapping[tuple[str, Grade, Position], Decision],
    done: set[OccurrenceKey] | frozenset[OccurrenceKey],
    snoozed: Mapping[OccurrenceKey, date],
) -> ReminderGroup | None:
    when = next_occurrence(occasion, today)
    if when is None or (when - today).days > occasion.lead_days:
        return None
    items = []
    for person in people:
        key = (occasion.key, when.year, person.contact_id)
        if key in done:
            continue
        remind_from = snoozed.get(key)
        if remind_from is not None and today < remind_from:
            continue
        treatment, tier = decide(policy, occasion.key, person.grade, person.position)
        if treatment is Treatment.NONE:
            continue
        items.append(ReminderItem(person.contact_id, person.name, person.company, treatment, tier))
    if not items:
        return None
    lunar = solar_to_lunar(when)[1:] if occasion.is_lunar else None
    return ReminderGroup(occasion, when, (when - today).days, lunar, sorted(items, key=_item_order))


def due_reminders(
    occasions: Iterable[Occasion],
    people: list[PersonFacts],
    policy: Mapping[tuple[str, Grade, Position], Decision],
    today: date,
    done: set[OccurrenceKey] | frozenset[OccurrenceKey] = frozenset(),
    snoozed: Mapping[OccurrenceKey, date] | None = None,
    birthday_lead_days: int = BIRTHDAY_LEAD_DAYS,
) -> list[ReminderGroup]:
    """The gift and greeting reminders due today, one group per occasion, sorted by date.

    An occasion is due while today <= its next date <= today + lead_days; disabled ones
    never. Each group lists the people the policy gives a gift or a greeting, minus those
    in `done` (given, sent or skipped) for that occurrence and those snoozed to a later
    "remind from" date. Birthdays come from `people`, one group per person, with
    `birthday_lead_days` -- unless `occasions` holds a birthday occasion with the same key
    (birthday:<id>), which then decides calendar, lead time and whether it is enabled.
    Empty groups are left out. `people` come in the order a group lists them (by name).
    """
    snoozed = snoozed or {}
    by_id = {p.contact_id: p for p in people}
    groups: list[ReminderGroup] = []
    explicit_birthdays: set[str] = set()
    for occasion in occasions:
        if occasion.kind == "birthday":
            explicit_birthdays.add(occasion.key)
            person = by_id.get(occasion.contact_id)  # type: ignore[arg-type]
            candidates = [person] if person is not None else []
        else:
            candidates = people
        if not occasion.enabled:
            continue
        group = _group(occasion, today, candidates, policy, done, snoozed)
        if group is not None:
            groups.append(group)
    for person in people:
        if person.birthday is None:
            continue
        occasion = birthday_occasion(person.contact_id, person.birthday, person.name, birthday_lead_days)
        if occasion.key in explicit_birthdays:
            continue
        group = _group(occasion, today, [person], policy, done, snoozed)
        if group is not None:
            groups.append(group)
    groups.sort(key=lambda g: (g.date, _KIND_ORDER[g.occasion.kind], g.occasion.key))
    return groups


# ---------------------------------------------------------------------------------------
# Everyday small gifts: never on a pattern the receiver can learn (§10)


def next_everyday_gift(last: date, low_days: int, high_days: int, rng: random.Random) -> date:
    """A date drawn uniformly from [last + low_days, last + high_days]."""
    for name, value in (("low_days", low_days), ("high_days", high_days)):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"{name} must be an int > 0, not {value!r}")
    if low_days > high_days:
        raise ValueError(f"low_days ({low_days}) must not exceed high_days ({high_days})")
    return last + timedelta(days=rng.randint(low_days, high_days))


def rng_for(contact_id: int, last: date, secret: int) -> random.Random:
    """A generator seeded by (secret, contact, last gift): the same inputs give the same
    date (stable across runs), other contacts and every new gift give fresh draws.
    `secret` is a per-book random number, so dates cannot be guessed from ids."""
    digest = hashlib.sha256(f"{secret}:{contact_id}:{last.isoformat()}".encode()).digest()
    return random.Random(int.from_bytes(digest[:16], "big"))
