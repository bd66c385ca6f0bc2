"""Import contacts: a file path, for CSV the column mapping, then the preview (new, look-alikes
with skip / merge / add each, unreadable rows with why), then the import with a progress bar.

Reading, checking and writing run in a thread worker (`group="import"`), so a 10,000-card file
never freezes the screen; the store writes everything in one transaction.
"""

from __future__ import annotations

import errno
import os
from functools import partial
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, ProgressBar, Static

from clientbook.domain.dedupe import ADD, DUPLICATE, INVALID, MERGE, NEW, SKIP
from clientbook.i18n import t
from clientbook.ui.base import TranslatedBindings
from clientbook.ui.widgets.tables import PlainTable

CSS_PATH = "../interop.tcss"
SHOWN_LIMIT = 1000          # rows of the preview drawn; the summary always counts them all
FILTERS = ("all", DUPLICATE, INVALID, NEW)
# What each stage lets the keys do (check_action hides the rest from the footer).
STAGE_ACTIONS = {
    "path": {"back"},
    "reading": set(),
    "mapping": {"back", "next_field", "ignore_column", "preview", "other_file"},
    "preview": {"back", "choose", "choose_all", "filter", "columns", "do_import", "other_file", "problems"},
    "book": {"back", "do_import", "other_file"},
    "applying": set(),
    "done": {"back", "other_file"},
}
MANAGED_ACTIONS = set().union(*STAGE_ACTIONS.values()) | {"choose", "choose_all"}


