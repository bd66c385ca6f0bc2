"""Queries for deals (domain §12): the stages, a deal with its people, needs, limits and moves,
its stage history and the interactions, meals and gifts logged with it: the repository behind
store.deals.

The reads the Deals screen and a deal's page make are plain SQL on the driver's connection
(Sessions.raw_reading), as Today's are: both must answer within a frame on a large book.
Rows are read as SQLAlchemy stores them (DATETIME "YYYY-MM-DD HH:MM:SS.ffffff", DATE ISO text).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import col, delete, func, select

from clientbook.domain.deals import (
    DEFAULT_STAGES,
    SIGN_WITHIN_DAYS,
    Condition,
    ConditionKind,
    DealInput,
    DealRole,
    Measure,
    Move,
    MoveKind,
    Side,
    Stage,
    StageMeaning,
    check_stages,
)
from clientbook.domain.interactions import FollowupInput
from clientbook.domain.meals.labels import meal_label
from clientbook.errors import BookError
from clientbook.store.expected import check
from clientbook.store.models import Company, Contact
from clientbook.store.models.deals import (
    Deal,
    DealCondition,
    DealMove,
    DealNeed,
    DealPerson,
    DealStage,
    DealStageChange,
)
from clientbook.store.rows import get_row, insert_followup


@dataclass(frozen=True)
class DealRecord:
    """A deal's columns with its company's name and grade."""
    id: int
    company_id: int
    company: str
    grade: str | None
    title: str
    stage: str
    value: float | None
    expected_close: date | None
    owner: str
    batna: str
    bottom_line: str
    max_step_pct: float | None
    terms: str
    agreed_on: date | None
    closed_on: date | None
    notes: str
    archived_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PersonRecord:
    contact_id: int
    name: str
    title: str
    address_as: str
    role: str | None


@dataclass(frozen=True)
class NeedRecord:
    id: int
    what: str
    implicit: bool
    rank: int


@dataclass(frozen=True)
class StageChangeRecord:
    id: int
    stage: str
    at: datetime
    note: str


@dataclass(frozen=True)
class LoggedRecord:
    """An interaction, meal or gift logged with the deal."""
    kind: str              # "interaction" | "meal" | "gift"
    id: int
    at: datetime
    subtype: str           # the interaction's kind; "" for a meal or gift
    text: str
    people: str            # names, comma-separated


@dataclass(frozen=True)
class DealFile:
    """Everything a deal's page shows, read in one transaction."""
    deal: DealRecord
    people: tuple[PersonRecord, ...]
    needs: tuple[NeedRecord, ...]
    conditions: tuple[Condition, ...]
    moves: tuple[Move, ...]                # oldest first
    changes: tuple[StageChangeRecord, ...]  # oldest first
    logged: tuple[LoggedRecord, ...]       # newest first


_DEAL_SELECT = (
    "SELECT d.id, d.company_id, c.name, c.grade, d.title, d.stage, d.value, d.expected_close, d.owner, d.batna,"
    " d.bottom_line, d.max_step_pct, d.terms, d.agreed_on, d.closed_on, d.notes, d.archived_at, d.created_at,"
    " d.updated_at FROM deal d JOIN company c ON c.id = d.company_id"
)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _record(row) -> DealRecord:
    (id_, company_id, company, grade, title, stage, value, expected_close, owner, batna, bottom_line, max_step,
     terms, agreed_on, closed_on, notes, archived_at, created_at, updated_at) = row
    return DealRecord(id_, company_id, company, grade, title, stage, value, _date(expected_close), owner, batna,
                      bottom_line, max_step, terms, _date(agreed_on), _date(closed_on), notes,
                      _datetime(archived_at), _datetime(created_at), _datetime(updated_at))


def _condition(row) -> Condition:
    id_, kind, measure, op, threshold, note = row
    return Condition(Measure(measure), op, threshold, ConditionKind(kind), note, id_)


def _move(row) -> Move:
    id_, kind, side, at, what, measure, amount, asked, got, resolution, interaction_id = row
    return Move(MoveKind(kind), Side(side), what, datetime.fromisoformat(at), Measure(measure) if measure else None,
                amount, asked, got, resolution, interaction_id, id_)


