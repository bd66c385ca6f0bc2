"""Rendering helpers for tables of contacts and companies (no queries here)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from clientbook.domain.cells import fit
from clientbook.domain.enums import Level, Position
from clientbook.i18n import t

NARROWEST = 8  # cells a cut column keeps (four Chinese characters), if it has them


class CutText(Text):
    """A cell's text that, in a column narrower than itself, ends with "…" on a whole
    character (Rich's own ellipsis pads a halved Chinese character with a space: "张总 …")."""

    @classmethod
    def of(cls, cell: Text) -> CutText:
        cut = cls(cell.plain, style=cell.style, justify=cell.justify, no_wrap=cell.no_wrap, end=cell.end)
        cut.spans = list(cell.spans)
        return cut

    def __rich_console__(self, console, options):
        shown = fit(self.plain, options.max_width)
        if shown == self.plain or not shown or "\n" in self.plain:
            yield from super().__rich_console__(console, options)
        else:
            yield from Text.__rich_console__(self[: len(shown) - 1] + "…", console, options)


def cut_cell(cell):
    """A cell as PlainTable shows it: a string as plain text (a name like "[VIP] 张三" shows as
    typed; DataTable would read it as markup), any text cut with "…" to its column."""
    if isinstance(cell, str):
        return CutText(cell)
    if isinstance(cell, Text) and not isinstance(cell, CutText):
        return CutText.of(cell)
    return cell


def column_widths(natural: list[int], room: int, narrowest: int = NARROWEST) -> list[int]:
    """Widths for columns whose contents are `natural` cells wide, sharing `room` cells: when
    they do not fit, the widest give up cells first, none below `narrowest` (a column already
    narrower keeps its width); when even that does not fit, the table scrolls sideways."""
    if sum(natural) <= room:
        return list(natural)

    def total(cap: int) -> int:
        return sum(min(width, max(cap, narrowest)) for width in natural)

    low, high = 0, max(natural)  # the widest cap whose total fits
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if total(middle) <= room else (low, middle - 1)
    cap = max(low, narrowest)
    widths = [min(width, cap) for width in natural]
    spare = room - sum(widths)  # fewer than the columns cut: one more cell each, left first
    for index, width in enumerate(natural):
        if spare <= 0:
            break
        if widths[index] < width:
            widths[index] += 1
            spare -= 1
    return widths


class PlainTable(DataTable):
    """The one table of every page: string cells are plain text, and the table fits its width,
    cutting its widest columns with "…" rather than running off the right edge (cut_cell,
    column_widths)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._cut_columns: set = set()  # keys of the columns narrowed to fit

    def add_column(self, label, *, width=None, key=None, default=None):
        label = Text.from_markup(label) if isinstance(label, str) else label
        return super().add_column(cut_cell(label), width=width, key=key, default=default)

    def add_row(self, *cells, **kwargs):
        return super().add_row(*(cut_cell(c) for c in cells), **kwargs)

    def update_cell(self, row_key, column_key, value, *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, cut_cell(value), update_width=update_width)

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        """DataTable widens its columns in an idle pass after rows are added, but keeps the lines
        it drew before that pass in its caches: on a busy machine a row drawn in between stayed
        narrow (a header cut short) while the row under the cursor was drawn wide. Columns only
        grow, so a wider table means new widths: fit them, and drop those lines."""
        if new.width != old.width:
            self._fit_columns()
            self.notify_style_update()  # clears every render cache and refreshes

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the columns their widths for the room the table has (column_widths); a
        column's content_width, which DataTable keeps up to date, is its natural width."""
        room = self.scrollable_content_region.width
        columns = [c for c in self.ordered_columns if c.auto_width or c.key in self._cut_columns]
        if not room or not columns:
            return
        keys = {c.key for c in columns}
        fixed = sum(c.get_render_width(self) for c in self.ordered_columns if c.key not in keys)
        room -= fixed + 2 * self.cell_padding * len(columns)
        widths = column_widths([c.content_width for c in columns], room)
        changed = False
        for column, width in zip(columns, widths):
            cut = width < column.content_width
            if cut != (column.key in self._cut_columns) or (cut and width != column.width):
                changed = True
            column.auto_width = not cut
            column.width = width if cut else column.content_width
            (self._cut_columns.add if cut else self._cut_columns.discard)(column.key)
        if changed:
            width = sum(c.get_render_width(self) for c in self.ordered_columns)
            self.virtual_size = Size(width, self.virtual_size.height)
            self.notify_style_update()

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
