"""`clientbook remind`, `remind --install`, `today --digest` and `serve` without a password, run as
the rep runs them; the clock is fixed in the child (the CLI reads it itself)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from clientbook.domain.interactions import FollowupInput
from clientbook.domain.meal_forms import PlanInput
from clientbook.services.reminders import install
from clientbook.store import open_store
from cli_support import run
from conftest import NOW, add_contact

# `clientbook ARGS…` in a child whose clock reads sys.argv[1] (as conftest.FixedClock does in-process).
AT = """
import sys, datetime as d
import clientbook.cli as cli, clientbook.cli_phone as cli_phone
class Clock(d.datetime):
    @classmethod
    def now(cls, tz=None):
        return d.datetime.fromisoformat(sys.argv[1])
cli.datetime = cli_phone.datetime = Clock
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    zhang = add_contact(store, grade="A", name="张伟", company="华为", taboos="不吃辣", birthday="1980-11-28",
                        position="boss")
    li = add_contact(store, name="李娜", company="华为")
    store.capture.add_followup(zhang, FollowupInput("发报价单", date(2026, 11, 26), time(10, 30)), NOW)
    store.capture.add_followup(li, FollowupInput("回电话", date(2026, 11, 24)), NOW)
    store.capture.add_followup(li, FollowupInput("约参观", date(2026, 11, 26), time(15, 0)), NOW)
    store.meals.add_meal(PlanInput(planned_at=datetime(2026, 11, 26, 11, 30), guests=[(zhang, "张伟")],
                                   title="华为二期", venue="潮汕牛肉火锅"), NOW)
    store.close()
    return path


def remind_at(tmp_path: Path, book: Path, when: str, *args: str) -> list[str]:
    result = run(tmp_path / "home", "-c", AT, when, "--db", str(book), "remind", "--lang", "en", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_remind_gives_each_reminder_once_and_an_overdue_one_again_the_next_day(tmp_path, book):
    first = remind_at(tmp_path, book, "2026-11-26T10:00")
    assert first[:4] == [
        "Overdue since 11-24 Tue: [ours] 李娜 (华为): 回电话",
        "Follow-up 11-26 Thu 10:30: [ours] 张伟 (华为): 发报价单",
        "Meal at 11:30: 华为二期 @ 潮汕牛肉火锅",
        "  张伟 · 华为 · 0 stranger · mind: 不吃辣",
    ]
    assert first[4:] == ["张伟's birthday · Nov 28 · in 2 days", "  张伟: gift"]   # its lead time has begun
    assert remind_at(tmp_path, book, "2026-11-26T10:05") == []                     # run again: nothing new
    assert remind_at(tmp_path, book, "2026-11-26T14:10") == ["Follow-up 11-26 Thu 15:00: [ours] 李娜 (华为): 约参观"]
    next_day = remind_at(tmp_path, book, "2026-11-27T09:00", "--notify")
    assert [line.split(":")[0] for line in next_day if not line.startswith(" ")] == [
        "Overdue since 11-24 Tue", "Overdue since 11-26 Thu 10", "Overdue since 11-26 Thu 15"]


def test_install_writes_a_systemd_user_timer_or_gives_the_crontab_line(tmp_path, monkeypatch, book):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    done = install(book, systemd=True)
    folder = tmp_path / "config" / "systemd" / "user"
    assert [p.name for p in done.files] == ["clientbook-remind.service", "clientbook-remind.timer"]
    service = (folder / "clientbook-remind.service").read_text()
    assert f"--db {book} remind --notify" in service
    assert "OnCalendar=*:0/5" in (folder / "clientbook-remind.timer").read_text()
    assert done.lines[-1] == "systemctl --user enable --now clientbook-remind.timer"
    cron = install(book, systemd=False)
    assert cron.files == () and cron.lines[-1].startswith("*/5 * * * * ") and cron.lines[-1].endswith("remind --notify")


def test_the_digest_is_the_day_in_markdown_in_both_languages(tmp_path, book):
    out = tmp_path / "digest.md"
    result = run(tmp_path / "home", "-c", AT, "2026-11-26T10:00", "--db", str(book), "today", "--digest",
                 "--out", str(out), "--lang", "zh")
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 今日——2026-11-26 周四\n")
    assert "- 11-24 周二 \\[我方承诺\\] 李娜（华为）: 回电话" in text
    assert "华为二期 @ 潮汕牛肉火锅 — 张伟" in text
    english = run(tmp_path / "home", "-c", AT, "2026-11-26T10:00", "--db", str(book), "today", "--digest",
                  "--lang", "en")
    assert english.stdout.startswith("# Today") and "## Meals ahead (1)" in english.stdout


def test_serve_refuses_to_start_without_a_password(tmp_path, book):
    result = run(tmp_path / "home", "--db", str(book), "serve", "--lang", "zh", "--port", "1")
    assert result.returncode == 2
    assert "clientbook serve --set-password" in result.stderr and "密码" in result.stderr
