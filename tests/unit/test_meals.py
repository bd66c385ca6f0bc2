"""Meals with clients (domain §9): domain/meals.py. "Now" is Thursday 2026-11-26 10:00."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from clientbook.domain.enums import Grade, Position
from clientbook.domain.meals.checks import (
    MEAL_MESSAGE_KEYS,
    GuestFacts,
    MealPlanFacts,
    MealWarning,
    Warning,
    budget_range,
    check_plan,
    safe_topics,
    topics_to_avoid,
)
from clientbook.domain.meals.dishes import DishPlan, suggest_dishes
from clientbook.domain.meals.enums import (
    Channel,
    InviteStatus,
    MealPurpose,
    OurRole,
    ProjectPhase,
    Severity,
    Side,
    VenueLevel,
)
from clientbook.domain.meals.minutes import ActionItem, parse_action_item, parse_learned
from clientbook.domain.meals.seating import (
    MAX_SEATS,
    Diner,
    Seating,
    guest_rank,
    our_rank,
    guess_principals,
    guest_at_serving_seat,
    hand_notes,
    seat_table,
    serving_seat,
    swap,
)
from clientbook.domain.text import FieldError
from clientbook.i18n import catalog, t
from clientbook.ui.widgets.round_table import render_round_table
from conftest import NOW

FAST = settings(max_examples=200, deadline=None)
SIZES = range(2, MAX_SEATS + 1)


# ---------------------------------------------------------------- helpers


def boss(name: str = "王总") -> Diner:
    return Diner(name, Side.OURS, our_rank(OurRole.BOSS), role=OurRole.BOSS)


def me(name: str = "小李") -> Diner:
    return Diner(name, Side.OURS, our_rank(OurRole.ME), role=OurRole.ME)


def colleague(name: str) -> Diner:
    return Diner(name, Side.OURS, our_rank(OurRole.COLLEAGUE), role=OurRole.COLLEAGUE)


def guest(name: str, rank: int, honour: bool = False, of: str | None = None) -> Diner:
    return Diner(name, Side.GUEST, rank, is_guest_of_honour=honour, spouse_or_assistant_of=of)


def party(n: int, with_boss: bool, colleagues: int = 0) -> tuple[list[Diner], list[Diner]]:
    """(diners in a scrambled order, guests in order of precedence). The guest of honour is
    deliberately not the most senior by rank."""
    ours = [boss(), me()] if with_boss and n >= 3 else [boss()] if with_boss else [me()]
    ours += [colleague(f"同事{i}") for i in range(min(colleagues, n - len(ours) - 1))]
    count = n - len(ours)
    honour = guest("主宾", 30, honour=True)
    others = [guest(f"客{i}", 10 + i) for i in range(count - 1)]
    diners = others[::-1] + ours + [honour]  # input order must not matter
    return diners, [honour] + others


def seated_once(seating: Seating, diners: list[Diner]) -> bool:
    return sorted(map(id, seating.seats)) == sorted(map(id, diners)) and len(seating.seats) == len(diners)


def adjacent(i: int, j: int, n: int) -> bool:
    return (i - j) % n in (1, n - 1)


# ---------------------------------------------------------------- vocabulary


def test_enums_have_labels_in_both_languages():
    for enum in (MealPurpose, ProjectPhase, Channel, InviteStatus, VenueLevel, Side, OurRole, Severity):
        for member in enum:
            en, zh = member.label("en"), member.label("zh")
            assert en and zh and en != zh and not en.startswith("meals."), member
    assert ProjectPhase("near_close") is ProjectPhase.NEAR_CLOSE
    assert [c.value for c in Channel] == ["phone", "email", "wechat", "in_person"]
    assert [s.value for s in InviteStatus] == ["to_invite", "invited", "accepted", "declined"]


def test_every_runtime_key_and_note_is_in_the_catalog():
    messages = catalog()
    notes = ["meals.seat.note." + k for k in
             ("boss_hosts", "boss_hosts_rep", "rep_hosts", "no_host", "no_guest_of_honour",
              "serving_moved", "companion_apart", "colleague_serving", "no_serving_seat", "guest_serving", "honour_elsewhere")]
    assert [k for k in MEAL_MESSAGE_KEYS + notes if k not in messages] == []


def test_ranks():
    assert our_rank(OurRole.BOSS) == 0 < our_rank(OurRole.COLLEAGUE) == 3 < our_rank(OurRole.ME) == 5
    assert guest_rank(Position.BOSS, 0) < guest_rank(Position.MANAGER, 6) < guest_rank("staff", 3)
    assert guest_rank("clerk", 6) < guest_rank(None, 6)
    assert guest_rank(Position.MANAGER, 5) < guest_rank(Position.MANAGER, 1)  # closer first within a tier


# ---------------------------------------------------------------- seating


def test_serving_seat_is_opposite_the_host():
    assert [serving_seat(n) for n in SIZES] == [None, None] + [n // 2 for n in range(4, MAX_SEATS + 1)]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("with_boss", [False, True])
@pytest.mark.parametrize("colleagues", [0, 2])
def test_seat_table_for_every_size(n, with_boss, colleagues):
    diners, guests = party(n, with_boss, colleagues)
    seating = seat_table(diners)
    assert seated_once(seating, diners)
    assert seating.host_index == 0
    host = seating.seats[0]
    server = [d for d in diners if d.side == Side.OURS and d is not host]
    assert seating.serving_index == (serving_seat(n) if server else None)
    if seating.serving_index is not None:                # never a guest's: the most junior of ours
        at_serving = seating.seats[seating.serving_index]
        assert at_serving in server and at_serving.rank == max(d.rank for d in server)
    assert host.role == (OurRole.BOSS if with_boss else OurRole.ME)
    assert seating.seats[1] is guests[0]                 # guest of honour at the host's right
    if len(guests) >= 2:
        assert seating.seats[-1] is guests[1]            # second guest at the host's left
    rep = next((d for d in diners if d.role == OurRole.ME), None)
    if with_boss and rep is not None and n >= 4:
        assert seating.seats[seating.serving_index] is rep
        assert "meals.seat.note.boss_hosts_rep" in seating.notes
    assert "meals.seat.note.companion_apart" not in seating.notes


def test_guests_take_precedence_seats_by_rank_alternating_outward():
    diners = [me()] + [guest(f"g{i}", 10 + i) for i in range(5)]
    diners[3].is_guest_of_honour = True  # g2 is honoured although g0 and g1 outrank him
    seating = seat_table(diners)
    names = [d.name for d in seating.seats]
    # host, right 1, right 2, ..., left 1 at the end
    assert names == ["小李", "g2", "g1", "g4", "g3", "g0"]
    assert seating.notes == ["meals.seat.note.rep_hosts", "meals.seat.note.no_serving_seat"]
    assert seating.serving_index is None   # no guest is put on the serving seat


def test_colleagues_sit_between_guests_on_both_sides():
    diners = [me()] + [guest(f"g{i}", 10 + i, honour=i == 0) for i in range(4)] + [colleague("c0"), colleague("c1")]
    seating = seat_table(diners)
    names = [d.name for d in seating.seats]
    # c1 (the junior colleague) at the serving seat 3; c0 between the guests on the right.
    assert names == ["小李", "g0", "c0", "c1", "g3", "g2", "g1"]
    assert seating.serving_index == 3 and "meals.seat.note.colleague_serving" in seating.notes


def test_boss_hosts_and_rep_sits_at_the_serving_seat():
    diners = [me(), guest("张总", 0, honour=True), boss(), guest("李经理", 12), colleague("小赵"), guest("王工", 25)]
    seating = seat_table(diners)
    names = [d.name for d in seating.seats]
    assert names[0] == "王总" and names[1] == "张总" and names[-1] == "李经理"
    assert seating.serving_index == 3 and names[3] == "小李"


@pytest.mark.parametrize("n", range(4, MAX_SEATS + 1))
def test_spouse_or_assistant_sits_beside_their_guest(n):
    diners = [boss(), me(), guest("主宾", 20, honour=True), guest("主宾夫人", 60, of="主宾")]
    if n >= 6:
        diners += [guest("副宾", 10), guest("副宾助理", 70, of="副宾")]
    i = 0
    while len(diners) < n:
        diners.append(guest(f"客{i}", 30 + i) if i % 2 == 0 else colleague(f"同事{i}"))
        i += 1
    seating = seat_table(diners)
    assert seated_once(seating, diners)
    seat = {d.name: k for k, d in enumerate(seating.seats)}
    assert seat["王总"] == 0 and seat["主宾"] == 1
    assert adjacent(seat["主宾夫人"], seat["主宾"], n) and seat["主宾夫人"] != 0
    if n >= 6:
        assert seat["副宾"] == n - 1 and adjacent(seat["副宾助理"], seat["副宾"], n)
    # The rep is at the serving seat: opposite the host, or beside it when a couple would be split.
    assert seat["小李"] == seating.serving_index
    if seat["小李"] != n // 2:
        assert adjacent(seat["小李"], n // 2, n)
        assert "meals.seat.note.serving_moved" in seating.notes
    assert "meals.seat.note.companion_apart" not in seating.notes


def test_small_tables():
    assert [d.name for d in seat_table([guest("张总", 0), me()]).seats] == ["小李", "张总"]
    three = seat_table([me(), guest("张总", 0, honour=True), boss()])
    assert [d.name for d in three.seats] == ["王总", "张总", "小李"] and three.serving_index is None
    # The rep with two guests: at the host's right and left, the side facing him open for the dishes.
    alone = seat_table([guest("李工", 20), me(), guest("张总", 0, honour=True)])
    assert [d.name for d in alone.seats] == ["小李", "张总", "李工"] and alone.serving_index is None
    assert "meals.seat.note.no_serving_seat" in alone.notes
    two_of_us = seat_table([me(), boss()])
    assert [d.name for d in two_of_us.seats] == ["王总", "小李"] and two_of_us.serving_index is None


def test_unmarked_guest_of_honour_is_the_most_senior():
    seating = seat_table([me(), guest("员工", 30), guest("总经理", 0), guest("经理", 10)])
    assert [d.name for d in seating.seats] == ["小李", "总经理", "员工", "经理"]  # second guest at the left
    assert "meals.seat.note.no_guest_of_honour" in seating.notes


def test_without_anyone_of_ours_everyone_is_still_seated():
    diners = [guest("a", 5), guest("b", 1), guest("c", 3, honour=True)]
    seating = seat_table(diners)
    assert seated_once(seating, diners) and seating.seats[0].name == "c"
    assert "meals.seat.note.no_host" in seating.notes


def test_namesakes_are_told_apart():
    diners = [me(), guest("张伟", 0, honour=True), guest("张伟", 10)]
    seating = seat_table(diners)
    assert seated_once(seating, diners) and seating.index_of(diners[1]) == 1 and seating.index_of(diners[2]) == 2


@pytest.mark.parametrize("n", [0, 1, 15])
def test_table_size_limits(n):
    with pytest.raises(ValueError):
        seat_table([guest(f"g{i}", i) for i in range(n)])


def test_swap_exchanges_two_seats_only():
    diners, _ = party(8, with_boss=True)
    seating = seat_table(diners)
    swapped = swap(seating, 2, -1)
    assert swapped.seats[2] is seating.seats[7] and swapped.seats[7] is seating.seats[2]
    assert all(swapped.seats[k] is seating.seats[k] for k in range(8) if k not in (2, 7))
    assert swapped.serving_index == seating.serving_index and swapped.host_index == 0
    assert seating.seats[2] is not swapped.seats[2]  # the original is unchanged
    assert swap(seating, 3, 3).seats == seating.seats
    with pytest.raises(IndexError):
        swap(seating, 0, 8)


def test_the_serving_seat_is_never_a_guests():
    # The demo's 华为二期: our boss, the rep, 王建国 (honoured) with his assistant 陈静 beside him, 张伟.
    diners = [guest("张伟", 14), guest("王建国", 8, honour=True), guest("陈静", 38, of="王建国"), boss(), me()]
    seating = seat_table(diners)
    names = [d.name for d in seating.seats]
    assert names[:3] == ["王总", "王建国", "陈静"] and names[-1] == "张伟"
    assert seating.serving_index == 3 and names[3] == "小李"      # dishes come in by the rep, not by 陈静
    assert "meals.seat.note.serving_moved" in seating.notes
    assert guest_at_serving_seat(seating) is None and hand_notes(seating) == []


def test_seats_changed_by_hand_say_what_to_reconsider():
    seating = seat_table([boss(), me(), guest("张总", 0, honour=True), guest("李工", 20), guest("王工", 30)])
    serving = seating.serving_index
    moved = swap(seating, serving, 1)   # the guest of honour onto the serving seat
    assert guest_at_serving_seat(moved).name == "张总"
    assert hand_notes(moved) == ["meals.seat.note.guest_serving", "meals.seat.note.honour_elsewhere"]
    assert serving == 2 and hand_notes(swap(seating, 3, 4)) == []


def test_an_assistant_is_guessed_to_sit_beside_their_principal():
    guests = [(1, "副总裁", 7, guest_rank("boss", 2)), (2, "采购总监", 7, guest_rank("manager", 4)),
              (3, "总经理助理", 7, guest_rank("clerk", 2)), (4, "采购助理", 8, guest_rank("clerk", 2)),
              (5, "采购经理", 8, guest_rank("manager", 3)), (6, "秘书", None, 40), (7, "Assistant to the CEO", 9, 30)]
    assert guess_principals(guests) == {3: 1, 4: 5}     # no colleague of 6 or 7 at the table: on their own
    named = [(1, "副总裁", 7, 2), (2, "总经理", 7, 5), (3, "总经理助理", 7, 38)]
    assert guess_principals(named) == {3: 2}            # the one the title names, though 副总裁 ranks higher


# ---------------------------------------------------------------- drawing


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("with_boss", [False, True])
@pytest.mark.parametrize("width", [60, 40])
def test_render_fits_and_names_everyone(n, with_boss, width):
    diners, _ = party(n, with_boss, colleagues=2)
    seating = seat_table(diners)
    for lang in ("en", "zh"):
        lines = render_round_table(seating, width=width, lang=lang)
        assert all(cell_len(line) <= width for line in lines), lines
        drawing = "\n".join(lines)
        for k, diner in enumerate(seating.seats):
            assert f"{k} {diner.name}" in drawing
        assert lines[0].strip() == f"0 {seating.seats[0].name}"     # host at the top


def test_render_orientation_host_right_is_screen_left_and_serving_at_the_bottom():
    diners, _ = party(8, with_boss=True)
    seating = seat_table(diners)
    lines = render_round_table(seating, width=60, legend=False)
    row = next(line for line in lines if f"1 {seating.seats[1].name}" in line)
    assert row.index(f"1 {seating.seats[1].name}") < row.index(f"7 {seating.seats[7].name}")
    assert lines[-1].strip() == f"4 {seating.seats[4].name}"


def test_render_of_three_puts_the_guests_at_the_hosts_sides():
    lines = render_round_table(seat_table([me(), guest("张总", 0, honour=True), guest("李工", 20)]), width=40,
                               legend=False)
    row = next(line for line in lines if "1 张总" in line)
    assert "2 李工" in row                       # one row: right on screen-left, left on screen-right
    assert lines[-1].strip().startswith("╰")     # nobody at the bottom


def test_render_cuts_long_names_to_the_width():
    diners = [me("我" * 30)] + [guest("客" * 25 + str(i), i, honour=i == 0) for i in range(7)]
    lines = render_round_table(seat_table(diners), width=30)
    assert all(cell_len(line) <= 30 for line in lines)
    assert "…" in "\n".join(lines)
    with pytest.raises(ValueError):
        render_round_table(seat_table(diners), width=10)


# ---------------------------------------------------------------- property: everyone seated once


@st.composite
def tables(draw):
    n = draw(st.integers(2, MAX_SEATS))
    names = [f"p{i}" for i in range(n)]
    diners = []
    for name in names:
        side = draw(st.sampled_from(list(Side)))
        role = draw(st.sampled_from([None, *OurRole])) if side == Side.OURS else None
        of = draw(st.one_of(st.none(), st.sampled_from(names)))
        diners.append(Diner(name, side, draw(st.integers(0, 60)), is_guest_of_honour=draw(st.booleans()),
                            role=role, spouse_or_assistant_of=of))
    return diners


@FAST
@given(tables())
def test_random_tables_seat_everyone_once(diners):
    seating = seat_table(diners)
    n = len(diners)
    assert seated_once(seating, diners)
    assert seating.serving_index is None or seating.seats[seating.serving_index].side == Side.OURS
    if any(d.side == Side.OURS for d in diners):
        assert seating.seats[0].side == Side.OURS
    lines = render_round_table(seating, width=40)
    assert all(cell_len(line) <= 40 for line in lines)


@FAST
@given(st.integers(3, MAX_SEATS), st.integers(0, 4), st.booleans(), st.randoms(use_true_random=False))
def test_random_parties_keep_the_rules(n, colleagues, companion, rnd):
    diners, guests = party(n, with_boss=True, colleagues=colleagues)
    has_mate = companion and len(guests) >= 2
    if has_mate:
        guests[-1].spouse_or_assistant_of = guests[0].name  # the last guest is the honoured one's companion
        guests = guests[:-1]
    rnd.shuffle(diners)
    seating = seat_table(diners)
    assert seated_once(seating, diners)
    assert seating.seats[0].role == OurRole.BOSS and seating.seats[1] is guests[0]
    if len(guests) >= 2:
        assert seating.seats[-1] is guests[1]
    rep = seating.index_of(next(d for d in diners if d.role == OurRole.ME))
    if n >= 4:
        assert rep == seating.serving_index and (rep == n // 2 or adjacent(rep, n // 2, n))
    if has_mate and "meals.seat.note.companion_apart" not in seating.notes:
        mate = next(d for d in diners if d.spouse_or_assistant_of)
        assert adjacent(seating.index_of(mate), 1, n)


# ---------------------------------------------------------------- dishes


def test_two_diners():
    plain = suggest_dishes(2, VenueLevel.MID_RANGE)
    assert (plain.total, plain.cold_starters, plain.soup) == (3, 0, False)
    assert suggest_dishes(2, VenueLevel.CASUAL).total == 3
    upscale = suggest_dishes(2, VenueLevel.UPSCALE)
    assert (upscale.total, upscale.cold_starters) == (4, 1)
    assert set(upscale.categories) >= {"meals.dish.meat", "meals.dish.vegetables"}
    canton = suggest_dishes(2, VenueLevel.MID_RANGE, guangdong=True)
    assert canton.soup and canton.total == 3
    assert "meals.dish.reason.soup" in [key for key, _ in canton.reasons]


@pytest.mark.parametrize("n", range(3, 13))
@pytest.mark.parametrize("venue", list(VenueLevel))
def test_three_or_more_is_n_plus_one(n, venue):
    plan = suggest_dishes(n, venue)
    assert plan.total == n + 1
    assert plan.cold_starters == 0 or plan.cold_starters >= 2
    assert len(plan.categories) == plan.total - plan.cold_starters
    hot = len(plan.categories)
    assert len(set(plan.categories)) == min(hot, 8)                    # no category twice until all are used
    if n > 5:
        assert plan.cold_starters >= 2
        assert len(set(plan.categories)) >= 5
        assert "meals.dish.reason.spread" in [key for key, _ in plan.reasons]
    assert ("meals.dish.reason.n_plus_one", {"diners": n, "total": n + 1}) in plan.reasons


def test_dish_reasons_are_shown_in_both_languages():
    plan = suggest_dishes(8, VenueLevel.UPSCALE, rice_staple=True, guangdong=True)
    keys = [key for key, _ in plan.reasons]
    assert {"meals.dish.reason.signature", "meals.dish.reason.alcohol", "meals.dish.reason.rice"} <= set(keys)
    for lang in ("en", "zh"):
        texts = plan.reasons_text(lang) + plan.categories_text(lang)
        assert all(text and "{" not in text and not text.startswith("meals.") for text in texts)
    assert "9" in plan.reasons_text("zh")[0] and "8" in plan.reasons_text("en")[0]
    assert "meals.dish.reason.rice" not in [k for k, _ in suggest_dishes(8, VenueLevel.UPSCALE).reasons]
    with pytest.raises(ValueError):
        suggest_dishes(1, VenueLevel.CASUAL)
    assert isinstance(plan, DishPlan)


def reason_keys(plan: DishPlan) -> list[str]:
    return [key for key, _ in plan.reasons]


def test_dishes_honour_what_the_checks_warn_about():
    """The demo's 华为二期: 王建国 has gout; the checks warn about seafood, so no seafood is suggested."""
    wang = GuestFacts("王建国", diet="痛风，少海鲜")
    cuisine = "潮汕菜"
    warnings = check_plan(MealPlanFacts(MealPurpose.BUSINESS, cuisine=cuisine, guests=[wang]), NOW)
    assert [w.values["why"] for w in warnings if w.key == "meals.check.cuisine_clash"] == ["seafood"]
    for n in range(2, 13):
        plan = suggest_dishes(n, VenueLevel.UPSCALE, cuisine=cuisine, guests=[GuestFacts("张伟"), wang])
        assert "meals.dish.seafood" not in plan.categories and plan.avoided == ["seafood"]
        assert len(plan.categories) == plan.total - plan.cold_starters
        assert len(set(plan.categories)) == min(len(plan.categories), 7)   # no repeat until all seven are used
    [text] = [r for r in plan.reasons_text("zh") if "王建国" in r]
    assert "海鲜" in text and "痛风" in text
    assert "Seafood" in next(r for r in plan.reasons_text("en") if "王建国" in r)


