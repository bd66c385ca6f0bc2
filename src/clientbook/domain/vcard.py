"""vCard: a tolerant reader for 2.1, 3.0 and 4.0, and a 3.0 and 4.0 writer. Pure: bytes in (or a
file, read a line at a time, so a big file is never held whole), values out.

Why not vobject (stack.md): it raises on old Android 2.1 exports. Those write Chinese as
quoted-printable UTF-8 (or GBK, per CHARSET=) with soft line breaks ("=" at the end of a line)
that may fall inside a multi-byte character, so everything here works on bytes: lines are
unfolded and soft breaks joined first, and a value is decoded to text only when complete
(UTF-8 when the bytes are UTF-8, whatever CHARSET claims).

What the reader takes (never a crash):
  FN (else N)            -> name        N -> name_parts (kept with FN; not when it only restates it)
  ORG (first part)       -> company     TITLE (else ROLE) -> title      NICKNAME -> nickname
  TEL* EMAIL* URL* ADR*  -> phones, emails, urls, addresses, each with its kind (TYPE) and an
                            Apple item group's X-ABLabel as its label
  BDAY, X-…LUNAR…        -> birthday (a lunar X- field wins: it is what clientbook writes)
  NOTE*                  -> notes       CATEGORIES -> tags       PHOTO (embedded, up to MAX_PHOTO) -> photo
  X-WECHAT, X-WEIXIN, IMPP/X-SOCIALPROFILE of type WeChat, an iOS item labelled 微信 -> wechat
  X-CLIENTBOOK-POSITION, X-CLIENTBOOK-LEVEL, X-CLIENTBOOK-CUISINE … -> the fields only clientbook
                         knows (position tier, relationship level, tastes, cadence …: contact_fields)
  X-CLIENTBOOK-GRADE     -> the company's grade (RawRow.company)
Everything else (X-JABBER, IMPP, a second TITLE, LOGO …) is kept verbatim in card_extra with
the modelled properties' own lines where the writer would write them differently (_kept_lines),
and written back on export. A company's card (is_company_card) becomes a company, not a person.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import urllib.parse
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, make_dataclass
from dataclasses import field as default
from typing import BinaryIO

from clientbook.domain.contact_card import PHONE_KINDS, PLACE_KINDS, Address, PersonName, Photo, Typed, kind_of_word
from clientbook.domain.contact_fields import (ADDRESSES, CONTACT_FIELDS, LEVEL, LIST, NAME_PARTS, NUMBER, PHOTO,
                                              POSITION, TYPED)
from clientbook.domain.contacts import ContactInput, split_tags
from clientbook.domain.dedupe import RawRow
from clientbook.domain.lunar import Birthday, birth_date
from clientbook.domain.text import CONTROL_CHARS, MAX_TEXT, FieldError, clean_text

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/=]+")
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
    header: str = ""                       # the text before the value, as the file wrote it

    def types(self) -> set[str]:
        return set(self.params.get("TYPE", []))

    def text(self) -> str:
        """The value as text: quoted-printable or base64 undone, then decoded by CHARSET."""
        return _decode(_transfer_decode(self.raw, self.params), self.params.get("CHARSET", [""])[0])


@dataclass
class Card:
    number: int                            # 1-based position in the file
    line: int                              # the line of its BEGIN:VCARD
    properties: list[Property] = default(default_factory=list)
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
            values = [v.strip() for v in raw_values.split(",") if v.strip()] or [""]   # CHARSET= : one empty value
        else:                                       # 2.1 bare parameters: TEL;CELL;PREF
            upper = part.upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"):
                key, values = "ENCODING", [part]
            else:
                key, values = "TYPE", [part]
        if key == "TYPE":
            values = [v.upper() for v in values]
        params.setdefault(key, []).extend(values)
    return Property(group.upper(), name.upper(), params, value, number, text)


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
    """Text in UTF-8 when the bytes are UTF-8, whatever CHARSET says (phones label UTF-8 bytes
    SHIFT_JIS or GBK; non-ASCII bytes in another charset are almost never valid UTF-8), else in
    the declared charset, else GB18030 (GBK's superset), never an error."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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
    return [unescape(p).strip() for p in _split_escaped(text, ";")]


def _split_escaped(text: str, separator: str) -> list[str]:
    """`text` cut at each `separator` no backslash escapes ("a\\\\;b" is cut: the backslash is the escaped one)."""
    parts, current, escaped = [], [], False
    for char in text:
        if escaped:
            current += ["\\", char]
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current) + ("\\" if escaped else ""))
    return parts


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
# A photo larger than this is not kept (the preview says how many); the book keeps every photo.
MAX_PHOTO = 1024 * 1024
# The card's kept properties (card_extra), in characters: a property that would pass it is left
# out and the preview says so.
MAX_EXTRA = MAX_TEXT
_MIME = {"JPEG": "image/jpeg", "JPG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "BMP": "image/bmp",
         "WEBP": "image/webp", "HEIC": "image/heic"}
