"""`clientbook export --ics FILE`: follow-ups, birthdays and occasions with alarms at their lead
time, read back by two readers: icalendar (with dateutil expanding the yearly rules) and a
small line reader of our own that knows nothing of icalendar."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import clientbook.cli as cli
from clientbook.domain.contacts import validate_contact
from clientbook.domain.gift_forms import OccasionInput
from clientbook.domain.interactions import FollowupInput
from clientbook.domain.meal_forms import PlanInput
from clientbook.domain.lunar import Birthday, birthday_in_year, festival_date
from clientbook.i18n import set_language
from clientbook.store import open_store
from conftest import NOW, FixedClock


@pytest.fixture
def book(tmp_path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    ids = {}
    for name, birthday, position in (("张三", "1985-04-17", "boss"), ("李四", "农历八月十五", "manager"),
                                     ("王五", "02-29", "staff"), ("赵六", "", "clerk")):
        data, errors = validate_contact({"name": name, "company": "华为", "birthday": birthday, "position": position})
        assert not errors
        ids[name] = store.contacts.add_contact(data, NOW)
    store.capture.add_followup(ids["张三"], FollowupInput("发报价单", date(2026, 12, 1), None), NOW)
    from datetime import time

    store.capture.add_followup(ids["李四"], FollowupInput("技术交流会", date(2026, 12, 3), time(14, 30)), NOW)
    store.capture.add_followup(ids["赵六"], FollowupInput("回复样品测试结果", date(2026, 12, 4), promise=False), NOW)
    ids["meal"] = store.meals.add_meal(PlanInput(planned_at=datetime(2026, 11, 27, 18, 30), guests=[
        (ids["张三"], "张三"), (ids["李四"], "李四")], title="华为二期", venue="潮汕牛肉火锅（南山店）"), NOW)
    store.gifts.add_custom_occasion(OccasionInput("华为司庆", "lunar", 2, 30, lead_days=7), NOW)
    store.gifts.set_occasion_setting("national_day", False, 0)
    store.close()
    return path, ids


def export(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(cli, "datetime", FixedClock)
    code = cli.main(list(args))
    set_language("en")
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ a reader of our own
def unfold(data: bytes) -> list[str]:
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), "lines end in CRLF"
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "lines are folded at 75 octets"
    return [line for line in re.sub(r"\r\n[ \t]", "", data.decode("utf-8")).split("\r\n") if line]


def own_reader(data: bytes) -> list[dict[str, list[str]]]:
    """Every VEVENT as {property name: [raw values]}, its VALARM's properties prefixed ALARM-."""
    events, current, depth = [], None, []
    for line in unfold(data):
        name, _, value = line.partition(":")
        name = name.split(";")[0].upper()
        if name == "BEGIN":
            depth.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert depth.pop() == value
            if value == "VEVENT":
                events.append(current)
                current = None
        elif current is not None:
            key = f"ALARM-{name}" if depth[-1] == "VALARM" else name
            current.setdefault(key, []).append(value)
    assert depth == []
    return events


