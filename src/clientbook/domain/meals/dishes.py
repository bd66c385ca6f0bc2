"""How many dishes, and of what kind (domain §9, Ordering).

Dishes (`suggest_dishes`)
- Soup: a small soup is added in Guangdong at any table size (Cantonese meals start with soup);
  it is not counted in `total`.
- Cold starters: two diners: 1 at an upscale place (cold, meat, vegetable + signature), else 0.
  Three or more: 0 for up to 5 dishes at a mid-range or casual place, else 2, and 4 from 10
  dishes on (cold starters come in pairs).
- `categories` has one entry per hot dish, no category repeated until all eight are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from clientbook.domain.meals.enums import VenueLevel
from clientbook.i18n import t

DISH_CATEGORIES = ("poultry", "meat", "seafood", "vegetables", "tofu", "bamboo", "mushrooms", "seaweed")
# Small tables mix meat and vegetables first; larger ones spread in §9's order.
_SMALL_TABLE_ORDER = ("meat", "vegetables", "poultry", "seafood", "tofu", "mushrooms", "bamboo", "seaweed")

Reason = tuple[str, dict]


@dataclass
class DishPlan:
    total: int                      # dishes, cold starters included, soup not
    cold_starters: int
    categories: list[str]           # one catalog key per hot dish
    reasons: list[Reason]           # (catalog key, values)
    soup: bool = False

    def reasons_text(self, lang: str | None = None) -> list[str]:
        return [t(key, lang=lang, **values) for key, values in self.reasons]

    def categories_text(self, lang: str | None = None) -> list[str]:
        return [t(key, lang=lang) for key in self.categories]


def suggest_dishes(diners: int, venue: VenueLevel, rice_staple: bool = False, guangdong: bool = False) -> DishPlan:
    """How many dishes, and of what kind (domain §9, Ordering)."""
    if diners < 2:
        raise ValueError("a meal with a client has at least two diners")
    venue = VenueLevel(venue)
    reasons: list[Reason] = []
    if diners == 2:
        if venue == VenueLevel.UPSCALE:
            total, cold = 4, 1
            reasons.append(("meals.dish.reason.two_upscale", {"total": total}))
        else:
            total, cold = 3, 0
            reasons.append(("meals.dish.reason.two", {"total": total}))
    else:
        total = diners + 1
        reasons.append(("meals.dish.reason.n_plus_one", {"diners": diners, "total": total}))
        if total <= 5 and venue != VenueLevel.UPSCALE:
            cold = 0
        else:
            cold = 4 if total >= 10 else 2
        if cold:
            reasons.append(("meals.dish.reason.cold", {"count": cold}))
    hot = total - cold
    order = DISH_CATEGORIES if diners > 5 else _SMALL_TABLE_ORDER
    categories = [f"meals.dish.{order[i % len(order)]}" for i in range(hot)]
    if diners > 5:
        reasons.append(("meals.dish.reason.spread", {}))
    else:
        reasons.append(("meals.dish.reason.mix", {}))
    reasons.append(("meals.dish.reason.signature", {}))
    soup = guangdong
    if soup:
        reasons.append(("meals.dish.reason.soup", {}))
    if rice_staple:
        reasons.append(("meals.dish.reason.rice", {}))
    reasons.append(("meals.dish.reason.alcohol", {}))
    reasons.append(("meals.dish.reason.pieces", {}))
    return DishPlan(total=total, cold_starters=cold, categories=categories, reasons=reasons, soup=soup)
