"""The gift policy (domain §10): what each person gets on each occasion, by company grade and
position. Unknown company grade counts as C, unknown position as staff."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from clientbook.domain.enums import Grade, Position, as_grade, as_position
from clientbook.domain.lunar import FESTIVAL_KEYS
from clientbook.i18n import t


# ---------------------------------------------------------------------------------------
# Policy


class Treatment(str, Enum):
    GIFT = "gift"
    GREETING = "greeting"
    NONE = "none"

    def label(self, lang: str | None = None) -> str:
        return _TREATMENT_LABELS[self](lang)


class BudgetTier(str, Enum):
    SMALL = "small"
    STANDARD = "standard"
    PREMIUM = "premium"
    SPECIAL = "special"

    def label(self, lang: str | None = None) -> str:
        return _TIER_LABELS[self](lang)

    @property
    def rank(self) -> int:
        return list(BudgetTier).index(self)


_TREATMENT_LABELS = {
    Treatment.GIFT: lambda lang: t("gifts.treatment.gift", lang=lang),
    Treatment.GREETING: lambda lang: t("gifts.treatment.greeting", lang=lang),
    Treatment.NONE: lambda lang: t("gifts.treatment.none", lang=lang),
}
_TIER_LABELS = {
    BudgetTier.SMALL: lambda lang: t("gifts.tier.small", lang=lang),
    BudgetTier.STANDARD: lambda lang: t("gifts.tier.standard", lang=lang),
    BudgetTier.PREMIUM: lambda lang: t("gifts.tier.premium", lang=lang),
    BudgetTier.SPECIAL: lambda lang: t("gifts.tier.special", lang=lang),
}

# ¥ per gift, (low, high).
BUDGET_RANGES: dict[BudgetTier, tuple[int, int]] = {
    BudgetTier.SMALL: (50, 150),
    BudgetTier.STANDARD: (150, 400),
    BudgetTier.PREMIUM: (400, 1000),
    BudgetTier.SPECIAL: (1000, 2000),
}

Decision = tuple[Treatment, BudgetTier | None]
Policy = dict[tuple[str, Grade, Position], Decision]

# Policy keys besides the festival keys: every birthday, every custom occasion, and the
# catch-all for any occasion without rows of its own.
BIRTHDAY_POLICY_KEY = "birthday"
CUSTOM_POLICY_KEY = "custom"
DEFAULT_POLICY_KEY = "*"


@dataclass(frozen=True)
class PolicyRule:
    """One row of the policy: what `position` people at `grade` companies get on an occasion.

    budget_tier is None unless treatment is GIFT.
    """

    occasion_key: str
    grade: Grade
    position: Position
    treatment: Treatment
    budget_tier: BudgetTier | None = None

    def __post_init__(self) -> None:
        if (self.treatment is Treatment.GIFT) != (self.budget_tier is not None):
            raise ValueError("a gift needs a budget tier, and only a gift has one")


_G, _W, _N = Treatment.GIFT, Treatment.GREETING, Treatment.NONE
_S, _STD, _P, _X = BudgetTier.SMALL, BudgetTier.STANDARD, BudgetTier.PREMIUM, BudgetTier.SPECIAL
_POSITIONS = (Position.BOSS, Position.MANAGER, Position.STAFF, Position.CLERK)

# Per grade, one entry per position (boss, manager, staff, clerk).
_TABLES: dict[str, dict[Grade, tuple[Decision, ...]]] = {
    "mid_autumn": {
        Grade.A: ((_G, _X), (_G, _P), (_G, _STD), (_G, _S)),
        Grade.B: ((_G, _P), (_G, _STD), (_G, _S), (_G, _S)),
        Grade.C: ((_G, _STD), (_G, _S), (_W, None), (_W, None)),
        Grade.D: ((_W, None), (_W, None), (_N, None), (_N, None)),
    },
    "spring_festival": {
        Grade.A: ((_G, _X), (_G, _P), (_W, None), (_W, None)),
        Grade.B: ((_G, _STD), (_G, _STD), (_W, None), (_W, None)),
        Grade.C: ((_W, None), (_W, None), (_W, None), (_W, None)),
        Grade.D: ((_W, None), (_W, None), (_W, None), (_W, None)),
    },
    BIRTHDAY_POLICY_KEY: {
        Grade.A: ((_G, _X), (_G, _X), (_W, None), (_W, None)),
        Grade.B: ((_G, _X), (_W, None), (_W, None), (_W, None)),
        Grade.C: ((_W, None), (_W, None), (_W, None), (_W, None)),
        Grade.D: ((_W, None), (_W, None), (_W, None), (_W, None)),
    },
}
_GREETING_SENIOR_AB: dict[Grade, tuple[Decision, ...]] = {
    Grade.A: ((_W, None), (_W, None), (_N, None), (_N, None)),
    Grade.B: ((_W, None), (_W, None), (_N, None), (_N, None)),
    Grade.C: ((_N, None),) * 4,
    Grade.D: ((_N, None),) * 4,
}


def default_policy() -> Policy:
    """The default gift policy (domain §10), as (occasion_key, grade, position) -> decision.

    G = gift with its budget tier, W = greeting only, - = nothing.

    Mid-Autumn (中秋, mooncakes, the wide circle):
        grade  boss         manager      staff        clerk
        A      G special    G premium    G standard   G small
        B      G premium    G standard   G small      G small
        C      G standard   G small      W            W
        D      W            W            -            -

    Spring Festival (春节, narrower, graded; 拜年 greetings to everyone else):
        A      G special    G premium    W            W
        B      G standard   G standard   W            W
        C      W            W            W            W
        D      W            W            W            W

    Birthdays ("birthday", every birthday:<id>): greeting for all; special gift to A and
    B bosses and A managers.
        A      G special    G special    W            W
        B      G special    W            W            W
        C, D   W            W            W            W

    Every other festival (除夕, 元宵, 端午, 重阳, 元旦, 劳动节, 教师节, 国庆), custom occasions
    ("custom") and the catch-all "*": greeting for A/B bosses and managers, nothing else.
        A, B   W            W            -            -
        C, D   -            -            -            -
    """
    policy: Policy = {}
    keys = [k for k in FESTIVAL_KEYS if k not in _TABLES]
    tables = dict(_TABLES) | {k: _GREETING_SENIOR_AB for k in (*keys, CUSTOM_POLICY_KEY, DEFAULT_POLICY_KEY)}
    for key, table in tables.items():
        for grade, row in table.items():
            for position, decision in zip(_POSITIONS, row, strict=True):
                policy[(key, grade, position)] = decision
    return policy


def policy_rules(policy: Mapping[tuple[str, Grade, Position], Decision]) -> list[PolicyRule]:
    """The policy as rows (for settings and storage)."""
    return [PolicyRule(k, g, p, tr, tier) for (k, g, p), (tr, tier) in policy.items()]


def policy_from_rules(rules: Iterable[PolicyRule], base: Policy | None = None) -> Policy:
    """Rows applied over `base` (default: an empty policy)."""
    policy: Policy = dict(base or {})
    for rule in rules:
        policy[(rule.occasion_key, rule.grade, rule.position)] = (rule.treatment, rule.budget_tier)
    return policy


def policy_key(occasion_key: str) -> str:
    """birthday:<id> -> birthday, custom:<id> -> custom, festivals as they are."""
    prefix, sep, _ = occasion_key.partition(":")
    if sep and prefix in (BIRTHDAY_POLICY_KEY, CUSTOM_POLICY_KEY):
        return prefix
    return occasion_key


def decide(
    policy: Mapping[tuple[str, Grade, Position], Decision],
    occasion_key: str,
    grade: Grade | str | None,
    position: Position | str | None,
) -> Decision:
    """What this person gets on this occasion.

    Looks up the exact occasion key (birthday:12), then its policy key (birthday), then
    the catch-all "*"; nothing found means (NONE, None).
    """
    g, p = as_grade(grade), as_position(position)
    for key in dict.fromkeys((occasion_key, policy_key(occasion_key), DEFAULT_POLICY_KEY)):
        found = policy.get((key, g, p))
        if found is not None:
            return found
    return (Treatment.NONE, None)
