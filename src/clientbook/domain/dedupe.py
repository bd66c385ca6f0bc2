"""Who is already in the book: the matching rules for imports and merges, and the import preview.

Pure: rows and existing contacts come in as plain values, the preview goes out.

Two records are taken for the same person when they share
  * a phone number (its digits, a +86/0086 country code dropped; at least 7 digits), or
  * a WeChat id (letter case ignored), or
  * the same name at the same company (spaces and letter case ignored; no company on both
    sides counts as the same company).

Rows of an import file are checked against the book first, then against the rows of the same
file before them, so a card exported twice in one file is not added twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

from clientbook.domain.contact_card import Typed, is_personal_phone, parse_typed, typed_text
from clientbook.domain.contact_fields import (ADDRESSES, BY_NAME, CARD_EXTRA, CONTACT_FIELDS, FIELD_NAMES, LIST,
                                              LONG_TEXT, TYPED, fields_of)
from clientbook.domain.contacts import ADDRESS_RULES, CompanyInput, ContactInput, validate_company, validate_contact
from clientbook.domain.search import digits, folded
from clientbook.domain.text import CONTROL_CHARS, FieldError, clean_text
from clientbook.i18n import t

MIN_PHONE_DIGITS = 7

# Why two records look like the same person (message keys interop.reason.*).
REASONS = ("phone", "wechat", "email", "name_company")

# Mailboxes a whole team reads (sales@acme.cn): like a switchboard, no sign of one person.
SHARED_MAILBOXES = frozenset({
    "sales", "info", "service", "services", "support", "contact", "contactus", "office", "admin", "hr", "jobs",
    "marketing", "market", "business", "bd", "purchase", "purchasing", "procurement", "caigou", "xiaoshou", "kefu",
    "hello", "enquiry", "enquiries", "inquiry", "order", "orders", "team", "noreply", "no-reply", "finance",
})

NEW, DUPLICATE, INVALID = "new", "duplicate", "invalid"
COMPANY = "company"          # a company's own card (vCard X-ABShowAs:COMPANY): it makes or fills in a company
SKIP, MERGE, ADD = "skip", "merge", "add"
CHOICES = (SKIP, MERGE, ADD)


def phone_key(phone: str) -> str | None:
    """The digits that identify a phone: 8613800138000, +86 138-0013-8000 and 13800138000 agree."""
    number = digits(phone)
    if number.startswith("0086"):
        number = number[4:]
    elif number.startswith("86") and len(number) == 13 and number[2] == "1":
        number = number[2:]
    return number if len(number) >= MIN_PHONE_DIGITS else None


def wechat_key(wechat: str) -> str | None:
    value = (wechat or "").strip().lower()
    return value or None


def name_key(name: str, company: str) -> str | None:
    name = folded(name)
    if not name:
        return None
    return name + "\x1f" + folded(company)


def match_keys(person) -> list[tuple[str, str]]:
    """(reason, key) pairs of a person (a ContactInput or an Existing), strongest evidence first.
    Only what reaches this one person makes a look-alike: a mobile, the WeChat id, an e-mail
    (not a team's sales@ or info@), or the name at the same company. An office line or a fax is shared by everyone behind the
    switchboard (most Chinese business cards print one), so it is never a key."""
    personal = (phone_key(p.value) for p in person.phones if is_personal_phone(p))
    keys = [("phone", k) for k in dict.fromkeys(filter(None, personal))]
    if (w := wechat_key(person.wechat)) is not None:
        keys.append(("wechat", w))
    keys += [("email", k) for k in dict.fromkeys(e.value.strip().lower() for e in person.emails)
             if k and k.split("@")[0] not in SHARED_MAILBOXES]
    if (n := name_key(person.name, person.company)) is not None:
        keys.append(("name_company", n))
    return keys


@dataclass(frozen=True)
class Existing:
    """A live contact of the book, as the matcher needs it."""

    id: int
    name: str
    company: str
    phones: tuple[Typed, ...] = ()
    wechat: str = ""
    emails: tuple[Typed, ...] = ()


class Matcher:
    """Finds the first known record sharing a key with a candidate. A ref is a tuple:
    ("book", contact id, name, company) or ("file", row number, line)."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, str], tuple] = {}

    def add(self, ref: tuple, person) -> None:
        for reason, key in match_keys(person):
            self._index.setdefault((reason, key), ref)

    def find(self, person) -> tuple[tuple, str] | None:
        for reason, key in match_keys(person):
            ref = self._index.get((reason, key))
            if ref is not None:
                return ref, reason
        return None

    def prefetch(self, keys: Iterable[tuple[str, str]]) -> None:
        """Before a chunk of rows is matched: an index kept on disk (store/interop.py) loads
        these keys here, all at once. In memory everything is here already."""


def add_existing(matcher: Matcher, person: Existing) -> None:
    matcher.add(("book", person.id, person.name, person.company), person)


def book_matcher(existing: Iterable[Existing]) -> Matcher:
    matcher = Matcher()
    for person in existing:
        add_existing(matcher, person)
    return matcher


# ---------------------------------------------------------------- import rows and the preview
@dataclass
class RawRow:
    """One card or CSV line as read from a file: raw form values (validate_contact's input)."""

    number: int                  # 1-based: the card's or the data row's position in the file
    line: int                    # the file line it starts on
    raw: dict[str, str] = field(default_factory=dict)
    problem: FieldError | None = None   # the reader could not take it at all (no name, cut off …)
    # What the raw strings cannot say (a card's typed values with their labels, addresses' parts,
    # structured name, photo, kept properties): validate_contact's `base`. The reader cleans it;
    # the raw strings show the same values, so the form's rules still check them.
    base: ContactInput | None = None
    company: dict[str, str] | None = None   # the company form's raw values the row tells (grade …)
    is_company: bool = False     # the row is a company's card: `company` is all it holds
    not_kept: tuple[str, ...] = ()   # what the reader had to leave out (message keys interop.not_kept.*)


@dataclass
class ImportRow:
    number: int
    line: int
    name: str                    # as read, for naming the row even when it is unreadable
    company: str
    data: ContactInput | None
    errors: list[tuple[str, FieldError]] = field(default_factory=list)   # (field or "", reason)
    status: str = NEW            # NEW | DUPLICATE | INVALID
    match_id: int | None = None        # the contact already in the book
    match_name: str = ""
    match_company: str = ""
    match_row: int | None = None       # or the earlier row of this file (its number …
    match_line: int | None = None      # … and the line it starts on)
    reason: str = ""                   # REASONS
    company_card: CompanyInput | None = None   # a company the row makes or fills in
    not_kept: tuple[str, ...] = ()


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    source: str = ""             # "vcard" | "csv"
    detail: str = ""             # e.g. the encoding a CSV was read in

    @property
    def new(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == NEW]

    @property
    def duplicates(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == DUPLICATE]

    @property
    def invalid(self) -> list[ImportRow]:
        return [r for r in self.rows if r.status == INVALID]

    def row(self, number: int) -> ImportRow:
        return next(r for r in self.rows if r.number == number)


def build_preview(
    raw_rows: Iterable[RawRow],
    existing: Iterable[Existing],
    progress: Callable[[int], None] | None = None,
) -> ImportPreview:
    """Validate every row with the form's rules and sort it: new, duplicate or unreadable."""
    return ImportPreview(list(classify_rows(raw_rows, book_matcher(existing), Matcher(), progress)))


CHUNK = 500


def classify_rows(
    raw_rows: Iterable[RawRow],
    book: Matcher,
    in_file: Matcher,
    progress: Callable[[int], None] | None = None,
) -> Iterator[ImportRow]:
    """build_preview's rows one by one, as `raw_rows` come: a file of a million rows is never
    held. Rows are checked CHUNK at a time so a matcher on disk looks their keys up at once."""
    rows = iter(raw_rows)
    count = 0
    while chunk := list(islice(rows, CHUNK)):
        checked = [_check(raw_row) for raw_row in chunk]
        keys = [key for row in checked if row.data is not None
                for key in match_keys(row.data)]
        book.prefetch(keys)
        in_file.prefetch(keys)
        for row in checked:
            if row.data is not None:
                _match(row, book, in_file)
            count += 1
            if progress is not None and count % 250 == 0:
                progress(count)
            yield row


def _check(raw_row: RawRow) -> ImportRow:
    raw = raw_row.raw
    name = clean_text(raw.get("name"))         # shown in the preview even when unreadable
    company = clean_text(raw.get("company"))
    row = ImportRow(raw_row.number, raw_row.line, name, company, None, not_kept=raw_row.not_kept)
    if raw_row.problem is not None:
        row.status, row.errors = INVALID, [("", raw_row.problem)]
        return row
    if raw_row.company is not None:
        row.company_card, errors = validate_company(raw_row.company)
        if errors:
            row.status, row.errors = INVALID, list(errors.items())
            return row
    if raw_row.is_company:
        row.status, row.name, row.company = COMPANY, row.company_card.name, ""
        return row
    data, errors = validate_contact(raw, raw_row.base)
    if errors and set(errors) <= set(ADDRESS_RULES):
        # A file's "e-mail" or "web site" that is none (URL:my blog): the contact is still read,
        # that text goes into the note as the file had it.
        data, errors = validate_contact(_unreadable_into_notes(raw, raw_row.base, set(errors)), raw_row.base)
    if errors:
        row.status, row.errors = INVALID, list(errors.items())
        return row
    row.data, row.name, row.company = data, data.name, data.company
    return row


def _unreadable_into_notes(raw: dict, base: ContactInput | None, names: set[str]) -> dict:
    raw = dict(raw)
    notes = [raw.get("notes") or ""]
    for name in (name for name in ADDRESS_RULES if name in names):      # e-mails, then web addresses
        rule, _key = ADDRESS_RULES[name]
        values = parse_typed(CONTROL_CHARS.sub("", raw.get(name) or ""), BY_NAME[name].kinds,
                             tuple(getattr(base, name)) if base else ())
        raw[name] = typed_text([v for v in values if rule.match(v.value)], "en")
        notes += [t("interop.note.unreadable", field=t(f"field.{name}"), value=v.form_text())
                  for v in values if not rule.match(v.value)]
    raw["notes"] = "\n".join(line for line in notes if line)
    return raw


def _match(row: ImportRow, book: Matcher, in_file: Matcher) -> None:
    """Like someone in the book, else like an earlier row of the file, else new (and then
    later rows are matched against it)."""
    data = row.data
    found = book.find(data) or in_file.find(data)
    if found is not None:
        ref, reason = found
        row.status, row.reason = DUPLICATE, reason
        if ref[0] == "book":
            _kind, row.match_id, row.match_name, row.match_company = ref
        else:
            _kind, row.match_row, row.match_line = ref
    else:
        in_file.add(("file", row.number, row.line), data)


def problem_text(row: ImportRow, field_label: Callable[[str], str], lang: str | None = None) -> str:
    """Why a row cannot be read, in one line: "Phones: Not a phone number: “abc”"."""
    parts = []
    for name, error in row.errors:
        message = error.message(lang)
        parts.append(t("interop.problem.field", lang=lang, field=field_label(name), message=message) if name else message)
    return t("interop.problem.separator", lang=lang).join(parts)


# ---------------------------------------------------------------- combining two records
# Every field of a contact the merge screen shows, in the order of the contact form.
MERGE_FIELDS = FIELD_NAMES
# Fields where "both" makes sense: lists are joined, texts put one under the other.
COMBINABLE = tuple(f.name for f in CONTACT_FIELDS if f.combinable)
# Fields an import's merge always joins: lists, and the notes under each other.
JOINED = tuple(f.name for f in fields_of(LIST, TYPED, ADDRESSES, LONG_TEXT, CARD_EXTRA))


def _empty(value) -> bool:
    return value in (None, "", [], 0) if not isinstance(value, bool) else False


def _union(a: list[str], b: list[str], key=lambda x: x) -> list[str]:
    seen, out = set(), []
    for item in [*a, *b]:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _join_text(a: str, b: str, separator: str = "\n") -> str:
    if not a:
        return b
    if not b or b in a:
        return a
    if a in b:
        return b
    return f"{a}{separator}{b}"


def combine(name: str, a, b):
    """The value of field `name` keeping both records' values."""
    if name == "phones":
        # The same number once: an untyped copy (a book from before schema 6) learns the kind.
        kinds = {phone_key(p.value) or p.value: p for p in b if p.kind or p.label}
        return _union([kinds.get(phone_key(p.value) or p.value, p) if not (p.kind or p.label) else p for p in a], b,
                      key=lambda p: phone_key(p.value) or p.value)
    if BY_NAME[name].kind == CARD_EXTRA:   # the cards' kept properties, each line once
        return "\n".join(dict.fromkeys(line for line in (*a.split("\n"), *b.split("\n")) if line))
    if BY_NAME[name].kind in (LIST, TYPED, ADDRESSES):
        return _union(a, b, key=lambda v: v.value.lower() if name in ("emails", "urls") else v)
    # Notes are a text area; the other texts are one-line fields in the contact form.
    return _join_text(a, b, "\n" if BY_NAME[name].kind == LONG_TEXT else "; ")


def default_choices(a: ContactInput, b: ContactInput) -> dict[str, str]:
    """What the merge screen proposes: keep A, take B where A is empty, both for lists and notes."""
    choices = {}
    for name in MERGE_FIELDS:
        va, vb = getattr(a, name), getattr(b, name)
        if name == "level":
            choices[name] = "a" if va >= vb else "b"
        elif _empty(va) and not _empty(vb):
            choices[name] = "b"
        elif name in COMBINABLE and not _empty(vb) and combine(name, va, vb) != va:
            choices[name] = "both"
        else:
            choices[name] = "a"
    return choices


def merged_input(a: ContactInput, b: ContactInput, choices: dict[str, str]) -> ContactInput:
    """A's record with each field taken from A, from B, or from both (COMBINABLE fields only)."""
    values = {}
    for name in MERGE_FIELDS:
        choice = choices.get(name, "a")
        va, vb = getattr(a, name), getattr(b, name)
        if choice == "b":
            values[name] = vb
        elif choice == "both" and name in COMBINABLE:
            values[name] = combine(name, va, vb)
        else:
            values[name] = va
    return replace(a, **values)


def fill_in(existing: ContactInput, incoming: ContactInput) -> ContactInput:
    """An import's "merge": what the book has stays; empty fields are filled from the file,
    new phone numbers and tags are added, and a new note is put under the old one."""
    values = {}
    for name in MERGE_FIELDS:
        old, new = getattr(existing, name), getattr(incoming, name)
        if name in JOINED:
            values[name] = combine(name, old, new)
        elif name == "level":
            values[name] = max(old, new)
        elif _empty(old) and not _empty(new):
            values[name] = new
    return replace(existing, **values)

