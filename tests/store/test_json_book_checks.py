"""A JSON book passes the checks every other way in passes: a value a form would refuse, a
reference to nothing, a key twice or a number SQLite cannot hold is refused with one line naming
the table, the row and the column, and nothing is written."""

from __future__ import annotations

import json

import pytest

from clientbook.domain.text import MAX_TEXT
from clientbook.domain.contacts import validate_contact
from clientbook.domain.interactions import validate_log
from clientbook.store import open_store
from clientbook.errors import BookError
from conftest import NOW


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> dict:
    """A small book: two companies' contacts, a call with a follow-up."""
    store = open_store(tmp_path_factory.mktemp("source") / "book.db", NOW)
    try:
        ids = []
        for name, company in (("张伟", "华为"), ("李娜", "腾讯")):
            data, _ = validate_contact({"name": name, "company": company, "birthday": "05-18", "level": "3"})
            ids.append(store.contacts.add_contact(data, NOW))
        log, _ = validate_log({"summary": "谈了报价", "followup_when": "明天", "followup_what": "发报价"}, ids, NOW)
        store.capture.log_interaction(log, NOW)
        return json.loads(json.dumps(store.interop.dump_book(NOW)))
    finally:
        store.close()


def contact(d):
    return d["tables"]["contact"][1]


CASES = {
    "kind": (lambda d: d["tables"]["interaction"][0].update(kind="teleport"), ("interaction", "row 1", "kind")),
    "level": (lambda d: contact(d).update(level=99), ("contact", "row 2", "level")),
    "birthday": (lambda d: contact(d).update(birthday="garbage"), ("contact", "row 2", "birthday")),
    "name null": (lambda d: contact(d).update(name=None), ("contact", "row 2", "name")),
    "name empty": (lambda d: contact(d).update(name="  "), ("contact", "row 2", "name")),
    "dangling": (lambda d: d["tables"]["followup"][0].update(contact_id=999999), ("followup", "row 1", "999999")),
    "dangling link": (lambda d: d["tables"]["interaction_contact"][0].update(contact_id=42),
                      ("interaction_contact", "row 1", "42")),
    "duplicate id": (lambda d: contact(d).update(id=d["tables"]["contact"][0]["id"]), ("contact", "row 2", "twice")),
    "huge id": (lambda d: contact(d).update(id=2**70), ("contact", "id")),
    "grade": (lambda d: d["tables"]["company"][0].update(grade="Z"), ("company", "row 1", "grade")),
    "too long": (lambda d: contact(d).update(notes="x" * (MAX_TEXT + 1)), ("contact", "row 2", "notes", "100000")),
    "occurred_at null": (lambda d: d["tables"]["interaction"][0].update(occurred_at=None),
                         ("interaction", "row 1", "occurred_at")),
    "not finite": (lambda d: d["tables"]["company"][0].update(yearly_value=float("inf")), ("company", "yearly_value")),
    "fts": (lambda d: d["tables"]["note_fts"][0].update(body={"a": 1}), ("note_fts", "body")),
    "occasion date": (lambda d: add(d, "custom_occasion", occasion(month=13)), ("custom_occasion", "row 1", "month")),
    "lunar day 30 of a short month": (lambda d: add(d, "custom_occasion", occasion(calendar="lunar", year=2027, month=3,
                                                                                   day=30)),
                                      ("custom_occasion", "row 1")),
    "occasion name": (lambda d: add(d, "custom_occasion", occasion(name=" ")), ("custom_occasion", "row 1", "name")),
    "reminder state": (lambda d: add(d, "reminder_state", {
        "occasion_key": "mid_autumn", "year": 2026, "contact_id": contact(d)["id"], "state": "teleported",
        "until": None, "at": NOW.isoformat()}), ("reminder_state", "row 1", "state")),
    "policy grade": (lambda d: add(d, "policy_rule", {"occasion_key": "mid_autumn", "grade": "Z", "position": "boss",
                                                      "treatment": "gift", "budget_tier": "premium"}),
                     ("policy_rule", "row 1", "grade")),
    "target level": (lambda d: add(d, "target_level", {"grade": "A", "position": "boss", "level": 9}),
                     ("target_level", "row 1", "level")),
    "gift without what": (lambda d: add(d, "gift", {
        "id": 1, "contact_id": contact(d)["id"], "occasion_key": None, "what": "", "value": 100.0,
        "given_on": "2026-09-01", "interaction_id": None, "created_at": NOW.isoformat()}), ("gift", "row 1", "what")),
    "lead days": (lambda d: add(d, "occasion_setting", {"key": "mid_autumn", "enabled": True, "lead_days": 9999}),
                  ("occasion_setting", "row 1", "lead_days")),
    "deal stage": (lambda d: add(d, "deal", deal(d, stage="signed?")), ("deal", "row 1", "stage")),
    "deal title": (lambda d: add(d, "deal", deal(d, title=" ")), ("deal", "row 1", "title")),
    "deal move side": (lambda d: (add(d, "deal", deal(d)), add(d, "deal_move", {
        "id": 1, "deal_id": 1, "kind": "concession", "side": "both", "at": NOW.isoformat(), "what": "降价",
        "measure": "price", "amount": 3.0, "asked": "", "got": "", "resolution": "", "interaction_id": None})),
                       ("deal_move", "row 1", "side")),
    "deal of an interaction": (lambda d: d["tables"]["interaction"][0].update(deal_id=77), ("interaction", "deal_id", "77")),
}


def deal(d, **changes) -> dict:
    at = NOW.isoformat()
    row = {"id": 1, "company_id": d["tables"]["company"][0]["id"], "title": "机房扩容", "stage": "lead", "value": None,
           "expected_close": None, "owner": "", "batna": "", "bottom_line": "", "max_step_pct": None, "terms": "",
           "agreed_on": None, "closed_on": None, "notes": "", "archived_at": None, "created_at": at, "updated_at": at}
    return {**row, **changes}


def add(d, table: str, row: dict) -> None:
    d["tables"].setdefault(table, []).append(row)


def occasion(**changes) -> dict:
    row = {"id": 1, "name": "公司周年", "calendar": "solar", "month": 5, "day": 18, "leap": False, "yearly": True,
           "year": None, "lead_days": 3, "contact_id": None, "company_id": None, "archived_at": None,
           "created_at": NOW.isoformat()}
    return {**row, **changes}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_bad_value_is_refused_in_one_line_and_nothing_is_written(tmp_path, dump, case):
    change, words = CASES[case]
    bad = json.loads(json.dumps(dump))
    change(bad)
    target = open_store(tmp_path / "target.db", NOW)
    try:
        with pytest.raises(BookError) as error:
            target.interop.load_book(bad)
        message = error.value.message("en")
        assert "\n" not in message
        for word in words:
            assert word in message, (word, message)
        assert target.interop.is_empty()
        target.interop.load_book(json.loads(json.dumps(dump)))    # the good book still loads into it
        assert len(target.contacts.search_contacts()) == 2
    finally:
        target.close()
