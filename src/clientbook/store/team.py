"""The team book (schema 8): its reps, who owns which company and contact, the pool (公海) and
its recycle periods per grade, handover and claim, and the log of owner moves.

Every owner move goes through one function, `_move_owner`: on SQLite it writes the row and its
owner_change; on PostgreSQL it calls `clientbook_move_owner(kind, id, to_rep, reason)`, the
SECURITY DEFINER function the row-level security leaves as the only way to change an owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, text
from sqlmodel import col, select

from clientbook.domain.team import CLAIM, DEFAULT_RECYCLE_DAYS, HANDOVER, recycle_cutoff
from clientbook.store.models import Company, Contact
from clientbook.store.models.team import OwnerChange, PoolRule, Rep

SOLO_REP = 1     # the one rep of a SQLite book: every owner and author column's default


@dataclass(frozen=True)
class RepRow:
    id: int
    name: str
    role: str
    manager: bool
    active: bool


@dataclass(frozen=True)
class PoolRow:
    kind: str                    # "contact" | "company"
    id: int
    name: str
    company: str                 # a contact's company; "" for a company or none
    grade: str | None
    last_contact: datetime | None
    owner_id: int | None         # the owner it is recycled from; None: nobody's


@dataclass(frozen=True)
class OwnerMove:
    kind: str                    # "contact" | "company"
    id: int
    name: str
    company: str
    from_rep_id: int | None
    to_rep_id: int | None
    reason: str
    at: datetime


@dataclass(frozen=True)
class Handed:
    companies: int
    contacts: int
    followups: int


@dataclass(frozen=True)
class OwnedBy:
    """A contact another rep owns that shares a mobile or WeChat id with one being added."""
    contact_id: int
    name: str
    owner_id: int
    reason: str                  # "phone" | "wechat"


class TeamRepository:
    def __init__(self, sessions) -> None:
        self._sessions = sessions

    # ---------------------------------------------------------------- who
    def is_team(self) -> bool:
        with self._sessions.reading() as session:
            return team_book(session)

    def reps(self) -> list[RepRow]:
        with self._sessions.reading() as session:
            return [RepRow(r.id, r.name, r.role, r.manager, r.active)
                    for r in session.exec(select(Rep).order_by(Rep.id))]

    def me(self) -> int:
        """The rep of this connection: on PostgreSQL the one whose role is the session's user."""
        with self._sessions.reading() as session:
            return _me(session)

    def add_rep(self, name: str, now: datetime, role: str = "", manager: bool = False) -> int:
        """A rep's row. Its PostgreSQL role is made by `clientbook team add-rep`; on SQLite the role
        (unique) is the rep's name."""
        with self._sessions.writing() as session:
            rep = Rep(name=name, role=role or name, manager=manager, created_at=now)
            session.add(rep)
            session.flush()
            return rep.id

    # ---------------------------------------------------------------- recycle rules
    def recycle_rules(self) -> dict[str, int | None]:
        with self._sessions.reading() as session:
            return _rules(session)

    def set_recycle_days(self, grade: str, days: int | None) -> None:
        with self._sessions.writing() as session:
            rule = session.get(PoolRule, grade)
            if rule is None:
                session.add(PoolRule(grade=grade, recycle_days=days))
            else:
                rule.recycle_days = days

    # ---------------------------------------------------------------- the pool
    def pool(self, now: datetime, limit: int = 500) -> list[PoolRow]:
        """Live contacts and companies in the pool (domain/team.py in_pool, in SQL), the longest
        unkept first."""
        with self._sessions.reading() as session:
            rules = _rules(session)
            contacts = session.exec(
                select(Contact.id, Contact.name, Company.name, Company.grade, Contact.last_contact_at, Contact.owner_id)
                .outerjoin(Company, Company.id == Contact.company_id)
                .where(col(Contact.archived_at).is_(None), _contact_pooled(rules, now))
                .order_by(col(Contact.last_contact_at).asc(), Contact.sort_key).limit(limit)
            ).all()
            latest = _company_latest()
            companies = session.exec(
                select(Company.id, Company.name, Company.grade, latest, Company.owner_id)
                .where(col(Company.archived_at).is_(None), _company_pooled(rules, now, latest))
                .order_by(latest.asc(), Company.name).limit(limit)
            ).all()
        rows = [PoolRow("contact", i, n, c or "", g, last, o) for i, n, c, g, last, o in contacts]
        rows += [PoolRow("company", i, n, "", g, last, o) for i, n, g, last, o in companies]
        return sorted(rows, key=lambda r: (r.last_contact is not None, r.last_contact or now))[:limit]

    def in_pool(self, kind: str, row_id: int, now: datetime) -> bool:
        with self._sessions.reading() as session:
            rules = _rules(session)
            if kind == "company":
                latest = _company_latest()
                found = select(Company.id).where(Company.id == row_id, _company_pooled(rules, now, latest))
            else:
                found = (select(Contact.id).outerjoin(Company, Company.id == Contact.company_id)
                         .where(Contact.id == row_id, _contact_pooled(rules, now)))
            return session.exec(found).first() is not None

    def claim(self, kind: str, row_id: int, now: datetime) -> list[int]:
        """Make a pooled contact or company mine; a company brings its pooled people along.
        Returns the contacts claimed (a company's included)."""
        with self._sessions.writing() as session:
            me, rules = _me(session), _rules(session)
            claimed: list[int] = []
            if kind == "company":
                _move_owner(session, "company", row_id, me, CLAIM, now)
                people = session.exec(
                    select(Contact.id).outerjoin(Company, Company.id == Contact.company_id)
                    .where(Contact.company_id == row_id, col(Contact.archived_at).is_(None),
                           _contact_pooled(rules, now))).all()
            else:
                people = [row_id]
            for contact_id in people:
                _move_owner(session, "contact", contact_id, me, CLAIM, now)
                claimed.append(contact_id)
            return claimed

    # ---------------------------------------------------------------- handover
    def handover(self, from_rep: int, to_rep: int, now: datetime, company_id: int | None = None) -> Handed:
        """Move what `from_rep` owns (or, with `company_id`, that company and its people they own)
        to `to_rep`, with their open follow-ups and promises. Interactions, minutes and gifts keep
        their authors."""
        from clientbook.store.models.followups import Followup

        with self._sessions.writing() as session:
            companies = select(Company.id).where(Company.owner_id == from_rep)
            contacts = select(Contact.id).where(Contact.owner_id == from_rep)
            if company_id is not None:
                companies = companies.where(Company.id == company_id)
                contacts = contacts.where(Contact.company_id == company_id)
            company_ids = session.exec(companies).all()
            contact_ids = session.exec(contacts).all()
            for moved in company_ids:
                _move_owner(session, "company", moved, to_rep, HANDOVER, now)
            for moved in contact_ids:
                _move_owner(session, "contact", moved, to_rep, HANDOVER, now)
            followups = (Followup.__table__.update()
                         .where(Followup.owner_id == from_rep, col(Followup.done_at).is_(None),
                                col(Followup.archived_at).is_(None))
                         .values(owner_id=to_rep, updated_at=now))
            if company_id is not None:
                followups = followups.where(col(Followup.contact_id).in_(contact_ids))
            moved_followups = session.connection().execute(followups).rowcount
            return Handed(len(company_ids), len(contact_ids), moved_followups)

    # ---------------------------------------------------------------- the log
    def came_in(self, to_rep: int, since: datetime) -> list[OwnerMove]:
        """What moved to `to_rep` since then (handed over, assigned), newest first: Today's "came in"."""
        return self._moves(and_(OwnerChange.to_rep_id == to_rep, OwnerChange.at >= since,
                                OwnerChange.reason != CLAIM))

    def moves_of(self, *, contact_id: int | None = None, company_id: int | None = None) -> list[OwnerMove]:
        """A contact's or company's owner moves, newest first: their timeline's entries."""
        if contact_id is not None:
            return self._moves(OwnerChange.contact_id == contact_id)
        return self._moves(OwnerChange.company_id == company_id)

    def _moves(self, where) -> list[OwnerMove]:
        with self._sessions.reading() as session:
            company_of_contact = Company.__table__.alias("contact_company")
            rows = session.exec(
                select(OwnerChange, Contact.name, Company.name, company_of_contact.c.name)
                .outerjoin(Contact, Contact.id == OwnerChange.contact_id)
                .outerjoin(Company, Company.id == OwnerChange.company_id)
                .outerjoin(company_of_contact, company_of_contact.c.id == Contact.company_id)
                .where(where).order_by(col(OwnerChange.at).desc(), col(OwnerChange.id).desc()).limit(200)
            ).all()
        return [OwnerMove("contact" if change.contact_id else "company", change.contact_id or change.company_id,
                          contact or company or "", (contact_company or "") if change.contact_id else "",
                          change.from_rep_id, change.to_rep_id, change.reason, change.at)
                for change, contact, company, contact_company in rows]

    def owner_timeline(self, *, company_id: int) -> list:
        from clientbook.store.capture import owner_entries

        with self._sessions.reading() as session:
            return owner_entries(session, OwnerChange.company_id == company_id, 20)

    def owners(self, contact_id: int | None = None, company_id: int | None = None) -> int | None:
        with self._sessions.reading() as session:
            if contact_id is not None:
                return session.exec(select(Contact.owner_id).where(Contact.id == contact_id)).first()
            return session.exec(select(Company.owner_id).where(Company.id == company_id)).first()

    # ---------------------------------------------------------------- dedupe across the team
    def owned_elsewhere(self, phone_keys: set[str], wechat_key: str | None, me: int) -> OwnedBy | None:
        """A live contact another rep owns with one of these mobiles (domain/dedupe.py phone_key)
        or this WeChat id: read over the other reps' contacts that hold any."""
        from clientbook.domain.contact_card import is_personal_phone, load_typed
        from clientbook.domain.dedupe import phone_key

        with self._sessions.reading() as session:
            others = (select(Contact.id, Contact.name, Contact.owner_id, Contact.phones, Contact.wechat)
                      .where(col(Contact.archived_at).is_(None), col(Contact.owner_id).is_not(None),
                             Contact.owner_id != me))
            if wechat_key:
                row = session.exec(others.where(func.lower(func.trim(Contact.wechat)) == wechat_key)).first()
                if row is not None:
                    return OwnedBy(row[0], row[1], row[2], "wechat")
            if not phone_keys:
                return None
            for contact_id, name, owner, phones, _wechat in session.exec(others.where(Contact.phones != "")):
                if any(phone_key(p.value) in phone_keys for p in load_typed(phones) if is_personal_phone(p)):
                    return OwnedBy(contact_id, name, owner, "phone")
        return None


