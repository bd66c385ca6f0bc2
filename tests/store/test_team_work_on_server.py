"""Handover and the pool on a team book, as the reps' own PostgreSQL roles: the app's
TeamService goes through the server's clientbook_move_owner, which lets a manager hand over,
any rep claim what is pooled, and nobody else move an owner."""

from __future__ import annotations

from datetime import timedelta

import pytest

from conftest import NOW, add_contact
from test_team_access import team  # noqa: F401  (the fixture: reps ana and bo, manager boss)

from clientbook.domain.interactions import FollowupInput
from clientbook.errors import BookError, TeamError
from clientbook.services.team import TeamService

LONG_AGO = NOW - timedelta(days=400)


def test_a_manager_hands_over_a_company_and_the_new_owner_sees_it_come_in(team):  # noqa: F811
    ana, bo, boss = (team.store(who) for who in ("ana", "bo", "boss"))
    try:
        zhang = add_contact(ana, name="张伟", company="华为")
        ana.capture.add_followup(zhang, FollowupInput("寄报价单", NOW.date() + timedelta(days=2)), NOW)
        huawei = next(c.id for c in ana.contacts.list_companies() if c.name == "华为")
        as_ana, as_bo, as_boss = TeamService(ana), TeamService(bo), TeamService(boss)
        ana_id, bo_id = as_boss.find_rep("Ana").id, as_boss.find_rep("Bo").id
        assert as_ana.is_team() and as_ana.me() == ana_id and as_bo.owner_of(contact_id=zhang) == "Ana"

        with pytest.raises((BookError, TeamError)):          # a rep hands over nothing, not even their own
            as_ana.handover(ana_id, bo_id, NOW, company_id=huawei)
        assert as_bo.owner_of(contact_id=zhang) == "Ana"

        handed = as_boss.handover(ana_id, bo_id, NOW, company_id=huawei)
        assert (handed.companies, handed.contacts, handed.followups) == (1, 1, 1)
        assert as_ana.owner_of(contact_id=zhang) == "Bo" and as_ana.owner_of(company_id=huawei) == "Bo"
        assert {(c.kind, c.name, c.from_rep) for c in as_bo.came_in(NOW)} == {("company", "华为", "Ana"),
                                                                              ("contact", "张伟", "Ana")}
        assert as_ana.came_in(NOW) == ()
        with bo.sessions.raw_reading() as connection:         # the open follow-up is Bo's to do now
            assert connection.execute("SELECT owner_id FROM followup").fetchall() == [(bo_id,)]
    finally:
        for store in (ana, bo, boss):
            store.close()


def test_any_rep_claims_from_the_pool_and_only_from_it(team):  # noqa: F811
    ana, bo = team.store("ana"), team.store("bo")
    try:
        stale = add_contact(ana, LONG_AGO, grade="D", name="赵强", company="小厂")
        kept = add_contact(ana, LONG_AGO, grade="A", name="钱总", company="大厂")
        as_bo = TeamService(bo)
        assert {(p.kind, p.name, p.previous_owner) for p in as_bo.pool(NOW)} == {
            ("contact", "赵强", "Ana"), ("company", "小厂", "Ana")}
        assert as_bo.claim("contact", stale, "赵强", NOW).name == "赵强"
        assert as_bo.owner_of(contact_id=stale) == "Bo"
        with pytest.raises((BookError, TeamError)):          # A-grade accounts never return to the pool
            as_bo.claim("contact", kept, "钱总", NOW)
        with pytest.raises((BookError, TeamError)):          # nor can the service's check be skipped
            bo.team.claim("contact", kept, NOW)
        assert as_bo.owner_of(contact_id=kept) == "Ana"
    finally:
        ana.close()
        bo.close()
