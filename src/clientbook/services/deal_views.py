"""What DealsService's reads return: frozen views with plain values (no ORM row), labels in the
language current when they were made; warnings are domain DealWarning values, worded when shown
(`.message(lang)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from clientbook.domain.deals import Condition, DealWarning, Measure, Move, PipelineMeasures


@dataclass(frozen=True)
class StageView:
    key: str
    label: str                    # the rep's name, else the default's translated one
    meaning: str                  # StageMeaning value: open, verbal, won, lost
    position: int
    name: str = ""                # the rep's own name ("" = the default label): what the stage editor edits


@dataclass(frozen=True)
class DealRow:
    id: int
    title: str
    company_id: int
    company: str
    grade: str | None
    stage: str
    stage_label: str
    value: float | None
    expected_close: date | None
    owner: str
    warnings: int                 # conditions the terms are past now
    late: bool = False            # still open after its expected close


@dataclass(frozen=True)
class PipelineColumn:
    stage: StageView
    count: int
    value: float                  # the deals' values added up (a deal without one counts 0)
    deals: tuple[DealRow, ...]    # by title


@dataclass(frozen=True)
class PipelineView:
    columns: tuple[PipelineColumn, ...]     # one per stage, in order
    measures: PipelineMeasures              # won, lost, days verbal -> signed, per stage
    owners: tuple[str, ...]                 # every owner of a live deal, for the filter
    grade: str | None                       # the filters applied
    owner: str | None


@dataclass(frozen=True)
class DealFacts:
    id: int
    company_id: int
    company: str
    grade: str | None
    title: str
    stage: str
    stage_label: str
    stage_meaning: str
    value: float | None
    expected_close: date | None
    owner: str
    batna: str
    bottom_line: str
    max_step_pct: float | None    # the deal's own rule; None: the book's
    rule_pct: float               # the rule that applies (deal, else config.toml, else 3%)
    terms: str                    # what was agreed, one term per line
    agreed_on: date | None
    closed_on: date | None
    notes: str
    archived: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class DealPersonView:
    contact_id: int
    name: str
    title: str
    address_as: str               # how to address them (王总)
    role: str | None              # DealRole value


@dataclass(frozen=True)
class NeedView:
    id: int
    what: str
    implicit: bool
    rank: int


@dataclass(frozen=True)
class ConditionView:
    condition: Condition          # .text(lang): "margin under 15%"
    crossed: bool                 # the terms are past it now


@dataclass(frozen=True)
class MoveView:
    move: Move
    warnings: tuple[DealWarning, ...]   # what it raised when it was made


@dataclass(frozen=True)
class StageChangeView:
    stage: str
    label: str
    at: datetime
    note: str


@dataclass(frozen=True)
class TimelineItem:
    kind: str                     # "interaction" | "meal" | "gift" | "move" | "stage"
    id: int
    at: datetime
    subtype: str                  # an interaction's kind, a move's kind, a stage's key
    text: str
    people: str = ""              # an interaction's contacts, a gift's recipient
    side: str = ""                # a move's side
    warnings: tuple[DealWarning, ...] = ()


@dataclass(frozen=True)
class DealPage:
    deal: DealFacts
    people: tuple[DealPersonView, ...]
    needs: tuple[NeedView, ...]             # ranked
    conditions: tuple[ConditionView, ...]
    moves: tuple[MoveView, ...]             # oldest first
    history: tuple[StageChangeView, ...]    # oldest first
    timeline: tuple[TimelineItem, ...]      # newest first
    terms: dict[Measure, float]             # current terms (domain/deals.current_terms)
    warnings: tuple[DealWarning, ...] = field(default=())   # now: conditions crossed, an agreement unsigned
    stages: tuple[StageView, ...] = ()      # the list the deal can move to
