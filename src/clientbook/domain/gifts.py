"""Occasions, the gift policy, gift reminders and the gift log (domain §8, §10).

Pure: no Textual, no SQL, no clock reads -- "today" is always an argument.

Rules (each tested in tests/unit/test_gifts.py):

* Built-in festivals use lunar.festival_date, so they are exact wherever lunar.py is
  (1800-2399; the tests check 2020-2035 against published tables). 除夕 is the day before
  春节 (腊月廿九 or 三十).
* Custom lunar occasions (a company anniversary kept in the lunar calendar) and lunar
  birthdays follow lunar.birthday_in_year: a leap-month date, in a year without that leap
  month, falls in the same-numbered regular month; day 30, in a 29-day month, falls on
  day 29. A solar 29 February falls on 28 February in common years.
* A yearly occasion with a `year` occurs from that year on (lunar year for lunar ones);
  a one-off occasion (yearly=False) occurs only in its `year`.
* The "year" of an occurrence, in `done` and `snoozed` keys, is the solar year of its date.
* A reminder is due while today <= date <= today + lead_days (lead 0: on the day only).
* Unknown company grade counts as C, unknown position as staff.
"""

from __future__ import annotations

import hashlib
import random
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Literal

from clientbook.domain.enums import Grade, Position
from clientbook.domain.lunar import (
    FESTIVAL_KEYS,
    MAX_YEAR,
    MIN_YEAR,
    Birthday,
    birthday_in_year,
    festival_date,
    festival_name,
    format_lunar,
    solar_to_lunar,
)
from clientbook.i18n import t

Kind = Literal["festival", "birthday", "custom"]
CalendarName = Literal["solar", "lunar"]
KINDS = ("festival", "birthday", "custom")

# Lead days (domain §10: gifts must be bought and sent before the day).
BIRTHDAY_LEAD_DAYS = 3
LEAD_DAYS = {"spring_festival": 21, "mid_autumn": 21, "dragon_boat": 7}  # others: 0, on the day

# ---------------------------------------------------------------------------------------
# Occasions


@dataclass(frozen=True)
class Occasion:
    """Something that happens on a date: a festival, a contact's birthday, or a custom date.

    key: a festival key of lunar.FESTIVAL_KEYS ("mid_autumn"), "birthday:<contact_id>" or
    "custom:<id>". name: "" for festivals (named by key), the person's name for birthdays,
    the name as typed for custom occasions. `year`: the only year of a one-off occasion, or
    the first year of a yearly one (None: every year). Lunar years for lunar occasions.
    """

    key: str
    name: str
    calendar: CalendarName
    month: int
    day: int
    leap: bool = False
    yearly: bool = True
    year: int | None = None
    kind: Kind = "custom"
    lead_days: int = 0
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")
        if self.kind == "festival" and self.key not in FESTIVAL_KEYS:
            raise ValueError(f"unknown festival key {self.key!r}")
        if self.kind == "birthday" and not self.key.startswith("birthday:"):
            raise ValueError(f"a birthday key reads birthday:<contact_id>, not {self.key!r}")
        if self.kind == "custom" and not self.key.startswith("custom:"):
            raise ValueError(f"a custom occasion key reads custom:<id>, not {self.key!r}")
        if not isinstance(self.lead_days, int) or isinstance(self.lead_days, bool) or self.lead_days < 0:
            raise ValueError(f"lead_days must be an int >= 0, not {self.lead_days!r}")
        if not self.yearly and self.year is None:
            raise ValueError("a one-off occasion needs its year")
        if self.year is not None and not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year must be within {MIN_YEAR}..{MAX_YEAR}")
        # Shape checks (calendar, month, day, leap; 29 February of a one-off year) as for birthdays.
        self.as_birthday()

    def as_birthday(self) -> Birthday:
        """The month/day as a Birthday, so birthday rules apply (year only for one-offs)."""
        return Birthday(self.calendar, self.month, self.day, None if self.yearly else self.year, self.leap)

    @property
    def contact_id(self) -> int | None:
        """The contact of a birthday occasion."""
        if self.kind != "birthday":
            return None
        try:
            return int(self.key.split(":", 1)[1])
        except ValueError:
            return None

    @property
    def is_lunar(self) -> bool:
        return self.calendar == "lunar"

    def display_name(self, lang: str) -> str:
        if self.kind == "festival":
            return festival_name(self.key, lang)
        if self.kind == "birthday":
            if self.name:
                return t("gifts.occasion.birthday", lang=lang, name=self.name)
            return t("gifts.occasion.birthday_plain", lang=lang)
        return self.name or t("gifts.occasion.custom_unnamed", lang=lang)