def test_a_vegetarian_gets_half_the_dishes_meatless_and_is_warned_about_a_beef_hotpot():
    chen = GuestFacts("陈静", diet="素食")
    warnings = check_plan(MealPlanFacts(MealPurpose.BUSINESS, cuisine="潮汕牛肉火锅", guests=[chen]), NOW)
    assert [w.values["name"] for w in warnings if w.key == "meals.check.cuisine_clash"] == ["陈静"]
    for n in range(3, 13):
        plan = suggest_dishes(n, VenueLevel.MID_RANGE, guests=[chen])
        meatless = [c for c in plan.categories if c.removeprefix("meals.dish.") in ("vegetables", "tofu", "mushrooms",
                                                                                    "bamboo", "seaweed")]
        assert len(meatless) * 2 >= len(plan.categories)
        assert "meals.dish.meat" in plan.categories          # the others still eat meat
        assert "meals.dish.reason.meatless" in reason_keys(plan)


@pytest.mark.parametrize("cuisine", ["四川火锅", "重庆老火锅", "Sichuan hotpot", "韩式烤肉"])
def test_a_hotpot_or_grill_is_ordered_by_plates_not_n_plus_one(cuisine):
    zhao = GuestFacts("赵敏", diet="不吃辣")
    plan = suggest_dishes(5, VenueLevel.MID_RANGE, rice_staple=True, guangdong=True, cuisine=cuisine, guests=[zhao])
    keys = reason_keys(plan)
    assert plan.style in ("hotpot", "grill") and plan.cold_starters == 0 and not plan.soup
    assert plan.total == 10 and len(plan.categories) == 10
    assert not {"meals.dish.reason.n_plus_one", "meals.dish.reason.cold", "meals.dish.reason.rice",
                "meals.dish.reason.soup"} & set(keys)
    assert ("meals.dish.reason.split_pot" if plan.style == "hotpot" else "meals.dish.reason.mind") in keys
    for lang in ("en", "zh"):
        assert all("{" not in text and "赵敏" in text for text in plan.reasons_text(lang)
                   if "赵敏" in text or "split" in text)


