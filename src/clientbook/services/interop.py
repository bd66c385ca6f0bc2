"""Import and export, shared by `clientbook import/export` and the Import screen: which kind of
file this is, its rows, the preview described in words, and the exports of a selection.

Detection: by extension (.vcf .vcard, .csv .tsv .txt, .json), else by content (a JSON object,
BEGIN:VCARD, else CSV).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from clientbook.domain.dedupe import ImportRow, RawRow, problem_text
from clientbook.i18n import t

VCARD, CSV, JSON = "vcard", "csv", "json"
KINDS = (VCARD, CSV, JSON)
# The largest file `import` takes. vCard and CSV files are read as they go (memory does not
# grow with them: a 1,000,000-row CSV previews in under 250 MB); the limit keeps a file picked
# by mistake from filling the disk with its staging copy, and a JSON book from memory.
MAX_BYTES = 200 * 1024 * 1024
HEAD_BYTES = 64 * 1024                        # what the kind of a file is told from
LIST_LIMIT = 50                               # look-alikes and unreadable rows listed; then a count


@dataclass
class ImportSource:
    path: Path
    kind: str
    table: object | None = None               # csv_import.CsvTable for CSV
    mapping: list[str | None] = field(default_factory=list)
    book: dict | None = None                  # the parsed JSON book
    total: int | None = None                  # rows or cards to expect (the progress bar)

    @property
    def detail(self) -> str:
        if self.kind == CSV and self.table is not None:
            return t("interop.detail.csv", encoding=self.table.encoding, rows=self.table.row_count,
                     columns=len(self.table.headers))
        if self.kind == JSON and self.book is not None:
            return t("interop.detail.json", schema=self.book.get("schema"), exported=self.book.get("exported_at", "?"))
        return t("interop.detail.vcard")


def detect_kind(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return VCARD
    if suffix in (".csv", ".tsv", ".txt"):
        return CSV
    if suffix == ".json":
        return JSON
    from clientbook.domain.vcard import looks_like_vcard

    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return JSON
    return VCARD if looks_like_vcard(data) else CSV


def open_source(path: str | Path, kind: str | None = None) -> ImportSource:
    """Look at the file (a CSV is read through once: encoding, columns, rows; a vCard file's
    cards are counted); BookError (one line) when it cannot be read or is not what it claims."""
    from clientbook.errors import BookError

    path = Path(path).expanduser()
    try:
        if path.is_dir():
            raise BookError("interop.error.is_directory", path=path)
        if path.stat().st_size > MAX_BYTES:
            raise BookError("interop.error.too_big", path=path, limit=MAX_BYTES // (1024 * 1024))
        with path.open("rb") as stream:
            head = stream.read(HEAD_BYTES)
        kind = kind or detect_kind(path, head)
        source = ImportSource(path, kind)
        if kind == CSV:
            from clientbook.domain.csv_import import guess_mapping, read_table

            source.table = read_table(path)
            source.total = source.table.row_count
        elif kind == VCARD:
            with path.open("rb") as stream:
                source.total = sum(1 for line in stream if line.lstrip().upper().startswith(b"BEGIN:VCARD"))
        else:
            data = path.read_bytes()
    except OSError as exc:
        raise BookError("interop.error.read_file", path=path, error=exc.strerror or exc) from None
    if kind == CSV:
        if not source.table.headers:
            raise BookError("interop.error.empty", path=path)
        source.mapping = guess_mapping(source.table.headers)
    elif kind == JSON:
        from clientbook.store.interop import check_dump

        try:
            source.book = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BookError("interop.error.json_parse", path=path, error=str(exc)[:80]) from None
        except RecursionError:   # 100,000 nested [: no book is that deep
            raise BookError("interop.error.json_nesting", path=path) from None
        check_dump(source.book)
    return source


def read_rows(source: ImportSource) -> Iterator[RawRow]:
    """The file's rows as raw contact values, read from the file as they are taken."""
    from clientbook.errors import BookError

    try:
        if source.kind == VCARD:
            from clientbook.domain.vcard import read_vcards

            with source.path.open("rb") as stream:
                yield from read_vcards(stream)
        elif source.kind == CSV:
            from clientbook.domain.csv_import import read_rows as csv_rows

            yield from csv_rows(source.table, source.mapping)
    except OSError as exc:       # gone or unreadable since it was opened
        raise BookError("interop.error.read_file", path=source.path, error=exc.strerror or exc) from None


