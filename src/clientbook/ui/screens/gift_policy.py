"""The gift policy editor: per occasion, a grid of company grade × position tier."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gifts.policy import BudgetTier, Treatment, decide
from clientbook.i18n import language, t
from clientbook.services.gifts import POSITIONS
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.screens.gift_text import decision_text, tier_range
from clientbook.ui.widgets.tables import PlainTable


class PolicyScreen(LoadsInWorker, Page):
    """Who gets what on one occasion: a grid of company grade × position tier; Enter or space
    cycles a cell (gift small → standard → premium → special → greeting → nothing), r resets it
    to the default, o / O move to the next / previous occasion."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="policy.back"),
        Binding("space,enter", "cycle(1)", "giftui.key.cycle", key_display="space", id="policy.cycle"),
        Binding("b", "cycle(-1)", "giftui.key.cycle_back", id="policy.cycle_back"),
        Binding("r", "reset", "giftui.key.reset", id="policy.reset"),
        Binding("o", "occasion(1)", "giftui.key.next_occasion", id="policy.next"),
        Binding("O", "occasion(-1)", "giftui.key.prev_occasion", key_display="O", id="policy.prev"),
    ]

    view = None   # the services.gifts.PolicyView shown
    index = 0     # which of view.keys

    def __init__(self, occasion_key: str | None = None) -> None:
        super().__init__()
        self.start_key = occasion_key

    def body(self) -> ComposeResult:
        yield Static(id="policy-title", classes="page-title")
        yield PlainTable(id="policy", cursor_type="cell")
        yield Static(id="policy-legend")

    def on_mount(self) -> None:
        table = self.query_one("#policy", DataTable)
        table.add_column(t("giftui.col.grade"), key="grade")
        for position in POSITIONS:
            table.add_column(t(f"giftui.pos.{position.value}"), key=position.value)
        legend = " · ".join(f"{tier.label()} {tier_range(tier)}" for tier in BudgetTier)
        self.query_one("#policy-legend", Static).update(Text(t("giftui.policy.legend", tiers=legend)))
        self.reload()
        table.focus()

    @property
    def key(self) -> str:
        return self.view.keys[self.index][0]

    def ask(self) -> str:
        return language()

    def load(self, lang: str):
        return self.app.gifts.policy(lang)

    def show(self, view) -> None:
        first = self.view is None
        self.view = view
        if first:  # the occasion asked for, else Mid-Autumn; the first grade's first position
            keys = [k for k, _n in view.keys]
            self.index = keys.index(self.start_key) if self.start_key in keys else keys.index("mid_autumn")
        self.index %= len(view.keys)  # a custom occasion deleted meanwhile
        self._fill()
        if first:
            self.query_one("#policy", DataTable).move_cursor(row=0, column=1)

    def _fill(self) -> None:
        view = self.view
        key, name = view.keys[self.index]
        self.query_one("#policy-title", Static).update(
            Text(t("giftui.policy.title", occasion=name, n=self.index + 1, total=len(view.keys))))
        table = self.query_one("#policy", DataTable)
        cursor = table.cursor_coordinate
        table.clear()
        for grade in Grade:
            cells = [Text(grade.value, style="bold")]
            for position in POSITIONS:
                treatment, tier = decide(view.policy, key, grade, position)
                style = {Treatment.GIFT: "green", Treatment.GREETING: "yellow", Treatment.NONE: "dim"}[treatment]
                label = decision_text(treatment, tier) if treatment is not Treatment.NONE else "—"
                if (key, grade, position) in view.edited:
                    label += " *"
                cells.append(Text(label, style=style))
            table.add_row(*cells, key=grade.value)
        table.cursor_coordinate = cursor

    def _cell(self) -> tuple[Grade, Position] | None:
        table = self.query_one("#policy", DataTable)
        row, column = table.cursor_coordinate
        if self.view is None or column == 0 or not table.row_count:
            return None
        return list(Grade)[row], POSITIONS[column - 1]

    def action_cycle(self, step: int) -> None:
        cell = self._cell()
        if cell is not None:
            key = self.key
            self.app.write(lambda: self.app.gifts.cycle_policy_cell(key, *cell, step), lambda _: self.reload())

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()  # Enter is bound to cycle already

    def action_reset(self) -> None:
        cell = self._cell()
        if cell is not None:
            key = self.key
            self.app.write(lambda: self.app.gifts.reset_policy_cell(key, *cell), lambda _: self.reload())

    def action_occasion(self, step: int) -> None:
        if self.view is not None:
            self.index = (self.index + step) % len(self.view.keys)
            self._fill()

    def action_back(self) -> None:
        self.app.pop_screen()
