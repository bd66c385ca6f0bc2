"""The base of every page (a full screen, not a form or a modal): the header and footer around
what the page shows, its BINDINGS in the current language, and — for pages that ask for it —
a fresh read of the book when the rep comes back to it. Pages that read the book add
LoadsInWorker (ui/base.py): `class NotesScreen(LoadsInWorker, Page)`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from clientbook.ui.base import TranslatedBindings


class Page(TranslatedBindings, Screen):
    # Read again when the rep comes back from another screen or a modal — not on arrival,
    # where Textual resumes a new screen too. Pages that reload after each flow leave it off.
    reload_on_return = False
    _away = False

    def body(self) -> ComposeResult:
        """What the page shows between its header and its footer."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.body()
        yield Footer(compact=True)

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        away, self._away = self._away, False
        if away and self.reload_on_return:
            self.reload()
