"""services/gifts.py on a temporary book: the views the occasions, policy and gift-log screens,
the gift forms, the Calendar and Today's reminders show, and the commands they run, each read
back through the service. No ORM row leaves it."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gift_forms import GiftInput, OccasionInput
from clientbook.domain.gifts.policy import BIRTHDAY_POLICY_KEY, CUSTOM_POLICY_KEY, decide
from clientbook.errors import Conflict
from clientbook.services import gifts as gifts_module
from clientbook.services.gifts import (
    CalendarView,
    CustomOccasionDetails,
    GiftFormView,
    GiftLog,
    GiftsService,
    OccasionsView,
    PolicyView,
    RhythmView,
    TodayReminders,
    snooze_until,
)
from conftest import NOW, add_contact, orm_rows_in

MID_AUTUMN_2027 = date(2027, 9, 15)
IN_WINDOW = datetime(2027, 9, 1, 10, 0)  # 14 days before 中秋 2027


@pytest.fixture
def service(store):
    return GiftsService(store)


@pytest.fixture
def ids(store):
    """A-grade 华为: a boss, a manager, a clerk; D-grade 小五金: a staff member."""
    return {name: add_contact(store, NOW, grade, name=name, company=company, position=position)
            for name, company, grade, position in [("王总", "华为", "A", "boss"), ("张伟", "华为", "A", "manager"),
                                                   ("陈静", "华为", "A", "clerk"), ("小李", "小五金", "D", "staff")]}


def frozen(view) -> bool:
    field = dataclasses.fields(view)[0].name
    try:
        setattr(view, field, None)
    except dataclasses.FrozenInstanceError:
        return True
    return False


def test_every_view_is_frozen_and_holds_no_orm_row(service, store, ids):
    company_id = next(c.id for c in store.contacts.list_companies() if c.name == "华为")
    occasion_id = service.add_custom_occasion(OccasionInput("华为司庆", "solar", 9, 16, company_id=company_id), NOW)
    service.log_gift(GiftInput(ids["张伟"], "茶叶", NOW.date(), 300.0, "mid_autumn"), NOW)
    service.set_rhythm(ids["陈静"], (40, 80), NOW.date())
    service.cycle_policy_cell("mid_autumn", Grade.D, Position.STAFF, 1)
    views = [service.occasions(), service.custom_occasion(occasion_id), service.policy("zh"), service.gift_log(),
             service.gift_form(ids["张伟"], "zh"), service.rhythm(ids["陈静"]), service.calendar(IN_WINDOW.date()),
             service.today_reminders(IN_WINDOW.date())]
    assert [type(v) for v in views] == [OccasionsView, CustomOccasionDetails, PolicyView, GiftLog, GiftFormView,
                                        RhythmView, CalendarView, TodayReminders]
    assert all(frozen(v) for v in views)
    assert orm_rows_in(views) == []
    assert all(frozen(week) for week in views[6].weeks) and all(frozen(row) for row in views[7].rows)


def test_todays_reminder_rows_header_then_people_then_everyday_gifts(service, store, ids):
    today = IN_WINDOW.date()
    store.gifts.set_everyday_rhythm(ids["小李"], (30, 60), today, next_on=today + timedelta(days=1))
    view = service.today_reminders(today)
    keys = [row.key for row in view.rows]
    header = keys.index("h:gift:mid_autumn:2027")
    people = [row for row in view.rows if row.kind == "person" and row.group.occasion.key == "mid_autumn"]
    assert {row.item.name for row in people} == {"王总", "张伟", "陈静"}
    assert all(keys.index(row.key) > header for row in people)
    assert f"g:mid_autumn:2027:{ids['张伟']}" in keys
    assert keys[-2:] == ["h:everyday", f"e:{ids['小李']}"] and view.rows[-1].due.name == "小李"
    assert view.people == sum(1 for row in view.rows if row.actionable)
    assert not any(row.actionable for row in view.rows if row.key.startswith("h:"))


def test_a_long_group_shows_its_first_rows_then_how_many_more(service, ids, monkeypatch):
    monkeypatch.setattr(gifts_module, "GROUP_ROWS", 2)
    rows = service.today_reminders(IN_WINDOW.date()).rows
    mid_autumn = [row for row in rows if row.group is not None and row.group.occasion.key == "mid_autumn"]
    assert [row.kind for row in mid_autumn] == ["occasion", "person", "person", "more"]
    assert mid_autumn[-1].more == 1 and mid_autumn[-1].key == "h:more:mid_autumn:2027"


def test_greet_skip_and_snooze_take_a_person_off_todays_rows(service, ids):
    today = IN_WINDOW.date()
    rows = {row.key: row for row in service.today_reminders(today).rows}
    wang, zhang, chen = (rows[f"g:mid_autumn:2027:{ids[n]}"] for n in ("王总", "张伟", "陈静"))
    service.greet(wang, IN_WINDOW)
    assert service.skip(zhang, IN_WINDOW) is None
    until = snooze_until(chen, "1w", today)
    assert until == today + timedelta(days=7)
    service.snooze(chen, until, IN_WINDOW)
    assert not [row for row in service.today_reminders(today).rows if row.key.startswith("g:mid_autumn")]
    back = {row.key for row in service.today_reminders(until).rows}
    assert f"g:mid_autumn:2027:{ids['陈静']}" in back and f"g:mid_autumn:2027:{ids['张伟']}" not in back
    greeted = service.gift_log()  # a greeting is an interaction, not a gift
    assert greeted.gifts == ()


def test_a_snooze_never_passes_the_occasions_day(service, ids):
    on_the_eve = MID_AUTUMN_2027 - timedelta(days=1)
    row = next(r for r in service.today_reminders(on_the_eve).rows if r.kind == "person")
    assert snooze_until(row, "1w", on_the_eve) == MID_AUTUMN_2027
    on_the_day = next(r for r in service.today_reminders(MID_AUTUMN_2027).rows if r.kind == "person")
    assert snooze_until(on_the_day, "1d", MID_AUTUMN_2027) is None


def test_everyday_gift_skip_redraws_and_snooze_moves_it(service, store, ids):
    today = NOW.date()
    store.gifts.set_everyday_rhythm(ids["陈静"], (40, 80), today, next_on=today + timedelta(days=2))
    [due] = [row for row in service.today_reminders(today).rows if row.kind == "due"]
    until = snooze_until(due, "1w", today)
    assert until == today + timedelta(days=7)  # an everyday gift has no day to stop at
    service.snooze(due, until, NOW)
    assert [row for row in service.today_reminders(today).rows if row.kind == "due"] == []
    drawn = service.skip(due, NOW)
    assert today + timedelta(days=40) <= drawn <= today + timedelta(days=80)
    assert service.rhythm(ids["陈静"]).rhythm.next_on == drawn


def test_occasion_settings_toggle_and_lead_days(service):
    service.toggle_occasion("mid_autumn")
    service.set_lead_days("mid_autumn", 10)
    service.toggle_occasion("birthday")
    service.set_lead_days("birthday", 5)
    view = service.occasions()
    mid_autumn = next(o for o in view.festivals if o.key == "mid_autumn")
    assert (mid_autumn.enabled, mid_autumn.lead_days) == (False, 10)
    assert (view.birthdays_on, view.birthday_lead) == (False, 5)
    service.toggle_occasion("mid_autumn")
    assert next(o for o in service.occasions().festivals if o.key == "mid_autumn").enabled


def test_custom_occasions_added_edited_with_a_conflict_check_and_deleted(service, store, ids):
    wedding = service.add_custom_occasion(
        OccasionInput("张伟女儿婚礼", "lunar", 3, 8, yearly=False, year=2027, contact_id=ids["张伟"]), NOW)
    assert service.scope_name(contact_id=ids["张伟"]) == "张伟"
    [row] = service.occasions().custom
    assert (row.id, row.scope_name, row.occasion.name) == (wedding, "张伟", "张伟女儿婚礼")
    read = service.custom_occasion(wedding)
    service.update_custom_occasion(wedding, OccasionInput("婚礼", "lunar", 3, 9, yearly=False, year=2027), read)
    assert (service.custom_occasion(wedding).name, service.custom_occasion(wedding).day) == ("婚礼", 9)
    with pytest.raises(Conflict) as stale:  # saved from the form as it was before the edit
        service.update_custom_occasion(wedding, OccasionInput("别的", "lunar", 3, 8, yearly=False, year=2027), read)
    assert stale.value.current == service.custom_occasion(wedding) and orm_rows_in(stale.value.current) == []
    assert service.delete_custom_occasion(wedding, NOW) == "婚礼"
    assert service.occasions().custom == ()


def test_policy_cells_cycle_both_ways_and_reset(service):
    default = decide(service.policy("en").policy, "mid_autumn", Grade.D, Position.STAFF)
    service.cycle_policy_cell("mid_autumn", Grade.D, Position.STAFF, 1)
    view = service.policy("en")
    assert ("mid_autumn", Grade.D, Position.STAFF) in view.edited
    moved = decide(view.policy, "mid_autumn", Grade.D, Position.STAFF)
    assert moved != default
    service.cycle_policy_cell("mid_autumn", Grade.D, Position.STAFF, -1)
    assert decide(service.policy("en").policy, "mid_autumn", Grade.D, Position.STAFF) == default
    service.cycle_policy_cell("mid_autumn", Grade.A, Position.BOSS, 1)
    service.reset_policy_cell("mid_autumn", Grade.A, Position.BOSS)
    assert ("mid_autumn", Grade.A, Position.BOSS) not in service.policy("en").edited
    occasion = service.add_custom_occasion(OccasionInput("司庆", "solar", 9, 16), NOW)
    keys = [k for k, _name in service.policy("zh").keys]
    assert {"mid_autumn", BIRTHDAY_POLICY_KEY, CUSTOM_POLICY_KEY} <= set(keys) and keys[-1] == f"custom:{occasion}"


def test_a_logged_gift_shows_in_the_log_the_spend_and_the_same_gift_warnings_past(service, store, ids):
    occasion = service.add_custom_occasion(OccasionInput("婚礼", "solar", 5, 1, yearly=False, year=2026,
                                                         contact_id=ids["张伟"]), NOW)
    service.set_rhythm(ids["张伟"], (40, 80), NOW.date())
    rhythm = service.log_gift(GiftInput(ids["张伟"], "红酒", date(2026, 5, 1), 500.0, f"custom:{occasion}"), NOW)
    assert rhythm is not None and rhythm.next_on >= date(2026, 5, 1) + timedelta(days=40)
    service.log_gift(GiftInput(ids["王总"], "月饼", NOW.date(), 388.0, "mid_autumn"), NOW, ("mid_autumn", 2026))
    log = service.gift_log()
    assert [(g.contact_name, g.what) for g in log.gifts] == [("王总", "月饼"), ("张伟", "红酒")]
    assert log.spend[("华为", 2026)] == 888.0
    form = service.gift_form(ids["张伟"], "zh")
    assert form.name == "张伟" and form.past == (("红酒", date(2026, 5, 1), "婚礼"),)


def test_the_calendar_view_has_its_span_weeks_and_shopping(service, store, ids):
    view = service.calendar(IN_WINDOW.date())
    assert (view.start, view.end) == (IN_WINDOW.date(), IN_WINDOW.date() + timedelta(days=90))
    assert all(week.start.weekday() == 0 for week in view.weeks)
    [shop] = view.shopping
    assert shop.occasion.key == "mid_autumn" and shop.day == MID_AUTUMN_2027
    assert shop.shopping.count == 3 and {i.name for i in shop.group.items} == {"王总", "张伟", "陈静"}