@pytest.mark.parametrize("cuisine, style", [("自助餐", "buffet"), ("西餐", "western"), ("牛排馆", "western")])
def test_a_buffet_or_western_meal_orders_nothing_for_the_table(cuisine, style):
    plan = suggest_dishes(4, VenueLevel.UPSCALE, cuisine=cuisine, guests=[GuestFacts("李娜", diet="不吃牛肉")])
    assert (plan.style, plan.total, plan.categories) == (style, 0, [])
    assert f"meals.dish.reason.{style}" in reason_keys(plan) and "meals.dish.reason.mind" in reason_keys(plan)


# ---------------------------------------------------------------- plan checks


def base_plan(**changes) -> MealPlanFacts:
    guests = [
        GuestFacts("张总", Position.BOSS, 2, Grade.B, is_decision_maker=True, is_guest_of_honour=True),
        GuestFacts("李娜", Position.STAFF, 3, "B"),
    ]
    values = dict(
        purpose=MealPurpose.BUSINESS, phase=ProjectPhase.KICKOFF, when=datetime(2026, 11, 26, 18, 30),
        cuisine="粤菜", budget=900.0, venue=VenueLevel.MID_RANGE, private_room=False, guests=guests,
    )
    values.update(changes)
    return MealPlanFacts(**values)


