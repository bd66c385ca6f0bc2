"""The rep's edited cells of the target relationship level matrix (domain §4), over the
defaults in domain/targets.py. Read with plain SQL by the agenda; this table is imported only by
the writes that change a cell (and by all_tables()), so opening the Store does not map it."""

from __future__ import annotations

from sqlmodel import Field

from clientbook.store.models import _Table


class TargetLevelRow(_Table, table=True):
    """An edited cell of the target relationship level matrix (company grade × position)."""

    __tablename__ = "target_level"
    grade: str = Field(primary_key=True)
    position: str = Field(primary_key=True)
    level: int
