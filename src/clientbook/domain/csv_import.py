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

from clientbook.domain.contact_card import (KIND_WORDS, PLACE_KINDS, Address, PersonName, Typed, kind_of_word,
                                            read_typed, typed_text)
from clientbook.domain.contact_fields import ADDRESSES, BY_NAME, FORM_FIELDS, LIST, LONG_TEXT, TYPED, fields_of
from clientbook.domain.text import MAX_NAME
from clientbook.domain.contacts import ContactInput
from clientbook.domain.dedupe import RawRow
from clientbook.domain.enums import Level, Position
from clientbook.domain.lunar import Birthday, format_birthday
from clientbook.domain.text import CONTROL_CHARS, FieldError
from clientbook.i18n import t

# Columns that are a part of a field: the name in parts, the department beside the title, the
# birthday in the lunar calendar.
NAME_PARTS = ("family_name", "given_name", "middle_name", "name_prefix", "name_suffix")
_PARTS = {
    "name": NAME_PARTS,
    "title": ("department",),
    "birthday": ("lunar_birthday",),
}
# The fields a column can feed, in the order the mapping step offers them. None: ignored.
FIELDS = tuple(name for f in FORM_FIELDS for name in (f.name, *_PARTS.get(f.name, ())))
# Fields fed by several columns at once (Mobile, Business phone, an address's street and city …);
# the others take the first.
MULTI = tuple(f.name for f in fields_of(LIST, LONG_TEXT, TYPED, ADDRESSES))

# Header names, normalised by _norm (lower case; spaces, punctuation and digits removed).
_EXACT = {
    **{f.name: f.csv_headers for f in FORM_FIELDS},
    "family_name": ["姓", "姓氏", "lastname", "familyname", "surname"],
    "given_name": ["名", "firstname", "givenname"],
    "middle_name": ["中间名", "middlename", "additionalname"],
    "name_prefix": ["称谓", "nameprefix", "prefix"],
    "name_suffix": ["后缀", "名字后缀", "namesuffix", "suffix"],
    "department": ["部门", "所属部门", "科室", "department", "dept", "organizationdepartment"],
    "lunar_birthday": ["农历生日", "阴历生日", "lunarbirthday"],
}
# Then parts of a header, in this order (the first that appears wins).
_CONTAINS = [
    # a column's label or type ("Phone 1 - Label"), a name's reading, someone else's name
    (None, ["类型", "type", "label", "phonetic", "yomi", "拼音", "displayname", "assistantsname",
            "managersname", "fileas"]),
    ("lunar_birthday", ["农历", "阴历", "lunar"]),
    ("wechat", ["微信", "wechat", "weixin"]),
    ("emails", ["邮箱", "邮件", "email", "mail"]),
    ("phones", ["手机", "电话", "座机", "传真", "phone", "mobile", "tel", "cell", "fax", "pager"]),
    ("urls", ["网址", "网站", "主页", "website", "webpage", "url", "homepage"]),
    ("addresses", ["地址", "address"]),
    ("birthday", ["生日", "出生", "birth"]),
    ("department", ["部门", "department"]),
    ("title", ["职务", "职位", "title", "jobtitle"]),
    ("company", ["公司", "单位", "企业", "company", "organi"]),
    ("notes", ["备注", "note", "remark", "comment"]),
    ("tags", ["标签", "分组", "categor", "tag", "group"]),
    ("nickname", ["昵称", "nickname"]),
    ("name", ["姓名", "name"]),
]
_LOOKUP = {header: name for name, headers in _EXACT.items() for header in headers}

# The part of a postal address a column holds (Google's "Address 1 - City", Outlook's "Business
# City", an iPhone export's "Address : home : ZIP", a Chinese sheet's 邮编); "" for the whole.
_ADDRESS_PARTS = {
    **dict.fromkeys(("street", "街道", "详细地址"), "street"),
    **dict.fromkeys(("city", "城市"), "locality"),
    **dict.fromkeys(("region", "state", "province", "省", "省份"), "region"),
    **dict.fromkeys(("postalcode", "postcode", "zip", "zipcode", "邮编", "邮政编码"), "postcode"),
    **dict.fromkeys(("country", "countryregion", "国家"), "country"),
    **dict.fromkeys(("pobox", "addresspobox"), "pobox"),
    **dict.fromkeys(("extendedaddress",), "extended"),
}
_OUTLOOK_ADDRESS = re.compile(r"(business|home|other)\s+(?:address\s+)?(street|city|state|postal code|"
                              r"country/region|po box)(?:\s*\d)?")