def keys(warnings: list[MealWarning]) -> list[str]:
    return [w.key for w in warnings]


def test_a_sound_plan_has_no_warnings():
    assert check_plan(base_plan(), NOW) == []


@pytest.mark.parametrize(
    ("cuisine", "taboos", "diet", "why"),
    [
        ("川菜", "不吃辣", "", "spicy"),
        ("重庆火锅", "", "忌辣", "spicy"),
        ("湘菜馆", "", "胃不好，不能吃辣", "spicy"),
        ("Sichuan hotpot", "no spicy food", "", "spicy"),
        ("海鲜大排档", "海鲜过敏", "", "seafood"),
        ("日料", "", "痛风", "seafood"),
        ("潮汕菜", "不吃海鲜", "", "seafood"),
        ("sushi bar", "", "allergic to seafood", "seafood"),
        ("韩式烤肉", "", "吃素", "meat"),
        ("Steakhouse", "", "Vegetarian", "meat"),
        ("粤菜 + 白酒", "不喝酒", "", "alcohol"),
        ("dinner with wine", "", "doesn't drink", "alcohol"),
        ("叉烧烧腊", "不吃猪肉", "", "pork"),
    ],
)
def test_cuisine_clash(cuisine, taboos, diet, why):
    plan = base_plan(cuisine=cuisine, guests=[
        GuestFacts("张总", is_guest_of_honour=True),
        GuestFacts("王工", taboos=taboos, diet=diet),
    ])
    warnings = check_plan(plan, NOW)
    clashes = [w for w in warnings if w.key == "meals.check.cuisine_clash"]
    assert len(clashes) == 1 and clashes[0].values["name"] == "王工"
    assert clashes[0].values["why"] == t(f"meals.clash.{why}", lang="en")
    for lang in ("en", "zh"):
        text = clashes[0].message(lang)
        assert "王工" in text and cuisine.split()[0] in text and "{" not in text
    assert t(f"meals.clash.{why}", lang="zh") in clashes[0].message("zh")


