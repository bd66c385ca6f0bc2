"""Queries for what the rep captures: interactions, follow-ups, level history, note search,
and the Today agenda. Mixed into Store (store/queries.py), which owns sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from clientbook.domain.interactions import Coach, InfoQuality, InteractionInput, Space, highest, trend
from clientbook.domain.search import fts_document, fts_query
from clientbook.errors import NotFound
from clientbook.store.expected import check
from clientbook.store.models import Contact, Followup, Interaction, InteractionContact, LevelChange


@dataclass(frozen=True)
class InteractionView:
    interaction: Interaction
    contacts: list[tuple[int, str]]
    followups: list[Followup]


@dataclass(frozen=True)
class TimelineEntry:
    kind: str              # "interaction" | "followup" | "level"
    id: int
    at: datetime
    has_time: bool
    subtype: str           # interaction kind, follow-up status ("open"/"done"), or "up"/"down"
    text: str
    promise: bool = False
    from_level: int | None = None
    to_level: int | None = None


@dataclass(frozen=True)
class Marks:
    space: Space | None
    info_quality: InfoQuality | None
    coach: Coach | None
    info_trend: int
    coach_trend: int


@dataclass(frozen=True)
class NoteHit:
    kind: str              # "interaction" | "followup"
    ref_id: int
    at: datetime
    text: str
    contacts: str
    contact_id: int | None


class CaptureQueries:
    # ------------------------------------------------------------ interactions
    def log_interaction(self, data: InteractionInput, now: datetime) -> int:
        """Save an interaction with its contacts, optional follow-up and level change, in one transaction."""
        with self.writing() as session:
            interaction = Interaction(created_at=now, updated_at=now, kind=data.kind.value,
                                      occurred_at=data.occurred_at)
            _fill_interaction(interaction, data)
            session.add(interaction)
            session.flush()
            self._link_contacts(session, interaction, data.contact_ids)
            _index_note(session, "interaction", interaction.id, _interaction_text(interaction))
            if data.followup:
                for contact_id in data.contact_ids[:1]:
                    self._insert_followup(session, contact_id, data.followup, now, interaction.id)
            if data.new_level is not None:
                for contact_id in data.contact_ids:
                    self._change_level(session, contact_id, data.new_level, data.summary or data.kind.label(),
                                       now, interaction.id)
            _refresh_last_contact(session, data.contact_ids)
            return interaction.id

    def update_interaction(self, interaction_id: int, data: InteractionInput, now: datetime,
                           expected: InteractionView | None = None) -> None:
        """`expected`: the interaction as the form read it (get_interaction); Conflict if it changed."""
        with self.writing() as session:
            check(session, expected, self._interaction_view(session, interaction_id),
                  lambda view: (view.interaction, view.contacts))
            interaction = _get(session, Interaction, interaction_id)
            old_contacts = [link.contact_id for link in session.exec(
                select(InteractionContact).where(InteractionContact.interaction_id == interaction_id))]
            interaction.kind = data.kind.value
            interaction.occurred_at = data.occurred_at
            _fill_interaction(interaction, data)
            interaction.updated_at = now
            for link in session.exec(select(InteractionContact).where(InteractionContact.interaction_id == interaction_id)):
                session.delete(link)
            session.flush()
            self._link_contacts(session, interaction, data.contact_ids)
            _index_note(session, "interaction", interaction_id, _interaction_text(interaction))
            if data.followup:
                self._insert_followup(session, data.contact_ids[0], data.followup, now, interaction_id)
            if data.new_level is not None:
                for contact_id in data.contact_ids:
                    self._change_level(session, contact_id, data.new_level, data.summary or data.kind.label(),
                                       now, interaction_id)
            _refresh_last_contact(session, set(old_contacts) | set(data.contact_ids))

    def archive_interaction(self, interaction_id: int, now: datetime) -> None:
        """Interactions are archived, never deleted; the contact's stay-in-touch clock is recomputed."""
        with self.writing() as session:
            interaction = _get(session, Interaction, interaction_id)
            interaction.archived_at = now
            _drop_note(session, "interaction", interaction_id)
            contacts = [link.contact_id for link in session.exec(
                select(InteractionContact).where(InteractionContact.interaction_id == interaction_id))]
            session.flush()
            _refresh_last_contact(session, contacts)

    def _link_contacts(self, session: Session, interaction: Interaction, contact_ids: list[int]) -> None:
        for contact_id in dict.fromkeys(contact_ids):
            _get(session, Contact, contact_id)
            session.add(InteractionContact(interaction_id=interaction.id, contact_id=contact_id))
        session.flush()

    def get_interaction(self, interaction_id: int) -> InteractionView:
        with self.reading() as session:
            return self._interaction_view(session, interaction_id)

    def _interaction_view(self, session: Session, interaction_id: int) -> InteractionView:
        interaction = _get(session, Interaction, interaction_id)
        contacts = session.exec(
            select(Contact.id, Contact.name)
            .join(InteractionContact, InteractionContact.contact_id == Contact.id)
            .where(InteractionContact.interaction_id == interaction_id)
            .order_by(Contact.sort_key)
        ).all()
        followups = session.exec(select(Followup).where(Followup.interaction_id == interaction_id)).all()
        return InteractionView(interaction, [tuple(c) for c in contacts], list(followups))

    # ------------------------------------------------------------ follow-ups
    def add_followup(self, contact_id: int, data, now: datetime, interaction_id: int | None = None) -> int:
        with self.writing() as session:
            return self._insert_followup(session, contact_id, data, now, interaction_id)

    def _insert_followup(self, session: Session, contact_id: int, data, now: datetime, interaction_id: int | None) -> int:
        _get(session, Contact, contact_id)
        followup = Followup(contact_id=contact_id, interaction_id=interaction_id, what=data.what,
                            due_date=data.due, due_time=data.due_time, promise=data.promise,
                            created_at=now, updated_at=now)
        session.add(followup)
        session.flush()
        _index_note(session, "followup", followup.id, followup.what)
        return followup.id

    def update_followup(self, followup_id: int, data, now: datetime, expected: Followup | None = None) -> None:
        """`expected`: the follow-up as the form read it (get_followup); Conflict if it changed."""
        with self.writing() as session:
            followup = _get(session, Followup, followup_id)
            check(session, expected, followup)
            followup.what, followup.due_date, followup.due_time, followup.promise = data.what, data.due, data.due_time, data.promise
            followup.updated_at = now
            _index_note(session, "followup", followup_id, followup.what)

    def get_followup(self, followup_id: int) -> Followup:
        with self.reading() as session:
            return _get(session, Followup, followup_id)

    def complete_followup(self, followup_id: int, now: datetime) -> None:
        with self.writing() as session:
            followup = _get(session, Followup, followup_id)
            followup.done_at = now
            followup.updated_at = now

    def reopen_followup(self, followup_id: int, now: datetime) -> None:
        with self.writing() as session:
            followup = _get(session, Followup, followup_id)
            followup.done_at = None
            followup.updated_at = now

    def reschedule_followup(self, followup_id: int, due: date, due_time: time | None, now: datetime) -> None:
        """Snooze or reschedule: the follow-up moves to another day, keeping everything else."""
        with self.writing() as session:
            followup = _get(session, Followup, followup_id)
            followup.due_date, followup.due_time = due, due_time
            followup.done_at = None
            followup.updated_at = now

    # ------------------------------------------------------------ stay in touch
    def set_cadence(self, contact_id: int, days: int | None) -> None:
        with self.writing() as session:
            _get(session, Contact, contact_id).cadence_days = days

    # ------------------------------------------------------------ relationship level
    def set_level(self, contact_id: int, level: int, reason: str, now: datetime) -> None:
        with self.writing() as session:
            self._change_level(session, contact_id, level, reason, now, None)

    def _change_level(self, session: Session, contact_id: int, level: int, reason: str, now: datetime,
                      interaction_id: int | None) -> None:
        contact = _get(session, Contact, contact_id)
        if contact.level == level:
            return
        session.add(LevelChange(contact_id=contact_id, changed_at=now, from_level=contact.level, to_level=level,
                                reason=reason, interaction_id=interaction_id))
        contact.level = level
        contact.updated_at = now

    # ------------------------------------------------------------ a contact's history
    def timeline(self, contact_id: int, limit: int = 200) -> list[TimelineEntry]:
        """Interactions, follow-ups and level changes, newest first."""
        with self.reading() as session:
            entries = [
                TimelineEntry("interaction", i.id, i.occurred_at, i.has_time, i.kind, i.summary or i.notes)
                for i in session.exec(
                    select(Interaction)
                    .join(InteractionContact, InteractionContact.interaction_id == Interaction.id)
                    .where(InteractionContact.contact_id == contact_id, col(Interaction.archived_at).is_(None))
                    .order_by(col(Interaction.occurred_at).desc()).limit(limit)
                )
            ]
            entries += [
                TimelineEntry("followup", f.id, datetime.combine(f.due_date, f.due_time or time(0)),
                              f.due_time is not None, "done" if f.done_at else "open", f.what, promise=f.promise)
                for f in session.exec(
                    select(Followup).where(Followup.contact_id == contact_id, col(Followup.archived_at).is_(None))
                    .order_by(col(Followup.due_date).desc()).limit(limit)
                )
            ]
            entries += [
                TimelineEntry("level", c.id, c.changed_at, True, "up" if c.to_level > c.from_level else "down",
                              c.reason, from_level=c.from_level, to_level=c.to_level)
                for c in session.exec(
                    select(LevelChange).where(LevelChange.contact_id == contact_id)
                    .order_by(col(LevelChange.changed_at).desc()).limit(limit)
                )
            ]
            return sorted(entries, key=lambda e: (e.at, e.kind, e.id), reverse=True)[:limit]

    def contact_marks(self, contact_id: int) -> Marks:
        """Highest interaction space, information quality and coach level reached, and their trend."""
        with self.reading() as session:
            rows = session.exec(
                select(Interaction.space, Interaction.info_quality, Interaction.coach)
                .join(InteractionContact, InteractionContact.interaction_id == Interaction.id)
                .where(InteractionContact.contact_id == contact_id, col(Interaction.archived_at).is_(None))
                .order_by(Interaction.occurred_at)
            ).all()
        spaces, infos, coaches = ([r[i] for r in rows] for i in range(3))
        return Marks(highest(spaces, Space), highest(infos, InfoQuality), highest(coaches, Coach),
                     trend(infos, InfoQuality), trend(coaches, Coach))

    # ------------------------------------------------------------ full-text search
    def search_notes(self, query: str, limit: int = 50) -> list[NoteHit]:
        """Interactions and follow-ups whose text holds every word of `query`, newest first."""
        match = fts_query(query)
        if match is None:
            return []
        with self.reading() as session:
            # Newest notes first (higher rowids), a few more than shown since some may be archived.
            hits = session.exec(
                text("SELECT kind, ref_id FROM note_fts WHERE note_fts MATCH :q ORDER BY rowid DESC LIMIT :n")
                .bindparams(q=match, n=limit * 4)
            ).all()
            interaction_ids = [ref for kind, ref in hits if kind == "interaction"]
            followup_ids = [ref for kind, ref in hits if kind == "followup"]
            results = []
            if interaction_ids:
                names = _names_for(session, interaction_ids)
                first_contact = dict(session.exec(
                    select(InteractionContact.interaction_id, func.min(InteractionContact.contact_id))
                    .where(col(InteractionContact.interaction_id).in_(interaction_ids))
                    .group_by(InteractionContact.interaction_id)).all())
                for i in session.exec(select(Interaction).where(col(Interaction.id).in_(interaction_ids),
                                                                col(Interaction.archived_at).is_(None))):
                    body = " · ".join(x for x in (i.summary, i.notes) if x)
                    results.append(NoteHit("interaction", i.id, i.occurred_at, body, names.get(i.id, ""),
                                           first_contact.get(i.id)))
            if followup_ids:
                for f, name in session.exec(
                    select(Followup, Contact.name).join(Contact, Contact.id == Followup.contact_id)
                    .where(col(Followup.id).in_(followup_ids), col(Followup.archived_at).is_(None))
                ):
                    results.append(NoteHit("followup", f.id, datetime.combine(f.due_date, f.due_time or time(0)),
                                           f.what, name, f.contact_id))
            results.sort(key=lambda h: h.at, reverse=True)
            return results[:limit]


