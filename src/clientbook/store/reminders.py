"""The reminders `clientbook remind` has given (domain/reminders.py keys)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlmodel import col, delete, select

from clientbook.store.models.reminders import ReminderGiven

KEPT = timedelta(days=90)   # a key older than this can no longer come up again: dropped


class RemindersRepository:
    def __init__(self, sessions) -> None:
        self._sessions = sessions

    def given(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` were given already."""
        wanted = list(keys)
        if not wanted:
            return set()
        with self._sessions.reading() as session:
            return set(session.exec(select(ReminderGiven.key).where(col(ReminderGiven.key).in_(wanted))))

    def mark_given(self, keys: Iterable[str], now: datetime) -> None:
        """Keep `keys` as given at `now` (in one transaction), and forget those past KEPT."""
        with self._sessions.writing() as session:
            session.exec(delete(ReminderGiven).where(col(ReminderGiven.given_at) < now - KEPT))
            for key in keys:
                session.merge(ReminderGiven(key=key, given_at=now))
