"""The team book on SQLite (reps as rows; this connection is rep 1): handover, the pool and its
rules, claims, what came in, the owner on the timeline, and dedupe across the team."""

from datetime import datetime, timedelta

import pytest

from conftest import NOW, add_contact, orm_rows_in
from clientbook.domain.contacts import validate_contact
from clientbook.domain.interactions import FollowupInput
from clientbook.errors import OwnedByAnother, TeamError
from clientbook.services.contacts import ContactsService
from clientbook.services.team import TeamService

LONG_AGO = NOW - timedelta(days=400)


@pytest.fixture
def team(store):
    service = TeamService(store)
    service.add_rep("Wang Fang", NOW)      # rep 2
    service.add_rep("Li Lei", NOW)         # rep 3
    return service


def _owner(store, contact_id):
    return store.team.owners(contact_id=contact_id)


def test_a_solo_book_is_no_team_and_shows_no_owner(store):
    solo = TeamService(store)
    contact = add_contact(store, name="张伟", company="华为")
    assert not solo.is_team() and solo.me() == 1
    assert solo.owner_of(contact_id=contact) is None and solo.came_in(NOW) == ()


def test_handover_moves_companies_contacts_and_open_followups_and_logs_it(store, team):
    zhang = add_contact(store, LONG_AGO, name="张伟", company="华为", phones="13800138000")
    li = add_contact(store, LONG_AGO, name="李娜", company="阿里")
    store.capture.add_followup(zhang, FollowupInput("send the quote", NOW.date() + timedelta(days=2)), NOW)
    company = next(c.id for c in store.contacts.list_companies() if c.name == "华为")

    handed = team.handover(1, 2, NOW, company_id=company)
    assert (handed.companies, handed.contacts, handed.followups) == (1, 1, 1)
    assert _owner(store, zhang) == 2 and _owner(store, li) == 1        # only that company
    assert team.owner_of(contact_id=zhang) == "Wang Fang" and team.owner_of(contact_id=li) == "me"

    handed = team.handover(1, 3, NOW)                                   # the rest of rep 1's
    assert (handed.companies, handed.contacts) == (1, 1) and _owner(store, li) == 3
    moves = store.team.moves_of(contact_id=zhang)
    assert [(m.from_rep_id, m.to_rep_id, m.reason) for m in moves] == [(1, 2, "handover")]
    owner_entries = [e for e in store.capture.timeline(zhang) if e.kind == "owner"]
    assert [(e.subtype, e.from_rep, e.to_rep) for e in owner_entries] == [("handover", "", "Wang Fang")]   # "": the unnamed rep 1
    with pytest.raises(TeamError):
        team.handover(2, 2, NOW)


def test_what_came_in_is_for_the_new_owner_for_seven_days(store, team, monkeypatch):
    zhang = add_contact(store, name="张伟", company="华为")
    store.team.handover(1, 2, NOW - timedelta(days=3))
    monkeypatch.setattr(store.team, "me", lambda: 2)      # seen from rep 2's connection
    came = team.came_in(NOW)
    assert sorted((c.kind, c.name, c.company, c.from_rep) for c in came) == [
        ("company", "华为", "", "me"), ("contact", "张伟", "华为", "me")]
    assert zhang in {c.id for c in came if c.kind == "contact"} and not orm_rows_in(came)
    assert team.came_in(NOW + timedelta(days=5)) == ()


