"""The Chinese lunar calendar and birthdays in either calendar.

Pure: no Textual, no SQL, no clock reads -- "today" is always an argument.
lunar-python is imported lazily, only when a lunar year has to be computed, and each
lunar year is computed once and kept in our own cache (lunar-python caches a single
year, so alternating between years would recompute every time).

Rules (each tested in tests/unit/test_lunar.py):

* A lunar birthday in a leap month (闰月), in a year without that leap month, is
  celebrated in the same-numbered regular month. In a year that has that leap month it
  is celebrated in the leap month; a regular-month birthday always stays in the regular
  month, even when the year also has a leap month of the same number.
* A lunar birthday on day 30, in a year where that month has 29 days, is celebrated on
  day 29 (the last day of the month).
* A solar birthday on 29 February is celebrated on 28 February in common years.
* Lunar year Y runs from its Spring Festival (solar Jan 21 - Feb 20 of Y) to the day
  before the next one, so a birthday late in 腊月 of lunar year Y falls in solar year
  Y+1. next_birthday therefore looks at lunar years Y-1, Y and Y+1 around today's solar
  year Y and takes the first occurrence on or after today.
* Ages count completed years: at an occurrence, the age reached there (lunar year of
  the occurrence minus the birth year for lunar birthdays).
"""

from __future__ import annotations

import calendar
import re
import threading
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from clientbook.i18n import t

# Years we convert and accept in birthdays. lunar-python computes far beyond this; the
# bound keeps nonsense input ("0001-01-01") out and every year in range well tested.
MIN_YEAR = 1800
MAX_YEAR = 2399

_J2000 = 2451545  # Julian day number of 2000-01-01 (noon)
_J2000_DATE = date(2000, 1, 1)

# ---------------------------------------------------------------------------------------
# Per-lunar-year cache


@dataclass(frozen=True)
class _LunarYear:
    year: int
    months: dict[tuple[int, bool], tuple[date, int]]  # (month, leap) -> (day 1, length)
    starts: tuple[date, ...]  # day 1 of each month, in order
    keys: tuple[tuple[int, bool], ...]  # (month, leap) in the same order
    leap_month: int  # 0: none
    end: date  # first day of the next lunar year


_YEARS: dict[int, _LunarYear] = {}
_YEARS_LOCK = threading.Lock()


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"lunar year {year} is outside the supported {MIN_YEAR}..{MAX_YEAR}")


def _lunar_year(year: int) -> _LunarYear:
    cached = _YEARS.get(year)
    if cached is not None:
        return cached
    _check_year(year)
    from lunar_python import LunarYear  # lazy: only needed when converting

    with _YEARS_LOCK:
        cached = _YEARS.get(year)
        if cached is not None:
            return cached
        months: dict[tuple[int, bool], tuple[date, int]] = {}
        order: list[tuple[date, tuple[int, bool]]] = []
        for m in LunarYear.fromYear(year).getMonthsInYear():
            start = _J2000_DATE + timedelta(days=int(m.getFirstJulianDay()) - _J2000)
            key = (abs(m.getMonth()), m.isLeap())
            months[key] = (start, m.getDayCount())
            order.append((start, key))
        order.sort()
        last_start, last_key = order[-1]
        built = _LunarYear(
            year=year,
            months=months,
            starts=tuple(s for s, _ in order),
            keys=tuple(k for _, k in order),
            leap_month=next((m for m, leap in months if leap), 0),
            end=last_start + timedelta(days=months[last_key][1]),
        )
        _YEARS[year] = built
        return built


def leap_month_of(year: int) -> int:
    """The leap month (闰月) of lunar year `year`, 0 when it has none."""
    return _lunar_year(year).leap_month


def month_length(year: int, month: int, leap: bool = False) -> int:
    """Days (29 or 30) in that lunar month; ValueError if the month does not exist."""
    entry = _lunar_year(year).months.get((month, leap))
    if entry is None:
        raise ValueError(f"lunar year {year} has no {'leap ' if leap else ''}month {month}")
    return entry[1]