_ROLE_ORDER = {role.value: rank for rank, role in enumerate(DealRole)}
_CONDITION_SELECT = "SELECT id, kind, measure, op, threshold, note FROM deal_condition"
_MOVE_SELECT = ("SELECT id, kind, side, at, what, measure, amount, asked, got, resolution, interaction_id"
                " FROM deal_move")


def input_of(deal: Deal) -> DealInput:
    return DealInput(title=deal.title, company_id=deal.company_id, stage=deal.stage, value=deal.value,
                     expected_close=deal.expected_close, owner=deal.owner, batna=deal.batna,
                     bottom_line=deal.bottom_line, max_step_pct=deal.max_step_pct, terms=deal.terms,
                     notes=deal.notes)


def _fill(deal: Deal, data: DealInput) -> None:
    title = " ".join(data.title.split())
    if not title:
        raise BookError("deals.error.title")
    deal.title = title
    deal.value, deal.expected_close, deal.owner = data.value, data.expected_close, data.owner.strip()
    deal.batna, deal.bottom_line, deal.max_step_pct = data.batna, data.bottom_line, data.max_step_pct
    deal.terms, deal.notes = data.terms, data.notes


class DealsRepository:
    """Stages, deals and everything on them."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions

    # ------------------------------------------------------------ stages
    def stages(self) -> tuple[Stage, ...]:
        """The rep's list of stages in order, or the defaults while there is none."""
        with self._sessions.raw_reading() as connection:
            return _stages(connection)

    def save_stages(self, stages: list[Stage]) -> None:
        """Replace the list (renamed, added, reordered); BookError when a stage with deals is gone."""
        with self._sessions.writing() as session:
            in_use = session.exec(select(Deal.stage).distinct()).all()
            problem = check_stages(stages, in_use)
            if problem:
                raise BookError(problem)
            session.exec(delete(DealStage))
            for position, stage in enumerate(stages, start=1):
                session.add(DealStage(key=stage.key, name=stage.name.strip(), position=position,
                                      meaning=StageMeaning(stage.meaning).value))

    # ------------------------------------------------------------ deals
    def add_deal(self, data: DealInput, now: datetime) -> int:
        with self._sessions.writing() as session:
            get_row(session, Company, data.company_id)
            stage = _stage_of(session, data.stage)
            deal = Deal(company_id=data.company_id, stage=stage.key, created_at=now, updated_at=now)
            _fill(deal, data)
            session.add(deal)
            session.flush()
            _enter_stage(session, deal, stage, now, "", None)
            return deal.id

    def deal_input(self, deal_id: int) -> DealInput:
        with self._sessions.reading() as session:
            return input_of(get_row(session, Deal, deal_id))

    def update_deal(self, deal_id: int, data: DealInput, now: datetime, expected: DealInput | None = None) -> None:
        """Change what the form edits (not the stage: move_stage). `expected`: deal_input as the
        form read it; Conflict (carrying the deal now) when it changed since."""
        with self._sessions.writing() as session:
            deal = get_row(session, Deal, deal_id)
            check(session, expected, input_of(deal), _without_stage)
            get_row(session, Company, data.company_id)
            _fill(deal, data)
            deal.company_id = data.company_id
            deal.updated_at = now

    def archive_deal(self, deal_id: int, now: datetime) -> None:
        with self._sessions.writing() as session:
            deal = get_row(session, Deal, deal_id)
            deal.archived_at = now
            deal.updated_at = now

    def move_stage(self, deal_id: int, stage_key: str, now: datetime, note: str = "",
                   sign_what: str | None = None, signed: tuple[str, ...] = ()) -> bool:
        """Move the deal to a stage, in its history. Verbal agreement dates the agreement and, when
        `sign_what` is given, adds that follow-up to the decision maker (else the first person on the
        deal); won or lost dates the close, and won completes the open follow-ups of the deal's
        people worded as one of `signed`. False when the deal was at that stage already."""
        with self._sessions.writing() as session:
            deal = get_row(session, Deal, deal_id)
            stage = _stage_of(session, stage_key)
            if deal.stage == stage.key:
                return False
            deal.stage = stage.key
            deal.updated_at = now
            _enter_stage(session, deal, stage, now, note, sign_what)
            if stage.meaning == StageMeaning.WON and signed:
                _complete_signing(session, deal.id, signed, now)
            return True

    def attach(self, kind: str, record_id: int, deal_id: int | None) -> None:
        """Log an interaction, meal or gift with a deal (None: with none)."""
        from clientbook.store.models import Interaction
        from clientbook.store.models.gifts import Gift
        from clientbook.store.models.meals import Meal

        model = {"interaction": Interaction, "meal": Meal, "gift": Gift}[kind]
        with self._sessions.writing() as session:
            if deal_id is not None:
                get_row(session, Deal, deal_id)
            get_row(session, model, record_id).deal_id = deal_id

    # ------------------------------------------------------------ people, needs, conditions, moves
    def set_person(self, deal_id: int, contact_id: int, role: DealRole | str | None) -> None:
        with self._sessions.writing() as session:
            get_row(session, Deal, deal_id)
            get_row(session, Contact, contact_id)
            role = DealRole(role).value if role else None
            person = session.get(DealPerson, (deal_id, contact_id))
            if person is None:
                session.add(DealPerson(deal_id=deal_id, contact_id=contact_id, role=role))
            else:
                person.role = role

    def remove_person(self, deal_id: int, contact_id: int) -> None:
        with self._sessions.writing() as session:
            person = session.get(DealPerson, (deal_id, contact_id))
            if person is not None:
                session.delete(person)

    def add_need(self, deal_id: int, what: str, implicit: bool = False, rank: int | None = None) -> int:
        """A need, ranked `rank` (1 = first); None puts it last."""
        with self._sessions.writing() as session:
            get_row(session, Deal, deal_id)
            if rank is None:
                rank = (session.exec(select(func.max(DealNeed.rank)).where(DealNeed.deal_id == deal_id)).one() or 0) + 1
            need = DealNeed(deal_id=deal_id, what=what.strip(), implicit=implicit, rank=rank)
            session.add(need)
            session.flush()
            return need.id

    def update_need(self, need_id: int, what: str, implicit: bool, rank: int) -> None:
        with self._sessions.writing() as session:
            need = get_row(session, DealNeed, need_id)
            need.what, need.implicit, need.rank = what.strip(), implicit, rank

    def remove_need(self, need_id: int) -> None:
        with self._sessions.writing() as session:
            session.delete(get_row(session, DealNeed, need_id))

    def add_condition(self, deal_id: int, condition: Condition) -> int:
        with self._sessions.writing() as session:
            get_row(session, Deal, deal_id)
            row = DealCondition(deal_id=deal_id, kind=ConditionKind(condition.kind).value,
                                measure=Measure(condition.measure).value, op=condition.op,
                                threshold=condition.threshold, note=condition.note.strip())
            session.add(row)
            session.flush()
            return row.id

    def remove_condition(self, condition_id: int) -> None:
        with self._sessions.writing() as session:
            session.delete(get_row(session, DealCondition, condition_id))

    def add_move(self, deal_id: int, move: Move, now: datetime) -> int:
        with self._sessions.writing() as session:
            deal = get_row(session, Deal, deal_id)
            row = DealMove(deal_id=deal_id, at=move.at)
            _fill_move(row, move)
            session.add(row)
            deal.updated_at = now
            session.flush()
            return row.id

    def update_move(self, move_id: int, move: Move) -> None:
        with self._sessions.writing() as session:
            row = get_row(session, DealMove, move_id)
            _fill_move(row, move)
            row.at = move.at

    def remove_move(self, move_id: int) -> None:
        with self._sessions.writing() as session:
            session.delete(get_row(session, DealMove, move_id))

    # ------------------------------------------------------------ reads
    def negotiation(self, deal_id: int) -> tuple[DealRecord, tuple[Condition, ...], tuple[Move, ...]]:
        """The deal, its conditions and its moves (oldest first): what a new move is checked against."""
        with self._sessions.raw_reading() as connection:
            return (_deal(connection, deal_id), _conditions(connection, deal_id), _moves(connection, deal_id))

    def deal_file(self, deal_id: int) -> DealFile:
        with self._sessions.raw_reading() as connection:
            deal = _deal(connection, deal_id)
            people = tuple(sorted((PersonRecord(*row) for row in connection.execute(
                "SELECT p.contact_id, c.name, c.title, c.address_as, p.role FROM deal_person p"
                " JOIN contact c ON c.id = p.contact_id WHERE p.deal_id = ? ORDER BY c.sort_key, c.id", (deal_id,))),
                key=lambda person: _ROLE_ORDER.get(person.role, len(_ROLE_ORDER))))   # the decision maker first
            needs = tuple(NeedRecord(id_, what, bool(implicit), rank) for id_, what, implicit, rank in connection.execute(
                "SELECT id, what, implicit, rank FROM deal_need WHERE deal_id = ? ORDER BY rank, id", (deal_id,)))
            changes = tuple(StageChangeRecord(id_, stage, datetime.fromisoformat(at), note)
                            for id_, stage, at, note in connection.execute(
                                "SELECT id, stage, at, note FROM deal_stage_change WHERE deal_id = ? ORDER BY at, id",
                                (deal_id,)))
            return DealFile(deal, people, needs, _conditions(connection, deal_id), _moves(connection, deal_id),
                            changes, _logged(connection, deal_id))

    def deal_rows(self, *, grade: str | None = None, owner: str | None = None, company_id: int | None = None,
                  contact_id: int | None = None, include_archived: bool = False) -> list[DealRecord]:
        """Deals by title; `contact_id`: the deals the contact is on, then those of their company."""
        where, params = [], []
        if not include_archived:
            where.append("d.archived_at IS NULL")
        if grade:
            where.append("c.grade = ?")
            params.append(grade)
        if owner is not None:
            where.append("d.owner = ?")
            params.append(owner)
        if company_id is not None:
            where.append("d.company_id = ?")
            params.append(company_id)
        order = "d.title, d.id"
        if contact_id is not None:
            where.append("(d.id IN (SELECT deal_id FROM deal_person WHERE contact_id = ?)"
                         " OR d.company_id = (SELECT company_id FROM contact WHERE id = ?))")
            params += [contact_id, contact_id]
            order = f"d.id NOT IN (SELECT deal_id FROM deal_person WHERE contact_id = {int(contact_id)}), {order}"
        sql = _DEAL_SELECT + (f" WHERE {' AND '.join(where)}" if where else "") + f" ORDER BY {order}"
        with self._sessions.raw_reading() as connection:
            return [_record(row) for row in connection.execute(sql, params)]

    def limits_of(self, deal_ids: list[int]) -> dict[int, tuple[list[Condition], list[Move]]]:
        """The conditions and moves of those of these deals that have conditions (what "warnings
        now" needs): two queries whatever the number of deals."""
        found: dict[int, tuple[list[Condition], list[Move]]] = {}
        with self._sessions.raw_reading() as connection:
            for row in connection.execute(f"SELECT deal_id, {_CONDITION_SELECT[7:]}"):
                found.setdefault(row[0], ([], []))[0].append(_condition(row[1:]))
            wanted = set(deal_ids) & found.keys()
            if not wanted:
                return {}
            for row in connection.execute(f"SELECT deal_id, {_MOVE_SELECT[7:]} WHERE measure IS NOT NULL"
                                          " ORDER BY at, id"):
                if row[0] in wanted:
                    found[row[0]][1].append(_move(row[1:]))
        return {deal_id: found[deal_id] for deal_id in wanted}

    def owners(self) -> list[str]:
        with self._sessions.raw_reading() as connection:
            return [owner for (owner,) in connection.execute(
                "SELECT DISTINCT owner FROM deal WHERE archived_at IS NULL AND owner != '' ORDER BY owner")]