_WECHAT_PROPS = ("X-WECHAT", "X-WEIXIN", "X-WECHAT-ID", "X-WEIXIN-ID", "X-CLIENTBOOK-WECHAT")
GRADE_FIELD = "X-CLIENTBOOK-GRADE"       # the contact's company's grade (A–D), so a vCard backup keeps it


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


def _wechat_prop(card: Card, labels: dict[str, str]) -> Property | None:
    """The property that holds the WeChat id: X-WECHAT and kin, an IMPP or X-SOCIALPROFILE of
    type WeChat, or an iOS item labelled 微信 (item3.X-ABLabel:微信 labels item3's other property)."""
    for prop in card.properties:
        if prop.name in _WECHAT_PROPS and _wechat_of(prop):
            return prop
    for prop in card.properties:
        if prop.name in ("IMPP", "X-SOCIALPROFILE"):
            value = unescape(prop.text()).strip()
            found = [value, *prop.types(), *prop.params.get("X-SERVICE-TYPE", []), *prop.params.get("X-USER", [])]
            if value and _mentions_wechat(found):
                return prop
    for prop in card.properties:
        if prop.group and prop.name != "X-ABLABEL" and _mentions_wechat([labels.get(prop.group, "")]) \
                and _wechat_of(prop):
            return prop
    return None


def _wechat_of(prop: Property) -> str:
    user = prop.params.get("X-USER", [""])[0] if prop.name in ("IMPP", "X-SOCIALPROFILE") else ""
    return _wechat_id(user or unescape(prop.text()))


def _preferred_first(props: list[Property]) -> list[Property]:
    def preferred(p: Property) -> bool:
        return "PREF" in p.types() or "PREF" in p.params or p.params.get("PREF", ["0"])[0] == "1"
    return sorted(props, key=lambda p: not preferred(p))


def _birthday_prop(card: Card) -> Property | None:
    """A lunar X- field wins over BDAY: it is what clientbook writes beside the solar date."""
    for prop in card.properties:
        if prop.name.startswith("X-") and "LUNAR" in prop.name and unescape(prop.text()).strip():
            return prop
    return next((prop for prop in card.all("BDAY") if unescape(prop.text()).strip()), None)


def _birthday_text(prop: Property) -> str:
    value = unescape(prop.text()).strip()
    if prop.name != "BDAY":
        if value.lower().startswith("lunar:") or value.startswith(("农历", "阴历")):
            return value
        return f"lunar:{value}"
    return bday_text(value, prop.params.get("X-APPLE-OMIT-YEAR", [""])[0])


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


def _kind_of(prop, kinds: tuple[str, ...]) -> str:
    """The kind a TEL's or EMAIL's TYPE names (CELL is mobile, a fax TYPE wins), "" for none."""
    types = {value.lower() for value in prop.params.get("TYPE", [])}
    found = ["fax" if "fax" in types else kind_of_word(value) for value in sorted(types)]
    found = [kind for kind in found if kind in kinds]
    return "fax" if "fax" in found else found[0] if found else ""


def _one_line(text: str) -> str:
    """A value the book keeps on one line (a phone, a label, an address part): cleaned as the
    form cleans it, line breaks as spaces (the card's own line is kept to write back)."""
    return " ".join(clean_text(text).split("\n")).strip()