# ---------------------------------------------------------------------------------------
# Conversion


def lunar_to_solar(year: int, month: int, day: int, leap: bool = False) -> date:
    """The solar date of that lunar date, exactly; ValueError if it does not exist."""
    entry = _lunar_year(year).months.get((month, leap))
    if entry is None:
        raise ValueError(f"lunar year {year} has no {'leap ' if leap else ''}month {month}")
    start, length = entry
    if not 1 <= day <= length:
        raise ValueError(f"lunar {year} {'leap ' if leap else ''}month {month} has no day {day}")
    return start + timedelta(days=day - 1)


def solar_to_lunar(d: date) -> tuple[int, int, int, bool]:
    """(lunar year, month, day, leap) of a solar date."""
    year = d.year
    info = _lunar_year(year) if year <= MAX_YEAR else None
    if info is None or d < info.starts[0]:  # before this year's Spring Festival
        info = _lunar_year(year - 1)
    if d >= info.end:
        raise ValueError(f"{d} is outside the supported lunar years {MIN_YEAR}..{MAX_YEAR}")
    i = bisect_right(info.starts, d) - 1
    month, leap = info.keys[i]
    return info.year, month, (d - info.starts[i]).days + 1, leap


# ---------------------------------------------------------------------------------------
# Birthdays

Calendar = Literal["solar", "lunar"]


@dataclass(frozen=True)
class Birthday:
    """A birthday in the solar or the lunar calendar, with or without the birth year.

    Construction checks the shape (ranges; the solar day exists); parse_birthday also
    checks that a lunar date with a year exists in that lunar year.
    """

    calendar: Calendar
    month: int  # 1..12
    day: int  # solar 1..31, lunar 1..30
    year: int | None = None  # None when unknown
    leap: bool = False  # lunar leap month (闰月) only

    def __post_init__(self) -> None:
        if self.calendar not in ("solar", "lunar"):
            raise ValueError(f"calendar must be 'solar' or 'lunar', not {self.calendar!r}")
        for name in ("month", "day") + (("year",) if self.year is not None else ()):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{name} must be an int, not {value!r}")
        if not isinstance(self.leap, bool):
            raise ValueError(f"leap must be a bool, not {self.leap!r}")
        reason = _shape_problem(self.calendar, self.year, self.month, self.day, self.leap)
        if reason is not None:
            raise ValueError(reason("en"))

    def to_storage(self) -> str:
        """Compact database form: solar:1985-04-17, solar:--04-17, lunar:1985-L06-10, lunar:--03-08."""
        year = f"{self.year:04d}-" if self.year is not None else "--"
        leap = "L" if self.leap else ""
        return f"{self.calendar}:{year}{leap}{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_storage(cls, s: str) -> Birthday:
        """Read to_storage's form back; BirthdayParseError if it is not one (shape checks only)."""
        match = _STORAGE.fullmatch(s) if isinstance(s, str) else None
        if match is None:
            raise BirthdayParseError(str(s), lambda lang: t("lunar.error.storage", lang=lang))
        cal, year, leap, month, day = match.groups()
        if leap and cal == "solar":
            raise BirthdayParseError(s, lambda lang: t("lunar.error.leap_solar", lang=lang))
        year_n = None if year is None else int(year)
        reason = _shape_problem(cal, year_n, int(month), int(day), bool(leap))
        if reason is not None:
            raise BirthdayParseError(s, reason)
        return cls(cal, int(month), int(day), year_n, bool(leap))  # type: ignore[arg-type]


_STORAGE = re.compile(r"(solar|lunar):(?:(\d{4})-|--)(L?)(\d{2})-(\d{2})")


class BirthdayParseError(ValueError):
    """A birthday that cannot be read. `.text` is the input; `.message(lang)` one line."""

    def __init__(self, text: str, reason: Callable[[str], str]) -> None:
        self.text = text
        self._reason = reason
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return t("lunar.error.line", lang=lang, text=self.text, reason=self._reason(lang))


