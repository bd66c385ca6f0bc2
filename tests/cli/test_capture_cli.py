"""`clientbook log` and `clientbook today` as the rep runs them: subprocesses with their own
CLIENTBOOK_HOME. These commands read the real clock, so expectations are computed from it too."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from clientbook.config import DEFAULT_CADENCE_DAYS
from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.dates import parse_when
from clientbook.domain.enums import Grade
from clientbook.domain.interactions import FollowupInput, InteractionInput, Kind
from clientbook.services.capture import CaptureService
from clientbook.services.contacts import ContactsService
from clientbook.services.today import agenda_json, collect_today
from clientbook.store import open_store
from cli_support import run


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "cbhome"


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "books" / "clientbook.db"


def run_db(home: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    lang = []
    if args and args[0] == "--lang":
        lang, args = list(args[:2]), args[2:]
    return run(home, *lang, "--db", str(db), *args)


def with_contacts(db: Path, *names: str, company: str = "华为", created: datetime | None = None) -> dict[str, int]:
    store = open_store(db)
    try:
        return {name: store.contacts.add_contact(ContactInput(name=name, company=company), created or datetime.now())
                for name in names}
    finally:
        store.close()


def interactions(db: Path):
    """Every stored interaction with its follow-ups, oldest first."""
    store = open_store(db)
    try:
        rows = sorted(store.agenda.recent_interactions(limit=1000), key=lambda r: r.id)
        return [store.capture.get_interaction(r.id) for r in rows]
    finally:
        store.close()


# --------------------------------------------------------------------------- log
def test_log_with_follow_up(home, db):
    ids = with_contacts(db, "张三")
    before = datetime.now().replace(second=0, microsecond=0)
    result = run_db(home, db, "log", "张三", "call", "谈了二期报价", "--follow-up", "下周五", "发报价单")
    after = datetime.now()
    assert result.returncode == 0, result.stderr
    expected_due = parse_when("下周五", datetime.now()).day
    assert "张三" in result.stdout and "call" in result.stdout
    assert "发报价单" in result.stdout
    assert expected_due.isoformat() in result.stdout

    [view] = interactions(db)
    i = view.interaction
    assert (i.kind, i.summary, i.has_time) == ("call", "谈了二期报价", True)
    assert before <= i.occurred_at <= after and i.occurred_at.second == 0
    assert view.contacts == [(ids["张三"], "张三")]
    [followup] = view.followups
    assert (followup.contact_id, followup.what, followup.due_date, followup.due_time, followup.promise) == (
        ids["张三"], "发报价单", expected_due, None, True)
    assert expected_due.weekday() == 4
    store = open_store(db)
    try:
        assert store.contacts.get_contact(ids["张三"]).contact.last_contact_at == i.occurred_at
    finally:
        store.close()


# `clientbook log …` run in a child process whose clock says 2026-12-06 10:00 (a Sunday).
ON_DEC_6 = """
import datetime, sys
import clientbook.cli as cli
class Clock(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime(2026, 12, 6, 10, 0)
cli.datetime = Clock
sys.exit(cli.main(sys.argv[1:]))
"""


def test_log_follow_up_a_few_days_back_is_overdue_not_next_year(home, db):
    with_contacts(db, "张三", created=datetime(2026, 12, 1))
    result = run(home, "-c", ON_DEC_6, "--db", str(db), "log", "张三", "call", "催了报价", "--follow-up", "12-03", "发报价单")
    assert result.returncode == 0, result.stderr
    assert "2026-12-03" in result.stdout and "2027" not in result.stdout
    [view] = interactions(db)
    [followup] = view.followups
    assert followup.due_date == datetime(2026, 12, 3).date()


def test_log_unknown_name_writes_nothing(home, db):
    with_contacts(db, "张三")
    result = run_db(home, db, "log", "欧阳锋", "call", "x")
    assert result.returncode == 1
    assert "欧阳锋" in result.stderr
    assert result.stdout == ""
    assert interactions(db) == []


def test_log_ambiguous_name_lists_both_and_writes_nothing(home, db):
    ids = with_contacts(db, "张三", "张珊")
    result = run_db(home, db, "log", "zs", "call", "x")
    assert result.returncode == 1
    assert "zs" in result.stderr
    assert "张三" in result.stderr and "张珊" in result.stderr
    assert f"#{ids['张三']}" in result.stderr and f"#{ids['张珊']}" in result.stderr
    assert interactions(db) == []


def test_log_bad_follow_up_date_is_one_line_and_writes_nothing(home, db):
    with_contacts(db, "张三")
    result = run_db(home, db, "log", "张三", "call", "谈了报价", "--follow-up", "猴年马月", "发报价单")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "猴年马月" in lines[0]
    assert "Traceback" not in result.stderr
    assert interactions(db) == []


def test_log_chinese_kind_word_and_theirs(home, db):
    ids = with_contacts(db, "张三")
    result = run_db(home, db, "log", "张三", "电话", "问了进度", "--follow-up", "明天", "--theirs")
    assert result.returncode == 0, result.stderr
    [view] = interactions(db)
    assert view.interaction.kind == "call"
    [followup] = view.followups
    assert followup.promise is False
    assert followup.what == "问了进度"          # what defaults to the note
    assert followup.due_date == datetime.now().date() + timedelta(days=1)
    assert followup.contact_id == ids["张三"]


def test_a_log_reads_back_as_the_orm_wrote_it_and_the_orm_writes_it_alike(home, db):
    """`clientbook log` writes in plain SQL, without SQLAlchemy (store/writes.py): its rows read
    back through the ORM and the app's pages as written, and are the very text the ORM writes
    for the same values: every column the ORM writes is moved away and back through the
    service, and the row is as `log` left it."""
    ids = with_contacts(db, "王五")
    result = run_db(home, db, "log", "王五", "visit", "谈了报价", "--when", "2026-11-20 14:05", "--place", "国贸",
                    "--cost", "300", "--follow-up", "2026-11-30 15:30", "寄样品", "--theirs")
    assert result.returncode == 0, result.stderr
    met, due = datetime(2026, 11, 20, 14, 5), datetime(2026, 11, 30, 15, 30)

    def stored(table: str, row_id: int) -> tuple:
        with closing(sqlite3.connect(db)) as connection:
            return connection.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()

    store = open_store(db)
    try:
        capture = CaptureService(store)
        page = ContactsService(store).contact_page(ids["王五"])
        assert [(e.kind, e.at, e.has_time, e.subtype, e.text, e.promise) for e in page.timeline] == [
            ("followup", due, True, "open", "寄样品", False), ("interaction", met, True, "visit", "谈了报价", False)]
        followup_id, interaction_id = (e.id for e in page.timeline)
        edit = capture.interaction(interaction_id)
        i = edit.interaction
        assert (i.kind, i.occurred_at, i.has_time, i.place, i.summary, i.notes, i.cost, i.archived_at) == (
            "visit", met, True, "国贸", "谈了报价", "", 300.0, None)
        assert edit.contacts == ((ids["王五"], "王五"),)
        f = capture.followup(followup_id)
        assert (f.what, f.due_date, f.due_time, f.promise, f.done_at) == ("寄样品", due.date(), due.time(), False, None)
        assert store.contacts.get_contact(ids["王五"]).contact.last_contact_at == met
        today = agenda_json(collect_today(store, datetime(2026, 11, 30, 9, 0), DEFAULT_CADENCE_DAYS))
        assert [(f["what"], f["due"], f["time"], f["promise"]) for f in today["today"]] == [
            ("寄样品", "2026-11-30", "15:30", False)]
        assert [(r["kind"], r["at"], r["summary"]) for r in today["recent"]] == [
            ("visit", "2026-11-20T14:05:00", "谈了报价")]

        logged = stored("interaction", interaction_id), stored("followup", followup_id)
        same = InteractionInput(Kind.VISIT, met, [ids["王五"]], place="国贸", summary="谈了报价", cost=300.0)
        capture.update_interaction(interaction_id, InteractionInput(Kind.CALL, met + timedelta(days=1, seconds=7),
                                   [ids["王五"]], has_time=False, place="别处", summary="改", cost=1.5), datetime.now())
        capture.update_interaction(interaction_id, same, i.created_at)   # `log` stamps both with its moment
        capture.update_followup(followup_id, FollowupInput("改", date(2026, 12, 1), time(9, 0, 1)), datetime.now())
        capture.update_followup(followup_id, FollowupInput("寄样品", due.date(), due.time(), promise=False), f.created_at)
        assert (stored("interaction", interaction_id), stored("followup", followup_id)) == logged
    finally:
        store.close()


# --------------------------------------------------------------------------- today
@pytest.fixture
def busy_book(db):
    """张三 with a follow-up overdue, one due today, one tomorrow and one next month; 李四 at an
    A-grade company, in the book for 30 days and never contacted (A: every 14 days)."""
    now = datetime.now()
    today = now.date()
    store = open_store(db)
    try:
        store.contacts.add_company(CompanyInput(name="甲公司", grade=Grade.A), now - timedelta(days=30))
        zhang = store.contacts.add_contact(ContactInput(name="张三", company="华为"), now)
        store.contacts.add_contact(ContactInput(name="李四", company="甲公司"), now - timedelta(days=30))
        store.capture.log_interaction(InteractionInput(Kind.VISIT, now.replace(second=0, microsecond=0) - timedelta(minutes=5),
                                               [zhang], summary="谈了二期报价"), now)
        store.capture.add_followup(zhang, FollowupInput("寄合同", today - timedelta(days=2)), now)
        store.capture.add_followup(zhang, FollowupInput("回电话", today, promise=False), now)
        store.capture.add_followup(zhang, FollowupInput("发报价单", today + timedelta(days=1)), now)
        store.capture.add_followup(zhang, FollowupInput("下月再说", today + timedelta(days=30)), now)
    finally:
        store.close()
    return db


HEADINGS_EN = ["Overdue", "Due today", "Next 7 days", "Due to contact", "Recent"]
HEADINGS_ZH = ["已逾期", "今天到期", "未来 7 天", "该联系了", "最近互动"]


def positions(text: str, words: list[str]) -> list[int]:
    found = [text.find(w) for w in words]
    assert -1 not in found, (words, text)
    return found


def test_today_prints_the_sections_with_the_items(home, busy_book):
    result = run_db(home, busy_book, "today")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    heads = positions(out, HEADINGS_EN)
    assert heads == sorted(heads)
    overdue, due_today, upcoming, due_contact, recent = heads
    assert overdue < out.find("寄合同") < due_today
    assert due_today < out.find("回电话") < upcoming
    assert upcoming < out.find("发报价单") < due_contact
    assert due_contact < out.find("李四") < recent
    assert recent < out.find("谈了二期报价")
    assert "下月再说" not in out              # beyond the next 7 days
    assert datetime.now().date().isoformat() in out
    assert "[ours]" in out and "[theirs]" in out
    assert "已逾期" not in out


def test_today_in_chinese(home, busy_book):
    result = run_db(home, busy_book, "--lang", "zh", "today")
    assert result.returncode == 0, result.stderr
    heads = positions(result.stdout, HEADINGS_ZH)
    assert heads == sorted(heads)
    assert "Overdue" not in result.stdout and "Due today" not in result.stdout
    for what in ("寄合同", "回电话", "发报价单", "李四", "谈了二期报价"):
        assert what in result.stdout


def test_today_json(home, busy_book):
    result = run_db(home, busy_book, "today", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"date", "overdue", "today", "upcoming", "due_to_contact", "recent"} <= set(data)
    today = datetime.now().date()
    assert data["date"] == today.isoformat()
    assert [f["what"] for f in data["overdue"]] == ["寄合同"]
    assert [(f["what"], f["promise"]) for f in data["today"]] == [("回电话", False)]
    assert [(f["what"], f["due"]) for f in data["upcoming"]] == [("发报价单", (today + timedelta(days=1)).isoformat())]
    assert [(d["name"], d["grade"], d["days_overdue"], d["last_contact"]) for d in data["due_to_contact"]] == [
        ("李四", "A", 16, None)]
    assert [(r["kind"], r["summary"], r["contacts"]) for r in data["recent"]] == [("visit", "谈了二期报价", "张三")]


def test_today_after_cli_logs(home, db):
    with_contacts(db, "张三")
    assert run_db(home, db, "log", "张三", "拜访", "送了茶叶", "--follow-up", "明天", "寄样品").returncode == 0
    data = json.loads(run_db(home, db, "today", "--json").stdout)
    assert [(f["contact"], f["what"]) for f in data["upcoming"]] == [("张三", "寄样品")]
    assert [(r["kind"], r["summary"]) for r in data["recent"]] == [("visit", "送了茶叶")]


def test_today_in_a_fresh_empty_home(home):
    assert not home.exists()
    result = run(home, "today")
    assert result.returncode == 0, result.stderr
    for heading in HEADINGS_EN:
        assert heading in result.stdout
    assert (home / "clientbook.db").exists()


def test_today_does_not_import_textual(home, busy_book):
    code = (
        "import sys\n"
        "from clientbook.cli import main\n"
        f"code = main(['--db', {str(busy_book)!r}, 'today'])\n"
        "assert code == 0, code\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = run(home, "-c", code)
    assert result.returncode == 0, result.stderr
    assert "谈了二期报价" in result.stdout


def test_today_lists_meals_ahead_and_waiting_for_minutes_and_gifts_due(tmp_path):
    """`clientbook today` prints the same agenda as the Today screen, meals and gifts included."""
    from clientbook.demo import build_demo_book

    book = tmp_path / "demo.db"
    build_demo_book(book, datetime.now())
    env = {**os.environ, "CLIENTBOOK_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8"}
    result = subprocess.run([sys.executable, "-m", "clientbook", "--db", str(book), "today"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Minutes to write (1)" in result.stdout and "赵敏" in result.stdout
    assert "Gifts and greetings due" in result.stdout and "everyday small gift · 陈静" in result.stdout
    data = json.loads(subprocess.run([sys.executable, "-m", "clientbook", "--db", str(book), "today", "--json"],
                                     capture_output=True, text=True, env=env, timeout=120).stdout)
    assert [m["guests"] for m in data["minutes_due"]] == [["赵敏", "周婷"]]
    # The dinner planned for later this week, with where and who, in both outputs.
    [ahead] = data["meals_ahead"]
    assert (ahead["venue"], ahead["guests"]) == ("潮汕牛肉火锅（南山店）", ["王建国", "张伟", "陈静"])
    assert datetime.fromisoformat(ahead["at"]) > datetime.now()
    assert "Meals ahead (1)" in result.stdout and "潮汕牛肉火锅（南山店） — 王建国, 张伟, 陈静" in result.stdout
    # …and its guests are not "due to contact": the dinner is the next contact.
    assert not {d["name"] for d in data["due_to_contact"]} & set(ahead["guests"])
    assert any(g["occasion"] == "everyday" for g in data["gifts"])
