"""What to buy for a reminder (domain §10), and the gift log: the same gift twice, spend per
company and year."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from clientbook.domain.gifts.policy import BIRTHDAY_POLICY_KEY, BUDGET_RANGES, BudgetTier, Treatment, policy_key
from clientbook.domain.gifts.reminders import ReminderGroup
from clientbook.domain.lunar import FESTIVAL_KEYS, festival_name
from clientbook.i18n import t


# ---------------------------------------------------------------------------------------
# Shopping list

SUGGESTIONS = {
    "mid_autumn": "mooncakes",
    "spring_festival": "new_year_gifts",
    "new_years_eve": "new_year_gifts",
    "dragon_boat": "zongzi",
}


@dataclass(frozen=True)
class ShoppingList:
    count: int  # people receiving a gift
    by_tier: dict[BudgetTier, int]
    budget_low: int
    budget_high: int
    suggestion: str  # what ordinary gifts are: mooncakes, new_year_gifts, zongzi, gifts
    greetings: int = 0  # people to greet only

    @property
    def special(self) -> int:
        return self.by_tier.get(BudgetTier.SPECIAL, 0)

    @property
    def ordinary(self) -> int:
        return self.count - self.special


def shopping_list(group: ReminderGroup) -> ShoppingList:
    """What to buy for a reminder group: gifts per tier and the budget range in ¥.

    Ordinary gifts (small/standard/premium) are the occasion's usual gift (mooncake boxes
    at Mid-Autumn, 年货 boxes at Spring Festival, zongzi at Dragon Boat); special ones are
    chosen per person.
    """
    by_tier = {tier: 0 for tier in BudgetTier}
    for item in group.items:
        if item.treatment is Treatment.GIFT and item.budget_tier is not None:
            by_tier[item.budget_tier] += 1
    by_tier = {tier: n for tier, n in by_tier.items() if n}
    low = sum(BUDGET_RANGES[tier][0] * n for tier, n in by_tier.items())
    high = sum(BUDGET_RANGES[tier][1] * n for tier, n in by_tier.items())
    return ShoppingList(
        count=sum(by_tier.values()),
        by_tier=by_tier,
        budget_low=low,
        budget_high=high,
        suggestion=SUGGESTIONS.get(group.occasion.key, "gifts"),
        greetings=len(group.greetings),
    )


_SUGGESTION_TEXT = {
    "mooncakes": lambda lang, n: t("gifts.shop.mooncakes", lang=lang, n=n),
    "new_year_gifts": lambda lang, n: t("gifts.shop.new_year_gifts", lang=lang, n=n),
    "zongzi": lambda lang, n: t("gifts.shop.zongzi", lang=lang, n=n),
    "gifts": lambda lang, n: t("gifts.shop.gifts", lang=lang, n=n),
}


def shopping_text(shopping: ShoppingList, occasion_name: str, lang: str) -> str:
    """zh 中秋节：23 人 — 18 盒月饼，5 份特别礼物，预算 ¥8,150–20,400；另需问候 4 人."""
    if shopping.count == 0:
        text = t("gifts.shop.nothing", lang=lang, occasion=occasion_name)
    else:
        parts = []
        if shopping.ordinary:
            parts.append(_SUGGESTION_TEXT.get(shopping.suggestion, _SUGGESTION_TEXT["gifts"])(lang, shopping.ordinary))
        if shopping.special:
            parts.append(t("gifts.shop.special", lang=lang, n=shopping.special))
        values = dict(
            occasion=occasion_name,
            parts=t("gifts.shop.sep", lang=lang).join(parts),
            low=f"{shopping.budget_low:,}",
            high=f"{shopping.budget_high:,}",
        )
        if shopping.count == 1:
            text = t("gifts.shop.line_one", lang=lang, **values)
        else:
            text = t("gifts.shop.line", lang=lang, count=shopping.count, **values)
    if shopping.greetings:
        text += t("gifts.shop.greetings", lang=lang, n=shopping.greetings)
    return text


# ---------------------------------------------------------------------------------------
# Gift log


def normalise_gift(text: str) -> str:
    """For comparing gifts: full-width folded (NFKC), case folded, without spaces,
    punctuation and symbols. "Moutai 飞天 53°" == "ｍｏｕｔａｉ飞天５３"."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] not in "PSZC")


def _occasion_text(occasion: str | None, lang: str) -> str | None:
    if not occasion:
        return None
    if occasion in FESTIVAL_KEYS:
        return festival_name(occasion, lang)
    if policy_key(occasion) == BIRTHDAY_POLICY_KEY:
        return t("gifts.occasion.birthday_plain", lang=lang)
    return occasion


def same_gift_warning(
    new_gift: str, past: Iterable[tuple[str, date, str | None]], lang: str = "en"
) -> str | None:
    """A warning when `new_gift` was already given to this person (the latest such gift).

    `past` holds (what, date, occasion) of that person's gifts; occasion may be a festival
    key, birthday[:<id>], free text, or None.
    """
    wanted = normalise_gift(new_gift)
    if not wanted:
        return None
    matches = [entry for entry in past if normalise_gift(entry[0]) == wanted]
    if not matches:
        return None
    what, when, occasion = max(matches, key=lambda entry: entry[1])
    occasion_text = _occasion_text(occasion, lang)
    if occasion_text is None:
        return t("gifts.same_gift_plain", lang=lang, what=what, date=when.isoformat())
    return t("gifts.same_gift", lang=lang, what=what, date=when.isoformat(), occasion=occasion_text)


def spend_by_company_year(
    gifts: Iterable[tuple[str | None, date, float | int | None]],
) -> dict[tuple[str | None, int], float]:
    """Total gift value per (company, year); unknown values are left out, names trimmed."""
    totals: dict[tuple[str | None, int], float] = {}
    for company, when, value in gifts:
        if value is None:
            continue
        name = (company.strip() or None) if company is not None else None
        key = (name, when.year)
        totals[key] = totals.get(key, 0.0) + float(value)
    return dict(sorted(totals.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])))
