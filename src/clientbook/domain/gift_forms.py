"""What the rep types about gifts (domain §10): a gift given, an everyday-gift rhythm, a custom
occasion. Pure validation: no Textual, no SQL, "now" passed in; errors as FieldError by field,
so a form keeps everything typed and shows each problem under its field."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from clientbook.domain.text import MAX_TEXT
from clientbook.domain.dates import day_field
from clientbook.domain.lunar import BirthdayParseError, parse_birthday
from clientbook.domain.money import parse_money
from clientbook.domain.text import FieldError, checked_text, chosen_id

# Everyday small gifts: the widest rhythm accepted, in days.
RHYTHM_MAX_DAYS = 730
LEAD_MAX_DAYS = 90


@dataclass(frozen=True)
class GiftInput:
    """One gift given: to whom, what, when, its value in ¥ (None: not recorded), and the
    occasion key it was for (a festival key, birthday:<id>, custom:<id>, "everyday", or None)."""

    contact_id: int
    what: str
    given_on: date
    value: float | None = None
    occasion_key: str | None = None
    note: str = ""
    deal_id: int | None = None              # the deal it served (domain §12)


@dataclass(frozen=True)
class OccasionInput:
    """A custom occasion as typed: a company's anniversary, a contact's child's wedding."""

    name: str
    calendar: str            # "solar" | "lunar"
    month: int
    day: int
    leap: bool = False
    yearly: bool = True
    year: int | None = None  # the only year of a one-off; the first year of a yearly one
    lead_days: int = 0
    contact_id: int | None = None
    company_id: int | None = None


def validate_gift(raw: dict[str, str], contact_id: int, occasion_key: str | None, now: datetime):
    """A gift form: what (required), value (optional ¥), given_on (a typed date, default today,
    never in the future), note. Returns (GiftInput | None, errors by field)."""
    errors: dict[str, FieldError] = {}
    what = checked_text(raw, "what", 200, errors)
    note = checked_text(raw, "note", MAX_TEXT, errors)
    if not what:
        errors["what"] = FieldError("form.error.required")
    value = None
    try:
        value = parse_money(raw.get("value") or "")
    except ValueError:
        errors["value"] = FieldError("form.error.number", {"value": raw.get("value", "")})
    given_on = day_field(raw, "given_on", now, errors, past=True) or now.date()   # blank: today
    if given_on > now.date():
        errors["given_on"] = FieldError("giftui.error.future")
    deal_id = chosen_id(raw, "deal", errors)
    if errors:
        return None, errors
    return GiftInput(contact_id, what, given_on, value, occasion_key or None, note, deal_id), {}


_RANGE = re.compile(r"(\d{1,4})\s*(?:-|–|—|~|～|to|至|到|\s)\s*(\d{1,4})")


def parse_rhythm(text: str) -> tuple[int, int] | None:
    """Days between everyday gifts: "40-80" (also 40–80, 40~80, 40 到 80) -> (40, 80);
    one number n means about n: (n - n//3, n + n//3); "" -> None (no rhythm).
    ValueError when unreadable or outside 1..730 days."""
    s = unicodedata.normalize("NFKC", text or "").strip().lower().removesuffix("天").removesuffix("days").strip()
    if not s:
        return None
    match = _RANGE.fullmatch(s)
    if match:
        low, high = sorted((int(match.group(1)), int(match.group(2))))
    elif s.isdecimal() and len(s) <= 4:
        n = int(s)
        low, high = n - n // 3, n + n // 3
    else:
        raise ValueError(text)
    if low < 1 or high > RHYTHM_MAX_DAYS:
        raise ValueError(text)
    return low, high


def validate_occasion(raw: dict[str, str], contact_id: int | None = None, company_id: int | None = None):
    """A custom occasion form: name, date (solar or lunar, as for birthdays: 05-18,
    2027-05-18, 农历八月十五, lunar:2027-03-08), yearly ("1" every year / "0" once: then the
    date needs its year), lead_days (0..90). Returns (OccasionInput | None, errors)."""
    errors: dict[str, FieldError] = {}
    name = checked_text(raw, "name", 200, errors)
    if not name:
        errors["name"] = FieldError("form.error.required")
    yearly = (raw.get("yearly") or "1") != "0"
    parsed = None
    date_raw = (raw.get("date") or "").strip()
    if not date_raw:
        errors["date"] = FieldError("form.error.required")
    else:
        try:
            parsed = parse_birthday(date_raw)
        except BirthdayParseError as exc:
            errors["date"] = FieldError("giftui.error.date", {"value": exc.text})
        else:
            if not yearly and parsed.year is None:
                errors["date"] = FieldError("giftui.error.once_needs_year")
    lead = 0
    lead_raw = unicodedata.normalize("NFKC", raw.get("lead_days") or "").strip()
    if lead_raw:
        if lead_raw.isdecimal() and int(lead_raw) <= LEAD_MAX_DAYS:
            lead = int(lead_raw)
        else:
            errors["lead_days"] = FieldError("giftui.error.lead_days", {"value": lead_raw, "max": LEAD_MAX_DAYS})
    if errors:
        return None, errors
    assert parsed is not None
    return OccasionInput(
        name=name, calendar=parsed.calendar, month=parsed.month, day=parsed.day, leap=parsed.leap,
        yearly=yearly, year=parsed.year, lead_days=lead, contact_id=contact_id, company_id=company_id,
    ), {}
