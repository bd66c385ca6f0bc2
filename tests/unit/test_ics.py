"""Calendar export (clientbook.domain.ics), read back by icalendar and by a small reader of our own."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from clientbook.domain.gifts.occasions import Occasion, builtin_occasion
from clientbook.domain.ics import (
    CalendarEvent,
    birthday_events,
    build_calendar,
    followup_event,
    lunar_events_for,
    make_uid,
    meal_event,
    occasion_events,
)
from clientbook.domain.lunar import Birthday, birthday_in_year, festival_date, lunar_to_solar

D = date.fromisoformat
STAMP = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.utc)  # the export time

# ---------------------------------------------------------------------------------------
# A small independent reader: unfold, split properties, nest components by BEGIN/END.


@dataclass
class Component:
    name: str
    props: list[tuple[str, dict[str, str], str]] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        found = [v for n, _, v in self.props if n == name]
        assert len(found) <= 1, (name, found)
        return found[0] if found else None

    def params(self, name: str) -> dict[str, str]:
        return next(p for n, p, _ in self.props if n == name)

    def all(self, name: str) -> list[Component]:
        return [c for c in self.children if c.name == name]


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
    return data.split(b"\r\n")[:-1]


def unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    return [line for line in re.sub(r"\r\n[ \t]", "", text).split("\r\n") if line]


def split_property(line: str) -> tuple[str, dict[str, str], str]:
    in_quotes = False
    for i, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == ":" and not in_quotes:
            head, value = line[:i], line[i + 1 :]
            break
    else:
        raise AssertionError(f"no colon in {line!r}")
    name, *params = head.split(";")
    return name.upper(), dict(p.split("=", 1) for p in params), value


def read(data: bytes) -> Component:
    stack: list[Component] = []
    root: Component | None = None
    for line in unfold(data):
        name, params, value = split_property(line)
        if name == "BEGIN":
            comp = Component(value)
            if stack:
                stack[-1].children.append(comp)
            else:
                assert root is None, "two top-level components"
                root = comp
            stack.append(comp)
        elif name == "END":
            assert stack and stack[-1].name == value, f"END:{value} does not close {stack[-1].name if stack else None}"
            stack.pop()
        else:
            assert stack, f"property outside a component: {line}"
            stack[-1].props.append((name, params, value))
    assert not stack, f"unclosed: {[c.name for c in stack]}"
    assert root is not None and root.name == "VCALENDAR"
    return root


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


# ---------------------------------------------------------------------------------------
# The export under test

SOLAR = {1: ("张三", Birthday("solar", 4, 17, 1985)), 2: ("李四", Birthday("solar", 2, 29))}
LUNAR = {3: ("王五", Birthday("lunar", 3, 8)), 4: ("赵六", Birthday("lunar", 6, 30, leap=True))}
YEARS = (2026, 5)  # 2026..2030


def sample_events(lang: str = "zh") -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    for cid, (name, b) in {**SOLAR, **LUNAR}.items():
        events += birthday_events(cid, name, b, *YEARS, lang=lang)
    events += occasion_events(builtin_occasion("mid_autumn"), *YEARS, lang=lang)
    events += occasion_events(builtin_occasion("national_day"), *YEARS, lang=lang)
    events += occasion_events(Occasion("custom:9", "公司周年", "lunar", 2, 30, lead_days=7), *YEARS, lang=lang)
    events.append(followup_event(11, "送报价", "王总", datetime(2026, 12, 1, 14, 30), lang, duration_minutes=60))
    events.append(followup_event(12, "回电话", "李经理", D("2026-12-02"), lang, alarm_days_before=1))
    events.append(followup_event(13, "回复样品测试结果", "刘洋", D("2026-12-03"), lang, alarm_days_before=0,
                                 promise=False))
    events.append(meal_event(21, "华为二期", "潮汕牛肉火锅（南山店）", ["王建国", "张伟"], datetime(2026, 12, 4, 18, 30),
                             lang))
    return events


@pytest.fixture(scope="module")
def data() -> bytes:
    return build_calendar(sample_events("zh"), "zh", stamp=STAMP)


def events_by_uid(cal: Component) -> dict[str, Component]:
    events = cal.all("VEVENT")
    uids = [e.get("UID") for e in events]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    return dict(zip(uids, events))


def test_lines_are_crlf_folded_at_75_octets(data):
    for line in physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character


def test_begin_end_balance_and_calendar_properties(data):
    cal = read(data)
    assert cal.get("VERSION") == "2.0"
    assert cal.get("PRODID").startswith("-//clientbook//")
    assert cal.get("X-WR-CALNAME") == "客户关系本 — 礼品、生日、跟进与饭局"
    assert [c.name for c in cal.children] == ["VEVENT"] * len(cal.children)
    en = read(build_calendar(sample_events("en"), "en", stamp=STAMP))
    assert en.get("X-WR-CALNAME") == "clientbook — gifts, birthdays, follow-ups and meals"


def test_solar_birthdays_recur_yearly_and_only_they_among_birthdays(data):
    events = events_by_uid(read(data))
    birthday_events_ = {uid: e for uid, e in events.items() if "-birthday-" in uid}
    with_rrule = {uid for uid, e in birthday_events_.items() if e.get("RRULE")}
    assert with_rrule == {make_uid("birthday:1"), make_uid("birthday:2")}
    zhang = events[make_uid("birthday:1")]
    assert zhang.get("RRULE") == "FREQ=YEARLY"
    assert zhang.get("DTSTART") == "20260417" and zhang.params("DTSTART") == {"VALUE": "DATE"}
    assert zhang.get("DTEND") == "20260418"
    assert unescape(zhang.get("SUMMARY")) == "张三生日"
    # 29 February: the last day of February every year
    li = events[make_uid("birthday:2")]
    assert li.get("DTSTART") == "20240229"
    assert sorted(li.get("RRULE").split(";")) == ["BYMONTH=2", "BYMONTHDAY=-1", "FREQ=YEARLY"]
    # solar festivals recur too; lunar ones and follow-ups do not
    assert events[make_uid("national_day")].get("RRULE") == "FREQ=YEARLY"
    assert not any(e.get("RRULE") for uid, e in events.items() if "mid_autumn" in uid or "followup" in uid)


def test_lunar_birthdays_are_one_event_per_year(data):
    events = events_by_uid(read(data))
    for cid, (_name, b) in LUNAR.items():
        mine = sorted(
            (e for uid, e in events.items() if uid.startswith(f"clientbook-birthday-{cid}-")),
            key=lambda e: e.get("DTSTART"),
        )
        expected = [birthday_in_year(b, y) for y in range(2026, 2031)]
        assert [e.get("DTSTART") for e in mine] == [d.strftime("%Y%m%d") for d in expected]
        assert [e.get("UID") for e in mine] == [make_uid(f"birthday:{cid}", y) for y in range(2026, 2031)]
        assert all(e.get("RRULE") is None for e in mine)
    wang = {e.get("DTSTART") for uid, e in events.items() if uid.startswith("clientbook-birthday-3-")}
    assert "20270414" in wang  # 农历三月初八 of 2027
    # 闰六月三十: no leap sixth month in 2026-2030 except 2028 has leap 5 -> regular 6th month,
    # day 29 when that month is short
    zhao = events[make_uid("birthday:4", 2026)]
    assert unescape(zhao.get("DESCRIPTION")).startswith("农历六月")


def test_lunar_festivals_and_custom_occasions_are_computed_per_year(data):
    events = events_by_uid(read(data))
    mid = [events[make_uid("mid_autumn", y)].get("DTSTART") for y in range(2026, 2031)]
    assert mid == [festival_date("mid_autumn", y).strftime("%Y%m%d") for y in range(2026, 2031)]
    assert events[make_uid("mid_autumn", 2026)].get("DTSTART") == "20260925"
    assert unescape(events[make_uid("mid_autumn", 2026)].get("DESCRIPTION")) == "农历八月十五"
    anniversary = events[make_uid("custom:9", 2026)]
    assert anniversary.get("DTSTART") == lunar_to_solar(2026, 2, 29).strftime("%Y%m%d")  # 二月 has 29 days
    assert events[make_uid("custom:9", 2027)].get("DTSTART") == lunar_to_solar(2027, 2, 30).strftime("%Y%m%d")


@pytest.mark.parametrize(
    ("uid", "trigger"),
    [
        (make_uid("birthday:1"), "-P2DT15H"),        # 3 days before, at 09:00
        (make_uid("birthday:3", 2027), "-P2DT15H"),
        (make_uid("mid_autumn", 2026), "-P20DT15H"),  # 21 days before
        (make_uid("custom:9", 2026), "-P6DT15H"),
        (make_uid("followup", 12), "-PT15H"),         # the day before, at 09:00
        (make_uid("followup", 13), "PT9H"),           # on the day, at 09:00
        (make_uid("meal", 21), "P0D"),                # a timed event: at its start
    ],
)
def test_valarm_trigger_is_the_lead_time_all_day_ones_at_nine(data, uid, trigger):
    event = events_by_uid(read(data))[uid]
    (alarm,) = event.all("VALARM")
    assert alarm.get("TRIGGER") == trigger
    assert alarm.get("ACTION") == "DISPLAY"
    assert alarm.get("DESCRIPTION") == event.get("SUMMARY")


def test_on_the_day_alarm_and_no_alarm(data):
    events = events_by_uid(read(data))
    (alarm,) = events[make_uid("national_day")].all("VALARM")  # lead 0: 09:00 on the day, not midnight
    assert alarm.get("TRIGGER") == "PT9H"
    assert events[make_uid("followup", 11)].all("VALARM") == []


def test_followups_timed_and_all_day(data):
    events = events_by_uid(read(data))
    timed = events[make_uid("followup", 11)]
    assert timed.get("DTSTART") == "20261201T143000"  # floating local time
    assert timed.get("DTEND") == "20261201T153000"
    assert unescape(timed.get("SUMMARY")) == "[我方承诺] 送报价 — 王总"
    assert unescape(events[make_uid("followup", 13)].get("SUMMARY")) == "[等对方] 回复样品测试结果 — 刘洋"
    en = events_by_uid(read(build_calendar(sample_events("en"), "en", stamp=STAMP)))
    assert [unescape(en[make_uid("followup", n)].get("SUMMARY")) for n in (11, 13)] == [
        "[ours] 送报价 — 王总", "[theirs] 回复样品测试结果 — 刘洋"]
    all_day = events[make_uid("followup", 12)]
    assert all_day.get("DTSTART") == "20261202" and all_day.params("DTSTART") == {"VALUE": "DATE"}
    shanghai = followup_event(13, "x", "y", datetime(2026, 12, 1, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    (event,) = read(build_calendar([shanghai], "en", stamp=STAMP)).all("VEVENT")
    assert event.get("DTSTART") == "20261201T063000Z"


def test_a_meal_is_timed_at_its_venue_with_its_guests(data):
    meal = events_by_uid(read(data))[make_uid("meal", 21)]
    assert (meal.get("DTSTART"), meal.get("DTEND")) == ("20261204T183000", "20261204T203000")
    assert unescape(meal.get("SUMMARY")) == "饭局：华为二期"
    assert unescape(meal.get("LOCATION")) == "潮汕牛肉火锅（南山店）"
    assert unescape(meal.get("DESCRIPTION")) == "客人：王建国、张伟"
    en = events_by_uid(read(build_calendar(sample_events("en"), "en", stamp=STAMP)))[make_uid("meal", 21)]
    assert (unescape(en.get("SUMMARY")), unescape(en.get("DESCRIPTION"))) == ("Meal: 华为二期", "Guests: 王建国, 张伟")


def test_icalendar_reads_the_same_events(data):
    from icalendar import Calendar

    parsed = Calendar.from_ical(data)
    ours = events_by_uid(read(data))
    theirs = {str(e.get("uid")): e for e in parsed.walk("VEVENT")}
    assert theirs.keys() == ours.keys()
    assert str(parsed.get("x-wr-calname")) == "客户关系本 — 礼品、生日、跟进与饭局"
    for uid, event in theirs.items():
        start = event.decoded("dtstart")
        raw = ours[uid].get("DTSTART")
        if isinstance(start, datetime):
            assert start.strftime("%Y%m%dT%H%M%S") == raw.rstrip("Z")
        else:
            assert start.strftime("%Y%m%d") == raw
        assert str(event.get("summary")) == unescape(ours[uid].get("SUMMARY"))
        assert ("RRULE" in event) == (ours[uid].get("RRULE") is not None)
        alarms = [c for c in event.subcomponents if c.name == "VALARM"]
        assert len(alarms) == len(ours[uid].all("VALARM"))
        for alarm in alarms:  # all-day events at 09:00 on a day, timed ones at their start
            trigger = alarm.decoded("trigger")
            assert trigger.seconds == (9 * 3600 if not isinstance(start, datetime) else 0)
            assert trigger <= timedelta(hours=9)
    assert theirs[make_uid("mid_autumn", 2026)].decoded("dtstart") == D("2026-09-25")
    (alarm,) = [c for c in theirs[make_uid("mid_autumn", 2026)].subcomponents if c.name == "VALARM"]
    assert alarm.decoded("trigger") == -timedelta(days=21) + timedelta(hours=9)
    assert theirs[make_uid("birthday:1")]["RRULE"]["FREQ"] == ["YEARLY"]


def test_feb_29_rule_expands_to_the_last_day_of_february(data):
    rrule = pytest.importorskip("dateutil.rrule")
    li = events_by_uid(read(data))[make_uid("birthday:2")]
    rule = rrule.rrulestr(li.get("RRULE"), dtstart=datetime(2024, 2, 29))
    got = [d.date() for d in rule.between(datetime(2026, 1, 1), datetime(2029, 1, 1))]
    assert got == [D("2026-02-28"), D("2027-02-28"), D("2028-02-29")]
    assert got == [birthday_in_year(SOLAR[2][1], y) for y in (2026, 2027, 2028)]


def test_output_and_uids_are_stable_and_stamped_at_the_export_time():
    assert build_calendar(sample_events(), "zh", stamp=STAMP) == build_calendar(sample_events(), "zh", stamp=STAMP)
    later = {e.uid for e in birthday_events(3, "王五", LUNAR[3][1], 2028, 5)}
    now = {e.uid for e in birthday_events(3, "王五", LUNAR[3][1], 2026, 5)}
    assert now & later == {make_uid("birthday:3", y) for y in (2028, 2029, 2030)}
    stamped = read(build_calendar(sample_events(), "zh", stamp=STAMP))
    assert {e.get("DTSTAMP") for e in stamped.all("VEVENT")} == {"20261126T100000Z"}
    shanghai = read(build_calendar(sample_events(), "zh", stamp=datetime(2026, 11, 26, 18, 0,
                                                                         tzinfo=ZoneInfo("Asia/Shanghai"))))
    assert {e.get("DTSTAMP") for e in shanghai.all("VEVENT")} == {"20261126T100000Z"}  # in UTC
    with pytest.raises(ValueError):
        build_calendar(sample_events(), "zh", stamp=datetime(2026, 11, 26, 10, 0))  # naive: which zone?


def test_lunar_events_for_a_birthday_needs_a_summary_and_uid():
    b = Birthday("lunar", 8, 15)
    with pytest.raises(ValueError):
        lunar_events_for(b, 2026, 3)
    events = lunar_events_for(b, 2026, 3, "en", summary="Zhang's birthday", uid_base="birthday:5")
    assert [e.start for e in events] == [D("2026-09-25"), D("2027-09-15"), D("2028-10-03")]
    assert [e.alarm_days_before for e in events] == [3, 3, 3]
    assert events[0].description == "lunar 8/15"
    assert lunar_events_for(b, 2026, 0, summary="x", uid_base="y") == []
    # a lunar date late in 腊月 belongs to the previous lunar year but falls in January
    late = lunar_events_for(Birthday("lunar", 12, 20), 2026, 1, summary="x", uid_base="birthday:6")
    assert [e.start for e in late] == [lunar_to_solar(2025, 12, 20)]
    assert late[0].uid == make_uid("birthday:6", 2025)


def test_long_chinese_summaries_fold_and_round_trip():
    summary = "给华为技术有限公司采购部王总送中秋月饼礼盒并附手写贺卡，" * 3
    event = CalendarEvent(make_uid("x", 1), summary, D("2026-09-20"), alarm_days_before=2)
    data = build_calendar([event], "zh", stamp=STAMP)
    assert all(len(line) <= 75 for line in physical_lines(data))
    (read_back,) = read(data).all("VEVENT")
    assert unescape(read_back.get("SUMMARY")) == summary


def test_event_validation():
    with pytest.raises(ValueError):
        CalendarEvent("a b", "x", D("2026-01-01"))
    with pytest.raises(ValueError):
        CalendarEvent("a", "x", datetime(2026, 1, 1, 9), all_day=True)
    with pytest.raises(ValueError):
        CalendarEvent("a", "x", D("2026-01-01"), all_day=False)
    with pytest.raises(ValueError):
        CalendarEvent("a", "x", D("2026-01-01"), alarm_days_before=-1)
    with pytest.raises(ValueError):
        build_calendar([CalendarEvent("a", "x", D("2026-01-01"))] * 2, "en", stamp=STAMP)
    assert make_uid("birthday:12", 2027) == "clientbook-birthday-12-2027@clientbook"


def test_icalendar_is_imported_only_when_exporting():
    code = (
        "import sys; import clientbook.domain.ics as ics; assert 'icalendar' not in sys.modules; "
        "from datetime import datetime, timezone; ics.build_calendar([], 'en', stamp=datetime.now(timezone.utc)); "
        "assert 'icalendar' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