def _labels(card: Card) -> dict[str, str]:
    """Apple's item groups: group -> its X-ABLabel, "_$!<Mobile>!$_" as "Mobile"."""
    labels = {}
    for prop in card.all("X-ABLABEL"):
        if prop.group:
            text = _one_line(unescape(prop.text()))
            labels.setdefault(prop.group, re.sub(r"^_\$!<(.*)>!\$_$", r"\1", text))
    return labels


def _kind_and_label(prop: Property, labels: dict[str, str], kinds: tuple[str, ...]) -> tuple[str, str]:
    kind = _kind_of(prop, kinds)
    label = labels.get(prop.group, "") if prop.group else ""
    if label:
        named = "fax" if "fax" in label.lower() and "fax" in kinds else kind_of_word(label)
        if named in kinds and kind in ("", named):
            return named, ""
    return kind, label


def _typed(prop: Property, labels: dict[str, str], kinds: tuple[str, ...], value: str) -> Typed:
    kind, label = _kind_and_label(prop, labels, kinds)
    return Typed(_one_line(value), kind, label)


def _address(prop: Property, labels: dict[str, str]) -> Address:
    pobox, extended, street, locality, region, postcode, country = (
        [_one_line(part).replace("\n", ", ") for part in split_structured(prop.text())] + [""] * 7)[:7]
    kind, label = _kind_and_label(prop, labels, PLACE_KINDS)
    return Address(street, locality, region, postcode, country, pobox, extended, kind, label)


def _tags(prop: Property) -> tuple[str, ...]:
    tags = [unescape(part).strip() for part in _split_escaped(prop.text(), ",")]
    kept = [tag.replace(" ", "_") for tag in tags if tag and tag.lower() not in _IGNORED_TAGS]
    return tuple(split_tags(clean_text(" ".join(kept))))


def _stored_birthday(text: str) -> str:
    from clientbook.domain.lunar import BirthdayParseError, parse_birthday

    try:
        return parse_birthday(text).to_storage() if text else ""
    except BirthdayParseError:
        return ""


def value_of(field: str, prop: Property, labels: dict[str, str]):
    """What one property of a card is in the book's `field` (as an import keeps it): the import
    reads cards with it, and the export tells by it whether a kept original line still holds
    the contact's value."""
    if field == "company":
        return clean_text(split_structured(prop.text())[0])
    if field == "name_parts":
        return tuple(clean_text(part) for part in (split_structured(prop.text()) + [""] * 5)[:5])
    if field == "addresses":
        return _address(prop, labels)
    if field == "tags":
        return _tags(prop)
    text = unescape(prop.text())
    if field == "phones":
        return _typed(prop, labels, PHONE_KINDS, clean_phone(text))
    if field in ("emails", "urls"):
        return _typed(prop, labels, PLACE_KINDS, text)
    if field == "birthday":
        return _stored_birthday(clean_text(_birthday_text(prop)))
    if field == "wechat":
        return clean_text(_wechat_of(prop))
    return clean_text(text)          # name, title, nickname, notes


def _photo(prop: Property) -> Photo | None:
    """An embedded photo (3.0 ENCODING=b, 2.1 BASE64, 4.0 data: URI), None for a link."""
    encoding = prop.params.get("ENCODING", [""])[0].upper()
    mime = next((_MIME[t] for t in prop.types() if t in _MIME), "")
    mime = prop.params.get("MEDIATYPE", [mime])[0] or "image/jpeg"
    if encoding in ("B", "BASE64"):
        body = re.sub(rb"\s", b"", prop.raw)
        try:   # strictly: what is not base64 is no photo, and its line is kept as it came
            data = base64.b64decode(body + b"=" * (-len(body) % 4), validate=True)
        except (binascii.Error, ValueError):
            return None
    elif found := re.match(rb"data:([\w/+.-]*)(;[^,]*)?,", prop.raw.strip(), re.I):
        mime = found.group(1).decode().lower() or mime
        body = prop.raw.strip()[found.end():]
        try:
            data = base64.b64decode(body + b"=" * (-len(body) % 4)) if b"base64" in (found.group(2) or b"").lower() \
                else urllib.parse.unquote_to_bytes(body)
        except (binascii.Error, ValueError):
            return None
    else:
        return None
    return Photo(data, mime) if data else None