@pytest.mark.parametrize(
    ("cuisine", "taboos"),
    [
        ("粤菜", "不吃辣"),           # nothing spicy planned
        ("川菜", "不忌辣"),           # negated: he does eat spicy food
        ("川菜", "喜欢吃辣"),
        ("steakhouse", "non-vegetarian"),
        ("海鲜", ""),
        ("", "不吃辣 海鲜过敏"),      # no cuisine chosen yet
        ("barbecue", "no pork"),       # bar inside barbecue is no bar
    ],
)
def test_no_cuisine_clash(cuisine, taboos):
    plan = base_plan(cuisine=cuisine, guests=[GuestFacts("王工", taboos=taboos, is_guest_of_honour=True)])
    assert check_plan(plan, NOW) == []


def test_halal():
    needs = [GuestFacts("马经理", diet="清真", is_guest_of_honour=True)]
    warnings = check_plan(base_plan(cuisine="川菜", guests=needs), NOW)
    assert keys(warnings) == ["meals.check.halal"] and "马经理" in warnings[0].message("zh")
    assert check_plan(base_plan(cuisine="清真兰州菜", guests=needs), NOW) == []
    assert keys(check_plan(base_plan(cuisine="steak", guests=[GuestFacts("Ali", diet="Halal only", is_guest_of_honour=True)]), NOW)) == ["meals.check.halal"]


