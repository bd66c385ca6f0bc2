"""Amounts of money as reps type them, one reading for every form (meal budget and cost, gift
value, an interaction's cost): ¥1,280 / 1280元 / ￥1200.5 / 3千 / 1.2万 / 0.3w -> a number."""

from __future__ import annotations

import unicodedata

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