def apply_map_options(source: ImportSource, options: Iterable[str]) -> None:
    """`--map COLUMN=FIELD`: COLUMN is a header or a 1-based column number; FIELD a field or "-"."""
    from clientbook.domain.csv_import import FIELDS
    from clientbook.errors import BookError

    for option in options:
        column, sep, name = option.rpartition("=")
        name = name.strip()
        if not sep or (name not in FIELDS and name not in ("-", "")):
            raise BookError("interop.error.map", option=option, fields=", ".join(FIELDS))
        headers = source.table.headers
        if column.strip().isdecimal() and 1 <= int(column) <= len(headers):
            index = int(column) - 1
        elif column.strip() in headers:
            index = headers.index(column.strip())
        else:
            raise BookError("interop.error.map_column", column=column)
        source.mapping[index] = None if name in ("-", "") else name


# ---------------------------------------------------------------- the preview in words
def row_label(row: ImportRow, kind: str) -> str:
    if kind == VCARD:
        return t("interop.row.card", number=row.number, line=row.line)
    return t("interop.row.line", line=row.line)


def field_name(name: str) -> str:
    from clientbook.domain.csv_import import FIELDS, field_label

    return field_label(name) if name in FIELDS else (t(f"field.{name}") if name else "")


def reason_text(row: ImportRow, kind: str) -> str:
    """Why a row looks like someone already there, or why it cannot be read."""
    if row.errors:
        return problem_text(row, field_name)
    if row.match_id is not None:
        who = f"#{row.match_id} " + with_company(row.match_name, row.match_company)
        return t(f"interop.reason.{row.reason}", who=who)
    if row.match_row is not None:
        return t(f"interop.reason.{row.reason}", who=_earlier(row, kind))
    return ""


def _earlier(row: ImportRow, kind: str) -> str:
    if kind == VCARD:
        return t("interop.row.card_short", number=row.match_row)
    return t("interop.row.line_short", line=row.match_line)


def short_reason(row: ImportRow, kind: str) -> str:
    """The preview table's "why", short: "same phone → #29" (the name too when it differs)."""
    if row.errors:
        text = reason_text(row, kind)
        return t("interop.short.at_line", line=row.line, reason=text) if kind == VCARD else text
    if row.match_id is not None:
        other = f"#{row.match_id}"
        if (row.match_name, row.match_company) != (row.name, row.company):
            other += " " + with_company(row.match_name, row.match_company)
        return t(f"interop.short.{row.reason}", other=other)
    if row.match_row is not None:
        return t(f"interop.short.{row.reason}", other=_earlier(row, kind))
    return ""


def with_company(name: str, company: str) -> str:
    return t("interop.person", name=name, company=company) if company else name


def person(row: ImportRow) -> str:
    return with_company(row.name or t("interop.no_name"), row.company)


def preview_lines(preview, source: ImportSource, list_limit: int = LIST_LIMIT) -> list[str]:
    """The preview (store.interop.preview_import's) as `clientbook import --dry-run` prints it: the
    counts, then the first `list_limit` look-alikes and unreadable rows, each with why."""
    from clientbook.domain.dedupe import DUPLICATE, INVALID, NEW

    kind = source.kind
    lines = [f"{source.path}: {source.detail}"]
    if kind == CSV:
        from clientbook.domain.csv_import import column_text

        headers = source.table.headers
        columns = ", ".join(f"{header or '?'} → {column_text(headers, source.mapping, index)}"
                            for index, header in enumerate(headers))
        lines.append(t("interop.cli.columns", columns=columns))
    duplicates, invalid = preview.count(DUPLICATE), preview.count(INVALID)
    lines.append(t("interop.summary", new=preview.count(NEW), duplicates=duplicates, invalid=invalid))
    lines += summary_more(preview)
    if duplicates:
        lines.append(t("interop.cli.duplicates_title"))
        for row in preview.rows(DUPLICATE, list_limit):
            lines.append(t("interop.cli.row_duplicate", where=row_label(row, kind), who=person(row),
                           reason=reason_text(row, kind)))
        if duplicates > list_limit:
            lines.append("  " + t("interop.cli.more", count=duplicates - list_limit))
    if invalid:
        lines.append(t("interop.cli.invalid_title"))
        lines += problem_lines(preview.rows(INVALID, list_limit), kind)
        if invalid > list_limit:
            lines.append("  " + t("interop.cli.more_problems", count=invalid - list_limit))
    return lines


