"""A meal's cost per company (domain/meals/spending.py): split by the guests who came."""

from __future__ import annotations

from datetime import datetime

from clientbook.domain.meals.spending import CostedMeal, company_spending, guest_share


def test_guest_share_splits_by_guests_and_the_shares_add_up():
    assert guest_share(860, 2, 4) == 430
    assert guest_share(860, 4, 4) == 860
    assert guest_share(860, 0, 4) == guest_share(860, 1, 0) == 0
    assert sum(guest_share(1000, n, 7) for n in (3, 2, 2)) == 1000


def test_company_spending_counts_shares_and_lists_the_shared_meals():
    meals = [
        CostedMeal(datetime(2026, 11, 20, 19), "华为+比亚迪", 860, 2, 4),
        CostedMeal(datetime(2026, 11, 3, 12), "", 300, 1, 1),
        CostedMeal(datetime(2025, 12, 1, 19), "年会", 1200, 1, 3),
    ]
    spending = company_spending(meals)
    assert [(r.year, r.month, r.total, r.meals) for r in spending.by_month] == [
        (2026, 11, 730, 2), (2025, 12, 400, 1)]
    assert [(r.year, r.total) for r in spending.by_year] == [(2026, 730), (2025, 400)]
    assert [(s.title, s.cost, s.guests, s.of, s.share) for s in spending.shared] == [
        ("华为+比亚迪", 860, 2, 4, 430), ("年会", 1200, 1, 3, 400)]
