"""Merge two records of one person, side by side: for each field keep A's value (a), take B's
(b) or keep both (c, for lists and texts); w swaps which record stays. ctrl+s merges: A takes
the chosen values and everything that hangs on B (timeline, follow-ups, gifts, meals …); B is
archived, not deleted."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.cells import fit
from clientbook.domain import contact_fields as cf
from clientbook.domain.contact_card import size_text, typed_text
from clientbook.domain.contact_fields import BY_NAME
from clientbook.domain.contacts import ContactInput
from clientbook.domain.dedupe import COMBINABLE, MERGE_FIELDS, default_choices, merged_input
from clientbook.domain.lunar import Birthday, format_birthday
from clientbook.i18n import language, t
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.widgets.tables import PlainTable

CSS_PATH = "../interop.tcss"


def field_value(name: str, data: ContactInput, width: int = 40) -> str:
    """One field as the merge table shows it: one line, labels in the UI language."""
    value = getattr(data, name)
    kind = BY_NAME[name].kind
    if kind == cf.TYPED:
        text = typed_text(value, language())
    elif kind == cf.ADDRESSES:
        text = "\n".join(address.form_text(language()) for address in value)
    elif kind == cf.NAME_PARTS:
        text = " ".join(part for part in value.parts() if part) if value else ""
    elif kind == cf.PHOTO:
        text = f"{value.mime} · {size_text(len(value.data))}" if value else ""
    elif kind == cf.LIST:
        text = " ".join(value)
    elif kind == cf.POSITION:
        text = value.label() if value else ""
    elif kind == cf.LEVEL:
        text = value.label()
    elif kind == cf.BIRTHDAY:
        text = format_birthday(Birthday.from_storage(value), language()) if value else ""
    elif kind == cf.NUMBER:
        text = str(value) if value else ""
    else:
        text = value or ""
    text = " ⏎ ".join(line for line in text.splitlines() if line.strip()) if "\n" in text else text
    return fit(text, width)


class MergeScreen(LoadsInWorker, Page):
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("a", "take('a')", "interop.key.take_a", id="merge.a"),
        Binding("b", "take('b')", "interop.key.take_b", id="merge.b"),
        Binding("c", "take('both')", "interop.key.take_both", id="merge.both"),
        Binding("w", "swap", "interop.key.swap", id="merge.swap"),
        Binding("ctrl+s,f2", "merge", "interop.key.do_merge", key_display="^s", id="merge.save", priority=True),
        Binding("escape", "cancel", "key.cancel", id="merge.cancel"),
    ]

    def __init__(self, first_id: int, second_id: int) -> None:
        super().__init__()
        self.survivor_id, self.other_id = first_id, second_id

    def body(self) -> ComposeResult:
        yield Static(t("interop.merge.title"), classes="page-title")
        yield PlainTable(id="merge-fields")
        yield Static(id="merge-moves")
        yield Static(t("interop.merge.keys"), id="merge-keys")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#merge-fields", DataTable).focus()

    def ask(self) -> tuple[int, int]:
        return self.survivor_id, self.other_id

    def load(self, ids: tuple[int, int]):
        return self.app.capture.merge_sides(*ids)

    def show(self, sides) -> None:
        self.a, self.b = sides.a, sides.b
        self.choices = default_choices(self.a, self.b)
        table = self.query_one("#merge-fields", DataTable)
        table.clear(columns=True)
        table.cursor_type = "row"
        table.add_column(t("interop.merge.col.field"), key="field")
        width = self._width()
        # Text, not a string: a name like "x[/]" is a name, not markup.
        table.add_column(Text(fit(t("interop.merge.side_a", name=self.a.name, id=self.survivor_id), width)), key="a")
        table.add_column(Text(fit(t("interop.merge.side_b", name=self.b.name, id=self.other_id), width)), key="b")
        table.add_column(t("interop.merge.col.result"), key="result")
        for name in MERGE_FIELDS:
            table.add_row(*self._cells(name), key=name)
        moves = sides.moves
        self.query_one("#merge-moves", Static).update(Text(t(
            "interop.merge.moves", interactions=moves.interactions, followups=moves.followups, gifts=moves.gifts,
            meals=moves.meals, levels=moves.level_changes, occasions=moves.occasions)))

    def _cells(self, name: str) -> list:
        choice = self.choices[name]
        width = self._width()
        va, vb = field_value(name, self.a, width), field_value(name, self.b, width)
        result = field_value(name, merged_input(self.a, self.b, {name: choice}), width)
        chosen = "bold green"
        return [
            Text(t(f"field.{name}"), style="bold"),
            Text(va or "–", style=chosen if choice in ("a", "both") and va else "dim"),
            Text(vb or "–", style=chosen if choice in ("b", "both") and vb else "dim"),
            Text(result or "–"),
        ]

    def _width(self) -> int:
        """Three value columns side by side beside the labels (each column: a cell of padding a side)."""
        label_width = max(cell_len(t(f"field.{field}")) for field in MERGE_FIELDS)
        return max(8, (self.app.size.width - label_width - 10) // 3)

    def _refresh_row(self, name: str) -> None:
        table = self.query_one("#merge-fields", DataTable)
        for key, cell in zip(("field", "a", "b", "result"), self._cells(name)):
            table.update_cell(name, key, cell)

    def _current(self) -> str | None:
        table = self.query_one("#merge-fields", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def action_take(self, side: str) -> None:
        name = self._current()
        if name is None or (side == "both" and name not in COMBINABLE):
            return
        self.choices[name] = side
        self._refresh_row(name)
        table = self.query_one("#merge-fields", DataTable)
        if table.cursor_row + 1 < table.row_count:
            table.move_cursor(row=table.cursor_row + 1)

    def action_swap(self) -> None:
        self.survivor_id, self.other_id = self.other_id, self.survivor_id
        self.reload()

    _merging = False

    def action_merge(self) -> None:
        if self._merging or self.loading:  # one merge at a time; the sides shown are those merged
            return
        self._merging = True
        survivor, other, choices = self.survivor_id, self.other_id, dict(self.choices)
        name = merged_input(self.a, self.b, self.choices).name

        def merged(_) -> None:
            self.app.notify(t("interop.merge.done", name=name))
            self.dismiss(survivor)

        def failed(error) -> None:  # the screen stays, every choice kept
            self._merging = False
            self.app.notify(error.message(), severity="error")

        capture, now = self.app.capture, self.app.now()
        self.app.write(lambda: capture.merge_contacts(survivor, other, choices, now), merged, failed)

    def action_cancel(self) -> None:
        self.dismiss(None)