def summary_more(preview) -> list[str]:
    """Under the counts: the company cards, and what of the file will not be kept, if anything
    ("2 photos over 1 MB are not kept")."""
    from clientbook.domain.contact_card import size_text
    from clientbook.domain.dedupe import COMPANY
    from clientbook.domain.vcard import MAX_EXTRA, MAX_PHOTO

    lines = [t("interop.summary_companies", count=preview.count(COMPANY))] if preview.count(COMPANY) else []
    limits = {"photo_too_big": size_text(MAX_PHOTO), "extra_too_big": f"{MAX_EXTRA:,}"}
    lines += [t(f"interop.not_kept.{what}", count=count, limit=limits.get(what, ""))
              for what, count in sorted(preview.not_kept().items())]
    return lines


def problem_lines(rows: Iterable[ImportRow], kind: str) -> Iterator[str]:
    for row in rows:
        yield t("interop.cli.row_invalid", where=row_label(row, kind), who=person(row), reason=reason_text(row, kind))


def write_problems(preview, source: ImportSource, path: Path) -> int:
    """Every unreadable row, one a line with where and why, into `path` (the folder must
    exist); how many. Written as they are read back: the list is never held whole."""
    from clientbook.domain.dedupe import INVALID

    lines = problem_lines(preview.iter_rows(INVALID), source.kind)
    write_private(path, (f"{line.strip()}\n".encode("utf-8") for line in lines))
    return preview.count(INVALID)


def problems_to_exports(preview, source: ImportSource, now: datetime) -> tuple[Path, int]:
    """The unreadable rows from the app, into exports/ in the data folder: the path and how many."""
    from clientbook import paths

    folder = paths.ensure_private_dir(paths.home() / "exports")
    path = folder / f"{_safe_stem(source.path.stem)}-unreadable-{now:%Y%m%d-%H%M%S}.txt"
    return path, write_problems(preview, source, path)


def _safe_stem(stem: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in stem).strip("-") or "contacts"


def book_lines(source: ImportSource) -> list[str]:
    tables = source.book["tables"]
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items() if rows)
    return [f"{source.path}: {source.detail}", t("interop.json.counts", counts=counts or "—")]


# ---------------------------------------------------------------- exports
def vcard_bytes(store, contact_ids: Iterable[int] | None = None, version: str = "3.0") -> tuple[bytes, int]:
    from clientbook.domain.vcard import CardValues, write_vcards

    cards = [CardValues.of(c) for c in store.interop.export_contacts(contact_ids)]
    return write_vcards(cards, version, store.interop.company_grades()), len(cards)


def csv_bytes(store, lang: str, contact_ids: Iterable[int] | None = None) -> tuple[bytes, int]:
    from clientbook.domain.csv_import import EXPORT_COLUMNS, contacts_csv

    contacts = store.interop.export_contacts(contact_ids)
    rows = [{name: getattr(c, name) for name in (*EXPORT_COLUMNS, "name_parts")} for c in contacts]
    for row, c in zip(rows, contacts):
        row["position"] = c.position.value if c.position else ""
        row["level"] = int(c.level)
    return contacts_csv(rows, lang), len(rows)


