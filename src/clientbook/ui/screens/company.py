"""One company: its details and its people."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.enums import Grade
from clientbook.i18n import t
from clientbook.ui.base import LoadsInWorker
from clientbook.domain.money import money_short
from clientbook.ui import nav
from clientbook.ui.page import Page
from clientbook.ui.screens.gift_text import company_spend_text
from clientbook.ui.screens.meals import spending_text
from clientbook.ui.widgets.tables import PlainTable, fill_contact_table, selected_id, setup_contact_table
from clientbook.ui.forms.contact import add_contact_flow
from clientbook.ui.forms.occasion import add_occasion_flow
from clientbook.ui.forms.company import edit_company_flow
from clientbook.ui.screens.export_selection import export_selection_flow
from clientbook.ui.forms.flow import run_flow
from clientbook.services.team import move_text


class CompanyScreen(LoadsInWorker, Page):
    reload_on_return = True
    BINDINGS = [
        Binding("escape", "back", "key.back", id="company.back"),
        Binding("a", "add_contact", "key.add_contact", id="company.add"),
        Binding("e", "edit", "key.edit", id="company.edit"),
        Binding("d", "archive", "key.archive", id="company.archive"),
        Binding("o", "add_occasion", "giftui.key.add_occasion", id="company.occasion"),
        Binding("X", "export_people", "interop.key.export", id="company.export"),
        Binding("H", "handover", "team.ui.key.handover", key_display="H", id="company.handover"),
    ]

    def __init__(self, company_id: int) -> None:
        super().__init__()
        self.company_id = company_id
        self.page = None  # the CompanyPage shown, once loaded

    def body(self) -> ComposeResult:
        yield Static(id="company-name", classes="page-title")
        yield Static(id="company-fields")
        yield Static(id="company-gifts")
        yield Static(id="company-meals")
        yield Static(t("company.people"), classes="section-title")
        yield PlainTable(id="people")

    def on_mount(self) -> None:
        setup_contact_table(self.query_one("#people", DataTable), with_company=False)
        self.reload()
        self.query_one("#people", DataTable).focus()


    def load(self, _asked):
        return self.app.contacts.company_page(self.company_id)

    def show(self, page) -> None:
        self.page = page
        self.refresh_bindings()   # H shows on a team book
        company = page.company
        self.query_one("#company-name", Static).update(Text(company.name))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        for label, value in [
            (t("field.grade"), Grade(company.grade).label() if company.grade else t("form.ungraded")),
            (t("field.industry"), company.industry),
            (t("field.city"), company.city),
            (t("field.address"), company.address),
            (t("field.switchboard"), company.switchboard),
            (t("field.website"), company.website),
            (t("field.yearly_value"), money_short(company.yearly_value) if company.yearly_value is not None else ""),
            (t("field.notes"), company.notes),
            *([(t("team.ui.owner"), page.owner)] if page.owner is not None else []),
            *[("" if index else t("team.ui.owner_moves"),
               f"{move.at:%Y-%m-%d} {move_text(move.subtype, move.from_rep, move.to_rep)}")
              for index, move in enumerate(page.owner_moves[:3])],
        ]:
            grid.add_row(label, Text(value) if value else Text("–", style="dim"))
        self.query_one("#company-fields", Static).update(grid)
        self.query_one("#company-gifts", Static).update(
            Text(company_spend_text(page.gift_spend)))
        self.query_one("#company-meals", Static).update(spending_text(page.meal_spending))
        fill_contact_table(self.query_one("#people", DataTable), page.people, with_company=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        contact_id = selected_id(self.query_one("#people", DataTable))
        if contact_id is not None:
            nav.open_contact(self.app, contact_id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_add_contact(self) -> None:
        if self.page is not None:
            run_flow(self.app, add_contact_flow(company=self.page.company.name))

    def action_edit(self) -> None:
        run_flow(self.app, edit_company_flow(self.company_id), then=self.reload)

    def action_archive(self) -> None:

        def archived(name: str) -> None:
            self.app.notify(t("company.archived", name=name))
            if self.app.screen is self:
                self.app.pop_screen()

        self.app.write(lambda: self.app.contacts.archive_company(self.company_id, self.app.now()), archived)

    def check_action(self, action: str, parameters) -> bool | None:
        """Handover is a team book's (a manager's: the server checks on PostgreSQL)."""
        if action == "handover":
            return self.page is not None and self.page.owner is not None
        return True

    def action_handover(self) -> None:
        if self.page is None or self.page.owner is None:
            return
        from clientbook.ui.forms.handover import handover_flow

        company_id = self.company_id
        run_flow(self.app, handover_flow(company_id, self.page.company.name,
                                         lambda app: app.team.owner_id(company_id=company_id)), then=self.reload)

    def action_add_occasion(self) -> None:
        run_flow(self.app, add_occasion_flow(company_id=self.company_id), then=self.reload)

    def action_export_people(self) -> None:
        """X: the company's people as vCard or CSV (screens/export_selection.py)."""
        if self.page is not None:
            run_flow(self.app, export_selection_flow(lambda _app, ids=[row.id for row in self.page.people]: ids, self.page.company.name))
