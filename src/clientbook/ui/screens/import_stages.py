"""The Import screen's steps, one object each: reading the file, the CSV columns, the preview
(look-alikes with skip / merge / add each), a whole book (JSON), writing, done.

The screen (import_screen.py) owns the widgets and the keys; the step shown says which keys
work and does what they ask. Every read and write runs in a thread worker (`group="import"`)
and asks only the interop service (services/interop.py, `app.interop`).
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.widgets import DataTable, Static

from clientbook.domain.contact_card import typed_text
from clientbook.domain.cells import fit
from clientbook.domain.csv_import import FIELDS, column_text
from clientbook.domain.dedupe import ADD, COMPANY, DUPLICATE, INVALID, MERGE, NEW, SKIP
from clientbook.errors import BookError
from clientbook.i18n import language, t
from clientbook.services.interop import (
    CSV,
    JSON,
    book_lines,
    open_source,
    person,
    problems_to_exports,
    reason_text,
    row_label,
    short_reason,
    summary_more,
)

SHOWN_LIMIT = 1000          # rows of the preview drawn; the summary always counts them all
FILTERS = ("all", DUPLICATE, INVALID, NEW)


class Stage:
    """One step: its name (ImportScreen.stage), the actions its keys may run, the widgets it
    shows (the preview table only once there is a preview), its help line."""

    name = ""
    actions: frozenset[str] = frozenset()
    shown: frozenset[str] = frozenset()
    help_key: str | None = None
    busy = False                 # a worker reads or writes: the path is locked, escape waits

    def __init__(self, screen) -> None:
        self.screen = screen

    @property
    def app(self):
        return self.screen.app

    def run(self, work) -> None:
        self.screen.run_worker(work, thread=True, exclusive=True, group="import")

    def tell(self, callback, *args) -> None:
        """From the worker, to the UI thread."""
        self.app.call_from_thread(callback, *args)

    def progress(self, done: int, total: int) -> None:
        self.tell(self.screen.progress, done, total)


class PathStage(Stage):
    name = "path"
    actions = frozenset({"back"})


class ReadingStage(Stage):
    """The file is looked at (open_source), then a vCard file's rows are sorted against the book."""

    name = "reading"
    shown = frozenset({"import-progress"})
    busy = True

    def read(self, path: str) -> None:
        self.screen.go(self)
        self.screen.status(t("interop.import.reading", path=path))
        self.screen.start_progress()
        self.run(partial(self._read, path))

    def _read(self, path: str) -> None:
        try:
            source = open_source(path)
        except BookError as exc:
            self.tell(self.screen.failed, exc.message())
            return
        if source.kind == CSV:
            self.tell(self.screen.mapping.show, source)
        elif source.kind == JSON:
            self.tell(self.screen.book.show, source)
        else:
            self._check_rows(self.app.interop, source)

    def check(self, source) -> None:
        """The rows of `source` (the CSV columns as mapped), sorted against the book."""
        self.screen.go(self)
        self.screen.start_progress()
        self.run(partial(self._check_rows, self.app.interop, source))

    def _check_rows(self, interop, source) -> None:
        self.progress(0, source.total or 0)
        try:
            preview = interop.preview(source, self.progress)
        except BookError as exc:
            self.tell(self.screen.failed, exc.message())
            return
        self.tell(self.screen.preview_stage.show, source, preview)


class MappingStage(Stage):
    """A CSV file's columns, each with the field it fills: space tries the next field, n ignores it."""

    name = "mapping"
    actions = frozenset({"back", "next_field", "ignore_column", "preview", "other_file"})
    shown = frozenset({"mapping"})
    help_key = "interop.import.mapping"

    @property
    def table(self) -> DataTable:
        return self.screen.query_one("#mapping", DataTable)

    def show(self, source) -> None:
        self.screen.source = source
        self.screen.status(f"{source.path}: {source.detail}")
        table = self.table
        table.clear()
        for index, header in enumerate(source.table.headers):
            samples = fit(" · ".join(source.table.samples(index)), 60)
            table.add_row(fit(header or "?", 24), self._field_cell(index), samples, key=str(index))
        self.screen.go(self)
        self._warning()
        table.focus()

    def _field_cell(self, index: int) -> Text:
        source = self.screen.source
        return Text(column_text(source.table.headers, source.mapping, index),
                    style="" if source.mapping[index] else "dim")

    def _warning(self) -> None:
        mapping = self.screen.source.mapping
        named = "name" in mapping or "family_name" in mapping or "given_name" in mapping
        self.screen.summary(Text("") if named else Text(t("interop.import.no_name_column"), style="bold"))

    def _current(self) -> int | None:
        table = self.table
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def _set_field(self, index: int, name: str | None) -> None:
        self.screen.source.mapping[index] = name
        for column in range(len(self.screen.source.mapping)):     # a label column names what it types
            self.table.update_cell(str(column), "field", self._field_cell(column))
        self._warning()

    def next_field(self) -> None:
        index = self._current()
        if index is None:
            return
        options = [None, *FIELDS]
        current = self.screen.source.mapping[index]
        self._set_field(index, options[(options.index(current) + 1) % len(options)])

    def ignore_column(self) -> None:
        index = self._current()
        if index is not None:
            self._set_field(index, None)


