"""Dates typed by people, in Chinese or English: "明天下午3点", "下周五", "fri 10:30", "+3d".

`parse_when(text, now)` normalizes the text, then tries a table of regexes in order; the
first that matches *and* names a real date wins. Anything else is a `DateParseError`, whose
message suggests forms that work. Pure: "now" is always an argument, never read from a clock.

Choices for ambiguous input (each is tested in tests/unit/test_dates.py):
- 周五 / fri alone is the coming Friday: today if today is Friday, else the next one
  (0–6 days ahead). 下周五 / next fri is the Friday of next calendar week and 这周五 / this fri
  the Friday of this week, even if already past (weeks start on Monday).
- 下周 / next week is the Monday of next week. 下个月 / next month / +1m / 1个月后 keep the day
  of month, clamped to the month's end (Jan 31 + 1 month = Feb 28). "m" is months, not minutes.
- A date without a year (12-01, 12月1日, dec 1) is the first such day from 3 months ago on:
  a day of the last 3 months is a recent one, overdue (on 12-06, 12-03 is three days ago, not
  next year; on 01-10, 12-20 is last December), anything earlier is next year's (02-29 waits
  for the next leap year). A day alone (15号) is the next 15th on or after today.
  Slash dates are month/day (12/1 = 1 December), as both Chinese and US users write them.
- A bare hour 1–6 without 上午/凌晨/am (3点, 3:30) is afternoon: clients meet at 3pm, not 3am.
  A leading zero (03:30) or a period word keeps the hour as written; 0 and 7–23 are read on
  a 24-hour clock. 晚上12点 is midnight, i.e. 00:00 of the next day.
- A time without a date is today, even if that time has already passed.
- With `past=True` (when something happened, as in a log) the yearless and bare forms look
  back instead: 11-20 is the last 20 November on or before today, 周五 the last Friday.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from clientbook.domain.text import FieldError
from clientbook.i18n import t

__all__ = ["DateParseError", "When", "day_text", "describe_when", "parse_when", "weekday_name"]


@dataclass(frozen=True)
class When:
    """A day, and the time of day if the user typed one."""

    day: dt.date
    time: dt.time | None = None

    def as_datetime(self) -> dt.datetime:
        return dt.datetime.combine(self.day, self.time or dt.time(0, 0))


_SHOWN_CHARS = 40  # how much of a bad input the error message repeats back


class DateParseError(ValueError):
    """The text is not a date we can read. `.text` is the input, shortened and made safe to show."""

    def __init__(self, text: object) -> None:
        self.text = _for_display(text)
        super().__init__(f'unreadable date "{self.text}"')

    def message(self, lang: str) -> str:
        return t("dates.unreadable", lang=lang, text=self.text)


def _for_display(text: object) -> str:
    raw = text.strip() if isinstance(text, str) else repr(text)
    head = raw[: _SHOWN_CHARS + 1]
    # Control characters (escape sequences!) must not reach the terminal.
    shown = "".join(ch if ch.isprintable() else " " if ch.isspace() else "\ufffd" for ch in head)
    return shown if len(raw) <= _SHOWN_CHARS else shown[:_SHOWN_CHARS] + "…"


# ---------------------------------------------------------------- public API


# Set for the length of one parse_when(past=True) call: the bare forms look back, not ahead.
_LOOKING_BACK = contextvars.ContextVar("looking_back", default=False)


def day_field(raw: dict[str, str], name: str, now: dt.datetime, errors: dict, *, past: bool = False) -> dt.date | None:
    """A form's optional day (a deal's expected close, a meal's deadline, a gift's day) as typed in
    any way parse_when reads; blank is None, anything unreadable an error under `name`."""
    typed = (raw.get(name) or "").strip()
    if not typed:
        return None
    try:
        return parse_when(typed, now, past=past).day
    except DateParseError as exc:
        errors[name] = FieldError("log.error.date", {"value": exc.text})
        return None


def parse_when(text: str, now: dt.datetime, *, past: bool = False) -> When:
    """What the user meant by `text`, relative to `now`. Raises DateParseError, nothing else."""
    if not isinstance(text, str):
        raise DateParseError(text)
    today = now.date() if isinstance(now, dt.datetime) else now
    token = _LOOKING_BACK.set(past)
    try:
        when = _parse(_normalize(text), today)
    except (ValueError, OverflowError):  # 十十 is no number; 2026-02-30 or year 10000 no date
        when = None
    finally:
        _LOOKING_BACK.reset(token)
    if when is None:
        raise DateParseError(text)
    return when


def describe_when(when: When, lang: str) -> str:
    """What we understood, to show next to the input: "→ 2026-11-27 周五 15:00"."""
    date_text = when.day.isoformat()
    weekday = weekday_name(when.day, lang)
    if when.time is None:
        return t("dates.understood", lang=lang, date=date_text, weekday=weekday)
    time_text = when.time.strftime("%H:%M")
    return t("dates.understood_at", lang=lang, date=date_text, weekday=weekday, time=time_text)


def day_text(day: dt.date, today: dt.date, lang: str, at: dt.time | None = None, *, weekday: bool = True) -> str:
    """A day as every screen and message shows it: "12-03 周四", with the year when it is not
    today's year ("2027-01-08 周五"), and the time of day if there is one ("12-03 周四 15:00")."""
    text = f"{day:%m-%d}" if day.year == today.year else day.isoformat()
    if weekday:
        text += f" {weekday_name(day, lang)}"
    return f"{text} {at:%H:%M}" if at is not None else text