def _festival(key: str, calendar: CalendarName, month: int, day: int, enabled: bool = True) -> Occasion:
    return Occasion(
        key=key, name="", calendar=calendar, month=month, day=day, kind="festival",
        lead_days=LEAD_DAYS.get(key, 0), enabled=enabled,
    )


# 除夕 is written as 腊月三十; its dates come from festival_date (the day before 春节).
BUILTIN_OCCASIONS: tuple[Occasion, ...] = (
    _festival("new_year", "solar", 1, 1),
    _festival("new_years_eve", "lunar", 12, 30),
    _festival("spring_festival", "lunar", 1, 1),
    _festival("lantern", "lunar", 1, 15),
    _festival("labour_day", "solar", 5, 1),
    _festival("dragon_boat", "lunar", 5, 5),
    _festival("teachers_day", "solar", 9, 10),
    _festival("mid_autumn", "lunar", 8, 15),
    _festival("national_day", "solar", 10, 1),
    _festival("double_ninth", "lunar", 9, 9, enabled=False),
)


def builtin_occasion(key: str) -> Occasion:
    """The built-in occasion `key`; KeyError if there is none."""
    for occasion in BUILTIN_OCCASIONS:
        if occasion.key == key:
            return occasion
    raise KeyError(key)


def birthday_occasion(
    contact_id: int, birthday: Birthday, name: str = "", lead_days: int = BIRTHDAY_LEAD_DAYS
) -> Occasion:
    """A contact's birthday as an occasion (key birthday:<contact_id>), from the birth year on."""
    return Occasion(
        key=f"birthday:{contact_id}", name=name, calendar=birthday.calendar, month=birthday.month,
        day=birthday.day, leap=birthday.leap, yearly=True, year=birthday.year, kind="birthday",
        lead_days=lead_days,
    )


def _clip_years(first: int, last: int) -> range:
    return range(max(first, MIN_YEAR), min(last, MAX_YEAR) + 1)


def occurrences(occasion: Occasion, start: date, end: date) -> list[date]:
    """Every date of `occasion` with start <= date <= end, in order."""
    if end < start:
        return []
    if occasion.kind == "festival":
        # Lunar festivals of lunar year Y fall in solar Y (腊八 sometimes in Y+1); 除夕 of Y in Y.
        years = _clip_years(start.year - 1, end.year + 1)
        found = {festival_date(occasion.key, y) for y in years}
    else:
        rule = Birthday(occasion.calendar, occasion.month, occasion.day, None, occasion.leap)
        if occasion.calendar == "solar":
            years = _clip_years(start.year, end.year)
        else:  # lunar year Y runs into solar Y+1
            years = _clip_years(start.year - 1, end.year)
        if not occasion.yearly:
            years = [occasion.year] if occasion.year in years else []  # type: ignore[assignment]
        elif occasion.year is not None:
            years = [y for y in years if y >= occasion.year]  # type: ignore[assignment]
        found = {birthday_in_year(rule, y) for y in years}
    return sorted(d for d in found if start <= d <= end)


def next_occurrence(occasion: Occasion, today: date) -> date | None:
    """The first date on or after `today`; None for a one-off that is over."""
    upcoming = occurrences(occasion, today, today + timedelta(days=800))
    return upcoming[0] if upcoming else None