def content_line(prop: Property) -> str:
    """The property as a vCard 3.0/4.0 content line, kept in card_extra: as the file wrote it,
    but quoted-printable and CHARSET undone (the book is UTF-8) and unfolded."""
    encoding = prop.params.get("ENCODING", [""])[0].upper()
    if encoding == "QUOTED-PRINTABLE" or "CHARSET" in prop.params:
        params = {key: values for key, values in prop.params.items()
                  if key != "CHARSET" and not (key == "ENCODING" and encoding == "QUOTED-PRINTABLE")}
        header = (f"{prop.group}." if prop.group else "") + prop.name + "".join(
            f";{key}={','.join(values)}" for key, values in params.items())
        value = prop.text() if encoding != "B" and encoding != "BASE64" else prop.raw.decode("ascii", "replace")
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    else:
        header, value = prop.header, _decode(prop.raw, "")
    return CONTROL_CHARS.sub("", f"{header}:{value}")


def is_company_card(card: Card) -> bool:
    """A company's own card: macOS's X-ABShowAs:COMPANY, 4.0's KIND:org, or a card with an ORG
    and no one's name (N empty, FN empty or the ORG itself)."""
    org = next((value_of("company", p, {}) for p in card.all("ORG") if value_of("company", p, {})), "")
    if not org:
        return False
    n_empty = not any(any(value_of("name_parts", p, {})) for p in card.all("N"))
    if card.first_text("KIND").lower() in ("org", "organization"):
        return True
    # macOS also marks a person's card "show as company" (its N still names them): a person.
    if card.first_text("X-ABSHOWAS").upper() == "COMPANY":
        return n_empty
    return n_empty and card.first_text("FN") in ("", org)


def _company_raw(card: Card, labels: dict[str, str]) -> dict[str, str]:
    """A company card as the company form's raw values: its switchboard (a work or main number
    first), web site and address."""
    org = next((value_of("company", p, {}) for p in card.all("ORG") if value_of("company", p, {})), "")
    phones = sorted((value_of("phones", p, labels) for p in card.all("TEL")),
                    key=lambda t: (t.kind not in ("work", ""), t.kind == "fax"))
    urls = [value_of("urls", p, labels) for p in _preferred_first(card.all("URL"))]
    addresses = [value_of("addresses", p, labels) for p in _preferred_first(card.all("ADR"))]
    notes = [value_of("notes", p, labels) for p in card.all("NOTE")]
    return {"name": org or card.first_text("FN"), "switchboard": phones[0].value if phones else "",
            "website": urls[0].value if urls else "",
            "address": next((a.one_line() for a in addresses if a.one_line()), ""),
            "notes": "\n".join(n for n in notes if n)}