def _cut(text: str, width: int) -> str:
    """At most `width` cells wide (a CJK character is two)."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    while cell_len(text + "…") > width:
        text = text[:-1]
    return text + "…"


class ImportScreen(TranslatedBindings, Screen):
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape", "back", "key.back", id="import.back"),
        Binding("space", "next_field", "interop.key.next_field", id="import.next_field"),
        Binding("n", "ignore_column", "interop.key.ignore_column", id="import.ignore"),
        Binding("p", "preview", "interop.key.preview", id="import.preview"),
        Binding("s", "choose('skip')", "interop.key.skip", id="import.skip"),
        Binding("m", "choose('merge')", "interop.key.merge_row", id="import.merge"),
        Binding("a", "choose('add')", "interop.key.add", id="import.add"),
        Binding("S", "choose_all('skip')", "interop.key.skip_all", id="import.skip_all", show=False),
        Binding("M", "choose_all('merge')", "interop.key.merge_all", id="import.merge_all", show=False),
        Binding("A", "choose_all('add')", "interop.key.add_all", id="import.add_all", show=False),
        Binding("f", "filter", "interop.key.filter", id="import.filter"),
        Binding("c", "columns", "interop.key.columns", id="import.columns"),
        Binding("o", "other_file", "interop.key.other_file", id="import.other_file"),
        Binding("w", "problems", "interop.key.problems", id="import.problems"),
        Binding("ctrl+s,f2", "do_import", "interop.key.import", key_display="^s", id="import.do", priority=True),
    ]

    def __init__(self, path: str | Path | None = None) -> None:
        super().__init__()
        self.initial_path = str(path) if path else ""
        self.stage = "path"
        self.source = None
        self.preview = None                   # store.staging.StagedPreview: counts, rows read back
        self.choices: dict[int, str] = {}     # row number -> choice, where not the default
        self.default_choice = SKIP
        self.filter = "all"
        self.result = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("interop.import.title"), classes="page-title")
        yield Input(value=self.initial_path, placeholder=t("interop.import.path_placeholder"), id="import-path")
        yield Static(Text(t("interop.import.start")), id="import-status")
        yield Static(id="import-summary")
        yield Static(id="import-help")
        yield PlainTable(id="mapping")
        yield PlainTable(id="preview")
        yield Static(id="import-more")
        yield Static(id="import-detail")
        yield ProgressBar(id="import-progress", show_eta=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        mapping = self.query_one("#mapping", DataTable)
        mapping.cursor_type = "row"
        mapping.add_column(t("interop.col.column"), key="column")
        mapping.add_column(t("interop.col.field"), key="field")
        mapping.add_column(t("interop.col.samples"), key="samples")
        preview = self.query_one("#preview", DataTable)
        preview.cursor_type = "row"
        preview.zebra_stripes = True
        self._set_stage("path")
        if self.initial_path:
            self._start_reading(self.initial_path)
        else:
            self.query_one("#import-path", Input).focus()

    # ------------------------------------------------------------ stages
    def _set_stage(self, stage: str) -> None:
        self.stage = stage
        self.query_one("#mapping").display = stage == "mapping"
        self.query_one("#preview").display = stage in ("preview", "applying", "done") and self.preview is not None
        self.query_one("#import-more").display = stage == "preview"
        self.query_one("#import-detail").display = stage == "preview"
        self.query_one("#import-progress").display = stage in ("reading", "applying")
        self.query_one("#import-path", Input).disabled = stage in ("reading", "applying")
        help_key = {"mapping": "interop.import.mapping", "preview": "interop.import.preview_help",
                    "book": "interop.import.book"}.get(stage)
        self.query_one("#import-help", Static).update(Text(t(help_key) if help_key else ""))
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        if action not in MANAGED_ACTIONS:
            return True
        if action == "columns" and (self.source is None or self.source.kind != "csv"):
            return False
        return action in STAGE_ACTIONS.get(self.stage, set())

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(Text(text, style="bold red" if error else ""))

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#import-progress", ProgressBar).update(progress=done, total=max(total, 1))

    def _progress_from_thread(self, done: int, total: int) -> None:
        self.app.call_from_thread(self._progress, done, total)

    # ------------------------------------------------------------ reading the file
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self._start_reading(event.value.strip())

    def _start_reading(self, path: str) -> None:
        if "\x00" in path:  # pasted in: no file name holds a NUL, and os.stat would raise ValueError
            shown = path.replace("\x00", "\\0")
            self._failed(t("interop.error.read_file", path=shown, error=os.strerror(errno.ENOENT)))
            return
        self._close_preview()
        self.source, self.choices, self.result = None, {}, None
        self._set_stage("reading")
        self._status(t("interop.import.reading", path=path))
        self.query_one("#import-summary", Static).update("")
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.run_worker(partial(self._read, path), thread=True, exclusive=True, group="import")

    def _read(self, path: str) -> None:
        from clientbook.services.interop import CSV, JSON, open_source
        from clientbook.errors import BookError

        try:
            source = open_source(path)
        except BookError as exc:
            self.app.call_from_thread(self._failed, exc.message())
            return
        if source.kind == CSV:
            self.app.call_from_thread(self._show_mapping, source)
        elif source.kind == JSON:
            self.app.call_from_thread(self._show_book, source)
        else:
            self._check_rows(source)

    def _check_rows(self, source) -> None:
        """In the worker: the file's rows, sorted against the book (nothing written)."""
        from clientbook.services.interop import read_rows
        from clientbook.errors import BookError

        self.app.call_from_thread(self._progress, 0, source.total or 0)
        try:
            preview = self.app.store.preview_import(read_rows(source), self._progress_from_thread, source.total)
        except BookError as exc:
            self.app.call_from_thread(self._failed, exc.message())
            return
        self.app.call_from_thread(self._show_preview, source, preview)

    def _close_preview(self) -> None:
        if self.preview is not None:
            self.preview.close()
            self.preview = None

    def on_unmount(self) -> None:
        self._close_preview()

    def _failed(self, message: str) -> None:
        self._status(message, error=True)
        self._set_stage("path")
        path = self.query_one("#import-path", Input)
        path.focus()

    # ------------------------------------------------------------ CSV columns
    def _show_mapping(self, source) -> None:
        self.source = source
        self._status(f"{source.path}: {source.detail}")
        table = self.query_one("#mapping", DataTable)
        table.clear()
        for index, header in enumerate(source.table.headers):
            samples = _cut(" · ".join(source.table.samples(index)), 60)
            table.add_row(_cut(header or "?", 24), self._field_cell(source.mapping[index]), samples, key=str(index))
        self._set_stage("mapping")
        self._mapping_warning()
        table.focus()

    def _field_cell(self, name: str | None) -> Text:
        from clientbook.domain.csv_import import field_label

        return Text(field_label(name), style="" if name else "dim")

    def _mapping_warning(self) -> None:
        mapping = self.source.mapping
        if "name" in mapping or "family_name" in mapping or "given_name" in mapping:
            self.query_one("#import-summary", Static).update("")
        else:
            self.query_one("#import-summary", Static).update(Text(t("interop.import.no_name_column"), style="bold"))

    def _current_column(self) -> int | None:
        table = self.query_one("#mapping", DataTable)
        if not table.row_count:
            return None
        return int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def _set_field(self, index: int, name: str | None) -> None:
        self.source.mapping[index] = name
        self.query_one("#mapping", DataTable).update_cell(str(index), "field", self._field_cell(name))
        self._mapping_warning()

    def action_next_field(self) -> None:
        from clientbook.domain.csv_import import FIELDS

        index = self._current_column()
        if index is None:
            return
        options = [None, *FIELDS]
        current = self.source.mapping[index]
        self._set_field(index, options[(options.index(current) + 1) % len(options)])

    def action_ignore_column(self) -> None:
        index = self._current_column()
        if index is not None:
            self._set_field(index, None)

    def action_preview(self) -> None:
        self._close_preview()
        self._set_stage("reading")
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)
        self.run_worker(partial(self._check_rows, self.source), thread=True, exclusive=True, group="import")

    def action_columns(self) -> None:
        if self.source is not None and self.source.kind == "csv":
            self._show_mapping(self.source)

    # ------------------------------------------------------------ the preview
    def _show_preview(self, source, preview) -> None:
        self._close_preview()
        self.source, self.preview = source, preview
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        table.add_column(t("interop.col.card" if source.kind == "vcard" else "interop.col.line"), key="row")
        for key in ("status", "choice", "name", "company", "phones", "reason"):
            table.add_column(t(f"interop.col.{key}"), key=key)
        self.choices, self.default_choice = {}, SKIP
        self._status(f"{source.path}: {source.detail}")
        self._set_stage("preview")
        self._fill_preview()
        self.query_one("#preview", DataTable).focus()

    def _summary(self) -> None:
        preview = self.preview
        duplicates = preview.count(DUPLICATE)
        lines = [t("interop.summary", new=preview.count(NEW), duplicates=duplicates, invalid=preview.count(INVALID))]
        if duplicates:
            counts = {choice: sum(1 for c in self.choices.values() if c == choice) for choice in (SKIP, MERGE, ADD)}
            counts[self.default_choice] += duplicates - len(self.choices)
            lines.append(t("interop.import.choices", **counts))
        if self.filter != "all":
            lines.append(t("interop.import.filter", what=t(f"interop.filter.{self.filter}")))
        self.query_one("#import-summary", Static).update(Text("\n".join(lines), style="bold"))

    def _fill_preview(self) -> None:
        from clientbook.services.interop import short_reason

        table = self.query_one("#preview", DataTable)
        current = self._current_row()
        table.clear()
        status = None if self.filter == "all" else self.filter
        kind = self.source.kind
        for row in self.preview.rows(status, SHOWN_LIMIT):
            phones = row.data.phones if row.data else []
            phone = phones[0] + (f" +{len(phones) - 1}" if len(phones) > 1 else "") if phones else "–"
            table.add_row(
                str(row.number if kind == "vcard" else row.line), self._status_cell(row.status),
                self._choice_cell(row), _cut(row.name or t("interop.no_name"), 12), _cut(row.company or "–", 14),
                phone,
                short_reason(row, kind) or "–", key=str(row.number),
            )
        more = self.preview.count(status) - SHOWN_LIMIT
        self.query_one("#import-more", Static).update(
            Text(t("interop.import.more_rows", count=more)) if more > 0 else "")
        if current is not None:
            try:
                table.move_cursor(row=table.get_row_index(str(current)))
            except Exception:  # noqa: BLE001 -- the row is filtered out now
                pass
        self._summary()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted row's whole story under the table (the columns cut it short)."""
        if event.data_table.id != "preview" or self.preview is None or event.row_key is None:
            return
        from clientbook.services.interop import person, reason_text, row_label

        row = self.preview.row(int(event.row_key.value))
        kind = self.source.kind
        parts = [row_label(row, kind), person(row)]
        if row.data and row.data.phones:
            parts.append(", ".join(row.data.phones))
        reason = reason_text(row, kind)
        if reason:
            parts.append(reason)
        self.query_one("#import-detail", Static).update(Text(" · ".join(parts)))

    def _status_cell(self, status: str) -> Text:
        style = {NEW: "green", DUPLICATE: "yellow", INVALID: "red"}[status]
        return Text(t(f"interop.status.{status}"), style=style)

    def _choice_cell(self, row) -> Text:
        if row.status == DUPLICATE:
            choice = self.choices.get(row.number, self.default_choice)
            return Text(t(f"interop.choice.{choice}"), style="bold" if choice != SKIP else "")
        if row.status == NEW:
            return Text(t("interop.choice.add"), style="dim")
        return Text("–", style="dim")

    def _current_row(self) -> int | None:
        table = self.query_one("#preview", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        return int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def action_choose(self, choice: str) -> None:
        number = self._current_row()
        if number is None:
            return
        row = self.preview.row(number)
        if row.status != DUPLICATE:
            return
        self.choices[number] = choice
        table = self.query_one("#preview", DataTable)
        table.update_cell(str(number), "choice", self._choice_cell(row))
        if table.cursor_row is not None and table.cursor_row + 1 < table.row_count:
            table.move_cursor(row=table.cursor_row + 1)
        self._summary()

    def action_choose_all(self, choice: str) -> None:
        self.choices, self.default_choice = {}, choice
        self._fill_preview()

    def action_problems(self) -> None:
        if not self.preview.count(INVALID):
            self.notify(t("interop.import.problems_none"))
            return
        self.run_worker(self._write_problems, thread=True, group="import-problems")

    def _write_problems(self) -> None:
        from clientbook.services.interop import problems_to_exports

        try:
            path, count = problems_to_exports(self.preview, self.source, self.app.now())
        except OSError as exc:
            message = t("giftui.cli.export.cannot_write", path="exports/", error=exc.strerror or exc)
            self.app.call_from_thread(self.notify, message, severity="error")
            return
        self.app.call_from_thread(self.notify, t("interop.import.problems_written", count=count, path=path))

    def action_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self._fill_preview()

    # ------------------------------------------------------------ a whole book (JSON)
    def _show_book(self, source) -> None:
        from clientbook.services.interop import book_lines

        self.source = source
        self._status("\n".join(book_lines(source)))
        self._set_stage("book")

    # ------------------------------------------------------------ writing
    def action_do_import(self) -> None:
        if self.stage == "book":
            self._set_stage("applying")
            self.run_worker(self._load_book, thread=True, exclusive=True, group="import")
            return
        if self.stage != "preview" or self.preview is None:
            return
        overridden = sum(1 for c in self.choices.values() if c != SKIP)
        defaulted = self.preview.count(DUPLICATE) - len(self.choices) if self.default_choice != SKIP else 0
        writes = self.preview.count(NEW) + overridden + defaulted
        if not writes:
            self.notify(t("interop.import.nothing"))
            return
        self._set_stage("applying")
        self._status(t("interop.import.applying", count=writes))
        self._progress(0, writes)
        self.run_worker(partial(self._apply, dict(self.choices), self.default_choice), thread=True, exclusive=True,
                        group="import")

    def _apply(self, choices: dict[int, str], default: str) -> None:
        from clientbook.errors import BookError

        try:
            result = self.app.store.apply_import(self.preview, self.app.now(), choices, default,
                                                 progress=self._progress_from_thread)
        except BookError as exc:
            self.app.call_from_thread(self._apply_failed, exc.message())
            return
        self.app.call_from_thread(self._applied, result)

    def _apply_failed(self, message: str) -> None:
        self._status(t("interop.import.failed", error=message), error=True)
        self._set_stage("preview")

    def _applied(self, result) -> None:
        self.result = result
        message = t("interop.import.done", added=result.added, merged=result.merged, skipped=result.skipped,
                    companies=result.companies)
        self._status(message)
        self.notify(message)
        self._set_stage("done")

    def _load_book(self) -> None:
        from clientbook.errors import BookError

        try:
            counts = self.app.store.load_book(self.source.book, self._progress_from_thread)
        except BookError as exc:
            self.app.call_from_thread(self._book_failed, exc.message())
            return
        self.app.call_from_thread(self._book_loaded, counts)

    def _book_failed(self, message: str) -> None:
        self._status(t("interop.import.failed", error=message), error=True)
        self._set_stage("book")

    def _book_loaded(self, counts: dict[str, int]) -> None:
        message = t("interop.import.book_done", contacts=counts.get("contact", 0))
        self._status(message)
        self.notify(message)
        self._set_stage("done")

    # ------------------------------------------------------------ leaving
    def action_other_file(self) -> None:
        self._set_stage("path")
        path = self.query_one("#import-path", Input)
        path.focus()

    def action_back(self) -> None:
        if self.stage in ("reading", "applying"):
            return
        self.app.pop_screen()
