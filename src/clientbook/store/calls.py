"""Queries for calls (domain §11): a call's preparation, the call it is linked to once logged,
its review, and what the call card gathers about the person. The repository behind store.calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from clientbook.domain.calls import CallPrepInput, CallReviewInput, Lesson, OpenFollowup, PastInteraction
from clientbook.store.expected import check
from clientbook.store.models import Company, Contact, Interaction, InteractionContact
from clientbook.store.models.calls import CallPrep
from clientbook.store.models.followups import Followup
from clientbook.store.rows import get_row

RECENT_READ = 3   # interactions the card reads (domain.calls.RECENT_SHOWN)
LESSONS_READ = 5  # reviewed calls read for their lessons (those with one are shown)


@dataclass(frozen=True)
class CallPerson:
    id: int
    name: str
    address_as: str
    title: str
    company: str
    phones: str            # as stored (contact_card.load_typed reads it)


@dataclass(frozen=True)
class CardFacts:
    person: CallPerson
    followups: list[OpenFollowup]
    recent: list[PastInteraction]
    lessons: list[Lesson]      # reviewed calls before this one, newest first


class CallsRepository:
    def __init__(self, sessions) -> None:
        self._sessions = sessions

    # ------------------------------------------------------------ preparations
    def add_prep(self, contact_id: int, data: CallPrepInput, now: datetime) -> int:
        with self._sessions.writing() as session:
            get_row(session, Contact, contact_id)
            prep = CallPrep(contact_id=contact_id, created_at=now, updated_at=now)
            _fill(prep, data)
            session.add(prep)
            session.flush()
            return prep.id

    def update_prep(self, prep_id: int, data: CallPrepInput, now: datetime, expected: CallPrep | None = None) -> None:
        """`expected`: the preparation as the form read it; Conflict if it changed since."""
        with self._sessions.writing() as session:
            prep = get_row(session, CallPrep, prep_id)
            check(session, expected, prep)
            _fill(prep, data)
            prep.updated_at = now

    def get_prep(self, prep_id: int) -> CallPrep:
        with self._sessions.reading() as session:
            return get_row(session, CallPrep, prep_id)

    def latest_unreviewed(self, contact_id: int) -> CallPrep | None:
        """The person's newest preparation not reviewed yet (domain.calls.prep_is_open says if it still waits)."""
        with self._sessions.reading() as session:
            return session.exec(
                select(CallPrep).where(CallPrep.contact_id == contact_id, col(CallPrep.reviewed_at).is_(None))
                .order_by(col(CallPrep.created_at).desc(), col(CallPrep.id).desc())
            ).first()

    def link_call(self, prep_id: int, interaction_id: int, now: datetime) -> None:
        with self._sessions.writing() as session:
            prep = get_row(session, CallPrep, prep_id)
            get_row(session, Interaction, interaction_id)
            prep.interaction_id = interaction_id
            prep.updated_at = now

    def review(self, prep_id: int, data: CallReviewInput, now: datetime) -> None:
        with self._sessions.writing() as session:
            prep = get_row(session, CallPrep, prep_id)
            prep.attitude, prep.satisfaction = data.attitude, data.satisfaction
            prep.differed, prep.lesson = data.differed, data.lesson
            prep.reviewed_at = prep.reviewed_at or now
            prep.updated_at = now

    # ------------------------------------------------------------ what the card gathers
    def card_facts(self, contact_id: int, before: datetime, leave_out: int | None = None) -> CardFacts:
        """The person, their open follow-ups, their last interactions and the lessons of calls
        reviewed before `before` (not preparation `leave_out`, the one the card is for)."""
        with self._sessions.reading() as session:
            contact = get_row(session, Contact, contact_id)
            company = session.get(Company, contact.company_id) if contact.company_id else None
            person = CallPerson(contact.id, contact.name, contact.address_as, contact.title,
                                company.name if company else "", contact.phones)
            followups = [
                OpenFollowup(f.what, f.due_date, f.due_time, f.promise)
                for f in session.exec(select(Followup).where(
                    Followup.contact_id == contact_id, col(Followup.done_at).is_(None),
                    col(Followup.archived_at).is_(None)))
            ]
            recent = [
                PastInteraction(i.occurred_at, i.has_time, i.kind, i.summary or i.notes)
                for i in session.exec(
                    select(Interaction)
                    .join(InteractionContact, InteractionContact.interaction_id == Interaction.id)
                    .where(InteractionContact.contact_id == contact_id, col(Interaction.archived_at).is_(None))
                    .order_by(col(Interaction.occurred_at).desc()).limit(RECENT_READ))
            ]
            lessons = [
                Lesson(p.created_at, p.matter, p.lesson, p.attitude, p.satisfaction)
                for p in session.exec(
                    select(CallPrep).where(CallPrep.contact_id == contact_id, col(CallPrep.reviewed_at).is_not(None),
                                           CallPrep.created_at <= before, CallPrep.lesson != "",
                                           CallPrep.id != (leave_out or 0))
                    .order_by(col(CallPrep.created_at).desc()).limit(LESSONS_READ))
            ]
        return CardFacts(person, followups, recent, lessons)


def _fill(prep: CallPrep, data: CallPrepInput) -> None:
    prep.matter, prep.our_outcome, prep.their_outcome = data.matter, data.our_outcome, data.their_outcome
    prep.their_attitude, prep.tone, prep.rehearsal = data.their_attitude, data.tone, data.rehearsal
    prep.deal_id = data.deal_id
