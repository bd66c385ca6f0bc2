"""Contacts in CSV: reading what Excel and phone books save, and writing what Excel opens.

Reading: the bytes are decoded by their BOM (UTF-8, UTF-16), else as UTF-8, else as GB18030
(the superset of GBK and GB2312 that Chinese Excel saves in); the delimiter is the one of
`,` `;` tab that the header line uses most. Each column's header is matched against the names
people give it in Chinese and English (姓名, 手机, 微信, Mobile Phone, E-mail 1 - Value …); the
rep can correct the guess before anything is read. A mapped row becomes the contact form's raw
values, so validate_contact's rules apply to imports exactly as to typing.

Writing: UTF-8 with a BOM (without it Excel shows Chinese as mojibake), the headers in the
rep's language, read back by this same module.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO

from clientbook.domain.contact_fields import CONTACT_FIELDS, FIELD_NAMES, LIST, LONG_TEXT, fields_of
from clientbook.domain.dedupe import RawRow
from clientbook.domain.enums import Level, Position
from clientbook.domain.lunar import Birthday, format_birthday
from clientbook.domain.text import FieldError
from clientbook.i18n import t

# Columns that are a part of a field: the name in two, the birthday in the lunar calendar.
_PARTS = {
    "name": ("family_name", "given_name"),
    "birthday": ("lunar_birthday",),
}
# The fields a column can feed, in the order the mapping step offers them. None: ignored.
FIELDS = tuple(name for f in CONTACT_FIELDS for name in (f.name, *_PARTS.get(f.name, ())))
# Fields fed by several columns at once (Mobile, Business phone …); the others take the first.
# Every e-mail is read: the first is the contact's, the others go to the notes.
MULTI = (*(f.name for f in fields_of(LIST, LONG_TEXT)), "email")

# Header names, normalised by _norm (lower case; spaces, punctuation and digits removed).
_EXACT = {
    **{f.name: f.csv_headers for f in CONTACT_FIELDS},
    "family_name": ["姓", "姓氏", "lastname", "familyname", "surname"],
    "given_name": ["名", "firstname", "givenname"],
    "lunar_birthday": ["农历生日", "阴历生日", "lunarbirthday"],
}
# Then parts of a header, in this order (the first that appears wins).
_CONTAINS = [
    (None, ["类型", "type", "label"]),
    ("lunar_birthday", ["农历", "阴历", "lunar"]),
    ("wechat", ["微信", "wechat", "weixin"]),
    ("email", ["邮", "email", "mail"]),
    ("phones", ["手机", "电话", "座机", "phone", "mobile", "tel", "cell", "fax"]),
    ("birthday", ["生日", "出生", "birth"]),
    ("title", ["职务", "职位", "title", "jobtitle"]),
    ("company", ["公司", "单位", "企业", "company", "organi"]),
    ("notes", ["备注", "note", "remark", "comment"]),
    ("tags", ["标签", "分组", "categor", "tag", "group"]),
    ("name", ["姓名", "name"]),
]
_LOOKUP = {header: name for name, headers in _EXACT.items() for header in headers}


def _norm(header: str) -> str:
    header = unicodedata.normalize("NFKC", header or "").lower()
    header = re.sub(r"[(（\[【].*?[)）\]】]", "", header)     # 手机(必填) -> 手机
    return re.sub(r"[\s\d_\-–—.:：*/#']+", "", header)


def guess_field(header: str) -> str | None:
    key = _norm(header)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    for name, parts in _CONTAINS:
        if any(part in key for part in parts):
            return name
    return None


def guess_mapping(headers: list[str]) -> list[str | None]:
    """A field per column; single-valued fields go to the first column that claims them."""
    mapping: list[str | None] = []
    taken: set[str] = set()
    for header in headers:
        name = guess_field(header)
        if name in taken and name not in MULTI:
            name = None
        if name:
            taken.add(name)
        mapping.append(name)
    return mapping


def field_label(name: str | None, lang: str | None = None) -> str:
    return t(f"interop.field.{name}" if name else "interop.field.ignore", lang=lang)


# ---------------------------------------------------------------- reading
def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOM first, then UTF-8, then GB18030 (GBK/GB2312), never an error."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "，")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


SAMPLES = 3                                # values per column shown beside the mapping


@dataclass
class CsvTable:
    """What a first reading of the file found; the rows themselves are read again, as they go,
    from `opener` (the file, or bytes in memory), so a big file is never held whole."""

    headers: list[str]
    row_count: int                         # data rows (empty lines aside)
    encoding: str
    delimiter: str
    opener: Callable[[], BinaryIO]
    broken_at: int | None = None           # the line from which the rest could not be read
    first_values: list[list[str]] = field(default_factory=list)   # per column, its first SAMPLES values

    def samples(self, column: int, count: int = SAMPLES) -> list[str]:
        return self.first_values[column][:count] if column < len(self.first_values) else []

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(file line the row starts on, cells) of every data row that can be read."""
        for line, cells in _records(self)[1]:
            if cells is None:
                return
            yield line, cells


