"""A card's photo, apart from the contact's row: lists and searches never read it, and this
table is imported only where a photo is read or written (and by all_tables()), so `clientbook
log` does not map it."""

from sqlmodel import Field

from clientbook.store.models import _Table


class ContactPhoto(_Table, table=True):
    __tablename__ = "contact_photo"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    mime: str = "image/jpeg"
    data: bytes