def card_to_raw(card: Card) -> RawRow:
    """A card as the contact form's raw values (validate_contact then applies the usual rules),
    the values the strings cannot carry beside them (RawRow.base), and every property clientbook
    does not model kept in card_extra (see _kept_lines)."""
    labels = _labels(card)
    if is_company_card(card):
        problem = FieldError("interop.problem.truncated") if card.truncated else None
        company = _company_raw(card, labels)
        return RawRow(card.number, card.line, {"name": company["name"]}, problem, company=company, is_company=True)
    version = "4.0" if card.version.startswith("4") else "3.0"
    values: dict[str, object] = {"phones": [], "emails": [], "urls": [], "addresses": [], "notes": [], "tags": []}
    modelled: list[tuple[str, Property, object]] = []    # (field, property, its value): may be kept to write back
    plain: list[Property] = []                            # not modelled: kept as they are
    not_kept: list[str] = []
    photo = None
    wechat = _wechat_prop(card, labels)
    birthday = _birthday_prop(card)
    own = {f.vcard: f.name for f in OWN_FIELDS}
    single = {"FN": "name", "N": "name_parts", "ORG": "company", "TITLE": "title", "NICKNAME": "nickname"}
    listed = {"TEL": "phones", "EMAIL": "emails", "URL": "urls", "ADR": "addresses"}
    for prop in card.properties:
        name = prop.name
        if name == "VERSION":
            continue
        if name in own and own[name] not in values:
            values[own[name]] = clean_text(unescape(prop.text()))
            continue
        if prop is wechat or prop is birthday:
            field = "wechat" if prop is wechat else "birthday"
            value = value_of(field, prop, labels)
            values[field] = _wechat_of(prop) if prop is wechat else clean_text(_birthday_text(prop))
            modelled.append((field, prop, value))
            continue
        if name == GRADE_FIELD or (name == "BDAY" and birthday is not None and birthday.name != "BDAY"):
            continue           # the company's grade goes to the company; clientbook's own BDAY is written again
        field = single.get(name) or ("title" if name == "ROLE" and not card.all("TITLE") else "")
        if field:
            value = value_of(field, prop, labels)
            if field not in values and (field == "name_parts" or value):
                values[field] = value
                modelled.append((field, prop, value))
                continue
        elif name in listed:
            field = listed[name]
            value = value_of(field, prop, labels)
            empty = not (value.one_line() if field == "addresses" else value.value)
            # A value the form would show as an earlier one does ("助理 010…" with a kind or
            # without) could not be told from it: that property is kept as it is instead.
            if not empty and not _forms(value) & {form for v in values[field] for form in _forms(v)}:
                values[field].append(value)
                modelled.append((field, prop, value))
                continue
        elif name == "NOTE" or name == "CATEGORIES":
            field = "notes" if name == "NOTE" else "tags"
            value = value_of(field, prop, labels)
            values[field] += [value] if field == "notes" else list(value)
            modelled.append((field, prop, value))
            continue
        elif name == "PHOTO" and photo is None and (found := _photo(prop)) is not None:
            if len(found.data) > MAX_PHOTO:
                not_kept.append("photo_too_big")
            else:
                photo = found
            continue
        plain.append(prop)
    name = values.get("name") or (_name_from_n(card.all("N")[0].text()) if "name_parts" in values else "")
    name_parts = PersonName(name, *values["name_parts"]) if "name_parts" in values else None
    if name_parts is not None and name_parts.parts() == (*(p.strip() for p in split_name(name)), "", "", "") \
            and all(content_line(p) in field_lines(f, v, version) for f, p, v in modelled if f == "name_parts"):
        name_parts = None          # N says no more than the name: the export writes the same N from it
    notes = "\n".join(n for n in values["notes"] if n)
    tags = list(dict.fromkeys(values["tags"]))
    values["emails"] = _preferred_first_typed(values["emails"], modelled)
    extra, dropped = _kept_lines(card, modelled, plain, version, notes, tuple(tags), _items(values))
    if dropped:
        not_kept.append("extra_too_big")
    base = ContactInput(name=name, phones=values["phones"], emails=values["emails"], urls=values["urls"],
                        addresses=values["addresses"], name_parts=name_parts, photo=photo, card_extra=extra)
    raw = {
        "name": name,
        "company": values.get("company", ""),
        "title": values.get("title", ""),
        "nickname": values.get("nickname", ""),
        "wechat": values.get("wechat", ""),
        "birthday": values.get("birthday", ""),
        "notes": notes,
        "tags": " ".join(tags),
        **{name: "\n".join(v.form_text("en") for v in getattr(base, name)) for name in ("phones", "emails", "urls")},
        "addresses": "\n".join(a.form_text("en") for a in base.addresses),
        **{f.name: str(values.get(f.name, "")) for f in OWN_FIELDS},
    }
    grade = card.first_text(GRADE_FIELD)
    company = {"name": raw["company"], "grade": grade} if grade and raw["company"] else None
    problem = None
    if card.truncated:
        problem = FieldError("interop.problem.truncated")
    elif not name:
        problem = FieldError("interop.problem.no_name")
    return RawRow(card.number, card.line, raw, problem, base=base, company=company, not_kept=tuple(not_kept))


def _forms(value) -> set[str]:
    return {value.form_text("zh"), value.form_text("en")}


def _preferred_first_typed(emails: list[Typed], modelled) -> list[Typed]:
    """The preferred e-mail first: the one a phone shows, and the one a merge compares."""
    preferred = {id(p) for p in _preferred_first([p for f, p, _v in modelled if f == "emails"])[:1]}
    first = [v for f, p, v in modelled if f == "emails" and id(p) in preferred]
    return first + [e for e in emails if e not in first]