def weekday_name(day: dt.date, lang: str) -> str:
    """周一..周日 / Mon..Sun."""
    names = (
        t("dates.weekday.mon", lang=lang),
        t("dates.weekday.tue", lang=lang),
        t("dates.weekday.wed", lang=lang),
        t("dates.weekday.thu", lang=lang),
        t("dates.weekday.fri", lang=lang),
        t("dates.weekday.sat", lang=lang),
        t("dates.weekday.sun", lang=lang),
    )
    return names[day.weekday()]


# ---------------------------------------------------------------- normalization

_MAX_RAW = 200  # longer input is rejected before any work: nobody types a 200-character date
_MAX_LEN = 64

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_NUMBER = re.compile("[零〇一二两三四五六七八九十]+")
_HAN = "\u3400-\u9fff"
# Short forms spelled out so the rules only see one spelling.
_SHORTHANDS = (("今晚", "今天晚上"), ("明晚", "明天晚上"), ("今早", "今天早上"), ("明早", "明天早上"))


def _cn_number(match: re.Match[str]) -> str:
    """三 -> 3, 十二 -> 12, 三十一 -> 31, 二〇二六 -> 2026 (digit by digit when there is no 十)."""
    run = match.group()
    if "十" not in run:
        return "".join(str(_CN_DIGITS[ch]) for ch in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        raise ValueError(run)  # 十十, 一二十 ...: not a number anyone writes
    return str((_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0))


def _normalize(text: str) -> str | None:
    """Lower-case, one spelling per thing, Arabic digits; None if it cannot be a date."""
    if len(text) > _MAX_RAW:
        return None
    # Tabs and newlines are just spaces; any other control or unassigned character is refused.
    if any(unicodedata.category(ch)[0] == "C" and not ch.isspace() for ch in text):
        return None
    s = unicodedata.normalize("NFKC", text)  # full-width １２：３０ -> 12:30
    s = re.sub(r"\s+", " ", s).strip().lower()
    if not s or len(s) > _MAX_LEN or not s.isprintable():
        return None
    s = re.sub(rf"\s*([{_HAN}])\s*", r"\1", s)  # spaces next to Chinese carry no meaning
    s = _CN_NUMBER.sub(_cn_number, s)
    for short, long in _SHORTHANDS:
        s = s.replace(short, long)
    return s


# ---------------------------------------------------------------- date arithmetic


def _add_months(day: dt.date, months: int) -> dt.date:
    """Same day of month, `months` later, clamped to that month's last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def _shift(day: dt.date, n: int, unit: str) -> dt.date:
    if unit == "d":
        return day + dt.timedelta(days=n)
    if unit == "w":
        return day + dt.timedelta(weeks=n)
    return _add_months(day, n * 12 if unit == "y" else n)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday(today: dt.date, weekday: int, weeks_ahead: int | None) -> dt.date:
    if weeks_ahead is None:  # bare 周五 / fri: the coming one (or the last one), today included
        if _LOOKING_BACK.get():
            return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    return _monday(today) + dt.timedelta(weeks=weeks_ahead, days=weekday)


# A yearless date up to this many months back is a recent one (overdue), not next year's.
_RECENT_MONTHS = 3


def _upcoming(today: dt.date, month: int, day: int) -> dt.date | None:
    """The first month-day from _RECENT_MONTHS ago on (for 02-29 that may be a few years
    away), or the last one on or before today when looking back."""
    back = _LOOKING_BACK.get()
    since = _add_months(today, -_RECENT_MONTHS)
    years = range(today.year, today.year - 9, -1) if back else range(since.year, since.year + 9)
    for year in years:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if (candidate <= today) if back else (candidate >= since):
            return candidate
    return None


def _next_day_of_month(today: dt.date, day: int) -> dt.date | None:
    """The first 'day'-th of a month on or after today (31号 skips 30-day months)."""
    back = _LOOKING_BACK.get()
    for ahead in range(13):
        first = _add_months(today.replace(day=1), -ahead if back else ahead)
        if day > monthrange(first.year, first.month)[1]:
            continue
        candidate = first.replace(day=day)
        if (candidate <= today) if back else (candidate >= today):
            return candidate
    return None


def _calendar(today: dt.date, year: str | None, month: str, day: str) -> dt.date | None:
    if year:
        return dt.date(int(year), int(month), int(day))  # ValueError for 2026-02-30
    return _upcoming(today, int(month), int(day))


# ---------------------------------------------------------------- date rules

_DAY_WORDS = {
    "今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3,
    "昨天": -1, "昨日": -1, "前天": -2, "大前天": -3,
    "today": 0, "tod": 0, "tomorrow": 1, "tmr": 1, "tmrw": 1, "yesterday": -1,
}  # fmt: skip
# 这/本 = this, 下 = next, 上 = last: how many weeks (or months) ahead. 周五 arrives as 周5.
_AHEAD = {"上": -1, "这": 0, "本": 0, "下": 1, "下下": 2, "last": -1, "this": 0, "next": 1}
_CN_WEEKDAYS = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "日": 6, "天": 6}
_EN_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_EN_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_UNITS = {
    "天": "d", "日": "d", "周": "w", "星期": "w", "礼拜": "w", "月": "m", "年": "y",
    "d": "d", "day": "d", "w": "w", "wk": "w", "week": "w", "m": "m", "mo": "m",
    "month": "m", "y": "y", "yr": "y", "year": "y",
}  # fmt: skip


def _alternatives(words: dict[str, object]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # longest first: "friday" before "fri"


def _en_unit(word: str) -> str:
    return _UNITS[word.removesuffix("s")]


def _cn_count(m: re.Match[str], today: dt.date) -> dt.date:
    n = int(m["n"])
    return _shift(today, -n if "前" in m["dir"] else n, _UNITS[m["unit"].lstrip("个")])


def _en_count(m: re.Match[str], today: dt.date) -> dt.date | None:
    n = int(m["n"])
    if m["dir"] == "ago":
        if m["in"]:
            return None  # "in 3 days ago"
        n = -n
    return _shift(today, n, _en_unit(m["unit"]))


_N = r"(?P<n>[0-9]{1,5})"
_Y, _M, _D = r"(?P<y>[0-9]{4})", r"(?P<m>[0-9]{1,2})", r"(?P<d>[0-9]{1,2})"
_CN_WEEK = r"(?:周|星期|礼拜)"
_CN_WHICH = r"(?P<which>下下|下|这|本|上)"
_EN_WD = rf"(?P<wd>{_alternatives(_EN_WEEKDAYS)})\.?"
_EN_MON = rf"(?P<mon>{_alternatives(_EN_MONTHS)})\.?"
_ORD = r"(?:st|nd|rd|th)?"

DateRule = tuple[str, Callable[[re.Match[str], dt.date], "dt.date | None"]]

# Tried in order against the whole (normalized) date text; the first match decides.
_DATE_RULES: list[DateRule] = [
    # 今天 明天 后天 大后天 昨天 前天 / today tomorrow yesterday
    (rf"(?P<word>{_alternatives(_DAY_WORDS)})", lambda m, d: d + dt.timedelta(_DAY_WORDS[m["word"]])),
    # 周五 星期五 礼拜天 / 下周五 这周五 本周五 上周五 下个星期一
    (rf"(?:{_CN_WHICH}个?)?{_CN_WEEK}(?P<wd>[1-6日天])",
     lambda m, d: _weekday(d, _CN_WEEKDAYS[m["wd"]], _AHEAD.get(m["which"]))),
    # fri / next friday / this fri / last mon
    (rf"(?:(?P<which>next|this|last) )?{_EN_WD}",
     lambda m, d: _weekday(d, _EN_WEEKDAYS[m["wd"]], _AHEAD.get(m["which"]))),
    # 下周 / next week: the Monday of that week
    (rf"{_CN_WHICH}个?{_CN_WEEK}", lambda m, d: _weekday(d, 0, _AHEAD[m["which"]])),
    (r"(?P<which>next|this|last) week", lambda m, d: _weekday(d, 0, _AHEAD[m["which"]])),
    # 下个月 / next month: same day of month
    (rf"{_CN_WHICH}个?月", lambda m, d: _add_months(d, _AHEAD[m["which"]])),
    (r"(?P<which>next|this|last) month", lambda m, d: _add_months(d, _AHEAD[m["which"]])),
    (r"明年|next year", lambda m, d: _add_months(d, 12)),
    (r"去年|last year", lambda m, d: _add_months(d, -12)),
    # 3天后 两周后 3个星期后 1个月后 2天前. 后/前 is required: 3月 alone is March, 3日 the 3rd.
    (rf"{_N}(?P<unit>天|日|周|个?星期|个?礼拜|个月|年)(?P<dir>以?后|之后|以?前|之前)",
     _cn_count),
    # +3d -2w +1m 3d 2w (m = months)
    (rf"(?P<sign>[+-])?{_N} ?(?P<unit>[dwmy])",
     lambda m, d: _shift(d, -int(m["n"]) if m["sign"] == "-" else int(m["n"]), m["unit"])),
    # in 3 days / 3 days / 2 weeks later / 3 days ago
    (rf"(?P<in>in )?{_N} ?(?P<unit>days?|weeks?|wks?|months?|mos?|years?|yrs?)"
     r"(?: (?P<dir>later|from now|ago))?", _en_count),
    # 2026年12月1日 / 12月1日 / 12月1号
    (rf"(?:{_Y}年)?{_M}月{_D}[日号]?", lambda m, d: _calendar(d, m["y"], m["m"], m["d"])),
    # 15号 / 1日: the next such day of a month
    (rf"{_D}[日号]", lambda m, d: _next_day_of_month(d, int(m["d"]))),
    # 2026-12-01 2026/12/1 2026.12.1
    (rf"{_Y}(?P<sep>[-/.]){_M}(?P=sep){_D}", lambda m, d: _calendar(d, m["y"], m["m"], m["d"])),
    # 12-01 12/1 12/1/2026: month first
    (rf"{_M}(?P<sep>[-/.]){_D}(?:(?P=sep){_Y})?", lambda m, d: _calendar(d, m["y"], m["m"], m["d"])),
    # dec 1 / december 1st, 2026
    (rf"{_EN_MON} ?{_D}{_ORD}(?:,? {_Y})?",
     lambda m, d: _calendar(d, m["y"], str(_EN_MONTHS[m["mon"]]), m["d"])),
    # 1 dec / 1st of december 2026
    (rf"{_D}{_ORD} ?(?:of )?{_EN_MON},?(?: {_Y})?",
     lambda m, d: _calendar(d, m["y"], str(_EN_MONTHS[m["mon"]]), m["d"])),
]


# Compiled on first use, not at import: the app's start imports this module for weekday names.
@cache
def _compiled_date_rules() -> list:
    return [(re.compile(pattern), handler) for pattern, handler in _DATE_RULES]


def _parse_date(text: str, today: dt.date) -> dt.date | None:
    text = text.strip(" ,").removeprefix("on ")
    for pattern, handler in _compiled_date_rules():
        match = pattern.fullmatch(text)
        if match:
            return handler(match, today)
    return None


# ---------------------------------------------------------------- time rules

# Typed hour -> hour on the 24-hour clock, for each period word. A missing hour is not a
# time that period has (上午13点, 晚上3点): refused rather than guessed.
_PERIOD_HOURS: dict[str, dict[int, int]] = {
    "凌晨": {**{h: h for h in range(0, 7)}, 12: 0},
    "早上": {h: h for h in range(0, 13)},
    "早晨": {h: h for h in range(0, 13)},
    "上午": {h: h for h in range(0, 13)},
    "中午": {11: 11, 12: 12, 1: 13, 2: 14},
    "下午": {**{h: h + 12 for h in range(1, 12)}, **{h: h for h in range(12, 24)}},
    "傍晚": {**{h: h + 12 for h in range(4, 8)}, **{h: h for h in range(16, 20)}},
    "晚上": {**{h: h + 12 for h in range(5, 12)}, 12: 24, **{h: h for h in range(17, 24)}},
    "am": {12: 0, **{h: h for h in range(1, 12)}},
    "pm": {12: 12, **{h: h + 12 for h in range(1, 12)}},
}

Clock = tuple[dt.time, int]  # time of day, days to add (晚上12点 is tomorrow's 00:00)


def _clock(m: re.Match[str]) -> Clock | None:
    groups = m.groupdict()
    typed = groups["h"]
    hour = int(typed)
    period = groups.get("p") or (groups.get("ampm") or "").replace(".", "") or None
    if period is not None:
        hour24 = _PERIOD_HOURS[period].get(hour)
    elif 1 <= hour <= 6 and not typed.startswith("0"):
        hour24 = hour + 12  # business afternoon: 3点 = 15:00; write 03:00 or 上午3点 for 3am
    else:
        hour24 = hour if hour <= 23 else None
    if groups.get("half"):
        minute = 30
    elif groups.get("q"):
        minute = 15 * int(groups["q"])  # 一刻 = 15 minutes
    else:
        minute = int(groups.get("m") or 0)
    if hour24 is None or minute > 59:
        return None
    return dt.time(hour24 % 24, minute), hour24 // 24


_PERIOD = r"(?P<p>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)?"
_CN_MINUTES = r"(?:(?P<half>半)|(?P<q>[1-3])刻|(?P<m>[0-9]{1,2})分?)?整?"  # 半, 一刻, 15分

_TIME_RULES: list[tuple[str, Callable[[re.Match[str]], Clock | None]]] = [
    # 3点 下午3点半 上午10点15分 3点一刻 9点钟
    (rf"{_PERIOD}(?P<h>[0-9]{{1,2}})(?:点钟?|时){_CN_MINUTES}", _clock),
    # 15:00 / 下午3:30 / at 10:30
    (rf"(?:at )?{_PERIOD}(?P<h>[0-9]{{1,2}}):(?P<m>[0-9]{{2}})", _clock),
    # 3pm / 10:30 am / at 3 p.m.
    (r"(?:at )?(?P<h>[0-9]{1,2})(?::(?P<m>[0-9]{2}))? ?(?P<ampm>am|pm|a\.m\.|p\.m\.)", _clock),
    # noon / 中午
    (r"(?:at )?(?:noon|midday|中午|正午)", lambda m: (dt.time(12, 0), 0)),
]


@cache
def _compiled_time_rules() -> list:
    return [(re.compile(pattern), handler) for pattern, handler in _TIME_RULES]


def _parse_time(text: str) -> Clock | None:
    text = text.strip(" ,")
    for pattern, handler in _compiled_time_rules():
        match = pattern.fullmatch(text)
        if match:
            return handler(match)
    return None


# ---------------------------------------------------------------- putting it together


def _parse(s: str | None, today: dt.date) -> When | None:
    if s is None:
        return None
    day = _parse_date(s, today)
    if day is not None:
        return When(day)
    # "明天下午3点", "fri 10:30", "3pm": date on the left (may be empty = today), time on the
    # right. Shortest date first, so the time takes all it can (下午3点, not just 3点).
    for cut in range(len(s)):
        when = _combine(date_text=s[:cut], time_text=s[cut:], today=today)
        if when is not None:
            return when
    # "3pm tomorrow", "15:00 12/1": time first.
    for cut in range(len(s) - 1, 0, -1):
        when = _combine(date_text=s[cut:], time_text=s[:cut], today=today)
        if when is not None:
            return when
    return None


def _combine(date_text: str, time_text: str, today: dt.date) -> When | None:
    clock = _parse_time(time_text)
    if clock is None:
        return None
    day = _parse_date(date_text, today) if date_text.strip(" ,") else today
    if day is None:
        return None
    time_of_day, extra_days = clock
    return When(day + dt.timedelta(days=extra_days), time_of_day)