def _stages(connection) -> tuple[Stage, ...]:
    rows = connection.execute('SELECT "key", name, position, meaning FROM deal_stage ORDER BY position').fetchall()
    if not rows:
        return DEFAULT_STAGES
    return tuple(Stage(key, StageMeaning(meaning), position, name) for key, name, position, meaning in rows)


def _stage_of(session, key: str) -> Stage:
    rows = session.exec(select(DealStage).order_by(DealStage.position)).all()
    stages = (tuple(Stage(r.key, StageMeaning(r.meaning), r.position, r.name) for r in rows) if rows
              else DEFAULT_STAGES)
    found = next((stage for stage in stages if stage.key == key), None)
    if found is None:
        raise BookError("deals.error.no_stage", stage=key)
    return found


def _without_stage(data: DealInput) -> dict:
    from clientbook.store.expected import content

    return {name: value for name, value in content(data).items() if name != "stage"}


def _enter_stage(session, deal: Deal, stage: Stage, now: datetime, note: str, sign_what: str | None) -> None:
    session.add(DealStageChange(deal_id=deal.id, stage=stage.key, at=now, note=note.strip()))
    if stage.meaning == StageMeaning.VERBAL:
        deal.agreed_on, deal.closed_on = now.date(), None
        signer = _signer(session, deal.id)
        if sign_what and signer is not None:
            insert_followup(session, signer, FollowupInput(sign_what, now.date() + timedelta(days=SIGN_WITHIN_DAYS)),
                            now, None)
    elif stage.meaning in (StageMeaning.WON, StageMeaning.LOST):
        deal.closed_on = now.date()
    else:
        deal.closed_on = None   # reopened