_WRITE_ORDER = ("name", "name_parts", "company", "title", "nickname", "phones", "emails", "urls", "addresses",
                "birthday", "wechat", "tags", "notes")


_LABELLED = ("phones", "emails", "urls", "addresses")


def _items(values) -> dict[tuple[str, object], int]:
    """The item group number the writer gives each labelled value: 1, 2 … in the order it writes them."""
    labelled = [(field, value) for field in _LABELLED for value in values[field] if value.label]
    return {key: number for number, key in enumerate(labelled, 1)}


def _kept_lines(card: Card, modelled, plain: list[Property], version: str, notes: str, tags: tuple,
                items: dict) -> tuple[str, int]:
    """card_extra: one content line per line (content_line: as the card wrote it, unfolded,
    UTF-8). A property clientbook does not model is kept as it is and written back on export.
    A modelled one whose line the writer would write differently (its parameters, an item
    group, ORG's units, a tel: URI …) is kept after the field's name and a space
    ("phones item1.TEL;type=pref:+86 …"): while the contact still has that value, the export
    writes this line in place of its own. A second TITLE, NICKNAME or ORG is not modelled.
    An item group the writer would write the same (item<n>.TEL + item<n>.X-ABLabel, numbered as
    _items does: clientbook's own export) is not kept: it is written again from the value.
    Lines past MAX_EXTRA characters are left out: (the text, how many)."""
    lines, regenerated = [], set()
    # In the order the writer writes the fields, so a card exported and read again keeps the same text.
    for field, prop, value in sorted(modelled, key=lambda item: _WRITE_ORDER.index(item[0])):
        whole = notes if field == "notes" else tags if field == "tags" else value
        if whole != value:        # one of several NOTE or CATEGORIES lines: written again as one
            continue
        line = content_line(prop)
        if prop.group and (field, value) in items and sorted(
                content_line(p) for p in card.properties if p.group == prop.group) == sorted(
                field_lines(field, value, version, items[(field, value)])):
            regenerated.add(prop.group)
        elif prop.group or line not in field_lines(field, value, version):
            lines.append(f"{field} {line}")      # a group's other lines (X-ABLabel …) go with it: kept too
    lines += [content_line(prop) for prop in plain if prop.group not in regenerated or not prop.group]
    kept, size, dropped = [], 0, 0
    for line in lines:
        if size + len(line) + 1 > MAX_EXTRA:
            dropped += 1
            continue
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept), dropped


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
_PLACE_TYPES = {"work": "WORK", "home": "HOME", "other": "OTHER"}
_SIMPLE = {"name": "FN", "company": "ORG", "title": "TITLE", "nickname": "NICKNAME", "notes": "NOTE",
           "wechat": "X-WECHAT"}


def field_lines(field: str, value, version: str = "3.0", item: int = 1) -> list[str]:
    """The lines the writer gives one value of a field (a labelled phone, e-mail, web or postal
    address takes an Apple item group, item<item>, with its X-ABLabel)."""
    four = version.startswith("4")
    if field in _SIMPLE:
        return [f"{_SIMPLE[field]}:{escape(value)}"] if value else []
    if field == "name_parts":
        return [f"N:{';'.join(escape(part) for part in value)}"]
    if field == "birthday":
        return bday_lines(value)
    if field == "tags":
        return ["CATEGORIES:" + ",".join(escape(tag) for tag in value)] if value else []
    name, kinds = {"phones": ("TEL", _TEL_TYPES), "emails": ("EMAIL", _PLACE_TYPES), "urls": ("URL", _PLACE_TYPES),
                   "addresses": ("ADR", _PLACE_TYPES)}[field]
    kind = kinds.get(value.kind, "")
    params = f";TYPE={kind.lower() if four else kind}" if kind else ""
    if field == "addresses":
        a = value
        text = ";".join(escape(p) for p in (a.pobox, a.extended, a.street, a.locality, a.region, a.postcode, a.country))
    else:
        text = value.value if field == "urls" else escape(value.value)    # a URI is not escaped text
    if value.label:
        return [f"item{item}.{name}{params}:{text}", f"item{item}.X-ABLabel:{escape(value.label)}"]
    return [f"{name}{params}:{text}"]


