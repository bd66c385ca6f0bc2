"""Text as typed or read back: control characters stripped, limits checked, and the error a
field reports. Every form and reader uses these; the contact rules (domain/contacts.py) are
only one of them, so `clientbook log` reads this module and not the contact validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clientbook.i18n import t

# The longest text each kind of field takes: refused past it with its limit named, never cut.
MAX_NAME = 100
MAX_TEXT = 100_000      # notes and minutes: a whole e-mail pasted in
MAX_EMAIL = 300
MAX_URL = 2000

# C0 and C1 (\x9b is CSI), not \t \n; and U+FEFF, an invisible byte-order mark that calendar
# readers drop from the start of a folded line, so a follow-up would not read back as written.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


@dataclass(frozen=True)
class FieldError:
    key: str
    values: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        # The values echo what was typed or read from a file: no terminal escape goes back out.
        return t(self.key, lang=lang, **{k: CONTROL_CHARS.sub("", v) if isinstance(v, str) else v
                                         for k, v in self.values.items()})


def clean_text(value: str | None) -> str:
    """Strip control characters (they cannot be shown again) but keep newlines and tabs.
    Never shortens: a field's limit is checked by its validator (checked_text)."""
    return CONTROL_CHARS.sub("", value or "").strip()


def checked_text(raw: dict[str, str], name: str, limit: int, errors: dict) -> str:
    """raw[name] cleaned, with form.error.too_long under `name` when longer than `limit`: text
    is refused with its limit named, never cut without a word."""
    value = clean_text(raw.get(name))
    if len(value) > limit:
        errors[name] = FieldError("form.error.too_long", {"limit": limit})
    return value


def book_text(data: bytes) -> str:
    """Every text read from the book (the sqlite3 text_factory): a book written before text was
    cleaned, or by hand, may hold terminal escapes (OSC 52, CSI) or bytes that are not UTF-8;
    none of them reaches a screen, the shell or an export file. Every character CONTROL_CHARS
    takes is unprintable, so printable text (nearly all of it) skips the pattern: half the time
    of a value, and every value read goes through here."""
    text = data.decode("utf-8", "replace")
    return text if text.isprintable() else CONTROL_CHARS.sub("", text)


def chosen(raw: dict[str, str], name: str, enum, errors: dict, default=None):
    """A form's choice as its enum; blank is `default`, anything else an error under `name`."""
    value = (raw.get(name) or "").strip()
    if not value:
        return default
    try:
        return enum(value)
    except ValueError:
        errors[name] = FieldError("form.error.choice", {"value": value})
        return default


def chosen_id(raw: dict[str, str], name: str, errors: dict) -> int | None:
    """A record picked in a form's choice of records (a deal), by its id; blank is none."""
    value = (raw.get(name) or "").strip()
    if not value:
        return None
    if not value.isdecimal():
        errors[name] = FieldError("form.error.choice", {"value": value})
        return None
    return int(value)
