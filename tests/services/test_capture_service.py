"""services/capture.py on a temporary book: what the quick log, the entry forms, notes search,
the archive, merge and the contact pickers ask and do. No ORM row leaves it; each command's
effect is read back through the service."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, timedelta

import pytest

from clientbook.domain.contacts import ContactInput
from clientbook.domain.interactions import validate_followup, validate_log
from clientbook.errors import Conflict
from clientbook.services.capture import CaptureService
from clientbook.services.capture_views import FollowupRecord, InteractionEdit
from conftest import NOW, orm_rows_in


@pytest.fixture
def service(store):
    return CaptureService(store)


@pytest.fixture
def people(store):
    return {name: store.contacts.add_contact(ContactInput(name=name, company=company), NOW)
            for name, company in (("张伟", "华为技术"), ("张三", "华为技术"), ("李四", "美的集团"))}


def log(service, contact_ids, **raw):
    data, errors = validate_log({"kind": "call", **raw}, contact_ids, NOW)
    assert not errors, errors
    return service.log_interaction(data, NOW)


def followup_input(**raw):
    data, errors = validate_followup({"promise": "1", **raw}, NOW)
    assert not errors, errors
    return data


def assert_frozen(view):
    assert dataclasses.is_dataclass(view)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(view, dataclasses.fields(view)[0].name, None)
    assert orm_rows_in(view) == []


def test_a_logged_interaction_reads_back_as_a_frozen_view_with_its_follow_up(service, people):
    interaction_id = log(service, [people["张伟"]], summary="报价单", followup_when="2026-11-27",
                         followup_what="发报价")
    view = service.interaction(interaction_id)
    assert_frozen(view)
    assert_frozen(view.interaction)
    assert view.interaction.summary == "报价单"
    assert view.contacts == ((people["张伟"], "张伟"),)
    assert view.meal_id is None
    hit, = service.search_notes("发报价")
    assert hit.kind == "followup"
    followup = service.followup(hit.ref_id)
    assert_frozen(followup)
    assert (followup.what, followup.due_date, followup.promise) == ("发报价", date(2026, 11, 27), True)


def test_an_edit_saves_against_the_view_it_was_loaded_from_and_a_changed_book_is_a_conflict(service, people):
    interaction_id = log(service, [people["张伟"]], summary="初次拜访")
    loaded = service.interaction(interaction_id)
    data, _ = validate_log({"kind": "visit", "summary": "第二次拜访"}, [people["张伟"], people["李四"]], NOW)
    service.update_interaction(interaction_id, data, NOW, loaded)
    now_held = service.interaction(interaction_id)
    assert now_held.interaction.summary == "第二次拜访"
    assert [name for _id, name in now_held.contacts] == ["李四", "张伟"]
    again, _ = validate_log({"kind": "call", "summary": "第三次"}, [people["张伟"]], NOW)
    with pytest.raises(Conflict) as raised:
        service.update_interaction(interaction_id, again, NOW, loaded)   # the book moved on since
    assert isinstance(raised.value.current, InteractionEdit)
    assert orm_rows_in(raised.value.current) == []
    assert raised.value.current.interaction.summary == "第二次拜访"
    assert service.interaction(interaction_id).interaction.summary == "第二次拜访"   # nothing lost


def test_follow_up_commands_read_back(service, people):
    followup_id = service.add_followup(people["李四"], followup_input(what="寄样品", due="2026-11-30"), NOW)
    loaded = service.followup(followup_id)
    service.complete_followup(followup_id, NOW)
    assert service.followup(followup_id).done_at == NOW
    with pytest.raises(Conflict) as raised:   # it was completed since the form read it
        service.update_followup(followup_id, followup_input(what="寄样品", due="2026-12-02"), NOW, loaded)
    assert isinstance(raised.value.current, FollowupRecord)
    done = service.followup(followup_id)
    service.update_followup(followup_id, followup_input(what="寄样品", due="2026-12-02"), NOW, done)
    moved = service.followup(followup_id)
    assert (moved.due_date, moved.done_at) == (date(2026, 12, 2), None)   # moved: due again
    target = service.snooze_followup(followup_id, "1w", NOW)
    assert target == date(2026, 12, 9) == service.followup(followup_id).due_date


def test_snoozing_an_overdue_follow_up_counts_from_today(service, people):
    followup_id = service.add_followup(people["李四"], followup_input(what="回电", due="2026-11-20"), NOW)
    assert service.snooze_followup(followup_id, "1d", NOW) == NOW.date() + timedelta(days=1)


def test_level_and_pickers(service, people):
    service.set_level(people["张三"], 3, "一起吃饭", NOW)
    brief = service.contact(people["张三"])
    assert_frozen(brief)
    assert (brief.name, brief.level) == ("张三", 3)
    picked = service.pick_contacts("张", 6)
    assert {row.name for row in picked} == {"张伟", "张三"}
    assert orm_rows_in(picked) == []
    assert [row.name for row in service.pick_contacts("张", 6, frozenset({people["张伟"]}))] == ["张三"]
    assert [row.name for row in service.find_contacts("李四")] == ["李四"]


def test_notes_search_needs_a_word(service, people):
    log(service, [people["张伟"]], summary="聊了明年的预算")
    assert service.search_notes("   ") == ()
    hit, = service.search_notes("预算")
    assert_frozen(hit)
    assert hit.contacts == "张伟"


def test_notes_search_finds_profile_fields_first_labelled_with_the_field(service, store):
    zeng = store.contacts.add_contact(ContactInput(name="曾强", family="儿子在读高三，喜欢篮球", hobbies="篮球、钓鱼",
                                                   taboos="不谈篮球输赢"), NOW)
    store.contacts.add_contact(ContactInput(name="旧客户", hobbies="篮球"), NOW)
    store.contacts.archive_contact(store.contacts.find_contacts("旧客户")[0].id, NOW)   # archived: not found
    log(service, [zeng], summary="约了周六打篮球")
    hits = service.search_notes("篮球")
    assert [(h.kind, h.field, h.contacts) for h in hits] == [
        ("profile", "hobbies", "曾强"), ("profile", "taboos", "曾强"), ("profile", "family", "曾强"),
        ("interaction", "", "曾强")]                # profile fields in the contact form's order, then notes
    assert hits[0].ref_id == zeng and hits[2].text == "儿子在读高三，喜欢篮球"
    assert [h.field for h in service.search_notes("篮球 高三")] == ["family"]   # every word in one field
    assert len(service.search_notes("篮球", limit=2)) == 2


def test_archive_restore_and_merge(service, store, people):
    store.contacts.archive_contact(people["李四"], NOW)
    item, = service.archived()
    assert_frozen(item)
    service.restore(item.kind, item.id)
    assert service.archived() == ()
    log(service, [people["张三"]], summary="电话")
    sides = service.merge_sides(people["张伟"], people["张三"])
    assert orm_rows_in(sides) == []
    assert (sides.a.name, sides.b.name, sides.moves.interactions) == ("张伟", "张三", 1)
    service.merge_contacts(people["张伟"], people["张三"], {}, NOW)
    assert [(item.kind, item.name) for item in service.archived()] == [("contact", "张三")]
    assert [row.name for row in service.find_contacts("张三")] == []


def test_the_service_imports_no_sqlalchemy():
    """`clientbook log` imports it on its way to the book: no ORM before the book is opened."""
    code = ("import sys, clientbook.services.capture\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_clientbook_today_lines_show_the_year_only_when_not_this_year():
    from datetime import time

    from clientbook.domain.agenda import FollowupItem
    from clientbook.services.today import followup_line

    this_year = FollowupItem(1, 1, "张伟", None, "发报价单", date(2026, 12, 3), None, True)
    next_year = FollowupItem(2, 1, "张伟", None, "回访", date(2027, 1, 5), time(9, 30), True)
    assert followup_line(this_year, NOW.date()).startswith("12-03 Thu  ")
    assert followup_line(next_year, NOW.date()).startswith("2027-01-05 Tue 09:30  ")