# ------------------------------------------------------------------ tests
def test_export_writes_a_calendar_both_readers_understand(book, tmp_path, monkeypatch, capsys):
    path, ids = book
    target = tmp_path / "out" / "clientbook.ics"
    target.parent.mkdir()
    code, out, err = export(monkeypatch, capsys, "--db", str(path), "export", "--ics", str(target), "--years", "3")
    assert code == 0, err
    data = target.read_bytes()
    events = own_reader(data)
    assert out.strip() == f"Wrote {len(events)} events to {target} (3 years of lunar dates)"
    by_uid = {e["UID"][0]: e for e in events}
    assert len(by_uid) == len(events)

    # Solar birthdays: one yearly rule; 29 February falls on the last day of February.
    zhang = by_uid[f"clientbook-birthday-{ids['张三']}@clientbook"]
    assert zhang["RRULE"] == ["FREQ=YEARLY"] and zhang["DTSTART"] == ["20260417"]
    assert zhang["ALARM-TRIGGER"] == ["-P2DT15H"] and zhang["SUMMARY"] == ["张三's birthday"]  # 3 days before, 09:00
    wang = by_uid[f"clientbook-birthday-{ids['王五']}@clientbook"]
    assert sorted(wang["RRULE"][0].split(";")) == ["BYMONTH=2", "BYMONTHDAY=-1", "FREQ=YEARLY"] and wang["DTSTART"][0].endswith("0229")

    # Lunar ones: a computed date per year, with the lunar date in the description.
    lunar = sorted((e["DTSTART"][0] for uid, e in by_uid.items()
                    if uid.startswith(f"clientbook-birthday-{ids['李四']}-")))
    expected = [birthday_in_year(Birthday("lunar", 8, 15), y).strftime("%Y%m%d") for y in (2026, 2027, 2028)]
    assert lunar == expected
    assert all(by_uid[uid]["DESCRIPTION"] == ["lunar 8/15"] for uid in by_uid
               if uid.startswith(f"clientbook-birthday-{ids['李四']}-"))

    # Festivals at their lead time; switched-off ones left out; the custom lunar occasion.
    mid_autumn = [e for uid, e in by_uid.items() if uid.startswith("clientbook-mid_autumn-")]
    assert sorted(e["DTSTART"][0] for e in mid_autumn) == [festival_date("mid_autumn", y).strftime("%Y%m%d")
                                                           for y in (2026, 2027, 2028)]
    assert {e["ALARM-TRIGGER"][0] for e in mid_autumn} == {"-P20DT15H"}
    assert not any(uid.startswith("clientbook-national_day") for uid in by_uid)
    assert by_uid["clientbook-new_year@clientbook"]["ALARM-TRIGGER"] == ["PT9H"]  # on the day, 09:00
    custom = [e for uid, e in by_uid.items() if uid.startswith("clientbook-custom-")]
    assert len(custom) == 3 and {e["ALARM-TRIGGER"][0] for e in custom} == {"-P6DT15H"}

    # Follow-ups: all-day (alarm at 09:00 that day) or timed (alarm at the time); ours and theirs.
    assert by_uid["clientbook-followup-1@clientbook"]["DTSTART"] == ["20261201"]
    assert by_uid["clientbook-followup-1@clientbook"]["ALARM-TRIGGER"] == ["PT9H"]
    assert by_uid["clientbook-followup-2@clientbook"]["DTSTART"] == ["20261203T143000"]
    assert by_uid["clientbook-followup-2@clientbook"]["ALARM-TRIGGER"] == ["P0D"]
    assert by_uid["clientbook-followup-2@clientbook"]["SUMMARY"] == ["[ours] 技术交流会 — 李四"]
    assert by_uid["clientbook-followup-3@clientbook"]["SUMMARY"] == ["[theirs] 回复样品测试结果 — 赵六"]

    # The meal planned: timed, at its venue, its guests named.
    meal = by_uid[f"clientbook-meal-{ids['meal']}@clientbook"]
    assert (meal["DTSTART"], meal["DTEND"]) == (["20261127T183000"], ["20261127T203000"])
    assert (meal["SUMMARY"], meal["LOCATION"], meal["DESCRIPTION"]) == (
        ["Meal: 华为二期"], ["潮汕牛肉火锅（南山店）"], ["Guests: 张三\\, 李四"])

    # Stamped with the export time (the clock the CLI read), in UTC.
    assert {e["DTSTAMP"][0] for e in events} == {NOW.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")}

    # The second reader: icalendar parses it; dateutil expands the yearly rules.
    from dateutil.rrule import rrulestr
    from icalendar import Calendar

    parsed = Calendar.from_ical(data)
    theirs = {str(e.get("uid")): e for e in parsed.walk("VEVENT")}
    assert set(theirs) == set(by_uid)
    rule = theirs[f"clientbook-birthday-{ids['王五']}@clientbook"]
    start = rule.decoded("dtstart")
    days = list(rrulestr(rule.get("rrule").to_ical().decode(), dtstart=datetime.combine(start, datetime.min.time()))
                .between(datetime(2027, 1, 1), datetime(2029, 1, 1), inc=True))
    assert [d.date() for d in days] == [date(2027, 2, 28), date(2028, 2, 29)]
    alarm = theirs["clientbook-mid_autumn-2027@clientbook"].walk("VALARM")[0]
    assert alarm.decoded("trigger") == -timedelta(days=21) + timedelta(hours=9)


def test_years_decides_how_many_lunar_dates(book, tmp_path, monkeypatch, capsys):
    path, ids = book
    counts = {}
    for years in (1, 5):
        target = tmp_path / f"{years}.ics"
        code, _out, err = export(monkeypatch, capsys, "--db", str(path), "export", "--ics", str(target),
                                 "--years", str(years))
        assert code == 0, err
        counts[years] = len([e for e in own_reader(target.read_bytes())
                             if e["UID"][0].startswith(f"clientbook-birthday-{ids['李四']}-")])
    assert counts == {1: 1, 5: 5}


def test_export_in_chinese_to_stdout(book, monkeypatch, capsys):
    path, _ids = book
    code, out, err = export(monkeypatch, capsys, "--lang", "zh", "--db", str(path), "export", "--ics", "-")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR")
    assert "X-WR-CALNAME:客户关系本 — 礼品、生日、跟进与饭局" in out
    assert "SUMMARY:中秋节" in out and "SUMMARY:[等对方] 回复样品测试结果 — 赵六" in out
    assert "SUMMARY:饭局：华为二期" in out
    assert err.startswith("已写入 ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Nothing to export: choose a format, e.g. --ics clientbook.ics"),
        (["--ics", "x.ics", "--years", "0"], "--years takes a number from 1 to 50, not 0"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(book, monkeypatch, capsys, args, message):
    path, _ids = book
    code, out, err = export(monkeypatch, capsys, "--db", str(path), "export", *args)
    assert (code, out, err) == (2, "", f"clientbook: {message}\n")


def test_an_unwritable_target_is_one_line_and_leaves_nothing(book, tmp_path, monkeypatch, capsys):
    path, _ids = book
    target = tmp_path / "missing-folder" / "out.ics"
    code, out, err = export(monkeypatch, capsys, "--db", str(path), "export", "--ics", str(target))
    assert code == 2 and out == ""
    assert err.startswith(f"clientbook: Cannot write {target}: ") and err.count("\n") == 1
    assert not target.parent.exists()


def test_export_from_the_shell(book, tmp_path):
    path, _ids = book
    target = tmp_path / "shell.ics"
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(CLIENTBOOK_HOME=str(tmp_path / "home"), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")

    def export_in_shell(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "clientbook", "--db", str(path), "export", *args],
                              env=env, capture_output=True, text=True, encoding="utf-8", timeout=60)

    before = datetime.now(timezone.utc).replace(microsecond=0)
    result = export_in_shell("--ics", str(target))
    after = datetime.now(timezone.utc)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote ") and "(5 years of lunar dates)" in result.stdout
    events = own_reader(target.read_bytes())
    stamps = {datetime.strptime(e["DTSTAMP"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc) for e in events}
    assert len(stamps) == 1 and before <= stamps.pop() <= after  # the export time, not a fixed one
    assert oct(target.stat().st_mode & 0o777) == "0o600"

    # Summaries in the language asked (--lang also after the command), else the interface's.
    assert "[theirs] 回复样品测试结果 — 赵六" in {e["SUMMARY"][0] for e in events}
    result = export_in_shell("--ics", "-", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert "SUMMARY:[等对方] 回复样品测试结果 — 赵六" in result.stdout and result.stderr.startswith("已写入 ")
    (tmp_path / "home").mkdir(exist_ok=True)
    (tmp_path / "home" / "config.toml").write_text('language = "zh"\n', encoding="utf-8")
    result = export_in_shell("--ics", "-")
    assert "SUMMARY:[我方承诺] 技术交流会 — 李四" in result.stdout and "SUMMARY:张三生日" in result.stdout