def _complete_signing(session, deal_id: int, texts: tuple[str, ...], now: datetime) -> None:
    from clientbook.store.models.followups import Followup

    people = select(DealPerson.contact_id).where(DealPerson.deal_id == deal_id)
    for followup in session.exec(select(Followup).where(col(Followup.done_at).is_(None), col(Followup.what).in_(texts),
                                                         col(Followup.contact_id).in_(people))):
        followup.done_at, followup.updated_at = now, now


def _signer(session, deal_id: int) -> int | None:
    """Who the "get it signed" follow-up goes to: the decision maker, else the first person."""
    people = session.exec(select(DealPerson.contact_id, DealPerson.role).join(Contact, Contact.id == DealPerson.contact_id)
                          .where(DealPerson.deal_id == deal_id).order_by(Contact.sort_key, Contact.id)).all()
    deciders = [contact_id for contact_id, role in people if role == DealRole.DECISION_MAKER.value]
    return (deciders or [contact_id for contact_id, _role in people] or [None])[0]


def _fill_move(row: DealMove, move: Move) -> None:
    row.kind, row.side = MoveKind(move.kind).value, Side(move.side).value
    row.what = move.what.strip()
    row.measure = Measure(move.measure).value if move.measure else None
    row.amount = move.amount
    row.asked, row.got, row.resolution = move.asked.strip(), move.got.strip(), move.resolution.strip()
    row.interaction_id = move.interaction_id