class PreviewStage(Stage):
    """New rows, look-alikes (each skipped, merged or added as chosen) and unreadable rows."""

    name = "preview"
    actions = frozenset({"back", "choose", "choose_all", "filter", "columns", "do_import", "other_file", "problems"})
    shown = frozenset({"preview", "import-more", "import-detail"})
    help_key = "interop.import.preview_help"

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.choices: dict[int, str] = {}     # row number -> choice, where not the default
        self.default_choice = SKIP
        self.filter = "all"

    @property
    def table(self) -> DataTable:
        return self.screen.query_one("#preview", DataTable)

    @property
    def preview(self):
        return self.screen.preview

    def show(self, source, preview) -> None:
        self.screen.close_preview()
        self.screen.source, self.screen.preview = source, preview
        table = self.table
        table.clear(columns=True)
        table.add_column(t("interop.col.card" if source.kind == "vcard" else "interop.col.line"), key="row")
        for key in ("status", "choice", "name", "company", "phones", "reason"):
            table.add_column(t(f"interop.col.{key}"), key=key)
        self.choices, self.default_choice = {}, SKIP
        self.screen.status(f"{source.path}: {source.detail}")
        self.screen.go(self)
        self.fill()
        table.focus()

    def _summary(self) -> None:
        preview = self.preview
        duplicates = preview.count(DUPLICATE)
        lines = [t("interop.summary", new=preview.count(NEW), duplicates=duplicates, invalid=preview.count(INVALID)),
                 *summary_more(preview)]
        if duplicates:
            counts = {choice: sum(1 for c in self.choices.values() if c == choice) for choice in (SKIP, MERGE, ADD)}
            counts[self.default_choice] += duplicates - len(self.choices)
            lines.append(t("interop.import.choices", **counts))
        if self.filter != "all":
            lines.append(t("interop.import.filter", what=t(f"interop.filter.{self.filter}")))
        self.screen.summary(Text("\n".join(lines), style="bold"))

    def fill(self) -> None:
        table = self.table
        current = self._current()
        table.clear()
        status = None if self.filter == "all" else self.filter
        kind = self.screen.source.kind
        for row in self.preview.rows(status, SHOWN_LIMIT):
            phones = row.data.phones if row.data else []
            phone = phones[0].value + (f" +{len(phones) - 1}" if len(phones) > 1 else "") if phones else (
                row.company_card.switchboard if row.company_card and row.status == COMPANY else "") or "–"
            table.add_row(
                str(row.number if kind == "vcard" else row.line), self._status_cell(row.status),
                self._choice_cell(row), fit(row.name or t("interop.no_name"), 12), fit(row.company or "–", 14),
                phone,
                short_reason(row, kind) or "–", key=str(row.number),
            )
        more = self.preview.count(status) - SHOWN_LIMIT
        self.screen.query_one("#import-more", Static).update(
            Text(t("interop.import.more_rows", count=more)) if more > 0 else "")
        if current is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(current)))
            except Exception:  # noqa: BLE001 -- the row is filtered out now
                pass
        self._summary()

    def detail(self, number: int) -> None:
        """The highlighted row's whole story under the table (the columns cut it short)."""
        row = self.preview.row(number)
        kind = self.screen.source.kind
        parts = [row_label(row, kind), person(row)]
        if row.data and row.data.phones:
            parts.append(typed_text(row.data.phones, language()))
        if row.status == COMPANY:
            card = row.company_card
            parts += [value for value in (card.switchboard, card.website, card.address) if value]
        reason = reason_text(row, kind)
        if reason:
            parts.append(reason)
        self.screen.query_one("#import-detail", Static).update(Text(" · ".join(parts)))

    def _status_cell(self, status: str) -> Text:
        style = {NEW: "green", COMPANY: "cyan", DUPLICATE: "yellow", INVALID: "red"}[status]
        return Text(t(f"interop.status.{status}"), style=style)

    def _choice_cell(self, row) -> Text:
        if row.status == DUPLICATE:
            choice = self.choices.get(row.number, self.default_choice)
            return Text(t(f"interop.choice.{choice}"), style="bold" if choice != SKIP else "")
        if row.status in (NEW, COMPANY):
            return Text(t("interop.choice.add"), style="dim")
        return Text("–", style="dim")

    def _current(self) -> int | None:
        table = self.table
        if not table.row_count or table.cursor_row is None:
            return None
        return int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def choose(self, choice: str) -> None:
        number = self._current()
        if number is None:
            return
        row = self.preview.row(number)
        if row.status != DUPLICATE:
            return
        self.choices[number] = choice
        table = self.table
        table.update_cell(str(number), "choice", self._choice_cell(row))
        if table.cursor_row is not None and table.cursor_row + 1 < table.row_count:
            table.move_cursor(row=table.cursor_row + 1)
        self._summary()

    def choose_all(self, choice: str) -> None:
        self.choices, self.default_choice = {}, choice
        self.fill()

    def next_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.fill()

    def write_problems(self) -> None:
        if not self.preview.count(INVALID):
            self.screen.notify(t("interop.import.problems_none"))
            return
        self.screen.run_worker(partial(self._write_problems, self.preview, self.screen.source, self.app.now()),
                               thread=True, group="import-problems")

    def _write_problems(self, preview, source, now) -> None:
        try:
            path, count = problems_to_exports(preview, source, now)
        except OSError as exc:
            message = t("giftui.cli.export.cannot_write", path="exports/", error=exc.strerror or exc)
            self.tell(partial(self.screen.notify, message, severity="error"))
            return
        self.tell(self.screen.notify, t("interop.import.problems_written", count=count, path=path))

    def do_import(self) -> None:
        overridden = sum(1 for c in self.choices.values() if c != SKIP)
        defaulted = self.preview.count(DUPLICATE) - len(self.choices) if self.default_choice != SKIP else 0
        writes = self.preview.count(NEW) + self.preview.count(COMPANY) + overridden + defaulted
        if not writes:
            self.screen.notify(t("interop.import.nothing"))
            return
        self.screen.applying.apply(self.preview, dict(self.choices), self.default_choice, writes)