def _text_lines(opener: Callable[[], BinaryIO], encoding: str, errors: str) -> Iterator[str]:
    with io.TextIOWrapper(opener(), encoding=encoding, errors=errors, newline="") as text:
        for line in text:
            yield line.replace("\x00", "")        # the csv module stops at a NUL


def _parse(lines: Iterator[str], delimiter: str) -> Iterator[tuple[int, list[str] | None]]:
    """(line, cells) of every record with something in it; (line, None) where the rest of the
    file cannot be read (e.g. a field longer than the csv module takes), and nothing after."""
    reader = csv.reader(lines, delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error:
        yield start, None


def _records(table: CsvTable) -> tuple[list[str], Iterator[tuple[int, list[str] | None]]]:
    """The header row, and the records after it."""
    records = _parse(_text_lines(table.opener, table.encoding, "replace"), table.delimiter)
    for _line, cells in records:
        return (cells or []), records
    return [], records


def read_table(source: bytes | Path) -> CsvTable:
    """A first pass over the file: encoding (BOM, else UTF-8 if the whole file is UTF-8, else
    GB18030), delimiter, headers, how many rows, samples per column. Nothing is kept but that."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        opener: Callable[[], BinaryIO] = lambda: io.BytesIO(data)  # noqa: E731
    else:
        opener = partial(open, source, "rb")
    with opener() as stream:
        head = stream.read(3)
    if head.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "replace")]
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", "replace")]
    else:
        candidates = [("utf-8", "strict"), ("gb18030", "replace")]
    for encoding, errors in candidates:
        try:
            return _scan(opener, encoding, errors)
        except UnicodeDecodeError:
            continue                               # not UTF-8 after all: read it again as GB18030
    raise AssertionError("the last candidate replaces what it cannot decode")


def _scan(opener: Callable[[], BinaryIO], encoding: str, errors: str) -> CsvTable:
    lines = _text_lines(opener, encoding, errors)
    first_line = next(lines, "")
    delimiter = _delimiter(first_line.split("\n", 1)[0])
    table = CsvTable([], 0, encoding, delimiter, opener)
    headers: list[str] | None = None
    for line, cells in _parse(itertools.chain([first_line], lines), delimiter):
        if cells is None:
            table.broken_at = line                 # what was read is kept; the rest is reported
        elif headers is None:
            headers = [c.strip() for c in cells]
            table.first_values = [[] for _ in headers]
        else:
            table.row_count += 1
            for values, cell in zip(table.first_values, cells):
                if len(values) < SAMPLES and cell.strip():
                    values.append(cell.strip())
    table.headers = headers or []
    return table


def looks_like_csv(data: bytes) -> bool:
    text, _ = decode(data[:4096])
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return any(d in first for d in (",", "\t", ";", "，"))


# ---------------------------------------------------------------- a row -> raw contact values
_TEXT_FORCED_NUMBER = re.compile(r"'+[\d\s+\-().,/:]+")
_EXPORT_GUARD = re.compile(r"'['=+\-@\t\r]")


def _cell(value: str) -> str:
    """A cell as Excel left it: ="0101234" and '0101234 (text-forced numbers) undone.

    Only a number's apostrophe goes: a note or an e-mail address may start with one."""
    value = (value or "").strip()
    if m := re.fullmatch(r'="(.*)"', value):
        value = m.group(1)
    if _EXPORT_GUARD.match(value):  # our own export's guard (see _excel_safe_text)
        value = value[1:]
    elif _TEXT_FORCED_NUMBER.fullmatch(value):
        value = value.lstrip("'")
    return value.strip()


def _phone_cell(value: str) -> str:
    """One or more phones in a cell ("138…; 010-…" or "138… / 139…"), each cleaned like a cell."""
    phones = []
    for part in re.split(r"[;,/、，；\n]+", value or ""):
        part = _cell(part)
        if re.fullmatch(r"\d{5,}\.0", part):      # 13800138000.0: a number cell saved as a float
            part = part[:-2]
        if part:
            phones.append(part)
    return ",".join(phones)


def _birthday_cell(value: str) -> str:
    value = _cell(value)
    return re.sub(r"[ T]0?0:00(:00)?$", "", value)   # Excel date cells: "1985/4/17 0:00"


def _label_value(value: str, options: dict[str, str]) -> str:
    key = re.sub(r"\s+", "", value).lower()
    return options.get(key, value)


def _position_options() -> dict[str, str]:
    options = {}
    for position in Position:
        options[position.value] = position.value
        for lang in ("en", "zh"):
            label = position.label(lang)
            options[re.sub(r"\s+", "", label).lower()] = position.value
            for part in re.split(r"\s*/\s*", label):
                options.setdefault(re.sub(r"\s+", "", part).lower(), position.value)
    return options


def _level_options() -> dict[str, str]:
    options = {}
    for level in Level:
        for lang in ("en", "zh"):
            label = level.label(lang)                 # "3 好朋友"
            options[re.sub(r"\s+", "", label).lower()] = str(int(level))
            options[label.split(" ", 1)[1].replace(" ", "").lower()] = str(int(level))
    return options


def row_to_raw(number: int, line: int, cells: list[str], mapping: list[str | None]) -> RawRow:
    values: dict[str, list[str]] = {}
    for index, name in enumerate(mapping):
        if name and index < len(cells):
            cell = _phone_cell(cells[index]) if name == "phones" else _cell(cells[index])
            if cell:
                values.setdefault(name, []).append(cell)

    def one(name: str) -> str:
        return values.get(name, [""])[0]

    name = one("name")
    if not name:
        family, given = one("family_name"), one("given_name")
        cjk = re.search(r"[\u3400-\u9fff]", family + given)
        name = f"{family}{given}" if cjk else " ".join(p for p in (given, family) if p)
    emails = values.get("email", [])
    notes = list(values.get("notes", []))
    notes += [t("interop.note.other_email", email=e) for e in emails[1:]]
    birthday = _birthday_cell(one("birthday"))
    lunar = one("lunar_birthday")
    if lunar:
        birthday = lunar if lunar.startswith(("农历", "阴历", "lunar")) else f"农历{lunar}"
    tags = " ".join(values.get("tags", []))
    tags = " ".join(tag for tag in re.split(r"\s*:::\s*|[\s,;，；、]+", tags)
                    if tag.strip("*# ") and tag.strip("*# ").lower() not in ("mycontacts", "starred"))
    raw = {field: one(field) for field in FIELD_NAMES}     # each column as it is, unless read below
    raw |= {
        "name": name,
        "position": _label_value(one("position"), _position_options()) if one("position") else "",
        "level": _label_value(one("level"), _level_options()) if one("level") else "",
        "phones": ",".join(values.get("phones", [])),
        "email": emails[0] if emails else "",
        "birthday": birthday,
        "tags": tags.replace("*", "").strip(),
        "notes": "\n".join(notes),
    }
    problem = None if raw["name"] else FieldError("interop.problem.no_name")
    return RawRow(number, line, raw, problem)


def read_rows(table: CsvTable, mapping: list[str | None]) -> Iterator[RawRow]:
    """The data rows as raw contact values, read from the file as they go."""
    number = 0
    for line, cells in _records(table)[1]:
        number += 1
        if cells is None:
            yield RawRow(number, line, {}, FieldError("interop.problem.csv_broken"))
            return
        yield row_to_raw(number, line, cells, mapping)


# ---------------------------------------------------------------- writing
EXPORT_COLUMNS = FIELD_NAMES


def _excel_safe_phone(phone: str) -> str:
    """Excel drops a leading 0 and turns long digit runs into 1.38E+10: keep those as text."""
    if re.fullmatch(r"0\d+|\d{12,}", phone):
        return f'="{phone}"'
    return _excel_safe_text(phone)


def _excel_safe_text(value: str) -> str:
    """Excel runs a cell that starts with = + - @, a tab or a carriage return as a formula (a
    note "=HYPERLINK(…)" from a shared file would) and hides a leading apostrophe: one more
    apostrophe keeps such a cell text, shown as typed, and the import takes it off (_cell)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "'", "\t", "\r") else value


def contacts_csv(contacts: Iterable[dict], lang: str) -> bytes:
    """Contacts (dicts with EXPORT_COLUMNS keys; birthday in storage form) as CSV for Excel."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([field_label(name, lang) for name in EXPORT_COLUMNS])
    for contact in contacts:
        row = []
        for name in EXPORT_COLUMNS:
            value = contact.get(name)
            if name == "phones":
                # Several phones make the cell text anyway; one alone may need Excel's ="…".
                phones = value or []
                row.append(_excel_safe_text("; ".join(phones)) if len(phones) != 1 else _excel_safe_phone(phones[0]))
                continue
            elif name == "tags":
                value = " ".join(value or [])
            elif name == "position":
                value = Position(value).label(lang) if value else ""
            elif name == "level":
                value = Level(int(value or 0)).label(lang)
            elif name == "birthday":
                value = format_birthday(Birthday.from_storage(value), lang) if value else ""
            row.append(_excel_safe_text(str(value or "")))
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