def _fill_interaction(interaction: Interaction, data: InteractionInput) -> None:
    interaction.has_time = data.has_time
    interaction.place = data.place
    interaction.summary = data.summary
    interaction.notes = data.notes
    interaction.cost = data.cost
    for name in ("space", "info_quality", "coach", "topic_depth"):
        mark = getattr(data, name)
        setattr(interaction, name, mark.value if mark else None)


def _interaction_text(interaction: Interaction) -> str:
    return "\n".join(x for x in (interaction.summary, interaction.notes, interaction.place) if x)


# Each note's index row has a rowid derived from what it indexes, so replacing or dropping it
# is a lookup by rowid: kind and ref_id are UNINDEXED columns, and a search by them scans
# the whole index (85 ms at 100k notes). Newer notes also get higher rowids.
_NOTE_KINDS = {"interaction": 0, "followup": 1}


def note_rowid(kind: str, ref_id: int) -> int:
    return ref_id * 2 + _NOTE_KINDS[kind]


def _drop_note(session: Session, kind: str, ref_id: int) -> None:
    session.exec(text("DELETE FROM note_fts WHERE rowid = :r").bindparams(r=note_rowid(kind, ref_id)))


def _index_note(session: Session, kind: str, ref_id: int, body: str) -> None:
    _drop_note(session, kind, ref_id)
    if body:
        session.exec(text("INSERT INTO note_fts (rowid, body, kind, ref_id) VALUES (:r, :b, :k, :id)")
                     .bindparams(r=note_rowid(kind, ref_id), b=fts_document(body), k=kind, id=ref_id))


