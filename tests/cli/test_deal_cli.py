"""`clientbook deal …` as the rep runs it: subprocesses with their own CLIENTBOOK_HOME. The
commands read the real clock, so expected dates are computed from it too."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from clientbook.domain.deals import Condition, DealInput, DealRole, Measure, Move, MoveKind, Side
from clientbook.services.deals import DealsService
from clientbook.store import open_store
from cli_support import run
from conftest import add_contact


@pytest.fixture
def home(tmp_path):
    return tmp_path / "cbhome"


@pytest.fixture
def db(tmp_path):
    """华为 (A) with 王建国, the deciding VP; 比亚迪 (B) with a deal of its own."""
    path = tmp_path / "books" / "clientbook.db"
    store = open_store(path, datetime.now())
    try:
        now = datetime.now()
        boss = add_contact(store, now, grade="A", name="王建国", company="华为", title="副总裁")
        add_contact(store, now, grade="B", name="赵敏", company="比亚迪")
        companies = {c.name: c.id for c in store.contacts.list_companies()}
        deals = DealsService(store, max_step_pct=3)
        other = deals.add_deal(DealInput("电池测试设备", companies["比亚迪"], value=300_000, owner="陈刚"), now)
        deals.add_condition(other, Condition(Measure.PAYMENT_DAYS, ">", 90))
        deals.add_move(other, Move(MoveKind.CONCESSION, Side.OURS, "账期放到 120 天", now, Measure.PAYMENT_DAYS, 120), now)
        path.with_suffix(".ids").write_text(json.dumps({"boss": boss, "other": other}))
    finally:
        store.close()
    return path


def deal(home, db, *args):
    lang = list(args[:2]) if args[:1] == ("--lang",) else []
    return run(home, *lang, "--db", str(db), "deal", *args[len(lang):])


def test_add_list_move_to_signature(home, db):
    added = deal(home, db, "add", "机房扩容", "--company", "华为", "--value", "120万", "--close", "2026-12-20",
                 "--owner", "李娜", "--stage", "negotiation", "--json")
    assert added.returncode == 0, added.stderr
    deal_id = json.loads(added.stdout)["id"]
    listed = deal(home, db, "list", "--json")
    rows = {row["title"]: row for row in json.loads(listed.stdout)}
    assert rows["机房扩容"]["id"] == deal_id
    assert (rows["机房扩容"]["value"], rows["机房扩容"]["stage"], rows["机房扩容"]["grade"]) == (1_200_000, "negotiation", "A")
    assert rows["电池测试设备"]["warnings"] == 1
    assert [r["title"] for r in json.loads(deal(home, db, "list", "--grade", "A", "--json").stdout)] == ["机房扩容"]
    assert [r["title"] for r in json.loads(deal(home, db, "list", "--owner", "陈刚", "--json").stdout)] == ["电池测试设备"]
    text = deal(home, db, "list", "--stage", "Negotiation").stdout
    assert "机房扩容" in text and "电池测试设备" not in text and "1 deal · won 0" in text

    ids = json.loads(db.with_suffix(".ids").read_text())
    store = open_store(db, datetime.now())
    try:
        DealsService(store).set_person(deal_id, ids["boss"], DealRole.DECISION_MAKER)
    finally:
        store.close()
    moved = deal(home, db, "--lang", "zh", "move", "机房", "口头达成", "--note", "王总电话确认")
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.splitlines() == ["机房扩容：商务谈判 → 口头达成", "已添加待办：落实签约。"]
    signed = deal(home, db, "move", f"#{deal_id}", "won")
    assert signed.stdout.strip() == "机房扩容: Verbal agreement → Contract signed"
    shown = json.loads(deal(home, db, "show", str(deal_id), "--json").stdout)
    today = date.today().isoformat()
    assert (shown["deal"]["agreed_on"], shown["deal"]["closed_on"]) == (today, today)
    assert [h["stage"] for h in shown["history"]] == ["negotiation", "verbal", "won"]
    assert shown["people"][0]["name"] == "王建国"
    memo = deal(home, db, "--lang", "zh", "memo", "机房扩容")
    assert memo.stdout.startswith("# 谈判备忘录：机房扩容\n") and f"合同已于 {today} 签订。" in memo.stdout
    out = db.parent / "review.md"
    review = deal(home, db, "review", "机房扩容", "--out", str(out))
    assert review.returncode == 0 and out.read_text(encoding="utf-8").startswith("# Deal review: 机房扩容 (华为)")
    assert "Stage: Verbal agreement — 王总电话确认" in out.read_text(encoding="utf-8")


def test_show_names_warnings_and_errors_are_one_line(home, db):
    ids = json.loads(db.with_suffix(".ids").read_text())
    shown = deal(home, db, "show", "电池")
    assert "⚠ Payment terms over 90 days" in shown.stdout
    assert "Our concession: 账期放到 120 天 ⚠ A concession with nothing asked in return." in shown.stdout
    data = json.loads(deal(home, db, "show", str(ids["other"]), "--json").stdout)
    assert data["terms"] == {"payment_days": 120} and data["conditions"][0]["crossed"] is True
    for args, code, message in [
        (("add", "x", "--company", "没有这家"), 1, "No company in the book matches “没有这家”; nothing was written"),
        (("add", "x", "--company", "华为", "--value", "很多"), 2, "“很多” is not an amount"),
        (("move", "电池", "签了"), 2, "No stage “签了”."),
        (("show", "没有"), 1, "No deal matches “没有”"),
    ]:
        result = deal(home, db, *args)
        assert result.returncode == code, (args, result.stderr)
        assert result.stderr.splitlines()[0] == f"clientbook: {message}"
    store = open_store(db, datetime.now())
    try:
        assert [row.title for row in DealsService(store).find_deals("", date.today())] == []     # nothing was added
        assert len(store.deals.deal_rows()) == 1
    finally:
        store.close()
