"""Row-level security of a team book (store/policies.py): two reps and a manager connect as
their own PostgreSQL roles with their passwords (scram on 127.0.0.1), and the server itself
decides what each reads and writes: through the app's store and over a plain psycopg connection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg
import pytest

from conftest import NOW, add_contact

from clientbook.domain.interactions import InteractionInput, Kind
from clientbook.domain.search import tsquery
from clientbook.errors import BookError
from clientbook.location import ServerBook
from clientbook.services.insights import InsightsService
from clientbook.services import team_admin
from clientbook.store import open_store
from clientbook.store.server import create_team_book

PASSWORD = "rep-secret-1"


@dataclass
class Team:
    server: object
    database: str
    roles: dict          # "ana", "bo", "boss" -> their login role

    def url(self, who: str, password: str = PASSWORD) -> str:
        return self.server.url(self.database, self.roles[who], password)

    def store(self, who: str):
        return open_store(ServerBook(self.url(who)))

    def psql(self, who: str):
        """A plain connection as that rep, as psql with their own password would be."""
        return psycopg.connect(self.server.libpq_url(self.database, self.roles[who], PASSWORD), autocommit=True)


@pytest.fixture
def team(pg_server, pg_url):
    admin = ServerBook(pg_url)
    create_team_book(admin)
    database = pg_url.rsplit("/", 1)[1]
    roles = {who: f"{who}_{database}" for who in ("ana", "bo", "boss")}
    for who, role in roles.items():
        team_admin.add_rep(admin, who.title(), role, PASSWORD, NOW)
    team_admin.set_manager(admin, "Boss")
    return Team(pg_server, database, roles)


def log(store, contact_id: int, notes: str, *, private: bool = False, when: datetime = NOW) -> int:
    return store.capture.log_interaction(
        InteractionInput(Kind.VISIT, when, [contact_id], summary="visit", notes=notes, private=private), when)


def test_private_notes_stay_with_their_author_whoever_asks_and_however(team):
    ana, bo, boss = (team.store(who) for who in ("ana", "bo", "boss"))
    try:
        zhang = add_contact(ana, name="张伟", company="华为")
        log(ana, zhang, "报价 下周 确认", private=True, when=NOW - timedelta(days=1))
        log(ana, zhang, "合同 已寄出")
        # The whole team reads the team's contacts, and the notes not marked private.
        assert [c.name for c in bo.contacts.search_contacts()] == ["张伟"]
        assert {h.text for h in bo.capture.search_notes("合同")} == {"visit · 合同 已寄出"}
        # The private one: its author finds it; the other rep and the manager do not, by search either.
        assert [h.text for h in ana.capture.search_notes("报价")] == ["visit · 报价 下周 确认"]
        assert bo.capture.search_notes("报价") == [] and boss.capture.search_notes("报价") == []
        # Bo logging with the same contact must not set its clock back past Ana's private visit.
        log(bo, zhang, "电话", when=NOW - timedelta(days=3))
        assert ana.contacts.get_contact(zhang).contact.last_contact_at == NOW
        # A private meal's cost is Ana's to see in Insights' spend, not Bo's (contact_spend's rows
        # go with their interaction); its day still restarts the clock for the team's health.
        ana.capture.log_interaction(InteractionInput(Kind.MEAL, NOW - timedelta(days=2), [zhang], summary="饭",
                                                     cost=800.0, private=True), NOW)
        spent = {who: [c.month for c in InsightsService(store, {}).spend(NOW.date()).companies]
                 for who, store in (("ana", ana), ("bo", bo))}
        assert spent == {"ana": [800.0], "bo": []}
    finally:
        for store in (ana, bo, boss):
            store.close()
    # psql with Bo's own password: the server itself hides the row.
    # Nor through the note search's function (the admin's, so it applies the policies itself).
    ids = "SELECT clientbook_note_ids(%s, %s::tsquery, to_tsquery('simple', %s), 50)"
    with team.psql("bo") as connection:
        assert connection.execute("SELECT notes FROM interaction WHERE private").fetchall() == []
        assert connection.execute(ids, ("interaction", "'报价'", tsquery("报价"))).fetchall() == []
        assert connection.execute(ids, ("interaction", None, tsquery("下周"))).fetchall() == []
        assert connection.execute("SELECT count(*) FROM interaction").fetchone()[0] == 2
        assert connection.execute("SELECT count(*) FROM contact_spend").fetchone()[0] == 0
        # Nor may Bo edit or delete Ana's notes: the rows are simply not there for him.
        assert connection.execute("UPDATE interaction SET notes = 'x' WHERE notes = '合同 已寄出'").rowcount == 0
    with team.psql("ana") as connection:
        assert connection.execute("SELECT notes FROM interaction WHERE private AND kind = 'visit'").fetchall() == [("报价 下周 确认",)]
        assert len(connection.execute(ids, ("interaction", "'报价'", tsquery("报价"))).fetchall()) == 1



def test_a_private_meals_share_follows_its_person_and_reaches_the_team_once_made_public(team):
    """contact_spend keeps each share's company and its interaction's privacy: a move of company
    made by a rep who cannot see the meal still moves its share (the refresh is the admin's
    function), and the author making it public shows it to the team."""
    ana, bo = team.store("ana"), team.store("bo")

    def spent(store) -> list[tuple[str, float]]:
        return [(c.name, c.month) for c in InsightsService(store, {}).spend(NOW.date()).companies]

    try:
        zhang = add_contact(ana, name="张伟", company="华为")
        meal = InteractionInput(Kind.MEAL, NOW - timedelta(days=2), [zhang], summary="饭", cost=800.0, private=True)
        meal_id = ana.capture.log_interaction(meal, NOW)
        card = bo.contacts.contact_input(zhang)
        card.company = "腾讯"
        bo.contacts.update_contact(zhang, card, NOW)
        assert (spent(ana), spent(bo)) == ([("腾讯", 800.0)], [])
        meal.private = False
        ana.capture.update_interaction(meal_id, meal, NOW, ana.capture.get_interaction(meal_id))
        assert spent(bo) == [("腾讯", 800.0)]
    finally:
        ana.close()
        bo.close()

def test_owners_move_only_through_the_function_claim_from_the_pool_manager_hands_over_wrong_password(team):
    ana = team.store("ana")
    try:
        kept = add_contact(ana, name="李娜", company="腾讯", grade="C")
        stale = add_contact(ana, name="王强", company="小米", grade="C")
        log(ana, kept, "拜访", when=datetime.now() - timedelta(days=2))
    finally:
        ana.close()
    with team.psql("ana") as connection:
        ana_id, bo_id, boss_id = (connection.execute("SELECT id FROM rep WHERE role = %s", (team.roles[who],)).fetchone()[0]
                                  for who in ("ana", "bo", "boss"))
        # A new contact is its maker's (the column default is clientbook_rep()).
        assert connection.execute("SELECT owner_id FROM contact WHERE id = %s", (kept,)).fetchone()[0] == ana_id
    with team.server.admin(team.database) as admin:
        # 王强: last kept 40 days ago, past grade C's 30 days: back in the pool.
        admin.execute("INSERT INTO pool_rule (grade, recycle_days) VALUES ('C', 30)"
                      " ON CONFLICT (grade) DO UPDATE SET recycle_days = 30")
        admin.execute("UPDATE contact SET created_at = LOCALTIMESTAMP - interval '40 days' WHERE id = %s", (stale,))
    with team.psql("bo") as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE contact SET owner_id = %s WHERE id = %s", (bo_id, kept))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not in the pool"):
            connection.execute("SELECT clientbook_move_owner('contact', %s, %s, 'claim')", (kept, bo_id))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="themselves"):
            connection.execute("SELECT clientbook_move_owner('contact', %s, %s, 'claim')", (stale, boss_id))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="manager"):
            connection.execute("SELECT clientbook_move_owner('contact', %s, %s, 'handover')", (kept, bo_id))
        connection.execute("SELECT clientbook_move_owner('contact', %s, %s, 'claim')", (stale, bo_id))
        # The team still edits a contact it does not own, but not its owner columns.
        connection.execute("UPDATE contact SET title = '总监' WHERE id = %s", (kept,))
    with team.psql("boss") as connection:
        connection.execute("SELECT clientbook_move_owner('contact', %s, %s, 'handover')", (kept, bo_id))
        assert connection.execute("SELECT id, owner_id, title FROM contact ORDER BY id").fetchall() == [
            (kept, bo_id, "总监"), (stale, bo_id, "")]
        assert connection.execute("SELECT contact_id, from_rep_id, to_rep_id, by_rep_id, reason FROM owner_change"
                                  " ORDER BY id").fetchall() == [(stale, ana_id, bo_id, bo_id, "claim"),
                                                                 (kept, ana_id, bo_id, boss_id, "handover")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):   # the log is the function's alone
            connection.execute("DELETE FROM owner_change")
    # And a role's password is its own: a wrong one is refused, in the app's one line.
    with pytest.raises(BookError) as refused:
        open_store(ServerBook(team.url("bo", password="not-his")))
    assert refused.value.key == "book.error.server_login"



def test_private_minutes_stay_with_their_author_the_meals_note_too(team):
    from dataclasses import replace

    from test_meals_store import minutes, plan

    ana, bo = team.store("ana"), team.store("bo")
    try:
        people = {"张伟": add_contact(ana, name="张伟", company="华为"), "王建国": add_contact(ana, name="王建国", company="华为")}
        meal_id = ana.meals.add_meal(plan(people), NOW)
        ana.meals.save_minutes(meal_id, replace(minutes(ana, meal_id), private=True), NOW)
        assert ana.meals.get_meal(meal_id).meal.discussed == "聊了二期和评审会"
        assert ana.capture.search_notes("评审")                      # the author finds them
        assert bo.capture.search_notes("评审") == []                 # nobody else, by search either
    finally:
        ana.close()
        bo.close()
    with team.psql("bo") as connection:
        assert connection.execute("SELECT discussed FROM meal").fetchall() == []
        assert connection.execute("SELECT notes FROM interaction").fetchall() == []
    with team.psql("boss") as connection:                            # not even the manager
        assert connection.execute("SELECT count(*) FROM meal").fetchone()[0] == 0
