"""What a logged interaction records (domain §5, §11) and what a contact's history shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from clientbook.domain.text import MAX_TEXT
from clientbook.domain.dates import DateParseError, parse_when
from clientbook.domain.labelled import LabelledEnum, labelled, message_keys
from clientbook.domain.money import parse_money
from clientbook.domain.text import FieldError, checked_text, chosen, chosen_id


@labelled("kind")
class Kind(LabelledEnum):
    CALL = "call"
    VISIT = "visit"
    MEAL = "meal"
    WECHAT = "wechat"
    EMAIL = "email"
    GIFT = "gift"
    ENTERTAINMENT = "entertainment"
    OTHER = "other"


# What money is spent on with a client: meals, gifts and entertainment (§9, §10); a meal's
# minutes and a gift put their cost on the interaction they log, so that is where it is read
# (Insights' spend; the store keeps each person's share as it logs: store/writes.py).
SPEND_KINDS = (Kind.MEAL, Kind.GIFT, Kind.ENTERTAINMENT)


@labelled("space")
class Space(LabelledEnum):
    """Interaction space, lowest to highest: private space warms a relationship."""

    WORK = "work"
    PRIVATE = "private"


@labelled("info")
class InfoQuality(LabelledEnum):
    PUBLIC = "public"
    EFFECTIVE = "effective"
    PASSIVE_PRIVATE = "passive_private"
    ACTIVE_PRIVATE = "active_private"


@labelled("coach")
class Coach(LabelledEnum):
    GIVES_INFO = "gives_info"
    GUIDES = "guides"
    COMMITS = "commits"
    RECOMMENDS = "recommends"


@labelled("topic")
class TopicDepth(LabelledEnum):
    GREETING = "greeting"
    HOBBIES = "hobbies"
    BUSINESS = "business"
    OPINIONS = "opinions"
    PRIVATE = "private"



# Keys built from the enums above, listed so the catalog check sees them used.
MARK_MESSAGE_KEYS = message_keys(Kind, Space, InfoQuality, Coach, TopicDepth)

# The three marks that measure a relationship (domain §5), by their field names.
RELATIONSHIP_MARKS: tuple[tuple[str, type[LabelledEnum]], ...] = (
    ("space", Space), ("info_quality", InfoQuality), ("coach", Coach))


def parse_marks(raw: dict[str, str], errors: dict, marks=(*RELATIONSHIP_MARKS, ("topic_depth", TopicDepth))) -> dict:
    """The marks among `raw`'s fields as their enums (None when blank); an unknown value is an
    error under its field's name."""
    return {name: chosen(raw, name, enum, errors) for name, enum in marks}


def highest(values: Iterable[str | None], enum: type[LabelledEnum]) -> LabelledEnum | None:
    """The highest mark reached among stored values (None when none was recorded)."""
    marks = [enum(v) for v in values if v]
    return max(marks, key=lambda m: m.rank) if marks else None


def trend(values: list[str | None], enum: type[LabelledEnum]) -> int:
    """+1 rising, -1 falling, 0 flat/unknown: the last recorded mark against the one before (oldest first)."""
    marks = [enum(v).rank for v in values if v]
    if len(marks) < 2:
        return 0
    return (marks[-1] > marks[-2]) - (marks[-1] < marks[-2])


@dataclass
class FollowupInput:
    what: str
    due: date
    due_time: time | None = None
    promise: bool = True


@dataclass
class InteractionInput:
    kind: Kind
    occurred_at: datetime
    contact_ids: list[int]
    has_time: bool = True
    place: str = ""
    summary: str = ""
    notes: str = ""
    cost: float | None = None
    space: Space | None = None
    info_quality: InfoQuality | None = None
    coach: Coach | None = None
    topic_depth: TopicDepth | None = None
    followup: FollowupInput | None = None
    new_level: int | None = None            # raise (or set) each contact's level, with this as reason
    deal_id: int | None = None              # the deal it served (domain §12): it shows in the deal's timeline
    cc_ids: list[int] = field(default_factory=list)   # an e-mail's cc: linked, owing no answer (§11)
    private: bool = False                   # a team book's note its author alone reads (store/policies.py)


def followup_contacts(data: InteractionInput) -> list[int]:
    """Whose the logged follow-up is: an e-mail's recipients each owe their answer (a follow-up
    theirs for each, §11), cc'd people owe none; otherwise the first person's."""
    if data.followup and data.kind == Kind.EMAIL and not data.followup.promise:
        return list(dict.fromkeys(data.contact_ids))
    return data.contact_ids[:1]


