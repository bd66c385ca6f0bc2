"""Every update an edit form saves through takes `expected` (what the form was loaded from) and
raises Conflict, carrying the book's current record, when another window, process or a restore
changed it meanwhile. Content is compared, not timestamps: a restore brings back older ones."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.gift_forms import OccasionInput
from clientbook.domain.interactions import FollowupInput, InteractionInput, Kind
from clientbook.domain.meal_forms import OurDiner, PlanInput, validate_minutes
from clientbook.domain.meals.enums import MealPurpose, OurRole, VenueLevel
from clientbook.store import open_store
from clientbook.errors import BookError, Conflict
from conftest import NOW

EARLIER = NOW - timedelta(days=400)   # what a restored backup's timestamps look like
DINNER = datetime(2026, 11, 24, 19, 0)


def plan(contact_id: int, title: str) -> PlanInput:
    return PlanInput(planned_at=DINNER, guests=[(contact_id, "张伟")], ours=[OurDiner("", OurRole.ME)], title=title,
                     venue="潮汕牛肉火锅", cuisine="潮汕牛肉火锅", purpose=MealPurpose.BUSINESS,
                     venue_level=VenueLevel.MID_RANGE, budget=2000)


def minutes(store, meal_id: int, discussed: str):
    view = store.meals.get_meal(meal_id)
    guests = {d.id for d in view.diners if d.side == "guest"}
    raw = {"discussed": discussed, "agreements": "", "actions": "", "learned": "", "cost": "800", "next_step": ""}
    data, errors = validate_minutes(raw, [d.id for d in view.diners], guests, NOW, {})
    assert not errors, errors
    return data


def written_minutes(store, meal_id: int) -> int:
    store.meals.save_minutes(meal_id, minutes(store, meal_id, "a"), NOW)
    return meal_id


# Each kind of record an edit form changes: (create it -> id, load what the form keeps,
# the input of a save with field value v, the update, read the field back).
KINDS = {
    "contact": (
        lambda s, c: c,
        lambda s, i: s.contacts.contact_input(i),
        lambda s, i, v: ContactInput(name="张伟", company="华为", title=v),
        lambda s, i, data, now, expected: s.contacts.update_contact(i, data, now, expected),
        lambda s, i: s.contacts.get_contact(i).contact.title,
    ),
    "company": (
        lambda s, c: s.contacts.get_contact(c).contact.company_id,
        lambda s, i: s.contacts.company_input(i),
        lambda s, i, v: CompanyInput(name="华为", industry=v),
        lambda s, i, data, now, expected: s.contacts.update_company(i, data, now, expected),
        lambda s, i: s.contacts.get_company(i).industry,
    ),
    "interaction": (
        lambda s, c: s.capture.log_interaction(InteractionInput(kind=Kind.CALL, occurred_at=NOW, contact_ids=[c], summary="a"), NOW),
        lambda s, i: s.capture.get_interaction(i),
        lambda s, i, v: InteractionInput(kind=Kind.CALL, occurred_at=NOW, contact_ids=[1], summary=v),
        lambda s, i, data, now, expected: s.capture.update_interaction(i, data, now, expected),
        lambda s, i: s.capture.get_interaction(i).interaction.summary,
    ),
    "followup": (
        lambda s, c: s.capture.add_followup(c, FollowupInput(what="a", due=NOW.date()), NOW),
        lambda s, i: s.capture.get_followup(i),
        lambda s, i, v: FollowupInput(what=v, due=NOW.date()),
        lambda s, i, data, now, expected: s.capture.update_followup(i, data, now, expected),
        lambda s, i: s.capture.get_followup(i).what,
    ),
    "meal plan": (
        lambda s, c: s.meals.add_meal(plan(c, "a"), NOW),
        lambda s, i: s.meals.get_meal(i),
        lambda s, i, v: plan(1, v),
        lambda s, i, data, now, expected: s.meals.update_meal(i, data, now, expected),
        lambda s, i: s.meals.get_meal(i).meal.title,
    ),
    "minutes": (
        lambda s, c: written_minutes(s, s.meals.add_meal(plan(c, "a"), NOW)),
        lambda s, i: s.meals.get_meal(i),
        lambda s, i, v: minutes(s, i, v),
        lambda s, i, data, now, expected: s.meals.save_minutes(i, data, now, expected),
        lambda s, i: s.meals.get_meal(i).meal.discussed,
    ),
    "occasion": (
        lambda s, c: s.gifts.add_custom_occasion(OccasionInput("司庆", "solar", 12, 2, lead_days=7), NOW),
        lambda s, i: s.gifts.get_custom_occasion(i),
        lambda s, i, v: OccasionInput(v, "solar", 12, 2, lead_days=7),
        lambda s, i, data, now, expected: s.gifts.update_custom_occasion(i, data, expected),
        lambda s, i: s.gifts.get_custom_occasion(i).name,
    ),
}


@pytest.fixture
def two_windows(book_path):
    """The store an open form saves through, and another one on the same book."""
    mine, theirs = open_store(book_path, NOW), open_store(book_path, NOW)
    yield mine, theirs
    mine.close()
    theirs.close()


def setup(kind, mine):
    make, load, data_for, update, read = KINDS[kind]
    contact = mine.contacts.add_contact(ContactInput(name="张伟", company="华为"), NOW)
    record = make(mine, contact)
    return record, load, data_for, update, read


@pytest.mark.parametrize("kind", KINDS)
def test_a_change_made_elsewhere_is_a_conflict_carrying_the_books_version(two_windows, kind):
    mine, theirs = two_windows
    record, load, data_for, update, read = setup(kind, mine)
    expected = load(mine, record)                     # the form opens
    update(theirs, record, data_for(theirs, record, "theirs"), NOW, None)  # another window saves

    with pytest.raises(Conflict) as raised:
        update(mine, record, data_for(mine, record, "mine"), NOW, expected)
    assert isinstance(raised.value, BookError)
    assert raised.value.message()                     # one line the form can show
    assert read(mine, record) == "theirs"             # nothing of mine was written
    current = raised.value.current                    # what the book holds now, readable after the rollback
    field_of = {"contact": lambda c: c.title, "company": lambda c: c.industry,
                       "interaction": lambda v: v.interaction.summary, "followup": lambda f: f.what,
                       "meal plan": lambda v: v.meal.title, "minutes": lambda v: v.meal.discussed,
                       "occasion": lambda o: o.name}[kind]
    assert field_of(current) == "theirs"

    # Keep mine: the rep saw the book's version; saving over it with that as expected works.
    update(mine, record, data_for(mine, record, "mine"), NOW, current)
    assert read(theirs, record) == "mine"


@pytest.mark.parametrize("kind", KINDS)
def test_a_restore_bringing_back_older_timestamps_is_still_a_conflict(two_windows, kind):
    mine, theirs = two_windows
    record, load, data_for, update, read = setup(kind, mine)
    expected = load(mine, record)
    update(theirs, record, data_for(theirs, record, "restored"), EARLIER, None)  # older updated_at
    with pytest.raises(Conflict):
        update(mine, record, data_for(mine, record, "mine"), NOW, expected)
    assert read(mine, record) == "restored"


@pytest.mark.parametrize("kind", KINDS)
def test_an_unchanged_record_saves_and_so_does_a_save_elsewhere_that_changed_nothing(two_windows, kind):
    mine, theirs = two_windows
    record, load, data_for, update, read = setup(kind, mine)
    same = read(mine, record)
    expected = load(mine, record)
    update(theirs, record, data_for(theirs, record, same), NOW + timedelta(hours=1), load(theirs, record))
    update(mine, record, data_for(mine, record, "mine"), NOW, expected)
    assert read(theirs, record) == "mine"


def test_no_expected_means_no_check(two_windows):
    """The shell and imports update without a form: they pass nothing and are not checked."""
    mine, theirs = two_windows
    contact = mine.contacts.add_contact(ContactInput(name="张伟", company="华为"), NOW)
    theirs.contacts.update_contact(contact, ContactInput(name="张伟", company="华为", title="副总裁"), NOW)
    mine.contacts.update_contact(contact, replace(mine.contacts.contact_input(contact), title="总监"), NOW)
    assert theirs.contacts.get_contact(contact).contact.title == "总监"