# Words in a column's header that give its values a label of their own (Outlook's columns).
_HEADER_LABELS = {"assistant": "Assistant", "car": "Car", "pager": "Pager", "助理": "助理"}


@dataclass(frozen=True)
class Column:
    """What a column's header says beyond the field it feeds: the kind of its values ("Business
    Fax": fax, "办公电话": work), a label of its own, and the group of columns that make one value
    together (Google's "Phone 1 - Label" beside "Phone 1 - Value"; "Address 1 - Street", "- City" …;
    Outlook's "Business Street", "Business City" …) with the part of it this column holds."""

    kind: str = ""
    label: str = ""
    group: str = ""
    part: str = ""        # "label": the group's kind or label, per row; an Address field; "" the value


def _header_kind(key: str) -> str:
    """The kind words in a header name ("mobilephone", "办公电话", "e-mail 2 address": none)."""
    if "fax" in key or "传真" in key:
        return "fax"
    for kind in ("mobile", "work", "home", "other"):
        if any(word.replace(" ", "") in key for word in KIND_WORDS[kind]):
            return kind
    return ""


def column_of(header: str) -> Column:
    text = unicodedata.normalize("NFKC", header or "").strip()
    lower = text.lower()
    if m := re.fullmatch(r"(.+?\d+)\s*-\s*(.+)", lower):                 # Google: "Phone 1 - Label"
        group, rest = re.sub(r"\W", "", m[1]), _norm(m[2])
        return Column(group=group, part="label" if rest in ("label", "type") else _ADDRESS_PARTS.get(rest, ""))
    pieces = [p.strip() for p in re.split(r"\s*[:：]\s*", text) if p.strip()]
    if len(pieces) >= 2:                                                 # iPhone: "Phone : mobile"
        kind = kind_of_word(pieces[1])
        return Column(kind=kind, label="" if kind else pieces[1], group=":".join(pieces[:2]).lower(),
                      part=_ADDRESS_PARTS.get(_norm(pieces[2]), "") if len(pieces) > 2 else "")
    if m := _OUTLOOK_ADDRESS.fullmatch(lower):                           # Outlook: "Business City"
        return Column(kind=kind_of_word(m[1]), group=m[1], part=_ADDRESS_PARTS[_norm(m[2])])
    key = _norm(text)
    if key in _ADDRESS_PARTS:                                            # 省份, 城市, 邮编 …
        return Column(group="address", part=_ADDRESS_PARTS[key])
    label = next((label for word, label in _HEADER_LABELS.items() if word in key), "")
    return Column(kind=_header_kind(key), label=label)


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
    if column_of(header).part not in ("", "label"):
        return "addresses"
    for name, parts in _CONTAINS:
        if any(part in key for part in parts):
            return name
    return None


def guess_mapping(headers: list[str]) -> list[str | None]:
    """A field per column; single-valued fields go to the first column that claims them."""
    keys = [_norm(header) for header in headers]
    mapping: list[str | None] = []
    taken: set[str] = set()
    for header, key in zip(headers, keys):
        name = guess_field(header)
        if key == "title" and "jobtitle" in keys:
            name = "name_prefix"                  # Outlook: "Title" is Mr., Dr.; "Job Title" the job
        if name in taken and name not in MULTI:
            name = None
        if name:
            taken.add(name)
        mapping.append(name)
    return mapping


def field_label(name: str | None, lang: str | None = None) -> str:
    return t(f"interop.field.{name}" if name else "interop.field.ignore", lang=lang)