Reason = Callable[[str], str]


def _shape_problem(cal: str, year: int | None, month: int, day: int, leap: bool) -> Reason | None:
    """Checks that need no conversion: year range, month 1-12, day range, solar day exists."""
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return lambda lang: t("lunar.error.year", lang=lang, low=MIN_YEAR, high=MAX_YEAR)
    if not 1 <= month <= 12:
        return lambda lang: t("lunar.error.month", lang=lang, month=month)
    if cal == "solar":
        if leap:
            return lambda lang: t("lunar.error.leap_solar", lang=lang)
        if month == 2 and day == 29:
            if year is not None and not calendar.isleap(year):
                return lambda lang: t("lunar.error.feb29", lang=lang, year=year)
            return None
        if not 1 <= day <= calendar.monthrange(2001, month)[1]:
            return lambda lang: t("lunar.error.solar_day", lang=lang, month=month, day=day)
        return None
    if not 1 <= day <= 30:
        return lambda lang: t("lunar.error.lunar_day", lang=lang, day=day)
    return None


def _existence_problem(b: Birthday) -> Reason | None:
    """For a lunar birthday with a year: the month (leap or not) and the day exist then."""
    if b.calendar != "lunar" or b.year is None:
        return None
    info = _lunar_year(b.year)
    entry = info.months.get((b.month, b.leap))
    year = b.year
    if entry is None:  # only a leap month can be missing
        wanted = _month_name_fn(b.month, True)
        if info.leap_month == 0:
            return lambda lang: t("lunar.error.no_leap_none", lang=lang, year=year)
        leap, leap_zh = info.leap_month, _ZH_MONTHS[info.leap_month - 1] + "月"
        return lambda lang: t(
            "lunar.error.no_leap_other", lang=lang, year=year, wanted=wanted(lang), leap=leap, leap_zh=leap_zh
        )
    if b.day > entry[1]:
        name = _month_name_fn(b.month, b.leap)
        return lambda lang: t("lunar.error.short_month", lang=lang, year=year, month=name(lang))
    return None


def _month_name_fn(month: int, leap: bool) -> Reason:
    zh = _ZH_MONTHS[month - 1] + "月"
    if leap:
        return lambda lang: t("lunar.month.leap", lang=lang, month=month, month_zh=zh)
    return lambda lang: t("lunar.month.regular", lang=lang, month=month, month_zh=zh)


# ---------------------------------------------------------------------------------------
# Parsing

_ZH_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_ZH_DAYS = tuple(
    ["初" + c for c in "一二三四五六七八九十"]
    + ["十" + c for c in "一二三四五六七八九"]
    + ["二十"]
    + ["廿" + c for c in "一二三四五六七八九"]
    + ["三十"]
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_MONTH_WORDS = {"正": 1, "元": 1, "冬": 11, "腊": 12, "臘": 12}

_NUM = r"(\d{1,2})"
_SEP = r"[-/.]"
_RE_NUMERIC = re.compile(rf"(?:(\d{{4}}){_SEP}|--)?(l|闰|閏)?{_NUM}{_SEP}{_NUM}")
_RE_ZH_SOLAR = re.compile(r"(?:(\d{4})年)?(闰|閏)?(\d{1,2})月(\d{1,2})[日号號]?")
_RE_ZH_LUNAR = re.compile(
    r"(?:(\d{4}|[〇零一二三四五六七八九]{4})年)?(闰|閏)?"
    r"(\d{1,2}|[正元冬腊臘]|[一二三四五六七八九十]{1,3})月"
    r"(初[一二三四五六七八九十]|[一二三四五六七八九十廿卅]{1,3}|\d{1,2})[日号號]?"
)
_RE_EN_LUNAR = re.compile(r"(leap)?(\d{1,2})/(\d{1,2})(?:\((\d{4})\))?")
_LUNAR_PREFIXES = ("农历", "阴历", "農曆", "陰曆", "lunar:", "lunar")


def _cn_number(s: str) -> int | None:
    """Chinese numerals 1..39 as written in dates: 三, 十, 十五, 二十, 二十一, 廿三, 卅."""
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
    if s in digits:
        return digits[s]
    tens = {"廿": 2, "卅": 3}
    if s[0] in tens and (len(s) == 1 or (len(s) == 2 and s[1] in digits)):
        return tens[s[0]] * 10 + (digits[s[1]] if len(s) == 2 else 0)
    m = re.fullmatch(r"([一二三])?十([一二三四五六七八九])?", s)
    if m:
        return (digits[m.group(1)] if m.group(1) else 1) * 10 + (digits[m.group(2)] if m.group(2) else 0)
    return None


def _year_number(s: str) -> int:
    return int(s) if s.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in s))


