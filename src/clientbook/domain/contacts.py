"""Validation of what a rep types into the contact and company forms.

Forms hand over raw strings; `validate_*` returns clean values plus a message per bad field,
so a screen can show every error inline while keeping what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clientbook.domain.contact_fields import (
    BIRTHDAY,
    CONTACT_FIELDS,
    LEVEL,
    LIST,
    LONG_TEXT,
    MAX_NAME,
    MAX_TEXT,
    POSITION,
    TEXT,
    ContactField,
    fields_of,
)
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.text import CONTROL_CHARS, FieldError, checked_text, clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s\-()]{5,24}$")
_WECHAT = re.compile(r"^[A-Za-z0-9_\-.]{1,40}$")


def split_list(value: str) -> list[str]:
    """Phones or tags typed as one line: separated by commas, semicolons, 、 or new lines."""
    return [p.strip() for p in re.split(r"[,;，；、\n]+", value or "") if p.strip()]


def split_tags(value: str) -> list[str]:
    return list(dict.fromkeys(t.lstrip("#") for t in re.split(r"[\s,;，；、]+", value or "") if t.strip("# ")))


@dataclass
class ContactInput:
    """Clean contact values, ready for the store."""

    name: str
    company: str = ""
    title: str = ""
    position: Position | None = None
    phones: list[str] = field(default_factory=list)
    wechat: str = ""
    email: str = ""
    birthday: str = ""          # Birthday.to_storage() form, "" when unknown
    level: Level = Level.STRANGER
    cuisine: str = ""
    drinks: str = ""
    hobbies: str = ""
    taboos: str = ""
    diet: str = ""
    family: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    cadence_days: int | None = None   # own stay-in-touch cadence; None follows the company's grade


# The free texts: no rule but their length.
CONTACT_TEXT_FIELDS = tuple(f.name for f in fields_of(TEXT, LONG_TEXT) if f.limit == MAX_TEXT)
# How a list typed on one line is cut into its values.
_LIST_SPLIT = {"phones": split_list, "tags": split_tags}


def _field_value(field: ContactField, raw: dict[str, str], errors: dict):
    """One field's clean value by its kind (contact_fields), its error noted under its name."""
    name = field.name
    if field.kind in (TEXT, LONG_TEXT):
        return checked_text(raw, name, field.limit, errors) if field.limit else clean_text(raw.get(name))
    if field.kind == LIST:
        return _LIST_SPLIT[name](CONTROL_CHARS.sub("", raw.get(name) or ""))   # \x1f and \x85 pass the \s of _PHONE
    if field.kind == BIRTHDAY:
        typed = clean_text(raw.get(name))
        if not typed:
            return ""
        # Here, not at the top: the lunar calendar's patterns cost ~3 ms of the start of every
        # command that reads this module, and `clientbook log` parses no birthday.
        from clientbook.domain.lunar import BirthdayParseError, parse_birthday

        try:
            return parse_birthday(typed).to_storage()
        except BirthdayParseError as exc:
            errors[name] = FieldError("form.error.birthday", {"value": exc.text})
            return ""
    typed = (raw.get(name) or "").strip()
    if field.kind == POSITION:
        if typed:
            try:
                return Position(typed)
            except ValueError:
                errors[name] = FieldError("form.error.choice", {"value": typed})
        return None
    if field.kind == LEVEL:
        if typed:
            if typed.isdecimal() and int(typed) in range(7):
                return Level(int(typed))
            errors[name] = FieldError("form.error.level", {"value": typed})
        return Level.STRANGER
    # NUMBER: the one number is cadence_days, days between contacts.
    if typed:
        if typed.isdecimal() and 1 <= int(typed) <= 3650:
            return int(typed)
        errors[name] = FieldError("form.error.cadence", {"value": typed})
    return None


def validate_contact(raw: dict[str, str]) -> tuple[ContactInput | None, dict[str, FieldError]]:
    errors: dict[str, FieldError] = {}
    values = {field.name: _field_value(field, raw, errors) for field in CONTACT_FIELDS}
    if not values["name"]:
        errors["name"] = FieldError("form.error.required")
    bad_phones = [p for p in values["phones"] if not _PHONE.match(p) or len(re.sub(r"\D", "", p)) < 5]
    if bad_phones:
        errors["phones"] = FieldError("form.error.phone", {"value": bad_phones[0]})
    if values["wechat"] and not _WECHAT.match(values["wechat"]):
        errors["wechat"] = FieldError("form.error.wechat", {"value": values["wechat"]})
    if values["email"] and "email" not in errors and not _EMAIL.match(values["email"]):
        errors["email"] = FieldError("form.error.email", {"value": values["email"]})
    if errors:
        return None, errors
    return ContactInput(**values), {}


@dataclass
class CompanyInput:
    name: str
    grade: Grade | None = None
    industry: str = ""
    city: str = ""
    address: str = ""
    yearly_value: float | None = None
    notes: str = ""


def validate_company(raw: dict[str, str]) -> tuple[CompanyInput | None, dict[str, FieldError]]:
    errors: dict[str, FieldError] = {}
    name = checked_text(raw, "name", MAX_NAME, errors)
    if not name:
        errors["name"] = FieldError("form.error.required")
    texts = {k: checked_text(raw, k, limit, errors)
             for k, limit in (("industry", 200), ("city", 200), ("address", 500), ("notes", MAX_TEXT))}
    grade = None
    grade_raw = (raw.get("grade") or "").strip().upper()
    if grade_raw:
        try:
            grade = Grade(grade_raw)
        except ValueError:
            errors["grade"] = FieldError("form.error.grade", {"value": grade_raw})
    value = None
    value_raw = (raw.get("yearly_value") or "").strip().replace(",", "").replace("，", "")
    if value_raw:
        multiplier = 1.0
        if value_raw.endswith(("万", "w", "W")):
            multiplier, value_raw = 10_000.0, value_raw[:-1]
        try:
            value = float(value_raw.lstrip("¥￥")) * multiplier
            if value < 0 or value != value or value == float("inf"):
                raise ValueError
        except ValueError:
            errors["yearly_value"] = FieldError("form.error.number", {"value": raw.get("yearly_value", "")})
    if errors:
        return None, errors
    return (
        CompanyInput(
            name=name,
            grade=grade,
            yearly_value=value,
            **texts,
        ),
        {},
    )


def suggest_grades(values: dict[int, float]) -> dict[int, Grade]:
    """Grade by rank of yearly value (domain §2): top 20% A, next 20% B, next 40% C, last 20% D."""
    ranked = sorted(values, key=lambda k: (-values[k], k))
    n = len(ranked)
    grades = {}
    for index, company_id in enumerate(ranked):
        share = (index + 0.5) / n   # the middle of each company's slice of the ranking
        grades[company_id] = Grade.A if share <= 0.2 else Grade.B if share <= 0.4 else Grade.C if share <= 0.8 else Grade.D
    return grades
