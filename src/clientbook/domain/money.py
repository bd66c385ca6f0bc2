"""Amounts of money as reps type them, one reading for every form (meal budget and cost, gift
value, an interaction's cost): ¥1,280 / 1280元 / ￥1200.5 / 3千 / 1.2万 / 0.3w -> a number."""

from __future__ import annotations

import unicodedata

from clientbook.i18n import language, t

MAX_MONEY = 1e9   # no meal, gift or dinner bill comes near; larger is a typing slip


def parse_money(text: str | None) -> float | None:
    """The amount in `text`; "" -> None; ValueError for anything else (negative, nan, too big)."""
    s = unicodedata.normalize("NFKC", text or "").strip().lstrip("¥￥").replace(",", "").replace(" ", "")
    if not s:
        return None
    factor = 1.0
    if s.endswith(("万", "w", "W")):
        factor, s = 10_000.0, s[:-1]
    elif s.endswith("千"):
        factor, s = 1_000.0, s[:-1]
    elif s.endswith("元"):
        s = s[:-1]
    value = float(s) * factor
    if not 0 <= value < MAX_MONEY:  # also refuses nan
        raise ValueError(text)
    return value


NO_AMOUNT = "—"   # an amount not known (a meal not costed, a gift without a value)


def money_text(value: float | None) -> str:
    """An amount as every screen, the CLI and the minutes show it: ¥1,280 / ¥1,280.50 / —."""
    if value is None:
        return NO_AMOUNT
    return f"¥{value:,.0f}" if float(value).is_integer() else f"¥{value:,.2f}"


def money_range(low: float, high: float) -> str:
    """A span of amounts (a gift tier's budget): ¥200–500."""
    return f"¥{low:,.0f}–{high:,.0f}"


def money_short(value: float | None) -> str:
    """A large amount, counted the way each language does (a company's yearly business):
    3200万 in Chinese, ¥32.0M / ¥650k in English; small ones as money_text."""
    if value is None:
        return NO_AMOUNT
    if language() == "zh" and value >= 10_000:
        return t("money.wan", value=f"{value / 10_000:,.0f}")
    if value >= 1_000_000:
        return t("money.million", value=f"{value / 1_000_000:,.1f}")
    if value >= 10_000:
        return t("money.thousand", value=f"{value / 1_000:,.0f}")
    return f"¥{value:,.0f}"
