"""Row helpers shared by the repositories, each working inside the caller's session (so inside
its transaction): finding a row, a contact's columns, an interaction's fields, and the session's
own sqlite3 connection for the writes several areas share (writes.py: an interaction, a
follow-up, a level change, the note index, the stay-in-touch clock), which are plain SQL."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from clientbook.domain.interactions import InteractionInput
from clientbook.domain.search import build_keys, same_company, sort_key
from clientbook.errors import NotFound
from clientbook.store.models import Company, Contact, Interaction
from clientbook.store.server import plain
from clientbook.store.writes import MARKS, refresh_last_contact

if TYPE_CHECKING:
    from clientbook.domain.contacts import ContactInput


def get_row(session: Session, model, object_id: int):
    """The row of `model` with this id, or NotFound."""
    found = session.get(model, object_id)
    if found is None:
        raise NotFound("book.error.not_found", what=f"{model.__name__} #{object_id}")
    return found


def driver(session: Session) -> sqlite3.Connection:
    """The session's own sqlite3 connection, inside its transaction, for the plain-SQL writes
    (writes.py). What the session holds unwritten is flushed first, so the SQL sees it."""
    session.flush()
    return plain(session.connection().connection.driver_connection)


def expire(session: Session, model, ids, *attributes: str) -> None:
    """Forget `attributes` (all when none named) of the rows of `model` with these ids that the
    session holds, after plain SQL changed them: their next read goes to the book."""
    for object_id in set(ids):
        found = session.identity_map.get(session.identity_key(model, object_id))
        if found is not None:
            session.expire(found, list(attributes) or None)


# ---------------------------------------------------------------- contacts and companies
def input_of(contact: Contact, company: str, photo=None) -> ContactInput:
    """The contact row as form values: every field of contact_fields, by its kind (the photo,
    kept in its own table, as photo_of read it)."""
    from clientbook.domain.contact_fields import CONTACT_FIELDS, LEVEL, LIST, PHOTO, POSITION, STORED_AS_JSON
    from clientbook.domain.contacts import ContactInput   # here: a Store that edits no contact reads no form values
    from clientbook.domain.enums import Level, Position

    def value(field):
        if field.name == "company":
            return company
        if field.kind == PHOTO:
            return photo
        stored = getattr(contact, field.name)
        if field.kind == LIST:
            return contact.tag_list
        if field.kind in STORED_AS_JSON:
            _dump, load = STORED_AS_JSON[field.kind]
            return load(stored)
        if field.kind == POSITION:
            return Position(stored) if stored else None
        return Level(stored) if field.kind == LEVEL else stored
    return ContactInput(**{field.name: value(field) for field in CONTACT_FIELDS})


def photo_of(session: Session, contact_id: int):
    """The contact's photo (contact_card.Photo), None when the card had none."""
    from clientbook.domain.contact_card import Photo
    from clientbook.store.models.photos import ContactPhoto

    row = session.get(ContactPhoto, contact_id)
    return Photo(row.data, row.mime) if row else None


def columns_of(data: ContactInput) -> dict:
    """The contact row's columns for `data` (fill_contact and the import set them): every field
    of contact_fields by its kind, and the store's search and sort keys; not company_id, not
    the photo (its own table: set_photo)."""
    from clientbook.domain.contact_fields import CONTACT_FIELDS, LEVEL, LIST, PHOTO, POSITION, STORED_AS_JSON

    def column(field):
        value = getattr(data, field.name)
        if field.kind == LIST:   # tags padded with spaces, so a tag filter is one LIKE '% tag %'
            return f" {' '.join(value)} " if value else ""
        if field.kind in STORED_AS_JSON:
            dump, _load = STORED_AS_JSON[field.kind]
            return dump(value)
        if field.kind == POSITION:
            return value.value if value else None
        return int(value) if field.kind == LEVEL else value
    return {field.name: column(field) for field in CONTACT_FIELDS if not field.column and field.kind != PHOTO} | {
        "search_keys": build_keys(data.name, data.company, [p.value for p in data.phones], data.wechat,
                                  [e.value for e in data.emails], data.tags, data.nickname),
        "sort_key": sort_key(data.name),
    }


def set_photo(session: Session, contact_id: int, photo) -> None:
    from clientbook.store.models.photos import ContactPhoto

    row = session.get(ContactPhoto, contact_id)
    if photo is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(ContactPhoto(contact_id=contact_id, mime=photo.mime, data=photo.data))
    else:
        row.mime, row.data = photo.mime, photo.data


def fill_contact(session: Session, contact: Contact, data: ContactInput, now: datetime) -> None:
    for column, value in columns_of(data).items():     # every field of contact_fields, and the keys
        setattr(contact, column, value)
    company_id = company_id_for(session, data.company, now)
    moved = contact.id is not None and contact.company_id != company_id
    contact.company_id = company_id
    if contact.id is None:
        session.add(contact)
        session.flush()
    set_photo(session, contact.id, data.photo)
    if moved:       # their spend shares, kept with their company, go with them
        refresh_last_contact(driver(session), [contact.id])


def company_id_for(session: Session, name: str, now: datetime) -> int | None:
    """The live company with this name, case and spaces aside (华为 is 华 为, IBM China is ibm
    china), created if there is none; None for an empty name."""
    name = name.strip()
    if not name:
        return None
    live = col(Company.archived_at).is_(None)
    found = session.exec(select(Company.id).where(Company.name == name, live)).first()
    if found is None:  # SQLite's lower() folds ASCII only: the candidates, then the domain's rule
        folded = func.lower(func.replace(Company.name, " ", ""))
        candidates = session.exec(select(Company.id, Company.name).where(live, folded == "".join(name.split()).lower()))
        found = next((company_id for company_id, other in candidates if same_company(name, [other])), None)
    if found is not None:
        return found
    company = Company(name=name, search_keys=build_keys(name), created_at=now, updated_at=now)
    session.add(company)
    session.flush()
    return company.id


# ---------------------------------------------------------------- interactions and follow-ups
def fill_interaction(interaction: Interaction, data: InteractionInput) -> None:
    interaction.has_time = data.has_time
    interaction.place = data.place
    interaction.summary = data.summary
    interaction.notes = data.notes
    interaction.cost = data.cost
    interaction.deal_id = data.deal_id
    interaction.private = data.private
    for name in MARKS:
        mark = getattr(data, name)
        setattr(interaction, name, mark.value if mark else None)
