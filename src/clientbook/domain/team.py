"""The team book's rules (domain §2 grades): who owns what, and when a company or contact
returns to the team's pool (公海)."""

from __future__ import annotations

from datetime import datetime, timedelta

from clientbook.domain.text import FieldError

# Days without an interaction before a grade's company or contact returns to the pool; None:
# never. A-grade accounts are kept by their rep whatever happens; a D-grade one left alone for
# two weeks is better in another rep's hands. Each team sets its own (`clientbook team recycle`).
DEFAULT_RECYCLE_DAYS: dict[str, int | None] = {"A": None, "B": 60, "C": 30, "D": 15}

GRADES = tuple(DEFAULT_RECYCLE_DAYS)
MIN_RECYCLE_DAYS, MAX_RECYCLE_DAYS = 1, 3650
NEVER_WORDS = frozenset({"never", "none", "off", "-", "从不", "不回收", "永不"})
CAME_IN_DAYS = 7          # how far back Today looks for what was handed over to me

HANDOVER, CLAIM, ASSIGN = "handover", "claim", "assign"   # owner_change.reason


def parse_recycle_days(text: str) -> tuple[int | None, FieldError | None]:
    """A grade's recycle period as typed: whole days 1–3650, or "never" (None)."""
    value = (text or "").strip().lower()
    if value in NEVER_WORDS:
        return None, None
    if not value.isdigit() or not MIN_RECYCLE_DAYS <= int(value) <= MAX_RECYCLE_DAYS:
        return None, FieldError("team.work.error.recycle_days", {"value": text.strip(), "min": MIN_RECYCLE_DAYS,
                                                                 "max": MAX_RECYCLE_DAYS})
    return int(value), None


def parse_grade(text: str) -> str | None:
    """The grade a typed letter means (A–D, case aside); None when it is none of them."""
    grade = (text or "").strip().upper()
    return grade if grade in GRADES else None


def kept_since(last_contact: datetime | None, owned_since: datetime | None, created_at: datetime) -> datetime:
    """The moment its recycle period counts from: the latest interaction, or when its owner got
    it (owned since, else created), whichever came later (GREATEST)."""
    start = owned_since or created_at
    return max(last_contact, start) if last_contact is not None else start


def recycle_cutoff(days: int | None, now: datetime) -> datetime | None:
    """Anything kept since before this moment is back in the pool; None: the grade never recycles."""
    return None if days is None else now - timedelta(days=days)


def in_pool(owner_id: int | None, grade: str | None, last_contact: datetime | None, owned_since: datetime | None,
            created_at: datetime, rules: dict[str, int | None], now: datetime) -> bool:
    """Whether a company or contact is in the team's pool: nobody owns it, or its grade's recycle
    period has passed since it was last kept (kept_since). A contact is graded by its company;
    an ungraded one never recycles. A company's last contact is its people's latest."""
    if owner_id is None:
        return True
    cutoff = recycle_cutoff(rules.get(grade or ""), now)
    return cutoff is not None and kept_since(last_contact, owned_since, created_at) < cutoff


def days_since(moment: datetime | None, now: datetime) -> int | None:
    """Whole days since `moment` (None: never), as the pool list shows them."""
    return None if moment is None else (now.date() - moment.date()).days