def _refresh_last_contact(session: Session, contact_ids) -> None:
    """Restart the stay-in-touch clock: the latest live interaction of each contact."""
    session.flush()
    for contact_id in set(contact_ids):
        latest = session.exec(
            select(func.max(Interaction.occurred_at))
            .join(InteractionContact, InteractionContact.interaction_id == Interaction.id)
            .where(InteractionContact.contact_id == contact_id, col(Interaction.archived_at).is_(None))
        ).one()
        contact = session.get(Contact, contact_id)
        if contact is not None:
            contact.last_contact_at = latest


def _names_for(session: Session, interaction_ids: list[int]) -> dict[int, str]:
    names: dict[int, list[str]] = {}
    if not interaction_ids:
        return {}
    for interaction_id, name in session.exec(
        select(InteractionContact.interaction_id, Contact.name)
        .join(Contact, Contact.id == InteractionContact.contact_id)
        .where(col(InteractionContact.interaction_id).in_(interaction_ids))
    ):
        names.setdefault(interaction_id, []).append(name)
    return {k: ", ".join(v) for k, v in names.items()}


def _get(session: Session, model, object_id: int):
    found = session.get(model, object_id)
    if found is None:
        raise NotFound("book.error.not_found", what=f"{model.__name__} #{object_id}")
    return found
