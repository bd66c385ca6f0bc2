"""The deals' tables (domain §12): a deal with a client company, the people on it, their needs,
our limits, the negotiation's moves and the stage history. No `from __future__ import
annotations`: see models/__init__.py."""

from datetime import date

from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table


class DealStage(_Table, table=True):
    """The rep's edited list of stages, in order; empty while the defaults of domain/deals.py serve."""

    __tablename__ = "deal_stage"
    key: str = Field(primary_key=True)       # a default's key ("lead"…) or the rep's own ("s7")
    name: str = ""                           # the rep's own name; "" = the default's translated label
    position: int
    meaning: str = "open"                    # StageMeaning value: open, verbal, won, lost


class Deal(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    title: str
    stage: str = "lead"                      # a DealStage key
    value: float | None = None               # expected value, yuan
    expected_close: date | None = None
    owner: str = ""                          # who on our side owns the relationship
    batna: str = ""                          # our best alternative if this deal fails
    bottom_line: str = ""                    # in words; the checkable limits are DealCondition rows
    max_step_pct: float | None = None        # largest price step per concession; None = the book's rule
    terms: str = ""                          # what was agreed, one term per line (the memo of terms)
    agreed_on: date | None = None            # verbal agreement reached
    closed_on: date | None = None            # contract signed, or the deal lost
    notes: str = ""
    archived_at: LocalDatetime | None = Field(default=None, index=True)
    created_at: LocalDatetime
    updated_at: LocalDatetime


class DealPerson(_Table, table=True):
    __tablename__ = "deal_person"
    deal_id: int = Field(foreign_key="deal.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)
    role: str | None = None                  # DealRole value: decision_maker, user, gatekeeper, coach


class DealNeed(_Table, table=True):
    """Their need, explicit or implicit, ranked (1 = most important)."""

    __tablename__ = "deal_need"
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    what: str
    implicit: bool = False
    rank: int = 1


class DealCondition(_Table, table=True):
    """A checkable limit: the bottom line or an exit trigger, e.g. margin under 15%."""

    __tablename__ = "deal_condition"
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    kind: str = "bottom_line"                # ConditionKind value: bottom_line, exit
    measure: str                             # Measure value: margin, payment_days, discount_total, price
    op: str                                  # "<" (under) or ">" (over)
    threshold: float
    note: str = ""


class DealMove(_Table, table=True):
    """A move in the negotiation: a demand, a concession (each side's), or a deadlock and how it broke."""

    __tablename__ = "deal_move"
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    kind: str                                # MoveKind value: demand, concession, deadlock
    side: str = "ours"                       # "ours" or "theirs"
    at: LocalDatetime
    what: str
    measure: str | None = None               # Measure value the move changes, if any
    amount: float | None = None              # price: the step in percent; other measures: the new value
    asked: str = ""                          # what we asked in return for our concession
    got: str = ""                            # what we got back
    resolution: str = ""                     # a deadlock: how it broke
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")


class DealStageChange(_Table, table=True):
    """The deal's stage history: when it reached each stage (time from verbal agreement to signature)."""

    __tablename__ = "deal_stage_change"
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    stage: str
    at: LocalDatetime
    note: str = ""
