"""What to reconsider in a meal plan, and what to talk about (domain §9).

Checks (`check_plan`)
- `budget` is the total for the meal; per head = budget / (guests + `our_count`).
- Per-head ranges by the best company grade among the guests (A 300–800, B 200–500,
  C 100–300, D 60–200 ¥). A relationship meal's ceiling is 75% of that: a warm meal needs no
  banquet, and lavishness reads as need.
- Usual hours: lunch 11:30–13:30, dinner 17:30–21:00, both ends included.
- The deadline check follows the brief: phase near_close and the meal within 2 days (before or
  after) of the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from clientbook.domain.cells import fit
from clientbook.domain.contacts import split_list
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.labelled import message_keys
from clientbook.domain.meals.diet import (
    DISH_CATEGORIES,
    HALAL_VENUE,
    RESTRICTIONS,
    STYLES,
    find_word,
    guest_restrictions,
    needs_halal,
    normal,
)
from clientbook.domain.meals.enums import (
    Channel,
    InviteStatus,
    MealPurpose,
    OurRole,
    ProjectPhase,
    Severity,
    Side,
    VenueLevel,
)
from clientbook.domain.text import clean_text
from clientbook.i18n import t



@dataclass
class GuestFacts:
    name: str
    position: Position | str | None = None
    level: int = 0
    grade: Grade | str | None = None
    taboos: str = ""
    diet: str = ""
    is_decision_maker: bool = False
    is_guest_of_honour: bool = False


@dataclass
class MealPlanFacts:
    purpose: MealPurpose
    when: datetime | date | None = None
    phase: ProjectPhase | None = None
    cuisine: str = ""
    budget: float | None = None           # the whole meal, ¥
    venue: VenueLevel = VenueLevel.MID_RANGE
    private_room: bool = False
    guests: list[GuestFacts] = field(default_factory=list)
    our_count: int = 1                     # how many of us eat (for the per-head budget)
    learn_mind: bool = False               # the aim is to learn a decision maker's mind
    deadline: date | None = None           # a known critical deadline of the client's


@dataclass(frozen=True)
class MealWarning:
    key: str
    values: dict = field(default_factory=dict)
    severity: Severity = Severity.WARNING

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.values)


Warning = MealWarning  # noqa: A001 - the name the brief asked for; MealWarning avoids the builtin


def cuisine_clashes(cuisine: str, guest: GuestFacts) -> list[MealWarning]:
    """Why this guest may not enjoy this cuisine (his taboos and diet against diet.RESTRICTIONS)."""
    plan = normal(cuisine)
    if not plan.strip():
        return []
    shown = fit(clean_text(cuisine), 40)
    found = []
    for restriction, word in guest_restrictions(guest.taboos, guest.diet):
        conflict = find_word(restriction.cuisine, plan)
        if conflict:
            found.append(MealWarning("meals.check.cuisine_clash", {
                "name": guest.name, "cuisine": shown, "conflict": conflict, "restriction": word,
                "why": t(f"meals.clash.{restriction.why}", lang="en"),
                "why_zh": t(f"meals.clash.{restriction.why}", lang="zh"),
            }))
    if needs_halal(guest.taboos, guest.diet) and not find_word(HALAL_VENUE, plan):
        found.append(MealWarning("meals.check.halal", {"name": guest.name, "cuisine": shown}))
    return found


LUNCH = (time(11, 30), time(13, 30))
DINNER = (time(17, 30), time(21, 0))
BUDGET_PER_HEAD = {Grade.A: (300, 800), Grade.B: (200, 500), Grade.C: (100, 300), Grade.D: (60, 200)}
RELATIONSHIP_CEILING = 0.75
DEADLINE_DAYS = 2


def _grade(value: Grade | str | None) -> Grade | None:
    try:
        return Grade(str(value.value if isinstance(value, Grade) else value).strip().upper()) if value else None
    except ValueError:
        return None


def budget_range(grade: Grade, purpose: MealPurpose) -> tuple[int, int]:
    """Sensible ¥ per head for a client of this grade and a meal with this purpose."""
    low, high = BUDGET_PER_HEAD[grade]
    if MealPurpose(purpose) == MealPurpose.RELATIONSHIP:
        high = int(high * RELATIONSHIP_CEILING)
    return low, high


def _money(value: float) -> str:
    return f"{value:,.0f}"


def check_plan(plan: MealPlanFacts, now: datetime) -> list[MealWarning]:
    """What to reconsider in a meal plan. Warnings only: nothing here blocks saving."""
    warnings: list[MealWarning] = []
    purpose = MealPurpose(plan.purpose)
    # (1) cuisine against each guest's taboos and diet
    for guest in plan.guests:
        warnings.extend(cuisine_clashes(plan.cuisine, guest))
    # (2) time of day, weekend, past
    when = plan.when
    if isinstance(when, datetime):
        clock = when.time().replace(second=0, microsecond=0)
        if not (LUNCH[0] <= clock <= LUNCH[1] or DINNER[0] <= clock <= DINNER[1]):
            warnings.append(MealWarning("meals.check.odd_hour", {"time": clock.strftime("%H:%M")}))
        if when < now:
            warnings.append(MealWarning("meals.check.in_past", {"date": when.date().isoformat()}))
    elif isinstance(when, date) and when < now.date():
        warnings.append(MealWarning("meals.check.in_past", {"date": when.isoformat()}))
    day = when.date() if isinstance(when, datetime) else when
    if day is not None and day.weekday() >= 5 and purpose == MealPurpose.BUSINESS:
        warnings.append(MealWarning("meals.check.weekend", {}, Severity.INFO))
    # (3) budget per head against the best company grade and the purpose
    grades = [g for g in (_grade(guest.grade) for guest in plan.guests) if g is not None]
    if plan.budget is not None and grades and plan.guests:
        best = min(grades, key=lambda g: list(Grade).index(g))
        low, high = budget_range(best, purpose)
        heads = len(plan.guests) + max(plan.our_count, 0)
        per_head = plan.budget / heads
        values = {"per_head": _money(per_head), "low": low, "high": high, "grade": best.value,
                  "purpose": purpose.label("en"), "purpose_zh": purpose.label("zh")}
        if per_head > high:
            warnings.append(MealWarning("meals.check.budget_lavish", values))
        elif per_head < low:
            warnings.append(MealWarning("meals.check.budget_low", values))
    # (4) a guest of honour
    honoured = [g for g in plan.guests if g.is_guest_of_honour]
    if plan.guests and not honoured:
        warnings.append(MealWarning("meals.check.no_guest_of_honour", {}))
    elif len(honoured) > 1:
        names = ", ".join(g.name for g in honoured)
        warnings.append(MealWarning("meals.check.many_guests_of_honour", {"names": names}))
    # (5) to learn a decision maker's mind, invite his trusted assistant instead
    if plan.learn_mind:
        for guest in plan.guests:
            if guest.is_decision_maker:
                warnings.append(MealWarning("meals.check.learn_mind", {"name": guest.name}))
    # (6) never at a critical deadline
    phase = ProjectPhase(plan.phase) if plan.phase else None
    if phase == ProjectPhase.NEAR_CLOSE and plan.deadline is not None and day is not None:
        days = abs((day - plan.deadline).days)
        if days <= DEADLINE_DAYS:
            warnings.append(MealWarning("meals.check.deadline", {"deadline": plan.deadline.isoformat(), "days": days}))
    # Sensitive talk wants a private room.
    if (phase == ProjectPhase.PROBLEM or plan.learn_mind) and not plan.private_room:
        warnings.append(MealWarning("meals.check.private_room", {}, Severity.INFO))
    return warnings


# ---------------------------------------------------------------- topics

RISK_TOPICS = ("philosophy", "personal_history", "family", "social_issues")
ALWAYS_AVOID = ("politics", "religion")
SAFE_TOPICS = ("traffic", "weather", "films", "industry")


def topics_to_avoid(level: int) -> list[str]:
    """Catalog keys: risk topics until 好朋友 (level 3), politics and religion always."""
    risky = list(RISK_TOPICS) if int(level) < int(Level.GOOD_FRIEND) else []
    return [f"meals.topic.{name}" for name in risky + list(ALWAYS_AVOID)]


def safe_topics(hobbies: str, lang: str | None = None) -> list[str]:
    """Display texts: the contact's hobbies (split like tags; "/" too), then the always-safe ones."""
    topics: list[str] = []
    seen: set[str] = set()
    for part in split_list((hobbies or "").replace("/", ",")):
        part = clean_text(part)[:40]   # a topic shown, not stored
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            topics.append(part)
    for name in SAFE_TOPICS:
        text = t(f"meals.topic.{name}", lang=lang)
        if text.casefold() not in seen:
            seen.add(text.casefold())
            topics.append(text)
    return topics


# ---------------------------------------------------------------- message keys

# Keys built at run time, listed so the catalog check sees them used.
MEAL_MESSAGE_KEYS = (
    message_keys(MealPurpose, ProjectPhase, Channel, InviteStatus, VenueLevel, Side, OurRole, Severity)
    + [f"meals.dish.{name}" for name in DISH_CATEGORIES]
    + [f"meals.dish.reason.{style}" for style in STYLES if style != "shared"]
    + [f"meals.clash.{restriction.why}" for restriction in RESTRICTIONS]
    + [f"meals.topic.{name}" for name in RISK_TOPICS + ALWAYS_AVOID + SAFE_TOPICS]
)
