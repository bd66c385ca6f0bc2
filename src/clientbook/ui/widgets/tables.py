"""Rendering helpers for tables of contacts and companies (no queries here)."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from clientbook.domain.enums import Level, Position
from clientbook.i18n import t


class PlainTable(DataTable):
    """A DataTable whose string cells are plain text: a name like "[VIP] 张三" shows as typed
    (DataTable would read it as markup)."""

    def add_row(self, *cells, **kwargs):
        return super().add_row(*(Text(c) if isinstance(c, str) else c for c in cells), **kwargs)

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        """DataTable widens its columns in an idle pass after rows are added, but keeps the lines
        it drew before that pass in its caches: on a busy machine a row drawn in between stayed
        narrow (a header cut short) while the row under the cursor was drawn wide. Columns only
        grow, so a wider table means new widths: drop those lines."""
        if new.width != old.width:
            self.notify_style_update()  # clears every render cache and refreshes

    def fill(self, rows: list[tuple[tuple, str]]) -> None:
        """Replace the rows with (cells, key) pairs, keeping the cursor's position."""
        cursor = self.cursor_row if self.row_count else None
        self.clear()
        for cells, key in rows:
            self.add_row(*cells, key=key)
        if cursor is not None and self.row_count:
            self.move_cursor(row=min(cursor, self.row_count - 1))


class RowList(list):
    """Rows collected as (cells, key) pairs with DataTable's add_row signature, for PlainTable.fill."""

    def add_row(self, *cells, key: str) -> None:
        self.append((cells, key))


def grade_cell(grade: str | None) -> str:
    return grade or "–"


def position_cell(position: str | None) -> str:
    return Position(position).label() if position else "–"


def level_cell(level: int) -> str:
    return Level(level).label()


def setup_contact_table(table: DataTable, with_company: bool = True) -> None:
    table.cursor_type = "row"
    table.zebra_stripes = True
    columns = [t("col.name")]
    if with_company:
        columns.append(t("col.company"))
    columns += [t("col.grade"), t("col.title"), t("col.position"), t("col.level")]
    table.add_columns(*columns)


def fill_contact_table(table: DataTable, rows, with_company: bool = True) -> None:
    """Replace the rows, keeping the cursor on the same contact when it is still there."""
    current = None
    if table.row_count and table.cursor_row is not None and table.cursor_row < table.row_count:
        current = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
    table.clear()
    for row in rows:
        cells = [row.name]
        if with_company:
            cells.append(row.company or "–")
        cells += [grade_cell(row.grade), row.title or "–", position_cell(row.position), level_cell(row.level)]
        table.add_row(*cells, key=str(row.id))
    if current is not None:
        try:
            table.move_cursor(row=table.get_row_index(current))
        except RowDoesNotExist:  # the contact is no longer in the list
            pass


def selected_id(table: DataTable) -> int | None:
    if not table.row_count or table.cursor_row is None:
        return None
    return int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