@pytest.mark.parametrize(
    ("clock", "fires"),
    [(time(11, 30), False), (time(13, 30), False), (time(12, 0), False), (time(17, 30), False),
     (time(21, 0), False), (time(15, 0), True), (time(22, 0), True), (time(11, 0), True), (time(13, 45), True)],
)
def test_usual_hours(clock, fires):
    warnings = check_plan(base_plan(when=datetime.combine(date(2026, 11, 27), clock)), NOW)
    assert keys(warnings) == (["meals.check.odd_hour"] if fires else [])
    if fires:
        assert clock.strftime("%H:%M") in warnings[0].message("en")
        assert clock.strftime("%H:%M") in warnings[0].message("zh")


def test_weekend_and_past():
    saturday = datetime(2026, 11, 28, 18, 30)
    warnings = check_plan(base_plan(when=saturday), NOW)
    assert keys(warnings) == ["meals.check.weekend"] and warnings[0].severity == Severity.INFO
    assert check_plan(base_plan(when=saturday, purpose=MealPurpose.RELATIONSHIP, budget=750.0), NOW) == []
    past = check_plan(base_plan(when=datetime(2026, 11, 25, 18, 30)), NOW)
    assert keys(past) == ["meals.check.in_past"] and "2026-11-25" in past[0].message("zh")
    assert check_plan(base_plan(when=date(2026, 11, 30)), NOW) == []  # a day without a time: no hour check


