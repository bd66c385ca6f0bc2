"""vCard: a tolerant reader for 2.1, 3.0 and 4.0, and a 3.0 writer. Pure: bytes in (or a file,
read a line at a time, so a big file is never held whole), values out.

Why not vobject (stack.md): it raises on old Android 2.1 exports. Those write Chinese as
quoted-printable UTF-8 (or GBK, per CHARSET=) with soft line breaks ("=" at the end of a line)
that may fall inside a multi-byte character, so everything here works on bytes: lines are
unfolded and soft breaks joined first, and a value is decoded to text only when complete.

What the reader takes (anything else, X- fields included, is skipped, never a crash):
  FN (else N)            -> name        ORG (first part) -> company    TITLE (else ROLE) -> title
  TEL*                   -> phones      EMAIL* -> email (the first; others go into the note)
  BDAY, X-…LUNAR…        -> birthday (a lunar X- field wins: it is what clientbook writes)
  NOTE*                  -> notes       CATEGORIES -> tags
  X-WECHAT, X-WEIXIN, IMPP/X-SOCIALPROFILE of type WeChat, an iOS item labelled 微信 -> wechat
  X-CLIENTBOOK-POSITION, X-CLIENTBOOK-LEVEL, X-CLIENTBOOK-CUISINE … -> the fields only clientbook
                         knows (position tier, relationship level, tastes, cadence …: contact_fields)
PHOTO, LOGO, SOUND and KEY blocks (base64, even unindented 2.1 ones) are skipped.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, make_dataclass
from typing import BinaryIO

from clientbook.domain.contact_card import PHONE_KINDS, PLACE_KINDS, Typed, kind_of_word, typed_text
from clientbook.domain.contact_fields import (ADDRESSES, CONTACT_FIELDS, LEVEL, LIST, NAME_PARTS, NUMBER, PHOTO,
                                              POSITION, TYPED)
from clientbook.domain.contacts import ContactInput
from clientbook.domain.dedupe import RawRow, phone_key
from clientbook.domain.lunar import Birthday, birth_date
from clientbook.domain.text import FieldError

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=]+")
_PROPERTY_START = re.compile(rb"^[A-Za-z0-9\-_]+(\.[A-Za-z0-9\-_]+)?[;:]")
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Fields no standard property carries: written as X-CLIENTBOOK-<FIELD>, one text each, read back as typed.
OWN_PREFIX = "X-CLIENTBOOK-"
OWN_FIELDS = tuple(f for f in CONTACT_FIELDS if f.vcard.startswith(OWN_PREFIX))
_IGNORED_TAGS = {"mycontacts", "my contacts", "starred", "starred in android", "contacts"}
WECHAT_WORDS = ("wechat", "weixin", "微信")


@dataclass
class Property:
    group: str
    name: str                              # upper case
    params: dict[str, list[str]]           # keys upper case; TYPE values upper case
    raw: bytes                             # the value, unfolded, still encoded
    line: int

    def types(self) -> set[str]:
        return set(self.params.get("TYPE", []))

    def text(self) -> str:
        """The value as text: quoted-printable or base64 undone, then decoded by CHARSET."""
        return _decode(_transfer_decode(self.raw, self.params), self.params.get("CHARSET", [""])[0])


@dataclass
class Card:
    number: int                            # 1-based position in the file
    line: int                              # the line of its BEGIN:VCARD
    properties: list[Property] = field(default_factory=list)
    truncated: bool = False                # the file ended before END:VCARD

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first_text(self, *names: str) -> str:
        for name in names:
            for prop in self.all(name):
                value = unescape(prop.text()).strip()
                if value:
                    return value
        return ""

    @property
    def version(self) -> str:
        return self.first_text("VERSION") or "2.1"


# ---------------------------------------------------------------- bytes -> logical lines
def _strip_bom(data: bytes) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8")   # Outlook's "Unicode" exports
    return data


def _header(line: bytes) -> bytes:
    """The part before the value: everything up to the first colon outside double quotes."""
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return line[:index]
    return line


def _is_qp(header: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in header.upper()


def _is_base64(header: bytes) -> bool:
    upper = header.upper()
    return b"BASE64" in upper or b"ENCODING=B" in upper


def _physical_lines(source: bytes | BinaryIO) -> Iterator[bytes]:
    """The file's lines without their ends (CRLF, LF or a lone CR), read a line at a time."""
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
    head = stream.read(3)
    stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):     # Outlook's "Unicode" exports
        pieces = (line.encode("utf-8") for line in
                  io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline=""))
    else:
        if head == b"\xef\xbb\xbf":
            stream.seek(3)
        pieces = iter(stream)
    for piece in pieces:
        if piece.endswith(b"\n"):
            piece = piece[:-1]
        if piece.endswith(b"\r"):
            piece = piece[:-1]
        yield from _LINE_BREAK.split(piece)                 # lone CRs (old Mac files) inside