def test_the_pool_follows_the_grades_rules_and_a_claim_takes_it(store, team):
    stale = add_contact(store, LONG_AGO, grade="D", name="赵强", company="小厂")
    kept = add_contact(store, LONG_AGO, grade="A", name="钱总", company="大厂")
    store.team.handover(1, 2, LONG_AGO)                 # rep 2 owns both, long untouched
    pool = team.pool(NOW)
    assert {(p.kind, p.name, p.grade, p.previous_owner) for p in pool} == {
        ("contact", "赵强", "D", "Wang Fang"), ("company", "小厂", "D", "Wang Fang")}
    assert all(p.days is None for p in pool)             # never contacted

    company = next(p for p in pool if p.kind == "company")
    claimed = team.claim("company", company.id, company.name, NOW)
    assert claimed.contacts == 1 and _owner(store, stale) == 1 and team.pool(NOW) == ()
    with pytest.raises(TeamError):
        team.claim("contact", kept, "钱总", NOW)         # A never recycles

    team.set_recycle("a", "30")
    assert team.recycle_rules()["A"] == 30 and {p.name for p in team.pool(NOW)} == {"钱总", "大厂"}
    team.set_recycle("A", "never")
    assert team.recycle_rules() == {"A": None, "B": 60, "C": 30, "D": 15}
    for grade, days in (("E", "10"), ("B", "0"), ("B", "soon")):
        with pytest.raises(TeamError):
            team.set_recycle(grade, days)


def test_a_recent_interaction_keeps_it_out_of_the_pool(store, team):
    zhang = add_contact(store, LONG_AGO, grade="C", name="张伟", company="华为")
    store.team.handover(1, 2, LONG_AGO)
    assert {p.name for p in team.pool(NOW)} == {"张伟", "华为"}
    data, _ = validate_contact({"name": "张伟"})
    from clientbook.domain.interactions import validate_log

    log, errors = validate_log({"kind": "call", "summary": "catch-up", "when": "yesterday"}, [zhang], NOW)
    assert not errors
    store.capture.log_interaction(log, NOW)
    assert team.pool(NOW) == ()


def test_adding_a_contact_another_rep_owns_says_who_owns_it(store, team):
    contacts = ContactsService(store)
    zhang = add_contact(store, name="张伟", company="华为", phones="+86 138-0013-8000", wechat="ZhangWei88")
    store.team.handover(1, 2, NOW)
    for raw in ({"name": "张先生", "phones": "13800138000"}, {"name": "Zhang", "wechat": "zhangwei88"}):
        data, _ = validate_contact(raw)
        with pytest.raises(OwnedByAnother) as caught:
            contacts.add_contact(data, NOW)
        assert caught.value.owner == "Wang Fang" and caught.value.contact_id == zhang
        assert "Wang Fang" in caught.value.message("en") and "Wang Fang" in caught.value.message("zh")
    data, _ = validate_contact({"name": "张伟", "phones": "13900000000"})
    assert contacts.add_contact(data, NOW)


def test_on_a_solo_book_the_same_mobile_is_added_as_before(store):
    add_contact(store, name="张伟", phones="13800138000")
    data, _ = validate_contact({"name": "张先生", "phones": "13800138000"})
    assert ContactsService(store).add_contact(data, NOW)


def test_an_import_skips_a_row_another_rep_owns_and_says_so(store, team, tmp_path):
    from clientbook.domain.dedupe import MERGE
    from clientbook.services.interop import InteropService, open_source, owned_lines

    add_contact(store, name="张伟", company="华为", phones="13800138000")
    store.team.handover(1, 2, NOW)
    card = tmp_path / "cards.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张先生\r\nTEL;TYPE=CELL:+86 138 0013 8000\r\nEND:VCARD\r\n"
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:孙丽\r\nTEL;TYPE=CELL:13700001111\r\nEND:VCARD\r\n", encoding="utf-8")
    interop = InteropService(store)
    preview = interop.preview(open_source(card))
    try:
        result = interop.apply(preview, NOW, default=MERGE)
    finally:
        preview.close()
    assert (result.added, result.merged, result.skipped) == (1, 0, 1)
    assert result.owned == (("张先生", "Wang Fang"),)
    assert owned_lines(result) == ["skipped 张先生: Wang Fang owns them (the same mobile or WeChat id)"]
    assert [row.name for row in store.contacts.find_contacts("张")] == ["张伟"]
