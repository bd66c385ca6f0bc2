"""Meal plan and minutes forms (domain/meal_forms.py). "Now" is Thursday 2026-11-26 10:00."""

from __future__ import annotations

from datetime import date, datetime, time

from clientbook.domain.meal_forms import (
    OurDiner,
    is_guangdong,
    our_side,
    validate_minutes,
    validate_plan,
)
from clientbook.domain.meals.enums import Channel, MealPurpose, OurRole, ProjectPhase, VenueLevel
from clientbook.i18n import catalog
from conftest import NOW

GUESTS = [(1, "张伟"), (2, "王建国")]


def test_a_full_plan():
    raw = {"title": " 华为 · 二期 ", "when": "周五 18:30", "venue": "潮汕牛肉火锅", "cuisine": "潮汕菜",
           "private_room": "1", "venue_level": "upscale", "budget": "¥2,400", "purpose": "relationship",
           "phase": "near_close", "learn_mind": "0", "me": "1", "boss": "刘总", "colleagues": "小李、小王",
           "channel": "wechat", "deadline": "12-15"}
    data, errors = validate_plan(raw, GUESTS, NOW)
    assert errors == {}
    assert data.title == "华为 · 二期" and data.planned_at == datetime(2026, 11, 27, 18, 30)
    assert (data.venue_level, data.purpose, data.phase, data.channel) == (
        VenueLevel.UPSCALE, MealPurpose.RELATIONSHIP, ProjectPhase.NEAR_CLOSE, Channel.WECHAT)
    assert data.private_room and not data.learn_mind and data.budget == 2400
    assert data.deadline == date(2026, 12, 15)
    assert data.ours == [OurDiner("刘总", OurRole.BOSS), OurDiner("me", OurRole.ME),
                         OurDiner("小李", OurRole.COLLEAGUE), OurDiner("小王", OurRole.COLLEAGUE)]
    assert data.seats == 6


def test_a_plan_needs_a_time_a_guest_and_a_table_of_2_to_14():
    data, errors = validate_plan({"when": "周五"}, [], NOW)
    assert data is None
    assert errors["when"].key == "meal.error.no_time"
    assert errors["guests"].key == "meal.error.no_guest"
    _, errors = validate_plan({"when": ""}, GUESTS, NOW)
    assert errors["when"].key == "form.error.required"
    _, errors = validate_plan({"when": "someday soon"}, GUESTS, NOW)
    assert errors["when"].key == "log.error.date"
    _, errors = validate_plan({"when": "fri 12:00", "me": "0"}, GUESTS[:1], NOW)
    assert errors["guests"].key == "meal.error.seats"  # one guest alone is no table
    many = [(i, f"客{i}") for i in range(14)]
    _, errors = validate_plan({"when": "fri 12:00"}, many, NOW)
    assert errors["guests"].values["count"] == 15


def test_plan_errors_name_each_bad_field_and_defaults_fill_the_rest():
    raw = {"when": "fri 12:00", "budget": "lots", "deadline": "whenever", "purpose": "bribe", "title": "x" * 101}
    _, errors = validate_plan(raw, GUESTS, NOW)
    assert set(errors) == {"budget", "deadline", "purpose", "title"}
    data, errors = validate_plan({"when": "fri 12:00"}, GUESTS, NOW)
    assert errors == {}
    assert (data.purpose, data.venue_level, data.phase, data.channel, data.budget) == (
        MealPurpose.BUSINESS, VenueLevel.MID_RANGE, None, None, None)
    assert data.ours == [OurDiner("me", OurRole.ME)]


def test_a_guest_picked_twice_counts_once():
    data, _ = validate_plan({"when": "fri 12:00"}, GUESTS + [(1, "张伟")], NOW)
    assert data.guests == GUESTS


def test_our_side_puts_the_boss_first():
    assert our_side(False, "", "", "我") == []
    assert [d.role for d in our_side(True, "刘总", "小李, 小王", "我")] == [
        OurRole.BOSS, OurRole.ME, OurRole.COLLEAGUE, OurRole.COLLEAGUE]


def test_minutes_are_read_line_by_line():
    raw = {
        "discussed": "聊了二期\n和评审会",
        "agreements": "1. 二期按原价\n\n2、样品下周交\n- 交期四周",
        "actions": "我方：发报价单 周五\n对方/张伟：确认样品 下周一 15:00\n",
        "learned": "张伟：女儿明年高考\n• 王总: likes golf",
        "cost": "1,280", "next_step": "下周再约",
    }
    data, errors = validate_minutes(raw, [10, 11, 12], {10, 11}, NOW, {1: "4", 2: ""})
    assert errors == {}
    assert data.agreements == ["二期按原价", "样品下周交", "交期四周"]
    assert [(a.owner, a.who, a.what, a.due, a.due_time) for a in data.actions] == [
        ("us", "", "发报价单", date(2026, 11, 27), None),
        ("them", "张伟", "确认样品", date(2026, 11, 30), time(15)),
    ]
    assert data.learned == [("张伟", "女儿明年高考"), ("王总", "likes golf")]
    assert data.cost == 1280 and data.next_step == "下周再约" and data.levels == {1: 4}
    assert data.attended == [10, 11, 12]


def test_every_bad_line_is_named():
    raw = {"actions": "发报价单 周五\n我方：发报价单\n我方：周五", "learned": "女儿明年高考\n张伟：", "cost": "a lot"}
    data, errors = validate_minutes(raw, [], {1}, NOW, {1: "9"})
    assert data is None
    assert [e.key for e in errors["actions"]] == ["meals.action.no_owner", "meals.action.no_date",
                                                  "meals.action.no_text"]
    assert [e.key for e in errors["learned"]] == ["meals.learned.no_person", "meals.learned.no_fact"]
    assert [e.key for e in errors["attended"]] == ["meal.error.nobody_came"]
    assert [e.key for e in errors["cost"]] == ["form.error.number"]
    assert [e.key for e in errors["levels"]] == ["form.error.level"]
    for found in errors.values():
        for error in found:
            assert error.key in catalog()
            assert error.message("zh") and error.message("en")


def test_guangdong_by_city_or_cuisine():
    assert is_guangdong(["深圳"]) and is_guangdong(["", "Foshan"]) and is_guangdong([], "潮汕牛肉火锅")
    assert not is_guangdong(["北京"], "川菜") and not is_guangdong([])
