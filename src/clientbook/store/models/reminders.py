"""The reminders `clientbook remind` has given (domain/reminders.py keys), so a run from cron every
few minutes never repeats one. No `from __future__ import annotations`: see models/__init__.py."""

from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table


class ReminderGiven(_Table, table=True):
    __tablename__ = "reminder_given"
    key: str = Field(primary_key=True)
    given_at: LocalDatetime = Field(index=True)
