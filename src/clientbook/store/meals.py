"""Queries for meals with clients (domain §9): plans, diners, seating, minutes, what was learned,
and what the meals cost per company: the repository behind store.meals.

Saving minutes is one transaction: the meal's interaction (kind "meal") on every attending
guest's timeline, the follow-ups of the action items, what was learned, optional level changes,
then the stay-in-touch clocks and the note index. Saving again updates the same interaction
and keeps follow-ups and filed facts that did not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from clientbook.domain.contact_fields import PROFILE_FIELDS
from clientbook.domain.dedupe import combine
from clientbook.domain.interactions import RELATIONSHIP_MARKS, FollowupInput, Kind
from clientbook.domain.meal_forms import MinutesInput, PlanInput
from clientbook.domain.meals.enums import InviteStatus, Side
from clientbook.domain.meals.labels import meal_name
from clientbook.domain.meals.seating import guess_principals, guest_rank
from clientbook.domain.meals.spending import CostedMeal, MealSpending, company_spending
from clientbook.store.agenda import MealRow, meal_rows
from clientbook.store.expected import check, content
from clientbook.store.models import Company, Contact, Interaction, InteractionContact
from clientbook.store.models.followups import Followup
from clientbook.store.models.meals import Meal, MealDiner, MealLearned
from clientbook.store.rows import driver, expire, get_row
from clientbook.store.writes import change_level, drop_note, index_note, insert_followup, interaction_text, refresh_last_contact


@dataclass(frozen=True)
class MealView:
    meal: Meal
    diners: list[MealDiner]                 # guests first (as added), then ours
    contacts: dict[int, Contact]            # the guests' contacts
    companies: dict[int, Company]           # their companies


@dataclass(frozen=True)
class MealStamp:
    """What the plan and minutes forms edit, as plain values: a form that was not given the
    MealView itself (a service's) keeps this as its `expected`."""
    meal: dict
    diners: tuple


def meal_stamp(view: MealView) -> MealStamp:
    return MealStamp(content(view.meal), tuple(content(view.diners)))


@dataclass(frozen=True)
class PastMeal:
    at: datetime
    place: str
    summary: str
    agreed: list[str]


TITLE_WORDS = ("总", "经理", "工", "姐", "哥", "老师", "部长", "主任", "主管", "总监", "厂长", "秘书")


def match_guest(name: str, guests: list[MealDiner]) -> MealDiner | None:
    """The guest a typed name means: the exact name, else the only guest whose name holds it (or
    it holds theirs), else the only one of that surname when it is a form of address (张总)."""
    name = (name or "").strip()
    if not name:
        return None
    for guest in guests:
        if guest.name == name:
            return guest
    found = [g for g in guests if len(name) >= 2 and (name in g.name or g.name in name)]
    if len(found) == 1:
        return found[0]
    if name.endswith(TITLE_WORDS):
        found = [g for g in guests if g.name[:1] == name[:1]]
        if len(found) == 1:
            return found[0]
    return None


def meal_source(meal: Meal) -> str:
    """2026-11-24 潮汕火锅: where a filed fact or a level change came from. Stored in the book,
    so in no interface language: it reads the same whatever language the rep switches to."""
    return f"{meal.planned_at.date().isoformat()} {meal_name(meal.title, meal.cuisine, meal.venue)}".strip()


class MealsRepository:
    """Meal plans, diners and seats, minutes, what was learned, and meal spending."""

    def __init__(self, sessions) -> None:
        self._sessions = sessions

    # ------------------------------------------------------------ plans
    def add_meal(self, plan: PlanInput, now: datetime) -> int:
        with self._sessions.writing() as session:
            meal = Meal(planned_at=plan.planned_at, created_at=now, updated_at=now)
            _fill_meal(meal, plan)
            session.add(meal)
            session.flush()
            self._sync_diners(session, meal, plan)
            return meal.id

    def update_meal(self, meal_id: int, plan: PlanInput, now: datetime, expected: MealView | None = None) -> None:
        """Change the plan; diners still there keep their invitation status and marks.
        `expected`: the meal as the form read it (get_meal, or its MealStamp); Conflict if it changed since."""
        with self._sessions.writing() as session:
            check(session, expected, self._meal_view(session, meal_id), _meal_parts)
            meal = get_row(session, Meal, meal_id)
            _fill_meal(meal, plan)
            meal.updated_at = now
            self._sync_diners(session, meal, plan)

    def _sync_diners(self, session: Session, meal: Meal, plan: PlanInput) -> None:
        existing = list(session.exec(select(MealDiner).where(MealDiner.meal_id == meal.id).order_by(MealDiner.id)))
        before = {d.id for d in existing}
        guests = {d.contact_id: d for d in existing if d.side == Side.GUEST.value and d.contact_id is not None}
        ours = {(d.role, d.name): d for d in existing if d.side == Side.OURS.value}
        keep: set[int] = set()
        for contact_id, name in plan.guests:
            contact = get_row(session, Contact, contact_id)
            diner = guests.get(contact_id)
            if diner is None:
                diner = MealDiner(meal_id=meal.id, contact_id=contact_id, name=contact.name,
                                  side=Side.GUEST.value, is_decision_maker=contact.position == "boss")
                session.add(diner)
            else:
                diner.name = contact.name
            session.flush()
            keep.add(diner.id)
        for person in plan.ours:
            diner = ours.get((person.role.value, person.name))
            if diner is None:
                diner = MealDiner(meal_id=meal.id, name=person.name, side=Side.OURS.value, role=person.role.value,
                                  invite_status=InviteStatus.ACCEPTED.value)
                session.add(diner)
                session.flush()
            keep.add(diner.id)
        for diner in existing:
            if diner.id not in keep:
                session.delete(diner)
            elif diner.companion_of is not None and diner.companion_of not in keep:
                diner.companion_of = None
        self._guess_companions(session, meal.id, new={d for d in keep if d not in before})
        if keep != before:
            meal.seating = ""  # a different table: seat it again by precedence

    def _guess_companions(self, session: Session, meal_id: int, new: set[int]) -> None:
        """A guest just added whose title names an assistant sits beside their principal
        (domain/meals/seating.guess_principals): a first guess, changed with `c` on the plan."""
        view = self._meal_view(session, meal_id)
        guests = []
        for d in view.diners:
            contact = view.contacts.get(d.contact_id) if d.side == Side.GUEST.value else None
            if contact is not None and d.invite_status != InviteStatus.DECLINED.value:
                guests.append((d.id, contact.title, contact.company_id, guest_rank(contact.position, contact.level)))
        principals = guess_principals(guests)
        for diner in view.diners:
            if diner.id in new and diner.companion_of is None and diner.id in principals:
                diner.companion_of = principals[diner.id]

    def get_meal(self, meal_id: int) -> MealView:
        with self._sessions.reading() as session:
            return self._meal_view(session, meal_id)

    def _meal_view(self, session: Session, meal_id: int) -> MealView:
        meal = get_row(session, Meal, meal_id)
        diners = list(session.exec(select(MealDiner).where(MealDiner.meal_id == meal_id).order_by(MealDiner.id)))
        diners.sort(key=lambda d: (d.side != Side.GUEST.value, d.id))
        ids = [d.contact_id for d in diners if d.contact_id is not None]
        contacts = {c.id: c for c in session.exec(select(Contact).where(col(Contact.id).in_(ids)))} if ids else {}
        company_ids = {c.company_id for c in contacts.values() if c.company_id}
        companies = ({c.id: c for c in session.exec(select(Company).where(col(Company.id).in_(company_ids)))}
                     if company_ids else {})
        return MealView(meal, diners, contacts, companies)

    def list_meals(self, include_archived: bool = False) -> list[MealRow]:
        """Every meal, latest first."""
        where = "" if include_archived else " WHERE archived_at IS NULL"
        with self._sessions.raw_reading() as connection:
            meals = connection.execute(
                "SELECT id, title, planned_at, venue, cuisine, minutes_at, actual_cost, budget FROM meal"
                f"{where} ORDER BY planned_at DESC, id DESC").fetchall()
            return meal_rows(connection, meals)

    def archive_meal(self, meal_id: int, now: datetime) -> None:
        with self._sessions.writing() as session:
            meal = get_row(session, Meal, meal_id)
            meal.archived_at = now
            meal.updated_at = now

    def restore_meal(self, meal_id: int, now: datetime) -> None:
        with self._sessions.writing() as session:
            meal = get_row(session, Meal, meal_id)
            meal.archived_at = None
            meal.updated_at = now

    # ------------------------------------------------------------ diners and seats
    def set_guest_of_honour(self, diner_id: int, now: datetime) -> bool:
        """Mark this guest as the guest of honour (unmarking any other), or unmark him.
        Returns whether he is the guest of honour now. Our side cannot be."""
        with self._sessions.writing() as session:
            diner = get_row(session, MealDiner, diner_id)
            if diner.side != Side.GUEST.value:
                return False
            marked = not diner.is_guest_of_honour
            for other in session.exec(select(MealDiner).where(MealDiner.meal_id == diner.meal_id)):
                other.is_guest_of_honour = False
            diner.is_guest_of_honour = marked
            # Seats set by hand stay (the plan says where the guest of honour sits instead).
            self._touch(session, diner.meal_id, now)
            return marked

    def set_decision_maker(self, diner_id: int, value: bool, now: datetime) -> None:
        with self._sessions.writing() as session:
            diner = get_row(session, MealDiner, diner_id)
            diner.is_decision_maker = value and diner.side == Side.GUEST.value
            self._touch(session, diner.meal_id, now)

    def set_invite_status(self, diner_id: int, status: InviteStatus, now: datetime) -> None:
        with self._sessions.writing() as session:
            diner = get_row(session, MealDiner, diner_id)
            declined_before = diner.invite_status == InviteStatus.DECLINED.value
            diner.invite_status = InviteStatus(status).value
            # Who sits at the table changes with a decline (or its undoing).
            reseat = declined_before != (diner.invite_status == InviteStatus.DECLINED.value)
            self._touch(session, diner.meal_id, now, reseat=reseat)

    def set_companion(self, diner_id: int, companion_of: int | None, now: datetime) -> None:
        """This diner (a spouse or assistant) sits beside `companion_of` (another diner), or not."""
        with self._sessions.writing() as session:
            diner = get_row(session, MealDiner, diner_id)
            if companion_of is not None:
                other = get_row(session, MealDiner, companion_of)
                if other.meal_id != diner.meal_id or other.id == diner.id:
                    raise ValueError("a companion sits beside another diner of the same meal")
            diner.companion_of = companion_of
            self._touch(session, diner.meal_id, now, reseat=True)

    def set_seating(self, meal_id: int, diner_ids: list[int], now: datetime) -> None:
        """Seat order as diner ids, seat 0 first; [] goes back to the seating by precedence."""
        with self._sessions.writing() as session:
            meal = get_row(session, Meal, meal_id)
            meal.seating = ",".join(str(int(i)) for i in diner_ids)
            meal.updated_at = now

    def _touch(self, session: Session, meal_id: int, now: datetime, reseat: bool = False) -> None:
        meal = get_row(session, Meal, meal_id)
        meal.updated_at = now
        if reseat:
            meal.seating = ""

    # ------------------------------------------------------------ minutes
    def save_minutes(self, meal_id: int, data: MinutesInput, now: datetime, expected: MealView | None = None) -> int:
        """Write (or rewrite) the minutes in one transaction; returns the meal's interaction id.
        `expected`: the meal as the form read it (get_meal, or its MealStamp); Conflict if it changed since."""
        with self._sessions.writing() as session:
            check(session, expected, self._meal_view(session, meal_id), _meal_parts)
            meal = get_row(session, Meal, meal_id)
            diners = list(session.exec(select(MealDiner).where(MealDiner.meal_id == meal_id).order_by(MealDiner.id)))
            came = set(data.attended)
            for diner in diners:
                diner.attended = diner.id in came
            guests = [d for d in diners if d.side == Side.GUEST.value and d.attended and d.contact_id is not None
                      and session.get(Contact, d.contact_id) is not None]
            contact_ids = list(dict.fromkeys(d.contact_id for d in guests))
            if not contact_ids:
                raise ValueError("minutes need at least one guest who came")
            meal.discussed = data.discussed
            meal.agreements = "\n".join(data.agreements)
            meal.next_step = data.next_step
            meal.actual_cost = data.cost
            meal.private = data.private
            meal.minutes_at = now
            meal.updated_at = now

            interaction = session.get(Interaction, meal.interaction_id) if meal.interaction_id else None
            if interaction is None or interaction.archived_at is not None:
                interaction = Interaction(kind=Kind.MEAL.value, occurred_at=meal.planned_at, created_at=now,
                                          updated_at=now)
                session.add(interaction)
                old_contacts: list[int] = []
            else:
                old_contacts = [link.contact_id for link in session.exec(
                    select(InteractionContact).where(InteractionContact.interaction_id == interaction.id))]
                for link in session.exec(
                        select(InteractionContact).where(InteractionContact.interaction_id == interaction.id)):
                    session.delete(link)
            interaction.kind = Kind.MEAL.value
            interaction.occurred_at = meal.planned_at
            interaction.has_time = True
            interaction.place = meal.venue
            interaction.cost = data.cost
            interaction.summary = _digest(meal, data)
            interaction.notes = _notes(data)
            interaction.private = data.private      # the minutes' words are in it too
            for name, _enum in RELATIONSHIP_MARKS:
                mark = getattr(data, name)
                setattr(interaction, name, mark.value if mark else None)
            interaction.updated_at = now
            session.flush()
            meal.interaction_id = interaction.id
            for contact_id in contact_ids:
                session.add(InteractionContact(interaction_id=interaction.id, contact_id=contact_id))
            index_note(driver(session), "interaction", interaction.id, interaction_text(interaction))

            self._sync_followups(session, interaction.id, data, guests, now)
            self._sync_learned(session, meal_id, data, [d for d in diners if d.side == Side.GUEST.value])
            reason = meal_source(meal)
            connection = driver(session)
            for contact_id, level in data.levels.items():
                if contact_id in contact_ids:
                    change_level(connection, contact_id, level, reason, now, interaction.id)
            touched = set(old_contacts) | set(contact_ids)
            refresh_last_contact(connection, touched)
            expire(session, Contact, touched)
            return interaction.id

    def _sync_followups(self, session: Session, interaction_id: int, data: MinutesInput,
                        guests: list[MealDiner], now: datetime) -> None:
        honour = next((g for g in guests if g.is_guest_of_honour), guests[0])
        pool = list(session.exec(select(Followup).where(Followup.interaction_id == interaction_id,
                                                        col(Followup.archived_at).is_(None))))
        for item in data.actions:
            named = match_guest(item.who, guests) if item.who else None
            contact_id = (named or honour).contact_id
            what = item.what
            if item.who and named is None:
                what = f"{item.who}: {item.what}"  # stored: the same whatever the interface language
            same = next((f for f in pool if (f.contact_id, f.what, f.due_date, f.due_time, f.promise)
                         == (contact_id, what, item.due, item.due_time, item.promise)), None)
            if same is not None:
                pool.remove(same)
                continue
            insert_followup(driver(session), contact_id, FollowupInput(what, item.due, item.due_time, item.promise),
                            now, interaction_id)
        for gone in pool:  # no longer in the minutes: open ones go, done ones stay as history
            if gone.done_at is None:
                gone.archived_at = now
                gone.updated_at = now
                drop_note(driver(session), "followup", gone.id)

    def _sync_learned(self, session: Session, meal_id: int, data: MinutesInput, guests: list[MealDiner]) -> None:
        existing = list(session.exec(select(MealLearned).where(MealLearned.meal_id == meal_id).order_by(MealLearned.id)))
        for person, fact in data.learned:
            same = next((r for r in existing if (r.person, r.fact) == (person, fact)), None)
            if same is not None:
                existing.remove(same)
                continue
            named = match_guest(person, guests)
            session.add(MealLearned(meal_id=meal_id, person=person, fact=fact,
                                    contact_id=named.contact_id if named else None))
        for gone in existing:
            if gone.filed_at is None:  # a filed fact is in the profile already: keep where it came from
                session.delete(gone)
        session.flush()

    def learned_for(self, meal_id: int) -> list[MealLearned]:
        with self._sessions.reading() as session:
            return list(session.exec(select(MealLearned).where(MealLearned.meal_id == meal_id).order_by(MealLearned.id)))

    def file_learned(self, learned_id: int, field: str, now: datetime) -> str:
        """Add the fact to the contact's profile field `field` (one of PROFILE_FIELDS), as a merge
        keeps both values; in the notes as a line saying where it came from.
        Returns "filed", "already" (nothing done) or "no_contact" (nobody to file it to)."""
        if field not in {f.name for f in PROFILE_FIELDS}:
            raise ValueError(f"not a profile field: {field}")
        with self._sessions.writing() as session:
            row = get_row(session, MealLearned, learned_id)
            if row.filed_at is not None:
                return "already"
            contact = session.get(Contact, row.contact_id) if row.contact_id else None
            if contact is None:
                return "no_contact"
            fact = row.fact
            if field == "notes":
                meal = get_row(session, Meal, row.meal_id)
                fact = f"· {row.fact} ({meal_source(meal)})"  # stored in the notes: no language's wording
            setattr(contact, field, combine(field, getattr(contact, field).rstrip(), fact))
            contact.updated_at = now
            row.filed_at = now
            return "filed"

    # ------------------------------------------------------------ preparation
    def meals_with(self, contact_id: int, before: datetime, exclude_interaction: int | None = None,
                   limit: int = 3) -> list[PastMeal]:
        """The last meals with this contact before `before` (logged meals and minutes alike)."""
        with self._sessions.reading() as session:
            statement = (
                select(Interaction, Meal.agreements)
                .join(InteractionContact, InteractionContact.interaction_id == Interaction.id)
                .outerjoin(Meal, Meal.interaction_id == Interaction.id)
                .where(InteractionContact.contact_id == contact_id, Interaction.kind == Kind.MEAL.value,
                       col(Interaction.archived_at).is_(None), Interaction.occurred_at < before)
            )
            if exclude_interaction is not None:
                statement = statement.where(Interaction.id != exclude_interaction)
            rows = session.exec(statement.order_by(col(Interaction.occurred_at).desc()).limit(limit)).all()
            return [PastMeal(i.occurred_at, i.place, i.summary or i.notes,
                             [a for a in (agreed or "").splitlines() if a.strip()]) for i, agreed in rows]

    def meal_of_interaction(self, interaction_id: int) -> int | None:
        """The meal whose minutes wrote this interaction, if any (its minutes are the source)."""
        with self._sessions.reading() as session:
            return session.exec(select(Meal.id).where(Meal.interaction_id == interaction_id)).first()

    def open_followups_of(self, contact_id: int) -> list[Followup]:
        with self._sessions.reading() as session:
            return list(session.exec(
                select(Followup).where(Followup.contact_id == contact_id, col(Followup.done_at).is_(None),
                                       col(Followup.archived_at).is_(None))
                .order_by(Followup.due_date, Followup.id)
            ))

    # ------------------------------------------------------------ spending
    def meal_spending(self, company_id: int) -> MealSpending:
        """What meals cost with this company's people: the actual cost (never the budget) of
        every meal one of them came to, per month and per year. A meal with guests from
        several companies counts at this company's share, split by the guests who came
        (domain/meals/spending.py)."""
        came = or_(col(MealDiner.attended).is_(None), col(MealDiner.attended).is_(True))
        with self._sessions.reading() as session:
            meal_ids = (
                select(MealDiner.meal_id)
                .join(Contact, Contact.id == MealDiner.contact_id)
                .where(Contact.company_id == company_id, MealDiner.side == Side.GUEST.value, came)
            )
            meals = session.exec(
                select(Meal)
                .where(col(Meal.id).in_(meal_ids), col(Meal.actual_cost).is_not(None), col(Meal.archived_at).is_(None))
            ).all()
            guests = session.exec(
                select(MealDiner.meal_id, Contact.company_id)
                .join(Contact, Contact.id == MealDiner.contact_id, isouter=True)
                .where(col(MealDiner.meal_id).in_([m.id for m in meals]), MealDiner.side == Side.GUEST.value, came)
            ).all()
        theirs: dict[int, int] = {}
        everyone: dict[int, int] = {}
        for meal_id, guest_company in guests:
            everyone[meal_id] = everyone.get(meal_id, 0) + 1
            theirs[meal_id] = theirs.get(meal_id, 0) + (guest_company == company_id)
        return company_spending(
            CostedMeal(m.planned_at, meal_name(m.title, m.cuisine, m.venue), m.actual_cost,
                       theirs.get(m.id, 0), everyone.get(m.id, 0))
            for m in meals
        )


def _fill_meal(meal: Meal, plan: PlanInput) -> None:
    meal.title = plan.title
    meal.purpose = plan.purpose.value
    meal.phase = plan.phase.value if plan.phase else None
    meal.planned_at = plan.planned_at
    meal.venue = plan.venue
    meal.venue_level = plan.venue_level.value
    meal.cuisine = plan.cuisine
    meal.private_room = plan.private_room
    meal.budget = plan.budget
    meal.channel = plan.channel.value if plan.channel else None
    meal.learn_mind = plan.learn_mind
    meal.deadline = plan.deadline
    meal.deal_id = plan.deal_id


def _one_line(text_: str, limit: int = 80) -> str:
    line = " ".join((text_ or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _digest(meal: Meal, data: MinutesInput) -> str:
    """One line for the timeline: the meal, then the first thing agreed (or discussed)."""
    head = meal_name(meal.title, meal.cuisine, meal.venue)
    first = data.agreements[0] if data.agreements else (data.discussed.splitlines() or [""])[0]
    return _one_line(" · ".join(x for x in (head, _one_line(first, 60)) if x), 120)


def _notes(data: MinutesInput) -> str:
    """The interaction's notes: what was discussed, the agreements numbered, "→ " the next step.
    Marks rather than headings: the book stores no interface language (the minutes page and
    their Markdown name the parts in the language of the moment)."""
    parts = []
    if data.discussed:
        parts.append(data.discussed)
    if data.agreements:
        parts.append("\n".join(f"{i}. {a}" for i, a in enumerate(data.agreements, 1)))
    if data.next_step:
        parts.append(f"→ {data.next_step}")
    return "\n\n".join(parts)


def _meal_parts(view: MealView | MealStamp) -> MealStamp:
    """What the plan and minutes forms edit: the meal and its diners (not the guests' contacts,
    which change whenever anyone logs a call with them)."""
    return view if isinstance(view, MealStamp) else meal_stamp(view)
