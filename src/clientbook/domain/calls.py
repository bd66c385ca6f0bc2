"""Calls (domain §11): before the call a preparation, after it a review whose lesson is shown
the next time a call with that person is prepared; an inbound call you were not ready for is
answered with a call back. Pure: "now" and "today" are passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from clientbook.domain.interactions import FollowupInput, InteractionInput, Kind
from clientbook.domain.labelled import LabelledEnum, labelled, message_keys
from clientbook.domain.text import MAX_TEXT, FieldError, checked_text


# The two short scales of the after-call review, lowest first; stored as 1…5.
@labelled("call.attitude")
class Attitude(LabelledEnum):
    HOSTILE = "1"
    COOL = "2"
    NEUTRAL = "3"
    FRIENDLY = "4"
    WARM = "5"


@labelled("call.satisfaction")
class Satisfaction(LabelledEnum):
    UNHAPPY = "1"
    DISSATISFIED = "2"
    SO_SO = "3"
    SATISFIED = "4"
    DELIGHTED = "5"


MESSAGE_KEYS = message_keys(Attitude, Satisfaction)


def scale_text(scale: type[Attitude] | type[Satisfaction], value: int | None, lang: str | None = None) -> str:
    """A stored 1…5 as the card shows it: "4 · friendly" ("" when not judged)."""
    if value is None:
        return ""
    return f"{value} · {scale(str(value)).label(lang)}"


# A call back is due within the hour (§11: an inbound call you are not ready for).
CALL_BACK_WITHIN = timedelta(hours=1)
# A preparation not followed by a call within this long is stale: a call logged later does
# not ask for its review, and `c` prepares afresh.
PREP_OPEN_FOR = timedelta(days=14)


def call_back_due(now: datetime) -> datetime:
    """When the call back is due: an hour from now, to the minute."""
    return now.replace(second=0, microsecond=0) + CALL_BACK_WITHIN


def inbound_call(contact_id: int, now: datetime, summary: str, call_back: str) -> InteractionInput:
    """An inbound call taken unprepared, logged now, with our promise to call back within the hour."""
    due = call_back_due(now)
    return InteractionInput(kind=Kind.CALL, occurred_at=now.replace(second=0, microsecond=0),
                            contact_ids=[contact_id], summary=summary,
                            followup=FollowupInput(call_back, due.date(), due.time(), promise=True))


def prep_is_open(created_at: datetime, reviewed_at: datetime | None, now: datetime) -> bool:
    """A preparation waits for its call (or its review) until reviewed, for PREP_OPEN_FOR."""
    return reviewed_at is None and now - created_at <= PREP_OPEN_FOR


# What `c` does for a person: prepare a call, log the prepared call (then review it), or
# review a call already logged with its preparation.
PREPARE, LOG, REVIEW = "prepare", "log", "review"


def next_step(has_open_prep: bool, call_logged: bool) -> str:
    if not has_open_prep:
        return PREPARE
    return REVIEW if call_logged else LOG


# ---------------------------------------------------------------- the forms
@dataclass
class CallPrepInput:
    matter: str
    our_outcome: str = ""
    their_outcome: str = ""
    their_attitude: str = ""
    tone: str = ""
    rehearsal: str = ""
    deal_id: int | None = None


@dataclass
class CallReviewInput:
    attitude: int | None
    satisfaction: int | None
    differed: str = ""
    lesson: str = ""


PREP_TEXTS = ("matter", "our_outcome", "their_outcome", "their_attitude", "tone")


def validate_prep(raw: dict[str, str]):
    """The preparation form: the matter is required, the rest is what the rep has in mind."""
    errors: dict[str, FieldError] = {}
    texts = {name: checked_text(raw, name, 2000, errors) for name in PREP_TEXTS}
    rehearsal = checked_text(raw, "rehearsal", MAX_TEXT, errors)
    if not texts["matter"]:
        errors["matter"] = FieldError("form.error.required")
    deal = (raw.get("deal") or "").strip()
    if errors:
        return None, errors
    return CallPrepInput(**texts, rehearsal=rehearsal, deal_id=int(deal) if deal.isdecimal() else None), {}


def validate_review(raw: dict[str, str]):
    """The after-call review: both scales are asked for (a call is judged or it is not reviewed)."""
    errors: dict[str, FieldError] = {}
    scales = {}
    for name, scale in (("attitude", Attitude), ("satisfaction", Satisfaction)):
        value = (raw.get(name) or "").strip()
        try:
            scales[name] = int(scale(value).value)
        except ValueError:
            errors[name] = FieldError("form.error.required") if not value else \
                FieldError("form.error.choice", {"value": value})
    differed = checked_text(raw, "differed", MAX_TEXT, errors)
    lesson = checked_text(raw, "lesson", MAX_TEXT, errors)
    if errors:
        return None, errors
    return CallReviewInput(scales["attitude"], scales["satisfaction"], differed, lesson), {}


# ---------------------------------------------------------------- what the card gathers
# The card fits 80×24: so many of each kind of thing at hand, the most pressing first.
PROMISES_SHOWN = 3       # per side: what we promised, what they owe
RECENT_SHOWN = 3
LESSONS_SHOWN = 2


@dataclass(frozen=True)
class OpenFollowup:
    what: str
    due: date
    due_time: time | None
    promise: bool            # ours (True) or theirs


@dataclass(frozen=True)
class PastInteraction:
    at: datetime
    has_time: bool
    kind: str
    summary: str


@dataclass(frozen=True)
class Lesson:
    at: datetime             # when that call was prepared
    matter: str
    lesson: str
    attitude: int | None
    satisfaction: int | None


@dataclass(frozen=True)
class AtHand:
    ours: tuple[OpenFollowup, ...]        # what we promised them, soonest due first
    theirs: tuple[OpenFollowup, ...]      # what they owe us
    more_open: int                        # open follow-ups beyond those shown
    recent: tuple[PastInteraction, ...]   # newest first
    lessons: tuple[Lesson, ...]           # newest first


def at_hand(followups: Iterable[OpenFollowup], interactions: Iterable[PastInteraction],
            lessons: Iterable[Lesson]) -> AtHand:
    """What to have at hand for the call: the open promises either way (overdue first, as they
    fall due), the last interactions and the lessons of earlier calls with them, each cut to
    what one screen holds."""
    ordered = sorted(followups, key=lambda f: (f.due, f.due_time is None, f.due_time or time(0)))
    ours = tuple(f for f in ordered if f.promise)
    theirs = tuple(f for f in ordered if not f.promise)
    shown_ours, shown_theirs = ours[:PROMISES_SHOWN], theirs[:PROMISES_SHOWN]
    recent = tuple(sorted(interactions, key=lambda i: i.at, reverse=True)[:RECENT_SHOWN])
    learned = tuple(sorted((x for x in lessons if x.lesson), key=lambda x: x.at, reverse=True)[:LESSONS_SHOWN])
    return AtHand(shown_ours, shown_theirs, len(ours) + len(theirs) - len(shown_ours) - len(shown_theirs),
                  recent, learned)
