"""services/contacts.py on a temporary book: the views the Contacts list, a contact's page,
Companies and a company's page show, and the commands they run. No ORM row leaves it."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from clientbook.domain.contact_card import Typed

from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.interactions import FollowupInput
from clientbook.services.contacts import (
    CompanyDetails,
    CompanyPage,
    ContactDetails,
    ContactList,
    ContactPage,
    ContactsService,
)
from clientbook.errors import NotFound
from conftest import NOW, orm_rows_in


@pytest.fixture
def service(store):
    return ContactsService(store)


@pytest.fixture
def people(store):
    """张三 and 李四 at 华为技术 (A, ¥32M a year), 王五 at 美的集团; 张三 tagged 关键人."""
    huawei = store.contacts.add_company(CompanyInput(name="华为技术", grade=Grade.A, yearly_value=32_000_000,
                                            city="深圳"), NOW)
    store.contacts.add_company(CompanyInput(name="美的集团"), NOW)
    ids = {
        "张三": store.contacts.add_contact(ContactInput(name="张三", company="华为技术", title="采购经理",
                                              phones=["138 0013 8000"], tags=["关键人"],
                                              level=Level.GOOD_FRIEND), NOW),
        "李四": store.contacts.add_contact(ContactInput(name="李四", company="华为技术"), NOW),
        "王五": store.contacts.add_contact(ContactInput(name="王五", company="美的集团"), NOW),
    }
    return huawei, ids


def test_the_contact_list_searches_filters_and_says_when_more_matched(service, people):
    found = service.contact_list("zs")
    assert isinstance(found, ContactList)
    assert [row.name for row in found.rows] == ["张三"] and not found.more
    assert found.tags == ("关键人",)
    assert [row.name for row in service.contact_list(grade="A").rows] == ["李四", "张三"]
    assert [row.name for row in service.contact_list(tag="关键人").rows] == ["张三"]
    capped = service.contact_list(limit=2)
    assert len(capped.rows) == 2 and capped.more
    assert not service.contact_list(limit=3).more


def test_contact_ids_are_every_match_not_only_those_shown(service, people):
    _, ids = people
    assert sorted(service.contact_ids(grade="A")) == sorted([ids["张三"], ids["李四"]])


def test_a_contacts_page_is_frozen_values_without_orm_rows(service, store, people):
    _, ids = people
    store.capture.add_followup(ids["张三"], FollowupInput("发报价单", NOW.date() + timedelta(days=1)), NOW)
    page = service.contact_page(ids["张三"])
    assert isinstance(page, ContactPage) and isinstance(page.contact, ContactDetails)
    assert orm_rows_in(page) == []
    c = page.contact
    assert (c.name, c.company, c.company_grade, c.title, c.level) == ("张三", "华为技术", "A", "采购经理", 3)
    assert c.phones == (Typed("138 0013 8000"),) and c.tags == ("关键人",) and not c.archived
    assert [(e.kind, e.text) for e in page.timeline] == [("followup", "发报价单")]
    assert page.gifts.gifts == () and page.gifts.rhythm is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.contact.name = "李四"   # type: ignore[misc]


def test_a_companys_page_has_its_details_people_and_spending(service, people):
    huawei, _ = people
    page = service.company_page(huawei)
    assert isinstance(page, CompanyPage) and isinstance(page.company, CompanyDetails)
    assert orm_rows_in(page) == []
    assert (page.company.name, page.company.grade, page.company.city, page.company.yearly_value) == (
        "华为技术", "A", "深圳", 32_000_000)
    assert [row.name for row in page.people] == ["张三", "李四"]   # by level, highest first
    assert page.gift_spend == {} and page.meal_spending.by_year == []


def test_the_company_list_counts_live_people(service, people):
    rows = service.company_list()
    assert [(row.name, row.contacts) for row in rows] == [("华为技术", 2), ("美的集团", 1)]
    assert [row.name for row in service.company_list("md")] == ["美的集团"]


def test_archiving_returns_the_name_and_restoring_brings_the_contact_back(service, people):
    _, ids = people
    assert service.archive_contact(ids["王五"], NOW) == "王五"
    assert service.contact(ids["王五"]).archived
    assert "王五" not in [row.name for row in service.contact_list().rows]
    service.restore_contact(ids["王五"])
    assert not service.contact(ids["王五"]).archived


def test_archiving_a_company_archives_its_people(service, people):
    huawei, _ = people
    assert service.archive_company(huawei, NOW) == "华为技术"
    assert [row.name for row in service.contact_list().rows] == ["王五"]
    assert [row.name for row in service.company_list()] == ["美的集团"]


def test_toggle_followup_completes_then_reopens(service, store, people):
    _, ids = people
    followup = store.capture.add_followup(ids["李四"], FollowupInput("回电话", date(2026, 11, 27)), NOW)
    service.toggle_followup(followup, NOW)
    assert [e.subtype for e in service.contact_page(ids["李四"]).timeline] == ["done"]
    service.toggle_followup(followup, NOW)
    assert [e.subtype for e in service.contact_page(ids["李四"]).timeline] == ["open"]


def test_forms_read_and_write_through_the_service(service, people):
    huawei, ids = people
    data = service.contact_input(ids["李四"])
    data.title = "总监"
    service.update_contact(ids["李四"], data, NOW, expected=service.contact_input(ids["李四"]))
    assert service.contact(ids["李四"]).title == "总监"
    company = service.company_input(huawei)
    company.city = "东莞"
    service.update_company(huawei, company, NOW)
    assert service.company(huawei).city == "东莞"
    new = service.add_company(CompanyInput(name="格力电器", yearly_value=1_000), NOW)
    assert service.company(new).name == "格力电器"
    assert service.contact(service.add_contact(ContactInput(name="赵六"), NOW)).company == ""


def test_suggested_grades_are_applied_through_the_service(service, people):
    from clientbook.domain.contacts import suggest_grades

    huawei, _ = people
    midea = next(row.id for row in service.company_list() if row.name == "美的集团")
    data = service.company_input(midea)
    data.yearly_value = 1_000
    service.update_company(midea, data, NOW)
    expected = {key: grade.value for key, grade in suggest_grades({huawei: 32_000_000, midea: 1_000}).items()}
    changed = service.apply_suggested_grades(NOW)
    assert {huawei: service.company(huawei).grade, midea: service.company(midea).grade} == expected
    assert changed == (expected[huawei] != "A") + 1   # 美的集团 had no grade
    assert service.apply_suggested_grades(NOW) == 0


def test_a_page_of_no_such_contact_or_company_is_not_found(service):
    with pytest.raises(NotFound):
        service.contact_page(999)
    with pytest.raises(NotFound):
        service.company_page(999)


def test_same_contact_is_the_same_name_at_the_same_company(service, people):
    _huawei, ids = people
    assert service.same_contact("张三", "华为技术") == ids["张三"]
    assert service.same_contact("张三", "美的集团") is None
    assert service.same_contact("张三", None) is None
    assert service.same_contact("张", "华为技术") is None


def test_the_target_matrix_is_edited_cell_by_cell_and_measures_every_contact(service, people, store):
    _, ids = people
    zhang = service.contact(ids["张三"])   # A company, no position: counted as staff
    default = service.target_matrix()
    assert zhang.target_level == default.matrix[(Grade.A, Position.STAFF)] and not default.edited
    below = [row.name for row in service.contact_list(below_target=True).rows]
    assert "李四" in below and ("张三" in below) == (zhang.target_level > zhang.level)
    assert service.contact_ids(below_target=True) == [row.id for row in service.contact_list(below_target=True).rows]

    # 张三 (good friend) reaches his target once it is lowered to his level, and is no longer below.
    while service.target_matrix().matrix[(Grade.A, Position.STAFF)] != Level.GOOD_FRIEND:
        service.cycle_target_cell(Grade.A, Position.STAFF, -1)
    edited = service.target_matrix()
    assert edited.edited == {(Grade.A, Position.STAFF)}
    assert service.contact(ids["张三"]).target_level == Level.GOOD_FRIEND
    assert "张三" not in [row.name for row in service.contact_list(below_target=True).rows]
    # Today's list: A and B people only, the widest gap first.
    today, total = store.agenda.below_target(("A", "B"))
    assert [row.name for row in today] == ["李四"] and today[0].gap == Level.GOOD_FRIEND and total == 1
    service.reset_target_cell(Grade.A, Position.STAFF)
    assert service.target_matrix() == default
