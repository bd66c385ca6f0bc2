"""The lunar calendar and birthdays (clientbook.domain.lunar)."""

from __future__ import annotations

import calendar
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientbook.domain import lunar
from clientbook.domain.lunar import (
    Birthday,
    BirthdayParseError,
    age_on,
    birthday_in_year,
    describe_next,
    festival_date,
    festival_name,
    festivals_in_solar_year,
    format_birthday,
    format_lunar,
    leap_month_of,
    lunar_to_solar,
    month_length,
    next_birthday,
    parse_birthday,
    solar_to_lunar,
)
from clientbook.i18n.catalog_lunar import MESSAGES

D = date.fromisoformat

# ---------------------------------------------------------------------------------------
# Festivals against the published tables (HKO / 中国科学院紫金山天文台 calendars)

SPRING_FESTIVAL = {
    2020: "2020-01-25", 2021: "2021-02-12", 2022: "2022-02-01", 2023: "2023-01-22",
    2024: "2024-02-10", 2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06",
    2028: "2028-01-26", 2029: "2029-02-13", 2030: "2030-02-03", 2031: "2031-01-23",
    2032: "2032-02-11", 2033: "2033-01-31", 2034: "2034-02-19", 2035: "2035-02-08",
}  # fmt: skip
DRAGON_BOAT = {
    2020: "2020-06-25", 2021: "2021-06-14", 2022: "2022-06-03", 2023: "2023-06-22",
    2024: "2024-06-10", 2025: "2025-05-31", 2026: "2026-06-19", 2027: "2027-06-09",
    2028: "2028-05-28", 2029: "2029-06-16", 2030: "2030-06-05", 2031: "2031-06-24",
    2032: "2032-06-12", 2033: "2033-06-01", 2034: "2034-06-20", 2035: "2035-06-10",
}  # fmt: skip
MID_AUTUMN = {
    2020: "2020-10-01", 2021: "2021-09-21", 2022: "2022-09-10", 2023: "2023-09-29",
    2024: "2024-09-17", 2025: "2025-10-06", 2026: "2026-09-25", 2027: "2027-09-15",
    2028: "2028-10-03", 2029: "2029-09-22", 2030: "2030-09-12", 2031: "2031-10-01",
    2032: "2032-09-19", 2033: "2033-09-08", 2034: "2034-09-27", 2035: "2035-09-16",
}  # fmt: skip


@pytest.mark.parametrize("year", range(2020, 2036))
def test_published_festival_table(year: int) -> None:
    assert festival_date("spring_festival", year) == D(SPRING_FESTIVAL[year])
    assert festival_date("dragon_boat", year) == D(DRAGON_BOAT[year])
    assert festival_date("mid_autumn", year) == D(MID_AUTUMN[year])


def test_other_festivals() -> None:
    assert festival_date("new_years_eve", 2024) == D("2024-02-09")  # 除夕 = day before 春节
    assert festival_date("new_years_eve", 2025) == D("2025-01-28")  # 腊月廿九: no 年三十 in 2025
    assert festival_date("lantern", 2025) == D("2025-02-12")
    assert festival_date("qixi", 2025) == D("2025-08-29")
    assert festival_date("double_ninth", 2025) == D("2025-10-29")
    assert festival_date("laba", 2024) == D("2025-01-07")  # 腊八 of lunar 2024: January 2025
    assert festival_date("laba", 2022) == D("2022-12-30")  # ... but sometimes late December
    assert festival_date("new_year", 2030) == D("2030-01-01")
    assert festival_date("labour_day", 2030) == D("2030-05-01")
    assert festival_date("teachers_day", 2030) == D("2030-09-10")
    assert festival_date("national_day", 2030) == D("2030-10-01")
    with pytest.raises(KeyError):
        festival_date("christmas", 2030)


def test_festival_names_and_solar_year_listing() -> None:
    assert festival_name("mid_autumn", "zh") == "中秋节"
    assert festival_name("spring_festival", "en") == "Spring Festival"
    for key in lunar.FESTIVAL_KEYS:
        assert festival_name(key, "en") and festival_name(key, "zh")
    listed = festivals_in_solar_year(2022)
    assert [k for _, k in listed].count("laba") == 2  # 2022-01-10 and 2022-12-30
    assert all(d.year == 2022 for d, _ in listed)
    assert listed == sorted(listed)
    assert (D("2022-02-01"), "spring_festival") in listed


