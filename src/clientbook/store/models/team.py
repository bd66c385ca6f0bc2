"""Who owns and who wrote (schema 8): the reps of a team book, the pool's recycle periods per
grade and the log of owner moves (handover, claim). A solo SQLite book has one rep, id 1.
No `from __future__ import annotations`: see models/__init__.py."""

from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table


class Rep(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = ""                           # as shown; "" for the solo book's rep ("me")
    role: str = Field(default="", unique=True)   # the PostgreSQL role a rep connects as; "" on SQLite
    manager: bool = False
    active: bool = True
    created_at: LocalDatetime


class PoolRule(_Table, table=True):
    """How long a grade's company or contact may go without an interaction before it returns to
    the team's pool (公海); None: never."""

    __tablename__ = "pool_rule"
    grade: str = Field(primary_key=True)
    recycle_days: int | None = None


class OwnerChange(_Table, table=True):
    """A company or contact moved from one rep to another: shown on its timeline, and on the new
    owner's Today as what came in."""

    __tablename__ = "owner_change"
    id: int | None = Field(default=None, primary_key=True)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    from_rep_id: int | None = Field(default=None, foreign_key="rep.id")
    to_rep_id: int | None = Field(default=None, foreign_key="rep.id", index=True)
    by_rep_id: int | None = Field(default=None, foreign_key="rep.id")
    reason: str                              # "handover" | "claim" | "assign"
    at: LocalDatetime = Field(index=True)