class BookStage(Stage):
    """A whole book (a JSON export): its counts, loaded into this book only if it is empty."""

    name = "book"
    actions = frozenset({"back", "do_import", "other_file"})
    help_key = "interop.import.book"

    def show(self, source) -> None:
        self.screen.source = source
        self.screen.status("\n".join(book_lines(source)))
        self.screen.go(self)

    def do_import(self) -> None:
        self.screen.applying.load(self.screen.source)


class ApplyingStage(Stage):
    """Writing, in one transaction, with the progress bar; a failure goes back a step, nothing written."""

    name = "applying"
    shown = frozenset({"preview", "import-progress"})
    busy = True

    def apply(self, preview, choices: dict[int, str], default: str, writes: int) -> None:
        self.screen.go(self)
        self.screen.status(t("interop.import.applying", count=writes))
        self.screen.progress(0, writes)
        self.run(partial(self._apply, self.app.interop, preview, choices, default, self.app.now()))

    def _apply(self, interop, preview, choices, default, now) -> None:
        try:
            result = interop.apply(preview, now, choices, default, progress=self.progress)
        except BookError as exc:
            self.tell(self._failed, exc.message(), self.screen.preview_stage)
            return
        self.tell(self.screen.done.applied, result)

    def load(self, source) -> None:
        self.screen.go(self)
        self.run(partial(self._load, self.app.interop, source))

    def _load(self, interop, source) -> None:
        try:
            counts = interop.load_book(source, self.progress)
        except BookError as exc:
            self.tell(self._failed, exc.message(), self.screen.book)
            return
        self.tell(self.screen.done.loaded, counts)

    def _failed(self, message: str, back: Stage) -> None:
        self.screen.status(t("interop.import.failed", error=message), error=True)
        self.screen.go(back)


class DoneStage(Stage):
    name = "done"
    actions = frozenset({"back", "other_file"})
    shown = frozenset({"preview"})

    def applied(self, result) -> None:
        self.screen.result = result
        from clientbook.services.interop import owned_lines

        self._say("\n".join([t("interop.import.done", added=result.added, merged=result.merged, skipped=result.skipped,
                                companies=result.companies), *owned_lines(result)]))

    def loaded(self, counts: dict[str, int]) -> None:
        self._say(t("interop.import.book_done", contacts=counts.get("contact", 0)))

    def _say(self, message: str) -> None:
        self.screen.status(message)
        self.screen.notify(message)
        self.screen.go(self)
