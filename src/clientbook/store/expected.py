"""The optimistic check of every edit form's save: the form keeps what it was loaded from and
hands it to the store's update as `expected`; inside the write transaction the update reads the
record again and raises Conflict, carrying what the book holds now, if the two differ.

Content is compared, never a timestamp alone: a restore can bring back an older `updated_at`,
and a save elsewhere that changed nothing is no conflict."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, SQLModel

from clientbook.errors import Conflict

# When a record was last saved, not what it says (minutes rewritten word for word are no
# conflict); who wrote it and who owns it now, which no edit form changes (a handover while a
# form is open is no conflict).
_IGNORED = {"updated_at", "minutes_at", "author_id", "owner_id", "owned_since"}


def content(value):
    """A record (ORM row, frozen view, list or dict of them) as plain values, for comparing."""
    if isinstance(value, SQLModel):
        return {name: getattr(value, name) for name in type(value).__table__.columns.keys() if name not in _IGNORED}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: content(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [content(item) for item in value]
    if isinstance(value, dict):
        return {key: content(item) for key, item in value.items()}
    return value


def check(session: Session, expected, current, parts=lambda record: record) -> None:
    """Raise Conflict(current) when the record read in this transaction is not what the form
    was loaded from; None means no check (adding, or a caller with nothing to compare).
    `parts` picks what the form edits out of a view (not, say, a meal's guests' contacts)."""
    if expected is not None and content(parts(expected)) != content(parts(current)):
        session.expunge_all()  # the rollback would expire them: `current` must stay readable
        raise Conflict(current)
