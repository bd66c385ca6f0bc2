"""The meal store (store/meals.py): plans and diners, seats, minutes in one transaction, filing
what was learned, spending per company. "Now" is Thursday 2026-11-26 10:00."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from clientbook.domain.interactions import InteractionInput, Kind
from clientbook.domain.meal_forms import OurDiner, PlanInput, validate_minutes
from clientbook.domain.meals.enums import InviteStatus, MealPurpose, OurRole, VenueLevel
from clientbook.i18n import set_language, t
from clientbook.store.meals import match_guest
from clientbook.store.models.meals import MealDiner
from conftest import NOW, add_contact

DINNER = datetime(2026, 11, 24, 19, 0)   # Tuesday, two days ago


def add(store, name, company="华为", **raw) -> int:
    return add_contact(store, NOW - timedelta(days=30), name=name, company=company, **raw)


@pytest.fixture
def people(store):
    return {
        "张伟": add(store, "张伟", title="采购总监", position="manager", level="3"),
        "王建国": add(store, "王建国", title="副总裁", position="boss", level="2"),
        "赵敏": add(store, "赵敏", company="比亚迪", position="manager", level="3"),
    }


def plan(people, names=("张伟", "王建国"), when=DINNER, **extra) -> PlanInput:
    values = dict(planned_at=when, guests=[(people[n], n) for n in names],
                  ours=[OurDiner("刘总", OurRole.BOSS), OurDiner("", OurRole.ME)],
                  title="潮汕火锅", venue="潮汕牛肉火锅（南山店）", cuisine="潮汕牛肉火锅",
                  purpose=MealPurpose.BUSINESS, venue_level=VenueLevel.MID_RANGE, budget=2000)
    values.update(extra)
    return PlanInput(**values)


def minutes(store, meal_id, actions="", learned="", cost="1280", levels=None, skip=(), agreements="二期按原价推进"):
    view = store.meals.get_meal(meal_id)
    attended = [d.id for d in view.diners if d.name not in skip]
    guest_ids = {d.id for d in view.diners if d.side == "guest"}
    raw = {"discussed": "聊了二期和评审会", "agreements": agreements, "actions": actions, "learned": learned,
           "cost": cost, "next_step": "下周评审会后再约"}
    data, errors = validate_minutes(raw, attended, guest_ids, NOW, levels or {})
    assert not errors, errors
    return data


def diner(store, meal_id, name) -> MealDiner:
    return next(d for d in store.meals.get_meal(meal_id).diners if d.name == name)


# ---------------------------------------------------------------- plans and diners


def test_a_plan_keeps_guests_and_our_side(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    view = store.meals.get_meal(meal_id)
    assert [(d.name, d.side, d.role) for d in view.diners] == [
        ("张伟", "guest", None), ("王建国", "guest", None), ("刘总", "ours", "boss"), ("", "ours", "me")]
    assert diner(store, meal_id, "王建国").is_decision_maker  # a boss-level guest is marked at first
    assert not diner(store, meal_id, "张伟").is_decision_maker
    assert {d.invite_status for d in view.diners if d.side == "guest"} == {"to_invite"}
    assert set(view.contacts) == {people["张伟"], people["王建国"]}
    assert [c.name for c in view.companies.values()] == ["华为"]
    [row] = store.meals.list_meals()
    assert (row.title, row.guests, row.minutes_at) == ("潮汕火锅", ["张伟", "王建国"], None)


def test_updating_a_plan_keeps_marks_of_diners_still_there(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    store.meals.set_guest_of_honour(diner(store, meal_id, "王建国").id, NOW)
    store.meals.set_invite_status(diner(store, meal_id, "王建国").id, InviteStatus.ACCEPTED, NOW)
    store.meals.set_seating(meal_id, [d.id for d in store.meals.get_meal(meal_id).diners], NOW)
    store.meals.update_meal(meal_id, plan(people, names=("王建国", "赵敏"), title="改约川菜"), NOW)
    view = store.meals.get_meal(meal_id)
    assert view.meal.title == "改约川菜"
    assert [d.name for d in view.diners if d.side == "guest"] == ["王建国", "赵敏"]
    kept = diner(store, meal_id, "王建国")
    assert kept.is_guest_of_honour and kept.invite_status == "accepted"
    assert view.meal.seating == ""  # a different table is seated again


def test_one_guest_of_honour_at_a_time_and_never_one_of_ours(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    assert store.meals.set_guest_of_honour(diner(store, meal_id, "张伟").id, NOW) is True
    assert store.meals.set_guest_of_honour(diner(store, meal_id, "王建国").id, NOW) is True
    assert [d.name for d in store.meals.get_meal(meal_id).diners if d.is_guest_of_honour] == ["王建国"]
    assert store.meals.set_guest_of_honour(diner(store, meal_id, "王建国").id, NOW) is False  # unmarked
    assert store.meals.set_guest_of_honour(diner(store, meal_id, "刘总").id, NOW) is False
    assert not any(d.is_guest_of_honour for d in store.meals.get_meal(meal_id).diners)


def test_seating_order_persists_and_a_decline_resets_it(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    ids = [d.id for d in store.meals.get_meal(meal_id).diners]
    store.meals.set_seating(meal_id, list(reversed(ids)), NOW)
    assert store.meals.get_meal(meal_id).meal.seating == ",".join(str(i) for i in reversed(ids))
    store.meals.set_invite_status(diner(store, meal_id, "张伟").id, InviteStatus.INVITED, NOW)
    assert store.meals.get_meal(meal_id).meal.seating != ""  # same people at the table
    store.meals.set_guest_of_honour(diner(store, meal_id, "张伟").id, NOW)
    assert store.meals.get_meal(meal_id).meal.seating != ""  # the guest of honour changes no seat set by hand
    store.meals.set_invite_status(diner(store, meal_id, "张伟").id, InviteStatus.DECLINED, NOW)
    assert store.meals.get_meal(meal_id).meal.seating == ""


def test_an_assistant_added_to_a_meal_sits_beside_their_principal(store, people):
    assistant = add(store, "陈静", title="总经理助理", position="clerk", level="2")
    meal_id = store.meals.add_meal(plan({**people, "陈静": assistant}, names=("张伟", "陈静", "王建国")), NOW)
    chen, wang = diner(store, meal_id, "陈静"), diner(store, meal_id, "王建国")
    assert chen.companion_of == wang.id and diner(store, meal_id, "张伟").companion_of is None
    store.meals.set_companion(chen.id, None, NOW)  # the rep says otherwise: a later edit keeps it
    store.meals.update_meal(meal_id, plan({**people, "陈静": assistant}, names=("张伟", "陈静", "王建国", "赵敏")), NOW)
    assert diner(store, meal_id, "陈静").companion_of is None


def test_a_companion_sits_beside_a_diner_of_the_same_meal(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    other = store.meals.add_meal(plan(people), NOW)
    assistant, chief = diner(store, meal_id, "张伟"), diner(store, meal_id, "王建国")
    store.meals.set_companion(assistant.id, chief.id, NOW)
    assert diner(store, meal_id, "张伟").companion_of == chief.id
    with pytest.raises(ValueError):
        store.meals.set_companion(assistant.id, diner(store, other, "王建国").id, NOW)
    store.meals.update_meal(meal_id, plan(people, names=("张伟",)), NOW)  # the chief no longer comes
    assert diner(store, meal_id, "张伟").companion_of is None


def test_meals_without_minutes_are_the_past_ones(store, people):
    past = store.meals.add_meal(plan(people), NOW)
    store.meals.add_meal(plan(people, when=NOW + timedelta(days=3)), NOW)
    archived = store.meals.add_meal(plan(people, when=NOW - timedelta(days=5)), NOW)
    store.meals.archive_meal(archived, NOW)
    assert [m.id for m in store.agenda.meals_without_minutes(NOW)] == [past]
    store.meals.save_minutes(past, minutes(store, past), NOW)
    assert store.agenda.meals_without_minutes(NOW) == []
    store.meals.restore_meal(archived, NOW)
    assert [m.id for m in store.agenda.meals_without_minutes(NOW)] == [archived]


def test_meals_ahead_are_the_coming_ones_on_the_calendar_and_the_guests_timelines(store, people):
    from clientbook.services.gifts import calendar
    from clientbook.ui.screens.contact import timeline_cells

    at_now = store.meals.add_meal(plan(people, names=("赵敏",), when=NOW), NOW)
    tonight = store.meals.add_meal(plan(people, names=("张伟",), when=NOW.replace(hour=19)), NOW)
    last_day = store.meals.add_meal(plan(people, when=datetime(2026, 12, 3, 23, 0)), NOW)
    beyond = store.meals.add_meal(plan(people, when=datetime(2026, 12, 4, 0, 0)), NOW)  # past the week ahead
    past = store.meals.add_meal(plan(people), NOW)                                # two days ago
    archived = store.meals.add_meal(plan(people, when=NOW + timedelta(days=1)), NOW)
    store.meals.archive_meal(archived, NOW)

    ahead = store.agenda.meals_ahead(NOW, date(2026, 12, 3))
    assert [m.id for m in ahead] == [at_now, tonight, last_day]
    assert (ahead[1].guests, ahead[1].venue) == (["张伟"], "潮汕牛肉火锅（南山店）")
    assert [m.id for m in store.agenda.meals_without_minutes(NOW)] == [past]  # each meal on one side of now

    days = {e.meal.id: e.day for week in calendar(store, NOW.date()) for e in week.entries if e.kind == "meal"}
    assert days[tonight] == NOW.date() and days[last_day] == date(2026, 12, 3) and past not in days
    assert archived not in days

    entries = store.capture.timeline(people["张伟"])  # newest first: the meals to come on top
    meals = [e for e in entries if e.kind == "meal"]
    assert [e.id for e in meals] == [beyond, last_day, tonight, past] and entries[0] == meals[0]
    when, kind, what = timeline_cells(meals[2], NOW)
    assert (when, what) == ("2026-11-26 19:00", "潮汕火锅") and kind.endswith(t("meal.status.planned"))
    assert timeline_cells(meals[3], NOW)[1].endswith(t("meal.status.minutes_due"))
    store.meals.save_minutes(tonight, minutes(store, tonight), NOW)  # written: an interaction, no longer a plan
    assert tonight not in {e.id for e in store.capture.timeline(people["张伟"]) if e.kind == "meal"}


def test_a_meal_planned_with_a_contact_takes_them_off_due_to_contact(store, people):
    from clientbook.config import DEFAULT_CADENCE_DAYS

    for contact_id in people.values():
        store.capture.set_cadence(contact_id, 14)  # in the book 30 days, never contacted: due
    due = lambda: {d.id for d in store.agenda.due_to_contact(NOW.date(), DEFAULT_CADENCE_DAYS)}  # noqa: E731
    assert due() == set(people.values())
    coming = store.meals.add_meal(plan(people, names=("张伟",), when=NOW + timedelta(days=20)), NOW)
    earlier_today = store.meals.add_meal(plan(people, names=("赵敏",), when=NOW.replace(hour=8)), NOW)
    store.meals.add_meal(plan(people, names=("王建国",), when=DINNER), NOW)  # two days ago, minutes not written
    assert due() == {people["王建国"]}
    store.meals.set_invite_status(diner(store, coming, "张伟").id, InviteStatus.DECLINED, NOW)
    assert due() == {people["张伟"], people["王建国"]}  # declined: no meal ahead after all
    assert coming not in {e.id for e in store.capture.timeline(people["张伟"]) if e.kind == "meal"}
    store.meals.set_invite_status(diner(store, coming, "张伟").id, InviteStatus.ACCEPTED, NOW)
    assert due() == {people["王建国"]}
    store.meals.archive_meal(coming, NOW)
    store.meals.save_minutes(earlier_today, minutes(store, earlier_today), NOW)  # logged: contacted today
    assert due() == {people["张伟"], people["王建国"]}


# ---------------------------------------------------------------- minutes


def test_saving_minutes_logs_the_meal_on_every_attending_guest(store, people):
    meal_id = store.meals.add_meal(plan(people, names=("张伟", "王建国", "赵敏")), NOW)
    interaction_id = store.meals.save_minutes(meal_id, minutes(store, meal_id, skip=("赵敏",)), NOW)
    view = store.capture.get_interaction(interaction_id)
    i = view.interaction
    assert (i.kind, i.occurred_at, i.place, i.cost) == ("meal", DINNER, "潮汕牛肉火锅（南山店）", 1280.0)
    assert i.summary == "潮汕火锅 · 二期按原价推进"
    assert "聊了二期和评审会" in i.notes and "1. 二期按原价推进" in i.notes and "下周评审会后再约" in i.notes
    assert {name for _id, name in view.contacts} == {"张伟", "王建国"}  # 赵敏 did not come
    for name in ("张伟", "王建国"):
        assert store.contacts.get_contact(people[name]).contact.last_contact_at == DINNER  # the clock restarts
        assert any(e.kind == "interaction" and e.subtype == "meal" for e in store.capture.timeline(people[name]))
    assert store.contacts.get_contact(people["赵敏"]).contact.last_contact_at is None
    meal = store.meals.get_meal(meal_id).meal
    assert meal.minutes_at == NOW and meal.interaction_id == interaction_id and meal.actual_cost == 1280
    assert [d.attended for d in store.meals.get_meal(meal_id).diners] == [True, True, False, True, True]
    assert [h.ref_id for h in store.capture.search_notes("评审会")] == [interaction_id]
    assert store.meals.meal_of_interaction(interaction_id) == meal_id
    call = store.capture.log_interaction(InteractionInput(kind=Kind.CALL, occurred_at=NOW, contact_ids=[people["张伟"]],
                                                  summary="电话"), NOW)
    assert store.meals.meal_of_interaction(call) is None


def test_action_items_become_follow_ups_on_the_right_people(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    store.meals.set_guest_of_honour(diner(store, meal_id, "王建国").id, NOW)
    actions = "我方：发报价单 周五\n对方/张伟：确认样品 下周一 15:00\n我方/小李：约现场参观 12-08\n对方：内部评审 +3d"
    interaction_id = store.meals.save_minutes(meal_id, minutes(store, meal_id, actions=actions), NOW)
    found = {(f.contact_id, f.what, f.due_date, f.due_time, f.promise)
             for f in store.capture.get_interaction(interaction_id).followups}
    assert found == {
        (people["王建国"], "发报价单", date(2026, 11, 27), None, True),        # no name: the guest of honour
        (people["张伟"], "确认样品", date(2026, 11, 30), time(15), False),     # the named guest
        (people["王建国"], "小李: 约现场参观", date(2026, 12, 8), None, True),  # ours, named: kept in the text
        (people["王建国"], "内部评审", date(2026, 11, 29), None, False),
    }
    agenda = {(f.contact_name, f.what) for f in store.agenda.agenda_items(NOW.date())}
    assert ("王建国", "发报价单") in agenda and ("张伟", "确认样品") in agenda


def test_saving_minutes_again_updates_the_same_interaction_and_keeps_unchanged_follow_ups(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    first = store.meals.save_minutes(meal_id, minutes(store, meal_id, actions="我方：发报价单 周五\n我方：寄样品 周六"), NOW)
    kept = {f.what: f.id for f in store.capture.get_interaction(first).followups}
    store.capture.complete_followup(kept["寄样品"], NOW)
    later = NOW + timedelta(hours=1)
    again = store.meals.save_minutes(meal_id, minutes(store, meal_id, actions="我方：发报价单 周五\n我方：约技术交流 下周二",
                                                cost="1500"), later)
    assert again == first
    followups = store.capture.get_interaction(first).followups
    live = {f.what: f for f in followups if f.archived_at is None}
    assert live["发报价单"].id == kept["发报价单"]            # unchanged: the same follow-up
    assert live["寄样品"].done_at is not None                 # done: kept as history
    assert "约技术交流" in live
    assert store.capture.get_interaction(first).interaction.cost == 1500
    assert len(store.meals.list_meals()) == 1 and store.agenda.recent_interactions(10)[0].id == first


def test_nobody_who_came_means_no_minutes(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    view = store.meals.get_meal(meal_id)
    ours = [d.id for d in view.diners if d.side == "ours"]
    data, errors = validate_minutes({}, ours, {d.id for d in view.diners if d.side == "guest"}, NOW)
    assert data is None and [e.key for e in errors["attended"]] == ["meal.error.nobody_came"]


def test_a_level_change_names_the_meal_as_its_reason(store, people):
    set_language("zh")
    meal_id = store.meals.add_meal(plan(people), NOW)
    interaction_id = store.meals.save_minutes(meal_id, minutes(store, meal_id, levels={people["张伟"]: "4",
                                                                                 people["赵敏"]: "5"}), NOW)
    assert store.contacts.get_contact(people["张伟"]).contact.level == 4
    assert store.contacts.get_contact(people["赵敏"]).contact.level == 3  # not at this meal: untouched
    [change] = [e for e in store.capture.timeline(people["张伟"]) if e.kind == "level"]
    assert (change.from_level, change.to_level, change.text) == (3, 4, "2026-11-24 潮汕火锅")
    assert store.capture.get_interaction(interaction_id).interaction.kind == "meal"


def test_minutes_that_fail_leave_nothing_behind(store, people, monkeypatch):
    meal_id = store.meals.add_meal(plan(people), NOW)
    data = minutes(store, meal_id, actions="我方：发报价单 周五", learned="张伟：女儿明年高考")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(store.meals), "_sync_learned", broken)
    with pytest.raises(RuntimeError):
        store.meals.save_minutes(meal_id, data, NOW)
    assert store.meals.get_meal(meal_id).meal.minutes_at is None
    assert store.agenda.recent_interactions(10) == [] and store.agenda.agenda_items(NOW.date()) == []
    assert store.contacts.get_contact(people["张伟"]).contact.last_contact_at is None


# ---------------------------------------------------------------- learned facts


def test_filing_a_learned_fact_appends_it_with_its_source_once(store, people):
    set_language("zh")
    meal_id = store.meals.add_meal(plan(people), NOW)
    store.meals.save_minutes(meal_id, minutes(store, meal_id, learned="张伟：女儿明年高考\n张总：喜欢单枞茶\n杨帆：在学高尔夫"), NOW)
    rows = store.meals.learned_for(meal_id)
    assert [(r.person, r.contact_id) for r in rows] == [("张伟", people["张伟"]), ("张总", people["张伟"]),
                                                        ("杨帆", None)]
    assert store.meals.file_learned(rows[0].id, "notes", NOW) == "filed"
    assert store.meals.file_learned(rows[0].id, "family", NOW) == "already"
    assert store.meals.file_learned(rows[2].id, "notes", NOW) == "no_contact"
    assert store.contacts.get_contact(people["张伟"]).contact.notes == "· 女儿明年高考 (2026-11-24 潮汕火锅)"
    set_language("en")
    assert store.meals.file_learned(rows[1].id, "notes", NOW) == "filed"
    assert store.contacts.get_contact(people["张伟"]).contact.notes.splitlines() == [
        "· 女儿明年高考 (2026-11-24 潮汕火锅)", "· 喜欢单枞茶 (2026-11-24 潮汕火锅)"]  # filed under either language
    assert store.meals.learned_for(meal_id)[0].filed_at == NOW
    # Saved again without the filed fact: it stays, with where it came from.
    store.meals.save_minutes(meal_id, minutes(store, meal_id, learned="赵敏：两个孩子"), NOW)
    # 杨帆 is gone; 赵敏 is kept but cannot be filed (not at this meal).
    assert [(r.person, r.contact_id) for r in store.meals.learned_for(meal_id)] == [
        ("张伟", people["张伟"]), ("张总", people["张伟"]), ("赵敏", None)]


def test_a_learned_fact_is_filed_into_the_profile_field_chosen(store, people):
    meal_id = store.meals.add_meal(plan(people), NOW)
    store.meals.save_minutes(meal_id, minutes(store, meal_id, learned="张伟：女儿明年高考\n张伟：儿子喜欢篮球"), NOW)
    first, second = store.meals.learned_for(meal_id)
    assert store.meals.file_learned(first.id, "family", NOW) == "filed"
    assert store.meals.file_learned(second.id, "family", NOW) == "filed"
    contact = store.contacts.get_contact(people["张伟"]).contact
    assert contact.family == "女儿明年高考; 儿子喜欢篮球"    # one line, joined as a merge joins two records'
    assert contact.notes == ""
    with pytest.raises(ValueError):
        store.meals.file_learned(first.id, "phones", NOW)    # not a profile field


def test_match_guest():
    guests = [MealDiner(meal_id=1, name="张伟", contact_id=1), MealDiner(meal_id=1, name="王建国", contact_id=2),
              MealDiner(meal_id=1, name="王芳", contact_id=3)]
    assert match_guest("张伟", guests).contact_id == 1
    assert match_guest("张总", guests).contact_id == 1
    assert match_guest("建国", guests).contact_id == 2
    assert match_guest("王总", guests) is None  # two 王: ambiguous
    assert match_guest("", guests) is None and match_guest("李四", guests) is None


# ---------------------------------------------------------------- spending


def test_spending_is_actual_cost_per_company_per_month_and_year(store, people):
    a = store.meals.add_meal(plan(people, when=datetime(2026, 11, 24, 19)), NOW)
    b = store.meals.add_meal(plan(people, when=datetime(2026, 10, 9, 12)), NOW)
    c = store.meals.add_meal(plan(people, when=datetime(2025, 12, 20, 19)), NOW)
    store.meals.add_meal(plan(people, when=datetime(2026, 11, 20, 19), budget=9999), NOW)  # no minutes: budget only
    d = store.meals.add_meal(plan(people, names=("赵敏", "张伟"), when=datetime(2026, 11, 2, 19)), NOW)
    store.meals.save_minutes(a, minutes(store, a, cost="1280"), NOW)
    store.meals.save_minutes(b, minutes(store, b, cost="¥980"), NOW)
    store.meals.save_minutes(c, minutes(store, c, cost="2000"), NOW)
    store.meals.save_minutes(d, minutes(store, d, cost="600", skip=("张伟",)), NOW)  # 华为's guest did not come
    huawei = next(co.id for co in store.contacts.list_companies() if co.name == "华为")
    byd = next(co.id for co in store.contacts.list_companies() if co.name == "比亚迪")
    spending = store.meals.meal_spending(huawei)
    assert [(r.year, r.month, r.total, r.meals) for r in spending.by_month] == [
        (2026, 11, 1280, 1), (2026, 10, 980, 1), (2025, 12, 2000, 1)]
    assert [(r.year, r.total, r.meals) for r in spending.by_year] == [(2026, 2260, 2), (2025, 2000, 1)]
    assert [(r.year, r.month, r.total) for r in store.meals.meal_spending(byd).by_month] == [(2026, 11, 600)]
    store.meals.archive_meal(b, NOW)
    assert store.meals.meal_spending(huawei).by_year[0].total == 1280


def test_a_meal_shared_by_two_companies_is_split_by_guests(store, people):
    """¥860 with 张伟 and 王建国 (华为) and 赵敏 (比亚迪), 王建国 absent: 华为 and 比亚迪 one guest each."""
    meal_id = store.meals.add_meal(plan(people, names=("张伟", "王建国", "赵敏"), when=datetime(2026, 11, 20, 19)), NOW)
    store.meals.save_minutes(meal_id, minutes(store, meal_id, cost="860", skip=("王建国",)), NOW)
    companies = {co.name: co.id for co in store.contacts.list_companies()}
    huawei, byd = (store.meals.meal_spending(companies[name]) for name in ("华为", "比亚迪"))
    assert huawei.by_year[0].total == byd.by_year[0].total == 430
    assert huawei.by_year[0].total + byd.by_year[0].total == 860
    [shared] = huawei.shared
    assert (shared.cost, shared.guests, shared.of, shared.share, shared.title) == (860, 1, 2, 430, "潮汕火锅")


# ---------------------------------------------------------------- preparation


def test_last_meals_and_open_follow_ups_for_the_preparation_sheet(store, people):
    earlier = store.meals.add_meal(plan(people, when=datetime(2026, 10, 9, 12)), NOW)
    store.meals.save_minutes(earlier, minutes(store, earlier, actions="我方：发报价单 周五", agreements="样品下周交\n价格不变"),
                       NOW)
    coming = store.meals.add_meal(plan(people, when=NOW + timedelta(days=5)), NOW)
    [past] = store.meals.meals_with(people["张伟"], store.meals.get_meal(coming).meal.planned_at)
    assert (past.at, past.place, past.agreed) == (datetime(2026, 10, 9, 12), "潮汕牛肉火锅（南山店）", ["样品下周交", "价格不变"])
    assert store.meals.meals_with(people["张伟"], datetime(2026, 10, 1)) == []
    interaction_id = store.meals.get_meal(earlier).meal.interaction_id
    assert store.meals.meals_with(people["张伟"], NOW, exclude_interaction=interaction_id) == []
    # No guest of honour marked: an item without a name goes to the first guest.
    assert [f.what for f in store.meals.open_followups_of(people["张伟"])] == ["发报价单"]
    assert store.meals.open_followups_of(people["王建国"]) == []
    assert store.meals.open_followups_of(people["赵敏"]) == []
