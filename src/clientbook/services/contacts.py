"""Contacts and companies: the one door the Contacts list, a contact's page, Companies and a
company's page ask through. Reads return frozen views (no ORM row leaves here), assembled in
the screens' load workers; the writes are commands the screens run through app.write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from clientbook.domain.contact_card import Address, Typed, load_addresses, load_typed
from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.enums import Grade, Position
from clientbook.domain.meals.spending import MealSpending
from clientbook.domain.targets import TargetMatrix, next_level, target_for
from clientbook.store.capture_views import Marks, TimelineEntry
from clientbook.store.contact_views import CompanyRow
from clientbook.store.contacts import SORTS, ContactRow  # noqa: F401  (SORTS: the list's orders)
from clientbook.store.gifts import GiftRow, Rhythm


@dataclass(frozen=True)
class ContactList:
    rows: tuple[ContactRow, ...]   # at most `limit`
    more: bool                     # more contacts matched than are shown
    tags: tuple[str, ...]          # every live contact's tags, for the tag filter


@dataclass(frozen=True)
class ContactDetails:
    id: int
    name: str
    archived: bool
    company: str                  # "" when none
    company_grade: str | None
    title: str
    address_as: str               # how to address them on the phone: 王总 (domain §11)
    position: str | None
    level: int
    phones: tuple[Typed, ...]
    wechat: str
    emails: tuple[Typed, ...]
    birthday: str | None          # as stored (Birthday.from_storage reads it)
    nickname: str
    addresses: tuple[Address, ...]
    urls: tuple[Typed, ...]
    photo: tuple[str, int] | None     # the card's photo kept: its type and size in bytes
    cuisine: str
    drinks: str
    hobbies: str
    taboos: str
    diet: str
    family: str
    tags: tuple[str, ...]
    cadence_days: int | None
    notes: str
    target_level: int             # the level their grade and position call for (domain §4)


@dataclass(frozen=True)
class TargetMatrixView:
    matrix: TargetMatrix                               # as applied: the defaults with the rep's cells
    edited: frozenset[tuple[Grade, Position]]          # the cells the rep changed


@dataclass(frozen=True)
class ContactGifts:
    gifts: tuple[GiftRow, ...]    # newest first
    occasion_names: dict          # custom occasion key -> name, to label a gift's occasion
    rhythm: Rhythm | None         # the everyday-gift rhythm, when set


@dataclass(frozen=True)
class ContactPage:
    contact: ContactDetails
    marks: Marks
    gifts: ContactGifts
    timeline: tuple[TimelineEntry, ...]
    owner: str | None = None      # a team book's: who owns them (None on a solo book)


@dataclass(frozen=True)
class CompanyDetails:
    id: int
    name: str
    grade: str | None
    industry: str
    city: str
    address: str
    switchboard: str
    website: str
    yearly_value: float | None
    notes: str


@dataclass(frozen=True)
class CompanyPage:
    company: CompanyDetails
    people: tuple[ContactRow, ...]
    gift_spend: dict              # (company, year) -> yuan, as store.gifts.gift_spend gives it
    meal_spending: MealSpending
    owner: str | None = None      # a team book's: who owns it (None on a solo book)
    owner_moves: tuple[TimelineEntry, ...] = ()   # its handovers and claims, newest first


class ContactsService:
    """Built on the open Store; holds nothing else, so one per call is as good as one per app."""

    def __init__(self, store) -> None:
        self._store = store

    # ------------------------------------------------------------ reads
    def contact_list(self, query: str = "", *, grade: str | None = None, level: int | None = None,
                     tag: str | None = None, below_target: bool = False, sort: str = "name",
                     limit: int | None = None) -> ContactList:
        """`below_target`: only contacts whose level is under their target (domain §4)."""
        rows = self._store.contacts.search_contacts(query, grade=grade, level=level, tag=tag, sort=sort,
                                                    below=self._targets_if(below_target),
                                                    limit=None if limit is None else limit + 1)
        more = limit is not None and len(rows) > limit
        return ContactList(tuple(rows[:limit]), more, tuple(self._store.contacts.all_tags()))

    def contact_ids(self, query: str = "", *, grade: str | None = None, level: int | None = None,
                    tag: str | None = None, below_target: bool = False, sort: str = "name") -> list[int]:
        """Every contact the search and filters select, not only those shown (export)."""
        rows = self._store.contacts.search_contacts(query, grade=grade, level=level, tag=tag, sort=sort,
                                                    below=self._targets_if(below_target))
        return [row.id for row in rows]

    def _targets_if(self, below_target: bool) -> TargetMatrix | None:
        return self._store.agenda.targets() if below_target else None

    def contact(self, contact_id: int) -> ContactDetails:
        view = self._store.contacts.get_contact(contact_id)
        c, company = view.contact, view.company
        return ContactDetails(
            id=c.id, name=c.name, archived=c.archived_at is not None,
            company=company.name if company else "", company_grade=company.grade if company else None,
            title=c.title, address_as=c.address_as, position=c.position, level=c.level, phones=tuple(load_typed(c.phones)), wechat=c.wechat,
            emails=tuple(load_typed(c.emails)), birthday=c.birthday, nickname=c.nickname,
            addresses=tuple(load_addresses(c.addresses)), urls=tuple(load_typed(c.urls)), photo=view.photo,
            cuisine=c.cuisine, drinks=c.drinks, hobbies=c.hobbies,
            taboos=c.taboos, diet=c.diet, family=c.family, tags=tuple(c.tag_list), cadence_days=c.cadence_days,
            notes=c.notes,
            target_level=int(target_for(self._store.agenda.targets(), company.grade if company else None,
                                        c.position, c.level).level),
        )

    def contact_page(self, contact_id: int) -> ContactPage:
        from clientbook.services.gifts import custom_names

        store = self._store
        gifts = ContactGifts(tuple(store.gifts.given(contact_id=contact_id)), custom_names(store),
                             store.gifts.everyday_rhythm(contact_id))
        from clientbook.services.team import TeamService

        return ContactPage(self.contact(contact_id), store.capture.contact_marks(contact_id), gifts,
                           tuple(store.capture.timeline(contact_id)), TeamService(store).owner_of(contact_id=contact_id))

    def contact_input(self, contact_id: int) -> ContactInput:
        """The stored contact as form values, for editing."""
        return self._store.contacts.contact_input(contact_id)

    def company_list(self, query: str = "") -> tuple[CompanyRow, ...]:
        return tuple(self._store.contacts.list_companies(query))

    def company_names(self) -> tuple[tuple[str, str], ...]:
        """Every live company as (name, search keys): what the contact form suggests as the
        rep types a company (domain/search.py company_suggestion, close_companies)."""
        return tuple(self._store.contacts.company_names())

    def company(self, company_id: int) -> CompanyDetails:
        c = self._store.contacts.get_company(company_id)
        return CompanyDetails(c.id, c.name, c.grade, c.industry, c.city, c.address, c.switchboard, c.website,
                              c.yearly_value, c.notes)

    def company_page(self, company_id: int) -> CompanyPage:
        from clientbook.services.team import TeamService

        store, team = self._store, TeamService(self._store)
        owner = team.owner_of(company_id=company_id)
        return CompanyPage(self.company(company_id), tuple(store.contacts.company_contacts(company_id)),
                           store.gifts.gift_spend(company_id=company_id), store.meals.meal_spending(company_id),
                           owner, team.company_moves(company_id) if owner is not None else ())

    def company_input(self, company_id: int) -> CompanyInput:
        """The stored company as form values, for editing."""
        return self._store.contacts.company_input(company_id)

    def target_matrix(self) -> TargetMatrixView:
        """The target level matrix as applied, and which cells the rep edited."""
        cells = self._store.agenda.target_cells()
        return TargetMatrixView(self._store.agenda.targets(), frozenset((c.grade, c.position) for c in cells))

    # ------------------------------------------------------------ commands (run through app.write)
    def cycle_target_cell(self, grade: Grade, position: Position, step: int) -> None:
        """One level up (step 1) or down (step -1) for this grade and position, wrapping round."""
        current = self._store.agenda.targets()[(grade, position)]
        self._store.contacts.set_target_cell(grade, position, next_level(current, step))

    def reset_target_cell(self, grade: Grade, position: Position) -> None:
        self._store.contacts.reset_target_cell(grade, position)

    def same_contact(self, name: str, company: str | None) -> int | None:
        """The id of a live contact of exactly this name at this company (none: None), so the
        shell's `add` does not make a second one unless told to."""
        return next((row.id for row in self._store.contacts.find_contacts(name)
                     if row.name == name and row.company == (company or None)), None)

    def add_contact(self, data: ContactInput, now: datetime) -> int:
        """Raises OwnedByAnother on a team book when another rep owns someone with this mobile
        or WeChat id (撞单): the form, `clientbook add` and imports all come through here."""
        from clientbook.services.team import TeamService

        TeamService(self._store).check_not_owned_elsewhere(data)
        return self._store.contacts.add_contact(data, now)

    def update_contact(self, contact_id: int, data: ContactInput, now: datetime,
                       expected: ContactInput | None = None) -> None:
        self._store.contacts.update_contact(contact_id, data, now, expected)

    def archive_contact(self, contact_id: int, now: datetime) -> str:
        """Archive; returns the contact's name, for the message saying so."""
        name = self._store.contacts.get_contact(contact_id).contact.name
        self._store.contacts.archive_contact(contact_id, now)
        return name

    def restore_contact(self, contact_id: int) -> None:
        self._store.contacts.restore_contact(contact_id)

    def toggle_followup(self, followup_id: int, now: datetime) -> None:
        """x on a follow-up of the timeline: complete it, or reopen it when done."""
        store = self._store
        done = store.capture.get_followup(followup_id).done_at is not None
        (store.capture.reopen_followup if done else store.capture.complete_followup)(followup_id, now)

    def add_company(self, data: CompanyInput, now: datetime) -> int:
        return self._store.contacts.add_company(data, now)

    def update_company(self, company_id: int, data: CompanyInput, now: datetime,
                       expected: CompanyInput | None = None) -> None:
        self._store.contacts.update_company(company_id, data, now, expected)

    def archive_company(self, company_id: int, now: datetime) -> str:
        """Archive the company and its people; returns its name, for the message saying so."""
        name = self._store.contacts.get_company(company_id).name
        self._store.contacts.archive_company(company_id, now)
        return name

    def apply_suggested_grades(self, now: datetime) -> int:
        return self._store.contacts.apply_suggested_grades(now)
