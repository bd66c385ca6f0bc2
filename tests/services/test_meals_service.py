"""services/meals.py on a temporary book: the views the Meals list, a plan's page, the
preparation sheet and the minutes show (seating, checks and dishes assembled here), and the
commands they run. No ORM row leaves it. "Now" is Thursday 2026-11-26 10:00."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest

from clientbook.domain.interactions import Coach, InfoQuality, Space
from clientbook.domain.meal_forms import OurDiner, PlanInput, validate_minutes
from clientbook.domain.meals.enums import InviteStatus, MealPurpose, OurRole, VenueLevel
from clientbook.domain.meals.minutes import minutes_markdown
from clientbook.errors import Conflict
from clientbook.i18n import set_language
from clientbook.services.meals import MealDetails, MealsService, MinutesEdit, diner_name
from cli_support import run
from conftest import NOW, add_contact, orm_rows_in

DINNER = datetime(2026, 11, 24, 19, 0)   # Tuesday, two days ago


@pytest.fixture
def service(store):
    return MealsService(store)


@pytest.fixture
def people(store):
    def add(name, company="华为", **raw):
        return add_contact(store, NOW - timedelta(days=30), name=name, company=company, **raw)

    return {
        "张伟": add("张伟", title="采购总监", position="manager", level="3", taboos="不吃牛肉"),
        "王建国": add("王建国", title="副总裁", position="boss", level="2"),
        "赵敏": add("赵敏", company="比亚迪", position="manager", level="3"),
    }


def plan(people, names=("张伟", "王建国"), when=DINNER, **extra) -> PlanInput:
    values = dict(planned_at=when, guests=[(people[n], n) for n in names],
                  ours=[OurDiner("刘总", OurRole.BOSS), OurDiner("", OurRole.ME)],
                  title="潮汕火锅", venue="潮汕牛肉火锅（南山店）", cuisine="潮汕牛肉火锅",
                  purpose=MealPurpose.BUSINESS, venue_level=VenueLevel.MID_RANGE, budget=2000)
    values.update(extra)
    return PlanInput(**values)


def minutes_input(service, meal_id, actions="我方：发报价单 周五\n对方/张伟：确认样品 下周一",
                  learned="张伟：女儿明年高考", levels=None, **marks):
    details = service.meal(meal_id)
    raw = {"discussed": "聊了二期", "agreements": "二期按原价推进", "actions": actions, "learned": learned,
           "cost": "1280", "next_step": "评审会后再约", **marks}
    data, errors = validate_minutes(raw, [d.id for d in details.diners],
                                    {d.id for d in details.diners if d.side == "guest"}, NOW, levels or {})
    assert not errors, errors
    return data


def diner_id(service, meal_id, name) -> int:
    return next(d.id for d in service.meal(meal_id).diners if d.name == name)


def assert_plain_frozen(view) -> None:
    assert orm_rows_in(view) == []
    assert dataclasses.is_dataclass(view)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(view, dataclasses.fields(view)[0].name, None)


# ---------------------------------------------------------------- reads


def test_every_read_is_a_frozen_view_without_orm_rows(service, people):
    meal_id = service.add_meal(plan(people), NOW)
    service.save_minutes(meal_id, minutes_input(service, meal_id), NOW)
    service.add_meal(plan(people, when=NOW + timedelta(days=2)), NOW)
    for view in (service.meal_list(NOW), service.meal(meal_id), service.plan_page(meal_id, NOW),
                 service.prep(meal_id), service.minutes_page(meal_id), service.minutes_edit(meal_id)):
        assert_plain_frozen(view)
    page = service.plan_page(meal_id, NOW)
    for part in (page.details.meal, page.details.diners[0], page.plan, *page.details.contacts.values(),
                 *page.details.companies.values(), *service.prep(meal_id).guests, *service.learned(meal_id)):
        assert_plain_frozen(part)


def test_the_list_has_the_coming_meals_soonest_first_then_the_past_latest_first(service, people):
    past = [service.add_meal(plan(people, when=DINNER - timedelta(days=d)), NOW) for d in (5, 0)]
    coming = [service.add_meal(plan(people, when=NOW + timedelta(days=d)), NOW) for d in (9, 2)]
    meals = service.meal_list(NOW)
    assert [r.id for r in meals.coming] == coming[::-1]
    assert [r.id for r in meals.past] == past[::-1]


def test_the_plan_page_seats_by_precedence_with_our_boss_hosting(service, people):
    meal_id = service.add_meal(plan(people), NOW)
    page = service.plan_page(meal_id, NOW)
    names = {d.id: diner_name(d) for d in page.details.diners}
    assert not page.plan.manual
    assert names[page.plan.ids[0]] == "刘总"                         # our boss hosts
    assert names[page.plan.ids[1]] == "王建国"                       # the highest guest on his right
    assert sorted(page.plan.ids) == sorted(names)
    assert [d.name for d in page.plan.seating.seats] == [names[i] for i in page.plan.ids]


def test_the_plan_page_checks_the_plan_and_suggests_dishes(service, people):
    meal_id = service.add_meal(plan(people), NOW + timedelta(days=1))
    page = service.plan_page(meal_id, NOW)
    set_language("zh")
    assert any("张伟" in w.message("zh") and "牛" in w.message("zh") for w in page.warnings)  # his taboo
    dishes = page.dishes
    assert dishes.style == "hotpot" and dishes.total == 8 and dishes.cold_starters == 0  # four at a hotpot
    assert any("张伟" in reason for reason in dishes.reasons_text("zh"))                # the dishes mind him too
    service.set_invite_status(diner_id(service, meal_id, "张伟"), InviteStatus.DECLINED, NOW)
    page = service.plan_page(meal_id, NOW)
    assert not any("张伟" in w.message("zh") for w in page.warnings)   # not coming: no clash
    assert not any("张伟" in reason for reason in page.dishes.reasons_text("zh"))
    assert diner_id(service, meal_id, "张伟") not in page.plan.ids


@pytest.mark.parametrize(("guests", "seated"), [(1, 2), (13, 14), (14, None)])
def test_a_table_is_seated_from_2_to_14_and_not_beyond(service, store, guests, seated):
    names = [f"客人{n:02d}" for n in range(guests)]
    ids = {name: add_contact(store, NOW - timedelta(days=30), name=name, company="华为") for name in names}
    meal_id = service.add_meal(plan(ids, names=names, ours=[OurDiner("", OurRole.ME)]), NOW)
    page = service.plan_page(meal_id, NOW)
    assert (None if page.plan is None else len(page.plan.ids)) == seated
    assert page.dishes is not None   # the dishes do not depend on the table's shape


def test_the_prep_sheet_puts_the_guest_of_honour_first_with_his_open_follow_ups(service, people):
    first = service.add_meal(plan(people, when=DINNER - timedelta(days=30)), NOW)
    service.save_minutes(first, minutes_input(service, first), NOW)
    meal_id = service.add_meal(plan(people), NOW)
    service.toggle_guest_of_honour(diner_id(service, meal_id, "张伟"), NOW)
    prep = service.prep(meal_id)
    assert [g.diner.name for g in prep.guests] == ["张伟", "王建国"]
    zhang = prep.guests[0]
    assert zhang.contact.taboos == "不吃牛肉" and zhang.company.name == "华为"
    assert [m.agreed for m in zhang.past] == [["二期按原价推进"]]
    assert [(f.what, f.promise) for f in zhang.open] == [("发报价单", True), ("确认样品", False)]  # by due date


# ---------------------------------------------------------------- commands, read back


def test_marks_and_seats_read_back(service, people):
    meal_id = service.add_meal(plan(people), NOW)
    wang = diner_id(service, meal_id, "王建国")
    assert service.toggle_guest_of_honour(wang, NOW) is True
    assert [d.name for d in service.meal(meal_id).diners if d.is_guest_of_honour] == ["王建国"]
    service.set_decision_maker(diner_id(service, meal_id, "张伟"), True, NOW)
    assert {d.name for d in service.meal(meal_id).diners if d.is_decision_maker} == {"王建国", "张伟"}
    ids = list(service.plan_page(meal_id, NOW).plan.ids)
    swapped = [ids[0], ids[2], ids[1], *ids[3:]]
    service.set_seating(meal_id, swapped, NOW)
    page = service.plan_page(meal_id, NOW)
    assert list(page.plan.ids) == swapped and page.plan.manual
    service.set_seating(meal_id, [], NOW)
    assert list(service.plan_page(meal_id, NOW).plan.ids) == ids
    zhang = diner_id(service, meal_id, "张伟")
    service.set_companion(zhang, wang, NOW)
    assert next(d for d in service.meal(meal_id).diners if d.id == zhang).companion_of == wang


def test_archive_and_restore_read_back_in_the_list(service, people):
    meal_id = service.add_meal(plan(people), NOW)
    service.archive_meal(meal_id, NOW)
    assert service.meal_list(NOW).past == ()
    service.restore_meal(meal_id, NOW)
    assert [r.id for r in service.meal_list(NOW).past] == [meal_id]


def test_update_with_a_stale_plan_is_a_conflict_carrying_the_meal_as_details(service, people):
    meal_id = service.add_meal(plan(people), NOW)
    read = service.meal(meal_id)
    service.update_meal(meal_id, plan(people, title="改过"), NOW, read)   # as read: saved
    assert service.meal(meal_id).meal.title == "改过"
    with pytest.raises(Conflict) as raised:
        service.update_meal(meal_id, plan(people, title="我的"), NOW, read)   # read before that save
    assert isinstance(raised.value.current, MealDetails) and raised.value.current.meal.title == "改过"
    assert orm_rows_in(raised.value.current) == []
    assert service.meal(meal_id).meal.title == "改过"


def test_minutes_saved_read_back_as_page_and_form_and_file_what_was_learned(service, people):
    meal_id = service.add_meal(plan(people), NOW)
    edit = service.minutes_edit(meal_id)
    assert set(edit.attended) == {d.id for d in edit.details.diners}   # nobody declined
    service.save_minutes(meal_id, minutes_input(service, meal_id), NOW, edit)
    page = service.minutes_page(meal_id)
    assert page.facts.title == "潮汕火锅" and page.facts.cost == 1280
    assert [(a.promise, a.who, a.what) for a in page.facts.action_items] == [(True, "", "发报价单"),
                                                                              (False, "张伟", "确认样品")]
    assert [(r.person, r.fact, r.filed_at) for r in page.learned] == [("张伟", "女儿明年高考", None)]
    assert service.file_learned(page.learned[0].id, "notes", NOW) == "filed"
    assert service.learned(meal_id)[0].filed_at == NOW
    with pytest.raises(Conflict) as raised:   # the form read before the minutes were saved
        service.save_minutes(meal_id, minutes_input(service, meal_id, actions=""), NOW, edit)
    assert isinstance(raised.value.current, MinutesEdit) and len(raised.value.current.actions) == 2
    service.save_minutes(meal_id, minutes_input(service, meal_id, actions=""), NOW, raised.value.current)
    assert service.minutes_edit(meal_id).actions == ()


def test_the_minutes_name_the_rep_by_the_name_in_the_settings(service, store, people):
    meal_id = service.add_meal(plan(people), NOW)   # the rep is stored without a name
    service.save_minutes(meal_id, minutes_input(service, meal_id), NOW)
    set_language("zh")
    assert "- 我方：刘总、李明\n" in minutes_markdown(MealsService(store, me="李明").minutes_facts(meal_id), "zh")
    assert "- 我方：刘总、我\n" in minutes_markdown(service.minutes_facts(meal_id), "zh")   # skipped: 我


def test_the_minutes_record_the_relationship_marks_for_every_guest_who_came(service, people, store):
    meal_id = service.add_meal(plan(people), NOW)
    assert service.minutes_edit(meal_id).marks == {"space": "", "info_quality": "", "coach": ""}
    service.save_minutes(meal_id, minutes_input(service, meal_id, space="private", info_quality="passive_private",
                                                coach="guides"), NOW)
    for name in ("张伟", "王建国"):
        marks = store.capture.contact_marks(people[name])
        assert (marks.space, marks.info_quality, marks.coach) == (Space.PRIVATE, InfoQuality.PASSIVE_PRIVATE,
                                                                  Coach.GUIDES)
    edit = service.minutes_edit(meal_id)   # the form opens on them again
    assert edit.marks == {"space": "private", "info_quality": "passive_private", "coach": "guides"}
    service.save_minutes(meal_id, minutes_input(service, meal_id, **{**edit.marks, "space": ""}), NOW, edit)
    assert service.minutes_edit(meal_id).marks["space"] == ""
    details = service.meal(meal_id)
    _data, errors = validate_minutes({"coach": "bribes"}, [d.id for d in details.diners],
                                     {d.id for d in details.diners}, NOW)
    assert [error.key for error in errors["coach"]] == ["form.error.choice"]


# ---------------------------------------------------------------- one name, one language-free book


def test_the_cli_today_and_the_meals_service_name_a_meal_the_same(tmp_path, book_path, store, service, people):
    """A meal without a title is named by its cuisine and venue, in `clientbook today` as in the app."""
    meal_id = service.add_meal(plan(people, title="", when=datetime.now() - timedelta(days=1)), NOW)
    store.close()
    label = service.meal(meal_id).meal.label
    [row] = [r for r in service.meal_list(datetime.now()).past if r.id == meal_id]
    assert label == row.label == "潮汕牛肉火锅 潮汕牛肉火锅（南山店）"
    result = run(tmp_path / "home", "--db", str(book_path), "today")
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if "张伟" in line and "—" in line]
    assert f"  {label} — " in line


def test_a_meal_with_no_name_is_named_in_the_language_shown(service, people):
    meal_id = service.add_meal(plan(people, title="", cuisine="", venue=""), NOW)
    assert service.meal(meal_id).meal.label == "(meal)"
    set_language("zh")
    assert service.meal(meal_id).meal.label == "（饭局）"
    assert [r.label for r in service.meal_list(NOW).past] == ["（饭局）"]


def stored_minutes(store, service, people, lang: str) -> tuple:
    """Save the same minutes with the interface in `lang`; what the book then holds."""
    set_language(lang)
    meal_id = service.add_meal(plan(people), NOW)
    interaction_id = service.save_minutes(meal_id, minutes_input(
        service, meal_id, actions="对方/小李：约现场参观 周五\n我方：发报价单 周五",
        levels={people["张伟"]: "4"}), NOW)
    service.file_learned(service.learned(meal_id)[0].id, "notes", NOW)
    view = store.capture.get_interaction(interaction_id)
    interaction = view.interaction
    reasons = [e.text for e in store.capture.timeline(people["张伟"]) if e.kind == "level"]
    notes = store.contacts.get_contact(people["张伟"]).contact.notes
    return (interaction.summary, interaction.notes, sorted(f.what for f in view.followups), reasons, notes,
            meal_id)


def test_minutes_saved_in_english_read_the_same_in_chinese_with_the_wording_chosen_when_shown(
        tmp_path, service, store, people):
    from clientbook.store import open_store

    *english, meal_id = stored_minutes(store, service, people, "en")
    other = open_store(tmp_path / "other.db", NOW)
    try:
        other_people = {name: add_contact(other, NOW - timedelta(days=30), name=name, company="华为", **raw)
                        for name, raw in (("张伟", {"position": "manager", "level": "3"}),
                                          ("王建国", {"position": "boss", "level": "2"}))}
        *chinese, _ = stored_minutes(other, MealsService(other), other_people, "zh")
    finally:
        other.close()
    assert english == chinese   # the book holds the same, whichever language the rep used
    summary, notes, followups, reasons, filed = english
    for word in ("Agreed", "达成共识", "Next step", "下一步", "meal ", "约饭"):
        assert word not in notes + filed + "".join(reasons)
    assert "小李: 约现场参观" in followups and reasons == ["2026-11-24 潮汕火锅"]
    assert filed == "· 女儿明年高考 (2026-11-24 潮汕火锅)"
    # Shown, the same stored minutes take the wording of the language of the moment.
    facts = service.minutes_facts(meal_id)
    assert "## Agreed" in minutes_markdown(facts, "en") and "## 达成共识" in minutes_markdown(facts, "zh")