def parse_birthday(text: str) -> Birthday:
    """Read a birthday as typed by a user; raises BirthdayParseError only.

    Solar: 1985-04-17, 1985/4/17, 04-17, 4-17, 4月17日, 1985年4月17日.
    Lunar: 农历三月初八, 农历1987年闰六月初十, 农历正月初一, 农历腊月廿三, 农历冬月三十
    (阴历 likewise), lunar:1985-06-10, lunar:1985-L06-10, lunar:06-10, lunar:L06-10,
    and the stored forms solar:… / lunar:--… as well as format_birthday's output.
    """
    original = text if isinstance(text, str) else str(text)
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", original)).lower()
    if not s:
        raise BirthdayParseError(original, lambda lang: t("lunar.error.empty", lang=lang))

    def fail_format(lang: str) -> str:
        return t("lunar.error.format", lang=lang)

    cal: str = "solar"
    if s.startswith("solar:"):
        s = s[len("solar:") :]
    else:
        for prefix in _LUNAR_PREFIXES:
            if s.startswith(prefix):
                cal, s = "lunar", s[len(prefix) :]
                break

    fields: tuple[int | None, bool, int, int] | None = None  # year, leap, month, day
    if m := _RE_NUMERIC.fullmatch(s):
        year, leap, month, day = m.groups()
        fields = (int(year) if year else None, bool(leap), int(month), int(day))
    elif m := _RE_ZH_SOLAR.fullmatch(s):
        year, leap, month, day = m.groups()
        fields = (int(year) if year else None, bool(leap), int(month), int(day))
    elif cal == "lunar" and (m := _RE_ZH_LUNAR.fullmatch(s)):
        year, leap, month_s, day_s = m.groups()
        month_n = _MONTH_WORDS.get(month_s) or _cn_number(month_s)
        day_n = int(day_s) if day_s.isdigit() else (
            _cn_number(day_s[1:]) if day_s.startswith("初") else _cn_number(day_s)
        )
        if month_n is None or day_n is None or (day_s.startswith("初") and day_n > 10):
            raise BirthdayParseError(original, fail_format)
        fields = (_year_number(year) if year else None, bool(leap), month_n, day_n)
    elif cal == "lunar" and (m := _RE_EN_LUNAR.fullmatch(s)):
        leap, month, day, year = m.groups()
        fields = (int(year) if year else None, bool(leap), int(month), int(day))
    if fields is None:
        raise BirthdayParseError(original, fail_format)

    year_n, leap_b, month_n, day_n = fields
    reason = _shape_problem(cal, year_n, month_n, day_n, leap_b)
    if reason is not None:
        raise BirthdayParseError(original, reason)
    birthday = Birthday(cal, month_n, day_n, year_n, leap_b)  # type: ignore[arg-type]
    reason = _existence_problem(birthday)
    if reason is not None:
        raise BirthdayParseError(original, reason)
    return birthday


# ---------------------------------------------------------------------------------------
# Occurrences


