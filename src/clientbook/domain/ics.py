"""Calendar export (.ics): birthdays, festivals, custom occasions, follow-ups and meals for a phone.

Pure: no Textual, no SQL, no clock reads. icalendar is imported inside build_calendar only.

Rules (tested in tests/unit/test_ics.py):

* Solar yearly occasions and birthdays are one event with RRULE:FREQ=YEARLY; a solar
  29 February becomes FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1 (28 February in common years,
  as in lunar.birthday_in_year), starting on a 29 February.
* Lunar ones are one event per occurrence, computed for the years asked (RSCALE=chinese
  is not understood by common readers). UIDs carry the lunar year, so a re-export
  replaces the same events.
* Reminders are VALARM at the lead time: an all-day event's at 09:00 that day (TRIGGER
  -P{n}D+9h, PT9H on the day), not at the midnight it starts; a timed event's at its start.
* All-day events have DTEND the next day and are TRANSPARENT (they do not block time).
  Timed events: naive datetimes are written as floating local time, aware ones in UTC.
* DTSTAMP is the `stamp` passed in: the export time (RFC 5545 3.8.7.2), in UTC.
* Follow-ups say whose move it is (ours: we promised it; theirs: we wait), as Today does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from clientbook import __version__
from clientbook.domain.gifts.occasions import BIRTHDAY_LEAD_DAYS, Occasion, birthday_occasion, occurrences
from clientbook.domain.lunar import Birthday, format_lunar, solar_to_lunar
from clientbook.i18n import names_joined, t

UID_DOMAIN = "clientbook"
ALL_DAY_ALARM_AT = timedelta(hours=9)  # a phone rings at midnight otherwise
MEAL_MINUTES = 120                     # how long a meal is shown as lasting
_UNSET = object()


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: date | datetime
    all_day: bool = True
    alarm_days_before: int | None = None
    description: str = ""
    rrule_yearly: bool = False
    duration_minutes: int | None = None  # timed events; None: no DTEND (ends at its start)
    location: str = ""

    def __post_init__(self) -> None:
        if not self.uid or any(c.isspace() for c in self.uid):
            raise ValueError(f"a UID must be non-empty without spaces, not {self.uid!r}")
        if self.all_day and isinstance(self.start, datetime):
            raise ValueError("an all-day event starts on a date, not a datetime")
        if not self.all_day and not isinstance(self.start, datetime):
            raise ValueError("a timed event starts at a datetime")
        if self.alarm_days_before is not None and self.alarm_days_before < 0:
            raise ValueError("alarm_days_before must be >= 0")
        if self.duration_minutes is not None and (self.all_day or self.duration_minutes <= 0):
            raise ValueError("duration_minutes is for timed events and must be > 0")


def make_uid(*parts: object) -> str:
    """A stable UID from its parts: make_uid("birthday:12", 2027) -> clientbook-birthday-12-2027@clientbook."""
    text = "-".join(str(p) for p in parts)
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "event"
    return f"clientbook-{slug}@{UID_DOMAIN}"


def _lunar_note(d: date, lang: str) -> str:
    _, month, day, leap = solar_to_lunar(d)
    return t("gifts.ics.lunar_note", lang=lang, lunar=format_lunar(month, day, leap, lang))


def lunar_events_for(
    source: Occasion | Birthday,
    start_year: int,
    years: int,
    lang: str = "en",
    *,
    summary: str | None = None,
    uid_base: str | None = None,
    alarm_days_before: int | None | object = _UNSET,
) -> list[CalendarEvent]:
    """One all-day event per occurrence whose solar date is in start_year .. start_year+years-1.

    An Occasion gives its own name, key and lead days; a Birthday needs `summary` and
    `uid_base` (e.g. "birthday:12") and defaults to the birthday lead time. The UID is
    uid_base plus the lunar year of the occurrence; the description is its lunar date.
    """
    if years < 1:
        return []
    if isinstance(source, Birthday):
        if summary is None or uid_base is None:
            raise ValueError("a Birthday needs summary and uid_base")
        occasion = Occasion(
            key="birthday:0", name="", calendar=source.calendar, month=source.month, day=source.day,
            leap=source.leap, year=source.year, kind="birthday", lead_days=BIRTHDAY_LEAD_DAYS,
        )
    else:
        occasion = source
    alarm = occasion.lead_days if alarm_days_before is _UNSET else alarm_days_before
    base = uid_base or occasion.key
    name = summary if summary is not None else occasion.display_name(lang)
    events = []
    for d in occurrences(occasion, date(start_year, 1, 1), date(start_year + years - 1, 12, 31)):
        year = solar_to_lunar(d)[0] if occasion.is_lunar else d.year
        events.append(
            CalendarEvent(
                uid=make_uid(base, year), summary=name, start=d, all_day=True,
                alarm_days_before=alarm,  # type: ignore[arg-type]
                description=_lunar_note(d, lang) if occasion.is_lunar else "",
            )
        )
    return events


def _first_leap_feb29(year: int, not_before: int | None) -> date:
    """29 February of the last leap year <= year (or the first one >= not_before if later)."""
    y = year
    while not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        y -= 1
    if not_before is not None and y < not_before:
        y = not_before
        while not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
            y += 1
    return date(y, 2, 29)


def occasion_events(occasion: Occasion, start_year: int, years: int, lang: str = "en") -> list[CalendarEvent]:
    """The events of one occasion: a yearly RRULE event for solar yearly ones, one event per
    year for lunar ones, a single event for a one-off (when it falls in the years asked)."""
    if occasion.calendar == "solar" and occasion.yearly:
        if occasion.month == 2 and occasion.day == 29:
            start = _first_leap_feb29(start_year, occasion.year)
        else:
            found = occurrences(occasion, date(start_year, 1, 1), date(start_year + max(years, 1), 12, 31))
            if not found:
                return []
            start = found[0]
        return [
            CalendarEvent(
                uid=make_uid(occasion.key), summary=occasion.display_name(lang), start=start,
                all_day=True, alarm_days_before=occasion.lead_days, rrule_yearly=True,
            )
        ]
    return lunar_events_for(occasion, start_year, years, lang)


def birthday_events(
    contact_id: int,
    name: str,
    birthday: Birthday,
    start_year: int,
    years: int,
    lang: str = "en",
    lead_days: int = BIRTHDAY_LEAD_DAYS,
) -> list[CalendarEvent]:
    """A contact's birthday: one RRULE event if solar, one event per year if lunar."""
    return occasion_events(birthday_occasion(contact_id, birthday, name, lead_days), start_year, years, lang)


