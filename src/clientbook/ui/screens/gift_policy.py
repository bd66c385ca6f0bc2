"""The gift policy editor: per occasion, a grid of company grade × position tier."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.gifts.policy import BudgetTier, Treatment, decide
from clientbook.i18n import language, t
from clientbook.ui.screens.gift_text import decision_text, tier_range
from clientbook.ui.screens.grade_grid import GradeGridScreen


class PolicyScreen(GradeGridScreen):
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

    GRID_ID = "policy"
    view = None   # the services.gifts.PolicyView shown
    index = 0     # which of view.keys

    def __init__(self, occasion_key: str | None = None) -> None:
        super().__init__()
        self.start_key = occasion_key

    def body(self) -> ComposeResult:
        yield Static(id="policy-title", classes="page-title")
        yield self.grid()
        yield Static(id="policy-legend")

    def on_mount(self) -> None:
        self.grid_columns()
        legend = " · ".join(f"{tier.label()} {tier_range(tier)}" for tier in BudgetTier)
        self.query_one("#policy-legend", Static).update(Text(t("giftui.policy.legend", tiers=legend)))
        self.reload()
        self.query_one("#policy", DataTable).focus()

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

        def cell_text(grade, position) -> Text:
            treatment, tier = decide(view.policy, key, grade, position)
            style = {Treatment.GIFT: "green", Treatment.GREETING: "yellow", Treatment.NONE: "dim"}[treatment]
            label = decision_text(treatment, tier) if treatment is not Treatment.NONE else "—"
            return Text(label + (" *" if (key, grade, position) in view.edited else ""), style=style)

        self.fill_grid(cell_text)

    def cycle_command(self, cell, step: int):
        key, gifts = self.key, self.app.gifts
        return lambda: gifts.cycle_policy_cell(key, *cell, step)

    def reset_command(self, cell):
        key, gifts = self.key, self.app.gifts
        return lambda: gifts.reset_policy_cell(key, *cell)

    def action_occasion(self, step: int) -> None:
        if self.view is not None:
            self.index = (self.index + step) % len(self.view.keys)
            self._fill()