def column_text(headers: list[str], mapping: list[str | None], index: int, lang: str | None = None) -> str:
    """What a column fills, as the mapping step and `import --dry-run` name it: its field, or for
    a label column ("Phone 1 - Label") read with its value's column, the kind of that field."""
    name, column = mapping[index], column_of(headers[index])
    if name is None and column.part == "label":
        fed = next((mapping[i] for i, header in enumerate(headers)
                    if mapping[i] and i != index and column_of(header).group == column.group), None)
        if fed in ("phones", "emails", "urls", "addresses"):
            return t("interop.field.kind_of", lang=lang, field=field_label(fed, lang))
    return field_label(name, lang)


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
_EXCEL_FORMULA_TEXT = re.compile(r'="(.*)"')
_EXPORT_GUARD = re.compile(r"'['=+\-@\t\r]")


def _cell(value: str) -> str:
    """A cell as Excel left it: ="0101234" and '0101234 (text-forced numbers) undone.

    Only a number's apostrophe goes: a note or an e-mail address may start with one."""
    value = (value or "").strip()
    if m := _EXCEL_FORMULA_TEXT.fullmatch(value):
        value = m.group(1)
    if _EXPORT_GUARD.match(value):  # our own export's guard (see _excel_safe_text)
        value = value[1:]
    elif _TEXT_FORCED_NUMBER.fullmatch(value):
        value = value.lstrip("'")
    return CONTROL_CHARS.sub("", value).strip()      # as the form cleans: RawRow.base is not cleaned again


# What a piece of a cell needs to be a value by itself; a piece without it ("助理" of "助理, 秘书:
# 010…") is a part of its neighbour's label, or of its value ("2" of "www.x.cn/?a=1,2").
_STANDS_ALONE = {
    "phones": lambda piece: len(re.sub(r"\D", "", piece)) >= 5,
    "emails": lambda piece: "@" in piece,
    # a scheme (https:, wechat:) or a host name with a letter domain: "116.4" of "?q=39.9,116.4" is neither
    "urls": lambda piece: bool(re.match(r"\s*(?:[A-Za-z][\w+.-]*:|[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})", piece)),
}


_SEPARATORS = re.compile(r"(\s+:::\s+|[;,、，；]+)")
_PHONE_SEPARATORS = re.compile(r"(\s+:::\s+|[;,/、，；]+)")


def _parts_of(value: str, field: str) -> list[str]:
    """The values in one cell: one per line when it has several lines (as the export writes
    them), else separated by ; , 、 (and / for phones) or Google's " ::: "; each cleaned like a cell."""
    value = (value or "").strip()
    if "\n" in value:   # Excel's marks and our export's guard are the cell's, before its first line
        return [part for part in (line.strip() for line in _cell(value).split("\n")) if part]
    pieces = (_PHONE_SEPARATORS if field == "phones" else _SEPARATORS).split(value)
    if len(pieces) == 1:
        return [part for part in (_cell(value),) if part]
    parts: list[str] = []
    pending = ""                                   # pieces that cannot stand alone, with their separators
    for index in range(0, len(pieces), 2):
        piece = pending + pieces[index]
        if _STANDS_ALONE[field](piece) or index + 1 >= len(pieces):
            if not _STANDS_ALONE[field](piece) and parts:
                parts[-1] += pieces[index - 1] + piece          # a trailing piece belongs to the last value
            else:
                parts.append(piece)
            pending = ""
        else:
            pending = piece + pieces[index + 1]
    return [part for part in map(_cell, parts) if part]


def _phone_value(value: str) -> str:
    if re.fullmatch(r"\d{5,}\.0", value):      # 13800138000.0: a number cell saved as a float
        return value[:-2]
    return value


