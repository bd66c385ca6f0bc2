"""Deals (domain §12): the pipeline by stage — how many and how much at each — with the measures
(won, lost, days from verbal agreement to signature), filtered by company grade and by who
owns the relationship. Enter opens a deal's page (screens/deal.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.enums import Grade
from clientbook.domain.money import money_short
from clientbook.i18n import t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.forms.deal import new_deal_flow
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.page import Page
from clientbook.ui.screens.contacts import cycle
from clientbook.ui.widgets.tables import PlainTable, grade_cell, selected_id

GRADES = [None, *(grade.value for grade in Grade)]
# Deals listed per stage: a screenful and more; the counts and values cover them all. Listing
# every deal of a large book took 48 ms (p95), the first 30 of each 13 ms (tests/bench).
PER_STAGE = 30


def measures_text(measures) -> Text:
    """赢单 1（¥120万）· 丢单 0 · 口头达成到签约平均 12 天（1 单）."""
    days = (t("dealui.measures.days", days=round(measures.days_to_sign), count=measures.signed_count)
            if measures.days_to_sign is not None else t("dealui.measures.no_days"))
    return Text(t("dealui.measures", won=measures.won, value=money_short(measures.won_value),
                  lost=measures.lost, days=days))


def stages_text(columns) -> Text:
    """One entry per stage: its name, how many deals, their value: 商务谈判 2 · ¥80万."""
    out = Text()
    for n, column in enumerate(columns):
        if n:
            out.append("  │  ", style="dim")
        out.append(column.stage.label, style="bold")
        out.append(f" {column.count}")
        if column.count:
            out.append(f" · {money_short(column.value)}", style="dim")
    return out


class DealsScreen(LoadsInWorker, Page):
    CSS_PATH = "../deals.tcss"
    reload_on_return = True
    SUBTITLE_KEY = "dealui.key.deals"
    BINDINGS = [
        Binding("enter", "open", "key.open", id="deals.open", show=False),
        Binding("a", "add", "dealui.key.add", id="deals.add"),
        Binding("g", "cycle_grade", "key.filter_grade", id="deals.grade"),
        Binding("o", "cycle_owner", "dealui.key.filter_owner", id="deals.owner"),
        Binding("x", "clear_filters", "key.clear_filters", id="deals.clear"),
        Binding("S", "stages", "dealui.key.stages", key_display="S", id="deals.stages"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.grade: str | None = None
        self.owner: str | None = None
        self.owners: list[str] = []    # the owners to cycle through, as of the last load

    def body(self) -> ComposeResult:
        yield Static(id="filters")
        yield Static(id="deal-measures", classes="deal-line")
        yield Static(id="deal-stages", classes="deal-line")
        yield PlainTable(id="deals", cursor_type="row")
        yield Static(id="empty", classes="empty-state")

    def on_mount(self) -> None:
        table = self.query_one("#deals", DataTable)
        table.zebra_stripes = True
        table.add_columns(t("dealui.col.stage"), t("dealui.col.deal"), t("col.company"), t("col.grade"),
                          t("dealui.col.value"), t("dealui.col.close"), t("dealui.col.owner"), t("dealui.col.warnings"))
        self.reload()
        table.focus()

    def ask(self):
        return dict(today=self.app.now().date(), grade=self.grade, owner=self.owner)

    def load(self, asked):
        return self.app.deals.pipeline(asked["today"], grade=asked["grade"], owner=asked["owner"], limit=PER_STAGE)

    def show(self, view) -> None:
        self.owners = list(view.owners)
        self.query_one("#filters", Static).update(Text(t(
            "dealui.filters", count=sum(column.count for column in view.columns),
            grade=self.grade or t("filter.any"), owner=self.owner or t("filter.any"))
            + (t("dealui.first_per_stage", n=PER_STAGE) if any(c.count > len(c.deals) for c in view.columns) else "")))
        self.query_one("#deal-measures", Static).update(measures_text(view.measures))
        self.query_one("#deal-stages", Static).update(stages_text(view.columns))
        rows = [row for column in view.columns for row in column.deals]
        self.query_one("#deals", PlainTable).fill([(
            (row.stage_label, row.title, row.company or "–", grade_cell(row.grade), money_short(row.value),
             row.expected_close.isoformat() if row.expected_close else "–", row.owner or "–",
             Text(f"⚠ {row.warnings}", style="bold yellow") if row.warnings else ""),
            str(row.id)) for row in rows])
        empty = self.query_one("#empty", Static)
        empty.display = not rows
        empty.update(t("dealui.none_match") if self.grade or self.owner else t("dealui.empty"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        deal_id = selected_id(self.query_one("#deals", DataTable))
        if deal_id is not None:
            nav.open_deal(self.app, deal_id)

    def action_add(self) -> None:
        run_flow(self.app, new_deal_flow(), then=self.reload)

    def action_cycle_grade(self) -> None:
        self.grade = cycle(GRADES, self.grade)
        self.reload()

    def action_cycle_owner(self) -> None:
        self.owner = cycle([None, *self.owners], self.owner)
        self.reload()

    def action_clear_filters(self) -> None:
        self.grade = self.owner = None
        self.reload()

    def action_stages(self) -> None:
        nav.open_deal_stages(self.app)
