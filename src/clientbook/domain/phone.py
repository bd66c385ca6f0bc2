"""What `clientbook serve` publishes to the phone: one vCard per active contact and one calendar
object per event, each under a stable name, and what must change in a collection to match the
book. Pure: texts in, texts out (the cards come from domain/vcard.py's writer, the events from
domain/ics.py's; this module only names and compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from clientbook.domain.enums import Grade, Level
from clientbook.i18n import t

CONTACTS = "contacts"       # the address book's name under the rep's user: /USER/contacts/
CALENDAR = "calendar"       # the calendar's: /USER/calendar/
CALENDAR_YEARS = 3          # lunar birthdays and festivals computed this many years ahead
# Read only for the phone: the collections are the book's mirror, never written back (Radicale's
# rights file: R reads the principal, r the address book and calendar; no w, so a PUT gets 403).
RIGHTS = """\
[root]
user: .+
collection:
permissions: R

[principal]
user: .+
collection: {user}
permissions: R

[collections]
user: .+
collection: {user}/[^/]+
permissions: r
"""
_STAMP = re.compile(r"^DTSTAMP[:;].*\r?\n", re.MULTILINE)
_METHOD = re.compile(r"^METHOD:.*\r?\n", re.MULTILINE)   # a file's, not a stored object's (RFC 4791 4.1)


def note_line(grade: str, level: int, lang: str) -> str:
    """The line a phone shows under the contact: the company's grade and the relationship level."""
    parts = [t("phone.note.grade", lang=lang, grade=Grade(grade).label(lang))] if grade else []
    parts.append(t("phone.note.level", lang=lang, level=Level(level).label(lang)))
    return " · ".join(parts)


def card_href(contact_id: int) -> str:
    return f"contact-{contact_id}.vcf"


def card_uid(contact_id: int) -> str:
    return f"clientbook-contact-{contact_id}@clientbook"


def phone_card(contact_id: int, values, grade: str, lang: str) -> str:
    """One contact's vCard 3.0 (values: vcard.CardValues) with its UID, the grade and level line
    first in its NOTE."""
    from clientbook.domain.vcard import write_card

    note = note_line(grade, values.level, lang)
    values = replace(values, notes=f"{note}\n{values.notes}" if values.notes else note)
    return write_card(values, "3.0", grade, uid=card_uid(contact_id))


def event_href(uid: str) -> str:
    """A calendar object's name from its event's UID (ics.make_uid: clientbook-…@clientbook)."""
    return uid.split("@", 1)[0] + ".ics"


def without_stamp(text: str) -> str:
    """The object as compared: DTSTAMP is the time it was made, not a change."""
    return _STAMP.sub("", text)


@dataclass(frozen=True)
class Changes:
    put: dict[str, str]          # href -> the text to store (new or changed)
    delete: tuple[str, ...]      # hrefs the book no longer has

    def __bool__(self) -> bool:
        return bool(self.put or self.delete)


def changes(current: Mapping[str, str], wanted: Mapping[str, str]) -> Changes:
    """What turns the collection's objects (`current`, href -> text) into the book's (`wanted`)."""
    put = {href: text for href, text in wanted.items()
           if href not in current or without_stamp(current[href]) != without_stamp(text)}
    return Changes(put, tuple(sorted(set(current) - set(wanted))))


def event_objects(events: Iterable, lang: str, stamp) -> dict[str, str]:
    """One VCALENDAR per event (ics.CalendarEvent), as CalDAV stores them: href -> text."""
    from clientbook.domain.ics import build_calendar

    return {event_href(ev.uid): _METHOD.sub("", build_calendar([ev], lang, stamp=stamp).decode("utf-8"))
            for ev in events}
