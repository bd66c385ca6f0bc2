"""Typed dates: domain/dates.py. "Now" is Thursday 2026-11-26 10:00 throughout."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientbook.domain import dates
from clientbook.domain.dates import DateParseError, When, describe_when, parse_when, weekday_name
from clientbook.i18n import catalog
from conftest import NOW

TODAY = NOW.date()
FAST = settings(max_examples=200, deadline=None)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


CASES: list[tuple[str, When]] = [
    # --- Chinese relative days
    ("今天", When(d(11, 26))),
    ("明天", When(d(11, 27))),
    ("后天", When(d(11, 28))),
    ("大后天", When(d(11, 29))),
    ("昨天", When(d(11, 25))),
    ("前天", When(d(11, 24))),
    # --- bare weekday: the coming one, today included
    ("周五", When(d(11, 27))),
    ("星期五", When(d(11, 27))),
    ("礼拜五", When(d(11, 27))),
    ("周四", When(d(11, 26))),  # today is Thursday: today
    ("周三", When(d(12, 2))),  # already past this week: next week's
    ("周一", When(d(11, 30))),
    ("周日", When(d(11, 29))),
    ("星期天", When(d(11, 29))),
    ("礼拜天", When(d(11, 29))),
    # --- 下周 / 这周 / 本周: calendar weeks starting on Monday
    ("下周五", When(d(12, 4))),
    ("下周一", When(d(11, 30))),
    ("下周四", When(d(12, 3))),
    ("下周日", When(d(12, 6))),
    ("下个星期五", When(d(12, 4))),
    ("下下周一", When(d(12, 7))),
    ("这周五", When(d(11, 27))),
    ("本周五", When(d(11, 27))),
    ("这周一", When(d(11, 23))),  # this week's Monday, though past
    ("上周五", When(d(11, 20))),
    ("下周", When(d(11, 30))),
    # --- counts
    ("3天后", When(d(11, 29))),
    ("三天后", When(d(11, 29))),
    ("两天后", When(d(11, 28))),
    ("十天后", When(d(12, 6))),
    ("三十一天后", When(d(12, 27))),
    ("3天以后", When(d(11, 29))),
    ("2天前", When(d(11, 24))),
    ("两周后", When(d(12, 10))),
    ("2周后", When(d(12, 10))),
    ("一周后", When(d(12, 3))),
    ("3个星期后", When(d(12, 17))),
    ("下个月", When(d(12, 26))),
    ("下月", When(d(12, 26))),
    ("1个月后", When(d(12, 26))),
    ("三个月后", When(d(2, 26, 2027))),
    ("明年", When(d(11, 26, 2027))),
    # --- Chinese calendar dates: without a year, the first such day from 3 months ago on
    ("12月1日", When(d(12, 1))),
    ("12月1号", When(d(12, 1))),
    ("十二月一日", When(d(12, 1))),
    ("十二月一号", When(d(12, 1))),
    ("11月1日", When(d(11, 1))),  # this month, past: overdue, not next year
    ("8月25日", When(d(8, 25, 2027))),  # more than 3 months ago: next year
    ("11月26日", When(d(11, 26))),  # today: this year
    ("2026年12月1日", When(d(12, 1))),
    ("二〇二六年十二月一日", When(d(12, 1))),
    ("2025年1月1日", When(d(1, 1, 2025))),  # explicit years may be past
    ("28号", When(d(11, 28))),  # a day alone: the next such day
    ("1号", When(d(12, 1))),
    ("三十一号", When(d(12, 31))),  # November has no 31st
    # --- numeric dates: month first
    ("12-01", When(d(12, 1))),
    ("2026-12-01", When(d(12, 1))),
    ("2026/12/1", When(d(12, 1))),
    ("12/1", When(d(12, 1))),
    ("12/1/2027", When(d(12, 1, 2027))),
    ("11-25", When(d(11, 25))),  # yesterday
    ("08-26", When(d(8, 26))),  # 3 months ago to the day: still a recent one
    ("08-25", When(d(8, 25, 2027))),
    ("nov 20", When(d(11, 20))),
    ("2-29", When(d(2, 29, 2028))),  # waits for a leap year
    ("１２－０１", When(d(12, 1))),  # full-width digits
    # --- Chinese times
    ("明天下午3点", When(d(11, 27), time(15, 0))),
    ("明天下午三点", When(d(11, 27), time(15, 0))),
    ("明天上午10点半", When(d(11, 27), time(10, 30))),
    ("明天上午十点半", When(d(11, 27), time(10, 30))),
    ("周五晚上8点", When(d(11, 27), time(20, 0))),
    ("下午3点", When(d(11, 26), time(15, 0))),  # no date: today
    ("15:00", When(d(11, 26), time(15, 0))),
    ("明天 15:30", When(d(11, 27), time(15, 30))),
    ("明天15:30", When(d(11, 27), time(15, 30))),
    ("明天 下午 3 点", When(d(11, 27), time(15, 0))),
    ("中午", When(d(11, 26), time(12, 0))),
    ("明天中午", When(d(11, 27), time(12, 0))),
    ("中午1点", When(d(11, 26), time(13, 0))),
    ("3点", When(d(11, 26), time(15, 0))),  # bare 1-6: business afternoon
    ("6点", When(d(11, 26), time(18, 0))),
    ("7点", When(d(11, 26), time(7, 0))),  # 7 and up: as on a 24-hour clock
    ("9点", When(d(11, 26), time(9, 0))),
    ("15点", When(d(11, 26), time(15, 0))),
    ("0点", When(d(11, 26), time(0, 0))),
    ("上午3点", When(d(11, 26), time(3, 0))),
    ("凌晨2点", When(d(11, 26), time(2, 0))),
    ("3点15分", When(d(11, 26), time(15, 15))),
    ("3点一刻", When(d(11, 26), time(15, 15))),
    ("下午3:30", When(d(11, 26), time(15, 30))),
    ("晚上12点", When(d(11, 27), time(0, 0))),  # midnight ends the day
    ("明晚8点", When(d(11, 27), time(20, 0))),
    ("今晚八点", When(d(11, 26), time(20, 0))),
    ("12月1日下午3点", When(d(12, 1), time(15, 0))),
    ("下周五上午9点", When(d(12, 4), time(9, 0))),
    # --- English days
    ("today", When(d(11, 26))),
    ("tomorrow", When(d(11, 27))),
    ("yesterday", When(d(11, 25))),
    ("  Tomorrow  ", When(d(11, 27))),
    ("TODAY", When(d(11, 26))),
    ("mon", When(d(11, 30))),
    ("tue", When(d(12, 1))),
    ("wed", When(d(12, 2))),
    ("thu", When(d(11, 26))),
    ("fri", When(d(11, 27))),
    ("FRI", When(d(11, 27))),
    ("sat", When(d(11, 28))),
    ("sun", When(d(11, 29))),
    ("monday", When(d(11, 30))),
    ("tuesday", When(d(12, 1))),
    ("wednesday", When(d(12, 2))),
    ("thursday", When(d(11, 26))),
    ("friday", When(d(11, 27))),
    ("saturday", When(d(11, 28))),
    ("sunday", When(d(11, 29))),
    ("on friday", When(d(11, 27))),
    ("next friday", When(d(12, 4))),
    ("Next Friday", When(d(12, 4))),
    ("next mon", When(d(11, 30))),
    ("this friday", When(d(11, 27))),
    ("last friday", When(d(11, 20))),
    # --- English counts (m = months)
    ("+3d", When(d(11, 29))),
    ("+2w", When(d(12, 10))),
    ("+1m", When(d(12, 26))),
    ("+1y", When(d(11, 26, 2027))),
    ("-2d", When(d(11, 24))),
    ("3d", When(d(11, 29))),
    ("2w", When(d(12, 10))),
    ("in 3 days", When(d(11, 29))),
    ("3 days", When(d(11, 29))),
    ("in 1 day", When(d(11, 27))),
    ("in 2 weeks", When(d(12, 10))),
    ("2 weeks later", When(d(12, 10))),
    ("3 days ago", When(d(11, 23))),
    ("next week", When(d(11, 30))),
    ("next month", When(d(12, 26))),
    # --- English calendar dates
    ("dec 1", When(d(12, 1))),
    ("1 dec", When(d(12, 1))),
    ("december 1", When(d(12, 1))),
    ("December 1st", When(d(12, 1))),
    ("dec 1 2026", When(d(12, 1))),
    ("dec 1, 2027", When(d(12, 1, 2027))),
    ("1st of december", When(d(12, 1))),
    ("1 dec 2026", When(d(12, 1))),
    ("nov 1", When(d(11, 1))),  # this month: a recent one
    ("aug 1", When(d(8, 1, 2027))),
    # --- English times
    ("tomorrow 3pm", When(d(11, 27), time(15, 0))),
    ("fri 10:30", When(d(11, 27), time(10, 30))),
    ("3pm", When(d(11, 26), time(15, 0))),
    ("3 pm", When(d(11, 26), time(15, 0))),
    ("10:30am", When(d(11, 26), time(10, 30))),
    ("12am", When(d(11, 26), time(0, 0))),
    ("12pm", When(d(11, 26), time(12, 0))),
    ("tomorrow at 3pm", When(d(11, 27), time(15, 0))),
    ("at 3pm", When(d(11, 26), time(15, 0))),
    ("3pm tomorrow", When(d(11, 27), time(15, 0))),
    ("sat 3pm", When(d(11, 28), time(15, 0))),
    ("dec 1 3pm", When(d(12, 1), time(15, 0))),
    ("2026-12-01 15:00", When(d(12, 1), time(15, 0))),
    ("noon", When(d(11, 26), time(12, 0))),
    ("tomorrow noon", When(d(11, 27), time(12, 0))),
    ("3:30", When(d(11, 26), time(15, 30))),  # bare 1-6: afternoon ...
    ("03:30", When(d(11, 26), time(3, 30))),  # ... unless written with a leading zero
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_parses(text: str, expected: When) -> None:
    assert parse_when(text, NOW) == expected


INVALID = [
    "",
    "   ",
    "abc",
    "2026-02-30",
    "13/45",
    "2-30",
    "明天下午25点",
    "上午13点",
    "晚上1点",  # 晚上 with an hour it does not have: refused, not guessed
    "下午",  # a period without an hour
    "25:00",
    "12:60",
    "13pm",
    "0am",
    "周八",
    "十十天后",
    "3月",  # March, no day
    "in 3 days ago",
    "😀",
    "明天😀",
    "x" * 10_000,
    "明天\x00",
    "\x1b[31m明天",
    "tomorrow\x07",
    "99999999d",
    "+99999y",
]


@pytest.mark.parametrize("text", INVALID, ids=[repr(text[:20]) for text in INVALID])
def test_rejects(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_when(text, NOW)


def test_error_names_the_input_in_both_languages() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when("  xyz ", NOW)
    error = caught.value
    assert error.text == "xyz"
    assert error.message("en") == 'Can\'t read the date "xyz" — try tomorrow, next fri, 12-01, +3d'
    assert error.message("zh") == "看不懂日期“xyz”——可以写 明天、下周五、12-01、+3d"
    assert isinstance(error, ValueError)


def test_error_text_is_shortened_and_safe_to_show() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_when("y" * 10_000, NOW)
    assert caught.value.text == "y" * 40 + "…"
    with pytest.raises(DateParseError) as caught:
        parse_when("\x1b[2J明天", NOW)
    assert "\x1b" not in caught.value.text
    assert caught.value.text.endswith("[2J明天")


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        (datetime(2026, 1, 31), "下个月", date(2026, 2, 28)),
        (datetime(2026, 1, 31), "next month", date(2026, 2, 28)),
        (datetime(2026, 1, 31), "+1m", date(2026, 2, 28)),
        (datetime(2026, 1, 31), "1个月后", date(2026, 2, 28)),
        (datetime(2028, 1, 31), "next month", date(2028, 2, 29)),
        (datetime(2026, 12, 31), "下个月", date(2027, 1, 31)),
        (datetime(2026, 3, 31), "1 month", date(2026, 4, 30)),
        (datetime(2028, 2, 29), "明年", date(2029, 2, 28)),
    ],
)
def test_months_clamp_to_month_end(now: datetime, text: str, expected: date) -> None:
    assert parse_when(text, now) == When(expected)


@pytest.mark.parametrize(
    ("now", "text", "expected"),
    [
        # the field report: on 12-06, a follow-up "12-03" is three days overdue, not next year's
        (datetime(2026, 12, 6), "12-03", date(2026, 12, 3)),
        (datetime(2026, 12, 6), "12月3日", date(2026, 12, 3)),
        (datetime(2026, 12, 6), "dec 3", date(2026, 12, 3)),
        (datetime(2026, 12, 6), "12-03 15:00", date(2026, 12, 3)),
        (datetime(2026, 12, 6), "02-01", date(2027, 2, 1)),  # ten months back: next year's
        (datetime(2026, 12, 6), "09-06", date(2026, 9, 6)),
        (datetime(2026, 12, 6), "09-05", date(2027, 9, 5)),
        # across the new year: last December is recent, next December is far
        (datetime(2026, 1, 10), "12-20", date(2025, 12, 20)),
        (datetime(2026, 1, 10), "10-10", date(2025, 10, 10)),
        (datetime(2026, 1, 10), "10-09", date(2026, 10, 9)),
        (datetime(2026, 1, 10), "01-09", date(2026, 1, 9)),
        (datetime(2026, 1, 10), "02-29", date(2028, 2, 29)),
    ],
)
def test_yearless_date_of_the_last_3_months_is_a_recent_one(now: datetime, text: str, expected: date) -> None:
    assert parse_when(text, now).day == expected


def test_looking_back_still_takes_the_last_one() -> None:
    assert parse_when("12-20", datetime(2026, 1, 10), past=True).day == date(2025, 12, 20)
    assert parse_when("02-01", datetime(2026, 12, 6), past=True).day == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("day", "at", "lang", "expected"),
    [
        (d(12, 3), None, "en", "12-03 Thu"),
        (d(12, 3), None, "zh", "12-03 周四"),
        (d(12, 3), time(15, 0), "en", "12-03 Thu 15:00"),
        (d(12, 3, 2027), None, "en", "2027-12-03 Fri"),
        (d(12, 20, 2025), time(9, 5), "zh", "2025-12-20 周六 09:05"),
    ],
)
def test_day_text_shows_the_year_only_when_not_this_year(day: date, at: time | None, lang: str,
                                                          expected: str) -> None:
    assert dates.day_text(day, TODAY, lang, at) == expected


def test_day_text_without_weekday() -> None:
    assert dates.day_text(d(10, 1), TODAY, "zh", weekday=False) == "10-01"
    assert dates.day_text(d(10, 1, 2025), TODAY, "zh", weekday=False) == "2025-10-01"


@FAST
@given(st.dates(min_value=d(8, 26), max_value=d(12, 31, 2030)))
def test_day_text_reads_back_as_the_same_day(day: date) -> None:
    # what we show is what the rep may type back: a yearless "12-03" must mean the day shown
    shown = dates.day_text(day, TODAY, "en").split()[0]
    assert parse_when(shown, NOW).day == day


def test_now_may_be_a_date() -> None:
    assert parse_when("明天", TODAY) == When(d(11, 27))


def test_as_datetime() -> None:
    assert When(d(11, 27), time(15, 0)).as_datetime() == datetime(2026, 11, 27, 15, 0)
    assert When(d(11, 27)).as_datetime() == datetime(2026, 11, 27, 0, 0)


@pytest.mark.parametrize(
    ("when", "lang", "expected"),
    [
        (When(d(11, 27)), "zh", "→ 2026-11-27 周五"),
        (When(d(11, 27)), "en", "→ 2026-11-27 Fri"),
        (When(d(11, 27), time(15, 0)), "zh", "→ 2026-11-27 周五 15:00"),
        (When(d(11, 27), time(15, 0)), "en", "→ 2026-11-27 Fri 15:00"),
        (When(d(11, 29), time(9, 5)), "en", "→ 2026-11-29 Sun 09:05"),
    ],
)
def test_describe_when(when: When, lang: str, expected: str) -> None:
    assert describe_when(when, lang) == expected


def test_weekday_names() -> None:
    monday = date(2026, 11, 23)
    week = [monday + timedelta(days=i) for i in range(7)]
    assert [weekday_name(day, "zh") for day in week] == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    assert [weekday_name(day, "en") for day in week] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def test_weekday_names_parse_back() -> None:
    # what describe_when prints as the weekday is itself a weekday we read
    for offset in range(7):
        day = TODAY + timedelta(days=offset)
        for lang in ("zh", "en"):
            assert parse_when(weekday_name(day, lang), NOW) == When(day)


def test_every_key_used_exists_in_both_languages() -> None:
    source = Path(dates.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'\bt\(\s*"([^"]+)"', source))
    assert keys, "no t(...) calls found"
    messages = catalog()
    for key in keys:
        assert key.startswith("dates.")
        english, chinese = messages[key]
        assert english and chinese


# ---------------------------------------------------------------- properties

# Pieces of the grammar, so random text reaches deep into the rules, not just the first check.
TOKENS = [
    "明天", "下", "周", "星期", "五", "十", "三", "两", "天", "后", "前", "个", "月", "日", "号",
    "年", "点", "半", "刻", "分", "上午", "下午", "晚上", "中午", "凌晨", "今晚", "next ",
    "this ", "fri", "dec ", "in ", "days", "week", "month", "at ", "pm", "am", "noon", " ",
    ":", "-", "/", ".", "+", ",", "0", "1", "2", "3", "12", "25", "31", "60", "2026", "9999",
    "99999", "d", "w", "m", "y", "\x00", "\t", "😀", "０", "：",
]  # fmt: skip
grammar_soup = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)


@FAST
@given(st.one_of(st.text(max_size=80), grammar_soup), st.datetimes(min_value=datetime(1, 1, 1)))
def test_never_crashes(text: str, now: datetime) -> None:
    try:
        result = parse_when(text, now)
    except DateParseError as error:
        assert isinstance(error.text, str)
        assert len(error.text) <= 41
        assert error.message("en") and error.message("zh")
    else:
        assert isinstance(result, When)
        assert isinstance(result.day, date)
        assert result.time is None or isinstance(result.time, time)
        describe_when(result, "zh")


@FAST
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_round_trip(day: date) -> None:
    assert parse_when(day.isoformat(), NOW) == When(day)


@FAST
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    st.sampled_from(["zh", "en"]),
)
def test_description_iso_part_parses_back(day: date, at: time | None, lang: str) -> None:
    description = describe_when(When(day, at), lang)
    iso = description.split()[1]
    assert parse_when(iso, NOW).day == day


@FAST
@given(st.integers(min_value=0, max_value=3650))
def test_plus_n_days(n: int) -> None:
    expected = When(TODAY + timedelta(days=n))
    assert parse_when(f"+{n}d", NOW) == expected
    assert parse_when(f"{n}天后", NOW) == expected


def chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


@FAST
@given(st.integers(min_value=0, max_value=99))
def test_chinese_numeral_days(n: int) -> None:
    assert parse_when(f"{chinese_number(n)}天后", NOW) == When(TODAY + timedelta(days=n))
