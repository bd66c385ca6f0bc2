"""The record changed in the book while a form was open (a restore, another window): the two
versions side by side, and the rep chooses. Dismisses with "mine", "book" or None (edit on)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from clientbook.i18n import t
from clientbook.ui.base import TranslatedBindings


class ConflictScreen(TranslatedBindings, ModalScreen):
    BINDINGS = [
        Binding("k", "choose('mine')", "key.conflict.mine", id="conflict.mine"),
        Binding("b", "choose('book')", "key.conflict.book", id="conflict.book"),
        Binding("escape,e", "choose('')", "key.conflict.edit", key_display="Esc", id="conflict.edit"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows  # (field label, in the book now, what the rep typed)

    def compose(self) -> ComposeResult:
        table = Table(expand=True)
        table.add_column(t("conflict.field"), style="bold", no_wrap=True)
        table.add_column(t("conflict.book"))
        table.add_column(t("conflict.mine"))
        for label, book, mine in self.rows:
            table.add_row(Text(label), Text(book), Text(mine))  # the rep's text, never markup
        with VerticalScroll(id="form", classes="small-form"):
            yield Static(t("conflict.title"), classes="form-title")
            yield Static(table, id="conflict-table")
            yield Static(t("conflict.keys"), classes="form-keys")

    def action_choose(self, answer: str) -> None:
        self.dismiss(answer or None)