def format_occasion_date(d: date, occasion: Occasion, lang: str) -> str:
    """zh 9月25日 · 八月十五 / en Sep 25 · lunar 8/15; the lunar part only for lunar occasions.

    The lunar part is the lunar date of `d` itself (so a day-30 birthday kept on day 29
    shows 廿九).
    """
    month = t("gifts.months", lang=lang).split()[d.month - 1]
    solar = t("gifts.date.solar", lang=lang, month=month, day=d.day)
    if not occasion.is_lunar:
        return solar
    _, lunar_month, lunar_day, leap = solar_to_lunar(d)
    lunar = format_lunar(lunar_month, lunar_day, leap, lang)
    return t("gifts.date.with_lunar", lang=lang, solar=solar, lunar=lunar)


# ---------------------------------------------------------------------------------------
# Policy


class Treatment(str, Enum):
    GIFT = "gift"
    GREETING = "greeting"
    NONE = "none"

    def label(self, lang: str | None = None) -> str:
        return _TREATMENT_LABELS[self](lang)


class BudgetTier(str, Enum):
    SMALL = "small"
    STANDARD = "standard"
    PREMIUM = "premium"
    SPECIAL = "special"

    def label(self, lang: str | None = None) -> str:
        return _TIER_LABELS[self](lang)

    @property
    def rank(self) -> int:
        return list(BudgetTier).index(self)


_TREATMENT_LABELS = {
    Treatment.GIFT: lambda lang: t("gifts.treatment.gift", lang=lang),
    Treatment.GREETING: lambda lang: t("gifts.treatment.greeting", lang=lang),
    Treatment.NONE: lambda lang: t("gifts.treatment.none", lang=lang),
}
_TIER_LABELS = {
    BudgetTier.SMALL: lambda lang: t("gifts.tier.small", lang=lang),
    BudgetTier.STANDARD: lambda lang: t("gifts.tier.standard", lang=lang),
    BudgetTier.PREMIUM: lambda lang: t("gifts.tier.premium", lang=lang),
    BudgetTier.SPECIAL: lambda lang: t("gifts.tier.special", lang=lang),
}

# ¥ per gift, (low, high).
BUDGET_RANGES: dict[BudgetTier, tuple[int, int]] = {
    BudgetTier.SMALL: (50, 150),
    BudgetTier.STANDARD: (150, 400),
    BudgetTier.PREMIUM: (400, 1000),
    BudgetTier.SPECIAL: (1000, 2000),
}

Decision = tuple[Treatment, BudgetTier | None]
Policy = dict[tuple[str, Grade, Position], Decision]

# Policy keys besides the festival keys: every birthday, every custom occasion, and the
# catch-all for any occasion without rows of its own.
BIRTHDAY_POLICY_KEY = "birthday"
CUSTOM_POLICY_KEY = "custom"
DEFAULT_POLICY_KEY = "*"


@dataclass(frozen=True)
class PolicyRule:
    """One row of the policy: what `position` people at `grade` companies get on an occasion.

    budget_tier is None unless treatment is GIFT.
    """

    occasion_key: str
    grade: Grade
    position: Position
    treatment: Treatment
    budget_tier: BudgetTier | None = None

    def __post_init__(self) -> None:
        if (self.treatment is Treatment.GIFT) != (self.budget_tier is not None):
            raise ValueError("a gift needs a budget tier, and only a gift has one")


_G, _W, _N = Treatment.GIFT, Treatment.GREETING, Treatment.NONE
_S, _STD, _P, _X = BudgetTier.SMALL, BudgetTier.STANDARD, BudgetTier.PREMIUM, BudgetTier.SPECIAL
_POSITIONS = (Position.BOSS, Position.MANAGER, Position.STAFF, Position.CLERK)

