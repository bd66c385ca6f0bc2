"""Meals with clients (domain §9): the one door the Meals list, a plan's page, the preparation
sheet and the minutes ask through. Reads return frozen views (no ORM row leaves here) with what
the screens draw already assembled: the seating, the plan's checks, the dishes, the minutes.
The writes are commands the screens run through app.write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from clientbook.domain.interactions import RELATIONSHIP_MARKS
from clientbook.domain.meal_forms import MinutesInput, PlanInput, is_guangdong
from clientbook.domain.meals.checks import GuestFacts, MealPlanFacts, MealWarning, check_plan
from clientbook.domain.meals.dishes import DishPlan, suggest_dishes
from clientbook.domain.meals.enums import (
    InviteStatus,
    MealPurpose,
    OurRole,
    ProjectPhase,
    Side,
    VenueLevel,
)
from clientbook.domain.meals.labels import meal_label
from clientbook.domain.meals.minutes import ActionItem, MinutesFacts
from clientbook.domain.meals.seating import (
    MAX_SEATS,
    MIN_SEATS,
    Diner,
    Seating,
    guest_rank,
    hand_notes,
    our_rank,
    seat_table,
)
from clientbook.errors import Conflict
from clientbook.store.agenda import MealRow
from clientbook.store.meals import MealStamp, PastMeal, meal_stamp


@dataclass(frozen=True)
class MealFacts:
    id: int
    title: str
    purpose: str
    phase: str | None
    planned_at: datetime
    venue: str
    venue_level: str
    cuisine: str
    private_room: bool
    budget: float | None
    channel: str | None
    learn_mind: bool
    deadline: date | None
    seating: str                  # diner ids seated by hand ("" : by precedence)
    minutes_at: datetime | None
    interaction_id: int | None
    discussed: str
    agreements: str
    next_step: str
    actual_cost: float | None
    deal_id: int | None           # the deal it served
    private: bool                 # its minutes read by their author alone (a team book)

    @property
    def label(self) -> str:
        return meal_label(self.title, self.cuisine, self.venue)


@dataclass(frozen=True)
class DinerFacts:
    id: int
    name: str                     # "" for our rep (shown as 我 / Me)
    side: str
    role: str | None
    contact_id: int | None
    invite_status: str
    is_guest_of_honour: bool
    is_decision_maker: bool
    companion_of: int | None
    attended: bool | None


@dataclass(frozen=True)
class GuestContact:
    id: int
    name: str
    company_id: int | None
    title: str
    position: str | None
    level: int
    cuisine: str
    drinks: str
    hobbies: str
    taboos: str
    diet: str
    family: str
    notes: str


@dataclass(frozen=True)
class GuestCompany:
    id: int
    name: str
    grade: str | None
    city: str


@dataclass(frozen=True)
class MealDetails:
    meal: MealFacts
    diners: tuple[DinerFacts, ...]          # guests first (as added), then ours
    contacts: dict                          # contact id -> GuestContact, the guests'
    companies: dict                         # company id -> GuestCompany, theirs
    stamp: MealStamp                        # what the forms edit, as read: their `expected`


@dataclass(frozen=True)
class SeatPlan:
    seating: Seating
    ids: tuple[int, ...]                    # diner ids, seat 0 first
    manual: bool                            # swapped by hand (Meal.seating)


@dataclass(frozen=True)
class MealPlanPage:
    details: MealDetails
    plan: SeatPlan | None                   # None: the table is not 2–14
    warnings: tuple[MealWarning, ...]
    dishes: DishPlan | None                 # None: fewer than two at the table


@dataclass(frozen=True)
class MealList:
    coming: tuple[MealRow, ...]             # soonest first
    past: tuple[MealRow, ...]               # latest first


@dataclass(frozen=True)
class OpenFollowup:
    due_date: date
    what: str
    promise: bool


@dataclass(frozen=True)
class GuestPrep:
    diner: DinerFacts
    contact: GuestContact | None
    company: GuestCompany | None
    past: tuple[PastMeal, ...]
    open: tuple[OpenFollowup, ...]


@dataclass(frozen=True)
class MealPrep:
    meal: MealFacts
    guests: tuple[GuestPrep, ...]           # guest of honour first, those who declined last


@dataclass(frozen=True)
class Learned:
    id: int
    person: str
    fact: str
    contact_id: int | None
    filed_at: datetime | None


@dataclass(frozen=True)
class MinutesPage:
    meal: MealFacts
    facts: MinutesFacts | None              # None: not written yet
    learned: tuple[Learned, ...]


@dataclass(frozen=True)
class ActionLine:
    promise: bool
    who: str                                # whose, when theirs
    what: str
    due: date
    due_time: time | None


@dataclass(frozen=True)
class MinutesEdit:
    details: MealDetails
    actions: tuple[ActionLine, ...]         # the open follow-ups the minutes wrote
    learned: tuple[Learned, ...]
    attended: tuple[int, ...]
    marks: dict                             # space, info_quality, coach of the meal's interaction ("" none)

    @property
    def stamp(self) -> MealStamp:
        """A form saving these minutes hands this back as `expected`."""
        return self.details.stamp


def seated(details: MealDetails) -> list[DinerFacts]:
    """The diners who will sit at the table: everyone but those who declined."""
    return [d for d in details.diners if d.invite_status != InviteStatus.DECLINED.value]


def diner_name(diner: DinerFacts, me: str = "") -> str:
    """Our rep is stored without a name: shown as `me` (the rep's name from the settings) where
    one is given, else as 我 / Me in the UI language."""
    return diner.name or me or OurRole.ME.label()


def seat_plan(details: MealDetails) -> SeatPlan | None:
    """The seating: the order kept in Meal.seating if it still seats the same people, else the
    one computed by precedence. None when the table is not 2–14."""
    diners = seated(details)
    if not MIN_SEATS <= len(diners) <= MAX_SEATS:
        return None
    names = {d.id: diner_name(d) for d in details.diners}
    pairs = []
    for d in diners:
        if d.side == Side.GUEST.value:
            contact = details.contacts.get(d.contact_id)
            rank = guest_rank(contact.position, contact.level) if contact else 50
        else:
            rank = our_rank(OurRole(d.role) if d.role else None)
        pairs.append((d.id, Diner(
            name=names[d.id], side=Side(d.side), rank=rank, contact_id=d.contact_id,
            is_guest_of_honour=d.is_guest_of_honour, role=OurRole(d.role) if d.role else None,
            spouse_or_assistant_of=names.get(d.companion_of) if d.companion_of else None,
        )))
    computed = seat_table([diner for _id, diner in pairs])
    by_object = {id(diner): diner_id for diner_id, diner in pairs}
    stored = [int(x) for x in details.meal.seating.split(",") if x.strip().isdigit()]
    if stored and sorted(stored) == sorted(by_object.values()):
        by_id = {diner_id: diner for diner_id, diner in pairs}
        seating = Seating([by_id[i] for i in stored], 0, computed.serving_index)
        seating.notes = ["meal.seat.manual", *hand_notes(seating)]
        return SeatPlan(seating, tuple(stored), True)
    return SeatPlan(computed, tuple(by_object[id(d)] for d in computed.seats), False)


def plan_facts(details: MealDetails) -> MealPlanFacts:
    meal = details.meal
    guests, ours = [], 0
    for d in seated(details):
        if d.side != Side.GUEST.value:
            ours += 1
            continue
        contact = details.contacts.get(d.contact_id)
        company = details.companies.get(contact.company_id) if contact and contact.company_id else None
        guests.append(GuestFacts(
            name=d.name, position=contact.position if contact else None, level=contact.level if contact else 0,
            grade=company.grade if company else None, taboos=contact.taboos if contact else "",
            diet=contact.diet if contact else "", is_decision_maker=d.is_decision_maker,
            is_guest_of_honour=d.is_guest_of_honour,
        ))
    return MealPlanFacts(
        purpose=MealPurpose(meal.purpose), when=meal.planned_at,
        phase=ProjectPhase(meal.phase) if meal.phase else None, cuisine=meal.cuisine, budget=meal.budget,
        venue=VenueLevel(meal.venue_level), private_room=meal.private_room, guests=guests, our_count=ours,
        learn_mind=meal.learn_mind, deadline=meal.deadline,
    )


def dish_plan(details: MealDetails) -> DishPlan | None:
    """What to order for this cuisine, honouring every seated guest's diet and taboos (the
    knowledge the checks use: domain/meals/diet.py)."""
    people = len(seated(details))
    if people < 2:
        return None
    cities = [c.city for c in details.companies.values()]
    guangdong = is_guangdong(cities, details.meal.cuisine)
    return suggest_dishes(people, VenueLevel(details.meal.venue_level), rice_staple=guangdong, guangdong=guangdong,
                          cuisine=details.meal.cuisine, guests=plan_facts(details).guests)


def _details(view) -> MealDetails:
    """The store's MealView (ORM rows) as plain frozen facts."""
    m = view.meal
    meal = MealFacts(
        id=m.id, title=m.title, purpose=m.purpose, phase=m.phase, planned_at=m.planned_at, venue=m.venue,
        venue_level=m.venue_level, cuisine=m.cuisine, private_room=m.private_room, budget=m.budget,
        channel=m.channel, learn_mind=m.learn_mind, deadline=m.deadline, seating=m.seating or "",
        minutes_at=m.minutes_at, interaction_id=m.interaction_id, discussed=m.discussed, agreements=m.agreements,
        next_step=m.next_step, actual_cost=m.actual_cost, deal_id=m.deal_id, private=m.private,
    )
    diners = tuple(DinerFacts(d.id, d.name, d.side, d.role, d.contact_id, d.invite_status, d.is_guest_of_honour,
                              d.is_decision_maker, d.companion_of, d.attended) for d in view.diners)
    contacts = {c.id: GuestContact(c.id, c.name, c.company_id, c.title, c.position, c.level, c.cuisine, c.drinks,
                                   c.hobbies, c.taboos, c.diet, c.family, c.notes) for c in view.contacts.values()}
    companies = {c.id: GuestCompany(c.id, c.name, c.grade, c.city) for c in view.companies.values()}
    return MealDetails(meal, diners, contacts, companies, meal_stamp(view))