def test_new_years_eve_is_29th_in_2025_to_2029_and_30th_in_2030() -> None:
    # Published: 2025–2029 have no 大年三十 (腊月 has 29 days), 2030 has one again.
    for year in range(2025, 2030):
        assert solar_to_lunar(festival_date("new_years_eve", year))[1:] == (12, 29, False)
    assert solar_to_lunar(festival_date("new_years_eve", 2030))[1:] == (12, 30, False)


def test_every_year_1950_2100_is_sane() -> None:
    for year in range(1950, 2101):
        spring = festival_date("spring_festival", year)
        assert D(f"{year}-01-21") <= spring <= D(f"{year}-02-20"), year
        info = lunar._lunar_year(year)
        assert info.end == festival_date("spring_festival", year + 1)
        assert len(info.months) == (13 if info.leap_month else 12)
        lengths = [length for _, length in info.months.values()]
        assert set(lengths) <= {29, 30}
        assert sum(lengths) == (info.end - spring).days
        for start, following in zip(info.starts, info.starts[1:] + (info.end,)):  # contiguous
            assert (following - start).days in (29, 30)


# ---------------------------------------------------------------------------------------
# Conversion


def test_known_leap_months() -> None:
    assert {y: leap_month_of(y) for y in (2020, 2023, 2025, 2028, 2033, 1985, 1987)} == {
        2020: 4, 2023: 2, 2025: 6, 2028: 5, 2033: 11, 1985: 0, 1987: 6,
    }  # fmt: skip
    assert lunar_to_solar(2020, 4, 1, leap=True) == D("2020-05-23")
    assert lunar_to_solar(2023, 2, 1, leap=True) == D("2023-03-22")
    assert lunar_to_solar(2025, 6, 1, leap=True) == D("2025-07-25")
    assert lunar_to_solar(2028, 5, 1, leap=True) == D("2028-06-23")
    assert solar_to_lunar(D("2025-08-03")) == (2025, 6, 10, True)
    assert solar_to_lunar(D("2025-07-04")) == (2025, 6, 10, False)


def test_lunar_to_solar_rejects_missing_dates() -> None:
    with pytest.raises(ValueError):
        lunar_to_solar(2026, 6, 1, leap=True)  # 2026 has no leap month
    with pytest.raises(ValueError):
        lunar_to_solar(2025, 2, 30)  # 二月 of 2025 has 29 days
    with pytest.raises(ValueError):
        lunar_to_solar(2025, 13, 1)
    with pytest.raises(ValueError):
        lunar_to_solar(1500, 1, 1)  # outside the supported years
    with pytest.raises(ValueError):
        month_length(2026, 6, leap=True)
    assert month_length(2025, 2) == 29 and month_length(2024, 2) == 30


def test_lunar_year_boundary() -> None:
    # the day before 春节 belongs to the previous lunar year
    assert solar_to_lunar(D("2025-01-28")) == (2024, 12, 29, False)
    assert solar_to_lunar(D("2025-01-29")) == (2025, 1, 1, False)
    assert solar_to_lunar(D("2034-01-01"))[:2] == (2033, 11)  # the 2033 leap 冬月 region


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=D("1950-01-01"), max_value=D("2100-12-31")))
def test_conversion_round_trip_sampled(d: date) -> None:
    year, month, day, leap = solar_to_lunar(d)
    assert lunar_to_solar(year, month, day, leap) == d


