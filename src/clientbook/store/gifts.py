"""Queries for gifts and greetings (domain §10): occasion settings, custom occasions, the gift
policy, reminder states (done / skipped / snoozed), the gift log, and everyday-gift rhythms.
The repository behind store.gifts.

Recording a gift or a greeting writes an interaction too (kind gift; a greeting is a WeChat
message when the contact has a WeChat id, else "other"), in the same transaction, so the
contact's timeline, the stay-in-touch clock and note search see it.

Everyday small gifts are never on a pattern (§10): the next date is drawn at random in the
contact's [low, high] days after the latest gift, with domain.gifts.reminders.rng_for seeded by the
book's secret. The secret needs no column: it is derived from the moment the book got its
first contact (the smallest contact created_at, to the microsecond, hashed) -- fixed for the
life of the book, since contacts are archived, never deleted, and different from one book to
the next. A book without contacts has no rhythms to draw.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gift_forms import LEAD_MAX_DAYS, GiftInput, OccasionInput
from clientbook.domain.gifts.occasions import BUILTIN_OCCASIONS, Occasion
from clientbook.domain.gifts.policy import BudgetTier, PolicyRule, Treatment
from clientbook.domain.gifts.reminders import next_everyday_gift, rng_for
from clientbook.domain.interactions import InteractionInput, Kind
from clientbook.store.agenda import (
    BIRTHDAY_SETTING_KEY,
    DONE,
    SKIPPED,
    SNOOZED,
    CustomOccasionRow,
    EverydayDue,
    GiftPerson,
)
from clientbook.store.expected import check
from clientbook.store.models import Company, Contact
from clientbook.store.models.gifts import CustomOccasion, Gift, OccasionSetting, PolicyRuleRow, ReminderState
from clientbook.store.rows import driver, expire, get_row
from clientbook.store.writes import insert_interaction

EVERYDAY_KEY = "everyday"          # Gift.occasion_key of an everyday small gift
REMINDER_STATES = (DONE, SKIPPED, SNOOZED)


@dataclass(frozen=True)
class GiftRow:
    id: int
    contact_id: int
    contact_name: str
    company_id: int | None
    company: str | None
    what: str
    value: float | None
    given_on: date
    occasion_key: str | None
    interaction_id: int | None


@dataclass(frozen=True)
class Rhythm:
    low: int
    high: int
    next_on: date | None


class GiftsRepository:
    """Occasion settings, custom occasions, the policy's cells, reminder states, the gift log and
    everyday-gift rhythms (what Today reads of them is in store/agenda.py)."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions

    # ------------------------------------------------------------ the book's secret
    def _secret(self, session: Session) -> int:
        first = session.exec(select(func.min(Contact.created_at))).one()
        if first is None:
            return 0
        stamp = first.isoformat() if hasattr(first, "isoformat") else str(first)
        return int.from_bytes(hashlib.sha256(f"clientbook:{stamp}".encode()).digest()[:8], "big")

    # ------------------------------------------------------------ occasions
    # (builtin_occasions, birthday_setting, custom_occasions: plain SQL in store/agenda.py)
    def set_occasion_setting(self, key: str, enabled: bool, lead_days: int) -> None:
        """Switch a built-in occasion (or "birthday": every birthday) on or off, set its lead time."""
        if key != BIRTHDAY_SETTING_KEY and key not in {o.key for o in BUILTIN_OCCASIONS}:
            raise ValueError(f"not a built-in occasion: {key!r}")
        if not 0 <= lead_days <= LEAD_MAX_DAYS:
            raise ValueError(f"lead_days must be within 0..{LEAD_MAX_DAYS}")
        with self._sessions.writing() as session:
            row = session.get(OccasionSetting, key) or OccasionSetting(key=key)
            row.enabled, row.lead_days = bool(enabled), int(lead_days)
            session.add(row)

    def add_custom_occasion(self, data: OccasionInput, now: datetime) -> int:
        with self._sessions.writing() as session:
            if data.contact_id is not None:
                get_row(session, Contact, data.contact_id)
            if data.company_id is not None:
                get_row(session, Company, data.company_id)
            row = CustomOccasion(created_at=now, **_occasion_fields(data))
            session.add(row)
            session.flush()
            return row.id

    def update_custom_occasion(self, occasion_id: int, data: OccasionInput,
                               expected: CustomOccasion | None = None) -> None:
        """`expected`: the occasion as the form read it (get_custom_occasion); Conflict if it changed."""
        with self._sessions.writing() as session:
            row = get_row(session, CustomOccasion, occasion_id)
            check(session, expected, row)
            fields = _occasion_fields(data)
            fields.pop("contact_id"), fields.pop("company_id")  # the scope stays
            for name, value in fields.items():
                setattr(row, name, value)

    def get_custom_occasion(self, occasion_id: int) -> CustomOccasion:
        with self._sessions.reading() as session:
            return get_row(session, CustomOccasion, occasion_id)

    def archive_custom_occasion(self, occasion_id: int, now: datetime) -> None:
        with self._sessions.writing() as session:
            get_row(session, CustomOccasion, occasion_id).archived_at = now

    # ------------------------------------------------------------ policy (policy_rules, policy: store/agenda.py)
    def set_policy_cell(self, occasion_key: str, grade: Grade, position: Position, treatment: Treatment,
                        budget_tier: BudgetTier | None) -> None:
        rule = PolicyRule(occasion_key, grade, position, treatment, budget_tier)  # validates the pair
        with self._sessions.writing() as session:
            row = session.get(PolicyRuleRow, (occasion_key, grade.value, position.value)) or PolicyRuleRow(
                occasion_key=occasion_key, grade=grade.value, position=position.value, treatment="")
            row.treatment = rule.treatment.value
            row.budget_tier = rule.budget_tier.value if rule.budget_tier else None
            session.add(row)

    def reset_policy_cell(self, occasion_key: str, grade: Grade, position: Position) -> None:
        with self._sessions.writing() as session:
            row = session.get(PolicyRuleRow, (occasion_key, grade.value, position.value))
            if row is not None:
                session.delete(row)

    # ------------------------------------------------------------ reminder states (reminder_states: store/agenda.py)
    def reminder_state(self, occasion_key: str, year: int, contact_id: int) -> ReminderState | None:
        with self._sessions.reading() as session:
            return session.get(ReminderState, (occasion_key, year, contact_id))

    def set_reminder_state(self, occasion_key: str, year: int, contact_id: int, state: str, now: datetime,
                           until: date | None = None) -> None:
        """Done, skipped or snoozed (until: the day it shows again)."""
        with self._sessions.writing() as session:
            self._set_state(session, occasion_key, year, contact_id, state, now, until)

    def clear_reminder_state(self, occasion_key: str, year: int, contact_id: int) -> None:
        with self._sessions.writing() as session:
            row = session.get(ReminderState, (occasion_key, year, contact_id))
            if row is not None:
                session.delete(row)

    def _set_state(self, session: Session, occasion_key: str, year: int, contact_id: int, state: str,
                   now: datetime, until: date | None) -> None:
        if state not in REMINDER_STATES:
            raise ValueError(state)
        if (state == SNOOZED) != (until is not None):
            raise ValueError("a snooze, and only a snooze, has an until day")
        get_row(session, Contact, contact_id)
        row = session.get(ReminderState, (occasion_key, year, contact_id)) or ReminderState(
            occasion_key=occasion_key, year=year, contact_id=contact_id, state=state, at=now)
        row.state, row.until, row.at = state, until, now
        session.add(row)

    # ------------------------------------------------------------ recording
    def record_gift(self, data: GiftInput, now: datetime, summary: str | None = None,
                    reminder: tuple[str, int] | None = None) -> int:
        """Log a gift (Gift row + a "gift" interaction), in one transaction; returns the gift id.

        `summary` is the interaction's line (default: what was given); `reminder` the
        (occasion_key, year) whose reminder this gift completes. A contact with an
        everyday-gift rhythm gets the next date drawn again from this gift.
        """
        with self._sessions.writing() as session:
            contact = get_row(session, Contact, data.contact_id)
            given_today = data.given_on == now.date()
            occurred_at = now.replace(second=0, microsecond=0) if given_today else datetime.combine(data.given_on, datetime.min.time())
            interaction_id = insert_interaction(driver(session), InteractionInput(
                kind=Kind.GIFT, occurred_at=occurred_at, has_time=given_today, contact_ids=[data.contact_id],
                summary=summary or data.what, notes=data.note, cost=data.value, deal_id=data.deal_id,
            ), now)
            expire(session, Contact, [data.contact_id], "last_contact_at")
            gift = Gift(contact_id=data.contact_id, occasion_key=data.occasion_key, what=data.what, value=data.value,
                        given_on=data.given_on, interaction_id=interaction_id, deal_id=data.deal_id, created_at=now)
            session.add(gift)
            session.flush()
            if reminder is not None:
                self._set_state(session, reminder[0], reminder[1], data.contact_id, DONE, now, None)
            if contact.everyday_low and contact.everyday_high:
                latest = session.exec(select(func.max(Gift.given_on)).where(Gift.contact_id == data.contact_id)).one()
                base = max(latest, data.given_on) if latest else data.given_on
                if isinstance(base, str):
                    base = date.fromisoformat(base)
                contact.next_everyday_gift = next_everyday_gift(
                    base, contact.everyday_low, contact.everyday_high, rng_for(contact.id, base, self._secret(session)))
            return gift.id

    def record_greeting(self, contact_id: int, summary: str, now: datetime,
                        reminder: tuple[str, int] | None = None) -> int:
        """Log a greeting sent now, as a WeChat message (domain §8: greetings go by WeChat, whether
        or not the book knows the contact's WeChat id); `reminder` (occasion_key, year) is marked
        done with it. Returns the interaction id."""
        with self._sessions.writing() as session:
            get_row(session, Contact, contact_id)   # NotFound for a contact gone meanwhile
            interaction_id = insert_interaction(driver(session), InteractionInput(
                kind=Kind.WECHAT, occurred_at=now.replace(second=0, microsecond=0), contact_ids=[contact_id], summary=summary,
            ), now)
            expire(session, Contact, [contact_id], "last_contact_at")
            if reminder is not None:
                self._set_state(session, reminder[0], reminder[1], contact_id, DONE, now, None)
            return interaction_id

    # ------------------------------------------------------------ the gift log
    def given(self, contact_id: int | None = None, company_id: int | None = None,
              limit: int | None = None) -> list[GiftRow]:
        """Gifts given, newest first; a company's are those of its people (as they are now)."""
        with self._sessions.reading() as session:
            statement = (
                select(Gift, Contact.name, Contact.company_id, Company.name)
                .join(Contact, Contact.id == Gift.contact_id)
                .outerjoin(Company, Company.id == Contact.company_id)
            )
            if contact_id is not None:
                statement = statement.where(Gift.contact_id == contact_id)
            if company_id is not None:
                statement = statement.where(Contact.company_id == company_id)
            statement = statement.order_by(col(Gift.given_on).desc(), col(Gift.id).desc())
            if limit:
                statement = statement.limit(limit)
            return [
                GiftRow(g.id, g.contact_id, name, cid, company, g.what, g.value, g.given_on, g.occasion_key,
                        g.interaction_id)
                for g, name, cid, company in session.exec(statement)
            ]

    def past_gifts(self, contact_id: int) -> list[tuple[str, date, str | None]]:
        """(what, given on, occasion key) of every gift to this person, for the same-gift warning."""
        return [(g.what, g.given_on, g.occasion_key) for g in self.given(contact_id=contact_id)]

    def gift_spend(self, company_id: int | None = None) -> dict[tuple[str | None, int], float]:
        """Gift value per (company, year); gifts without a value are left out."""
        from clientbook.domain.gifts.shopping import spend_by_company_year

        return spend_by_company_year((g.company, g.given_on, g.value) for g in self.given(company_id=company_id))

    # ------------------------------------------------------------ everyday small gifts
    def everyday_rhythm(self, contact_id: int) -> Rhythm | None:
        with self._sessions.reading() as session:
            contact = get_row(session, Contact, contact_id)
            if not (contact.everyday_low and contact.everyday_high):
                return None
            return Rhythm(contact.everyday_low, contact.everyday_high, contact.next_everyday_gift)

    def set_everyday_rhythm(self, contact_id: int, rhythm: tuple[int, int] | None, today: date,
                            next_on: date | None = None) -> date | None:
        """Give a contact an everyday-gift rhythm of (low, high) days, or none (None).

        The next date is `next_on` if given, else drawn from the latest gift to them (or
        today, if none), and never before today. Returns the next date.
        """
        with self._sessions.writing() as session:
            contact = get_row(session, Contact, contact_id)
            if rhythm is None:
                contact.everyday_low = contact.everyday_high = contact.next_everyday_gift = None
                return None
            low, high = rhythm
            if not 0 < low <= high:
                raise ValueError(f"bad rhythm {rhythm!r}")
            contact.everyday_low, contact.everyday_high = low, high
            if next_on is None:
                latest = session.exec(select(func.max(Gift.given_on)).where(Gift.contact_id == contact_id)).one()
                base = latest or today
                next_on = max(today, next_everyday_gift(base, low, high, rng_for(contact_id, base, self._secret(session))))
            contact.next_everyday_gift = next_on
            return next_on

    def redraw_everyday(self, contact_id: int, today: date) -> date | None:
        """Skip this everyday gift: the next date is drawn again from today."""
        with self._sessions.writing() as session:
            contact = get_row(session, Contact, contact_id)
            if not (contact.everyday_low and contact.everyday_high):
                return None
            contact.next_everyday_gift = next_everyday_gift(
                today, contact.everyday_low, contact.everyday_high, rng_for(contact_id, today, self._secret(session)))
            return contact.next_everyday_gift

    def snooze_everyday(self, contact_id: int, until: date) -> None:
        with self._sessions.writing() as session:
            contact = get_row(session, Contact, contact_id)
            if contact.everyday_low and contact.everyday_high:
                contact.next_everyday_gift = until



def _occasion_fields(data: OccasionInput) -> dict:
    # Built as a domain Occasion first: it refuses what could never occur (a one-off without a year).
    Occasion(key="custom:0", name=data.name, calendar=data.calendar, month=data.month, day=data.day,  # type: ignore[arg-type]
             leap=data.leap, yearly=data.yearly, year=data.year, kind="custom", lead_days=data.lead_days)
    return {
        "name": data.name, "calendar": data.calendar, "month": data.month, "day": data.day, "leap": data.leap,
        "yearly": data.yearly, "year": data.year, "lead_days": data.lead_days, "contact_id": data.contact_id,
        "company_id": data.company_id,
    }


__all__ = [
    "BIRTHDAY_SETTING_KEY", "CustomOccasionRow", "DONE", "EVERYDAY_KEY", "EverydayDue", "GiftPerson",
    "GiftsRepository", "GiftRow", "Rhythm", "SKIPPED", "SNOOZED",
]
