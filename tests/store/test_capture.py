"""What the rep captures, on temporary book files: interactions, follow-ups, level history,
stay-in-touch, marks, note search, local times, and writers in several processes at once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date, datetime, time, timedelta

import pytest

from clientbook.config import DEFAULT_CADENCE_DAYS
from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.enums import Grade, Level
from clientbook.domain.interactions import (
    Coach,
    FollowupInput,
    InfoQuality,
    InteractionInput,
    Kind,
    Space,
)
from clientbook.errors import NotFound
from clientbook.i18n import set_language
from clientbook.store import open_store
from clientbook.ui.screens.contact import timeline_cells
from conftest import NOW

TODAY = NOW.date()


@pytest.fixture
def book(store):
    return store   # conftest's open store, under the name these tests read best with


def add(store, name, *, company="", level=Level.STRANGER, created=NOW) -> int:
    return store.contacts.add_contact(ContactInput(name=name, company=company, level=level), created)


def log(store, contact_ids, summary="", *, at=NOW, kind=Kind.CALL, now=NOW, **fields) -> int:
    data = InteractionInput(kind=kind, occurred_at=at, contact_ids=list(contact_ids), summary=summary, **fields)
    return store.capture.log_interaction(data, now)


def last_contact(store, contact_id):
    return store.contacts.get_contact(contact_id).contact.last_contact_at


def timeline_kinds(store, contact_id):
    return [(e.kind, e.id) for e in store.capture.timeline(contact_id)]


def count_interactions(book) -> int:
    with book.sessions.raw_reading() as connection:
        return connection.execute("SELECT count(*) FROM interaction").fetchone()[0]


# --------------------------------------------------------------------------- logging
def test_log_with_two_contacts(book):
    zhang = add(book, "张三", company="华为", level=Level.GOOD_FRIEND)
    li = add(book, "李四", company="华为", level=Level.ACQUAINTED)
    other = add(book, "王五")
    at = datetime(2026, 11, 25, 15, 30)
    followup = FollowupInput("发报价单", date(2026, 12, 4), None, True)
    interaction_id = log(book, [zhang, li], "谈了二期报价", at=at, kind=Kind.MEAL, place="海底捞",
                         cost=680.0, followup=followup, new_level=int(Level.GOOD_FRIEND))

    for contact_id in (zhang, li):
        entries = [e for e in book.capture.timeline(contact_id) if e.kind == "interaction"]
        assert [(e.id, e.subtype, e.text, e.at) for e in entries] == [(interaction_id, "meal", "谈了二期报价", at)]
        assert last_contact(book, contact_id) == at
    assert book.capture.timeline(other) == []
    assert last_contact(book, other) is None

    view = book.capture.get_interaction(interaction_id)
    assert sorted(name for _id, name in view.contacts) == ["张三", "李四"]
    assert view.interaction.place == "海底捞" and view.interaction.cost == 680.0
    # The follow-up belongs to the first contact only.
    assert [(f.contact_id, f.what, f.due_date, f.promise) for f in view.followups] == [
        (zhang, "发报价单", date(2026, 12, 4), True)]
    assert [e.text for e in book.capture.timeline(zhang) if e.kind == "followup"] == ["发报价单"]
    assert [e for e in book.capture.timeline(li) if e.kind == "followup"] == []

    # The level: 张三 was already 3, so nothing is recorded for him; 李四 goes 1 → 3.
    assert [e for e in book.capture.timeline(zhang) if e.kind == "level"] == []
    [change] = [e for e in book.capture.timeline(li) if e.kind == "level"]
    assert (change.from_level, change.to_level, change.text, change.subtype) == (1, 3, "谈了二期报价", "up")
    assert book.contacts.get_contact(li).contact.level == 3
    assert book.contacts.get_contact(zhang).contact.level == 3


def test_level_change_down_and_reason_without_summary(book):
    zhang = add(book, "张三", level=Level.BROTHER)
    log(book, [zhang], "", new_level=1)
    [change] = [e for e in book.capture.timeline(zhang) if e.kind == "level"]
    assert (change.from_level, change.to_level, change.subtype) == (4, 1, "down")
    # No wording is stored (the book is read in either language): the kind is named when shown.
    assert (change.text, change.cause) == ("", Kind.CALL.value)
    for lang, named in (("en", "call"), ("zh", "电话")):
        set_language(lang)
        try:
            assert timeline_cells(change)[2].endswith(f" · {named}")
        finally:
            set_language("en")


def test_log_for_an_unknown_contact_writes_nothing(book):
    zhang = add(book, "张三")
    with pytest.raises(NotFound):
        log(book, [zhang, 999], "x")
    assert book.agenda.recent_interactions() == []
    assert last_contact(book, zhang) is None


def test_last_contact_is_the_latest_not_the_last_logged(book):
    zhang = add(book, "张三")
    log(book, [zhang], "new", at=NOW - timedelta(days=1))
    log(book, [zhang], "old, logged later", at=NOW - timedelta(days=9))
    assert last_contact(book, zhang) == NOW - timedelta(days=1)


def test_update_interaction_moving_it_to_another_contact(book):
    zhang, li = add(book, "张三"), add(book, "李四")
    moved = log(book, [zhang], "moved", at=NOW - timedelta(days=2))
    log(book, [zhang], "stays", at=NOW - timedelta(days=10))
    log(book, [li], "li's own", at=NOW - timedelta(days=5))
    assert last_contact(book, zhang) == NOW - timedelta(days=2)
    assert last_contact(book, li) == NOW - timedelta(days=5)

    data = InteractionInput(kind=Kind.VISIT, occurred_at=NOW - timedelta(days=2), contact_ids=[li], summary="moved")
    book.capture.update_interaction(moved, data, NOW)

    assert last_contact(book, zhang) == NOW - timedelta(days=10)
    assert last_contact(book, li) == NOW - timedelta(days=2)
    assert [e.text for e in book.capture.timeline(zhang) if e.kind == "interaction"] == ["stays"]
    assert [e.text for e in book.capture.timeline(li) if e.kind == "interaction"] == ["moved", "li's own"]
    assert book.capture.get_interaction(moved).interaction.kind == "visit"
    assert [name for _id, name in book.capture.get_interaction(moved).contacts] == ["李四"]


def test_update_interaction_to_the_only_one_clears_last_contact(book):
    zhang, li = add(book, "张三"), add(book, "李四")
    moved = log(book, [zhang], "only", at=NOW - timedelta(days=2))
    book.capture.update_interaction(moved, InteractionInput(Kind.CALL, NOW - timedelta(days=2), [li], summary="only"), NOW)
    assert last_contact(book, zhang) is None
    assert last_contact(book, li) == NOW - timedelta(days=2)


def test_archive_interaction_hides_it_and_rolls_back_last_contact(book):
    zhang, li = add(book, "张三"), add(book, "李四")
    archived = log(book, [zhang, li], "送了一盒茶叶", at=NOW - timedelta(days=1))
    kept = log(book, [zhang], "聊了月饼", at=NOW - timedelta(days=5))
    assert [h.ref_id for h in book.capture.search_notes("茶")] == [archived]

    book.capture.archive_interaction(archived, NOW)

    assert [e.id for e in book.capture.timeline(zhang) if e.kind == "interaction"] == [kept]
    assert [e for e in book.capture.timeline(li) if e.kind == "interaction"] == []
    assert book.capture.search_notes("茶") == []
    assert [h.ref_id for h in book.capture.search_notes("月饼")] == [kept]
    assert [r.id for r in book.agenda.recent_interactions()] == [kept]
    assert last_contact(book, zhang) == NOW - timedelta(days=5)
    assert last_contact(book, li) is None
    # Archived, not deleted.
    assert book.capture.get_interaction(archived).interaction.archived_at == NOW


def test_recent_interactions_newest_first_and_until(book):
    zhang = add(book, "张三")
    a = log(book, [zhang], "a", at=NOW - timedelta(days=3))
    b = log(book, [zhang], "b", at=NOW - timedelta(hours=1))
    c = log(book, [zhang], "future", at=NOW + timedelta(days=1))
    assert [r.id for r in book.agenda.recent_interactions()] == [c, b, a]
    assert [r.id for r in book.agenda.recent_interactions(until=NOW)] == [b, a]
    assert [r.id for r in book.agenda.recent_interactions(limit=1, until=NOW)] == [b]
    assert book.agenda.recent_interactions(until=NOW)[0].contacts == "张三"


# --------------------------------------------------------------------------- follow-ups
def fu(what, due, at=None, promise=True) -> FollowupInput:
    return FollowupInput(what, due, at, promise)


def agenda_ids(book, today=TODAY):
    return sorted(i.id for i in book.agenda.agenda_items(today))


def test_followup_complete_reopen_reschedule(book):
    zhang = add(book, "张三", company="华为")
    fid = book.capture.add_followup(zhang, fu("发报价单", TODAY + timedelta(days=1), time(15, 0)), NOW)
    [item] = book.agenda.agenda_items(TODAY)
    assert (item.id, item.contact_name, item.company, item.what, item.due_time, item.promise) == (
        fid, "张三", "华为", "发报价单", time(15, 0), True)

    book.capture.complete_followup(fid, NOW)
    assert book.agenda.agenda_items(TODAY) == []
    assert book.capture.get_followup(fid).done_at == NOW
    assert [e.subtype for e in book.capture.timeline(zhang) if e.kind == "followup"] == ["done"]

    book.capture.reopen_followup(fid, NOW)
    assert agenda_ids(book) == [fid]
    assert book.capture.get_followup(fid).done_at is None
    assert [e.subtype for e in book.capture.timeline(zhang) if e.kind == "followup"] == ["open"]

    # Moved past the window: off the agenda, still in the timeline.
    book.capture.reschedule_followup(fid, TODAY + timedelta(days=30), None, NOW)
    assert book.agenda.agenda_items(TODAY) == []
    f = book.capture.get_followup(fid)
    assert (f.due_date, f.due_time, f.what) == (TODAY + timedelta(days=30), None, "发报价单")
    # Rescheduling a done follow-up opens it again.
    book.capture.complete_followup(fid, NOW)
    book.capture.reschedule_followup(fid, TODAY, time(9, 0), NOW)
    assert agenda_ids(book) == [fid]
    assert book.capture.get_followup(fid).due_time == time(9, 0)


def test_agenda_items_window(book):
    zhang, gone = add(book, "张三"), add(book, "走了的人")
    overdue = book.capture.add_followup(zhang, fu("old", TODAY - timedelta(days=40)), NOW)
    today = book.capture.add_followup(zhang, fu("today", TODAY), NOW)
    last_day = book.capture.add_followup(zhang, fu("day 7", TODAY + timedelta(days=7)), NOW)
    book.capture.add_followup(zhang, fu("day 8", TODAY + timedelta(days=8)), NOW)
    book.capture.add_followup(gone, fu("of an archived contact", TODAY), NOW)
    book.contacts.archive_contact(gone, NOW)
    assert agenda_ids(book) == sorted([overdue, today, last_day])


def test_followup_with_unknown_contact(book):
    with pytest.raises(NotFound):
        book.capture.add_followup(999, fu("x", TODAY), NOW)
    with pytest.raises(NotFound):
        book.capture.complete_followup(999, NOW)


# --------------------------------------------------------------------------- stay in touch
def test_due_to_contact(book):
    for name, grade in (("甲公司", Grade.A), ("乙公司", Grade.B), ("丙公司", Grade.C), ("无等级", None)):
        book.contacts.add_company(CompanyInput(name=name, grade=grade), NOW - timedelta(days=400))
    old = NOW - timedelta(days=400)
    a_late = add(book, "A迟", company="甲公司", created=old)
    a_fresh = add(book, "A新", company="甲公司", created=old)
    a_exact = add(book, "A准", company="甲公司", created=old)
    a_long = add(book, "A长", company="甲公司", created=old)
    b_never = add(book, "B从未", company="乙公司", created=NOW - timedelta(days=40))
    b_new = add(book, "B新人", company="乙公司", created=NOW - timedelta(days=10))
    c_override = add(book, "C自定", company="丙公司", created=old)
    nograde = add(book, "无等级人", company="无等级", created=old)
    loner_override = add(book, "独行", created=NOW - timedelta(days=6))
    archived = add(book, "已归档", company="甲公司", created=old)

    log(book, [a_late], at=NOW - timedelta(days=20))
    log(book, [a_fresh], at=NOW - timedelta(days=5))
    log(book, [a_exact], at=NOW - timedelta(days=14, hours=3))
    log(book, [a_long], at=NOW - timedelta(days=20))
    log(book, [c_override], at=NOW - timedelta(days=8))
    book.capture.set_cadence(a_long, 100)          # own cadence longer than grade A's 14 days
    book.capture.set_cadence(c_override, 7)        # own cadence shorter than grade C's 60 days
    book.capture.set_cadence(loner_override, 5)    # no company at all
    book.contacts.archive_contact(archived, NOW)

    due = book.agenda.due_to_contact(TODAY, DEFAULT_CADENCE_DAYS)
    got = [(d.name, d.grade, d.days_overdue) for d in due]
    assert got == [
        ("A迟", "A", 6),          # within a grade, the longest silence first
        ("A准", "A", 0),          # exactly at the cadence: due today
        ("B从未", "B", 10),       # never contacted: counted from when they entered the book
        ("C自定", "C", 1),
        ("独行", None, 1),        # ungraded last
    ]
    # Grades come in order A, B, C, then ungraded.
    assert [d.grade or "Z" for d in due] == sorted(d.grade or "Z" for d in due)
    by_name = {d.name: d for d in due}
    assert by_name["A迟"].last_contact_at == NOW - timedelta(days=20)
    assert by_name["B从未"].last_contact_at is None
    for name in ("A新", "A长", "B新人", "无等级人", "已归档"):
        assert name not in by_name
    assert {d.id for d in due} == {a_late, a_exact, b_never, c_override, loner_override}
    # Other cadences from the settings are honoured.
    assert [d.name for d in book.agenda.due_to_contact(TODAY, {**DEFAULT_CADENCE_DAYS, "B": 50})].count("B从未") == 0
    b_ten = {d.id: d.days_overdue for d in book.agenda.due_to_contact(TODAY, {**DEFAULT_CADENCE_DAYS, "B": 10})}
    assert b_ten[b_new] == 0 and b_ten[b_never] == 30
    # The most urgent first, a grade at a time, up to the limit.
    assert [d.name for d in book.agenda.due_to_contact(TODAY, DEFAULT_CADENCE_DAYS, limit=3)] == ["A迟", "A准", "B从未"]
    assert [d.name for d in book.agenda.due_to_contact(TODAY, {"C": 60}, limit=1)] == ["C自定"]


def test_below_target_first_rows_and_count(book):
    """Today reads the first few people below target and the count; the full list, read when
    expanded, starts with the same rows: the widest gap first, then the higher grade, then by name."""
    from clientbook.domain.targets import target_for

    book.contacts.add_company(CompanyInput(name="甲公司", grade=Grade.A), NOW)
    book.contacts.add_company(CompanyInput(name="乙公司", grade=Grade.B), NOW)
    book.contacts.add_company(CompanyInput(name="丙公司", grade=Grade.C), NOW)
    people = {}
    for name, company, level in (("Eve", "甲公司", Level.STRANGER), ("Ann", "甲公司", Level.STRANGER),
                                 ("Bob", "乙公司", Level.STRANGER), ("Cat", "甲公司", Level.ACQUAINTED),
                                 ("Dan", "乙公司", Level.ACQUAINTED), ("Fay", "甲公司", Level.CONFIDANT),
                                 ("Gus", "丙公司", Level.STRANGER)):
        people[name] = (add(book, name, company=company, level=level), company, level)
    matrix = book.agenda.targets()
    grades = {"甲公司": "A", "乙公司": "B"}
    expected = sorted(
        ((int(level) - int(target_for(matrix, grades[company], None, level).level), grades[company], name)
         for name, (_id, company, level) in people.items()
         if company in grades and level < target_for(matrix, grades[company], None, level).level))
    assert len(expected) == 5 and "Fay" not in {name for *_, name in expected}   # Fay's at the top already

    full, total = book.agenda.below_target(("A", "B"))
    assert [row.name for row in full] == [name for *_, name in expected] and total == 5
    assert all(row.company in grades and row.level < row.target for row in full)
    for first in range(1, 7):   # Ann before Eve (added first): by name within a rank, at the edge too
        assert book.agenda.below_target(("A", "B"), first) == (full[:first], 5)
    assert book.agenda.below_target(("A", "B"), 0) == ([], 5)
    assert book.agenda.below_target(("C",), 2)[0][0].name == "Gus"


def test_reads_inside_one_reading_share_its_transaction(book, engine, book_path, request):
    """Today reads inside agenda.one_reading(): one transaction and one snapshot, so a log another
    process writes meanwhile is not half in Today (in its recent list, its contact still due);
    once the block ends the next read sees it. Nested, the outer one holds."""
    zhang = add(book, "张三")
    log(book, [zhang], "first", at=NOW - timedelta(hours=2))
    other = open_store(request.getfixturevalue("team_book") if engine == "postgresql" else book_path, NOW)
    try:
        with book.agenda.one_reading():
            before = book.agenda.recent_interactions(limit=5)
            log(other, [zhang], "second", at=NOW - timedelta(hours=1))
            with book.agenda.one_reading():
                during = book.agenda.recent_interactions(limit=5)
        after = book.agenda.recent_interactions(limit=5)
    finally:
        other.close()
    assert [row.summary for row in before] == ["first"]
    assert during == before
    assert [row.summary for row in after] == ["second", "first"]


def test_todays_reads_plan_for_a_book_in_memory_and_the_rest_keep_the_servers_setting(team_book):
    """On a team book Today's reads (one_reading) plan index probes at about a sequential read's
    cost, so its joins probe instead of scanning every contact; outside it, and for any other
    client of the server, the server's own setting holds."""
    store = open_store(team_book, NOW)
    try:
        with store.agenda.one_reading() as connection:
            assert connection.execute("SHOW random_page_cost").fetchone() == ("1.1",)
        with store.sessions.raw_reading() as connection:
            assert connection.execute("SHOW random_page_cost").fetchone() == ("4",)
    finally:
        store.close()