def test_budget_per_head():
    assert budget_range(Grade.A, MealPurpose.BUSINESS) == (300, 800)
    assert budget_range(Grade.D, MealPurpose.BUSINESS) == (60, 200)
    assert budget_range(Grade.B, MealPurpose.RELATIONSHIP) == (200, 375)
    a_guests = [GuestFacts("张总", grade="A", is_guest_of_honour=True), GuestFacts("李娜", grade="C")]
    lavish = check_plan(base_plan(guests=a_guests, budget=3000.0), NOW)     # 1000 a head
    assert keys(lavish) == ["meals.check.budget_lavish"]
    assert "1,000" in lavish[0].message("en") and "800" in lavish[0].message("zh")
    assert "need him" in lavish[0].message("en") and "有求于他" in lavish[0].message("zh")
    assert check_plan(base_plan(guests=a_guests, budget=1500.0), NOW) == []  # best grade A: 500 a head is fine
    low = check_plan(base_plan(budget=300.0), NOW)                           # grade B, 100 a head
    assert keys(low) == ["meals.check.budget_low"] and "100" in low[0].message("zh")
    relationship = base_plan(purpose=MealPurpose.RELATIONSHIP, budget=1350.0)   # B, 450 a head > 375
    assert keys(check_plan(relationship, NOW)) == ["meals.check.budget_lavish"]
    assert check_plan(base_plan(budget=1350.0), NOW) == []                  # the same for business is fine
    assert check_plan(base_plan(budget=1350.0, our_count=4), NOW) == []     # 6 heads: 225
    ungraded = [GuestFacts("王工", is_guest_of_honour=True)]
    assert check_plan(base_plan(guests=ungraded, budget=99999.0), NOW) == []
    assert check_plan(base_plan(budget=None), NOW) == []


def test_guest_of_honour_marked():
    unmarked = [GuestFacts("张总"), GuestFacts("李娜")]
    assert keys(check_plan(base_plan(guests=unmarked, budget=None), NOW)) == ["meals.check.no_guest_of_honour"]
    two = [GuestFacts("张总", is_guest_of_honour=True), GuestFacts("李娜", is_guest_of_honour=True)]
    warnings = check_plan(base_plan(guests=two, budget=None), NOW)
    assert keys(warnings) == ["meals.check.many_guests_of_honour"] and "李娜" in warnings[0].message("zh")


def test_to_learn_a_decision_makers_mind_invite_his_assistant():
    warnings = check_plan(base_plan(learn_mind=True, private_room=True), NOW)
    assert keys(warnings) == ["meals.check.learn_mind"]
    assert "张总" in warnings[0].message("en") and "助手" in warnings[0].message("zh")
    assistant_only = [GuestFacts("小周", Position.CLERK, 4, "B", is_guest_of_honour=True)]
    assert check_plan(base_plan(learn_mind=True, private_room=True, guests=assistant_only, budget=None), NOW) == []
    assert check_plan(base_plan(learn_mind=False), NOW) == []


def test_sensitive_talk_wants_a_private_room():
    warnings = check_plan(base_plan(phase=ProjectPhase.PROBLEM), NOW)
    assert keys(warnings) == ["meals.check.private_room"] and warnings[0].severity == Severity.INFO
    assert check_plan(base_plan(phase=ProjectPhase.PROBLEM, private_room=True), NOW) == []


@pytest.mark.parametrize(
    ("phase", "deadline", "fires"),
    [
        (ProjectPhase.NEAR_CLOSE, date(2026, 11, 27), True),    # the day after the meal
        (ProjectPhase.NEAR_CLOSE, date(2026, 11, 28), True),    # two days after
        (ProjectPhase.NEAR_CLOSE, date(2026, 11, 24), True),    # two days before
        (ProjectPhase.NEAR_CLOSE, date(2026, 11, 29), False),
        (ProjectPhase.NEAR_CLOSE, None, False),
        (ProjectPhase.KICKOFF, date(2026, 11, 27), False),
    ],
)
def test_critical_deadline(phase, deadline, fires):
    warnings = check_plan(base_plan(phase=phase, deadline=deadline), NOW)
    assert keys(warnings) == (["meals.check.deadline"] if fires else [])
    if fires:
        assert deadline.isoformat() in warnings[0].message("en") and deadline.isoformat() in warnings[0].message("zh")


def test_every_warning_reads_in_both_languages():
    plan = base_plan(
        cuisine="川菜 白酒", when=datetime(2026, 11, 28, 15, 0), budget=30000.0, learn_mind=True,
        phase=ProjectPhase.NEAR_CLOSE, deadline=date(2026, 11, 29),
        guests=[GuestFacts("张总", grade="A", taboos="不吃辣", diet="不喝酒 清真", is_decision_maker=True)],
    )
    warnings = check_plan(plan, NOW)
    assert set(keys(warnings)) == {
        "meals.check.cuisine_clash", "meals.check.halal", "meals.check.odd_hour", "meals.check.weekend",
        "meals.check.budget_lavish", "meals.check.no_guest_of_honour", "meals.check.learn_mind",
        "meals.check.deadline", "meals.check.private_room",
    }
    for warning in warnings:
        for lang in ("en", "zh"):
            text = warning.message(lang)
            assert text and "{" not in text and not text.startswith("meals."), (warning.key, lang)
    assert Warning is MealWarning


