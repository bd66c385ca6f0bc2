"""What the rep captures: the one door the quick log, the entry forms (interactions, follow-ups,
levels), notes search, the archive, merging two contacts and the contact pickers ask through.
Reads return frozen views (no ORM row leaves here); writes are commands taking `now`.

`clientbook log` starts here too, over the plain-sqlite3 writer (services/book.writing_log)
instead of the Store: nothing of the store is imported here, and the views only the app's
forms read (capture_views.py) are imported by the methods that build them, so the command's
start stays quick; the open book is handed in."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from typing import TYPE_CHECKING

from clientbook.errors import Conflict

if TYPE_CHECKING:
    from clientbook.domain.interactions import InteractionInput
    from clientbook.services.capture_views import ContactBrief, FollowupRecord, InteractionEdit, MergeSides
    from clientbook.store.capture_views import NoteHit
    from clientbook.store.contact_views import ArchivedItem
    from clientbook.store.contact_index import ContactRow


def _record(cls, row):
    return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


class CaptureService:
    """Built on the open Store; holds nothing else, so one per call is as good as one per app."""

    def __init__(self, store) -> None:
        self._store = store

    # ------------------------------------------------------------ contacts to pick
    def find_contacts(self, name: str) -> tuple[ContactRow, ...]:
        """The live contacts a typed name may mean (the shell's `log`)."""
        return tuple(self._store.contacts.find_contacts(name))

    def pick_contacts(self, query: str, limit: int, leave_out: frozenset[int] = frozenset()) -> tuple[ContactRow, ...]:
        """The first `limit` contacts matching what is typed in a picker, less those already picked."""
        rows = self._store.contacts.search_contacts(query, limit=limit + len(leave_out))
        return tuple(row for row in rows if row.id not in leave_out)[:limit]

    def contact(self, contact_id: int) -> ContactBrief:
        from clientbook.services.capture_views import ContactBrief

        c = self._store.contacts.get_contact(contact_id).contact
        return ContactBrief(c.id, c.name, c.level)

    # ------------------------------------------------------------ interactions
    def interaction(self, interaction_id: int) -> InteractionEdit:
        return self._edit_view(self._store.capture.get_interaction(interaction_id),
                               self._store.meals.meal_of_interaction(interaction_id))

    def _edit_view(self, view, meal_id: int | None) -> InteractionEdit:
        from clientbook.services.capture_views import InteractionEdit, InteractionRecord

        return InteractionEdit(_record(InteractionRecord, view.interaction),
                               tuple(tuple(c) for c in view.contacts), meal_id, tuple(tuple(c) for c in view.cc))

    def log_interaction(self, data: InteractionInput, now: datetime) -> int:
        return self._store.capture.log_interaction(data, now)

    def update_interaction(self, interaction_id: int, data: InteractionInput, now: datetime,
                           expected: InteractionEdit | None = None) -> None:
        try:
            self._store.capture.update_interaction(interaction_id, data, now, expected)
        except Conflict as conflict:
            raise Conflict(self._edit_view(conflict.current, expected.meal_id if expected else None)) from None

    # ------------------------------------------------------------ follow-ups
    def followup(self, followup_id: int) -> FollowupRecord:
        from clientbook.services.capture_views import FollowupRecord

        return _record(FollowupRecord, self._store.capture.get_followup(followup_id))

    def add_followup(self, contact_id: int, data, now: datetime) -> int:
        return self._store.capture.add_followup(contact_id, data, now)

    def update_followup(self, followup_id: int, data, now: datetime, expected: FollowupRecord | None = None) -> None:
        try:
            self._store.capture.update_followup(followup_id, data, now, expected)
        except Conflict as conflict:
            from clientbook.services.capture_views import FollowupRecord

            raise Conflict(_record(FollowupRecord, conflict.current)) from None
        if expected is not None and expected.done_at is not None and data.due != expected.due_date:
            self._store.capture.reopen_followup(followup_id, now)  # moved: due again

    def complete_followup(self, followup_id: int, now: datetime) -> None:
        self._store.capture.complete_followup(followup_id, now)

    def reopen_followup(self, followup_id: int, now: datetime) -> None:
        self._store.capture.reopen_followup(followup_id, now)

    def snooze_followup(self, followup_id: int, choice: str, now: datetime) -> date:
        """Move the follow-up by `choice` ("1d", "1w"), from today when overdue; returns its new day."""
        from clientbook.domain.agenda import snooze_target

        followup = self._store.capture.get_followup(followup_id)
        target = snooze_target(followup.due_date, now.date(), choice)
        self._store.capture.reschedule_followup(followup_id, target, followup.due_time, now)
        return target

    # ------------------------------------------------------------ relationship level
    def set_level(self, contact_id: int, level: int, reason: str, now: datetime) -> None:
        self._store.capture.set_level(contact_id, level, reason, now)

    # ------------------------------------------------------------ notes, archive, merge
    def search_notes(self, query: str, limit: int = 50) -> tuple[NoteHit, ...]:
        """What was written that holds every word of `query`: contacts' profile fields first (kind
        "profile", labelled with the field: what is known of a person), then interaction notes and
        follow-ups, newest first."""
        if not query.strip():
            return ()
        profiles = self._store.capture.search_profiles(query, limit=limit)
        return tuple(profiles + self._store.capture.search_notes(query, limit=limit - len(profiles)))

    def archived(self) -> tuple[ArchivedItem, ...]:
        return tuple(self._store.contacts.archived())

    def restore(self, kind: str, item_id: int) -> None:
        """Bring an archived contact or company back."""
        (self._store.contacts.restore_contact if kind == "contact" else self._store.contacts.restore_company)(item_id)

    def merge_sides(self, survivor_id: int, other_id: int) -> MergeSides:
        from clientbook.services.capture_views import MergeSides

        a, b = self._store.interop.merge_inputs(survivor_id, other_id)
        return MergeSides(a, b, self._store.interop.merge_moves(other_id))

    def merge_contacts(self, survivor_id: int, other_id: int, choices: dict[str, str], now: datetime) -> None:
        self._store.interop.merge_contacts(survivor_id, other_id, choices, now)