def logical_lines(source: bytes | BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(line number, unfolded line): folding and quoted-printable soft breaks joined, on bytes.
    A line is given out once the next one shows it is complete: the file is read as it goes."""
    current: bytearray | None = None
    current_number = 0
    qp_pending = False        # the last line ended in a soft line break "="
    in_base64 = False         # inside a 2.1 base64 block, which may run on unindented
    for number, line in enumerate(_physical_lines(source), 1):
        if qp_pending and current is not None and line.strip().upper() != b"END:VCARD":
            current += line
            qp_pending = _soft_break(current)
            continue
        qp_pending = False
        if line[:1] in (b" ", b"\t") and current is not None:
            current += line[1:]
            qp_pending = _is_qp(_header(current)) and _soft_break(current)
            continue
        if in_base64 and current is not None and line.strip() and _BASE64_LINE.fullmatch(line.strip()):
            current += line.strip()
            continue
        in_base64 = False
        if not line.strip():
            continue
        if current is not None:
            yield current_number, bytes(current)
        current, current_number = bytearray(line), number
        header = _header(current)
        in_base64 = _is_base64(header)
        qp_pending = _is_qp(header) and _soft_break(current)
    if current is not None:
        yield current_number, bytes(current)


def _soft_break(line: bytearray) -> bool:
    """A quoted-printable line ending in "=": drop the "=" and say the next line continues it."""
    stripped = line.rstrip(b" \t")
    if stripped.endswith(b"="):
        del line[len(stripped) - 1:]
        return True
    return False


# ---------------------------------------------------------------- logical line -> property
def _split_params(header: str) -> list[str]:
    parts, current, quoted = [], [], False
    for char in header:
        if char == '"':
            quoted = not quoted
            continue
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def parse_property(number: int, line: bytes) -> Property | None:
    header = _header(line)
    if len(header) == len(line):
        return None                                 # no colon: not a property
    value = line[len(header) + 1:]
    text = header.decode("utf-8", errors="replace").strip()
    parts = _split_params(text)
    name = parts[0].strip()
    group = ""
    if "." in name:
        group, name = name.rsplit(".", 1)
    if not name:
        return None
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, raw_values = part.split("=", 1)
            key = key.strip().upper()
            values = [v.strip() for v in raw_values.split(",") if v.strip()]
        else:                                       # 2.1 bare parameters: TEL;CELL;PREF
            upper = part.upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"):
                key, values = "ENCODING", [part]
            else:
                key, values = "TYPE", [part]
        if key == "TYPE":
            values = [v.upper() for v in values]
        params.setdefault(key, []).extend(values)
    return Property(group.upper(), name.upper(), params, value, number)


def _transfer_decode(raw: bytes, params: dict[str, list[str]]) -> bytes:
    encoding = (params.get("ENCODING", [""])[0]).upper()
    if encoding == "QUOTED-PRINTABLE":
        try:
            return binascii.a2b_qp(raw)
        except (binascii.Error, ValueError):
            return raw
    if encoding in ("BASE64", "B"):
        try:
            return base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=False)
        except (binascii.Error, ValueError):
            return raw
    return raw


def _decode(data: bytes, charset: str) -> str:
    """Text in the declared charset, else UTF-8, else GB18030 (GBK's superset), never an error."""
    candidates = []
    if charset:
        charset = charset.strip().strip('"').lower()
        candidates.append("gb18030" if charset in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936") else charset)
    candidates += ["utf-8", "gb18030"]
    for name in candidates:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def unescape(text: str) -> str:
    r"""3.0/4.0 text escapes: \n \N newline, \, \; \: \\ the character itself."""
    if "\\" not in text:
        return text
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text, flags=re.S)


def split_structured(text: str) -> list[str]:
    """N, ADR, ORG: components separated by unescaped semicolons, each unescaped."""
    parts = re.split(r"(?<!\\);", text)
    return [unescape(p).strip() for p in parts]


# ---------------------------------------------------------------- properties -> cards
def read_cards(source: bytes | BinaryIO) -> Iterator[Card]:
    """The cards of a file, one at a time, in file order."""
    card: Card | None = None
    count = 0
    nested = 0                                      # inside a 2.1 AGENT's own card: skipped
    last_name = ""
    for number, line in logical_lines(source):
        upper = line.strip().upper()
        if upper == b"BEGIN:VCARD":
            if card is not None and last_name == "AGENT":
                nested += 1
                continue
            # A card without END:VCARD before the next one: it ended there.
            if card is not None:
                yield card
            count += 1
            card = Card(count, number)
            last_name = ""
            continue
        if upper == b"END:VCARD":
            if nested:
                nested -= 1
            elif card is not None:
                yield card
                card = None
            continue
        if card is None or nested:
            continue
        prop = parse_property(number, line)
        if prop is None:
            continue
        last_name = prop.name if not prop.raw.strip() else ""
        card.properties.append(prop)
    if card is not None:
        card.truncated = True
        yield card


# ---------------------------------------------------------------- cards -> raw contact values
def _is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def _name_from_n(value: str) -> str:
    parts = split_structured(value) + [""] * 5
    family, given, additional = parts[0], parts[1], parts[2]
    if _is_cjk(family + given + additional):
        return f"{family}{given}{additional}".strip()
    return " ".join(p for p in (given, additional, family) if p)


def clean_phone(value: str) -> str:
    """A phone as a phone book writes it: tel: URIs, ;ext= and full-width digits undone."""
    value = unicodedata.normalize("NFKC", value).strip()
    if value.lower().startswith("tel:"):
        value = value[4:]
    value = value.split(";", 1)[0]
    return value.strip()


def _wechat_id(value: str) -> str:
    value = value.strip()
    for prefix in ("weixin://contacts/profile/", "weixin://", "wechat://", "x-apple:", "weixin:", "wechat:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix):]
    return value.strip().strip("/")


def _mentions_wechat(texts: Iterable[str]) -> bool:
    return any(word in text.lower() for text in texts for word in WECHAT_WORDS)


def _wechat(card: Card) -> str:
    for prop in card.properties:
        if prop.name in ("X-WECHAT", "X-WEIXIN", "X-WECHAT-ID", "X-WEIXIN-ID", "X-CLIENTBOOK-WECHAT"):
            value = unescape(prop.text()).strip()
            if value:
                return _wechat_id(value)
    for prop in card.properties:
        if prop.name in ("IMPP", "X-SOCIALPROFILE"):
            value = unescape(prop.text()).strip()
            labels = [value, *prop.types(), *prop.params.get("X-SERVICE-TYPE", []), *prop.params.get("X-USER", [])]
            if value and _mentions_wechat(labels):
                user = prop.params.get("X-USER", [""])[0]
                return _wechat_id(user or value)
    # iOS: item3.X-ABLabel:微信 labels the other property of group item3.
    labelled = {p.group for p in card.properties
                if p.name == "X-ABLABEL" and p.group and _mentions_wechat([unescape(p.text())])}
    for prop in card.properties:
        if prop.group in labelled and prop.name != "X-ABLABEL":
            value = unescape(prop.text()).strip()
            if value:
                return _wechat_id(value)
    return ""


def _preferred_first(props: list[Property]) -> list[Property]:
    def preferred(p: Property) -> bool:
        return "PREF" in p.types() or "PREF" in p.params or p.params.get("PREF", ["0"])[0] == "1"
    return sorted(props, key=lambda p: not preferred(p))


def _birthday(card: Card) -> str:
    for prop in card.properties:
        if prop.name.startswith("X-") and "LUNAR" in prop.name:
            value = unescape(prop.text()).strip()
            if value:
                if value.lower().startswith("lunar:") or value.startswith(("农历", "阴历")):
                    return value
                return f"lunar:{value}"
    for prop in card.all("BDAY"):
        value = unescape(prop.text()).strip()
        if not value:
            continue
        omit_year = prop.params.get("X-APPLE-OMIT-YEAR", [""])[0]
        return bday_text(value, omit_year)
    return ""


def bday_text(value: str, omit_year: str = "") -> str:
    """A BDAY value as parse_birthday reads it: 1985-04-17, 04-17 (no year) or as it came."""
    value = value.strip()
    value = re.split(r"[T ]", value, maxsplit=1)[0] if re.match(r"\d{4}-?\d{2}-?\d{2}[T ]", value) else value
    if m := re.fullmatch(r"(\d{4})-?(\d{1,2})-?(\d{1,2})", value):
        year, month, day = m.groups()
        if year == omit_year or year in ("1604", "0000"):   # iOS and Outlook: "no year"
            return f"{int(month):02d}-{int(day):02d}"
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if m := re.fullmatch(r"--(\d{2})-?(\d{2})", value):
        return f"{m.group(1)}-{m.group(2)}"
    return value


def card_to_raw(card: Card) -> RawRow:
    """A card as the contact form's raw values (validate_contact then applies the usual rules)."""
    name = card.first_text("FN")
    if not name:
        for prop in card.all("N"):
            name = _name_from_n(prop.text())
            if name:
                break
    org = ""
    for prop in card.all("ORG"):
        org = split_structured(prop.text())[0]
        if org:
            break
    phones = list(dict.fromkeys(
        Typed(p, _kind_of(prop, PHONE_KINDS)) for p, prop in ((clean_phone(unescape(prop.text())), prop)
                                                             for prop in card.all("TEL")) if p
    ))
    emails = list(dict.fromkeys(
        Typed(e, _kind_of(prop, PLACE_KINDS))
        for e, prop in ((unescape(prop.text()).strip(), prop) for prop in _preferred_first(card.all("EMAIL"))) if e
    ))
    notes = [unescape(prop.text()).strip() for prop in card.all("NOTE")]
    notes = [n for n in notes if n]
    tags = []
    for prop in card.all("CATEGORIES"):
        tags += [unescape(part).strip() for part in re.split(r"(?<!\\),", prop.text())]
    tags = [tag for tag in tags if tag and tag.lower() not in _IGNORED_TAGS]
    raw = {
        "name": name,
        "company": org,
        "title": card.first_text("TITLE", "ROLE"),
        "phones": typed_text(phones, "en"),
        "emails": typed_text(emails, "en"),
        "wechat": _wechat(card),
        "birthday": _birthday(card),
        "notes": "\n".join(notes),
        "tags": " ".join(tag.replace(" ", "_") for tag in tags),
        **{f.name: card.first_text(f.vcard) for f in OWN_FIELDS},
    }
    problem = None
    if card.truncated:
        problem = FieldError("interop.problem.truncated")
    elif not name:
        problem = FieldError("interop.problem.no_name")
    return RawRow(card.number, card.line, raw, problem)


def _kind_of(prop, kinds: tuple[str, ...]) -> str:
    """The kind a TEL's or EMAIL's TYPE names (CELL is mobile, a fax TYPE wins), "" for none."""
    types = {value.lower() for value in prop.params.get("TYPE", [])}
    found = ["fax" if "fax" in types else kind_of_word(value) for value in sorted(types)]
    found = [kind for kind in found if kind in kinds]
    return "fax" if "fax" in found else found[0] if found else ""


def read_vcards(source: bytes | BinaryIO) -> Iterator[RawRow]:
    """Every card of a .vcf file (its bytes, or the file opened in binary) as raw contact
    values, in file order, read as it goes."""
    return (card_to_raw(card) for card in read_cards(source))


def looks_like_vcard(data: bytes) -> bool:
    head = _strip_bom(data[:4096]).lstrip().upper()
    return head.startswith(b"BEGIN:VCARD") or b"\nBEGIN:VCARD" in head


# ---------------------------------------------------------------- the 3.0 writer
# Two-character surnames, so N is written family;given the way phones show them.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "万俟", "闻人",
)
LUNAR_FIELD = "X-CLIENTBOOK-LUNAR-BIRTHDAY"


def escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")
            .replace(",", "\\,").replace(";", "\\;"))


def split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: 张三 -> 张, 三; 欧阳娜娜 -> 欧阳, 娜娜; Anna Li -> Li, Anna."""
    name = name.strip()
    if _is_cjk(name[:1]) and " " not in name:
        size = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
        return name[:size], name[size:]
    if " " in name:
        given, family = name.rsplit(" ", 1)
        return family, given
    return name, ""


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF + space, never inside a character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74      # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def is_mobile(phone: str) -> bool:
    number = phone_digits(phone)
    return bool(re.fullmatch(r"1[3-9]\d{9}", number))


def phone_digits(phone: str) -> str:
    return phone_key(phone) or ""


def _card_values(cls, data: ContactInput):
    """Every field of a contact, as the writer takes it."""
    def plain(field):
        value = getattr(data, field.name)
        if field.kind in (LIST, TYPED, ADDRESSES):
            return tuple(value)
        if field.kind == POSITION:
            return value.value if value else ""
        return int(value) if field.kind == LEVEL else value
    return cls(**{field.name: plain(field) for field in CONTACT_FIELDS})


# A field's type and empty value on a card, by kind; the others are text.
_CARD_TYPES = {LIST: (tuple[str, ...], ()), TYPED: (tuple, ()), ADDRESSES: (tuple, ()), NAME_PARTS: (object, None),
               PHOTO: (object, None), POSITION: (str, ""), LEVEL: (int, 0), NUMBER: (int | None, None)}
# One contact as the writer needs it: a field per contact_fields entry, plain values (birthday as
# stored, position its value, level a number). CardValues.of(contact_input) fills every one.
CardValues = make_dataclass(
    "CardValues",
    [(f.name, *_CARD_TYPES.get(f.kind, (str, ""))) for f in CONTACT_FIELDS],
    frozen=True,
    namespace={"of": classmethod(_card_values), "__module__": __name__},
)


def bday_lines(stored: str) -> list[str]:
    """BDAY as a phone reads it, plus the lunar birthday in an X- field beside it.

    A lunar birthday with its year: BDAY is the solar date of birth (a real date, true every
    year in the solar calendar only by chance: phones show it, clientbook reads the X- field).
    Without a year a lunar birthday has no solar date, so only the X- field is written.
    """
    if not stored:
        return []
    birthday = Birthday.from_storage(stored)
    if birthday.calendar == "solar":
        if birthday.year is None:
            return [f"BDAY:--{birthday.month:02d}-{birthday.day:02d}"]
        return [f"BDAY:{birthday.year:04d}-{birthday.month:02d}-{birthday.day:02d}"]
    lines = []
    born = birth_date(birthday)
    if born is not None:
        lines.append(f"BDAY:{born.isoformat()}")
    lines.append(f"{LUNAR_FIELD}:{stored}")
    return lines


_TEL_TYPES = {"mobile": "CELL", "work": "WORK,VOICE", "home": "HOME,VOICE", "fax": "FAX", "other": "VOICE"}


def write_card(values: CardValues) -> str:
    family, given = split_name(values.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{escape(values.name)}",
        f"N:{escape(family)};{escape(given)};;;",
    ]
    if values.company:
        lines.append(f"ORG:{escape(values.company)}")
    if values.title:
        lines.append(f"TITLE:{escape(values.title)}")
    for phone in values.phones:
        kind = _TEL_TYPES.get(phone.kind) or ("CELL" if is_mobile(phone.value) else "VOICE")
        lines.append(f"TEL;TYPE={kind}:{escape(phone.value)}")
    for email in values.emails:
        kind = f"INTERNET,{email.kind.upper()}" if email.kind in ("work", "home") else "INTERNET"
        lines.append(f"EMAIL;TYPE={kind}:{escape(email.value)}")
    lines += bday_lines(values.birthday)
    if values.wechat:
        lines.append(f"X-WECHAT:{escape(values.wechat)}")
    if values.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in values.tags))
    for own in OWN_FIELDS:
        if value := getattr(values, own.name):
            lines.append(f"{own.vcard}:{escape(str(value))}")
    if values.notes:
        lines.append(f"NOTE:{escape(values.notes)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_vcards(cards: Iterable[CardValues]) -> bytes:
    """A .vcf file of vCard 3.0 cards, UTF-8, CRLF line ends, as phones import them."""
    return "".join(write_card(card) for card in cards).encode("utf-8")
