"""What Insights reads instead of scanning every interaction (store/insights.py), kept by the
store with the stay-in-touch clock (writes.refresh_last_contact) for every contact whose
interactions or company change, and rebuilt whole by writes.rebuild_contact_history (an
upgrade that changes them, a loaded JSON book, the bench's books). No `from __future__ import
annotations`: see models/__init__.py."""

from sqlalchemy import Index
from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table

# Made from the other tables, never copied: a JSON dump leaves them out, and a loaded book or a
# team import makes them anew from the interactions it brought.
DERIVED_TABLES = frozenset({"contact_touch", "contact_spend"})


class ContactTouch(_Table, table=True):
    """Each live interaction of a contact (cc'd included, as the clock counts it) by its day,
    with the day of the contact's interaction before it: the health trend judges any past day
    from these without a window function over the interactions. Days are counted from
    1970-01-01 (writes.day_number), so a trend's weeks are sums, not date functions."""

    __tablename__ = "contact_touch"
    # A contact's touches from a day on, with the one before each, without the table (SQLite
    # reads each follower's so); every contact's from a day on (PostgreSQL hashes them instead).
    __table_args__ = (Index("ix_contact_touch_contact_day", "contact_id", "day", "prev_day"),
                      Index("ix_contact_touch_day", "day", "contact_id", "prev_day"))
    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    interaction_id: int = Field(foreign_key="interaction.id", primary_key=True)
    day: int
    prev_day: int | None = None      # None: the contact's first interaction


class ContactSpend(_Table, table=True):
    """Each person's share of a costed meal, gift or entertainment (the cost over the people it
    was with, not a mail's cc), by when it happened, with the person's company: Insights' spend
    sums these per company. On a team book it is read as its interaction is (a private one by
    its author alone): the interaction's `private` and `author_id` are kept with it, so row
    security checks the row itself instead of looking up its interaction."""

    __tablename__ = "contact_spend"
    # A company's shares over a span, without the table; a person's, for the refresh to drop.
    __table_args__ = (Index("ix_contact_spend_company_at", "company_id", "at", "share"),
                      Index("ix_contact_spend_contact", "contact_id"))
    # By interaction first: a refresh drops an interaction's shares by key (its people change them all).
    interaction_id: int = Field(foreign_key="interaction.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    company_id: int | None = Field(default=None, foreign_key="company.id")   # the person's, kept with it
    at: LocalDatetime
    share: float
    private: bool = False             # the interaction's (policies.py)
    author_id: int | None = None
