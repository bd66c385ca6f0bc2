"""Import contacts: a file path, for CSV the column mapping, then the preview (new, look-alikes
with skip / merge / add each, unreadable rows with why), then the import with a progress bar.

This screen holds the widgets and the keys; each step is an object of import_stages.py that
says which keys work and does what they ask, in thread workers (a 10,000-card file never
freezes the screen), through the interop service only.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, ProgressBar, Static

from clientbook.i18n import t
from clientbook.ui.page import Page
from clientbook.ui.screens.import_stages import (
    ApplyingStage,
    BookStage,
    DoneStage,
    MappingStage,
    PathStage,
    PreviewStage,
    ReadingStage,
    Stage,
)
from clientbook.ui.widgets.tables import PlainTable

CSS_PATH = "../interop.tcss"


class ImportScreen(Page):
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
        self.source = None                    # services.interop.ImportSource
        self.preview = None                   # services.interop.Preview: counts, rows read back
        self.result = None                    # services.interop.Imported, once written
        self.path_stage, self.reading, self.mapping = PathStage(self), ReadingStage(self), MappingStage(self)
        self.preview_stage, self.book = PreviewStage(self), BookStage(self)
        self.applying, self.done = ApplyingStage(self), DoneStage(self)
        self.step: Stage = self.path_stage
        self.managed = set().union(*(s.actions for s in self._steps()))

    def _steps(self) -> tuple[Stage, ...]:
        return (self.path_stage, self.reading, self.mapping, self.preview_stage, self.book, self.applying, self.done)

    @property
    def stage(self) -> str:
        return self.step.name

    def body(self) -> ComposeResult:
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

    def on_mount(self) -> None:
        mapping = self.query_one("#mapping", DataTable)
        mapping.cursor_type = "row"
        mapping.add_column(t("interop.col.column"), key="column")
        mapping.add_column(t("interop.col.field"), key="field")
        mapping.add_column(t("interop.col.samples"), key="samples")
        preview = self.query_one("#preview", DataTable)
        preview.cursor_type = "row"
        preview.zebra_stripes = True
        self.go(self.path_stage)
        if self.initial_path:
            self._start_reading(self.initial_path)
        else:
            self.query_one("#import-path", Input).focus()

    # ------------------------------------------------------------ what the steps share
    def go(self, step: Stage) -> None:
        """Show `step`: its widgets, its help line, its keys in the footer."""
        self.step = step
        for widget in ("mapping", "import-more", "import-detail", "import-progress"):
            self.query_one(f"#{widget}").display = widget in step.shown
        self.query_one("#preview").display = "preview" in step.shown and self.preview is not None
        self.query_one("#import-path", Input).disabled = step.busy
        self.query_one("#import-help", Static).update(Text(t(step.help_key) if step.help_key else ""))
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        if action not in self.managed:
            return True
        if action == "columns" and (self.source is None or self.source.kind != "csv"):
            return False
        return action in self.step.actions

    def status(self, text: str, error: bool = False) -> None:
        self.query_one("#import-status", Static).update(Text(text, style="bold red" if error else ""))

    def summary(self, text: Text | str) -> None:
        self.query_one("#import-summary", Static).update(text)

    def progress(self, done: int, total: int) -> None:
        self.query_one("#import-progress", ProgressBar).update(progress=done, total=max(total, 1))

    def start_progress(self) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=None, progress=0)

    def failed(self, message: str) -> None:
        self.status(message, error=True)
        self.go(self.path_stage)
        self.query_one("#import-path", Input).focus()

    def close_preview(self) -> None:
        if self.preview is not None:
            self.preview.close()
            self.preview = None

    def on_unmount(self) -> None:
        self.close_preview()

    # ------------------------------------------------------------ the file
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self._start_reading(event.value.strip())

    def _start_reading(self, path: str) -> None:
        if "\x00" in path:  # pasted in: no file name holds a NUL, and os.stat would raise ValueError
            shown = path.replace("\x00", "\\0")
            self.failed(t("interop.error.read_file", path=shown, error=os.strerror(errno.ENOENT)))
            return
        self.close_preview()
        self.source, self.result = None, None
        self.summary("")
        self.reading.read(path)

    # ------------------------------------------------------------ keys, each to its step
    def action_next_field(self) -> None:
        self.mapping.next_field()

    def action_ignore_column(self) -> None:
        self.mapping.ignore_column()

    def action_preview(self) -> None:
        self.close_preview()
        self.reading.check(self.source)

    def action_columns(self) -> None:
        if self.source is not None and self.source.kind == "csv":
            self.mapping.show(self.source)

    def action_choose(self, choice: str) -> None:
        self.preview_stage.choose(choice)

    def action_choose_all(self, choice: str) -> None:
        self.preview_stage.choose_all(choice)

    def action_filter(self) -> None:
        self.preview_stage.next_filter()

    def action_problems(self) -> None:
        self.preview_stage.write_problems()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "preview" and self.preview is not None and event.row_key is not None:
            self.preview_stage.detail(int(event.row_key.value))

    def action_do_import(self) -> None:
        if self.step is self.book:
            self.book.do_import()
        elif self.step is self.preview_stage and self.preview is not None:
            self.preview_stage.do_import()

    def action_other_file(self) -> None:
        self.go(self.path_stage)
        self.query_one("#import-path", Input).focus()

    def action_back(self) -> None:
        if self.step.busy:
            return
        self.app.pop_screen()
