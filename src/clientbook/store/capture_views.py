"""What CaptureRepository's reads return: an interaction as its edit form reads it, a
contact's timeline and marks, note search hits.

Apart from capture.py, which imports them in the reads that build them: opening the Store needs
none, and creating a frozen dataclass costs Python 3.11 about a millisecond (it compiles
each generated method)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientbook.domain.interactions import Coach, InfoQuality, Space
    from clientbook.store.models import Interaction
    from clientbook.store.models.followups import Followup


@dataclass(frozen=True)
class InteractionView:
    interaction: Interaction
    contacts: list[tuple[int, str]]      # who it was with (an e-mail's recipients)
    followups: list[Followup]
    cc: list[tuple[int, str]] = field(default_factory=list)   # an e-mail's cc'd people


@dataclass(frozen=True)
class TimelineEntry:
    kind: str              # "interaction" | "followup" | "level" | "meal" (planned, no minutes yet) | "owner"
    id: int
    at: datetime
    has_time: bool
    subtype: str           # interaction kind, follow-up status ("open"/"done"), "up"/"down", or an owner move's reason
    text: str
    promise: bool = False
    from_level: int | None = None
    to_level: int | None = None
    cause: str = ""        # a level change's interaction kind, named when shown if it has no reason
    cc: bool = False       # an e-mail they were cc'd on (owing no answer)
    from_rep: str | None = None   # an owner move's reps, by name ("" the solo book's rep; None the pool)
    to_rep: str | None = None


@dataclass(frozen=True)
class Marks:
    space: Space | None
    info_quality: InfoQuality | None
    coach: Coach | None
    info_trend: int
    coach_trend: int


@dataclass(frozen=True)
class NoteHit:
    kind: str              # "interaction" | "followup" | "profile" (a contact's profile field)
    ref_id: int            # the interaction's, follow-up's or contact's id
    at: datetime           # a profile's: when the contact was last changed
    text: str
    contacts: str
    contact_id: int | None
    field: str = ""        # a profile hit's field (domain.contact_fields.PROFILE_FIELDS)