def photo_line(photo: Photo, version: str) -> str:
    data = base64.b64encode(photo.data).decode("ascii")
    if version.startswith("4"):
        return f"PHOTO:data:{photo.mime};base64,{data}"
    return f"PHOTO;ENCODING=b;TYPE={photo.mime.rsplit('/', 1)[-1].upper()}:{data}"


def _kept(card_extra: str) -> list[tuple[str, Property, str]]:
    """card_extra's lines as (field or "", the property, the line): see _kept_lines."""
    kept = []
    for line in (card_extra or "").split("\n"):
        field, _space, rest = line.partition(" ") if re.match(r"[a-z_]+ ", line) else ("", "", line)
        prop = parse_property(0, rest.encode("utf-8"))
        # A hand-made book's kept line never ends the card or starts another one.
        if prop is not None and prop.name not in ("BEGIN", "END", "VERSION"):
            kept.append((field, prop, rest))
    return kept


def write_card(values: CardValues, version: str = "3.0", grade: str = "", uid: str = "") -> str:
    """One contact as a card: the modelled fields, then the card's kept properties (card_extra)
    as they came. A kept original of a modelled property is written in place of the writer's
    own line while the contact still has its value; an item group's other lines (X-ABLabel,
    X-ABADR) go with it. `grade`: the company's, as X-CLIENTBOOK-GRADE. `uid`: the card's UID,
    which a CardDAV address book needs (a file export has none)."""
    kept = _kept(values.card_extra)
    labels = _labels(Card(0, 0, [prop for _field, prop, _line in kept]))
    originals = [(field, value_of(field, prop, labels), prop, line) for field, prop, line in kept if field]
    grouped = {prop.group for _f, _k, prop, _l in originals if prop.group}
    used_groups: set[str] = set()
    taken: set[int] = set()
    items = iter(range(1, 10_000))
    lines = ["BEGIN:VCARD", f"VERSION:{version}"] + ([f"UID:{uid}"] if uid else [])

    def emit(field: str, value) -> None:
        generated = field_lines(field, value, version, next(items) if getattr(value, "label", "") else 0)
        for index, (kept_field, key, prop, line) in enumerate(originals):
            if kept_field == field and index not in taken and key == value:
                taken.add(index)
                used_groups.add(prop.group)
                # A lunar birthday's kept line stands for itself; the solar BDAY beside it is written again.
                lines.extend([line] + [g for g in generated if field == "birthday" and not g.startswith(prop.name)])
                return
        lines.extend(generated)

    emit("name", values.name)
    parts = values.name_parts
    if parts is not None and parts.shown == values.name:
        emit("name_parts", parts.parts())
    else:
        family, given = (part.strip() for part in split_name(values.name))
        lines.append(f"N:{escape(family)};{escape(given)};;;")
    for field in ("company", "title", "nickname"):
        if getattr(values, field):
            emit(field, getattr(values, field))
    for field in ("phones", "emails", "urls", "addresses"):
        for value in getattr(values, field):
            emit(field, value)
    for field in ("birthday", "wechat"):
        if getattr(values, field):
            emit(field, getattr(values, field))
    if values.tags:
        emit("tags", tuple(values.tags))
    for own in OWN_FIELDS:
        if value := getattr(values, own.name):
            lines.append(f"{own.vcard}:{escape(str(value))}")
    if grade:
        lines.append(f"{GRADE_FIELD}:{grade}")
    if values.notes:
        emit("notes", values.notes)
    if values.photo is not None:
        lines.append(photo_line(values.photo, version))
    lines += [line for field, prop, line in kept
              if not field and (not prop.group or prop.group in used_groups or prop.group not in grouped)
              and not (uid and prop.name == "UID")]   # one UID: the one asked for
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_vcards(cards: Iterable[CardValues], version: str = "3.0", grades: dict[str, str] | None = None) -> bytes:
    """A .vcf file of vCard 3.0 (or 4.0) cards, UTF-8, CRLF line ends, as phones import them.
    `grades`: company name -> its grade, written on each of its people's cards."""
    grades = grades or {}
    return "".join(write_card(card, version, grades.get(card.company, "")) for card in cards).encode("utf-8")