def validate_log(raw: dict[str, str], contact_ids: list[int], now: datetime, cc_ids: Iterable[int] = ()):
    """Validate a quick log or interaction form. Returns (InteractionInput | None, errors by field).
    `cc_ids`: an e-mail's cc'd people (kept for an e-mail only; a recipient is not also cc'd).

    Fields: kind, when (default now), summary, notes, place, cost, space, info_quality, coach,
    topic_depth, followup_when, followup_what (defaults to the summary), promise ("1"/"0"),
    new_level, deal (a deal's id, as the form's deal choice holds it), private ("1": a team book's
    note its author alone reads). Only kind, a contact and
    when are required.
    """
    errors: dict[str, FieldError] = {}
    if not contact_ids:
        errors["contact"] = FieldError("log.error.no_contact")
    try:
        kind = Kind((raw.get("kind") or "call").strip())
    except ValueError:
        errors["kind"] = FieldError("form.error.choice", {"value": raw.get("kind", "")})
        kind = Kind.OTHER
    occurred_at, has_time = now.replace(second=0, microsecond=0), True
    when_raw = (raw.get("when") or "").strip()
    if when_raw:
        try:
            when = parse_when(when_raw, now, past=True)
            has_time = when.time is not None
            occurred_at = when.as_datetime()
        except DateParseError as exc:
            errors["when"] = FieldError("log.error.date", {"value": exc.text})
    cost = None
    try:
        cost = parse_money(raw.get("cost"))
    except ValueError:
        errors["cost"] = FieldError("form.error.number", {"value": raw.get("cost", "")})
    marks = parse_marks(raw, errors)
    summary = checked_text(raw, "summary", MAX_TEXT, errors)
    notes = checked_text(raw, "notes", MAX_TEXT, errors)
    place = checked_text(raw, "place", 500, errors)
    followup = None
    followup_when = (raw.get("followup_when") or "").strip()
    followup_what = checked_text(raw, "followup_what", MAX_TEXT, errors)
    if followup_when:
        try:
            due = parse_when(followup_when, now)
            what = followup_what or summary
            if not what:
                errors["followup_what"] = FieldError("form.error.required")
            else:
                followup = FollowupInput(what, due.day, due.time, (raw.get("promise") or "1") != "0")
        except DateParseError as exc:
            errors["followup_when"] = FieldError("log.error.date", {"value": exc.text})
    elif followup_what:
        errors["followup_when"] = FieldError("log.error.followup_needs_date")
    new_level = None
    level_raw = (raw.get("new_level") or "").strip()
    if level_raw:
        if level_raw.isdecimal() and int(level_raw) in range(7):  # isdigit() lets "²" through to int()
            new_level = int(level_raw)
        else:
            errors["new_level"] = FieldError("form.error.level", {"value": level_raw})
    deal_id = chosen_id(raw, "deal", errors)
    if errors:
        return None, errors
    return (
        InteractionInput(
            kind=kind, occurred_at=occurred_at, has_time=has_time, contact_ids=list(contact_ids),
            place=place, summary=summary, notes=notes,
            cost=cost, followup=followup, new_level=new_level, deal_id=deal_id, **marks,
            cc_ids=[c for c in dict.fromkeys(cc_ids) if c not in contact_ids] if kind == Kind.EMAIL else [],
            private=(raw.get("private") or "").strip() == "1",
        ),
        {},
    )


def validate_followup(raw: dict[str, str], now: datetime):
    """A follow-up form: what (required), due (typed date), promise ("1" ours / "0" theirs)."""
    errors = {}
    what = checked_text(raw, "what", MAX_TEXT, errors)
    if not what:
        errors["what"] = FieldError("form.error.required")
    due = None
    try:
        due = parse_when(raw.get("due") or "", now)
    except DateParseError as exc:
        errors["due"] = FieldError("log.error.date", {"value": exc.text})
    if errors:
        return None, errors
    return FollowupInput(what, due.day, due.time, (raw.get("promise") or "1") != "0"), {}


# What a rep may type for a kind in the shell or the quick log, in either language.
KIND_WORDS = {
    "call": Kind.CALL, "phone": Kind.CALL, "电话": Kind.CALL, "打电话": Kind.CALL, "c": Kind.CALL,
    "visit": Kind.VISIT, "拜访": Kind.VISIT, "见面": Kind.VISIT, "v": Kind.VISIT,
    "meal": Kind.MEAL, "dinner": Kind.MEAL, "lunch": Kind.MEAL, "饭局": Kind.MEAL, "吃饭": Kind.MEAL, "m": Kind.MEAL,
    "wechat": Kind.WECHAT, "微信": Kind.WECHAT, "wx": Kind.WECHAT, "w": Kind.WECHAT,
    "email": Kind.EMAIL, "mail": Kind.EMAIL, "邮件": Kind.EMAIL, "e": Kind.EMAIL,
    "gift": Kind.GIFT, "送礼": Kind.GIFT, "礼物": Kind.GIFT, "g": Kind.GIFT,
    "entertainment": Kind.ENTERTAINMENT, "娱乐": Kind.ENTERTAINMENT, "ktv": Kind.ENTERTAINMENT,
    "other": Kind.OTHER, "其他": Kind.OTHER, "o": Kind.OTHER,
}


def parse_kind(word: str) -> Kind | None:
    return KIND_WORDS.get((word or "").strip().lower())