def test_due_to_contact_restarts_after_a_log(book):
    book.contacts.add_company(CompanyInput(name="甲公司", grade=Grade.A), NOW)
    zhang = add(book, "张三", company="甲公司", created=NOW - timedelta(days=30))
    assert [d.id for d in book.agenda.due_to_contact(TODAY, DEFAULT_CADENCE_DAYS)] == [zhang]
    log(book, [zhang], "called", at=NOW - timedelta(hours=1))
    assert book.agenda.due_to_contact(TODAY, DEFAULT_CADENCE_DAYS) == []


# --------------------------------------------------------------------------- marks
def test_contact_marks_highest_and_trend(book):
    zhang = add(book, "张三")
    # Logged out of order: marks follow when things happened, not when they were typed.
    log(book, [zhang], "3", at=NOW - timedelta(days=1), info_quality=InfoQuality.EFFECTIVE, coach=Coach.GUIDES,
        space=Space.WORK)
    log(book, [zhang], "1", at=NOW - timedelta(days=3), info_quality=InfoQuality.PUBLIC,
        coach=Coach.GIVES_INFO, space=Space.PRIVATE)
    log(book, [zhang], "2", at=NOW - timedelta(days=2), info_quality=InfoQuality.ACTIVE_PRIVATE)
    hidden = log(book, [zhang], "archived", at=NOW - timedelta(hours=1), coach=Coach.RECOMMENDS,
                 info_quality=InfoQuality.PUBLIC)
    book.capture.archive_interaction(hidden, NOW)

    marks = book.capture.contact_marks(zhang)
    assert marks.space is Space.PRIVATE
    assert marks.info_quality is InfoQuality.ACTIVE_PRIVATE
    assert marks.coach is Coach.GUIDES
    assert marks.info_trend == -1      # active_private, then effective
    assert marks.coach_trend == 1      # gives_info, (none), guides


