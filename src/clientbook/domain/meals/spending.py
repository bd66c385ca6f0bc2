"""What meals cost with one company's people (domain §9, "Settle the expense").

Spending (`company_spending`)
- Only the actual cost counts (never the budget), and only guests who came.
- A meal whose guests came from several companies is split by guests: a company's share is
  cost × its guests / all guests who came, so the shares of one meal add up to its cost across
  the company pages. Such meals are listed with their split, so the page can say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SpendingRow:
    year: int
    month: int | None                       # None: the whole year
    total: float
    meals: int


@dataclass(frozen=True)
class SharedMeal:
    """A meal this company shared with other companies' guests, and its share of the cost."""
    at: datetime
    title: str
    cost: float                             # the whole meal
    guests: int                             # this company's guests who came
    of: int                                 # all guests who came
    share: float


@dataclass(frozen=True)
class MealSpending:
    by_month: list[SpendingRow]             # newest first
    by_year: list[SpendingRow]              # newest first
    shared: list[SharedMeal] = field(default_factory=list)   # newest first


@dataclass(frozen=True)
class CostedMeal:
    """One meal as the store reads it for one company."""
    at: datetime
    title: str
    cost: float
    guests: int                             # this company's guests who came
    of: int                                 # all guests who came


def guest_share(cost: float, guests: int, of: int) -> float:
    """This company's part of a meal's cost: split by guests who came."""
    if of <= 0 or guests <= 0:
        return 0.0
    return cost * min(guests, of) / of


def company_spending(meals: Iterable[CostedMeal]) -> MealSpending:
    """Per month and per year, each meal counted at this company's share."""
    months: dict[tuple[int, int], list[float]] = {}
    years: dict[int, list[float]] = {}
    shared: list[SharedMeal] = []
    for meal in meals:
        share = guest_share(meal.cost, meal.guests, meal.of)
        months.setdefault((meal.at.year, meal.at.month), []).append(share)
        years.setdefault(meal.at.year, []).append(share)
        if meal.guests < meal.of:
            shared.append(SharedMeal(meal.at, meal.title, meal.cost, meal.guests, meal.of, share))
    shared.sort(key=lambda s: s.at, reverse=True)
    return MealSpending(
        by_month=[SpendingRow(y, m, sum(c), len(c)) for (y, m), c in sorted(months.items(), reverse=True)],
        by_year=[SpendingRow(y, None, sum(c), len(c)) for y, c in sorted(years.items(), reverse=True)],
        shared=shared,
    )