def birthday_in_year(b: Birthday, lunar_or_solar_year: int) -> date:
    """The occurrence in that year: the lunar year for lunar birthdays, else the solar year."""
    year = lunar_or_solar_year
    if b.calendar == "solar":
        # Rule: 29 February is celebrated on 28 February in a common year.
        if b.month == 2 and b.day == 29 and not calendar.isleap(year):
            return date(year, 2, 28)
        return date(year, b.month, b.day)
    months = _lunar_year(year).months
    # Rule: a leap-month birthday, in a year without that leap month, is celebrated in
    # the same-numbered regular month.
    start, length = months.get((b.month, b.leap)) or months[(b.month, False)]
    # Rule: day 30, in a year where that month has 29 days, is celebrated on day 29.
    return start + timedelta(days=min(b.day, length) - 1)


def next_birthday(b: Birthday, today: date) -> date:
    """The next occurrence on or after `today`."""
    if b.calendar == "solar":
        for year in (today.year, today.year + 1):
            occurrence = birthday_in_year(b, year)
            if occurrence >= today:
                return occurrence
        raise AssertionError("unreachable: a solar birthday occurs every year")
    # Rule: 腊月 of lunar year Y-1 falls in solar year Y and 正月 of lunar year Y+1 can
    # fall in solar year Y, so look at lunar years Y-1, Y, Y+1 and take the first.
    occurrences = (birthday_in_year(b, year) for year in (today.year - 1, today.year, today.year + 1))
    return min(d for d in occurrences if d >= today)


def birth_date(b: Birthday) -> date | None:
    """The solar date of birth, when the year is known."""
    if b.year is None:
        return None
    return birthday_in_year(b, b.year)


def age_on(b: Birthday, on: date) -> int | None:
    """Completed years on `on` -- at an occurrence, the age reached there.

    None when the birth year is unknown or `on` is before the birth.
    """
    born = birth_date(b)
    if b.year is None or born is None or on < born:
        return None
    year = on.year if b.calendar == "solar" else solar_to_lunar(on)[0]
    return year - b.year - (1 if on < birthday_in_year(b, year) else 0)


# ---------------------------------------------------------------------------------------
# Display


def format_lunar(month: int, day: int, leap: bool, lang: str) -> str:
    """zh 八月十五 / 闰六月初十 / 正月初一 / 腊月廿三; en lunar 8/15 / lunar leap 6/10."""
    month_zh = _ZH_MONTHS[month - 1] + "月"
    day_zh = _ZH_DAYS[day - 1]
    if leap:
        return t("lunar.format.leap", lang=lang, month=month, day=day, month_zh=month_zh, day_zh=day_zh)
    return t("lunar.format.regular", lang=lang, month=month, day=day, month_zh=month_zh, day_zh=day_zh)


def format_birthday(b: Birthday, lang: str) -> str:
    """zh 农历三月初八 / 1985年4月17日 / 4月17日; en lunar 3/8 / 1985-04-17 / 04-17.

    With a year, lunar ones read zh 农历1987年闰六月初十, en lunar leap 6/10 (1987).
    The result parses back to the same Birthday with parse_birthday.
    """
    if b.calendar == "solar":
        if b.year is None:
            return t("lunar.birthday.solar_md", lang=lang, month=b.month, day=b.day)
        return t("lunar.birthday.solar_ymd", lang=lang, year=b.year, month=b.month, day=b.day)
    lunar = format_lunar(b.month, b.day, b.leap, lang)
    if b.year is None:
        return t("lunar.birthday.lunar_md", lang=lang, lunar=lunar)
    return t("lunar.birthday.lunar_ymd", lang=lang, year=b.year, lunar=lunar)


def describe_next(b: Birthday, today: date, lang: str) -> str:
    """The next occurrence in both calendars, with the lunar date of that very day.

    zh 下次：2027-04-14（农历三月初八）, en next: 2027-04-14 (lunar 3/8).
    """
    occurrence = next_birthday(b, today)
    _, month, day, leap = solar_to_lunar(occurrence)
    return t("lunar.next", lang=lang, date=occurrence.isoformat(), lunar=format_lunar(month, day, leap, lang))


