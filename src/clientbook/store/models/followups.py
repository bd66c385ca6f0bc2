"""Follow-ups and relationship-level changes: mapped where first read or edited (capture.py,
meals.py), not when the Store opens; a new one is written in plain SQL (writes.py). No
`from __future__ import annotations`: see models/__init__.py."""

from datetime import date, time

from sqlalchemy import Index
from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table, rep_field


class Followup(_Table, table=True):
    # Insights' promises per week and the report's promises read the live follow-ups from this index alone;
    # Today's agenda reads the open ones from the second (0013_today).
    __table_args__ = (Index("ix_followup_live_due", "archived_at", "due_date", "promise", "done_at", "created_at"),
                      Index("ix_followup_open_due", "done_at", "archived_at", "due_date"))
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    what: str
    due_date: date = Field(index=True)
    due_time: time | None = None
    promise: bool = True                     # ours (我方承诺) or theirs
    done_at: LocalDatetime | None = Field(default=None, index=True)
    author_id: int | None = rep_field()
    owner_id: int | None = rep_field(index=True)    # who must do it: a handover moves the open ones
    archived_at: LocalDatetime | None = None
    created_at: LocalDatetime
    updated_at: LocalDatetime


class LevelChange(_Table, table=True):
    __tablename__ = "level_change"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    changed_at: LocalDatetime
    from_level: int
    to_level: int
    reason: str = ""
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    author_id: int | None = rep_field()