# Per grade, one entry per position (boss, manager, staff, clerk).
_TABLES: dict[str, dict[Grade, tuple[Decision, ...]]] = {
    "mid_autumn": {
        Grade.A: ((_G, _X), (_G, _P), (_G, _STD), (_G, _S)),
        Grade.B: ((_G, _P), (_G, _STD), (_G, _S), (_G, _S)),
        Grade.C: ((_G, _STD), (_G, _S), (_W, None), (_W, None)),
        Grade.D: ((_W, None), (_W, None), (_N, None), (_N, None)),
    },
    "spring_festival": {
        Grade.A: ((_G, _X), (_G, _P), (_W, None), (_W, None)),
        Grade.B: ((_G, _STD), (_G, _STD), (_W, None), (_W, None)),
        Grade.C: ((_W, None), (_W, None), (_W, None), (_W, None)),
        Grade.D: ((_W, None), (_W, None), (_W, None), (_W, None)),
    },
    BIRTHDAY_POLICY_KEY: {
        Grade.A: ((_G, _X), (_G, _X), (_W, None), (_W, None)),
        Grade.B: ((_G, _X), (_W, None), (_W, None), (_W, None)),
        Grade.C: ((_W, None), (_W, None), (_W, None), (_W, None)),
        Grade.D: ((_W, None), (_W, None), (_W, None), (_W, None)),
    },
}
_GREETING_SENIOR_AB: dict[Grade, tuple[Decision, ...]] = {
    Grade.A: ((_W, None), (_W, None), (_N, None), (_N, None)),
    Grade.B: ((_W, None), (_W, None), (_N, None), (_N, None)),
    Grade.C: ((_N, None),) * 4,
    Grade.D: ((_N, None),) * 4,
}


def default_policy() -> Policy:
    """The default gift policy (domain §10), as (occasion_key, grade, position) -> decision.

    G = gift with its budget tier, W = greeting only, - = nothing.

    Mid-Autumn (中秋, mooncakes, the wide circle):
        grade  boss         manager      staff        clerk
        A      G special    G premium    G standard   G small
        B      G premium    G standard   G small      G small
        C      G standard   G small      W            W
        D      W            W            -            -

    Spring Festival (春节, narrower, graded; 拜年 greetings to everyone else):
        A      G special    G premium    W            W
        B      G standard   G standard   W            W
        C      W            W            W            W
        D      W            W            W            W

    Birthdays ("birthday", every birthday:<id>): greeting for all; special gift to A and
    B bosses and A managers.
        A      G special    G special    W            W
        B      G special    W            W            W
        C, D   W            W            W            W

    Every other festival (除夕, 元宵, 端午, 重阳, 元旦, 劳动节, 教师节, 国庆), custom occasions
    ("custom") and the catch-all "*": greeting for A/B bosses and managers, nothing else.
        A, B   W            W            -            -
        C, D   -            -            -            -
    """
    policy: Policy = {}
    keys = [k for k in FESTIVAL_KEYS if k not in _TABLES]
    tables = dict(_TABLES) | {k: _GREETING_SENIOR_AB for k in (*keys, CUSTOM_POLICY_KEY, DEFAULT_POLICY_KEY)}
    for key, table in tables.items():
        for grade, row in table.items():
            for position, decision in zip(_POSITIONS, row, strict=True):
                policy[(key, grade, position)] = decision
    return policy


def policy_rules(policy: Mapping[tuple[str, Grade, Position], Decision]) -> list[PolicyRule]:
    """The policy as rows (for settings and storage)."""
    return [PolicyRule(k, g, p, tr, tier) for (k, g, p), (tr, tier) in policy.items()]


def policy_from_rules(rules: Iterable[PolicyRule], base: Policy | None = None) -> Policy:
    """Rows applied over `base` (default: an empty policy)."""
    policy: Policy = dict(base or {})
    for rule in rules:
        policy[(rule.occasion_key, rule.grade, rule.position)] = (rule.treatment, rule.budget_tier)
    return policy


