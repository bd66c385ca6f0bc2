"""Calls (domain §11): the one door the call card, its forms, the quick log of a call and the
inbound-call key ask through. Reads return frozen views; writes are commands taking `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from clientbook.domain.calls import (
    AtHand,
    CallPrepInput,
    CallReviewInput,
    at_hand,
    inbound_call,
    next_step,
    prep_is_open,
)
from clientbook.domain.contact_card import load_typed
from clientbook.domain.interactions import InteractionInput, Kind


@dataclass(frozen=True)
class PrepRecord:
    """A preparation as its form and the card read it (named as the table's columns, so the
    store's optimistic check compares it field by field)."""
    id: int
    contact_id: int
    deal_id: int | None
    interaction_id: int | None
    matter: str
    our_outcome: str
    their_outcome: str
    their_attitude: str
    tone: str
    rehearsal: str
    attitude: int | None
    satisfaction: int | None
    differed: str
    lesson: str
    reviewed_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class DealChoice:
    id: int
    label: str                     # "机房扩容 · 谈判"


@dataclass(frozen=True)
class CallStep:
    """What `c` does for a person now: PREPARE, LOG (the prepared call) or REVIEW (a logged one)."""
    step: str
    contact_id: int
    name: str
    prep: PrepRecord | None        # the open preparation (LOG, REVIEW)
    deals: tuple[DealChoice, ...] = ()   # their open deals, for the preparation to be about one


@dataclass(frozen=True)
class PrepForm:
    """A preparation as its edit form opens on it, with the deals it may be about."""
    prep: PrepRecord
    deals: tuple[DealChoice, ...]


@dataclass(frozen=True)
class DealTerms:
    """The deal a call is about, as the card shows it: where it stands and the terms on the table."""
    title: str
    stage: str
    terms: tuple[tuple[str, str], ...]   # (measure, value as read): Total discount, 4.5%
    agreed: str                          # what was agreed, as the rep wrote it


@dataclass(frozen=True)
class CallCard:
    prep: PrepRecord
    contact_id: int
    name: str
    address_as: str
    title: str
    company: str
    phone: str                     # the first number, "" when none
    at_hand: AtHand
    deal: DealTerms | None = None  # when the call is about a deal


@dataclass(frozen=True)
class LoggedCall:
    interaction_id: int
    prep_id: int | None            # the preparation it was the call of: its review is asked next


def _record(prep) -> PrepRecord:
    return PrepRecord(**{name: getattr(prep, name) for name in PrepRecord.__dataclass_fields__})


class CallsService:
    """Built on the open Store; holds nothing else."""

    def __init__(self, store) -> None:
        self._store = store

    # ------------------------------------------------------------ reads
    def _open_prep(self, contact_id: int, now: datetime):
        prep = self._store.calls.latest_unreviewed(contact_id)
        return prep if prep is not None and prep_is_open(prep.created_at, prep.reviewed_at, now) else None

    def step(self, contact_id: int, now: datetime) -> CallStep:
        prep = self._open_prep(contact_id, now)
        name = self._store.contacts.get_contact(contact_id).contact.name
        step = next_step(prep is not None, prep is not None and prep.interaction_id is not None)
        return CallStep(step, contact_id, name, _record(prep) if prep else None,
                        self._deal_choices(contact_id, now.date()) if prep is None else ())

    def _deal_choices(self, contact_id: int, today: date) -> tuple[DealChoice, ...]:
        from clientbook.services.deals import DealsService

        return tuple(DealChoice(row.id, f"{row.title} · {row.stage_label}")
                     for row in DealsService(self._store).open_deals_of_contact(contact_id, today))

    def prep(self, prep_id: int) -> PrepRecord:
        return _record(self._store.calls.get_prep(prep_id))

    def prep_form(self, prep_id: int, today: date) -> PrepForm:
        prep = self.prep(prep_id)
        return PrepForm(prep, self._deal_choices(prep.contact_id, today))

    def card(self, prep_id: int, today: date) -> CallCard:
        prep = self._store.calls.get_prep(prep_id)
        facts = self._store.calls.card_facts(prep.contact_id, prep.created_at, leave_out=prep.id)
        person = facts.person
        phones = load_typed(person.phones)
        return CallCard(_record(prep), person.id, person.name, person.address_as, person.title, person.company,
                        phones[0].value if phones else "",
                        at_hand(facts.followups, facts.recent, facts.lessons),
                        self._deal_terms(prep.deal_id, today) if prep.deal_id else None)

    def _deal_terms(self, deal_id: int, today: date) -> DealTerms:
        from clientbook.domain.deals import measure_text
        from clientbook.services.deals import DealsService

        page = DealsService(self._store).deal_page(deal_id, today)
        terms = tuple((measure.label(), measure_text(measure, value)) for measure, value in page.terms.items())
        return DealTerms(page.deal.title, page.deal.stage_label, terms, page.deal.terms)

    # ------------------------------------------------------------ commands
    def add_prep(self, contact_id: int, data: CallPrepInput, now: datetime) -> int:
        return self._store.calls.add_prep(contact_id, data, now)

    def update_prep(self, prep_id: int, data: CallPrepInput, now: datetime, expected: PrepForm | None = None) -> None:
        """`expected`: the preparation its form opened on; Conflict (with the book's) if it changed since."""
        from clientbook.errors import Conflict

        try:
            self._store.calls.update_prep(prep_id, data, now, expected.prep if expected else None)
        except Conflict as conflict:
            raise Conflict(PrepForm(_record(conflict.current), expected.deals)) from None

    def log_call(self, data: InteractionInput, now: datetime) -> LoggedCall:
        """Log an interaction; a call with a person who has an open preparation (no call logged
        for it yet) becomes that preparation's call, whose review is asked next."""
        interaction_id = self._store.capture.log_interaction(data, now)
        if data.kind != Kind.CALL:
            return LoggedCall(interaction_id, None)
        for contact_id in data.contact_ids:
            prep = self._open_prep(contact_id, now)
            if prep is not None and prep.interaction_id is None:
                self._store.calls.link_call(prep.id, interaction_id, now)
                return LoggedCall(interaction_id, prep.id)
        return LoggedCall(interaction_id, None)

    def review(self, prep_id: int, data: CallReviewInput, now: datetime) -> None:
        self._store.calls.review(prep_id, data, now)

    def log_inbound(self, contact_id: int, now: datetime, summary: str, call_back: str) -> int:
        """An inbound call taken unprepared: logged now, with a call back due within the hour."""
        return self._store.capture.log_interaction(inbound_call(contact_id, now, summary, call_back), now)

