"""Row helpers shared by the repositories, each working inside the caller's session (so inside
its transaction): finding a row, the note index, the stay-in-touch clock, a contact's columns,
and the writes several areas make (an interaction, a follow-up, a level change)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from clientbook.domain.interactions import InteractionInput
from clientbook.domain.search import build_keys, fts_document, same_company, sort_key
from clientbook.errors import NotFound
from clientbook.store.models import Company, Contact, Interaction, InteractionContact

if TYPE_CHECKING:
    from clientbook.domain.contacts import ContactInput


def get_row(session: Session, model, object_id: int):
    """The row of `model` with this id, or NotFound."""
    found = session.get(model, object_id)
    if found is None:
        raise NotFound("book.error.not_found", what=f"{model.__name__} #{object_id}")
    return found


# ---------------------------------------------------------------- contacts and companies
def input_of(contact: Contact, company: str, photo=None) -> ContactInput:
    """The contact row as form values: every field of contact_fields, by its kind (the photo,
    kept in its own table, as photo_of read it)."""
    from clientbook.domain.contact_fields import CONTACT_FIELDS, LEVEL, LIST, PHOTO, POSITION, STORED_AS_JSON
    from clientbook.domain.contacts import ContactInput   # here: `clientbook log` reads no form values
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
    contact.company_id = company_id_for(session, data.company, now)
    if contact.id is None:
        session.add(contact)
        session.flush()
    set_photo(session, contact.id, data.photo)


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
    for name in ("space", "info_quality", "coach", "topic_depth"):
        mark = getattr(data, name)
        setattr(interaction, name, mark.value if mark else None)


def interaction_text(interaction: Interaction) -> str:
    """What note search finds an interaction by."""
    return "\n".join(x for x in (interaction.summary, interaction.notes, interaction.place) if x)


def link_contacts(session: Session, interaction: Interaction, contact_ids: list[int], cc_ids=()) -> None:
    """The people it was with (an e-mail's recipients), and an e-mail's cc'd people (cc)."""
    for contact_id, cc in (*((c, False) for c in dict.fromkeys(contact_ids)), *((c, True) for c in cc_ids)):
        get_row(session, Contact, contact_id)
        session.add(InteractionContact(interaction_id=interaction.id, contact_id=contact_id, cc=cc))
    session.flush()


def insert_interaction(session: Session, data: InteractionInput, now: datetime) -> int:
    """An interaction with its contacts, indexed, their stay-in-touch clocks restarted."""
    interaction = Interaction(created_at=now, updated_at=now, kind=data.kind.value, occurred_at=data.occurred_at)
    fill_interaction(interaction, data)
    session.add(interaction)
    session.flush()
    link_contacts(session, interaction, data.contact_ids, data.cc_ids)
    index_note(session, "interaction", interaction.id, interaction_text(interaction))
    refresh_last_contact(session, [*data.contact_ids, *data.cc_ids])
    return interaction.id


def insert_followup(session: Session, contact_id: int, data, now: datetime, interaction_id: int | None) -> int:
    from clientbook.store.models.followups import Followup  # mapped on first use (models/followups.py)

    get_row(session, Contact, contact_id)
    followup = Followup(contact_id=contact_id, interaction_id=interaction_id, what=data.what,
                        due_date=data.due, due_time=data.due_time, promise=data.promise,
                        created_at=now, updated_at=now)
    session.add(followup)
    session.flush()
    index_note(session, "followup", followup.id, followup.what)
    return followup.id


def change_level(session: Session, contact_id: int, level: int, reason: str, now: datetime,
                 interaction_id: int | None) -> None:
    """Set the contact's relationship level, keeping the change in its history."""
    from clientbook.store.models.followups import LevelChange  # mapped on first use

    contact = get_row(session, Contact, contact_id)
    if contact.level == level:
        return
    session.add(LevelChange(contact_id=contact_id, changed_at=now, from_level=contact.level, to_level=level,
                            reason=reason, interaction_id=interaction_id))
    contact.level = level
    contact.updated_at = now


def refresh_last_contact(session: Session, contact_ids) -> None:
    """Restart the stay-in-touch clock: the latest live interaction of each contact."""
    session.flush()
    for contact_id in set(contact_ids):
        latest = session.exec(
            select(func.max(Interaction.occurred_at))
            .join(InteractionContact, InteractionContact.interaction_id == Interaction.id)
            .where(InteractionContact.contact_id == contact_id, col(Interaction.archived_at).is_(None))
        ).one()
        contact = session.get(Contact, contact_id)
        if contact is not None:
            contact.last_contact_at = latest


# ---------------------------------------------------------------- the note index
# Each note's index row has a rowid derived from what it indexes, so replacing or dropping it
# is a lookup by rowid: kind and ref_id are UNINDEXED columns, and a search by them scans
# the whole index (85 ms at 100k notes). Newer notes also get higher rowids.
_NOTE_KINDS = {"interaction": 0, "followup": 1}


def note_rowid(kind: str, ref_id: int) -> int:
    return ref_id * 2 + _NOTE_KINDS[kind]


def drop_note(session: Session, kind: str, ref_id: int) -> None:
    session.exec(text("DELETE FROM note_fts WHERE rowid = :r").bindparams(r=note_rowid(kind, ref_id)))


def index_note(session: Session, kind: str, ref_id: int, body: str) -> None:
    drop_note(session, kind, ref_id)
    if body:
        session.exec(text("INSERT INTO note_fts (rowid, body, kind, ref_id) VALUES (:r, :b, :k, :id)")
                     .bindparams(r=note_rowid(kind, ref_id), b=fts_document(body), k=kind, id=ref_id))
