"""The gift log: every gift given, newest first, and this year's spend per company."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.money import money_text
from clientbook.i18n import language, t
from clientbook.services.gifts import occasion_label
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.screens.gift_text import spend_text
from clientbook.ui.widgets.tables import PlainTable


class GiftLogScreen(LoadsInWorker, Page):
    reload_on_return = True
    """Every gift given, newest first, and this year's spend per company."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="giftlog.back"),
        Binding("enter", "open", "key.open", id="giftlog.open", show=False),
    ]

    def body(self) -> ComposeResult:
        yield Static(t("giftui.log.title"), classes="page-title")
        yield Static(id="gift-spend")
        yield PlainTable(id="gifts", cursor_type="row")
        yield Static(t("giftui.log.empty"), id="gifts-empty", classes="empty-state")

    def on_mount(self) -> None:
        self.query_one("#gifts", DataTable).add_columns(t("giftui.col.given_on"), t("giftui.col.to"),
                                                        t("giftui.col.what"), t("giftui.col.occasion"),
                                                        t("giftui.col.value"))
        self.reload()
        self.query_one("#gifts", DataTable).focus()

    def load(self, _asked):
        return self.app.gifts.gift_log()

    def show(self, log) -> None:
        lang = language()
        table = self.query_one("#gifts", DataTable)
        table.clear()
        for gift in log.gifts:
            who = gift.contact_name + (f" · {gift.company}" if gift.company else "")
            table.add_row(gift.given_on.isoformat(), who, gift.what,
                          occasion_label(gift.occasion_key, lang, log.occasion_names),
                          money_text(gift.value), key=f"{gift.id}|{gift.contact_id}")
        self.query_one("#gifts-empty", Static).display = table.row_count == 0
        self.query_one("#gift-spend", Static).update(Text(spend_text(log.spend, self.app.now().year)))

    def action_open(self) -> None:
        table = self.query_one("#gifts", DataTable)
        if not table.row_count or table.cursor_row is None:
            return
        contact_id = int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split("|")[1])
        nav.open_contact(self.app, contact_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()
