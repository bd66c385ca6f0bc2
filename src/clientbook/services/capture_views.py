"""What CaptureService's reads for the app's forms return: an interaction or a follow-up as its
edit form is loaded, a contact's name and level, the two sides of a merge.

Apart from capture.py, which imports them in the methods that build them: `clientbook log`
goes through CaptureService, and creating a frozen dataclass costs Python 3.11 about a
millisecond (it compiles each generated method)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientbook.domain.contacts import ContactInput
    from clientbook.store.interop import MergeMoves


# The two records an edit form is loaded from. Their fields are named as the table's columns
# (less updated_at, which the store's optimistic check ignores too), so the store compares
# what the form was loaded from with what the book holds now, field by field.
@dataclass(frozen=True)
class InteractionRecord:
    id: int
    kind: str
    occurred_at: datetime
    has_time: bool
    place: str
    summary: str
    notes: str
    cost: float | None
    space: str | None
    info_quality: str | None
    coach: str | None
    topic_depth: str | None
    deal_id: int | None
    private: bool                          # read by its author alone, on a team book
    archived_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class InteractionEdit:
    interaction: InteractionRecord
    contacts: tuple[tuple[int, str], ...]   # (id, name), as the form's picker holds them
    meal_id: int | None                     # the meal whose minutes wrote it, if any
    cc: tuple[tuple[int, str], ...] = ()    # an e-mail's cc'd people


@dataclass(frozen=True)
class FollowupRecord:
    id: int
    contact_id: int
    interaction_id: int | None
    what: str
    due_date: date
    due_time: time | None
    promise: bool
    done_at: datetime | None
    archived_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class ContactBrief:
    id: int
    name: str
    level: int


@dataclass(frozen=True)
class MergeSides:
    a: ContactInput          # the survivor, as form values
    b: ContactInput          # the other record, archived by the merge
    moves: MergeMoves        # what moves from b to a
