"""Help: the keys of the screen it was opened from, in the UI language."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from clientbook.i18n import t
from clientbook.ui.base import TranslatedBindings


class HelpScreen(TranslatedBindings, ModalScreen):
    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "key.close", id="help.close")]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold cyan", no_wrap=True)
        grid.add_column()
        shown = set()
        for active in self.below.active_bindings.values():
            binding = active.binding
            # Only clientbook's own keys (they all carry an id and a translated description);
            # Textual's built-in ones (Input's cursor keys, tab…) would show in English.
            # One row per binding: "d,delete" is two keys but one line.
            if binding.description and binding.id and binding.id not in shown:
                shown.add(binding.id)
                grid.add_row(self.app.get_key_display(binding), binding.description)
        with VerticalScroll(id="help"):
            yield Static(t("help.title"), classes="page-title")
            yield Static(grid)
            yield Static(t("help.text"), classes="help-text")

    def action_close(self) -> None:
        self.dismiss()
