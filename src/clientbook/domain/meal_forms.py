"""What a rep types into the meal plan and minutes forms, validated into plain values.

Pure like the rest of domain/: no Textual, no SQL, "now" passed in. Forms hand over raw
strings; `validate_plan` / `validate_minutes` return clean values plus the errors to show
inline, so a form can stay open with everything typed still in place.

- The plan needs a day *and* a time (a meal is at 12:00 or 18:30, not "on Friday"), at least
  one guest, and 2–14 people at the table. Everything else is optional; `check_plan` warns
  about the rest, it never blocks.
- Minutes errors are lists per field (one per bad line of the action items or of what was
  learned), so every bad line is named at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from clientbook.domain.text import MAX_NAME, MAX_TEXT
from clientbook.domain.contacts import split_list
from clientbook.domain.dates import DateParseError, day_field, parse_when
from clientbook.domain.interactions import RELATIONSHIP_MARKS, Coach, InfoQuality, Space, parse_marks
from clientbook.domain.money import parse_money
from clientbook.domain.meals.enums import Channel, MealPurpose, OurRole, ProjectPhase, VenueLevel
from clientbook.domain.meals.minutes import ActionItem, parse_action_item, parse_learned
from clientbook.domain.meals.seating import MAX_SEATS, MIN_SEATS
from clientbook.domain.text import FieldError, checked_text, chosen, chosen_id, clean_text

MAX_TITLE = 100


@dataclass
class OurDiner:
    name: str
    role: OurRole


@dataclass
class PlanInput:
    """A validated meal plan. `guests` are contacts (id, name); `ours` our side, host first."""

    planned_at: datetime
    guests: list[tuple[int, str]]
    ours: list[OurDiner] = field(default_factory=list)
    title: str = ""
    purpose: MealPurpose = MealPurpose.BUSINESS
    phase: ProjectPhase | None = None
    venue: str = ""
    venue_level: VenueLevel = VenueLevel.MID_RANGE
    cuisine: str = ""
    private_room: bool = False
    budget: float | None = None
    channel: Channel | None = None
    learn_mind: bool = False
    deadline: date | None = None
    deal_id: int | None = None              # the deal it served (domain §12)

    @property
    def seats(self) -> int:
        return len(self.guests) + len(self.ours)


@dataclass
class MinutesInput:
    """Validated minutes. `attended` are MealDiner ids; `levels` contact id -> new level."""

    attended: list[int]
    discussed: str = ""
    agreements: list[str] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    learned: list[tuple[str, str]] = field(default_factory=list)
    cost: float | None = None
    next_step: str = ""
    levels: dict[int, int] = field(default_factory=dict)
    space: Space | None = None                  # the relationship marks of the meal (domain §5)
    info_quality: InfoQuality | None = None
    coach: Coach | None = None
    private: bool = False                       # a team book's: its author alone reads the minutes


def _flag(raw: dict[str, str], name: str) -> bool:
    return (raw.get(name) or "").strip().lower() in ("1", "true", "yes", "on")


def our_side(me: bool, boss: str, colleagues: str, me_name: str) -> list[OurDiner]:
    """Our side from the form: the boss (if named), me, then colleagues as listed."""
    ours: list[OurDiner] = []
    boss = clean_text(boss)
    if boss:
        ours.append(OurDiner(boss, OurRole.BOSS))
    if me:
        ours.append(OurDiner(me_name, OurRole.ME))
    for name in split_list(colleagues):
        name = clean_text(name)
        if name:
            ours.append(OurDiner(name, OurRole.COLLEAGUE))
    return ours


def validate_plan(raw: dict[str, str], guests: list[tuple[int, str]], now: datetime, me_name: str = "me"):
    """Fields: title, purpose, phase, when, venue, venue_level, cuisine, private_room ("1"/"0"),
    budget, channel, learn_mind ("1"/"0"), deadline, me ("1"/"0", default "1"), boss, colleagues.
    Returns (PlanInput | None, {field: FieldError})."""
    errors: dict[str, FieldError] = {}
    title = checked_text(raw, "title", MAX_TITLE, errors)
    venue = checked_text(raw, "venue", 200, errors)
    cuisine = checked_text(raw, "cuisine", 200, errors)
    checked_text(raw, "boss", MAX_NAME, errors)
    if any(len(clean_text(name)) > MAX_NAME for name in split_list(raw.get("colleagues", ""))):
        errors["colleagues"] = FieldError("form.error.too_long", {"limit": MAX_NAME})
    purpose = chosen(raw, "purpose", MealPurpose, errors, MealPurpose.BUSINESS)
    phase = chosen(raw, "phase", ProjectPhase, errors)
    venue_level = chosen(raw, "venue_level", VenueLevel, errors, VenueLevel.MID_RANGE)
    channel = chosen(raw, "channel", Channel, errors)
    planned_at = None
    when_raw = (raw.get("when") or "").strip()
    if not when_raw:
        errors["when"] = FieldError("form.error.required")
    else:
        try:
            when = parse_when(when_raw, now)
            if when.time is None:
                errors["when"] = FieldError("meal.error.no_time")
            else:
                planned_at = when.as_datetime()
        except DateParseError as exc:
            errors["when"] = FieldError("log.error.date", {"value": exc.text})
    deadline = day_field(raw, "deadline", now, errors)
    budget = None
    try:
        budget = parse_money(raw.get("budget"))
    except ValueError:
        errors["budget"] = FieldError("form.error.number", {"value": raw.get("budget", "")})
    ours = our_side((raw.get("me") or "1") != "0", raw.get("boss", ""), raw.get("colleagues", ""), me_name)
    guests = list(dict.fromkeys((int(cid), name) for cid, name in guests))
    if not guests:
        errors["guests"] = FieldError("meal.error.no_guest")
    elif not MIN_SEATS <= len(guests) + len(ours) <= MAX_SEATS:
        errors["guests"] = FieldError("meal.error.seats", {"count": len(guests) + len(ours),
                                                           "low": MIN_SEATS, "high": MAX_SEATS})
    deal_id = chosen_id(raw, "deal", errors)
    if errors:
        return None, errors
    return (
        PlanInput(
            planned_at=planned_at, guests=guests, ours=ours, title=title, purpose=purpose, phase=phase,
            venue=venue, venue_level=venue_level, cuisine=cuisine, private_room=_flag(raw, "private_room"),
            budget=budget, channel=channel, learn_mind=_flag(raw, "learn_mind"), deadline=deadline,
            deal_id=deal_id,
        ),
        {},
    )


def _lines(text: str | None) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(clean_text(text).splitlines(), 1) if line.strip()]


_NUMBERING = re.compile(r"^(?:\d{1,3}[.、)）]|[-*•·])\s*")


def validate_minutes(raw: dict[str, str], attended: list[int], guest_ids: set[int], now: datetime,
                     levels: dict[int, str] | None = None):
    """Fields: discussed, agreements (one per line), actions (one per line, as parse_action_item
    reads them), learned (one per line, "name: fact"), cost, next_step, and the relationship
    marks space, info_quality, coach (blank: not recorded). `attended` are the diner
    ids ticked; at least one of them must be a guest (`guest_ids`). `levels` maps a contact id to
    the level typed for it ("" = unchanged).
    Returns (MinutesInput | None, {field: [FieldError, ...]})."""
    errors: dict[str, list[FieldError]] = {}
    if not set(attended) & set(guest_ids):
        errors["attended"] = [FieldError("meal.error.nobody_came")]
    too_long: dict[str, FieldError] = {}
    texts = {name: checked_text(raw, name, MAX_TEXT, too_long)
             for name in ("discussed", "agreements", "actions", "learned", "next_step")}
    errors.update({name: [error] for name, error in too_long.items()})
    if too_long:   # its lines are not read: the rep shortens the field first
        return None, errors
    agreements = [_NUMBERING.sub("", line).strip() for _n, line in _lines(raw.get("agreements"))]
    agreements = [a for a in agreements if a]
    actions: list[ActionItem] = []
    for _n, line in _lines(raw.get("actions")):
        item = parse_action_item(_NUMBERING.sub("", line), now)
        if isinstance(item, FieldError):
            errors.setdefault("actions", []).append(item)
        else:
            actions.append(item)
    learned: list[tuple[str, str]] = []
    for _n, line in _lines(raw.get("learned")):
        found = parse_learned(_NUMBERING.sub("", line))
        if isinstance(found, FieldError):
            errors.setdefault("learned", []).append(found)
        else:
            learned.append(found)
    cost = None
    try:
        cost = parse_money(raw.get("cost"))
    except ValueError:
        errors["cost"] = [FieldError("form.error.number", {"value": raw.get("cost", "")})]
    marks_errors: dict[str, FieldError] = {}
    marks = parse_marks(raw, marks_errors, RELATIONSHIP_MARKS)
    errors.update({name: [error] for name, error in marks_errors.items()})
    new_levels: dict[int, int] = {}
    for contact_id, value in (levels or {}).items():
        value = (value or "").strip()
        if not value:
            continue
        if value.isdecimal() and int(value) in range(7):
            new_levels[int(contact_id)] = int(value)
        else:
            errors.setdefault("levels", []).append(FieldError("form.error.level", {"value": value}))
    if errors:
        return None, errors
    return (
        MinutesInput(
            attended=list(dict.fromkeys(attended)), discussed=texts["discussed"],
            agreements=agreements, actions=actions, learned=learned, cost=cost,
            next_step=texts["next_step"], levels=new_levels, **marks,
            private=(raw.get("private") or "").strip() == "1",
        ),
        {},
    )


# Cities of Guangdong, where a meal starts with a small soup (domain §9, Ordering).
GUANGDONG = (
    "广东", "广州", "深圳", "佛山", "东莞", "珠海", "中山", "惠州", "江门", "汕头", "潮州", "揭阳", "湛江",
    "茂名", "肇庆", "清远", "韶关", "梅州", "河源", "阳江", "云浮", "汕尾", "顺德",
    "guangdong", "guangzhou", "canton", "shenzhen", "foshan", "dongguan", "zhuhai", "zhongshan",
    "huizhou", "jiangmen", "shantou", "chaozhou",
)
_CANTONESE = ("粤菜", "潮汕", "顺德", "客家", "广府", "早茶", "cantonese", "dim sum", "chaoshan")


def is_guangdong(cities: list[str], cuisine: str = "") -> bool:
    """The meal is in Guangdong (a guest's company is there) or Cantonese (the cuisine says so)."""
    texts = [c.lower() for c in cities if c] + [(cuisine or "").lower()]
    return any(word in text for text in texts for word in GUANGDONG + _CANTONESE)
