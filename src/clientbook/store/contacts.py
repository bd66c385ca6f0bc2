"""Contacts and companies: adding, editing, archiving and restoring them, the contact list's
search (over an in-memory index of every contact's search keys), and the counts.

The list's rows and the lookup of a name typed in the shell are plain SQL (contact_index.py),
shared with `clientbook log`, which finds its contact without this module. The views only the
app's screens read (contact_views.py), the contact and company form values (domain/contacts.py)
and the target level rules are imported where they are built or applied."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import col, select

from clientbook.domain.search import build_keys, like_pattern, query_words, sort_key
from clientbook.store.contact_index import ContactLookup, ContactRow, SearchIndex, indexed
from clientbook.store.expected import check
from clientbook.store.models import Company, Contact
from clientbook.store.rows import fill_contact, get_row, input_of, photo_of

if TYPE_CHECKING:
    from clientbook.domain.contacts import CompanyInput, ContactInput
    from clientbook.domain.enums import Grade, Level, Position
    from clientbook.domain.targets import TargetMatrix
    from clientbook.store.contact_views import ArchivedItem, CompanyRow, ContactView, Counts


SORTS = ("name", "company", "grade", "level", "recent")


class ContactsRepository(ContactLookup):
    """Contacts and companies: the lists, the forms' records, archiving, and the search index.
    The shell's name lookup (find_contacts) is ContactLookup's, in plain SQL."""

    def __init__(self, sessions) -> None:
        super().__init__(sessions)
        self._index: dict[bool, SearchIndex] | None = None
        self._index_token: int | None = None

    # ---------------------------------------------------------------- companies
    def add_company(self, data: CompanyInput, now: datetime) -> int:
        with self._sessions.writing() as session:
            company = Company(**_company_fields(data), search_keys=build_keys(data.name),
                              created_at=now, updated_at=now)
            session.add(company)
            session.flush()
            return company.id

    def update_company(self, company_id: int, data: CompanyInput, now: datetime,
                       expected: CompanyInput | None = None) -> None:
        """`expected`: the company as the form read it; Conflict if the book now holds another."""
        with self._sessions.writing() as session:
            company = get_row(session, Company, company_id)
            check(session, expected, _company_input(company))
            renamed = company.name != data.name
            for key, value in _company_fields(data).items():
                setattr(company, key, value)
            company.search_keys = build_keys(data.name)
            company.updated_at = now
            if renamed:
                for contact in session.exec(select(Contact).where(Contact.company_id == company_id)):
                    _refresh_contact_keys(contact, data.name)

    def get_company(self, company_id: int) -> Company:
        with self._sessions.reading() as session:
            return get_row(session, Company, company_id)

    def company_input(self, company_id: int) -> CompanyInput:
        """The stored company as form values, for editing."""
        return _company_input(self.get_company(company_id))

    def list_companies(self, query: str = "", include_archived: bool = False) -> list[CompanyRow]:
        from clientbook.store.contact_views import CompanyRow

        with self._sessions.reading() as session:
            people = (
                select(Contact.company_id, func.count().label("n"))
                .where(col(Contact.archived_at).is_(None))
                .group_by(Contact.company_id)
                .subquery()
            )
            statement = select(Company, func.coalesce(people.c.n, 0)).outerjoin(
                people, people.c.company_id == Company.id
            )
            if not include_archived:
                statement = statement.where(col(Company.archived_at).is_(None))
            for word in query_words(query):
                statement = statement.where(col(Company.search_keys).like(like_pattern(word), escape="\\"))
            statement = statement.order_by(
                func.coalesce(Company.grade, "Z"), col(Company.yearly_value).desc(), Company.name
            )
            return [
                CompanyRow(c.id, c.name, c.grade, c.industry, c.city, c.yearly_value, n)
                for c, n in session.exec(statement)
            ]

    def company_names(self) -> list[tuple[str, str]]:
        """(name, search keys) of every live company, by name."""
        with self._sessions.reading() as session:
            statement = select(Company.name, Company.search_keys).where(col(Company.archived_at).is_(None))
            return [(name, keys) for name, keys in session.exec(statement.order_by(Company.name))]

    def company_contacts(self, company_id: int) -> list[ContactRow]:
        return self.search_contacts(company_id=company_id, sort="level")

    def apply_suggested_grades(self, now: datetime) -> int:
        """Grade every live company with a recorded yearly value by its rank; returns how many changed."""
        from clientbook.domain.contacts import suggest_grades

        with self._sessions.writing() as session:
            companies = {
                c.id: c
                for c in session.exec(
                    select(Company).where(col(Company.yearly_value).is_not(None), col(Company.archived_at).is_(None))
                )
            }
            changed = 0
            for company_id, grade in suggest_grades({k: c.yearly_value for k, c in companies.items()}).items():
                if companies[company_id].grade != grade.value:
                    companies[company_id].grade = grade.value
                    companies[company_id].updated_at = now
                    changed += 1
            return changed

    def archive_company(self, company_id: int, now: datetime) -> None:
        """Archive the company and its people together, so restoring brings both back."""
        with self._sessions.writing() as session:
            company = get_row(session, Company, company_id)
            company.archived_at = now
            for contact in session.exec(
                select(Contact).where(Contact.company_id == company_id, col(Contact.archived_at).is_(None))
            ):
                contact.archived_at = now

    def restore_company(self, company_id: int) -> None:
        with self._sessions.writing() as session:
            company = get_row(session, Company, company_id)
            stamp = company.archived_at
            company.archived_at = None
            for contact in session.exec(
                select(Contact).where(Contact.company_id == company_id, Contact.archived_at == stamp)
            ):
                contact.archived_at = None

    # ---------------------------------------------------------------- contacts
    def add_contact(self, data: ContactInput, now: datetime) -> int:
        with self._sessions.writing() as session:
            contact = Contact(created_at=now, updated_at=now)
            fill_contact(session, contact, data, now)
            return contact.id

    def update_contact(self, contact_id: int, data: ContactInput, now: datetime,
                       expected: ContactInput | None = None) -> None:
        """`expected`: the contact as the form read it; Conflict if the book now holds another."""
        with self._sessions.writing() as session:
            contact = get_row(session, Contact, contact_id)
            company = session.get(Company, contact.company_id) if contact.company_id else None
            check(session, expected, _contact_input(session, contact, company))
            fill_contact(session, contact, data, now)
            contact.updated_at = now

    def get_contact(self, contact_id: int) -> ContactView:
        from clientbook.store.contact_views import ContactView
        from clientbook.store.models.photos import ContactPhoto   # mapped where a photo is read

        with self._sessions.reading() as session:
            contact = get_row(session, Contact, contact_id)
            company = session.get(Company, contact.company_id) if contact.company_id else None
            photo = session.exec(select(ContactPhoto.mime, func.length(ContactPhoto.data))
                                 .where(ContactPhoto.contact_id == contact_id)).first()
            return ContactView(contact, company, tuple(photo) if photo else None)

    def contact_input(self, contact_id: int) -> ContactInput:
        """The stored contact as form values, for editing."""
        with self._sessions.reading() as session:
            contact = get_row(session, Contact, contact_id)
            company = session.get(Company, contact.company_id) if contact.company_id else None
            return _contact_input(session, contact, company)

    def search_contacts(
        self,
        query: str = "",
        *,
        grade: str | None = None,
        level: int | None = None,
        tag: str | None = None,
        company_id: int | None = None,
        sort: str = "name",
        limit: int | None = None,
        archived: bool = False,
        below: TargetMatrix | None = None,
    ) -> list[ContactRow]:
        """Contacts matching every word of `query` (pinyin, initials, phone, WeChat, tag…);
        with `below`, a target level matrix, only those below their target.

        Filtered in memory over the stored search keys (see _contact_index): a keystroke over
        10,000 contacts costs a couple of milliseconds instead of an SQL scan and sort.
        """
        checks: list = []
        if grade is not None:
            checks.append(lambda entry: entry.row.grade == grade)
        if level is not None:
            checks.append(lambda entry: entry.row.level == level)
        if tag:
            checks.append(lambda entry: f" {tag} " in entry.row.tags)
        if company_id is not None:
            checks.append(lambda entry: entry.company_id == company_id)
        if below is not None:
            from clientbook.domain.targets import target_for

            checks.append(lambda entry: target_for(below, entry.row.grade, entry.row.position, entry.row.level).below)
        order = {
            "name": None,  # the index is already in name order
            "company": lambda e: (e.row.company or "\uffff", e.sort_key),
            "grade": lambda e: (e.row.grade or "Z", e.sort_key),
            "level": lambda e: (-e.row.level, e.sort_key),
            "recent": lambda e: e.row.updated_at,
        }[sort]
        hits = self._contact_index(archived).search(
            query, (lambda entry: all(check(entry) for check in checks)) if checks else None,
            limit if order is None else None)
        if order is not None:
            hits.sort(key=order, reverse=sort == "recent")
        return [entry.row for entry in hits[:limit]]

    def _contact_index(self, archived: bool) -> SearchIndex:
        """The live (or archived) contacts' list rows and search keys, in name order, rebuilt
        after any write to the book (by this process or another: see change_token)."""
        token = self._sessions.change_token()
        if self._index is None or self._index_token != token:
            with self._sessions.raw_reading() as connection:
                entries = indexed(connection)
            self._index = {side: SearchIndex([entry for entry in entries if entry.archived == side])
                           for side in (False, True)}
            self._index_token = token
        return self._index[archived]

    def recent_contacts(self, limit: int = 8) -> list[ContactRow]:
        return self.search_contacts(sort="recent", limit=limit)

    def all_tags(self) -> list[str]:
        with self._sessions.reading() as session:
            rows = session.exec(select(Contact.tags).where(Contact.tags != "", col(Contact.archived_at).is_(None)))
            return sorted({tag for tags in rows for tag in tags.split()})

    def archive_contact(self, contact_id: int, now: datetime) -> None:
        with self._sessions.writing() as session:
            get_row(session, Contact, contact_id).archived_at = now

    def restore_contact(self, contact_id: int) -> None:
        with self._sessions.writing() as session:
            contact = get_row(session, Contact, contact_id)
            contact.archived_at = None
            if contact.company_id:
                company = session.get(Company, contact.company_id)
                if company and company.archived_at is not None:
                    company.archived_at = None

    def archived(self) -> list[ArchivedItem]:
        from clientbook.store.contact_views import ArchivedItem

        with self._sessions.reading() as session:
            companies = session.exec(select(Company).where(col(Company.archived_at).is_not(None)))
            contacts = session.exec(select(Contact).where(col(Contact.archived_at).is_not(None)))
            items = [ArchivedItem("company", c.id, c.name, c.archived_at) for c in companies]
            items += [ArchivedItem("contact", c.id, c.name, c.archived_at) for c in contacts]
            return sorted(items, key=lambda item: item.archived_at, reverse=True)

    def counts(self) -> Counts:
        from clientbook.store.contact_views import Counts

        with self._sessions.reading() as session:
            live_contacts = session.exec(select(func.count()).select_from(Contact).where(col(Contact.archived_at).is_(None))).one()
            live_companies = session.exec(select(func.count()).select_from(Company).where(col(Company.archived_at).is_(None))).one()
            archived = session.exec(select(func.count()).select_from(Contact).where(col(Contact.archived_at).is_not(None))).one()
            archived += session.exec(select(func.count()).select_from(Company).where(col(Company.archived_at).is_not(None))).one()
            return Counts(live_contacts, live_companies, archived)

    # ------------------------------------------------------------ target level matrix (reads: store/agenda.py)
    def set_target_cell(self, grade: Grade, position: Position, level: Level) -> None:
        from clientbook.domain.enums import Level
        from clientbook.store.models.targets import TargetLevelRow

        with self._sessions.writing() as session:
            row = session.get(TargetLevelRow, (grade.value, position.value)) or TargetLevelRow(
                grade=grade.value, position=position.value, level=int(level))
            row.level = int(Level(level))
            session.add(row)

    def reset_target_cell(self, grade: Grade, position: Position) -> None:
        from clientbook.store.models.targets import TargetLevelRow

        with self._sessions.writing() as session:
            row = session.get(TargetLevelRow, (grade.value, position.value))
            if row is not None:
                session.delete(row)


def _contact_input(session, c: Contact, company: Company | None) -> ContactInput:
    return input_of(c, company.name if company else "", photo_of(session, c.id))


def _company_input(c: Company) -> CompanyInput:
    from clientbook.domain.contacts import CompanyInput
    from clientbook.domain.enums import Grade

    return CompanyInput(
        name=c.name, grade=Grade(c.grade) if c.grade else None, industry=c.industry, city=c.city,
        address=c.address, switchboard=c.switchboard, website=c.website, yearly_value=c.yearly_value,
        notes=c.notes,
    )


def _company_fields(data: CompanyInput) -> dict:
    return {
        "name": data.name,
        "grade": data.grade.value if data.grade else None,
        "industry": data.industry,
        "city": data.city,
        "address": data.address,
        "switchboard": data.switchboard,
        "website": data.website,
        "yearly_value": data.yearly_value,
        "notes": data.notes,
    }


def _refresh_contact_keys(contact: Contact, company_name: str) -> None:
    from clientbook.domain.contact_card import load_typed

    contact.search_keys = build_keys(
        contact.name, company_name, contact.phone_list, contact.wechat,
        [e.value for e in load_typed(contact.emails)], contact.tag_list, contact.nickname,
    )
    contact.sort_key = sort_key(contact.name)
