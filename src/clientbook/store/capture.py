"""What the rep captures: interactions, follow-ups, level history, cadences, and note search.

The views the reads return (capture_views.py) and the follow-ups' and level changes' tables
(models/followups.py) are imported by the methods that use them: opening the Store does not
define them, which cost a start a few milliseconds. The writes several areas share, the quick
log among them, are plain SQL (writes.py)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import and_, func, or_, text
from sqlmodel import Session, col, select

from clientbook.domain.interactions import Coach, InfoQuality, InteractionInput, Space, followup_contacts, highest, trend
from clientbook.domain.search import fts_query, like_pattern, note_pairs_query, query_words, tsquery
from clientbook.store.expected import check
from clientbook.store.models import Contact, Interaction, InteractionContact
from clientbook.store.rows import driver, expire, fill_interaction, get_row
from clientbook.store.writes import (
    InteractionLog,
    change_level,
    drop_note,
    index_note,
    insert_followup,
    interaction_text,
    link_contacts,
    refresh_last_contact,
)

if TYPE_CHECKING:
    from clientbook.store.capture_views import InteractionView, Marks, NoteHit, TimelineEntry
    from clientbook.store.models.followups import Followup


_NOTE_HITS = "SELECT kind, ref_id FROM note_fts WHERE note_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
# A team book searches the notes' own rows in one round trip: each side's :n newest live matches
# (policies.NOTE_IDS_FUNCTION: by the notes' character pairs and per-character documents, newest
# first as note_fts's rowid orders SQLite's, only what the rep may read), the :n newest of the
# two, and for those alone the interaction's people; the newest :limit by time. The rows are
# read from the base tables, so row-level security filters them once more.
_SERVER_NOTE_HITS = (
    "WITH hit AS (SELECT * FROM ("
    "(SELECT 'interaction' AS kind, id, id * 2 AS rank, occurred_at AS at,"
    " concat_ws(' · ', nullif(summary, ''), nullif(notes, '')) AS body, NULL AS name, NULL::integer AS contact_id"
    " FROM interaction WHERE id IN (SELECT clientbook_note_ids('interaction', CAST(:pairs AS tsquery),"
    " to_tsquery('simple', :q), :n)) ORDER BY id DESC LIMIT :n)"
    " UNION ALL (SELECT 'followup', f.id, f.id * 2 + 1, f.due_date + coalesce(f.due_time, time '00:00'), f.what,"
    " c.name, f.contact_id FROM followup f JOIN contact c ON c.id = f.contact_id"
    " WHERE f.id IN (SELECT clientbook_note_ids('followup', CAST(:pairs AS tsquery), to_tsquery('simple', :q), :n))"
    " ORDER BY f.id DESC LIMIT :n)"
    ") AS side ORDER BY rank DESC LIMIT :n)"
    " SELECT kind, id, at, body,"
    " CASE WHEN kind = 'interaction' THEN (SELECT string_agg(c.name, ', ' ORDER BY l.contact_id)"
    "  FROM interaction_contact l JOIN contact c ON c.id = l.contact_id WHERE l.interaction_id = hit.id) ELSE name END,"
    " CASE WHEN kind = 'interaction' THEN (SELECT min(l.contact_id) FROM interaction_contact l"
    "  WHERE l.interaction_id = hit.id) ELSE contact_id END"
    " FROM hit ORDER BY at DESC, rank DESC LIMIT :limit")


class CaptureRepository(InteractionLog):
    """Interactions, follow-ups, levels and cadences, a contact's history and note search.
    The quick log (log_interaction) is InteractionLog's, in plain SQL: `clientbook log` runs
    the same on a plain sqlite3 writer."""

    # ------------------------------------------------------------ interactions
    def update_interaction(self, interaction_id: int, data: InteractionInput, now: datetime,
                           expected: InteractionView | None = None) -> None:
        """`expected`: the interaction as the form read it (get_interaction); Conflict if it changed."""
        with self._sessions.writing() as session:
            check(session, expected, self._interaction_view(session, interaction_id),
                  lambda view: (view.interaction, view.contacts, view.cc))
            interaction = get_row(session, Interaction, interaction_id)
            old_contacts = [link.contact_id for link in session.exec(
                select(InteractionContact).where(InteractionContact.interaction_id == interaction_id))]
            interaction.kind = data.kind.value
            interaction.occurred_at = data.occurred_at
            fill_interaction(interaction, data)
            interaction.updated_at = now
            for link in session.exec(select(InteractionContact).where(InteractionContact.interaction_id == interaction_id)):
                session.delete(link)
            connection = driver(session)
            link_contacts(connection, interaction_id, data.contact_ids, data.cc_ids)
            index_note(connection, "interaction", interaction_id, interaction_text(interaction))
            if data.followup:
                for contact_id in followup_contacts(data):
                    insert_followup(connection, contact_id, data.followup, now, interaction_id)
            if data.new_level is not None:
                for contact_id in data.contact_ids:
                    change_level(connection, contact_id, data.new_level, data.summary, now, interaction_id)
            touched = set(old_contacts) | set(data.contact_ids) | set(data.cc_ids)
            refresh_last_contact(connection, touched)
            expire(session, Contact, touched)

    def archive_interaction(self, interaction_id: int, now: datetime) -> None:
        """Interactions are archived, never deleted; the contact's stay-in-touch clock is recomputed."""
        with self._sessions.writing() as session:
            interaction = get_row(session, Interaction, interaction_id)
            interaction.archived_at = now
            contacts = [link.contact_id for link in session.exec(
                select(InteractionContact).where(InteractionContact.interaction_id == interaction_id))]
            connection = driver(session)
            drop_note(connection, "interaction", interaction_id)
            refresh_last_contact(connection, contacts)
            expire(session, Contact, contacts, "last_contact_at")

    def get_interaction(self, interaction_id: int) -> InteractionView:
        with self._sessions.reading() as session:
            return self._interaction_view(session, interaction_id)

    def _interaction_view(self, session: Session, interaction_id: int) -> InteractionView:
        from clientbook.store.capture_views import InteractionView
        from clientbook.store.models.followups import Followup

        interaction = get_row(session, Interaction, interaction_id)
        contacts = session.exec(
            select(Contact.id, Contact.name, InteractionContact.cc)
            .join(InteractionContact, InteractionContact.contact_id == Contact.id)
            .where(InteractionContact.interaction_id == interaction_id)
            .order_by(Contact.sort_key)
        ).all()
        followups = session.exec(select(Followup).where(Followup.interaction_id == interaction_id)).all()
        return InteractionView(interaction, [(i, name) for i, name, cc in contacts if not cc], list(followups),
                               [(i, name) for i, name, cc in contacts if cc])

    # ------------------------------------------------------------ follow-ups
    def add_followup(self, contact_id: int, data, now: datetime, interaction_id: int | None = None) -> int:
        with self._sessions.raw_writing() as connection:
            return insert_followup(connection, contact_id, data, now, interaction_id)

    def update_followup(self, followup_id: int, data, now: datetime, expected: Followup | None = None) -> None:
        """`expected`: the follow-up as the form read it (get_followup); Conflict if it changed."""
        from clientbook.store.models.followups import Followup

        with self._sessions.writing() as session:
            followup = get_row(session, Followup, followup_id)
            check(session, expected, followup)
            followup.what, followup.due_date, followup.due_time, followup.promise = data.what, data.due, data.due_time, data.promise
            followup.updated_at = now
            index_note(driver(session), "followup", followup_id, followup.what)

    def get_followup(self, followup_id: int) -> Followup:
        from clientbook.store.models.followups import Followup

        with self._sessions.reading() as session:
            return get_row(session, Followup, followup_id)

    def complete_followup(self, followup_id: int, now: datetime) -> None:
        from clientbook.store.models.followups import Followup

        with self._sessions.writing() as session:
            followup = get_row(session, Followup, followup_id)
            followup.done_at = now
            followup.updated_at = now

    def reopen_followup(self, followup_id: int, now: datetime) -> None:
        from clientbook.store.models.followups import Followup

        with self._sessions.writing() as session:
            followup = get_row(session, Followup, followup_id)
            followup.done_at = None
            followup.updated_at = now

    def reschedule_followup(self, followup_id: int, due: date, due_time: time | None, now: datetime) -> None:
        """Snooze or reschedule: the follow-up moves to another day, keeping everything else."""
        from clientbook.store.models.followups import Followup

        with self._sessions.writing() as session:
            followup = get_row(session, Followup, followup_id)
            followup.due_date, followup.due_time = due, due_time
            followup.done_at = None
            followup.updated_at = now

    # ------------------------------------------------------------ stay in touch
    def set_cadence(self, contact_id: int, days: int | None) -> None:
        with self._sessions.writing() as session:
            get_row(session, Contact, contact_id).cadence_days = days

    # ------------------------------------------------------------ relationship level
    def set_level(self, contact_id: int, level: int, reason: str, now: datetime) -> None:
        with self._sessions.raw_writing() as connection:
            change_level(connection, contact_id, level, reason, now, None)

    # ------------------------------------------------------------ a contact's history
    def timeline(self, contact_id: int, limit: int = 200) -> list[TimelineEntry]:
        """Interactions, follow-ups, level changes, meals planned with them and owner moves (a
        team book's handovers and claims), newest first."""
        # Imported here: opening the Store loads this module, and not the meal tables.
        from clientbook.domain.meals.enums import InviteStatus
        from clientbook.domain.meals.labels import meal_name
        from clientbook.store.models.meals import Meal, MealDiner
        from clientbook.store.capture_views import TimelineEntry
        from clientbook.store.models.followups import Followup, LevelChange
        from clientbook.store.models.team import OwnerChange

        with self._sessions.reading() as session:
            entries = [
                TimelineEntry("interaction", i.id, i.occurred_at, i.has_time, i.kind, i.summary or i.notes, cc=cc)
                for i, cc in session.exec(
                    select(Interaction, InteractionContact.cc)
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
                              c.reason, from_level=c.from_level, to_level=c.to_level, cause=cause or "")
                for c, cause in session.exec(
                    select(LevelChange, Interaction.kind)
                    .outerjoin(Interaction, Interaction.id == LevelChange.interaction_id)
                    .where(LevelChange.contact_id == contact_id)
                    .order_by(col(LevelChange.changed_at).desc()).limit(limit)
                )
            ]
            entries += [  # meals planned with them, minutes not written yet (written ones are interactions)
                TimelineEntry("meal", m.id, m.planned_at, True, "planned", meal_name(m.title, m.cuisine, m.venue))
                for m in session.exec(
                    select(Meal).join(MealDiner, MealDiner.meal_id == Meal.id)
                    .where(MealDiner.contact_id == contact_id, MealDiner.invite_status != InviteStatus.DECLINED.value,
                           col(Meal.archived_at).is_(None), col(Meal.minutes_at).is_(None))
                    .distinct().order_by(col(Meal.planned_at).desc()).limit(limit)
                )
            ]
            entries += owner_entries(session, OwnerChange.contact_id == contact_id, limit)
            return sorted(entries, key=lambda e: (e.at, e.kind, e.id), reverse=True)[:limit]

    def contact_marks(self, contact_id: int) -> Marks:
        """Highest interaction space, information quality and coach level reached, and their trend."""
        from clientbook.store.capture_views import Marks

        with self._sessions.reading() as session:
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
        from clientbook.store.capture_views import NoteHit
        from clientbook.store.models.followups import Followup

        on_server = self._sessions.dialect == "postgresql"
        match = tsquery(query) if on_server else fts_query(query)
        if match is None:
            return []
        with self._sessions.reading() as session:
            if on_server:
                pairs, exact = note_pairs_query(query)
                found = text(_SERVER_NOTE_HITS).bindparams(pairs=pairs, q=None if exact else match, n=limit * 4, limit=limit)
                return [NoteHit(kind, ref_id, at, body, names or "", contact_id)
                        for kind, ref_id, at, body, names, contact_id in session.exec(found)]
            # Newest notes first (higher rowids), a few more than shown since some may be archived.
            hits = session.exec(text(_NOTE_HITS).bindparams(q=match, n=limit * 4)).all()
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


    def search_profiles(self, query: str, limit: int = 50) -> list[NoteHit]:
        """Live contacts whose profile fields (family, hobbies, taboos, notes…) hold every word
        of `query`, one hit per field that does, most recently changed contact first."""
        from clientbook.domain.contact_fields import PROFILE_FIELDS   # here: only this search reads the profile fields
        from clientbook.store.capture_views import NoteHit

        words = query_words(query)
        if not words:
            return []
        columns = [(f.name, getattr(Contact, f.name)) for f in PROFILE_FIELDS]
        # SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE is that one.
        like = "ilike" if self._sessions.dialect == "postgresql" else "like"
        holds = [and_(*[getattr(col(column), like)(like_pattern(word), escape="\\") for word in words])
                 for _n, column in columns]
        with self._sessions.reading() as session:
            contacts = session.exec(
                select(Contact).where(col(Contact.archived_at).is_(None), or_(*holds))
                .order_by(col(Contact.updated_at).desc(), col(Contact.id).desc()).limit(limit)
            ).all()
        hits = []
        for contact in contacts:
            for name, _column in columns:
                value = getattr(contact, name)
                if all(word in value.lower() for word in words):   # LIKE's rule: which field held them
                    hits.append(NoteHit("profile", contact.id, contact.updated_at, value, contact.name,
                                        contact.id, name))
        return hits[:limit]


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


def owner_entries(session: Session, where, limit: int) -> list[TimelineEntry]:
    """A contact's or company's owner moves as timeline entries, the reps by name."""
    from clientbook.store.capture_views import TimelineEntry
    from clientbook.store.models.team import OwnerChange, Rep

    names = {rep_id: name for rep_id, name in session.exec(select(Rep.id, Rep.name))}
    return [TimelineEntry("owner", c.id, c.at, True, c.reason, "", from_rep=names.get(c.from_rep_id),
                          to_rep=names.get(c.to_rep_id))
            for c in session.exec(select(OwnerChange).where(where)
                                  .order_by(col(OwnerChange.at).desc()).limit(limit))]
