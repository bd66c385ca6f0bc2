"""The one place that owns every query and transaction. Screens and the CLI ask it for plain
values; no Session or ORM object leaves a method attached to a session."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from clientbook.domain.contacts import CompanyInput, ContactInput
from clientbook.domain.search import build_keys, like_pattern, query_words, sort_key
from clientbook.store.agenda_reads import AgendaReads
from clientbook.store.capture import CaptureQueries, _get
from clientbook.errors import translate
from clientbook.store.expected import check
from clientbook.store.gifts import GiftQueries
from clientbook.store.interop import InteropQueries, columns_of, input_of
from clientbook.store.meals import MealQueries
from clientbook.store.models import Company, Contact


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    company: str
    grade: str | None
    position: str | None
    level: int
    title: str
    tags: str
    updated_at: datetime


@dataclass(frozen=True)
class _IndexedContact:
    row: ContactRow
    keys: str
    sort_key: str
    company_id: int | None
    archived: bool


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    grade: str | None
    industry: str
    city: str
    yearly_value: float | None
    contacts: int


@dataclass(frozen=True)
class ContactView:
    contact: Contact
    company: Company | None


@dataclass(frozen=True)
class ArchivedItem:
    kind: str          # "contact" | "company"
    id: int
    name: str
    archived_at: datetime


@dataclass(frozen=True)
class Counts:
    contacts: int
    companies: int
    archived: int


SORTS = ("name", "company", "grade", "level", "recent")


class Store(AgendaReads, CaptureQueries, GiftQueries, MealQueries, InteropQueries):
    def __init__(self, path: Path, read_engine, write_engine) -> None:
        self.path = path
        self._read = read_engine
        self._write = write_engine
        self._watch = None
        self._index: list[_IndexedContact] | None = None
        self._index_token: int | None = None

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        self._read.dispose()
        self._write.dispose()

    def wait_at_most(self, seconds: float) -> None:
        """How long a read or write waits for a lock held by another program before BookError."""
        for engine in (self._read, self._write):
            engine.busy_timeout_ms = int(seconds * 1000)

    def change_token(self) -> int:
        """Changes whenever any connection (this process or another) commits to the book,
        so an open screen can notice a `clientbook log` from another shell."""
        if self._watch is None:
            self._watch = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        return self._watch.execute("PRAGMA data_version").fetchone()[0]

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._guard(), Session(self._read, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def _raw_reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction on the driver's own connection, for store/agenda_reads.py."""
        with self._guard(), self._read.connect() as connection, connection.begin():
            yield connection.connection.driver_connection

    @contextmanager
    def writing(self) -> Iterator[Session]:
        with self._guard(), Session(self._write, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (DBAPIError, sqlite3.Error) as exc:
            # Full disk, read-only or damaged file, busy: one line a screen or the CLI can show.
            error = translate(exc, self.path)
            if error is None:
                raise
            raise error from None

    # ---------------------------------------------------------------- companies
    def _company_keys(self, name: str) -> str:
        return build_keys(name)

    def add_company(self, data: CompanyInput, now: datetime) -> int:
        with self.writing() as session:
            company = Company(**_company_fields(data), search_keys=self._company_keys(data.name),
                              created_at=now, updated_at=now)
            session.add(company)
            session.flush()
            return company.id

    def update_company(self, company_id: int, data: CompanyInput, now: datetime,
                       expected: CompanyInput | None = None) -> None:
        """`expected`: the company as the form read it; Conflict if the book now holds another."""
        with self.writing() as session:
            company = _get(session, Company, company_id)
            check(session, expected, _company_input(company))
            renamed = company.name != data.name
            for key, value in _company_fields(data).items():
                setattr(company, key, value)
            company.search_keys = self._company_keys(data.name)
            company.updated_at = now
            if renamed:
                for contact in session.exec(select(Contact).where(Contact.company_id == company_id)):
                    _refresh_contact_keys(contact, data.name)

    def company_id_for(self, session: Session, name: str, now: datetime) -> int | None:
        """The live company with this name, created if there is none; None for an empty name."""
        name = name.strip()
        if not name:
            return None
        found = session.exec(
            select(Company.id).where(Company.name == name, col(Company.archived_at).is_(None))
        ).first()
        if found is not None:
            return found
        company = Company(name=name, search_keys=self._company_keys(name), created_at=now, updated_at=now)
        session.add(company)
        session.flush()
        return company.id

    def get_company(self, company_id: int) -> Company:
        with self.reading() as session:
            return _get(session, Company, company_id)

    def company_input(self, company_id: int) -> CompanyInput:
        """The stored company as form values, for editing."""
        return _company_input(self.get_company(company_id))

    def list_companies(self, query: str = "", include_archived: bool = False) -> list[CompanyRow]:
        with self.reading() as session:
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

    def company_contacts(self, company_id: int) -> list[ContactRow]:
        return self.search_contacts(company_id=company_id, sort="level")

    def apply_suggested_grades(self, now: datetime) -> int:
        """Grade every live company with a recorded yearly value by its rank; returns how many changed."""
        from clientbook.domain.contacts import suggest_grades

        with self.writing() as session:
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
        with self.writing() as session:
            company = _get(session, Company, company_id)
            company.archived_at = now
            for contact in session.exec(
                select(Contact).where(Contact.company_id == company_id, col(Contact.archived_at).is_(None))
            ):
                contact.archived_at = now

    def restore_company(self, company_id: int) -> None:
        with self.writing() as session:
            company = _get(session, Company, company_id)
            stamp = company.archived_at
            company.archived_at = None
            for contact in session.exec(
                select(Contact).where(Contact.company_id == company_id, Contact.archived_at == stamp)
            ):
                contact.archived_at = None

    # ---------------------------------------------------------------- contacts
    def add_contact(self, data: ContactInput, now: datetime) -> int:
        with self.writing() as session:
            contact = Contact(created_at=now, updated_at=now)
            self._fill_contact(session, contact, data, now)
            session.add(contact)
            session.flush()
            return contact.id

    def update_contact(self, contact_id: int, data: ContactInput, now: datetime,
                       expected: ContactInput | None = None) -> None:
        """`expected`: the contact as the form read it; Conflict if the book now holds another."""
        with self.writing() as session:
            contact = _get(session, Contact, contact_id)
            company = session.get(Company, contact.company_id) if contact.company_id else None
            check(session, expected, _contact_input(contact, company))
            self._fill_contact(session, contact, data, now)
            contact.updated_at = now

    def _fill_contact(self, session: Session, contact: Contact, data: ContactInput, now: datetime) -> None:
        for column, value in columns_of(data).items():     # every field of contact_fields, and the keys
            setattr(contact, column, value)
        contact.company_id = self.company_id_for(session, data.company, now)

    def get_contact(self, contact_id: int) -> ContactView:
        with self.reading() as session:
            contact = _get(session, Contact, contact_id)
            company = session.get(Company, contact.company_id) if contact.company_id else None
            return ContactView(contact, company)

    def contact_input(self, contact_id: int) -> ContactInput:
        """The stored contact as form values, for editing."""
        view = self.get_contact(contact_id)
        return _contact_input(view.contact, view.company)

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
    ) -> list[ContactRow]:
        """Contacts matching every word of `query` (pinyin, initials, phone, WeChat, tag…).

        Filtered in memory over the stored search keys (see _contact_index): a keystroke over
        10,000 contacts costs a couple of milliseconds instead of an SQL scan and sort.
        """
        hits = [entry for entry in self._contact_index() if entry.archived == archived]
        for word in query_words(query):  # one tight pass per word: the hot path while typing
            hits = [entry for entry in hits if word in entry.keys]
        if grade is not None:
            hits = [entry for entry in hits if entry.row.grade == grade]
        if level is not None:
            hits = [entry for entry in hits if entry.row.level == level]
        if tag:
            hits = [entry for entry in hits if f" {tag} " in entry.row.tags]
        if company_id is not None:
            hits = [entry for entry in hits if entry.company_id == company_id]
        order = {
            "name": None,  # the index is already in name order
            "company": lambda e: (e.row.company or "\uffff", e.sort_key),
            "grade": lambda e: (e.row.grade or "Z", e.sort_key),
            "level": lambda e: (-e.row.level, e.sort_key),
            "recent": lambda e: e.row.updated_at,
        }[sort]
        if order is not None:
            hits.sort(key=order, reverse=sort == "recent")
        return [entry.row for entry in hits[:limit]]

    def _contact_index(self) -> list[_IndexedContact]:
        """Every contact's list row and search keys, in name order, rebuilt after any write
        to the book (by this process or another: see change_token)."""
        token = self.change_token()
        if self._index is None or self._index_token != token:
            self._index = self._indexed()
            self._index_token = token
        return self._index

    def _indexed(self, *where) -> list[_IndexedContact]:
        """The contacts matching `where` (all by default) as index entries, in name order."""
        with self.reading() as session:
            rows = session.exec(
                select(
                    Contact.id, Contact.name, Company.name, Company.grade, Contact.position,
                    Contact.level, Contact.title, Contact.tags, Contact.updated_at,
                    Contact.search_keys, Contact.sort_key, Contact.company_id, Contact.archived_at,
                ).outerjoin(Company, Company.id == Contact.company_id).where(*where)
                .order_by(Contact.sort_key, Contact.id)
            ).all()
        return [_IndexedContact(ContactRow(*row[:9]), row[9], row[10], row[11], row[12] is not None) for row in rows]

    def recent_contacts(self, limit: int = 8) -> list[ContactRow]:
        return self.search_contacts(sort="recent", limit=limit)

    def all_tags(self) -> list[str]:
        with self.reading() as session:
            rows = session.exec(select(Contact.tags).where(Contact.tags != "", col(Contact.archived_at).is_(None)))
            return sorted({tag for tags in rows for tag in tags.split()})

    def archive_contact(self, contact_id: int, now: datetime) -> None:
        with self.writing() as session:
            _get(session, Contact, contact_id).archived_at = now

    def restore_contact(self, contact_id: int) -> None:
        with self.writing() as session:
            contact = _get(session, Contact, contact_id)
            contact.archived_at = None
            if contact.company_id:
                company = session.get(Company, contact.company_id)
                if company and company.archived_at is not None:
                    company.archived_at = None

    def archived(self) -> list[ArchivedItem]:
        with self.reading() as session:
            companies = session.exec(select(Company).where(col(Company.archived_at).is_not(None)))
            contacts = session.exec(select(Contact).where(col(Contact.archived_at).is_not(None)))
            items = [ArchivedItem("company", c.id, c.name, c.archived_at) for c in companies]
            items += [ArchivedItem("contact", c.id, c.name, c.archived_at) for c in contacts]
            return sorted(items, key=lambda item: item.archived_at, reverse=True)

    def counts(self) -> Counts:
        with self.reading() as session:
            live_contacts = session.exec(select(func.count()).select_from(Contact).where(col(Contact.archived_at).is_(None))).one()
            live_companies = session.exec(select(func.count()).select_from(Company).where(col(Company.archived_at).is_(None))).one()
            archived = session.exec(select(func.count()).select_from(Contact).where(col(Contact.archived_at).is_not(None))).one()
            archived += session.exec(select(func.count()).select_from(Company).where(col(Company.archived_at).is_not(None))).one()
            return Counts(live_contacts, live_companies, archived)

    def find_contacts(self, name: str) -> list[ContactRow]:
        """Contacts for a name typed in the shell: exact name first, else a search."""
        with self.reading() as session:
            exact = session.exec(
                select(Contact.id).where(Contact.name == name.strip(), col(Contact.archived_at).is_(None))
            ).all()
        if exact:  # those rows alone: `clientbook log` need not index 10,000 contacts to name one
            return [entry.row for entry in self._indexed(col(Contact.id).in_(exact))]
        return self.search_contacts(name)


def _contact_input(c: Contact, company: Company | None) -> ContactInput:
    return input_of(c, company.name if company else "")


def _company_input(c: Company) -> CompanyInput:
    from clientbook.domain.enums import Grade

    return CompanyInput(
        name=c.name, grade=Grade(c.grade) if c.grade else None, industry=c.industry, city=c.city,
        address=c.address, yearly_value=c.yearly_value, notes=c.notes,
    )


def _company_fields(data: CompanyInput) -> dict:
    return {
        "name": data.name,
        "grade": data.grade.value if data.grade else None,
        "industry": data.industry,
        "city": data.city,
        "address": data.address,
        "yearly_value": data.yearly_value,
        "notes": data.notes,
    }


def _refresh_contact_keys(contact: Contact, company_name: str) -> None:
    contact.search_keys = build_keys(
        contact.name, company_name, contact.phone_list, contact.wechat, contact.email, contact.tag_list
    )
    contact.sort_key = sort_key(contact.name)
