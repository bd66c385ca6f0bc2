"""Meal minutes as Markdown (domain §9, After): golden files in both languages.

To accept a deliberate change of the output: CLIENTBOOK_UPDATE_GOLDEN=1 pytest this file,
then read the diff of tests/golden/minutes_*.md.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from clientbook.domain.meals.minutes import ActionItem, MinutesFacts, minutes_markdown, parse_action_item, parse_learned
from conftest import NOW

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def full_minutes() -> MinutesFacts:
    return MinutesFacts(
        title="华为 · 明年扩产",
        venue="潮汕牛肉火锅（南山店）包间",
        when=datetime(2026, 11, 26, 18, 30),
        ours=["王总", "小李"],
        theirs=["杨帆", "吕薇"],
        discussed="明年深圳新工厂要上两条线。\n杨总希望我们提前准备方案。",
        agreements=["12月中旬前给出两条线的初步方案", "样品按原计划交付"],
        action_items=[
            parse_action_item("对方/吕薇：确认样品数量 下周一", NOW),
            ActionItem("us", "小李", "发报价单", date(2026, 11, 27)),
            ("us", "王总", "约杨总看现场", date(2026, 12, 8)),
            ActionItem("us", "", "整理会议纪要发给对方", None),
        ],
        learned=[parse_learned("杨帆：最近在学高尔夫"), ("吕薇", "孩子明年小升初")],
        cost=1280.0,
        next_step="下周五前完成方案初稿，约杨总二次沟通。",
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_minutes_golden(lang):
    text = minutes_markdown(full_minutes(), lang)
    path = GOLDEN / f"minutes_{lang}.md"
    if os.environ.get("CLIENTBOOK_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_empty_sections_are_left_out(lang):
    text = minutes_markdown(MinutesFacts(agreements=["", "  "], learned=[("张伟", " ")]), lang)
    assert text == ("# Meal minutes\n" if lang == "en" else "# 约饭纪要\n")
    only_agreed = minutes_markdown(MinutesFacts(title="t", agreements=["样品按原计划交付"]), lang)
    assert only_agreed.count("## ") == 1 and "1. 样品按原计划交付" in only_agreed
    assert "###" not in only_agreed and "- " not in only_agreed


def test_a_copy_for_the_client_leaves_out_cost_and_what_was_learned():
    shared = minutes_markdown(full_minutes(), "zh", include_private=False)
    assert "¥" not in shared and "高尔夫" not in shared and "了解到的信息" not in shared
    assert "发报价单" in shared and "达成共识" in shared


def test_their_items_and_ours_are_grouped_and_dated():
    text = minutes_markdown(full_minutes(), "en")
    ours = text.index("### Our promises")
    theirs = text.index("### Their side will")
    assert ours < theirs
    assert text.index("小李: 发报价单 (by 2026-11-27 Fri)") < text.index("王总: 约杨总看现场") < theirs
    assert text.index("整理会议纪要发给对方") < theirs < text.index("吕薇: 确认样品数量 (by 2026-11-30 Mon)")