def json_bytes(store, now: datetime) -> tuple[bytes, dict]:
    dump = store.interop.dump_book(now)
    return (json.dumps(dump, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), dump


def write_private(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Through a temporary file beside it (never half a file), readable by the rep only from
    the start (mkstemp: 0600, O_EXCL). The folder must exist: a path typed in the shell into a
    missing folder is an error. A symlink at `path` is replaced, not followed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in [data] if isinstance(data, bytes) else data:   # or pieces, as they come
                out.write(piece)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_selection(store, contact_ids: list[int], kind: str, stem: str, now: datetime, lang: str) -> tuple[Path, int]:
    """A selection from the app, into exports/ in the data folder: the path and how many."""
    from clientbook import paths

    folder = paths.ensure_private_dir(paths.home() / "exports")
    if kind == "vcf":
        data, count = vcard_bytes(store, contact_ids)
    else:
        data, count = csv_bytes(store, lang, contact_ids)
    path = folder / f"{_safe_stem(stem)}-{now:%Y%m%d-%H%M%S}.{kind}"
    write_private(path, data)
    return path, count


# ---------------------------------------------------------------- the door
@dataclass(frozen=True)
class Preview:
    """A file's rows sorted against the book, nothing written: the counts and the rows are read
    back from a staging file as they are asked for (domain ImportRows, never ORM rows).
    close() when done with it."""

    source: ImportSource
    staged: object = field(repr=False)      # store.staging.StagedPreview

    def count(self, status: str | None = None) -> int:
        return self.staged.count(status)

    def rows(self, status: str | None = None, limit: int | None = None) -> list[ImportRow]:
        return self.staged.rows(status, limit)

    def iter_rows(self, status: str | None = None, limit: int = -1) -> Iterator[ImportRow]:
        return self.staged.iter_rows(status, limit)

    def row(self, number: int) -> ImportRow:
        return self.staged.row(number)

    def not_kept(self) -> dict[str, int]:
        """What the file holds that the import leaves out, by kind (interop.not_kept.*): how many."""
        return dict(self.staged.not_kept)

    def close(self) -> None:
        self.staged.close()


@dataclass(frozen=True)
class Imported:
    added: int
    merged: int
    skipped: int
    companies: int                          # companies created
    owned: tuple[tuple[str, str], ...] = ()  # skipped as another rep's (撞单): (name, owner)


def owned_lines(result: Imported) -> list[str]:
    """The rows skipped because another rep of the team owns them, one line each, for the summary."""
    from clientbook.services.team import name_shown

    return [t("team.work.import.owned", name=name, owner=name_shown(owner)) for name, owner in result.owned]


class InteropService:
    """Import and export over one open book (the handle services.book.opened gives, or the
    app's Store): the one door `clientbook import/export` and the Import and Export screens use."""

    def __init__(self, store) -> None:
        self.store = store

    # ------------------------------------------------------------ import
    def preview(self, source: ImportSource, progress=None) -> Preview:
        """The rows of a vCard or CSV source, sorted (new, look-alike, unreadable). Raises BookError."""
        return Preview(source, self.store.interop.preview_import(read_rows(source), progress, source.total))

    def apply(self, preview: Preview, now: datetime, choices: dict[int, str] | None = None,
              default: str | None = None, progress=None) -> Imported:
        """Write the preview: new rows added, look-alikes as chosen (`choices` by row number,
        else `default`), in one transaction. Raises BookError."""
        from clientbook.domain.dedupe import SKIP

        result = self.store.interop.apply_import(preview.staged, now, choices, default or SKIP, progress=progress)
        return Imported(result.added, result.merged, result.skipped, result.companies, result.owned)

    def is_empty(self) -> bool:
        """Nothing in the book yet: a whole book (JSON) loads only into an empty one."""
        return self.store.interop.is_empty()

    def load_book(self, source: ImportSource, progress=None) -> dict[str, int]:
        """A whole book (a JSON source) into this empty one: rows loaded per table. Raises BookError."""
        return self.store.interop.load_book(source.book, progress)

    # ------------------------------------------------------------ export
    def vcard(self, contact_ids: Iterable[int] | None = None, version: str = "3.0") -> tuple[bytes, int]:
        return vcard_bytes(self.store, contact_ids, version)

    def csv(self, lang: str, contact_ids: Iterable[int] | None = None) -> tuple[bytes, int]:
        return csv_bytes(self.store, lang, contact_ids)

    def json(self, now: datetime) -> tuple[bytes, dict]:
        return json_bytes(self.store, now)

    def ics(self, now, years: int, lang: str) -> tuple[bytes, int]:
        """The calendar for `years` from `now` (the export time): the bytes and how many events."""
        from clientbook.services.gifts import export_ics

        return export_ics(self.store, now, years, lang)

    def export_selection(self, contact_ids: list[int], kind: str, stem: str, now: datetime,
                         lang: str) -> tuple[Path, int]:
        """The selection as vCard ("vcf") or CSV into exports/ in the data folder: where, and
        how many. Raises BookError (one line) when it cannot be written."""
        from clientbook.errors import BookError

        try:
            return export_selection(self.store, contact_ids, kind, stem, now, lang)
        except OSError as exc:
            raise BookError("giftui.cli.export.cannot_write", path=exc.filename or "exports/",
                            error=exc.strerror or exc) from None