# ---------------------------------------------------------------- topics


def test_topics_to_avoid_depend_on_the_level():
    assert topics_to_avoid(0) == [
        "meals.topic.philosophy", "meals.topic.personal_history", "meals.topic.family",
        "meals.topic.social_issues", "meals.topic.politics", "meals.topic.religion",
    ]
    assert topics_to_avoid(2) == topics_to_avoid(0)
    assert topics_to_avoid(3) == ["meals.topic.politics", "meals.topic.religion"]
    assert topics_to_avoid(6) == topics_to_avoid(3)
    assert all(key in catalog() for key in topics_to_avoid(0))


def test_safe_topics():
    assert safe_topics("高尔夫、钓鱼，Golf / golf; 茶", lang="zh") == ["高尔夫", "钓鱼", "Golf", "茶", "交通", "天气", "影视", "行业动态"]
    assert safe_topics("", lang="en") == ["Traffic", "Weather", "Films and TV", "The industry"]
    assert safe_topics("weather, hiking", lang="en") == ["weather", "hiking", "Traffic", "Films and TV", "The industry"]


# ---------------------------------------------------------------- typed action items and facts


@pytest.mark.parametrize(
    ("line", "owner", "who", "what", "due", "at"),
    [
        ("我方: 发报价单 周五", "us", "", "发报价单", date(2026, 11, 27), None),
        ("us: send quote fri", "us", "", "send quote", date(2026, 11, 27), None),
        ("对方：确认样品 下周一", "them", "", "确认样品", date(2026, 11, 30), None),
        ("them: confirm samples next mon", "them", "", "confirm samples", date(2026, 11, 30), None),
        ("我们：寄样品 12月3日", "us", "", "寄样品", date(2026, 12, 3), None),
        ("We: call back in 3 days", "us", "", "call back", date(2026, 11, 29), None),
        ("they: sign the contract 12/15", "them", "", "sign the contract", date(2026, 12, 15), None),
        ("他们 回复技术问题 下周五 下午3点", "them", "", "回复技术问题", date(2026, 12, 4), time(15, 0)),
        ("我：发报价单周五", "us", "", "发报价单", date(2026, 11, 27), None),
        ("them/张伟: confirm samples next mon 3pm", "them", "张伟", "confirm samples", date(2026, 11, 30), time(15, 0)),
        ("对方（张伟）：确认样品 下周一", "them", "张伟", "确认样品", date(2026, 11, 30), None),
        ("us: send 2 samples, next fri", "us", "", "send 2 samples", date(2026, 12, 4), None),
    ],
)
def test_parse_action_item(line, owner, who, what, due, at):
    item = parse_action_item(line, NOW)
    assert item == ActionItem(owner=owner, who=who, what=what, due=due, due_time=at)
    assert item.promise == (owner == "us")


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("我方: 发报价单", "meals.action.no_date"),
        ("us: send the quote", "meals.action.no_date"),
        ("发报价单 周五", "meals.action.no_owner"),
        ("wechat the boss fri", "meals.action.no_owner"),
        ("us: fri", "meals.action.no_text"),
        ("对方：", "meals.action.no_text"),
        ("", "meals.action.no_owner"),
    ],
)
def test_parse_action_item_errors(line, key):
    error = parse_action_item(line, NOW)
    assert isinstance(error, FieldError) and error.key == key
    for lang in ("en", "zh"):
        message = error.message(lang)
        assert line.strip() in message and "{" not in message
    assert "我方" in error.message("zh") or "日期" in error.message("zh") or "做什么" in error.message("zh")


def test_parse_action_item_error_shortens_and_cleans_the_line():
    error = parse_action_item("us: " + "x" * 100 + "\x1b[31m", NOW)
    assert isinstance(error, FieldError)
    assert len(error.values["line"]) <= 41 and "\x1b" not in error.message("en")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("张伟: 女儿明年高考", ("张伟", "女儿明年高考")),
        ("张伟：女儿明年高考", ("张伟", "女儿明年高考")),
        ("  Li Na : husband works at CMB, meet at 3:30 ", ("Li Na", "husband works at CMB, meet at 3:30")),
    ],
)
def test_parse_learned(line, expected):
    assert parse_learned(line) == expected


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("女儿明年高考", "meals.learned.no_person"),
        ("：女儿明年高考", "meals.learned.no_person"),
        ("张伟：", "meals.learned.no_fact"),
        ("", "meals.learned.no_person"),
    ],
)
def test_parse_learned_errors(line, key):
    error = parse_learned(line)
    assert isinstance(error, FieldError) and error.key == key
    for lang in ("en", "zh"):
        assert line in error.message(lang) and "{" not in error.message(lang)
