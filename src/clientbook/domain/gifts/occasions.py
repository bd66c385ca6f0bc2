"""Occasions (domain §8, §10): festivals, birthdays and custom dates, and when they fall.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

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