def test_contact_marks_nothing_recorded(book):
    zhang = add(book, "张三")
    log(book, [zhang], "plain call")
    marks = book.capture.contact_marks(zhang)
    assert (marks.space, marks.info_quality, marks.coach, marks.info_trend, marks.coach_trend) == (
        None, None, None, 0, 0)


# --------------------------------------------------------------------------- note search
@pytest.fixture
def notes(book):
    zhang, li = add(book, "张三"), add(book, "李四")
    ids = {
        "tea": log(book, [zhang], "送了一盒茶叶", at=NOW - timedelta(days=5)),
        "mooncake": log(book, [li], "中秋送月饼", at=NOW - timedelta(days=4)),
        "boss": log(book, [zhang], "", notes="张总说下周要报价", at=NOW - timedelta(days=3)),
        "quote": log(book, [li], "Sent the quote to Alice", at=NOW - timedelta(days=2)),
        "both": log(book, [zhang, li], "喝茶吃月饼", at=NOW - timedelta(days=1)),
        "followup": book.capture.add_followup(li, fu("催张总回款", TODAY + timedelta(days=2)), NOW),
    }
    return ids


def found(book, query):
    return {(h.kind, h.ref_id) for h in book.capture.search_notes(query)}


def I(ids, *names):  # noqa: E743
    return {("followup" if n == "followup" else "interaction", ids[n]) for n in names}


