"""What ContactsRepository's reads for the app's screens return: the company list's rows, a
contact with its company, the archive's items and the counts.

Apart from contacts.py, which imports them in the reads that build them: `clientbook add` looks
its contact up there, and creating a frozen dataclass costs Python 3.11 about a millisecond (it
compiles each generated method)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clientbook.store.models import Company, Contact


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
    photo: tuple[str, int] | None = None     # the card's photo: its type and size in bytes


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
