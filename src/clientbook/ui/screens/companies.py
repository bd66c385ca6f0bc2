"""Companies: grade, value and number of people; a company's page lists its people."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from clientbook.domain.money import money_short
from clientbook.i18n import t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.widgets.search_box import SearchBox
from clientbook.ui.widgets.tables import PlainTable, grade_cell, selected_id
from clientbook.ui.forms.company import add_company_flow, edit_company_flow
from clientbook.ui.forms.flow import run_flow




class CompaniesScreen(LoadsInWorker, Page):
    reload_on_return = True
    SUBTITLE_KEY = "key.companies"
    BINDINGS = [
        Binding("slash", "focus_search", "key.search", key_display="/", id="companies.search"),
        Binding("a", "add", "key.add_company", id="companies.add"),
        Binding("e", "edit", "key.edit", id="companies.edit"),
        Binding("d", "archive", "key.archive", id="companies.archive"),
        Binding("G", "suggest_grades", "key.suggest_grades", key_display="G", id="companies.grades"),
    ]

    def body(self) -> ComposeResult:
        yield SearchBox("companies", placeholder=t("companies.search_placeholder"), id="company-search")
        yield PlainTable(id="companies")
        yield Static(id="empty", classes="empty-state")

    def on_mount(self) -> None:
        table = self.query_one("#companies", DataTable)
        table.cursor_type = "row"
        table.zebra_stripes = True
        table.add_columns(t("col.company"), t("col.grade"), t("col.industry"), t("col.city"),
                          t("col.value"), t("col.people"))
        self.reload()
        table.focus()


    def ask(self) -> str:
        return self.query_one("#company-search", Input).value

    def load(self, query: str):
        return self.app.contacts.company_list(query)

    def show(self, rows) -> None:
        table = self.query_one("#companies", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(row.name, grade_cell(row.grade), row.industry or "–", row.city or "–",
                          money_short(row.yearly_value), str(row.contacts), key=str(row.id))
        if cursor is not None and rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        empty = self.query_one("#empty", Static)
        empty.display = not rows
        empty.update(t("companies.empty"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        company_id = selected_id(self.query_one("#companies", DataTable))
        if company_id is not None:
            nav.open_company(self.app, company_id)

    def action_focus_search(self) -> None:
        self.query_one("#company-search", Input).focus()

    def action_add(self) -> None:
        run_flow(self.app, add_company_flow(), then=self.reload)

    def action_edit(self) -> None:
        company_id = selected_id(self.query_one("#companies", DataTable))
        if company_id is not None:
            run_flow(self.app, edit_company_flow(company_id), then=self.reload)

    def action_archive(self) -> None:
        company_id = selected_id(self.query_one("#companies", DataTable))
        if company_id is None:
            return
        self.app.write(lambda: self.app.contacts.archive_company(company_id, self.app.now()),
                       lambda name: self._written(t("company.archived", name=name)))

    def action_suggest_grades(self) -> None:
        """Grade every company with a recorded value by its rank (domain §2)."""
        self.app.write(lambda: self.app.contacts.apply_suggested_grades(self.app.now()),
                       lambda changed: self._written(t("companies.graded", count=changed)))

    def _written(self, message: str) -> None:
        self.notify(message)
        self.reload()