def test_search_one_and_two_character_chinese_words(book, notes):
    assert found(book, "茶") == I(notes, "tea", "both")
    assert found(book, "月饼") == I(notes, "mooncake", "both")
    assert found(book, "张总") == I(notes, "boss", "followup")
    assert found(book, "饼月") == set()          # a phrase, not a bag of characters


def test_search_longer_words_and_pairs_apart_alike_on_both_engines(book, notes):
    # A team book narrows by the notes' character pairs (报价, 价单) and decides by the phrase:
    # the pairs of 报价单 apart, or 月饼 across a comma, are what SQLite's fts5 says they are.
    apart = log(book, [add(book, "王五")], "报价 价单 另寄", at=NOW - timedelta(hours=5))
    whole = log(book, [add(book, "赵六")], "附上报价单，月，饼两盒", at=NOW - timedelta(hours=4))
    assert found(book, "报价单") == {("interaction", whole)}
    assert found(book, "报价") == I(notes, "boss") | {("interaction", apart), ("interaction", whole)}
    assert found(book, "月饼") == I(notes, "mooncake", "both") | {("interaction", whole)}
    assert found(book, "价单 月饼") == {("interaction", whole)}


def test_search_takes_the_newest_matches_of_common_and_rare_words_alike_on_both_engines(book):
    # A team book reads a common word's matches from the newest down and a rare one's all at
    # once (policies.NOTE_IDS_FUNCTION): either way the newest `limit` are what fts5 finds.
    zhang = add(book, "张三")
    written = {}
    for i in range(90):
        text = "报价" + ("，月饼" if i % 9 == 0 else "") + (" 茶叶罐" if i < 6 else "") + (" ktv" if i % 30 == 1 else "")
        written[log(book, [zhang], text, at=NOW - timedelta(hours=90 - i))] = text
    newest = sorted(written, reverse=True)

    def expected(word, limit):
        return [i for i in newest if all(w in written[i] for w in word.split())][:limit]

    for word in ("报价", "月饼", "茶叶罐", "叶罐", "ktv", "报价 月饼", "月饼 ktv"):
        assert [h.ref_id for h in book.capture.search_notes(word, limit=5)] == expected(word, 5), word


