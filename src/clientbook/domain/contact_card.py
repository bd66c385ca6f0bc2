"""What a contact card holds beyond one line of text: typed phones, e-mails and web addresses,
postal addresses, the structured name and the photo; how each is kept in the book (JSON in
one column) and how a rep types them on one line of a form ("手机 138 0013 8000; 传真 010-6543 2100").

A typed value keeps the card's kind ("mobile", "work" …, "" when the card did not say) and a
label of its own ("助理", "Assistant"): vCard TYPE and X-ABLabel, CSV "Phone 1 - Label".
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields

from clientbook.i18n import t

PHONE_KINDS = ("mobile", "work", "home", "fax", "other")
PLACE_KINDS = ("work", "home", "other")      # e-mails, web addresses and postal addresses

# The words a rep or a file uses for a kind, in either language (lower case). The first of each
# language is how the kind is shown (i18n card.kind.*).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "mobile": ("手机", "移动电话", "移动", "mobile", "cell", "cellphone", "cell phone", "iphone"),
    "work": ("办公", "工作", "单位", "公司", "办公电话", "座机", "work", "office", "business", "company"),
    "home": ("家庭", "住宅", "家", "home", "personal", "private"),
    "fax": ("传真", "fax", "work fax", "home fax"),
    "other": ("其他", "其它", "other"),
}
_WORD_KIND = {word: kind for kind, words in KIND_WORDS.items() for word in words}
# Longest first, so "办公电话" is read before "办公" and "work fax" before "work".
_KIND_PREFIX = re.compile(
    r"^(?P<word>" + "|".join(re.escape(w) for w in sorted(_WORD_KIND, key=len, reverse=True)) + r")"
    r"(?:\s*[:：]\s*|\s+|(?=[\d+(]))(?P<rest>\S.*)$", re.IGNORECASE)
# A label of the rep's own before the value: "助理：010…", "Assistant: 010…" (a colon and a space,
# or a full-width colon, so "https://…" is not a label "https").
_LABEL_PREFIX = re.compile(r"^(?P<label>[^:：\s][^:：]{0,29}?)\s*(?:：\s*|:\s+)(?P<rest>\S.*)$")
_CHINESE_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")


def kind_of_word(word: str) -> str:
    """The kind a label word names ("Mobile", "传真", "HOME"), "" when it names none."""
    return _WORD_KIND.get(" ".join((word or "").lower().split()), "")


def kind_text(kind: str, lang: str | None = None) -> str:
    return t(f"card.kind.{kind}", lang=lang) if kind else ""


@dataclass(frozen=True)
class Typed:
    """A phone number, an e-mail or a web address, with what kind it is."""

    value: str
    kind: str = ""      # PHONE_KINDS or PLACE_KINDS, "" when not said
    label: str = ""     # a word of its own, shown instead of the kind

    def form_text(self, lang: str | None = None) -> str:
        """As the form shows it: "手机 138…", "助理: 010…" (a label of its own takes a colon)."""
        if self.label:
            return f"{self.label}: {self.value}"
        return f"{kind_text(self.kind, lang)} {self.value}" if self.kind else self.value


def phone_digits(number: str) -> str:
    return re.sub(r"\D", "", number or "")


def is_personal_phone(phone: Typed) -> bool:
    """A number that reaches one person: a mobile, or an untyped number that is no Chinese
    landline. An office line or a fax is shared by everyone behind the switchboard, so two
    people with the same one are not the same person (dedupe)."""
    if phone.kind == "mobile":
        return True
    if phone.kind or phone.label:     # work, home, fax, other, "助理": behind a switchboard or shared
        return False
    digits = phone_digits(phone.value)
    china = phone.value.strip().startswith("+86") or digits.startswith("0086")
    digits = digits[4:] if digits.startswith("0086") else digits[2:] if phone.value.strip().startswith("+86") else digits
    if _CHINESE_MOBILE.match(digits):
        return True
    # Untyped: a Chinese landline (0 and the area code, +86 and no mobile) or a 400/800 service
    # line is the office's; any other number (a mobile abroad) is taken as the person's.
    return not (china or digits.startswith(("0", "400", "800")))


def parse_typed(text: str, kinds: tuple[str, ...], before: tuple[Typed, ...] = ()) -> list[Typed]:
    """Values typed on one line (or one per line): each may start with a kind word or a label.
    A part that reads exactly as one of `before` is shown in the form keeps that value whole
    (its label or kind as the card had them)."""
    shown = {form: value for value in before for form in (value.form_text("zh"), value.form_text("en"))}
    pieces = re.split(r"([,;，；、\n]+)", text or "")      # values at even places, separators between
    values = []
    start = 0
    while start < len(pieces):
        # The longest run of pieces that reads as a value shown: its label may hold a comma.
        end = next((end for end in range(min(len(pieces), start + 41), start + 1, -2)
                    if "".join(pieces[start:end]).strip() in shown), start + 1) if shown else start + 1
        part = "".join(pieces[start:end]).strip()
        if part:
            values.append(shown.get(part) or read_typed(part, kinds))
        start = end + 1
    return list(dict.fromkeys(values))


def read_typed(part: str, kinds: tuple[str, ...]) -> Typed:
    """One value as typed or written in a file: "手机 138…", "Assistant: 010…", or bare. A word
    before a colon is the whole label ("Private old: …" is a label, though "private" names a kind)."""
    found = _LABEL_PREFIX.match(part)
    if found:
        label = found["label"].strip()
        kind = kind_of_word(label)
        return Typed(found["rest"].strip(), kind, "") if kind in kinds else Typed(found["rest"].strip(), "", label)
    found = _KIND_PREFIX.match(part)
    if found and _WORD_KIND[found["word"].lower()] in kinds:
        return Typed(found["rest"].strip(), _WORD_KIND[found["word"].lower()])
    return Typed(part)


def typed_text(values, lang: str | None = None, separator: str = ", ") -> str:
    return separator.join(value.form_text(lang) for value in values)


@dataclass(frozen=True)
class Address:
    """A postal address as vCard's ADR holds it (a rep's visits go there)."""

    street: str = ""
    locality: str = ""      # city
    region: str = ""        # province, state
    postcode: str = ""
    country: str = ""
    pobox: str = ""
    extended: str = ""      # building, suite
    kind: str = ""          # PLACE_KINDS, "" when not said
    label: str = ""

    def one_line(self) -> str:
        """The address as written on an envelope: Chinese from the country down, with no
        separators; others from the street up."""
        if any("\u4e00" <= ch <= "\u9fff" for ch in self.street + self.locality + self.region):
            parts = (self.country, self.region, self.locality, self.street, self.extended, self.pobox)
            return "".join(p for i, p in enumerate(parts) if p and p not in parts[:i]) + (
                f" {self.postcode}" if self.postcode else "")
        city = " ".join(p for p in (self.locality, self.region, self.postcode) if p)
        return ", ".join(p for p in (self.pobox, self.extended, self.street, city, self.country) if p)

    def form_text(self, lang: str | None = None) -> str:
        word = self.label or kind_text(self.kind, lang)
        return f"{word}: {self.one_line()}" if word else self.one_line()


def parse_addresses(text: str, before: tuple[Address, ...] = ()) -> list[Address]:
    """One address per line; a line that reads as an address the form showed keeps its parts."""
    shown = {form: address for address in before for form in (address.form_text("zh"), address.form_text("en"))}
    addresses = []
    for line in (line.strip() for line in (text or "").split("\n")):
        if line:
            typed = read_typed(line, PLACE_KINDS)
            addresses.append(shown.get(line) or Address(street=typed.value, kind=typed.kind, label=typed.label))
    return list(dict.fromkeys(addresses))


@dataclass(frozen=True)
class PersonName:
    """The card's structured name (vCard N), kept with the name shown (FN) it came with: while
    the contact is still called that, an export writes these parts back as they were."""

    shown: str
    family: str = ""
    given: str = ""
    middle: str = ""
    prefix: str = ""
    suffix: str = ""

    def parts(self) -> tuple[str, str, str, str, str]:
        return self.family, self.given, self.middle, self.prefix, self.suffix


@dataclass(frozen=True)
class Photo:
    data: bytes
    mime: str = "image/jpeg"


# ---------------------------------------------------------------- kept in the book as JSON
def dump_typed(values) -> str:
    return json.dumps([_compact(asdict(v)) for v in values], ensure_ascii=False) if values else ""


def load_typed(stored: str) -> list[Typed]:
    """A column of typed values (JSON)."""
    return _load(stored, Typed, "value")


def typed_from_lines(text: str) -> list[Typed]:
    """What a book before schema 6 (and a JSON book of format 1) kept: one bare value per line,
    whatever it starts with (an address "[sales]@x.com" too)."""
    return [Typed(line.strip()) for line in (text or "").split("\n") if line.strip()]


def dump_addresses(addresses) -> str:
    return json.dumps([_compact(asdict(a)) for a in addresses], ensure_ascii=False) if addresses else ""


def load_addresses(stored: str) -> list[Address]:
    return _load(stored, Address, "street")


def dump_name(name: PersonName | None) -> str:
    return json.dumps(_compact(asdict(name)), ensure_ascii=False) if name else ""


def load_name(stored: str) -> PersonName | None:
    if not stored:
        return None
    item = json.loads(stored)
    return PersonName(**{f.name: str(item.get(f.name, "")) for f in fields(PersonName)})


def _compact(item: dict) -> dict:
    return {key: value for key, value in item.items() if value}


def _load(stored: str, cls, bare: str) -> list:
    if not stored:
        return []
    if not stored.startswith("["):   # a hand-edited book: its lines are the values
        return [cls(**{bare: line}) for line in stored.split("\n") if line.strip()]
    names = [f.name for f in fields(cls)]
    return [cls(**{name: str(item[name]) for name in names if name in item}) for item in json.loads(stored)
            if isinstance(item, dict)]


def size_text(size: int) -> str:
    """A photo's or a file's size as people say it: 850 B, 24 KB, 1.3 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB"
