"""Amounts of money: one reading for the meal, gift and interaction forms."""

from __future__ import annotations

from datetime import datetime

import pytest

from clientbook.domain.interactions import validate_log
from clientbook.domain.money import parse_money
from clientbook.i18n import t


@pytest.mark.parametrize(("text", "value"), [
    ("1280", 1280.0), ("¥1,280", 1280.0), ("￥980元", 980.0), ("0.3万", 3000.0), ("0.3w", 3000.0),
    ("3千", 3000.0), ("１２８０", 1280.0), ("1，280", 1280.0), ("", None), ("  ", None), (None, None),
])
def test_parse_money(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["abc", "-5", "nan", "inf", "1e12", "万"])
def test_parse_money_rejects(text):
    with pytest.raises(ValueError):
        parse_money(text)


def test_an_interaction_cost_reads_like_every_other_amount():
    data, errors = validate_log({"kind": "meal", "summary": "饭局", "cost": "1.2万"}, [1], datetime(2026, 11, 26, 20))
    assert errors == {} and data.cost == 12_000
    _data, errors = validate_log({"kind": "meal", "summary": "饭局", "cost": "一万"}, [1], datetime(2026, 11, 26, 20))
    assert set(errors) == {"cost"}


def test_one_way_to_show_an_amount():
    from clientbook.domain.money import money_range, money_text

    assert money_text(1280) == "¥1,280"
    assert money_text(1280.5) == "¥1,280.50"
    assert money_text(None) == "—"
    assert money_range(200, 500) == "¥200–500"


def test_large_amounts_count_the_way_each_language_does():
    from clientbook.domain.money import money_short
    from clientbook.i18n import set_language

    try:
        set_language("zh")
        assert money_short(32_000_000) == t("money.wan", value="3,200")
        assert money_short(None) == money_short(None) == "—"
        set_language("en")
        assert money_short(32_000_000) == t("money.million", value="32.0")
        assert money_short(650_000) == t("money.thousand", value="650")
        assert money_short(800) == "¥800"
    finally:
        set_language("en")