def test_search_english_prefix_and_case(book, notes):
    assert found(book, "quo") == I(notes, "quote")
    assert found(book, "QUOTE") == I(notes, "quote")
    assert found(book, "alic") == I(notes, "quote")
    assert found(book, "uote") == set()          # prefixes, not infixes


def test_search_requires_every_word(book, notes):
    assert found(book, "茶 月饼") == I(notes, "both")
    assert found(book, "quote alice") == I(notes, "quote")
    assert found(book, "quote bob") == set()


@pytest.mark.parametrize("query", ['"', "*", "OR", "(", ")", '"茶', "茶*", "(茶", "茶)", '"月饼"', "NEAR(茶",
                                   "AND", "NOT", "^茶", "-", ":", "body:茶", "'", "", "   "])
def test_search_any_input_is_safe(book, notes, query):
    book.capture.search_notes(query)  # never raises


def test_search_ignores_operators_and_quotes(book, notes):
    assert found(book, '"茶') == I(notes, "tea", "both")
    assert found(book, "(茶") == I(notes, "tea", "both")
    assert found(book, '"月饼"') == I(notes, "mooncake", "both")
    assert found(book, "quo*") == I(notes, "quote")
    for query in ('"', "*", "(", ")", "", "  "):
        assert found(book, query) == set()
    # OR is no operator: it never widens a search to either word.
    assert found(book, "茶 OR 月饼") <= I(notes, "both")
    assert found(book, "quote NOT alice") <= I(notes, "quote")


