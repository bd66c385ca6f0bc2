"""What Insights keeps of each contact's interactions (contact_touch, contact_spend: models/
insights.py), after every kind of write that changes interactions or their people, on both
engines: the health trend and the spend per company equal a fresh count from the interactions
themselves (domain/insights.py health_trend and spend_shares over plain rows)."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta

import pytest

from clientbook.domain import insights as rules
from clientbook.domain.gift_forms import GiftInput
from clientbook.domain.interactions import InteractionInput, Kind
from clientbook.domain.meal_forms import OurDiner, PlanInput, validate_minutes
from clientbook.domain.meals.enums import OurRole
from clientbook.services.insights import InsightsService
from clientbook.store.insights import as_datetime
from conftest import NOW, add_contact

CADENCES = {"A": 14, "B": 30, "C": 60, "D": 120}
TODAY = NOW.date()


def plain_rows(store) -> tuple[list, list, list]:
    """(contacts, live interactions, links) as the tables hold them."""
    with store.sessions.raw_reading() as connection:
        contacts = connection.execute(
            "SELECT c.id, co.id, co.name, co.grade, co.yearly_value, c.cadence_days, c.created_at, c.last_contact_at"
            " FROM contact c LEFT JOIN company co ON co.id = c.company_id WHERE c.archived_at IS NULL").fetchall()
        interactions = connection.execute(
            "SELECT id, kind, occurred_at, cost FROM interaction WHERE archived_at IS NULL").fetchall()
        links = connection.execute("SELECT interaction_id, contact_id, cc FROM interaction_contact").fetchall()
    return contacts, [(i, kind, as_datetime(at), cost) for i, kind, at, cost in interactions], links


def assert_fresh(store, today: date = TODAY) -> None:
    """The store's health and spend are the domain's over the plain rows."""
    contacts, interactions, links = plain_rows(store)
    when = {i: at for i, _kind, at, _cost in interactions}
    times: dict[int, list[datetime]] = {}
    for interaction_id, contact_id, _cc in links:
        if interaction_id in when:
            times.setdefault(contact_id, []).append(when[interaction_id])
    days = rules.trend_days(today)
    expected = rules.health_trend([(grade, own, as_datetime(created), as_datetime(last), times.get(cid, []))
                                   for cid, _co, _name, grade, _value, own, created, last in contacts], days, CADENCES)
    service = InsightsService(store, CADENCES)
    assert service.health(today).trend == expected

    months = rules.month_starts(today)
    company = {cid: (co, name, grade, value) for cid, co, name, grade, value, *_ in contacts if co is not None}
    with store.sessions.raw_reading() as connection:     # archived contacts' shares count too
        company.update({cid: (co, name, grade, value) for cid, co, name, grade, value in connection.execute(
            "SELECT c.id, co.id, co.name, co.grade, co.yearly_value FROM contact c JOIN company co"
            " ON co.id = c.company_id WHERE c.archived_at IS NOT NULL").fetchall()})
    rows = [(*company[cid], share if at.date() >= months[-1] else 0.0, share)
            for cid, at, share in rules.spend_shares(interactions, links)
            if cid in company and months[0] <= at.date() <= today]
    def cents(companies) -> list:       # sums in another order differ in the last bits
        return sorted((c.company_id, c.name, c.grade, c.budget, round(c.month, 2), round(c.year, 2)) for c in companies)

    assert cents(service.spend(today).companies) == cents(rules.company_spend(rows, CADENCES))


def log(store, people, when: datetime, kind=Kind.CALL, cost=None, cc=()) -> int:
    return store.capture.log_interaction(InteractionInput(kind, when, list(people), cc_ids=list(cc), cost=cost,
                                                          summary=kind.value), when)


def test_every_write_keeps_insights_rows_fresh(store):
    entered = datetime(2026, 6, 1, 9)
    wang = add_contact(store, entered, grade="A", name="王总", company="华为", position="boss")
    li = add_contact(store, entered, name="李工", company="华为", position="staff")
    zhao = add_contact(store, entered, grade="B", name="赵敏", company="比亚迪")
    qian = add_contact(store, entered, name="钱经理", cadence_days="7")
    late = add_contact(store, NOW - timedelta(days=20), grade="C", name="孙总", company="腾讯")
    ago = [NOW - timedelta(days=n) for n in range(200)]
    log(store, [wang, li], ago[150], Kind.MEAL, 900.0)         # before the 12 weeks: the trend's start
    log(store, [wang], ago[60])
    meal = log(store, [wang, li, zhao], ago[40], Kind.MEAL, 1200.0)
    log(store, [li], ago[30], Kind.EMAIL, cc=[zhao])            # a cc restarts the clock, takes no share
    log(store, [qian], ago[9], Kind.GIFT, 90.0)
    log(store, [late, zhao], ago[3], Kind.ENTERTAINMENT, 500.0)
    log(store, [wang], NOW + timedelta(days=2))                 # logged ahead: Today's clock, not the past weeks'
    assert_fresh(store)

    # Edited: a day earlier, 赵敏 no longer there (her share goes to the others), another cost.
    view = store.capture.get_interaction(meal)
    store.capture.update_interaction(meal, InteractionInput(Kind.MEAL, ago[41], [wang, li], cost=1500.0,
                                                            summary="meal"), NOW, view)
    assert_fresh(store)
    store.capture.archive_interaction(meal, NOW)
    assert_fresh(store)

    # Two people found to be one: the survivor takes the other's history (and a shared meal
    # counts them once: the other people's shares grow).
    store.interop.merge_contacts(wang, li, {}, NOW)
    assert_fresh(store)

    # A person moves to another company: their shares, kept with their company, count for the
    # new one (the past ones too, as when the shares were counted afresh on each read).
    card = store.contacts.contact_input(zhao)
    card.company = "腾讯"
    store.contacts.update_contact(zhao, card, NOW)
    assert_fresh(store)

    # A meal's minutes and a gift write their interaction through their own repositories.
    planned = store.meals.add_meal(PlanInput(planned_at=ago[5], guests=[(wang, "王总"), (zhao, "赵敏")],
                                             ours=[OurDiner("", OurRole.ME)], title="午餐", venue="海底捞",
                                             cuisine="火锅", budget=800), NOW)
    diners = store.meals.get_meal(planned).diners
    data, errors = validate_minutes({"cost": "760"}, [d.id for d in diners], {d.id for d in diners if d.side == "guest"},
                                    NOW)
    assert not errors, errors
    store.meals.save_minutes(planned, data, NOW)
    store.gifts.record_gift(GiftInput(late, "茶叶", ago[2].date(), 300.0), NOW)
    assert_fresh(store)
    # Judged on another day, too: the kept days are not tied to the day they were written.
    assert_fresh(store, TODAY - timedelta(days=17))


def test_a_loaded_json_book_and_the_demo_book_are_kept_too(tmp_path):
    from clientbook.demo import build_demo_book
    from clientbook.store import open_store

    build_demo_book(tmp_path / "demo.db", NOW)
    demo = open_store(tmp_path / "demo.db", NOW)
    try:
        assert_fresh(demo)
        dump = demo.interop.dump_book(NOW)
    finally:
        demo.close()
    assert not {"contact_touch", "contact_spend"} & set(dump["tables"])     # made, not copied
    loaded = open_store(tmp_path / "loaded.db", NOW)
    try:
        loaded.interop.load_book(json.loads(json.dumps(dump, ensure_ascii=False)))
        assert_fresh(loaded)
    finally:
        loaded.close()


@pytest.mark.parametrize("version", [11, 12, 13])     # none kept yet, and each earlier shape of them
def test_an_upgraded_book_gets_its_rows_from_its_interactions(tmp_path, version):
    import shutil
    from pathlib import Path

    from clientbook.store import open_store

    book = tmp_path / "book.db"
    shutil.copy(Path(__file__).resolve().parents[1] / "fixtures" / f"book-v{version}.db", book)
    store = open_store(book, NOW)
    try:
        with store.sessions.raw_reading() as connection:
            assert connection.execute("SELECT count(*) FROM contact_touch").fetchone()[0] > 0
        assert_fresh(store)
    finally:
        store.close()


def test_health_and_spend_equal_a_fresh_count_over_a_varied_book(store):
    """Many people and interactions drawn at random (seeded): entered long ago, within the
    trend's weeks or after some of their own interactions, graded or with a cadence of their own
    or neither, some archived; calls, e-mails with cc, meals and gifts with a cost, a few logged
    ahead. Judged on each day of a week: the trend's weeks fall on every weekday's cut."""
    draw = random.Random(18)
    companies = [("华为", "A"), ("比亚迪", "B"), ("腾讯", "C"), ("美的", "D"), ("小米", "")]
    people = []
    for n in range(36):
        company, grade = draw.choice(companies) if n % 9 else ("", "")
        own = draw.choice(["", "", "", "7", "21", "45"])
        entered = NOW - timedelta(days=draw.choice([400, 200, 90, 60, 30, 10, 2]), hours=draw.randrange(24))
        people.append(add_contact(store, entered, grade=grade, name=f"客户{n}", company=company, cadence_days=own))
    for _ in range(140):
        when = NOW + timedelta(days=draw.randrange(-220, 6), hours=draw.randrange(-9, 9))
        kind = draw.choice([Kind.CALL, Kind.CALL, Kind.EMAIL, Kind.MEAL, Kind.GIFT, Kind.VISIT])
        who = draw.sample(people, draw.choice([1, 1, 2, 3]))
        cost = round(draw.uniform(50, 900), 2) if kind in (Kind.MEAL, Kind.GIFT) else None
        cc = draw.sample([p for p in people if p not in who], 1) if kind is Kind.EMAIL else []
        log(store, who, when, kind, cost, cc)
    for contact_id in draw.sample(people, 3):
        store.contacts.archive_contact(contact_id, NOW)
    for back in range(7):
        assert_fresh(store, TODAY - timedelta(days=back))
