"""The pool rule and the recycle periods (domain/team.py), with fixed dates."""

from datetime import datetime, timedelta

from clientbook.domain.team import (DEFAULT_RECYCLE_DAYS, days_since, in_pool, kept_since, parse_grade,
                                    parse_recycle_days)

NOW = datetime(2026, 11, 26, 10, 0)
RULES = DEFAULT_RECYCLE_DAYS      # A never, B 60, C 30, D 15
LONG_AGO = datetime(2025, 1, 1)


def test_nobodys_is_in_the_pool_whatever_its_grade():
    assert in_pool(None, "A", NOW, NOW, NOW, RULES, NOW)


def test_recycled_once_the_grades_period_has_passed_since_the_last_contact():
    created = LONG_AGO
    assert not in_pool(1, "C", NOW - timedelta(days=29), None, created, RULES, NOW)
    assert in_pool(1, "C", NOW - timedelta(days=31), None, created, RULES, NOW)
    assert not in_pool(1, "B", NOW - timedelta(days=31), None, created, RULES, NOW)
    assert in_pool(1, "D", None, None, created, RULES, NOW)   # never contacted, created long ago


def test_a_grade_and_ungraded_never_recycle():
    assert not in_pool(1, "A", None, None, LONG_AGO, RULES, NOW)
    assert not in_pool(1, None, None, None, LONG_AGO, RULES, NOW)


def test_the_period_counts_from_the_later_of_last_contact_and_owned_since():
    old_contact = NOW - timedelta(days=100)
    claimed = NOW - timedelta(days=10)
    assert kept_since(old_contact, claimed, LONG_AGO) == claimed
    assert not in_pool(1, "C", old_contact, claimed, LONG_AGO, RULES, NOW)   # just claimed: kept
    assert kept_since(None, None, NOW - timedelta(days=5)) == NOW - timedelta(days=5)
    assert not in_pool(1, "D", None, None, NOW - timedelta(days=5), RULES, NOW)  # new: not yet


def test_a_teams_own_rules_apply():
    rules = dict(RULES, A=90)
    assert in_pool(1, "A", NOW - timedelta(days=91), None, LONG_AGO, rules, NOW)


def test_recycle_days_are_whole_days_or_never():
    assert parse_recycle_days("45") == (45, None)
    assert parse_recycle_days(" never ") == (None, None)
    assert parse_recycle_days("从不") == (None, None)
    for bad in ("0", "3651", "-3", "2.5", "soon", ""):
        days, error = parse_recycle_days(bad)
        assert days is None and error is not None and "3650" in error.message("en"), bad
    assert "3650" in parse_recycle_days("0")[1].message("zh")


def test_grades_and_days_since():
    assert parse_grade(" b ") == "B" and parse_grade("E") is None
    assert days_since(datetime(2026, 11, 20, 23, 0), NOW) == 6 and days_since(None, NOW) is None