def test_search_finds_followups(book, notes):
    hits = book.capture.search_notes("回款")
    assert [(h.kind, h.ref_id, h.text, h.contacts) for h in hits] == [
        ("followup", notes["followup"], "催张总回款", "李四")]
    assert hits[0].contact_id == book.capture.get_followup(notes["followup"]).contact_id


def test_search_hits_are_newest_first_with_names(book, notes):
    hits = book.capture.search_notes("茶")
    assert [h.ref_id for h in hits] == [notes["both"], notes["tea"]]
    assert sorted(hits[0].contacts.split(", ")) == ["张三", "李四"]


def test_search_follows_edits(book, notes):
    zhang = book.capture.get_interaction(notes["tea"]).contacts[0][0]
    book.capture.update_interaction(notes["tea"], InteractionInput(Kind.CALL, NOW - timedelta(days=5), [zhang],
                                                           summary="送了咖啡"), NOW)
    assert found(book, "茶") == I(notes, "both")
    assert found(book, "咖啡") == I(notes, "tea")
    book.capture.update_followup(notes["followup"], fu("寄样品", TODAY), NOW)
    assert found(book, "回款") == set()
    assert found(book, "样品") == I(notes, "followup")


# --------------------------------------------------------------------------- local times
def test_naive_local_times_round_trip(book, tmp_path):
    zhang = add(book, "张三")
    lunch = datetime(2026, 11, 26, 12, 0)
    interaction_id = log(book, [zhang], "午饭", at=lunch, kind=Kind.MEAL,
                         followup=fu("回电", date(2026, 11, 27), time(12, 0)))
    stored = book.capture.get_interaction(interaction_id).interaction
    assert stored.occurred_at == lunch and stored.occurred_at.tzinfo is None
    assert last_contact(book, zhang) == lunch
    assert book.agenda.recent_interactions()[0].occurred_at == lunch
    [entry] = [e for e in book.capture.timeline(zhang) if e.kind == "interaction"]
    assert entry.at == lunch
    [item] = book.agenda.agenda_items(TODAY)
    assert item.due_time == time(12, 0)
    with book.sessions.raw_reading() as connection:   # as the plain SQL reads it, on both engines
        raw = connection.execute("SELECT occurred_at FROM interaction WHERE id = ?", (interaction_id,)).fetchone()[0]
    assert raw.startswith("2026-11-26 12:00")
    # And again through a fresh store on the same book.
    again = open_store(book.path, NOW)
    try:
        assert again.capture.get_interaction(interaction_id).interaction.occurred_at == lunch
    finally:
        again.close()


