"""A page over one grid of company grade × position tier, the shape of the gift policy and of the
target relationship levels: rows are grades, columns positions; the cell under the cursor is
changed one step at a time or reset to its default, through the page's service, in a worker."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from clientbook.domain.enums import Grade, Position
from clientbook.i18n import t
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.widgets.tables import PlainTable

Cell = tuple[Grade, Position]


class GradeGridScreen(LoadsInWorker, Page):
    """Subclasses give GRID_ID, their BINDINGS (cycle(1), cycle(-1), reset, back) and the
    commands a cell's change runs: `cycle_command(cell, step)` and `reset_command(cell)`."""

    GRID_ID = "grid"

    def grid(self) -> PlainTable:
        return PlainTable(id=self.GRID_ID, cursor_type="cell")

    def grid_columns(self) -> None:
        table = self.query_one(f"#{self.GRID_ID}", DataTable)
        table.add_column(t("giftui.col.grade"), key="grade")
        for position in Position:
            table.add_column(t(f"giftui.pos.{position.value}"), key=position.value)

    def fill_grid(self, cell_text: Callable[[Grade, Position], Text]) -> None:
        """Every grade's row again, the cursor where it was."""
        table = self.query_one(f"#{self.GRID_ID}", DataTable)
        cursor = table.cursor_coordinate
        table.clear()
        for grade in Grade:
            table.add_row(Text(grade.value, style="bold"), *[cell_text(grade, p) for p in Position], key=grade.value)
        table.cursor_coordinate = cursor

    def cell(self) -> Cell | None:
        """The grade and position under the cursor (None on the grade column)."""
        table = self.query_one(f"#{self.GRID_ID}", DataTable)
        row, column = table.cursor_coordinate
        if column == 0 or not table.row_count:
            return None
        return list(Grade)[row], list(Position)[column - 1]

    def cycle_command(self, cell: Cell, step: int) -> Callable[[], object]:
        raise NotImplementedError

    def reset_command(self, cell: Cell) -> Callable[[], object]:
        raise NotImplementedError

    def action_cycle(self, step: int) -> None:
        cell = self.cell()
        if cell is not None:
            self.app.write(self.cycle_command(cell, step), lambda _: self.reload())

    def action_reset(self) -> None:
        cell = self.cell()
        if cell is not None:
            self.app.write(self.reset_command(cell), lambda _: self.reload())

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()  # Enter is bound to cycle already

    def action_back(self) -> None:
        self.app.pop_screen()