def policy_key(occasion_key: str) -> str:
    """birthday:<id> -> birthday, custom:<id> -> custom, festivals as they are."""
    prefix, sep, _ = occasion_key.partition(":")
    if sep and prefix in (BIRTHDAY_POLICY_KEY, CUSTOM_POLICY_KEY):
        return prefix
    return occasion_key


def as_grade(grade: Grade | str | None) -> Grade:
    """A grade, unknown (None, blank, anything else) counted as C."""
    if isinstance(grade, Grade):
        return grade
    try:
        return Grade(str(grade).strip().upper())
    except ValueError:
        return Grade.C


def as_position(position: Position | str | None) -> Position:
    """A position, unknown (None, blank, anything else) counted as staff."""
    if isinstance(position, Position):
        return position
    try:
        return Position(str(position).strip().lower())
    except ValueError:
        return Position.STAFF


def decide(
    policy: Mapping[tuple[str, Grade, Position], Decision],
    occasion_key: str,
    grade: Grade | str | None,
    position: Position | str | None,
) -> Decision:
    """What this person gets on this occasion.

    Looks up the exact occasion key (birthday:12), then its policy key (birthday), then
    the catch-all "*"; nothing found means (NONE, None).
    """
    g, p = as_grade(grade), as_position(position)
    for key in dict.fromkeys((occasion_key, policy_key(occasion_key), DEFAULT_POLICY_KEY)):
        found = policy.get((key, g, p))
        if found is not None:
            return found
    return (Treatment.NONE, None)


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
    tier_rank = item.budget_tier.rank if item.budget_tier is not None else -1
    return (item.treatment is not Treatment.GIFT, -tier_rank, item.company or "", item.name, item.contact_id)


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
    Empty groups are left out.
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
# Shopping list

SUGGESTIONS = {
    "mid_autumn": "mooncakes",
    "spring_festival": "new_year_gifts",
    "new_years_eve": "new_year_gifts",
    "dragon_boat": "zongzi",
}


@dataclass(frozen=True)
class ShoppingList:
    count: int  # people receiving a gift
    by_tier: dict[BudgetTier, int]
    budget_low: int
    budget_high: int
    suggestion: str  # what ordinary gifts are: mooncakes, new_year_gifts, zongzi, gifts
    greetings: int = 0  # people to greet only

    @property
    def special(self) -> int:
        return self.by_tier.get(BudgetTier.SPECIAL, 0)

    @property
    def ordinary(self) -> int:
        return self.count - self.special


def shopping_list(group: ReminderGroup) -> ShoppingList:
    """What to buy for a reminder group: gifts per tier and the budget range in ¥.

    Ordinary gifts (small/standard/premium) are the occasion's usual gift (mooncake boxes
    at Mid-Autumn, 年货 boxes at Spring Festival, zongzi at Dragon Boat); special ones are
    chosen per person.
    """
    by_tier = {tier: 0 for tier in BudgetTier}
    for item in group.items:
        if item.treatment is Treatment.GIFT and item.budget_tier is not None:
            by_tier[item.budget_tier] += 1
    by_tier = {tier: n for tier, n in by_tier.items() if n}
    low = sum(BUDGET_RANGES[tier][0] * n for tier, n in by_tier.items())
    high = sum(BUDGET_RANGES[tier][1] * n for tier, n in by_tier.items())
    return ShoppingList(
        count=sum(by_tier.values()),
        by_tier=by_tier,
        budget_low=low,
        budget_high=high,
        suggestion=SUGGESTIONS.get(group.occasion.key, "gifts"),
        greetings=len(group.greetings),
    )


_SUGGESTION_TEXT = {
    "mooncakes": lambda lang, n: t("gifts.shop.mooncakes", lang=lang, n=n),
    "new_year_gifts": lambda lang, n: t("gifts.shop.new_year_gifts", lang=lang, n=n),
    "zongzi": lambda lang, n: t("gifts.shop.zongzi", lang=lang, n=n),
    "gifts": lambda lang, n: t("gifts.shop.gifts", lang=lang, n=n),
}