# --------------------------------------------------------------------------- concurrency
# Each worker process runs `python -m clientbook --db PATH log 张三 call "note W-i"` ten times over:
# the module is re-run with runpy (exactly what `-m` does) so the interpreter starts once per
# worker, not forty times, and the test stays quick. It exits 0 only if every run returned 0.
_WORKER = """
import runpy, sys
path, worker, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
codes = []
for i in range(runs):
    sys.argv = ["clientbook", "--db", path, "log", "张三", "call", f"note {worker}-{i}"]
    try:
        runpy.run_module("clientbook", run_name="__main__", alter_sys=True)
        codes.append(0)
    except SystemExit as exc:
        codes.append(exc.code if isinstance(exc.code, int) else 1)
print(codes)
sys.exit(0 if codes == [0] * runs else 1)
"""


def test_writers_in_several_processes_and_a_thread_all_land(book, tmp_path):
    add(book, "张三")
    path = getattr(book.path, "url", str(book.path))     # a team book's URL with its password
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(CLIENTBOOK_HOME=str(tmp_path / "cbhome"), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    workers, runs, own = 4, 10, 40
    processes = [
        subprocess.Popen([sys.executable, "-c", _WORKER, path, str(w), str(runs)], env=env,
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, encoding="utf-8")
        for w in range(workers)
    ]
    errors: list[BaseException] = []

    def in_process() -> None:
        try:
            contact_id = book.contacts.find_contacts("张三")[0].id
            for i in range(own):
                log(book, [contact_id], f"in-process {i}", at=NOW + timedelta(minutes=i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=in_process)
    thread.start()
    outputs = [process.communicate(timeout=120) for process in processes]
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert not errors, errors
    for process, (stdout, stderr) in zip(processes, outputs):
        assert process.returncode == 0, (stdout, stderr)
        assert "locked" not in stderr.lower() and "busy" not in stderr.lower(), stderr
        assert stdout.count("Logged call with 张三") == runs, stdout
    assert count_interactions(book) == workers * runs + own
    assert len(book.agenda.recent_interactions(limit=1000)) == workers * runs + own
    notes_written = {h.text for h in book.capture.search_notes("note", limit=1000)}
    assert {f"note {w}-{i}" for w in range(workers) for i in range(runs)} <= notes_written
    assert {f"in-process {i}" for i in range(own)} <= {r.summary for r in book.agenda.recent_interactions(limit=1000)}
