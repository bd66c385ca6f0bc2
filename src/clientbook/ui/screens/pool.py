"""The team's pool (公海): contacts and companies nobody keeps — never owned, or left without an
interaction past their grade's recycle period — with a key to claim one. A team book's only."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.i18n import t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.widgets.tables import PlainTable


def pool_cells(item) -> tuple[str, str, str, str]:
    """(name, grade, days since contact, previous owner) of a pool row."""
    name = item.name + (f" · {item.company}" if item.company else "")
    if item.kind == "company":
        name += f" {t('team.ui.pool.company_mark')}"
    days = t("team.work.never_contacted") if item.days is None else t("team.work.days_ago", days=item.days)
    return name, item.grade or "–", days, item.previous_owner or "–"


class PoolScreen(LoadsInWorker, Page):
    SUBTITLE_KEY = "team.ui.pool.title"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="pool.back"),
        Binding("c", "claim", "team.ui.key.claim", id="pool.claim"),
    ]

    def body(self) -> ComposeResult:
        yield Static(t("team.ui.pool.title"), classes="page-title")
        yield PlainTable(id="pool")
        yield Static(t("team.ui.pool.empty"), id="empty", classes="empty-state")

    def on_mount(self) -> None:
        table = self.query_one("#pool", DataTable)
        table.cursor_type = "row"
        table.add_columns(t("team.ui.pool.col.name"), t("team.ui.pool.col.grade"), t("team.ui.pool.col.days"),
                          t("team.ui.pool.col.previous"))
        self.query_one("#empty", Static).display = False  # until the answer says so
        self.reload()
        table.focus()

    def load(self, _asked):
        return self.app.team.pool(self.app.now())

    def show(self, items) -> None:
        table = self.query_one("#pool", DataTable)
        table.clear()
        self.items = {f"{item.kind}:{item.id}": item for item in items}
        for key, item in self.items.items():
            table.add_row(*pool_cells(item), key=key)
        self.query_one("#empty", Static).display = not items

    def _selected(self):
        table = self.query_one("#pool", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        return self.items[table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        item = self.items[event.row_key.value]
        (nav.open_company if item.kind == "company" else nav.open_contact)(self.app, item.id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_claim(self) -> None:
        item = self._selected()
        if item is None:
            return
        team, now = self.app.team, self.app.now()

        def claimed(_result) -> None:
            self.notify(t("team.ui.claimed", name=item.name))
            self.reload()

        self.app.write(lambda: team.claim(item.kind, item.id, item.name, now), claimed)
