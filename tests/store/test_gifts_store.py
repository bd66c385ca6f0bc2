"""Gifts and greetings in the store (store/gifts.py) and as composed for Today, the Calendar and
the .ics export (services/gifts.py): occasions and their settings, custom occasions, the
policy, reminder states, the gift log, and everyday-gift rhythms."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from clientbook.domain.contacts import validate_contact
from clientbook.domain.enums import Grade, Position
from clientbook.domain.gift_forms import GiftInput, OccasionInput
from clientbook.domain.gifts.policy import BudgetTier, Treatment, default_policy
from clientbook.domain.lunar import festival_date
from clientbook.services import gifts as svc
from clientbook.store import open_store
from conftest import NOW, add_contact

MID_AUTUMN_2027 = date(2027, 9, 15)
IN_WINDOW = datetime(2027, 9, 1, 10, 0)  # 14 days before 中秋 2027


def add(store, name, company="华为", grade="A", position="manager", birthday="", wechat="", when=NOW) -> int:
    return add_contact(store, when, grade, name=name, company=company, position=position, birthday=birthday,
                       wechat=wechat)


@pytest.fixture
def book(store):
    """A-grade 华为: a boss, a manager, a clerk; D-grade 小五金: a staff member."""
    ids = {
        "王总": add(store, "王总", position="boss", wechat="wang_wx"),
        "张伟": add(store, "张伟", position="manager"),
        "陈静": add(store, "陈静", position="clerk"),
        "小李": add(store, "小李", company="小五金", grade="D", position="staff"),
    }
    return store, ids


def group(reminders, key):
    found = [g for g in reminders.groups if g.occasion.key == key]
    return found[0] if found else None


# ------------------------------------------------------------------ occasions
def test_builtin_occasions_follow_the_reps_settings(store):
    defaults = {o.key: o for o in store.agenda.builtin_occasions()}
    assert defaults["mid_autumn"].lead_days == 21 and defaults["mid_autumn"].enabled
    assert defaults["double_ninth"].enabled is False
    assert store.agenda.birthday_setting() == (True, 3)

    store.gifts.set_occasion_setting("mid_autumn", False, 10)
    store.gifts.set_occasion_setting("double_ninth", True, 2)
    store.gifts.set_occasion_setting("birthday", True, 5)
    changed = {o.key: o for o in store.agenda.builtin_occasions()}
    assert (changed["mid_autumn"].enabled, changed["mid_autumn"].lead_days) == (False, 10)
    assert (changed["double_ninth"].enabled, changed["double_ninth"].lead_days) == (True, 2)
    assert store.agenda.birthday_setting() == (True, 5)
    with pytest.raises(ValueError):
        store.gifts.set_occasion_setting("qixi_typo", True, 0)
    with pytest.raises(ValueError):
        store.gifts.set_occasion_setting("mid_autumn", True, 400)


def test_custom_occasions_are_added_edited_and_deleted(book):
    store, ids = book
    company_id = next(c.id for c in store.contacts.list_companies() if c.name == "华为")
    anniversary = store.gifts.add_custom_occasion(
        OccasionInput("华为成立纪念日", "solar", 9, 15, year=1987, lead_days=7, company_id=company_id), NOW)
    wedding = store.gifts.add_custom_occasion(
        OccasionInput("张伟女儿婚礼", "lunar", 3, 8, yearly=False, year=2027, contact_id=ids["张伟"]), NOW)
    rows = {r.id: r for r in store.agenda.custom_occasions()}
    assert rows[anniversary].occasion.key == f"custom:{anniversary}"
    assert rows[anniversary].scope_name == "华为" and rows[anniversary].company_id == company_id
    assert rows[wedding].scope_name == "张伟" and rows[wedding].occasion.is_lunar
    assert rows[wedding].occasion.yearly is False

    store.gifts.update_custom_occasion(anniversary, OccasionInput("华为司庆", "solar", 9, 16, lead_days=3))
    row = next(r for r in store.agenda.custom_occasions() if r.id == anniversary)
    assert (row.occasion.name, row.occasion.day, row.occasion.lead_days, row.company_id) == ("华为司庆", 16, 3, company_id)

    store.gifts.archive_custom_occasion(wedding, NOW)
    assert [r.id for r in store.agenda.custom_occasions()] == [anniversary]
    with pytest.raises(ValueError):  # a one-off needs its year
        store.gifts.add_custom_occasion(OccasionInput("无年份", "solar", 1, 2, yearly=False), NOW)


# ------------------------------------------------------------------ policy
def test_policy_cells_are_edited_and_reset(store):
    assert store.agenda.policy() == default_policy()
    store.gifts.set_policy_cell("mid_autumn", Grade.D, Position.STAFF, Treatment.GIFT, BudgetTier.SMALL)
    store.gifts.set_policy_cell("custom:4", Grade.A, Position.CLERK, Treatment.GREETING, None)
    policy = store.agenda.policy()
    assert policy[("mid_autumn", Grade.D, Position.STAFF)] == (Treatment.GIFT, BudgetTier.SMALL)
    assert policy[("custom:4", Grade.A, Position.CLERK)] == (Treatment.GREETING, None)
    store.gifts.set_policy_cell("mid_autumn", Grade.D, Position.STAFF, Treatment.NONE, None)  # edited again: one row
    assert len(store.agenda.policy_rules()) == 2
    store.gifts.reset_policy_cell("mid_autumn", Grade.D, Position.STAFF)
    assert store.agenda.policy()[("mid_autumn", Grade.D, Position.STAFF)] == default_policy()[("mid_autumn", Grade.D, Position.STAFF)]
    with pytest.raises(ValueError):  # a gift needs its budget tier
        store.gifts.set_policy_cell("mid_autumn", Grade.A, Position.BOSS, Treatment.GIFT, None)


# ------------------------------------------------------------------ reminders for Today
def test_mid_autumn_reminders_inside_the_lead_window_only(book):
    store, ids = book
    assert group(svc.gift_reminders(store, date(2027, 8, 24)), "mid_autumn") is None  # 22 days before
    found = group(svc.gift_reminders(store, date(2027, 8, 25)), "mid_autumn")  # 21 days before
    assert found is not None and found.days_left == 21

    ma = group(svc.gift_reminders(store, IN_WINDOW.date()), "mid_autumn")
    assert ma.date == MID_AUTUMN_2027 and ma.days_left == 14 and ma.lunar == (8, 15, False)
    assert svc.group_title(ma, "zh") == "中秋节 · 9月15日 · 八月十五 · 还有 14 天"
    assert svc.group_title(ma, "en") == "Mid-Autumn Festival · Sep 15 · lunar 8/15 · in 14 days"
    decided = {i.name: (i.treatment, i.budget_tier) for i in ma.items}
    assert decided == {
        "王总": (Treatment.GIFT, BudgetTier.SPECIAL),
        "张伟": (Treatment.GIFT, BudgetTier.PREMIUM),
        "陈静": (Treatment.GIFT, BudgetTier.SMALL),
        # 小李: D-grade staff, nothing
    }


def test_done_skipped_and_snoozed_reminders(book):
    store, ids = book
    today = IN_WINDOW.date()
    store.gifts.record_gift(GiftInput(ids["张伟"], "月饼礼盒", today, 388.0, "mid_autumn"), IN_WINDOW,
                      reminder=("mid_autumn", 2027))
    store.gifts.set_reminder_state("mid_autumn", 2027, ids["陈静"], "skipped", IN_WINDOW)
    store.gifts.set_reminder_state("mid_autumn", 2027, ids["王总"], "snoozed", IN_WINDOW, until=today + timedelta(days=7))
    assert group(svc.gift_reminders(store, today), "mid_autumn") is None  # everyone handled
    back = group(svc.gift_reminders(store, today + timedelta(days=7)), "mid_autumn")
    assert [i.name for i in back.items] == ["王总"]
    # Next year's Mid-Autumn starts afresh.
    next_year = festival_date("mid_autumn", 2028)
    assert len(group(svc.gift_reminders(store, next_year - timedelta(days=3)), "mid_autumn").items) == 3
    store.gifts.clear_reminder_state("mid_autumn", 2027, ids["陈静"])
    assert [i.name for i in group(svc.gift_reminders(store, today), "mid_autumn").items] == ["陈静"]


def test_switched_off_and_lead_time_changes_reach_today(book):
    store, _ids = book
    store.gifts.set_occasion_setting("mid_autumn", False, 21)
    assert group(svc.gift_reminders(store, IN_WINDOW.date()), "mid_autumn") is None
    store.gifts.set_occasion_setting("mid_autumn", True, 7)
    assert group(svc.gift_reminders(store, IN_WINDOW.date()), "mid_autumn") is None
    assert group(svc.gift_reminders(store, MID_AUTUMN_2027 - timedelta(days=7)), "mid_autumn") is not None


def test_lunar_birthdays_remind_three_days_ahead_and_can_be_switched_off(store):
    contact_id = add(store, "孙丽", birthday="农历九月初九", position="boss")
    birthday_2027 = date(2027, 10, 8)  # 农历九月初九 of 2027
    assert group(svc.gift_reminders(store, birthday_2027 - timedelta(days=4)), f"birthday:{contact_id}") is None
    found = group(svc.gift_reminders(store, birthday_2027 - timedelta(days=3)), f"birthday:{contact_id}")
    assert found.date == birthday_2027 and found.lunar == (9, 9, False)
    assert found.date_text("zh") == "10月8日 · 九月初九"
    assert [(i.treatment, i.budget_tier) for i in found.items] == [(Treatment.GIFT, BudgetTier.SPECIAL)]
    store.gifts.set_occasion_setting("birthday", False, 3)
    assert group(svc.gift_reminders(store, birthday_2027 - timedelta(days=3)), f"birthday:{contact_id}") is None


def test_custom_occasions_concern_their_contact_or_company_only(book):
    store, ids = book
    wedding = store.gifts.add_custom_occasion(
        OccasionInput("陈静婚礼", "solar", 12, 1, yearly=False, year=2026, lead_days=7, contact_id=ids["陈静"]), NOW)
    small = next(c.id for c in store.contacts.list_companies() if c.name == "小五金")
    anniversary = store.gifts.add_custom_occasion(OccasionInput("小五金司庆", "solar", 12, 2, lead_days=7, company_id=small), NOW)
    everyone = store.gifts.add_custom_occasion(OccasionInput("公司年会", "solar", 12, 3, lead_days=7), NOW)
    reminders = svc.gift_reminders(store, NOW.date())
    # 陈静 is an A-grade clerk: the default for custom occasions is nothing, but it is her own
    # occasion, so she is greeted.
    assert [(i.name, i.treatment) for i in group(reminders, f"custom:{wedding}").items] == [("陈静", Treatment.GREETING)]
    # 小五金 is D-grade: nobody there is due anything by default.
    assert group(reminders, f"custom:{anniversary}") is None
    store.gifts.set_policy_cell(f"custom:{anniversary}", Grade.D, Position.STAFF, Treatment.GIFT, BudgetTier.SMALL)
    assert [i.name for i in group(svc.gift_reminders(store, NOW.date()), f"custom:{anniversary}").items] == ["小李"]
    assert {i.name for i in group(reminders, f"custom:{everyone}").items} == {"王总", "张伟"}  # A boss and manager


# ------------------------------------------------------------------ recording
def test_a_gift_is_logged_with_its_interaction(book):
    store, ids = book
    gift_id = store.gifts.record_gift(GiftInput(ids["张伟"], "广式月饼礼盒", NOW.date(), 328.0, "mid_autumn", "托前台转交"), NOW,
                                summary=svc.gift_summary("mid_autumn", "广式月饼礼盒", "zh"))
    [row] = store.gifts.given(contact_id=ids["张伟"])
    assert (row.id, row.what, row.value, row.given_on, row.occasion_key, row.company) == (
        gift_id, "广式月饼礼盒", 328.0, NOW.date(), "mid_autumn", "华为")
    view = store.capture.get_interaction(row.interaction_id)
    assert view.interaction.kind == "gift" and view.interaction.cost == 328.0
    assert view.interaction.summary == "中秋节礼品：广式月饼礼盒" and view.interaction.notes == "托前台转交"
    assert view.contacts == [(ids["张伟"], "张伟")]
    assert store.contacts.get_contact(ids["张伟"]).contact.last_contact_at == NOW
    assert [e.kind for e in store.capture.timeline(ids["张伟"])] == ["interaction"]
    assert [h.ref_id for h in store.capture.search_notes("月饼")] == [row.interaction_id]


def test_a_backdated_gift_keeps_its_day(book):
    store, ids = book
    store.gifts.record_gift(GiftInput(ids["陈静"], "茶叶", date(2026, 11, 20)), NOW)
    [row] = store.gifts.given(contact_id=ids["陈静"])
    interaction = store.capture.get_interaction(row.interaction_id).interaction
    assert interaction.occurred_at == datetime(2026, 11, 20) and interaction.has_time is False


def test_a_greeting_is_a_wechat_message(book):
    store, ids = book
    first = store.gifts.record_greeting(ids["王总"], "中秋节问候", NOW, reminder=("mid_autumn", 2027))
    second = store.gifts.record_greeting(ids["陈静"], "中秋节问候", NOW)
    assert store.capture.get_interaction(first).interaction.kind == "wechat"   # has a WeChat id
    assert store.capture.get_interaction(second).interaction.kind == "wechat"  # has none in the book: still WeChat
    assert store.gifts.reminder_state("mid_autumn", 2027, ids["王总"]).state == "done"
    assert store.gifts.given() == []  # a greeting is not a gift


def test_same_gift_warning_and_spend_per_company_and_year(book):
    store, ids = book
    wedding = store.gifts.add_custom_occasion(OccasionInput("婚礼", "solar", 5, 1, yearly=False, year=2026,
                                                      contact_id=ids["张伟"]), NOW)
    store.gifts.record_gift(GiftInput(ids["张伟"], "Moutai 飞天 53°", date(2025, 9, 10), 2800.0, "mid_autumn"), NOW)
    store.gifts.record_gift(GiftInput(ids["张伟"], "红酒", date(2026, 5, 1), 600.0, f"custom:{wedding}"), NOW)
    store.gifts.record_gift(GiftInput(ids["王总"], "茶具", date(2026, 2, 1), 900.0, "spring_festival"), NOW)
    store.gifts.record_gift(GiftInput(ids["小李"], "水果", date(2026, 3, 1), None), NOW)
    assert svc.same_gift(store, ids["张伟"], "ｍｏｕｔａｉ飞天５３", "en") == \
        "Already given “Moutai 飞天 53°” on 2025-09-10 (Mid-Autumn Festival)"
    assert svc.same_gift(store, ids["张伟"], "红酒", "zh") == "已于 2026-05-01（婚礼）送过“红酒”"
    assert svc.same_gift(store, ids["王总"], "红酒", "zh") is None
    assert store.gifts.gift_spend() == {("华为", 2025): 2800.0, ("华为", 2026): 1500.0}
    huawei = next(c.id for c in store.contacts.list_companies() if c.name == "华为")
    assert store.gifts.gift_spend(company_id=huawei) == {("华为", 2025): 2800.0, ("华为", 2026): 1500.0}
    assert [g.what for g in store.gifts.given(company_id=huawei)] == ["红酒", "茶具", "Moutai 飞天 53°"]


# ------------------------------------------------------------------ everyday small gifts
def test_everyday_rhythm_draws_and_redraws_at_random_in_range(book):
    store, ids = book
    today = NOW.date()
    first = store.gifts.set_everyday_rhythm(ids["陈静"], (40, 80), today)
    assert today + timedelta(days=40) <= first <= today + timedelta(days=80)
    assert store.gifts.everyday_rhythm(ids["陈静"]).next_on == first
    assert store.gifts.set_everyday_rhythm(ids["陈静"], (40, 80), today) == first  # same inputs, same draw

    given = today + timedelta(days=50)
    store.gifts.record_gift(GiftInput(ids["陈静"], "奶茶", given, 60.0, "everyday"), NOW + timedelta(days=50))
    redrawn = store.gifts.everyday_rhythm(ids["陈静"]).next_on
    assert given + timedelta(days=40) <= redrawn <= given + timedelta(days=80)

    draws = set()
    for n in range(12):  # gifts on different days give different draws: no learnable pattern
        day = today + timedelta(days=n)
        store.gifts.set_everyday_rhythm(ids["张伟"], (40, 80), day, next_on=None)
        store.gifts.record_gift(GiftInput(ids["张伟"], f"小礼 {n}", day), NOW)
        draws.add((store.gifts.everyday_rhythm(ids["张伟"]).next_on - day).days)
    assert len(draws) > 3 and all(40 <= d <= 80 for d in draws)


def test_everyday_due_skip_snooze_and_clear(book):
    store, ids = book
    today = NOW.date()
    store.gifts.set_everyday_rhythm(ids["陈静"], (40, 80), today, next_on=today + timedelta(days=2))
    store.gifts.set_everyday_rhythm(ids["小李"], (30, 60), today, next_on=today + timedelta(days=10))
    due = svc.gift_reminders(store, today).everyday
    assert [(d.name, d.due, d.low, d.high) for d in due] == [("陈静", today + timedelta(days=2), 40, 80)]
    store.gifts.snooze_everyday(ids["陈静"], today + timedelta(days=7))
    assert svc.gift_reminders(store, today).everyday == []
    skipped = store.gifts.redraw_everyday(ids["陈静"], today)
    assert today + timedelta(days=40) <= skipped <= today + timedelta(days=80)
    store.gifts.set_everyday_rhythm(ids["陈静"], None, today)
    assert store.gifts.everyday_rhythm(ids["陈静"]) is None
    store.contacts.archive_contact(ids["小李"], NOW)
    assert store.agenda.everyday_due(today + timedelta(days=100)) == []


def test_the_secret_is_fixed_per_book_and_differs_between_books(tmp_path):
    draws = []
    for n, created in enumerate((NOW, NOW + timedelta(microseconds=1))):
        path = tmp_path / f"book{n}.db"
        store = open_store(path, NOW)
        contact_id = add(store, "陈静", when=created)
        draws.append([store.gifts.set_everyday_rhythm(contact_id, (1, 1000 // 2), NOW.date() + timedelta(days=k))
                      for k in range(5)])
        store.close()
        reopened = open_store(path, NOW)
        assert reopened.gifts.set_everyday_rhythm(contact_id, (1, 500), NOW.date()) == draws[-1][0]
        reopened.close()
    assert draws[0] != draws[1]


# ------------------------------------------------------------------ calendar and export
def test_calendar_has_90_days_by_week_with_shopping_lists(book):
    store, ids = book
    from clientbook.domain.interactions import FollowupInput

    store.capture.add_followup(ids["张伟"], FollowupInput("送样品", date(2027, 9, 3)), NOW)
    store.gifts.record_gift(GiftInput(ids["陈静"], "月饼", IN_WINDOW.date(), 100.0, "mid_autumn"), IN_WINDOW,
                      reminder=("mid_autumn", 2027))
    weeks = svc.calendar(store, IN_WINDOW.date())
    assert all(w.start.weekday() == 0 for w in weeks)
    days = [e.day for w in weeks for e in w.entries]
    assert days == sorted(days) and IN_WINDOW.date() <= days[0] and days[-1] <= IN_WINDOW.date() + timedelta(days=90)
    [shop] = svc.shopping_lists(weeks)
    assert shop.occasion.key == "mid_autumn" and shop.day == MID_AUTUMN_2027
    assert {i.name for i in shop.group.items} == {"王总", "张伟"}  # 陈静's is done
    assert (shop.shopping.count, shop.shopping.special) == (2, 1)
    kinds = {(e.kind, e.occasion.key if e.occasion else None) for w in weeks for e in w.entries}
    assert ("followup", None) in kinds and ("occasion", "national_day") in kinds


def test_ics_events_cover_occasions_birthdays_followups_and_everyday_gifts(book):
    store, ids = book
    from clientbook.domain.interactions import FollowupInput

    store.contacts.update_contact(ids["张伟"], validate_contact({"name": "张伟", "company": "华为", "position": "manager",
                                                       "birthday": "农历三月初八"})[0], NOW)
    store.capture.add_followup(ids["王总"], FollowupInput("回电话", date(2026, 12, 1)), NOW)
    store.gifts.set_everyday_rhythm(ids["陈静"], (40, 80), NOW.date())
    store.gifts.set_occasion_setting("national_day", False, 0)
    events = {e.uid: e for e in svc.ics_events(store, NOW.date(), 3, "zh")}
    assert "clientbook-national_day@clientbook" not in events
    assert events["clientbook-new_year@clientbook"].rrule_yearly
    lunar = [e for uid, e in events.items() if uid.startswith(f"clientbook-birthday-{ids['张伟']}-")]
    assert len(lunar) == 3 and all(e.alarm_days_before == 3 and not e.rrule_yearly for e in lunar)
    assert len([uid for uid in events if uid.startswith("clientbook-mid_autumn-")]) == 3
    assert events["clientbook-followup-1@clientbook"].summary == "[我方承诺] 回电话 — 王总"
    assert events[f"clientbook-everyday-{ids['陈静']}@clientbook"].summary == "给 陈静 的日常小礼"
