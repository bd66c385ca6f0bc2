"""Occasions, gift policy, reminders, shopping lists and the gift log (clientbook.domain.gifts)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gifts.occasions import (
    BIRTHDAY_LEAD_DAYS,
    BUILTIN_OCCASIONS,
    Occasion,
    birthday_occasion,
    builtin_occasion,
    format_occasion_date,
    next_occurrence,
    occurrences,
)
from clientbook.domain.gifts.policy import (
    BUDGET_RANGES,
    BudgetTier,
    PolicyRule,
    Treatment,
    decide,
    default_policy,
    policy_from_rules,
    policy_key,
    policy_rules,
)
from clientbook.domain.gifts.reminders import (
    PersonFacts,
    ReminderGroup,
    ReminderItem,
    due_reminders,
    next_everyday_gift,
    rng_for,
)
from clientbook.domain.gifts.shopping import (
    normalise_gift,
    same_gift_warning,
    shopping_list,
    shopping_text,
    spend_by_company_year,
)
from clientbook.domain.lunar import (
    Birthday,
    birthday_in_year,
    festival_date,
    lunar_to_solar,
    month_length,
    solar_to_lunar,
)

D = date.fromisoformat
A, B, C, DG = Grade.A, Grade.B, Grade.C, Grade.D
BOSS, MGR, STAFF, CLERK = Position.BOSS, Position.MANAGER, Position.STAFF, Position.CLERK
G, W, N = Treatment.GIFT, Treatment.GREETING, Treatment.NONE
SMALL, STD, PREM, SPEC = BudgetTier.SMALL, BudgetTier.STANDARD, BudgetTier.PREMIUM, BudgetTier.SPECIAL

# ---------------------------------------------------------------------------------------
# Occasions and their dates


@pytest.mark.parametrize("key", ["spring_festival", "mid_autumn", "dragon_boat", "lantern", "double_ninth"])
def test_lunar_festival_occurrences_2020_2035_are_festival_date(key):
    found = occurrences(builtin_occasion(key), D("2020-01-01"), D("2035-12-31"))
    assert found == [festival_date(key, y) for y in range(2020, 2036)]


def test_published_dates_come_through():
    mid_autumn = occurrences(builtin_occasion("mid_autumn"), D("2026-01-01"), D("2027-12-31"))
    assert mid_autumn == [D("2026-09-25"), D("2027-09-15")]
    spring = occurrences(builtin_occasion("spring_festival"), D("2025-01-01"), D("2026-12-31"))
    assert spring == [D("2025-01-29"), D("2026-02-17")]


def test_new_years_eve_is_the_day_before_spring_festival():
    eves = occurrences(builtin_occasion("new_years_eve"), D("2020-01-01"), D("2035-12-31"))
    springs = occurrences(builtin_occasion("spring_festival"), D("2020-01-01"), D("2035-12-31"))
    assert len(eves) == len(springs) == 16
    assert all(eve == spring - timedelta(days=1) for eve, spring in zip(eves, springs))
    assert eves[5] == D("2025-01-28")  # 腊月廿九: no 大年三十 in 2025


def test_solar_festivals():
    assert occurrences(builtin_occasion("national_day"), D("2026-01-01"), D("2027-12-31")) == [
        D("2026-10-01"), D("2027-10-01"),
    ]  # fmt: skip
    assert occurrences(builtin_occasion("teachers_day"), D("2026-09-10"), D("2026-09-10")) == [D("2026-09-10")]
    assert occurrences(builtin_occasion("new_year"), D("2026-01-02"), D("2026-12-31")) == []


def test_builtins_lead_days_and_defaults():
    lead = {o.key: o.lead_days for o in BUILTIN_OCCASIONS}
    assert lead["spring_festival"] == 21 and lead["mid_autumn"] == 21 and lead["dragon_boat"] == 7
    for key in ("new_year", "new_years_eve", "lantern", "labour_day", "teachers_day", "national_day"):
        assert lead[key] == 0
    assert BIRTHDAY_LEAD_DAYS == 3
    enabled = {o.key: o.enabled for o in BUILTIN_OCCASIONS}
    assert enabled["double_ninth"] is False
    assert all(v for k, v in enabled.items() if k != "double_ninth")
    calendars = {o.key: o.calendar for o in BUILTIN_OCCASIONS}
    assert calendars["mid_autumn"] == "lunar" and calendars["national_day"] == "solar"


def test_lunar_custom_occasion_in_a_leap_month():
    """A company founded in 闰六月 (lunar 2025 has one): the leap month when the year has it,
    else the regular sixth month; a regular-month date never moves into the leap month."""
    leap_anniversary = Occasion("custom:1", "公司周年", "lunar", 6, 10, leap=True, year=2025)
    found = occurrences(leap_anniversary, D("2025-01-01"), D("2028-12-31"))
    assert found == [
        lunar_to_solar(2025, 6, 10, leap=True),  # 2025-08-03
        lunar_to_solar(2026, 6, 10),
        lunar_to_solar(2027, 6, 10),
        lunar_to_solar(2028, 6, 10),  # 2028's leap month is the fifth, not the sixth
    ]
    assert found[0] == D("2025-08-03")
    regular = Occasion("custom:2", "x", "lunar", 6, 10)
    assert occurrences(regular, D("2025-01-01"), D("2025-12-31")) == [D("2025-07-04")]
    for d in found:
        assert d == birthday_in_year(Birthday("lunar", 6, 10, leap=True), solar_to_lunar(d)[0])


def test_lunar_custom_occasion_on_day_30():
    """二月三十: day 29 in years whose second month has 29 days (2025, 2026), day 30 otherwise."""
    occasion = Occasion("custom:3", "开业纪念", "lunar", 2, 30)
    found = occurrences(occasion, D("2024-01-01"), D("2027-12-31"))
    assert month_length(2025, 2) == 29 and month_length(2024, 2) == 30
    assert found == [
        lunar_to_solar(2024, 2, 30),
        lunar_to_solar(2025, 2, 29),
        lunar_to_solar(2026, 2, 29),
        lunar_to_solar(2027, 2, 30),
    ]


def test_lunar_occasion_late_in_the_twelfth_month_falls_in_the_next_solar_year():
    occasion = Occasion("custom:4", "尾牙", "lunar", 12, 16)
    found = occurrences(occasion, D("2026-01-01"), D("2026-12-31"))
    assert found == [lunar_to_solar(2025, 12, 16)]  # lunar 2025's 腊月十六 is in January 2026
    assert found[0].year == 2026


def test_one_off_and_first_year():
    one_off = Occasion("custom:5", "签约仪式", "solar", 11, 3, yearly=False, year=2026)
    assert occurrences(one_off, D("2020-01-01"), D("2030-12-31")) == [D("2026-11-03")]
    assert next_occurrence(one_off, D("2026-11-04")) is None
    lunar_once = Occasion("custom:6", "乔迁", "lunar", 8, 15, yearly=False, year=2027)
    assert occurrences(lunar_once, D("2020-01-01"), D("2030-12-31")) == [D("2027-09-15")]
    since = Occasion("custom:7", "周年", "solar", 3, 1, year=2027)
    assert occurrences(since, D("2025-01-01"), D("2028-12-31")) == [D("2027-03-01"), D("2028-03-01")]


def test_solar_29_february_yearly():
    occasion = Occasion("custom:8", "x", "solar", 2, 29)
    assert occurrences(occasion, D("2027-01-01"), D("2028-12-31")) == [D("2027-02-28"), D("2028-02-29")]
    with pytest.raises(ValueError):
        Occasion("custom:9", "x", "solar", 2, 29, yearly=False, year=2027)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(key="custom:1", name="x", calendar="julian", month=1, day=1),
        dict(key="custom:1", name="x", calendar="solar", month=13, day=1),
        dict(key="custom:1", name="x", calendar="solar", month=4, day=31),
        dict(key="custom:1", name="x", calendar="lunar", month=4, day=31),
        dict(key="custom:1", name="x", calendar="solar", month=4, day=1, leap=True),
        dict(key="custom:1", name="x", calendar="solar", month=4, day=1, yearly=False),
        dict(key="custom:1", name="x", calendar="solar", month=4, day=1, lead_days=-1),
        dict(key="x", name="x", calendar="solar", month=4, day=1),
        dict(key="christmas", name="", calendar="solar", month=12, day=25, kind="festival"),
        dict(key="custom:1", name="x", calendar="solar", month=4, day=1, kind="birthday"),
    ],
)
def test_occasion_validation(kwargs):
    with pytest.raises(ValueError):
        Occasion(**kwargs)


def test_next_occurrence_matches_lunar_next_birthday():
    from clientbook.domain.lunar import next_birthday

    b = Birthday("lunar", 6, 30, leap=True)
    occasion = birthday_occasion(1, b, "张三")
    day = D("2024-01-01")
    while day < D("2030-01-01"):
        assert next_occurrence(occasion, day) == next_birthday(b, day)
        day += timedelta(days=37)


def test_format_occasion_date():
    mid = builtin_occasion("mid_autumn")
    assert format_occasion_date(D("2026-09-25"), mid, "zh") == "9月25日 · 八月十五"
    assert format_occasion_date(D("2026-09-25"), mid, "en") == "Sep 25 · lunar 8/15"
    national = builtin_occasion("national_day")
    assert format_occasion_date(D("2026-10-01"), national, "zh") == "10月1日"
    assert format_occasion_date(D("2026-10-01"), national, "en") == "Oct 1"
    leap = Occasion("custom:1", "x", "lunar", 6, 10, leap=True)
    assert format_occasion_date(D("2025-08-03"), leap, "zh") == "8月3日 · 闰六月初十"
    assert format_occasion_date(D("2025-08-03"), leap, "en") == "Aug 3 · lunar leap 6/10"


def test_occasion_names():
    assert builtin_occasion("mid_autumn").display_name("zh") == "中秋节"
    assert builtin_occasion("new_years_eve").display_name("zh") == "除夕"
    bd = birthday_occasion(12, Birthday("solar", 4, 17), "张三")
    assert bd.key == "birthday:12" and bd.contact_id == 12 and bd.kind == "birthday"
    assert bd.display_name("zh") == "张三生日"
    assert bd.display_name("en") == "张三's birthday"
    assert Occasion("custom:1", "公司周年", "solar", 1, 2).display_name("en") == "公司周年"


# ---------------------------------------------------------------------------------------
# Policy

MID_AUTUMN_TABLE = {
    A: [(G, SPEC), (G, PREM), (G, STD), (G, SMALL)],
    B: [(G, PREM), (G, STD), (G, SMALL), (G, SMALL)],
    C: [(G, STD), (G, SMALL), (W, None), (W, None)],
    DG: [(W, None), (W, None), (N, None), (N, None)],
}
SPRING_TABLE = {
    A: [(G, SPEC), (G, PREM), (W, None), (W, None)],
    B: [(G, STD), (G, STD), (W, None), (W, None)],
    C: [(W, None)] * 4,
    DG: [(W, None)] * 4,
}
BIRTHDAY_TABLE = {
    A: [(G, SPEC), (G, SPEC), (W, None), (W, None)],
    B: [(G, SPEC), (W, None), (W, None), (W, None)],
    C: [(W, None)] * 4,
    DG: [(W, None)] * 4,
}
OTHER_TABLE = {
    A: [(W, None), (W, None), (N, None), (N, None)],
    B: [(W, None), (W, None), (N, None), (N, None)],
    C: [(N, None)] * 4,
    DG: [(N, None)] * 4,
}
POSITIONS = [BOSS, MGR, STAFF, CLERK]


def _cases(key, table):
    return [(key, g, p, table[g][i]) for g in table for i, p in enumerate(POSITIONS)]


@pytest.mark.parametrize(
    ("key", "grade", "position", "expected"),
    _cases("mid_autumn", MID_AUTUMN_TABLE)
    + _cases("spring_festival", SPRING_TABLE)
    + _cases("birthday:42", BIRTHDAY_TABLE)
    + _cases("dragon_boat", OTHER_TABLE)
    + _cases("national_day", OTHER_TABLE)
    + _cases("new_years_eve", OTHER_TABLE)
    + _cases("custom:7", OTHER_TABLE),
)
def test_default_policy_table(key, grade, position, expected):
    assert decide(default_policy(), key, grade, position) == expected


def test_mid_autumn_is_wider_than_spring_festival():
    policy = default_policy()
    gifts = {
        key: {(g, p) for g in Grade for p in Position if decide(policy, key, g, p)[0] is G}
        for key in ("mid_autumn", "spring_festival")
    }
    assert gifts["spring_festival"] < gifts["mid_autumn"]


def test_policy_fallbacks():
    policy = default_policy()
    # unknown grade counts as C, unknown position as staff
    assert decide(policy, "mid_autumn", None, BOSS) == decide(policy, "mid_autumn", C, BOSS) == (G, STD)
    assert decide(policy, "mid_autumn", "", MGR) == (G, SMALL)
    assert decide(policy, "mid_autumn", "Z", MGR) == (G, SMALL)
    assert decide(policy, "mid_autumn", A, None) == decide(policy, "mid_autumn", A, STAFF) == (G, STD)
    assert decide(policy, "mid_autumn", A, "janitor") == (G, STD)
    # strings as stored
    assert decide(policy, "spring_festival", "a", "boss") == (G, SPEC)
    # an occasion without rows of its own takes the catch-all "*"
    assert decide(policy, "some_new_festival", A, BOSS) == (W, None)
    assert decide(policy, "some_new_festival", A, CLERK) == (N, None)
    # an empty policy gives nothing
    assert decide({}, "mid_autumn", A, BOSS) == (N, None)
    assert policy_key("birthday:12") == "birthday" and policy_key("custom:3") == "custom"
    assert policy_key("mid_autumn") == "mid_autumn"


def test_policy_rules_round_trip_and_overrides():
    policy = default_policy()
    assert policy_from_rules(policy_rules(policy)) == policy
    # a rule for one contact's birthday wins over the birthday rows
    custom = policy_from_rules([PolicyRule("birthday:12", C, STAFF, G, SMALL)], policy)
    assert decide(custom, "birthday:12", C, STAFF) == (G, SMALL)
    assert decide(custom, "birthday:13", C, STAFF) == (W, None)
    with pytest.raises(ValueError):
        PolicyRule("mid_autumn", A, BOSS, G, None)
    with pytest.raises(ValueError):
        PolicyRule("mid_autumn", A, BOSS, W, SMALL)


def test_budget_ranges_rise_with_the_tier():
    ranges = [BUDGET_RANGES[tier] for tier in BudgetTier]
    assert all(low < high for low, high in ranges)
    assert all(a[1] <= b[0] for a, b in zip(ranges, ranges[1:]))
    assert SPEC.label("zh") == "特别" and G.label("en") == "gift"


# ---------------------------------------------------------------------------------------
# Reminders

PEOPLE = [
    PersonFacts(1, "王总", "华为", A, BOSS),
    PersonFacts(2, "李经理", "华为", A, MGR),
    PersonFacts(3, "小张", "华为", A, CLERK),
    PersonFacts(4, "赵总", "中兴", B, BOSS),
    PersonFacts(5, "钱工", "中兴", B, STAFF),
    PersonFacts(6, "孙总", "小厂", C, BOSS),
    PersonFacts(7, "周工", "小厂", C, STAFF),
    PersonFacts(8, "吴总", "将淘汰", DG, BOSS),
    PersonFacts(9, "郑工", "将淘汰", DG, STAFF),
    PersonFacts(10, "无名", None, None, None),  # unknown grade and position: C staff
]


def _by_key(groups):
    return {g.occasion.key: g for g in groups}


def test_mid_autumn_reminder_opens_21_days_before():
    groups = due_reminders(BUILTIN_OCCASIONS, PEOPLE, default_policy(), D("2026-09-04"))
    group = _by_key(groups)["mid_autumn"]
    assert group.date == D("2026-09-25") and group.days_left == 21
    assert group.lunar == (8, 15, False)
    assert group.lunar_text("zh") == "八月十五"
    assert group.date_text("en") == "Sep 25 · lunar 8/15"
    got = {i.contact_id: (i.treatment, i.budget_tier) for i in group.items}
    assert got == {
        1: (G, SPEC), 2: (G, PREM), 3: (G, SMALL), 4: (G, PREM), 5: (G, SMALL),
        6: (G, STD), 7: (W, None), 8: (W, None), 10: (W, None),
    }  # fmt: skip  -- 郑工 (D staff) gets nothing
    # gifts first, the biggest first
    assert group.items[0].contact_id == 1 and group.items[-1].treatment is W
    tiers = [i.budget_tier.rank if i.budget_tier else -1 for i in group.items]
    assert tiers == sorted(tiers, reverse=True)


def test_mid_autumn_reminder_not_yet_one_day_before_the_window():
    groups = due_reminders(BUILTIN_OCCASIONS, PEOPLE, default_policy(), D("2026-09-03"))
    assert "mid_autumn" not in _by_key(groups)


def test_reminder_stays_until_the_day_and_goes_after():
    policy = default_policy()
    on_the_day = _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, policy, D("2026-09-25")))
    assert on_the_day["mid_autumn"].days_left == 0
    after = _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, policy, D("2026-09-26")))
    assert "mid_autumn" not in after


def test_greeting_only_occasions_are_due_on_the_day():
    policy = default_policy()
    before = _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, policy, D("2026-09-09")))
    assert "teachers_day" not in before
    on = _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, policy, D("2026-09-10")))
    assert {i.contact_id for i in on["teachers_day"].items} == {1, 2, 4}  # A/B bosses, managers
    assert all(i.treatment is W for i in on["teachers_day"].items)
    assert on["teachers_day"].lunar is None and on["teachers_day"].lunar_text("en") is None


def test_disabled_occasions_never_remind():
    day = festival_date("double_ninth", 2026)
    groups = due_reminders(BUILTIN_OCCASIONS, PEOPLE, default_policy(), day)
    assert "double_ninth" not in _by_key(groups)
    enabled = [Occasion("double_ninth", "", "lunar", 9, 9, kind="festival")]
    assert "double_ninth" in _by_key(due_reminders(enabled, PEOPLE, default_policy(), day))


def test_done_and_snoozed_people_drop_out():
    policy = default_policy()
    today = D("2026-09-04")
    done = {("mid_autumn", 2026, 1), ("mid_autumn", 2025, 2)}  # last year's does not count
    snoozed = {("mid_autumn", 2026, 4): D("2026-09-10")}
    group = _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, policy, today, done, snoozed))["mid_autumn"]
    ids = {i.contact_id for i in group.items}
    assert 1 not in ids and 4 not in ids and 2 in ids
    later = _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, policy, D("2026-09-10"), done, snoozed))
    assert 4 in {i.contact_id for i in later["mid_autumn"].items}
    # everyone done: the group disappears
    all_done = {("mid_autumn", 2026, p.contact_id) for p in PEOPLE}
    assert "mid_autumn" not in _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, policy, today, all_done))


def test_groups_are_sorted_by_date():
    # 2026-09-20: 国庆 (lead 0) not yet; 中秋 2026-09-25; birthdays on 09-21 and 09-23
    people = PEOPLE + [
        PersonFacts(20, "甲", "华为", A, BOSS, Birthday("solar", 9, 23)),
        PersonFacts(21, "乙", "华为", A, STAFF, Birthday("solar", 9, 21)),
    ]
    groups = due_reminders(BUILTIN_OCCASIONS, people, default_policy(), D("2026-09-20"))
    assert [g.date for g in groups] == sorted(g.date for g in groups)
    assert [g.occasion.key for g in groups] == ["birthday:21", "birthday:20", "mid_autumn"]


def _birthday_groups(people, today):
    return [g for g in due_reminders([], people, default_policy(), today) if g.occasion.kind == "birthday"]


def test_lunar_birthday_three_days_ahead():
    person = PersonFacts(30, "陈总", "华为", A, BOSS, Birthday("lunar", 3, 8))  # 2027-04-14
    assert _birthday_groups([person], D("2027-04-10")) == []
    (group,) = _birthday_groups([person], D("2027-04-11"))
    assert group.date == D("2027-04-14") and group.days_left == 3
    assert group.occasion.key == "birthday:30" and group.lunar == (3, 8, False)
    assert group.date_text("zh") == "4月14日 · 三月初八"
    assert group.items == [ReminderItem(30, "陈总", "华为", G, SPEC)]
    (on_the_day,) = _birthday_groups([person], D("2027-04-14"))
    assert on_the_day.days_left == 0
    assert _birthday_groups([person], D("2027-04-15")) == []


def test_solar_29_february_birthday():
    person = PersonFacts(31, "林工", "小厂", C, STAFF, Birthday("solar", 2, 29, 1992))
    assert _birthday_groups([person], D("2027-02-24")) == []
    (group,) = _birthday_groups([person], D("2027-02-25"))
    assert group.date == D("2027-02-28") and group.days_left == 3
    assert group.items[0].treatment is W and group.lunar is None
    (leap_year,) = _birthday_groups([person], D("2028-02-26"))
    assert leap_year.date == D("2028-02-29")


def test_birthdays_are_one_group_per_person():
    people = [
        PersonFacts(40, "甲", "华为", A, BOSS, Birthday("solar", 5, 20)),
        PersonFacts(41, "乙", "中兴", C, CLERK, Birthday("solar", 5, 20)),
        PersonFacts(42, "丙", "中兴", C, CLERK, None),
    ]
    groups = _birthday_groups(people, D("2027-05-18"))
    assert [(g.occasion.key, [i.contact_id for i in g.items]) for g in groups] == [
        ("birthday:40", [40]), ("birthday:41", [41]),
    ]  # fmt: skip
    done = {("birthday:40", 2027, 40)}
    left = due_reminders([], people, default_policy(), D("2027-05-18"), done)
    assert [g.occasion.key for g in left] == ["birthday:41"]


def test_birthday_lead_and_explicit_birthday_occasions():
    person = PersonFacts(50, "甲", "华为", A, BOSS, Birthday("solar", 5, 20))
    policy = default_policy()
    assert due_reminders([], [person], policy, D("2027-05-13"), birthday_lead_days=7)
    assert not due_reminders([], [person], policy, D("2027-05-13"))
    off = Occasion("birthday:50", "甲", "solar", 5, 20, kind="birthday", lead_days=3, enabled=False)
    assert due_reminders([off], [person], policy, D("2027-05-19")) == []
    longer = Occasion("birthday:50", "甲", "solar", 5, 20, kind="birthday", lead_days=10)
    (group,) = due_reminders([longer], [person], policy, D("2027-05-10"))
    assert group.days_left == 10


def test_a_group_nobody_is_due_is_left_out():
    people = [PersonFacts(60, "郑工", "将淘汰", DG, STAFF)]
    assert due_reminders(BUILTIN_OCCASIONS, people, default_policy(), D("2026-09-10")) == []


# ---------------------------------------------------------------------------------------
# Shopping list


def _group(items, key="mid_autumn"):
    return ReminderGroup(builtin_occasion(key), D("2026-09-25"), 21, (8, 15, False), items)


def _items(spec):
    out, n = [], 0
    for count, treatment, tier in spec:
        for _ in range(count):
            n += 1
            out.append(ReminderItem(n, f"p{n}", "c", treatment, tier))
    return out


def test_shopping_list_counts_and_text():
    items = _items([(10, G, SMALL), (6, G, STD), (2, G, PREM), (5, G, SPEC), (4, W, None)])
    shopping = shopping_list(_group(items))
    assert shopping.count == 23
    assert shopping.by_tier == {SMALL: 10, STD: 6, PREM: 2, SPEC: 5}
    assert shopping.ordinary == 18 and shopping.special == 5 and shopping.greetings == 4
    assert shopping.suggestion == "mooncakes"
    low = 10 * 50 + 6 * 150 + 2 * 400 + 5 * 1000
    high = 10 * 150 + 6 * 400 + 2 * 1000 + 5 * 2000
    assert (shopping.budget_low, shopping.budget_high) == (low, high) == (7200, 15900)
    assert shopping_text(shopping, "中秋节", "zh") == (
        "中秋节：23 人 — 18 盒月饼，5 份特别礼物，预算 ¥7,200–15,900；另需问候 4 人"
    )
    assert shopping_text(shopping, "Mid-Autumn Festival", "en") == (
        "Mid-Autumn Festival: 23 people — 18 × box of mooncakes, 5 × special gift, "
        "budget ¥7,200–15,900; greetings to send: 4"
    )


def test_shopping_list_from_real_reminders_and_other_occasions():
    groups = _by_key(due_reminders(BUILTIN_OCCASIONS, PEOPLE, default_policy(), D("2026-09-04")))
    shopping = shopping_list(groups["mid_autumn"])
    assert shopping.count == 6 and shopping.greetings == 3
    spring = shopping_list(_group(_items([(3, G, STD)]), "spring_festival"))
    assert spring.suggestion == "new_year_gifts"
    assert shopping_text(spring, "春节", "zh") == "春节：3 人 — 3 份年货礼盒，预算 ¥450–1,200"
    one = shopping_list(_group(_items([(1, G, SPEC)]), "national_day"))
    assert shopping_text(one, "张三's birthday", "en") == "张三's birthday: 1 person — 1 × special gift, budget ¥1,000–2,000"
    none = shopping_list(_group(_items([(2, W, None)]), "teachers_day"))
    assert none.count == 0 and none.by_tier == {} and (none.budget_low, none.budget_high) == (0, 0)
    assert shopping_text(none, "教师节", "zh") == "教师节：无需购买礼品；另需问候 2 人"
    assert shopping_text(none, "Teachers' Day", "en") == "Teachers' Day: no gifts to buy; greetings to send: 2"
    zongzi = shopping_list(_group(_items([(2, G, SMALL)]), "dragon_boat"))
    assert shopping_text(zongzi, "端午节", "zh") == "端午节：2 人 — 2 盒粽子，预算 ¥100–300"


# ---------------------------------------------------------------------------------------
# Gift log

PAST = [
    ("Moutai 飞天 53°", D("2024-02-05"), "spring_festival"),
    ("月饼礼盒", D("2025-09-20"), "mid_autumn"),
    ("茶叶", D("2023-05-01"), None),
    ("茶叶", D("2025-05-01"), "birthday:3"),
]


@pytest.mark.parametrize(
    "new", ["moutai飞天53", "ＭＯＵＴＡＩ 飞天 ５３°", "  Moutai-飞天，53 ", "MOUTAI 飞天 53°"]
)
def test_same_gift_warning_normalises(new):
    assert same_gift_warning(new, PAST, "zh") == "已于 2024-02-05（春节）送过“Moutai 飞天 53°”"
    assert same_gift_warning(new, PAST, "en") == "Already given “Moutai 飞天 53°” on 2024-02-05 (Spring Festival)"


def test_same_gift_warning_other_cases():
    assert same_gift_warning("月饼 礼盒！", PAST, "zh") == "已于 2025-09-20（中秋节）送过“月饼礼盒”"
    # the latest one is named
    assert same_gift_warning("茶叶", PAST, "en") == "Already given “茶叶” on 2025-05-01 (birthday)"
    assert same_gift_warning("茶叶", PAST[:3], "en") == "Already given “茶叶” on 2023-05-01"
    past = [("红酒", D("2025-01-01"), "公司周年")]
    assert same_gift_warning("红 酒", past, "zh") == "已于 2025-01-01（公司周年）送过“红酒”"
    assert same_gift_warning("茶具", PAST) is None
    assert same_gift_warning("  ！ ", PAST) is None
    assert same_gift_warning("x", []) is None
    assert normalise_gift("Ａ Ｂ-c") == "abc"


def test_spend_by_company_and_year():
    gifts = [
        ("华为", D("2025-09-20"), 300),
        ("华为 ", D("2025-02-01"), 1200.5),
        ("华为", D("2026-01-20"), 800),
        ("中兴", D("2025-09-20"), 250),
        ("中兴", D("2025-10-01"), None),
        (None, D("2025-03-01"), 50),
    ]
    assert spend_by_company_year(gifts) == {
        (None, 2025): 50.0,
        ("中兴", 2025): 250.0,
        ("华为", 2025): 1500.5,
        ("华为", 2026): 800.0,
    }
    assert spend_by_company_year([]) == {}


# ---------------------------------------------------------------------------------------
# Everyday small gifts, never on a learnable pattern


@settings(max_examples=200, deadline=None)
@given(
    last=st.dates(min_value=D("2000-01-01"), max_value=D("2090-12-31")),
    low=st.integers(1, 120),
    width=st.integers(0, 120),
    contact=st.integers(1, 10**6),
    secret=st.integers(0, 2**63),
)
def test_everyday_gift_is_always_inside_the_range(last, low, width, contact, secret):
    high = low + width
    nxt = next_everyday_gift(last, low, high, rng_for(contact, last, secret))
    assert last + timedelta(days=low) <= nxt <= last + timedelta(days=high)


def test_everyday_gift_dates_differ_between_contacts():
    last = D("2026-06-01")
    dates = [next_everyday_gift(last, 30, 90, rng_for(cid, last, 12345)) for cid in range(1, 51)]
    assert len(set(dates)) >= 25  # 50 draws over 61 days
    assert max(dates) - min(dates) >= timedelta(days=30)


def test_everyday_gift_redraws_after_each_gift():
    last, gaps = D("2026-01-01"), []
    for _ in range(20):
        nxt = next_everyday_gift(last, 20, 60, rng_for(7, last, 99))
        gaps.append((nxt - last).days)
        last = nxt
    assert all(20 <= g <= 60 for g in gaps)
    assert len(set(gaps)) >= 8  # no fixed rhythm
    # the same inputs give the same date (stable between runs); another secret, another date
    same = [next_everyday_gift(D("2026-01-01"), 20, 60, rng_for(7, D("2026-01-01"), 99)) for _ in range(3)]
    assert len(set(same)) == 1
    others = {next_everyday_gift(D("2026-01-01"), 1, 1000, rng_for(7, D("2026-01-01"), s)) for s in range(10)}
    assert len(others) > 5


def test_everyday_gift_uses_the_whole_range():
    rng = random.Random(1)
    seen = {next_everyday_gift(D("2026-01-01"), 3, 7, rng) for _ in range(300)}
    assert seen == {D("2026-01-01") + timedelta(days=n) for n in range(3, 8)}


@pytest.mark.parametrize(("low", "high"), [(0, 5), (-1, 5), (5, 4), (5, 0), (1.5, 3), (True, 3)])
def test_everyday_gift_validates_the_range(low, high):
    with pytest.raises(ValueError):
        next_everyday_gift(D("2026-01-01"), low, high, random.Random(0))