# ---------------------------------------------------------------------------------------
# Festivals

_LUNAR_FESTIVALS = {
    "spring_festival": (1, 1),
    "lantern": (1, 15),
    "dragon_boat": (5, 5),
    "qixi": (7, 7),
    "mid_autumn": (8, 15),
    "double_ninth": (9, 9),
    "laba": (12, 8),
}
_SOLAR_FESTIVALS = {
    "new_year": (1, 1),
    "labour_day": (5, 1),
    "national_day": (10, 1),
    "teachers_day": (9, 10),
}
FESTIVAL_KEYS = (
    "new_year",
    "new_years_eve",
    "spring_festival",
    "lantern",
    "labour_day",
    "dragon_boat",
    "qixi",
    "teachers_day",
    "mid_autumn",
    "national_day",
    "double_ninth",
    "laba",
)
_FESTIVAL_NAMES: dict[str, Reason] = {
    "spring_festival": lambda lang: t("lunar.festival.spring_festival", lang=lang),
    "new_years_eve": lambda lang: t("lunar.festival.new_years_eve", lang=lang),
    "lantern": lambda lang: t("lunar.festival.lantern", lang=lang),
    "dragon_boat": lambda lang: t("lunar.festival.dragon_boat", lang=lang),
    "qixi": lambda lang: t("lunar.festival.qixi", lang=lang),
    "mid_autumn": lambda lang: t("lunar.festival.mid_autumn", lang=lang),
    "double_ninth": lambda lang: t("lunar.festival.double_ninth", lang=lang),
    "laba": lambda lang: t("lunar.festival.laba", lang=lang),
    "new_year": lambda lang: t("lunar.festival.new_year", lang=lang),
    "labour_day": lambda lang: t("lunar.festival.labour_day", lang=lang),
    "national_day": lambda lang: t("lunar.festival.national_day", lang=lang),
    "teachers_day": lambda lang: t("lunar.festival.teachers_day", lang=lang),
}


def festival_date(key: str, year: int) -> date:
    """The date of festival `key` for `year`.

    Lunar festivals are those of lunar year `year` (lunar month/day converted exactly);
    all of them fall in solar year `year` except "laba" (腊八, 12/8 of lunar year
    `year`), which usually falls in January of solar year year+1 but sometimes in late
    December of `year` (lunar 2022's was 2022-12-30, lunar 2023's 2024-01-18), so a solar
    year can hold two or no 腊八 -- festivals_in_solar_year handles that.
    "new_years_eve" (除夕) is the day before spring_festival(year), i.e. the last day of
    lunar year year-1, 29th or 30th of 腊月 -- in solar year `year`.
    Solar festivals: new_year 1/1, labour_day 5/1, teachers_day 9/10, national_day 10/1.
    KeyError for an unknown key.
    """
    if key in _SOLAR_FESTIVALS:
        month, day = _SOLAR_FESTIVALS[key]
        return date(year, month, day)
    if key == "new_years_eve":
        return lunar_to_solar(year, 1, 1) - timedelta(days=1)
    month, day = _LUNAR_FESTIVALS[key]
    return lunar_to_solar(year, month, day)


def festival_name(key: str, lang: str) -> str:
    """春节, 中秋节… / Spring Festival, Mid-Autumn Festival…"""
    return _FESTIVAL_NAMES[key](lang)


def festivals_in_solar_year(year: int) -> list[tuple[date, str]]:
    """Every festival falling in solar year `year`, as (date, key), in date order."""
    found = []
    for key in FESTIVAL_KEYS:
        for candidate_year in (year - 1, year):
            d = festival_date(key, candidate_year)
            if d.year == year:
                found.append((d, key))
    return sorted(set(found))
