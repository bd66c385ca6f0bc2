"""Validation of what a rep types into the contact and company forms.

Forms hand over raw strings; `validate_*` returns clean values plus a message per bad field,
so a screen can show every error inline while keeping what was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clientbook.domain.contact_card import Address, PersonName, Photo, Typed, parse_addresses, parse_typed
from clientbook.domain.contact_fields import (
    ADDRESSES,
    BIRTHDAY,
    CONTACT_FIELDS,
    LEVEL,
    LIST,
    LONG_TEXT,
    POSITION,
    TEXT,
    TYPED,
    ContactField,
    fields_of,
)
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.text import CONTROL_CHARS, MAX_NAME, MAX_TEXT, MAX_URL, FieldError, checked_text, clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[\d\s\-()]{5,24}$")
# A web address: with its scheme (https://…, wechat:…) or a bare host name (www.huawei.com).
_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:\S+|[^\s/@:]+\.[A-Za-z][^\s@]*)$")   # "116.4" is no host
# What an e-mail and a web address must look like, with the error each gives when it does not.
ADDRESS_RULES = {"emails": (_EMAIL, "form.error.email"), "urls": (_URL, "form.error.url")}
_WECHAT = re.compile(r"^[A-Za-z0-9_\-.]{1,40}$")


def split_list(value: str) -> list[str]:
    """Names or hobbies typed as one line: separated by commas, semicolons, 、 or new lines."""
    return [p.strip() for p in re.split(r"[,;，；、\n]+", value or "") if p.strip()]


def split_tags(value: str) -> list[str]:
    return list(dict.fromkeys(t.lstrip("#") for t in re.split(r"[\s,;，；、]+", value or "") if t.strip("# ")))


@dataclass
class ContactInput:
    """Clean contact values, ready for the store."""

    name: str
    company: str = ""
    title: str = ""
    address_as: str = ""        # how to address them: 王总, 张经理 (domain §11)
    position: Position | None = None
    phones: list[Typed] = field(default_factory=list)
    wechat: str = ""
    emails: list[Typed] = field(default_factory=list)
    birthday: str = ""          # Birthday.to_storage() form, "" when unknown
    nickname: str = ""
    addresses: list[Address] = field(default_factory=list)
    urls: list[Typed] = field(default_factory=list)
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
    name_parts: PersonName | None = None   # the card's N, kept while the name is the one it came with
    photo: Photo | None = None
    card_extra: str = ""        # the card's properties clientbook does not model (domain/vcard.py)

    def __post_init__(self) -> None:
        # A phone, an e-mail or a web address may be given as its bare value (an untyped one).
        for name in ("phones", "emails", "urls"):
            setattr(self, name, [v if isinstance(v, Typed) else Typed(v) for v in getattr(self, name)])


# The free texts: no rule but their length.
CONTACT_TEXT_FIELDS = tuple(f.name for f in fields_of(TEXT, LONG_TEXT) if f.limit == MAX_TEXT)

_BLANK = ContactInput(name="")


def _field_value(field: ContactField, raw: dict[str, str], errors: dict, base: ContactInput | None):
    """One field's clean value by its kind (contact_fields), its error noted under its name."""
    name = field.name
    if not field.in_form:
        return getattr(base if base else _BLANK, name)
    if field.kind in (TEXT, LONG_TEXT):
        return checked_text(raw, name, field.limit, errors) if field.limit else clean_text(raw.get(name))
    if field.kind == LIST:
        return split_tags(CONTROL_CHARS.sub("", raw.get(name) or ""))
    if field.kind == TYPED:
        # \x1f and \x85 would pass the \s of _PHONE: control characters go first.
        values = parse_typed(CONTROL_CHARS.sub("", raw.get(name) or ""), field.kinds,
                             tuple(getattr(base, name)) if base else ())
        limit = field.limit or MAX_TEXT
        if any(len(v.value) > limit for v in values):
            errors[name] = FieldError("form.error.too_long", {"limit": limit})
        elif any(len(v.label) > MAX_NAME for v in values):     # a label is a name for the value
            errors[name] = FieldError("form.error.too_long", {"limit": MAX_NAME})
        return values
    if field.kind == ADDRESSES:
        addresses = parse_addresses(CONTROL_CHARS.sub("", raw.get(name) or ""), tuple(base.addresses) if base else ())
        if any(len(a.one_line()) > field.limit for a in addresses):
            errors[name] = FieldError("form.error.too_long", {"limit": field.limit})
        return addresses
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


def validate_contact(raw: dict[str, str], base: ContactInput | None = None
                     ) -> tuple[ContactInput | None, dict[str, FieldError]]:
    """The form's (or a file's) raw strings as a clean ContactInput, or the errors by field.
    `base` is what an edit form was loaded with: the fields the form does not show (the card's
    structured name, photo and extra properties) are kept from it, and a value shown unchanged
    keeps its kind and label."""
    errors: dict[str, FieldError] = {}
    values = {field.name: _field_value(field, raw, errors, base) for field in CONTACT_FIELDS}
    if not values["name"]:
        errors["name"] = FieldError("form.error.required")
    bad_phones = [p.value for p in values["phones"] if not _PHONE.match(p.value) or len(re.sub(r"\D", "", p.value)) < 5]
    if bad_phones:
        errors["phones"] = FieldError("form.error.phone", {"value": bad_phones[0]})
    if values["wechat"] and not _WECHAT.match(values["wechat"]):
        errors["wechat"] = FieldError("form.error.wechat", {"value": values["wechat"]})
    for name, (rule, key) in ADDRESS_RULES.items():
        bad = [v.value for v in values[name] if not rule.match(v.value)]
        if bad and name not in errors:
            errors[name] = FieldError(key, {"value": bad[0]})
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
    switchboard: str = ""
    website: str = ""
    yearly_value: float | None = None
    notes: str = ""


def validate_company(raw: dict[str, str]) -> tuple[CompanyInput | None, dict[str, FieldError]]:
    errors: dict[str, FieldError] = {}
    name = checked_text(raw, "name", MAX_NAME, errors)
    if not name:
        errors["name"] = FieldError("form.error.required")
    texts = {k: checked_text(raw, k, limit, errors)
             for k, limit in (("industry", 200), ("city", 200), ("address", 500), ("switchboard", 100),
                              ("website", MAX_URL), ("notes", MAX_TEXT))}
    if texts["switchboard"] and (not _PHONE.match(texts["switchboard"])
                                 or len(re.sub(r"\D", "", texts["switchboard"])) < 5):
        errors["switchboard"] = FieldError("form.error.phone", {"value": texts["switchboard"]})
    if texts["website"] and not _URL.match(texts["website"]):
        errors["website"] = FieldError("form.error.url", {"value": texts["website"]})
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