@settings(max_examples=60, deadline=None)  # lunar-python recomputes a year per call: ~6 ms each
@given(st.dates(min_value=D("1950-01-01"), max_value=D("2100-12-31")))
def test_conversion_agrees_with_lunar_python_day_api(d: date) -> None:
    from lunar_python import Solar

    year, month, day, leap = solar_to_lunar(d)
    theirs = Solar.fromYmd(d.year, d.month, d.day).getLunar()
    assert (theirs.getYear(), abs(theirs.getMonth()), theirs.getDay(), theirs.getMonth() < 0) == (
        year, month, day, leap,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------
# Occurrence rules


def test_rule_leap_month_birthday_in_year_without_that_leap_month() -> None:
    b = Birthday("lunar", 6, 10, leap=True)  # 闰六月初十
    assert birthday_in_year(b, 2025) == lunar_to_solar(2025, 6, 10, leap=True)  # 2025 has 闰六月
    assert birthday_in_year(b, 2026) == lunar_to_solar(2026, 6, 10)  # 2026: regular 六月
    assert birthday_in_year(b, 2028) == lunar_to_solar(2028, 6, 10)  # 2028 has 闰五月 only
    b4 = Birthday("lunar", 4, 3, leap=True)
    assert birthday_in_year(b4, 2020) == lunar_to_solar(2020, 4, 3, leap=True) == D("2020-05-25")
    assert birthday_in_year(b4, 2021) == lunar_to_solar(2021, 4, 3)
    b2 = Birthday("lunar", 2, 1, leap=True)
    assert birthday_in_year(b2, 2023) == D("2023-03-22")
    assert birthday_in_year(b2, 2024) == lunar_to_solar(2024, 2, 1)
    b5 = Birthday("lunar", 5, 1, leap=True)
    assert birthday_in_year(b5, 2028) == D("2028-06-23")
    # a regular-month birthday stays in the regular month when the year also has the leap one
    assert birthday_in_year(Birthday("lunar", 6, 10), 2025) == D("2025-07-04")


def test_rule_day_30_in_a_29_day_month() -> None:
    b = Birthday("lunar", 2, 30)
    assert month_length(2024, 2) == 30 and month_length(2025, 2) == 29
    assert birthday_in_year(b, 2024) == lunar_to_solar(2024, 2, 30)
    assert birthday_in_year(b, 2025) == lunar_to_solar(2025, 2, 29)
    eve = Birthday("lunar", 12, 30)  # 年三十
    assert birthday_in_year(eve, 2024) == D("2025-01-28")  # 腊月廿九
    assert birthday_in_year(eve, 2029) == D("2030-02-02")  # a real 腊月三十
    leap30 = Birthday("lunar", 6, 30, leap=True)  # both rules at once
    assert month_length(2025, 6, leap=True) == 29
    assert birthday_in_year(leap30, 2025) == lunar_to_solar(2025, 6, 29, leap=True)
    assert birthday_in_year(leap30, 2026) == lunar_to_solar(2026, 6, 30)


def test_rule_29_february() -> None:
    b = Birthday("solar", 2, 29, 2000)
    assert birthday_in_year(b, 2027) == D("2027-02-28")
    assert birthday_in_year(b, 2028) == D("2028-02-29")
    assert next_birthday(b, D("2027-03-01")) == D("2028-02-29")
    assert next_birthday(b, D("2026-12-01")) == D("2027-02-28")


def test_rule_la_yue_birthday_of_the_previous_lunar_year() -> None:
    b = Birthday("lunar", 12, 5)  # 腊月初五
    assert birthday_in_year(b, 2026) == D("2027-01-12")  # lunar 2026, solar 2027
    assert birthday_in_year(b, 2027) == D("2028-01-01")
    assert next_birthday(b, D("2027-01-10")) == D("2027-01-12")
    assert next_birthday(b, D("2027-01-12")) == D("2027-01-12")  # on today counts
    assert next_birthday(b, D("2027-01-13")) == D("2028-01-01")
    # 正月 of the next lunar year can fall in this solar year
    assert next_birthday(Birthday("lunar", 1, 1), D("2027-12-30")) == D("2028-01-26")


def test_next_birthday_solar() -> None:
    b = Birthday("solar", 4, 17, 1985)
    assert next_birthday(b, D("2027-04-16")) == D("2027-04-17")
    assert next_birthday(b, D("2027-04-17")) == D("2027-04-17")
    assert next_birthday(b, D("2027-04-18")) == D("2028-04-17")


def _shape_valid_birthdays() -> st.SearchStrategy[Birthday]:
    def build(cal: str, year: int | None, month: int, day: int, leap: bool) -> Birthday:
        if cal == "solar":
            last = calendar.monthrange(year if year is not None else 2000, month)[1]
            return Birthday("solar", month, min(day, last), year)
        return Birthday("lunar", month, day, year, leap)

    return st.builds(
        build,
        st.sampled_from(["solar", "lunar"]),
        st.none() | st.integers(lunar.MIN_YEAR, lunar.MAX_YEAR),
        st.integers(1, 12),
        st.integers(1, 30),
        st.booleans(),
    ) | st.builds(lambda y: Birthday("solar", 12, 31, y), st.none() | st.integers(1900, 2100))


@settings(max_examples=150, deadline=None)
@given(_shape_valid_birthdays(), st.dates(min_value=D("1960-01-01"), max_value=D("2090-12-31")))
def test_next_birthday_is_the_first_occurrence_on_or_after_today(b: Birthday, today: date) -> None:
    nxt = next_birthday(b, today)
    assert today <= nxt <= today + timedelta(days=366 + 30)
    if b.calendar == "solar":
        assert nxt == birthday_in_year(b, nxt.year)
        assert birthday_in_year(b, nxt.year - 1) < today
    else:
        lunar_year = solar_to_lunar(nxt)[0]
        assert nxt == birthday_in_year(b, lunar_year)
        assert birthday_in_year(b, lunar_year - 1) < today


# ---------------------------------------------------------------------------------------
# Ages


def test_age_on() -> None:
    solar = Birthday("solar", 4, 17, 1985)
    assert age_on(solar, D("2027-04-17")) == 42
    assert age_on(solar, D("2027-04-16")) == 41
    assert age_on(solar, D("1985-04-17")) == 0
    assert age_on(solar, D("1985-04-16")) is None  # before the birth
    assert age_on(Birthday("solar", 4, 17), D("2027-04-17")) is None  # year unknown
    leapling = Birthday("solar", 2, 29, 2000)
    assert age_on(leapling, D("2027-02-28")) == 27
    assert age_on(leapling, D("2027-02-27")) == 26
    assert age_on(leapling, D("2028-02-28")) == 27
    assert age_on(leapling, D("2028-02-29")) == 28
    la = Birthday("lunar", 12, 5, 1990)  # 腊月初五 of lunar 1990 (January 1991)
    assert age_on(la, D("2027-01-12")) == 36  # the occurrence of lunar 2026
    assert age_on(la, D("2027-01-11")) == 35
    leap = Birthday("lunar", 6, 10, 1987, leap=True)
    assert age_on(leap, lunar_to_solar(1987, 6, 10, leap=True)) == 0
    assert age_on(leap, lunar_to_solar(1987, 6, 9, leap=True)) is None
    assert age_on(leap, next_birthday(leap, D("2026-01-01"))) == 39


# ---------------------------------------------------------------------------------------
# Parsing


ACCEPTED = [
    ("1985-04-17", Birthday("solar", 4, 17, 1985)),
    ("1985/4/17", Birthday("solar", 4, 17, 1985)),
    ("04-17", Birthday("solar", 4, 17)),
    ("4-17", Birthday("solar", 4, 17)),
    ("4月17日", Birthday("solar", 4, 17)),
    ("1985年4月17日", Birthday("solar", 4, 17, 1985)),
    (" １９８５－０４－１７ ", Birthday("solar", 4, 17, 1985)),  # full-width, spaces
    ("2000-02-29", Birthday("solar", 2, 29, 2000)),
    ("2月29日", Birthday("solar", 2, 29)),
    ("solar:--04-17", Birthday("solar", 4, 17)),
    ("农历三月初八", Birthday("lunar", 3, 8)),
    ("农历1987年闰六月初十", Birthday("lunar", 6, 10, 1987, leap=True)),
    ("农历2025年闰六月初十", Birthday("lunar", 6, 10, 2025, leap=True)),
    ("农历六月十五", Birthday("lunar", 6, 15)),
    ("农历正月初一", Birthday("lunar", 1, 1)),
    ("农历腊月廿三", Birthday("lunar", 12, 23)),
    ("农历冬月三十", Birthday("lunar", 11, 30)),
    ("农历十一月二十", Birthday("lunar", 11, 20)),
    ("农历十二月二十一", Birthday("lunar", 12, 21)),
    ("农历闰四月十九", Birthday("lunar", 4, 19, leap=True)),
    ("阴历三月初八", Birthday("lunar", 3, 8)),
    ("lunar:1985-06-10", Birthday("lunar", 6, 10, 1985)),
    ("lunar:1987-L06-10", Birthday("lunar", 6, 10, 1987, leap=True)),
    ("lunar:06-10", Birthday("lunar", 6, 10)),
    ("lunar:L06-10", Birthday("lunar", 6, 10, leap=True)),
    ("lunar:--L03-08", Birthday("lunar", 3, 8, leap=True)),
    ("lunar leap 6/10 (1987)", Birthday("lunar", 6, 10, 1987, leap=True)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_accepts(text: str, expected: Birthday) -> None:
    assert parse_birthday(text) == expected


REJECTED = [
    ("", "nothing was entered", "内容为空"),
    ("hello", "expected e.g.", "应为如"),
    ("17/4/1985", "expected e.g.", "应为如"),
    ("农历初八", "expected e.g.", "应为如"),
    ("农历三月初十一", "expected e.g.", "应为如"),
    ("1985-13-01", "no month 13", "没有13月"),
    ("农历十三月初一", "no month 13", "没有13月"),
    ("04-31", "month 4 has no day 31", "4月没有31日"),
    ("02-30", "month 2 has no day 30", "2月没有30日"),
    ("1985-02-29", "1985 is not a leap year", "1985年不是闰年"),
    ("1900-02-29", "1900 is not a leap year", "1900年不是闰年"),
    ("农历三月三十一", "lunar day must be between 1", "初一到三十"),
    ("lunar:03-31", "lunar day must be between 1", "初一到三十"),
    ("农历1985年闰六月初十", "lunar year 1985 has no leap month at all", "农历1985年没有闰月"),
    ("lunar:1985-L06-10", "lunar year 1985 has no leap month at all", "农历1985年没有闰月"),
    ("农历2025年闰五月初一", "has no leap month 5; its leap month is month 6", "没有闰五月，该年的闰月是闰六月"),
    ("农历2025年二月三十", "month 2 has only 29 days", "二月只有29天"),
    ("农历2025年闰六月三十", "leap month 6 has only 29 days", "闰六月只有29天"),
    ("闰4-17", "only in the lunar calendar", "闰月只存在于农历中"),
    ("solar:1985-L04-17", "only in the lunar calendar", "闰月只存在于农历中"),
    ("1799-01-01", "between 1800 and 2399", "1800到2399"),
]


@pytest.mark.parametrize(("text", "en", "zh"), REJECTED)
def test_parse_rejects_with_a_clear_line(text: str, en: str, zh: str) -> None:
    with pytest.raises(BirthdayParseError) as caught:
        parse_birthday(text)
    error = caught.value
    assert isinstance(error, ValueError) and error.text == text
    for lang, fragment in (("en", en), ("zh", zh)):
        message = error.message(lang)
        assert "\n" not in message and fragment in message and f"“{text}”" in message
    assert str(error) == error.message("en")


# ---------------------------------------------------------------------------------------
# Storage


def test_storage_forms() -> None:
    assert Birthday("solar", 4, 17, 1985).to_storage() == "solar:1985-04-17"
    assert Birthday("solar", 4, 17).to_storage() == "solar:--04-17"
    assert Birthday("lunar", 6, 10, 1985).to_storage() == "lunar:1985-06-10"
    assert Birthday("lunar", 6, 10, 1987, leap=True).to_storage() == "lunar:1987-L06-10"
    assert Birthday("lunar", 3, 8).to_storage() == "lunar:--03-08"
    assert Birthday("lunar", 3, 8, leap=True).to_storage() == "lunar:--L03-08"


@pytest.mark.parametrize(
    "bad", ["", "1985-04-17", "solar:85-04-17", "solar:1985-4-17", "lunar:---03-08", "solar:--L04-17",
            "solar:--02-30", "lunar:--03-31", "moon:--03-08"]
)  # fmt: skip
def test_from_storage_rejects(bad: str) -> None:
    with pytest.raises(BirthdayParseError):
        Birthday.from_storage(bad)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(calendar="gregorian", month=1, day=1),
        dict(calendar="solar", month=0, day=1),
        dict(calendar="solar", month=4, day=31),
        dict(calendar="solar", month=2, day=29, year=2001),
        dict(calendar="solar", month=4, day=1, leap=True),
        dict(calendar="lunar", month=1, day=31),
        dict(calendar="lunar", month=1, day=1, year=1000),
        dict(calendar="lunar", month="1", day=1),
    ],
)
def test_birthday_rejects_bad_shapes(kwargs: dict) -> None:
    with pytest.raises(ValueError):
        Birthday(**kwargs)


@settings(max_examples=200, deadline=None)
@given(_shape_valid_birthdays())
def test_storage_round_trip(b: Birthday) -> None:
    assert Birthday.from_storage(b.to_storage()) == b


@st.composite
def _existing_birthdays(draw: st.DrawFn) -> Birthday:
    """Birthdays parse_birthday accepts: lunar ones with a year exist in that year."""
    b = draw(_shape_valid_birthdays())
    if b.calendar == "lunar" and b.year is not None:
        year = draw(st.integers(1950, 2100))
        info = lunar._lunar_year(year)
        month, leap = draw(st.sampled_from(sorted(info.months)))
        day = draw(st.integers(1, info.months[(month, leap)][1]))
        return Birthday("lunar", month, day, year, leap)
    return b


@settings(max_examples=200, deadline=None)
@given(_existing_birthdays(), st.sampled_from(["en", "zh"]))
def test_formatted_birthdays_parse_back(b: Birthday, lang: str) -> None:
    assert parse_birthday(format_birthday(b, lang)) == b
    assert parse_birthday(b.to_storage()) == b


# ---------------------------------------------------------------------------------------
# Display


def test_format_lunar() -> None:
    assert format_lunar(8, 15, False, "zh") == "八月十五"
    assert format_lunar(6, 10, True, "zh") == "闰六月初十"
    assert format_lunar(1, 1, False, "zh") == "正月初一"
    assert format_lunar(12, 23, False, "zh") == "腊月廿三"
    assert format_lunar(11, 30, False, "zh") == "冬月三十"
    assert format_lunar(10, 20, False, "zh") == "十月二十"
    assert format_lunar(8, 15, False, "en") == "lunar 8/15"
    assert format_lunar(6, 10, True, "en") == "lunar leap 6/10"


def test_format_birthday() -> None:
    assert format_birthday(Birthday("lunar", 3, 8), "zh") == "农历三月初八"
    assert format_birthday(Birthday("lunar", 3, 8), "en") == "lunar 3/8"
    assert format_birthday(Birthday("solar", 4, 17, 1985), "zh") == "1985年4月17日"
    assert format_birthday(Birthday("solar", 4, 17, 1985), "en") == "1985-04-17"
    assert format_birthday(Birthday("solar", 4, 17), "zh") == "4月17日"
    assert format_birthday(Birthday("solar", 4, 17), "en") == "04-17"
    leap = Birthday("lunar", 6, 10, 1987, leap=True)
    assert format_birthday(leap, "zh") == "农历1987年闰六月初十"
    assert format_birthday(leap, "en") == "lunar leap 6/10 (1987)"


def test_describe_next() -> None:
    b = Birthday("lunar", 3, 8)
    assert describe_next(b, D("2027-01-01"), "zh") == "下次：2027-04-14（农历三月初八）"
    assert describe_next(b, D("2027-01-01"), "en") == "next: 2027-04-14 (lunar 3/8)"
    # a solar birthday shows the lunar date of that day too
    s = Birthday("solar", 4, 17, 1985)
    assert describe_next(s, D("2027-01-01"), "zh") == "下次：2027-04-17（农历三月十一）"
    assert describe_next(s, D("2027-01-01"), "en") == "next: 2027-04-17 (lunar 3/11)"
    # the lunar date shown is that of the day celebrated (leap birthday, 2026 has no 闰六月)
    leap = Birthday("lunar", 6, 10, 1987, leap=True)
    assert describe_next(leap, D("2026-01-01"), "zh") == "下次：2026-07-23（农历六月初十）"


# ---------------------------------------------------------------------------------------
# Module hygiene

SOURCE = Path(lunar.__file__).read_text(encoding="utf-8")


def test_catalog_complete_and_every_used_key_exists() -> None:
    assert all(k.startswith("lunar.") and en and zh for k, (en, zh) in MESSAGES.items())
    used = set(re.findall(r'"(lunar\.[a-z0-9_.]+)"', SOURCE))
    assert used and used <= MESSAGES.keys()
    assert MESSAGES.keys() <= used  # no dead messages


def test_module_is_pure_and_imports_lunar_python_lazily() -> None:
    assert not re.search(r"^\s*(import|from)\s+(textual|sqlmodel|sqlalchemy|sqlite3)", SOURCE, re.M)
    assert not re.search(r"\.today\(|\.now\(|time\.time\(", SOURCE)
    code = (
        "import sys; import clientbook.domain.lunar as m; "
        "assert 'lunar_python' not in sys.modules; "
        "m.lunar_to_solar(2025, 1, 1); assert 'lunar_python' in sys.modules"
    )
    src = str(Path(lunar.__file__).parents[2])
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": src})
