"""Today: the rep's home screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from clientbook.i18n import language, t
from clientbook.ui.base import TranslatedBindings
from clientbook.ui.widgets.tables import fill_contact_table, selected_id, setup_contact_table


def greeting_key(hour: int) -> str:
    if hour < 5:
        return "today.greeting.night"
    if hour < 12:
        return "today.greeting.morning"
    if hour < 18:
        return "today.greeting.afternoon"
    return "today.greeting.evening"


class TodayScreen(TranslatedBindings, Screen):
    BINDINGS = [
        Binding("enter", "open", "key.open", id="today.open"),
        Binding("a", "add_contact", "key.add_contact", id="today.add"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="greeting")
        yield Static(id="counts")
        yield Static(t("today.recent"), classes="section-title")
        yield DataTable(id="recent")
        yield Static(id="empty", classes="empty-state")
        yield Footer()

    def on_mount(self) -> None:
        setup_contact_table(self.query_one("#recent", DataTable))
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        store, now = self.app.store, self.app.now()
        hour_key = greeting_key(now.hour)
        greetings = {
            "today.greeting.night": t("today.greeting.night"),
            "today.greeting.morning": t("today.greeting.morning"),
            "today.greeting.afternoon": t("today.greeting.afternoon"),
            "today.greeting.evening": t("today.greeting.evening"),
        }
        from clientbook.domain.dates import weekday_name

        self.query_one("#greeting", Static).update(
            t("today.header", greeting=greetings[hour_key], date=now.strftime("%Y-%m-%d"),
              weekday=weekday_name(now.date(), language()))
        )
        counts = store.counts()
        self.query_one("#counts", Static).update(
            t("today.counts", contacts=counts.contacts, companies=counts.companies, archived=counts.archived)
        )
        rows = store.recent_contacts(limit=10)
        table = self.query_one("#recent", DataTable)
        fill_contact_table(table, rows)
        empty = self.query_one("#empty", Static)
        empty.display = not rows
        table.display = bool(rows)
        empty.update(t("today.empty"))

    def action_open(self) -> None:
        contact_id = selected_id(self.query_one("#recent", DataTable))
        if contact_id is not None:
            from clientbook.ui.screens.contact import ContactScreen

            self.app.push_screen(ContactScreen(contact_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_add_contact(self) -> None:
        from clientbook.ui.screens.forms import add_contact_flow

        add_contact_flow(self.app)