def followup_event(
    followup_id: int,
    what: str,
    contact_name: str,
    when: date | datetime,
    lang: str = "en",
    alarm_days_before: int | None = None,
    duration_minutes: int | None = None,
    promise: bool = True,
) -> CalendarEvent:
    """A follow-up: timed when `when` is a datetime, all-day when it is a date; the summary says
    whether we promised it or wait for them."""
    timed = isinstance(when, datetime)
    mark = t("today.promise_mark" if promise else "today.theirs_mark", lang=lang)
    return CalendarEvent(
        uid=make_uid("followup", followup_id),
        summary=t("gifts.ics.followup", lang=lang, mark=mark, what=what, name=contact_name),
        start=when,
        all_day=not timed,
        alarm_days_before=alarm_days_before,
        duration_minutes=duration_minutes if timed else None,
    )


def meal_event(meal_id: int, label: str, venue: str, guests: list[str], when: datetime, lang: str = "en",
               alarm_days_before: int | None = 0) -> CalendarEvent:
    """A meal planned: timed, at its venue, its guests in the description."""
    return CalendarEvent(
        uid=make_uid("meal", meal_id),
        summary=t("gifts.ics.meal", lang=lang, label=label),
        start=when,
        all_day=False,
        alarm_days_before=alarm_days_before,
        description=t("gifts.ics.meal_guests", lang=lang, names=names_joined(guests, lang)) if guests else "",
        duration_minutes=MEAL_MINUTES,
        location=venue,
    )


def build_calendar(events: Iterable[CalendarEvent], lang: str, *, stamp: datetime) -> bytes:
    """The events as an iCalendar (RFC 5545) file, CRLF lines folded at 75 octets; `stamp`
    (timezone-aware) is when it is exported."""
    from icalendar import Alarm, Calendar, Event, vText  # lazy: ≈ tens of ms, only when exporting

    class TypedText(vText):
        """TEXT as the rep typed it. icalendar's vText also takes a typed backslash-N for a line
        break, so a follow-up naming the folder C:\\New came back on two lines: RFC 5545's
        escaping alone."""

        def to_ical(self) -> bytes:
            text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n").encode(self.encoding)

    stamp_utc = _utc(stamp)
    cal = Calendar()
    cal.add("prodid", f"-//clientbook//clientbook {__version__}//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t("gifts.ics.calname", lang=lang))
    seen: set[str] = set()
    for ev in events:
        if ev.uid in seen:
            raise ValueError(f"duplicate UID {ev.uid}")
        seen.add(ev.uid)
        vevent = Event()
        vevent.add("uid", ev.uid)
        vevent.add("dtstamp", stamp_utc)
        vevent.add("summary", TypedText(ev.summary))
        if ev.all_day:
            vevent.add("dtstart", ev.start)
            vevent.add("dtend", ev.start + timedelta(days=1))
            vevent.add("transp", "TRANSPARENT")
        else:
            start = ev.start if ev.start.tzinfo is None else _utc(ev.start)  # type: ignore[union-attr]
            vevent.add("dtstart", start)
            if ev.duration_minutes:
                vevent.add("dtend", start + timedelta(minutes=ev.duration_minutes))
        if ev.description:
            vevent.add("description", TypedText(ev.description))
        if ev.location:
            vevent.add("location", TypedText(ev.location))
        if ev.rrule_yearly:
            if (ev.start.month, ev.start.day) == (2, 29):
                vevent.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
            else:
                vevent.add("rrule", {"freq": "yearly"})
        if ev.alarm_days_before is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", TypedText(ev.summary))
            at = ALL_DAY_ALARM_AT if ev.all_day else timedelta()
            alarm.add("trigger", at - timedelta(days=ev.alarm_days_before))
            vevent.add_component(alarm)
        cal.add_component(vevent)
    return cal.to_ical()


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("stamp must be timezone-aware")
    return value.astimezone(timezone.utc)