def _kind_and_label(word: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """A "Phone 1 - Label" cell's kind, else its words as the label ("* Mobile": mobile; Google
    marks the primary value with a star)."""
    word = word.split(":::")[0].strip().lstrip("*").strip()
    kind = kind_of_word(word)
    return (kind, "") if kind in kinds else ("", word if not kind else "")


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


def _typed_values(name: str, cells: list[str], mapping, columns: list[Column], labels: dict[str, str]
                  ) -> list[Typed]:
    """The phones, e-mails or web addresses of a row, each with its kind: from its group's label
    cell, else from the value itself ("手机 138…", as the export writes it), else from its header."""
    kinds = BY_NAME[name].kinds
    values = []
    for index, (fed, column) in enumerate(zip(mapping, columns)):
        if fed != name or index >= len(cells):
            continue
        for part in _parts_of(cells[index], name):
            typed = read_typed(part, kinds)
            value = _phone_value(typed.value) if name == "phones" else typed.value
            if labels.get(column.group):
                kind, label = _kind_and_label(labels[column.group], kinds)
            elif typed.kind or typed.label:
                kind, label = typed.kind, typed.label
            else:
                kind, label = (column.kind if column.kind in kinds else ""), column.label
            values.append(Typed(value, kind, label))
    return list(dict.fromkeys(values))


def _addresses(cells: list[str], mapping, columns: list[Column], labels: dict[str, str]) -> list[Address]:
    """A row's addresses: the columns of one group (Google's "Address 1 - …", Outlook's "Home …")
    make one address, structured from its parts when it has them, else its formatted text; a
    column of its own ("地址", our export) holds one address per line."""
    groups: dict[str, tuple[Column, dict[str, list[str]]]] = {}
    found = []
    for index, (fed, column) in enumerate(zip(mapping, columns)):
        if fed != "addresses" or index >= len(cells) or not (cell := cells[index].strip()):
            continue
        if column.group or column.part:
            parts = groups.setdefault(column.group, (column, {}))[1]
            parts.setdefault(column.part, []).append(cell)
            continue
        for line in filter(None, map(_cell, cell.split("\n"))):
            typed = read_typed(line, PLACE_KINDS)
            kind, label = (typed.kind, typed.label) if typed.kind or typed.label else (column.kind, column.label)
            found.append(Address(street=typed.value, kind=kind, label=label))
    for group, (column, parts) in groups.items():
        kind, label = _kind_and_label(labels[group], PLACE_KINDS) if labels.get(group) else (column.kind, column.label)
        one = {part: ", ".join(_cell(v) for v in values if _cell(v)) for part, values in parts.items()}
        if set(one) - {""}:
            found.append(Address(street=one.get("street", ""), locality=one.get("locality", ""),
                                 region=one.get("region", ""), postcode=one.get("postcode", ""),
                                 country=one.get("country", ""), pobox=one.get("pobox", ""),
                                 extended=one.get("extended", ""), kind=kind, label=label))
        elif formatted := ", ".join(line.strip() for v in parts[""] for line in _cell(v).split("\n") if line.strip()):
            found.append(Address(street=formatted, kind=kind, label=label))
    return list(dict.fromkeys(a for a in found if a.one_line()))


def row_to_raw(number: int, line: int, cells: list[str], mapping: list[str | None],
               columns: list[Column] | None = None) -> RawRow:
    """A row as the contact form's raw text, and beside it (RawRow.base) what the text cannot
    say: each value's kind and label, structured addresses, the name's parts."""
    columns = columns or [Column()] * len(mapping)
    values: dict[str, list[str]] = {}
    for index, name in enumerate(mapping):
        if name and name not in ("phones", "emails", "urls", "addresses") and index < len(cells):
            cell = _cell(cells[index])
            if cell:
                values.setdefault(name, []).append(cell)
    labels = {column.group: _cell(cells[index]) for index, column in enumerate(columns)
              if column.part == "label" and column.group and index < len(cells)}

    def one(name: str) -> str:
        return values.get(name, [""])[0]

    family, given = one("family_name"), one("given_name")
    cjk = re.search(r"[\u3400-\u9fff]", family + given)
    name = one("name") or (f"{family}{given}" if cjk else " ".join(p for p in (given, family) if p))
    parts = PersonName(name, family, given, one("middle_name"), one("name_prefix"), one("name_suffix"))
    title, department = one("title"), one("department")
    if department and department not in title:
        title = (f"{department}{title}" if re.search(r"[\u3400-\u9fff]", department + title)
                 else ", ".join(p for p in (title, department) if p))
    notes = list(values.get("notes", []))
    birthday = _birthday_cell(one("birthday"))
    lunar = one("lunar_birthday")
    if lunar:
        birthday = lunar if lunar.startswith(("农历", "阴历", "lunar")) else f"农历{lunar}"
    tags = " ".join(values.get("tags", []))
    tags = " ".join(tag for tag in re.split(r"\s*:::\s*|[\s,;，；、]+", tags)
                    if tag.strip("*# ") and tag.strip("*# ").lower() not in ("mycontacts", "starred"))
    base = ContactInput(
        name="",
        phones=_typed_values("phones", cells, mapping, columns, labels),
        emails=_typed_values("emails", cells, mapping, columns, labels),
        urls=_typed_values("urls", cells, mapping, columns, labels),
        addresses=_addresses(cells, mapping, columns, labels),
        name_parts=parts if any(parts.parts()) else None,
    )
    raw = {field.name: one(field.name) for field in FORM_FIELDS}     # each column as it is, unless read below
    raw |= {
        "name": name,
        "title": title,
        "position": _label_value(one("position"), _position_options()) if one("position") else "",
        "level": _label_value(one("level"), _level_options()) if one("level") else "",
        # one per line: the form's rules read them, and a value read as it is here keeps its kind
        **{field: typed_text(getattr(base, field), "en", "\n") for field in ("phones", "emails", "urls")},
        "addresses": "\n".join(address.form_text("en") for address in base.addresses),
        "birthday": birthday,
        "tags": tags.replace("*", "").strip(),
        "notes": "\n".join(notes),
    }
    problem = None if raw["name"] else FieldError("interop.problem.no_name")
    if any(len(part) > MAX_NAME for part in parts.parts()):        # the form's limit for a name
        problem = FieldError("form.error.too_long", {"limit": MAX_NAME})
    return RawRow(number, line, raw, problem, base)


def read_rows(table: CsvTable, mapping: list[str | None]) -> Iterator[RawRow]:
    """The data rows as raw contact values, read from the file as they go."""
    number = 0
    columns = [column_of(header) for header in table.headers]
    for line, cells in _records(table)[1]:
        number += 1
        if cells is None:
            yield RawRow(number, line, {}, FieldError("interop.problem.csv_broken"))
            return
        yield row_to_raw(number, line, cells, mapping, columns)


# ---------------------------------------------------------------- writing
EXPORT_COLUMNS = tuple(f.name for f in FORM_FIELDS)


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


def _name_parts(contact: dict) -> tuple[str, ...]:
    """The structured name's parts, while the contact is called the name they came with."""
    parts = contact.get("name_parts")
    return parts.parts() if parts and parts.shown == contact.get("name") else ("",) * len(NAME_PARTS)


def contacts_csv(contacts: Iterable[dict], lang: str) -> bytes:
    """Contacts (dicts with EXPORT_COLUMNS keys, and name_parts; birthday in storage form) as CSV
    for Excel. Phones, e-mails and web addresses one per line of their cell, each with its kind
    or label ("手机 138…", "Assistant: 010…"), addresses one per line: read back as they were.
    The name's parts get columns when a contact has them (a card's N: 姓, 名, 中间名 …)."""
    contacts = list(contacts)
    parts = [name for index, name in enumerate(NAME_PARTS) if any(_name_parts(c)[index] for c in contacts)]
    columns = [*EXPORT_COLUMNS[:1], *parts, *EXPORT_COLUMNS[1:]]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([field_label(name, lang) for name in columns])
    for contact in contacts:
        row = []
        named = dict(zip(NAME_PARTS, _name_parts(contact)))
        for name in columns:
            value = named[name] if name in named else contact.get(name)
            if name == "phones":
                # Several phones make the cell text anyway; one alone may need Excel's ="…".
                phones = value or []
                row.append(_excel_safe_text(typed_text(phones, lang, "\n")) if len(phones) != 1 or phones[0].kind
                           or phones[0].label else _excel_safe_phone(phones[0].value))
                continue
            elif name in ("emails", "urls"):
                value = typed_text(value or [], lang, "\n")
            elif name == "addresses":
                value = "\n".join(address.form_text(lang) for address in value or [])
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