def _deal(connection, deal_id: int) -> DealRecord:
    row = connection.execute(_DEAL_SELECT + " WHERE d.id = ?", (deal_id,)).fetchone()
    if row is None:
        from clientbook.errors import NotFound

        raise NotFound("book.error.not_found", what=f"Deal #{deal_id}")
    return _record(row)


def _conditions(connection, deal_id: int) -> tuple[Condition, ...]:
    return tuple(_condition(row) for row in connection.execute(
        _CONDITION_SELECT + " WHERE deal_id = ? ORDER BY id", (deal_id,)))


def _moves(connection, deal_id: int) -> tuple[Move, ...]:
    return tuple(_move(row) for row in connection.execute(_MOVE_SELECT + " WHERE deal_id = ? ORDER BY at, id",
                                                          (deal_id,)))


def _logged(connection, deal_id: int) -> tuple[LoggedRecord, ...]:
    """The interactions, meals and gifts logged with the deal, newest first."""
    found = [LoggedRecord("interaction", id_, datetime.fromisoformat(at), kind, summary, people or "")
             for id_, at, kind, summary, people in connection.execute(
                 "SELECT i.id, i.occurred_at, i.kind, i.summary, (SELECT group_concat(c.name, ', ') FROM"
                 " interaction_contact ic JOIN contact c ON c.id = ic.contact_id WHERE ic.interaction_id = i.id)"
                 " FROM interaction i WHERE i.deal_id = ? AND i.archived_at IS NULL", (deal_id,))]
    found += [LoggedRecord("meal", id_, datetime.fromisoformat(at), "", meal_label(title, cuisine, venue), "")
              for id_, at, title, venue, cuisine in connection.execute(
                  "SELECT id, planned_at, title, venue, cuisine FROM meal WHERE deal_id = ? AND archived_at IS NULL",
                  (deal_id,))]
    found += [LoggedRecord("gift", id_, datetime.combine(date.fromisoformat(on), datetime.min.time()), "", what, name)
              for id_, on, what, name in connection.execute(
                  "SELECT g.id, g.given_on, g.what, c.name FROM gift g JOIN contact c ON c.id = g.contact_id"
                  " WHERE g.deal_id = ?", (deal_id,))]
    found.sort(key=lambda entry: (entry.at, entry.kind, entry.id), reverse=True)
    return tuple(found)
