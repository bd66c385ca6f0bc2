"""How many dishes, and of what kind (domain §9, Ordering), for this cuisine and these guests.

Dishes (`suggest_dishes`)
- The cuisine decides the way of ordering (diet.cuisine_style). A Chinese meal of shared
  dishes follows §9:
  - Soup: a small soup is added in Guangdong at any table size (Cantonese meals start with soup);
    it is not counted in `total`.
  - Cold starters: two diners: 1 at an upscale place (cold, meat, vegetable + signature), else 0.
    Three or more: 0 for up to 5 dishes at a mid-range or casual place, else 2, and 4 from 10
    dishes on (cold starters come in pairs).
- Hotpot and grill: about two plates a head (one meat, one vegetable), no cold starters, no
  N+1, no soup and no dishes to go with rice; a split pot (鸳鸯锅) when a guest avoids spicy food.
  Buffet and western: nothing is ordered for the table (`total` 0).
- `categories` has one entry per hot dish (or plate), no category repeated until all are used,
  and never one a guest's diet rules out for the table (diet.RESTRICTIONS: the same table the
  plan checks read). With a vegetarian at the table at least half of them are meatless.
- Every other restriction found (spicy, pork, beef, lamb, alcohol) is named in the reasons with
  the guests to mind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from clientbook.domain.meals.diet import DISH_CATEGORIES, MEATLESS, Restriction, cuisine_style, guest_restrictions
from clientbook.domain.meals.enums import VenueLevel
from clientbook.i18n import names_joined, t

# Small tables mix meat and vegetables first; larger ones spread in §9's order.
_SMALL_TABLE_ORDER = ("meat", "vegetables", "poultry", "seafood", "tofu", "mushrooms", "bamboo", "seaweed")
PLATES_PER_HEAD = 2
AT_TABLE = ("hotpot", "grill")       # cooked at the table: plates, not dishes


class Keys(tuple):
    """Catalog keys, shown as one list in the reader's language (a plain tuple is names)."""


Reason = tuple[str, dict]


@dataclass
class DishPlan:
    total: int                      # dishes (or plates), cold starters included, soup not
    cold_starters: int
    categories: list[str]           # one catalog key per hot dish
    reasons: list[Reason]           # (catalog key, values)
    soup: bool = False
    style: str = "shared"           # diet.STYLES
    avoided: list[str] = field(default_factory=list)   # categories the guests' diets rule out

    def reasons_text(self, lang: str | None = None) -> list[str]:
        def shown(value):
            if isinstance(value, Keys):
                return names_joined([t(key, lang=lang) for key in value], lang)
            return names_joined(list(value), lang) if isinstance(value, tuple) else value
        return [t(key, lang=lang, **{k: shown(v) for k, v in values.items()}) for key, values in self.reasons]

    def categories_text(self, lang: str | None = None) -> list[str]:
        return [t(key, lang=lang) for key in self.categories]


def _guest_needs(guests: Sequence) -> dict[Restriction, tuple[list[str], list[str]]]:
    """restriction -> (guests' names, the words they used), in the table's order."""
    needs: dict[Restriction, tuple[list[str], list[str]]] = {}
    for guest in guests:
        for restriction, word in guest_restrictions(guest.taboos, guest.diet):
            names, words = needs.setdefault(restriction, ([], []))
            names.append(guest.name)
            if word not in words:
                words.append(word)
    return needs


def _pick(order: Sequence[str], hot: int, meatless: bool) -> list[str]:
    """`hot` categories taken in turn from `order`; meatless and other ones alternate when a
    vegetarian is at the table, meatless first."""
    if meatless:
        veg = [c for c in order if c in MEATLESS]
        rest = [c for c in order if c not in MEATLESS]
        order = [c for pair in zip(veg, rest) for c in pair] + veg[len(rest):] + rest[len(veg):]
    return [f"meals.dish.{order[i % len(order)]}" for i in range(hot)]


def suggest_dishes(diners: int, venue: VenueLevel, rice_staple: bool = False, guangdong: bool = False,
                   cuisine: str = "", guests: Sequence = ()) -> DishPlan:
    """How many dishes, and of what kind (domain §9, Ordering). `guests`: anything with a name,
    taboos and diet (checks.GuestFacts)."""
    if diners < 2:
        raise ValueError("a meal with a client has at least two diners")
    venue = VenueLevel(venue)
    style = cuisine_style(cuisine)
    needs = _guest_needs(guests)
    avoided = [c for c in DISH_CATEGORIES if any(c in r.rules_out for r in needs)]
    meatless = any(r.meatless for r in needs)
    reasons: list[Reason] = []
    cold = 0
    soup = False
    if style in AT_TABLE:
        total = diners * PLATES_PER_HEAD
        reasons.append((f"meals.dish.reason.{style}", {"diners": diners, "total": total}))
        hot = total
    elif style in ("buffet", "western"):
        total = hot = 0
        reasons.append((f"meals.dish.reason.{style}", {}))
    else:
        if diners == 2:
            if venue == VenueLevel.UPSCALE:
                total, cold = 4, 1
                reasons.append(("meals.dish.reason.two_upscale", {"total": total}))
            else:
                total = 3
                reasons.append(("meals.dish.reason.two", {"total": total}))
        else:
            total = diners + 1
            reasons.append(("meals.dish.reason.n_plus_one", {"diners": diners, "total": total}))
            if total > 5 or venue == VenueLevel.UPSCALE:
                cold = 4 if total >= 10 else 2
            if cold:
                reasons.append(("meals.dish.reason.cold", {"count": cold}))
        hot = total - cold
        reasons.append(("meals.dish.reason.spread" if diners > 5 else "meals.dish.reason.mix", {}))
    order = [c for c in (DISH_CATEGORIES if diners > 5 else _SMALL_TABLE_ORDER) if c not in avoided]
    categories = _pick(order, hot, meatless)
    for restriction, (names, words) in needs.items():
        values = {"names": tuple(names), "restriction": tuple(words), "why": Keys((f"meals.clash.{restriction.why}",))}
        if restriction.rules_out:
            reasons.append(("meals.dish.reason.rules_out",
                            {**values, "dishes": Keys(f"meals.dish.{c}" for c in restriction.rules_out)}))
        elif restriction.meatless:
            if hot:
                reasons.append(("meals.dish.reason.meatless", {**values, "count": (hot + 1) // 2}))
            else:
                reasons.append(("meals.dish.reason.mind", values))
        elif restriction.why == "spicy" and style == "hotpot":
            reasons.append(("meals.dish.reason.split_pot", values))
        else:
            reasons.append(("meals.dish.reason.mind", values))
    if style == "shared":
        reasons.append(("meals.dish.reason.signature", {}))
        soup = guangdong
        if soup:
            reasons.append(("meals.dish.reason.soup", {}))
        if rice_staple:
            reasons.append(("meals.dish.reason.rice", {}))
    reasons.append(("meals.dish.reason.alcohol", {}))
    if style == "shared":
        reasons.append(("meals.dish.reason.pieces", {}))
    return DishPlan(total=total, cold_starters=cold, categories=categories, reasons=reasons, soup=soup,
                    style=style, avoided=avoided)
