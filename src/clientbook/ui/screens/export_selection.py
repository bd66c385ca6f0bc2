"""Export a selection (a company's people, a filter's result) as vCard or CSV into exports/ in
the data folder; the path is shown once written."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from clientbook.i18n import language, t
from clientbook.ui.base import TranslatedBindings
from clientbook.ui.forms.flow import Flow
from clientbook.ui.widgets.footer import KeysFooter

CSS_PATH = "../interop.tcss"


class ExportSelectionScreen(TranslatedBindings, ModalScreen):
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("v", "export('vcf')", "interop.key.vcard", id="export_selection.vcf"),
        Binding("c", "export('csv')", "interop.key.csv", id="export_selection.csv"),
        Binding("escape", "close", "key.close", id="export_selection.close"),
    ]

    def __init__(self, contact_ids: list[int], stem: str) -> None:
        super().__init__()
        self.contact_ids = contact_ids
        self.stem = stem
        self.written = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(t("interop.export.title", count=len(self.contact_ids)), classes="form-title")
            yield Static(t("interop.export.help"), id="export-help")
            yield Static(id="export-path")
        yield KeysFooter()

    def action_export(self, kind: str) -> None:
        interop, now, lang = self.app.interop, self.app.now(), language()
        self.app.write(lambda: interop.export_selection(self.contact_ids, kind, self.stem, now, lang), self._written)

    def _written(self, written: tuple) -> None:
        path, count = written
        self.written = path
        message = t("interop.export.saved", count=count, path=str(path))
        self.query_one("#export-path", Static).update(Text(message))
        self.notify(message)

    def action_close(self) -> None:
        self.dismiss(self.written)


def export_selection_flow(read_ids: Callable[[object], list[int]], stem: str) -> Flow:
    """The export box over the contacts `read_ids(app)` selects (read off the UI thread: a
    filter may select thousands); it writes the file itself."""

    def form(app, contact_ids) -> ExportSelectionScreen | None:
        if not contact_ids:
            app.notify(t("interop.export.none"))
            return None
        return ExportSelectionScreen(contact_ids, stem)

    return Flow(form, read_ids)
