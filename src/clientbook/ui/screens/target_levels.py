"""The target relationship levels (domain §4): the level a contact should reach, by company grade
× position tier, edited as the gift policy is."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.i18n import t
from clientbook.ui.screens.grade_grid import GradeGridScreen


class TargetLevelsScreen(GradeGridScreen):
    """Enter or space raises a cell's level one step (6 wraps round to 0), b lowers it, r resets it."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="targets.back"),
        Binding("space,enter", "cycle(1)", "target.key.raise", key_display="space", id="targets.raise"),
        Binding("b", "cycle(-1)", "target.key.lower", id="targets.lower"),
        Binding("r", "reset", "giftui.key.reset", id="targets.reset"),
    ]

    GRID_ID = "targets"
    view = None   # the services.contacts.TargetMatrixView shown

    def body(self) -> ComposeResult:
        yield Static(t("target.title"), id="targets-title", classes="page-title")
        yield self.grid()
        yield Static(t("target.legend"), id="targets-legend")

    def on_mount(self) -> None:
        self.grid_columns()
        self.reload()
        self.query_one("#targets", DataTable).focus()

    def load(self, _asked):
        return self.app.contacts.target_matrix()

    def show(self, view) -> None:
        first = self.view is None
        self.view = view

        def cell_text(grade, position) -> Text:
            level = view.matrix[(grade, position)]
            edited = " *" if (grade, position) in view.edited else ""
            return Text(level.label() + edited, style="bold" if level >= 4 else "")

        self.fill_grid(cell_text)
        if first:
            self.query_one("#targets", DataTable).move_cursor(row=0, column=1)

    def cycle_command(self, cell, step: int):
        contacts = self.app.contacts
        return lambda: contacts.cycle_target_cell(*cell, step)

    def reset_command(self, cell):
        contacts = self.app.contacts
        return lambda: contacts.reset_target_cell(*cell)