def shopping_text(shopping: ShoppingList, occasion_name: str, lang: str) -> str:
    """zh 中秋节：23 人 — 18 盒月饼，5 份特别礼物，预算 ¥8,150–20,400；另需问候 4 人."""
    if shopping.count == 0:
        text = t("gifts.shop.nothing", lang=lang, occasion=occasion_name)
    else:
        parts = []
        if shopping.ordinary:
            parts.append(_SUGGESTION_TEXT.get(shopping.suggestion, _SUGGESTION_TEXT["gifts"])(lang, shopping.ordinary))
        if shopping.special:
            parts.append(t("gifts.shop.special", lang=lang, n=shopping.special))
        values = dict(
            occasion=occasion_name,
            parts=t("gifts.shop.sep", lang=lang).join(parts),
            low=f"{shopping.budget_low:,}",
            high=f"{shopping.budget_high:,}",
        )
        if shopping.count == 1:
            text = t("gifts.shop.line_one", lang=lang, **values)
        else:
            text = t("gifts.shop.line", lang=lang, count=shopping.count, **values)
    if shopping.greetings:
        text += t("gifts.shop.greetings", lang=lang, n=shopping.greetings)
    return text


# ---------------------------------------------------------------------------------------
# Gift log


def normalise_gift(text: str) -> str:
    """For comparing gifts: full-width folded (NFKC), case folded, without spaces,
    punctuation and symbols. "Moutai 飞天 53°" == "ｍｏｕｔａｉ飞天５３"."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PSZC")


def _occasion_text(occasion: str | None, lang: str) -> str | None:
    if not occasion:
        return None
    if occasion in FESTIVAL_KEYS:
        return festival_name(occasion, lang)
    if policy_key(occasion) == BIRTHDAY_POLICY_KEY:
        return t("gifts.occasion.birthday_plain", lang=lang)
    return occasion


def same_gift_warning(
    new_gift: str, past: Iterable[tuple[str, date, str | None]], lang: str = "en"
) -> str | None:
    """A warning when `new_gift` was already given to this person (the latest such gift).

    `past` holds (what, date, occasion) of that person's gifts; occasion may be a festival
    key, birthday[:<id>], free text, or None.
    """
    wanted = normalise_gift(new_gift)
    if not wanted:
        return None
    matches = [entry for entry in past if normalise_gift(entry[0]) == wanted]
    if not matches:
        return None
    what, when, occasion = max(matches, key=lambda entry: entry[1])
    occasion_text = _occasion_text(occasion, lang)
    if occasion_text is None:
        return t("gifts.same_gift_plain", lang=lang, what=what, date=when.isoformat())
    return t("gifts.same_gift", lang=lang, what=what, date=when.isoformat(), occasion=occasion_text)


def spend_by_company_year(
    gifts: Iterable[tuple[str | None, date, float | int | None]],
) -> dict[tuple[str | None, int], float]:
    """Total gift value per (company, year); unknown values are left out, names trimmed."""
    totals: dict[tuple[str | None, int], float] = {}
    for company, when, value in gifts:
        if value is None:
            continue
        name = (company.strip() or None) if company is not None else None
        key = (name, when.year)
        totals[key] = totals.get(key, 0.0) + float(value)
    return dict(sorted(totals.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))


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


__all__ = [
    "BIRTHDAY_LEAD_DAYS", "BUDGET_RANGES", "BUILTIN_OCCASIONS", "BudgetTier", "LEAD_DAYS",
    "Occasion", "PersonFacts", "PolicyRule", "ReminderGroup", "ReminderItem", "ShoppingList",
    "Treatment", "as_grade", "as_position", "birthday_occasion", "builtin_occasion", "decide",
    "default_policy", "due_reminders", "format_occasion_date", "next_everyday_gift",
    "next_occurrence", "normalise_gift", "occurrences", "policy_from_rules", "policy_key",
    "policy_rules", "rng_for", "same_gift_warning", "shopping_list", "shopping_text",
    "spend_by_company_year",
]