# -------------------------------------------------------------------- helpers
def team_book(session) -> bool:
    """More than one rep, or a PostgreSQL book: owners, the pool and dedupe across the team apply."""
    return _on_server(session) or session.exec(select(func.count()).select_from(Rep)).one() > 1


def other_reps_contacts(session) -> dict[int, str]:
    """Live contacts another rep owns -> the owner's name ("" for the unnamed rep 1); {} on a
    solo book."""
    if not team_book(session):
        return {}
    me = _me(session)
    return dict(session.exec(select(Contact.id, Rep.name).join(Rep, Rep.id == Contact.owner_id)
                             .where(col(Contact.archived_at).is_(None), Contact.owner_id != me)).all())


def _on_server(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _me(session) -> int:
    if not _on_server(session):
        return SOLO_REP
    return session.exec(select(Rep.id).where(Rep.role == func.current_user())).one()


def _rules(session) -> dict[str, int | None]:
    rules = dict(DEFAULT_RECYCLE_DAYS)
    rules.update({rule.grade: rule.recycle_days for rule in session.exec(select(PoolRule))})
    return rules


def _cutoffs(rules: dict[str, int | None], now: datetime) -> dict[str, datetime]:
    return {grade: cut for grade, days in rules.items() if (cut := recycle_cutoff(days, now)) is not None}


def _contact_pooled(rules, now):
    """domain/team.py in_pool for a contact (graded by its company) as an SQL condition; the
    query must join its company."""
    start = func.coalesce(Contact.owned_since, Contact.created_at)
    recycled = [and_(Company.grade == grade, start < cut,
                     or_(col(Contact.last_contact_at).is_(None), Contact.last_contact_at < cut))
                for grade, cut in _cutoffs(rules, now).items()]
    return or_(col(Contact.owner_id).is_(None), *recycled)


def _company_latest():
    """A company's last contact: its people's latest interaction."""
    return (select(func.max(Contact.last_contact_at)).where(Contact.company_id == Company.id)
            .correlate(Company).scalar_subquery())


def _company_pooled(rules, now, latest):
    start = func.coalesce(Company.owned_since, Company.created_at)
    recycled = [and_(Company.grade == grade, start < cut, or_(latest.is_(None), latest < cut))
                for grade, cut in _cutoffs(rules, now).items()]
    return or_(col(Company.owner_id).is_(None), *recycled)


def _move_owner(session, kind: str, row_id: int, to_rep: int, reason: str, now: datetime) -> None:
    """The one way an owner changes. On PostgreSQL the server's function checks the move (a claim:
    pooled and to the caller; a handover or assignment: by a manager) and logs it."""
    if _on_server(session):
        session.execute(text("SELECT clientbook_move_owner(:kind, :id, :to_rep, :reason)"),
                        {"kind": kind, "id": row_id, "to_rep": to_rep, "reason": reason})
        return
    model = Company if kind == "company" else Contact
    row = session.get(model, row_id)
    if row is None or (row.owner_id == to_rep and reason != CLAIM):   # claiming one's own renews it
        return
    session.add(OwnerChange(company_id=row_id if kind == "company" else None,
                            contact_id=row_id if kind == "contact" else None,
                            from_rep_id=row.owner_id, to_rep_id=to_rep, by_rep_id=_me(session),
                            reason=reason, at=now))
    row.owner_id, row.owned_since = to_rep, now
