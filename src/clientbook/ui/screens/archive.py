"""The archive: what was deleted, waiting to be restored."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.i18n import t
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.widgets.tables import PlainTable


class ArchiveScreen(LoadsInWorker, Page):
    BINDINGS = [
        Binding("escape", "back", "key.back", id="archive.back"),
        Binding("r", "restore", "key.restore", id="archive.restore"),
    ]

    def body(self) -> ComposeResult:
        yield Static(t("archive.title"), classes="page-title")
        yield PlainTable(id="archived")
        yield Static(t("archive.empty"), id="empty", classes="empty-state")

    def on_mount(self) -> None:
        table = self.query_one("#archived", DataTable)
        table.cursor_type = "row"
        table.add_columns(t("col.kind"), t("col.name"), t("col.archived_at"))
        self.query_one("#empty", Static).display = False  # until the answer says so
        self.reload()
        table.focus()

    def load(self, _asked):
        return self.app.capture.archived()

    def show(self, items) -> None:
        table = self.query_one("#archived", DataTable)
        table.clear()
        kinds = {"contact": t("archive.kind.contact"), "company": t("archive.kind.company")}
        for item in items:
            table.add_row(kinds[item.kind], item.name, f"{item.archived_at:%Y-%m-%d %H:%M}", key=f"{item.kind}:{item.id}")
        self.query_one("#empty", Static).display = not items

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_restore(self) -> None:
        table = self.query_one("#archived", DataTable)
        if not table.row_count:
            return
        kind, item_id = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split(":")
        name = table.get_row_at(table.cursor_row)[1]
        capture = self.app.capture

        def restored(_) -> None:
            self.notify(t("archive.restored", name=name))
            self.reload()

        self.app.write(lambda: capture.restore(kind, int(item_id)), restored)
