"""The one Markdown export: a text shown over its page, in the UI language; c copies it, w saves it
to exports/ in the data folder, readable by the rep only. A meal's minutes (meal_minutes.py), a
deal's memo of terms and its review (deal.py) are shown and saved through it."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from clientbook.i18n import t
from clientbook.ui.base import TranslatedBindings
from clientbook.ui.widgets.footer import KeysFooter


def exports_path(name: str) -> Path:
    """exports/{name} in the data folder."""
    from clientbook import paths

    return paths.home() / "exports" / name


class MarkdownExportScreen(TranslatedBindings, ModalScreen):
    """Subclasses give `heading()`, `markdown` and `path()`; KEYS is the line of keys under the text."""

    CSS_PATH = "../meals.tcss"
    KEYS = "meal.export.keys"
    BINDINGS = [
        Binding("c", "copy", "key.meal.copy", id="export.copy"),
        Binding("w", "write", "key.meal.write", id="export.write"),
        Binding("escape", "close", "key.close", id="export.close"),
    ]

    @property
    def markdown(self) -> str:
        raise NotImplementedError

    def heading(self) -> str:
        raise NotImplementedError

    def path(self) -> Path:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="export-form"):
            yield Static(id="export-title", classes="form-title")
            yield Static(id="export-text")
            yield Static(id="export-path", classes="field-hint")
            yield Static(t(self.KEYS), classes="form-keys")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        self.query_one("#export-title", Static).update(Text(self.heading()))
        self.query_one("#export-text", Static).update(Text(self.markdown))

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.markdown)
        self.notify(t("meal.export.copied"))

    def action_write(self) -> None:
        from clientbook import paths
        from clientbook.services.interop import write_private

        path = self.path()
        paths.ensure_private_dir(path.parent)
        # it names people and what they said or conceded: readable by the rep only, from the start
        write_private(path, self.markdown.encode("utf-8"))
        self.query_one("#export-path", Static).update(Text(t("meal.export.saved", path=str(path))))
        self.notify(t("meal.export.saved", path=str(path)))

    def action_close(self) -> None:
        self.dismiss(None)
