"""The base of every page (a full screen, not a form or a modal): the header and footer around
what the page shows, its BINDINGS in the current language, and — for pages that ask for it —
a fresh read of the book when the rep comes back to it. Pages that read the book add
LoadsInWorker (ui/base.py): `class NotesScreen(LoadsInWorker, Page)`."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header

from clientbook.i18n import t
from clientbook.ui.base import TranslatedBindings
from clientbook.ui.widgets.footer import KeysFooter


class Page(TranslatedBindings, Screen):
    # Read again when the rep comes back from another screen or a modal — not on arrival,
    # where Textual resumes a new screen too. Pages that reload after each flow leave it off.
    reload_on_return = False
    _away = False
    # The header's subtitle is the page's own (`self.sub_title`; a page that counts sets it as it
    # shows), never the app's, so what one page said (the Calendar's shopping lists) does not stay
    # on the next; a page without one shows the app's, the book's path.
    SUBTITLE_KEY = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.SUBTITLE_KEY:
            self.sub_title = t(self.SUBTITLE_KEY)

    def body(self) -> ComposeResult:
        """What the page shows between its header and its footer."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.body()
        yield KeysFooter()

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        away, self._away = self._away, False
        if away and self.reload_on_return:
            self.reload()
