"""Amounts of money: one reading for the meal, gift and interaction forms."""

from __future__ import annotations

from datetime import datetime

import pytest

from clientbook.domain.interactions import validate_log
from clientbook.domain.money import parse_money


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