class MealsService:
    """Built on the open Store and the rep's own name (`me`, for the minutes: "我方：李明", not
    "我方：我"); holds nothing else, so one per call is as good as one per app."""

    def __init__(self, store, me: str = "") -> None:
        self._store = store
        self._me = me

    # ------------------------------------------------------------ reads
    def meal_list(self, now: datetime) -> MealList:
        rows = self._store.meals.list_meals()
        coming = sorted((r for r in rows if r.planned_at > now), key=lambda r: (r.planned_at, r.id))
        return MealList(tuple(coming), tuple(r for r in rows if r.planned_at <= now))

    def meal(self, meal_id: int) -> MealDetails:
        return _details(self._store.meals.get_meal(meal_id))

    def plan_page(self, meal_id: int, now: datetime) -> MealPlanPage:
        details = self.meal(meal_id)
        return MealPlanPage(details, seat_plan(details), tuple(check_plan(plan_facts(details), now)),
                            dish_plan(details))

    def prep(self, meal_id: int) -> MealPrep:
        store = self._store
        details = self.meal(meal_id)
        meal = details.meal
        guests = [d for d in details.diners if d.side == Side.GUEST.value]
        guests.sort(key=lambda d: (d.invite_status == InviteStatus.DECLINED.value, not d.is_guest_of_honour, d.id))
        sheets = []
        for diner in guests:
            contact = details.contacts.get(diner.contact_id)
            if contact is None:
                sheets.append(GuestPrep(diner, None, None, (), ()))
                continue
            past = store.meals.meals_with(contact.id, meal.planned_at, exclude_interaction=meal.interaction_id)
            open_ = tuple(OpenFollowup(f.due_date, f.what, f.promise)
                          for f in store.meals.open_followups_of(contact.id))
            sheets.append(GuestPrep(diner, contact, details.companies.get(contact.company_id), tuple(past), open_))
        return MealPrep(meal, tuple(sheets))

    def learned(self, meal_id: int) -> tuple[Learned, ...]:
        return tuple(Learned(r.id, r.person, r.fact, r.contact_id, r.filed_at)
                     for r in self._store.meals.learned_for(meal_id))

    def minutes_facts(self, meal_id: int) -> MinutesFacts:
        return self._minutes_facts(self.meal(meal_id))

    def _minutes_facts(self, details: MealDetails) -> MinutesFacts:
        meal = details.meal
        came = [d for d in details.diners
                if d.attended or (d.attended is None and d.invite_status != InviteStatus.DECLINED.value)]
        items = [ActionItem("us" if a.promise else "them", a.who, a.what, a.due, a.due_time)
                 for a in self._action_items(details)]
        return MinutesFacts(
            title=meal.label, venue=meal.venue, when=meal.planned_at,
            ours=[diner_name(d, self._me) for d in came if d.side == Side.OURS.value],
            theirs=[d.name for d in came if d.side == Side.GUEST.value],
            discussed=meal.discussed, agreements=[a for a in meal.agreements.splitlines() if a.strip()],
            action_items=items, learned=[(row.person, row.fact) for row in self.learned(meal.id)],
            cost=meal.actual_cost, next_step=meal.next_step,
        )

    def minutes_page(self, meal_id: int) -> MinutesPage:
        details = self.meal(meal_id)
        facts = None if details.meal.minutes_at is None else self._minutes_facts(details)
        return MinutesPage(details.meal, facts, self.learned(meal_id))

    def minutes_edit(self, meal_id: int) -> MinutesEdit:
        """What the minutes form starts from; who came is who was marked, else everyone who did
        not decline."""
        return self._minutes_edit(self.meal(meal_id))

    def _minutes_edit(self, details: MealDetails) -> MinutesEdit:
        if details.meal.minutes_at is not None:
            attended = [d.id for d in details.diners if d.attended]
        else:
            attended = [d.id for d in details.diners if d.invite_status != InviteStatus.DECLINED.value]
        logged = self._logged(details)
        marks = {name: (getattr(logged.interaction, name) or "") if logged else "" for name, _enum in RELATIONSHIP_MARKS}
        return MinutesEdit(details, tuple(self._action_items(details, logged)), self.learned(details.meal.id),
                           tuple(attended), marks)

    def _logged(self, details: MealDetails):
        """The interaction the minutes logged (store.capture.InteractionView), None before they are written."""
        interaction_id = details.meal.interaction_id
        return self._store.capture.get_interaction(interaction_id) if interaction_id else None

    def _action_items(self, details: MealDetails, logged=None) -> list[ActionLine]:
        """The open follow-ups the minutes wrote (`logged`: the meal's interaction, when read already)."""
        logged = logged or self._logged(details)
        if logged is None:
            return []
        names = {d.contact_id: d.name for d in details.diners if d.contact_id}
        return [ActionLine(f.promise, "" if f.promise else names.get(f.contact_id, ""), f.what, f.due_date, f.due_time)
                for f in logged.followups if f.archived_at is None]

    # ------------------------------------------------------------ commands (run through app.write)
    def add_meal(self, data: PlanInput, now: datetime) -> int:
        return self._store.meals.add_meal(data, now)

    def update_meal(self, meal_id: int, data: PlanInput, now: datetime, expected: MealDetails | None = None) -> None:
        """Conflict carries the meal as it is now, as MealDetails."""
        try:
            self._store.meals.update_meal(meal_id, data, now, expected.stamp if expected else None)
        except Conflict as conflict:
            raise Conflict(_details(conflict.current)) from None

    def save_minutes(self, meal_id: int, data: MinutesInput, now: datetime,
                     expected: MinutesEdit | MealDetails | None = None) -> int:
        """Returns the meal's interaction id; Conflict carries the minutes as they are now (MinutesEdit)."""
        try:
            return self._store.meals.save_minutes(meal_id, data, now, expected.stamp if expected else None)
        except Conflict as conflict:
            raise Conflict(self._minutes_edit(_details(conflict.current))) from None

    def archive_meal(self, meal_id: int, now: datetime) -> None:
        self._store.meals.archive_meal(meal_id, now)

    def restore_meal(self, meal_id: int, now: datetime) -> None:
        self._store.meals.restore_meal(meal_id, now)

    def toggle_guest_of_honour(self, diner_id: int, now: datetime) -> bool:
        """Returns whether he is the guest of honour now."""
        return self._store.meals.set_guest_of_honour(diner_id, now)

    def set_decision_maker(self, diner_id: int, value: bool, now: datetime) -> None:
        self._store.meals.set_decision_maker(diner_id, value, now)

    def set_invite_status(self, diner_id: int, status: InviteStatus, now: datetime) -> None:
        self._store.meals.set_invite_status(diner_id, status, now)

    def set_companion(self, diner_id: int, companion_of: int | None, now: datetime) -> None:
        self._store.meals.set_companion(diner_id, companion_of, now)

    def set_seating(self, meal_id: int, diner_ids: list[int], now: datetime) -> None:
        """Seat order as diner ids, seat 0 first; [] seats everyone by precedence again."""
        self._store.meals.set_seating(meal_id, diner_ids, now)

    def file_learned(self, learned_id: int, field: str, now: datetime) -> str:
        """File what was learned into the contact's profile field `field` (a name from
        domain.contact_fields.PROFILE_FIELDS; guess_field suggests one): "filed", "already" or
        "no_contact"."""
        return self._store.meals.file_learned(learned_id, field, now)
