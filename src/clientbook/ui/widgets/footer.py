"""The footer of every screen: Textual's Footer, with the keys that do not fit whole hidden."""

from __future__ import annotations

from textual.widgets import Footer

from clientbook.i18n import language, t
from clientbook.ui.textual_compat import TEXTUAL_KEY_DESCRIPTIONS


class KeysFooter(Footer):
    """Textual docks the command-palette key (^p) at the footer's right edge and lets the other
    keys run on beneath it. The screen is drawn in slices cut wherever any widget starts or ends,
    hidden ones included, so a key beneath cut 命令 in half ("^p   令") and, through the gap its
    margin left, showed a letter after it ("^p Commandst"). Keys that do not fit whole before ^p
    are hidden (out of the screen map, so they cut nothing): ? and the palette list them all."""

    DEFAULT_CSS = """
    KeysFooter.-compact FooterKey.-command-palette {
        margin-right: 0;
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self):
        for widget in super().compose():
            # Textual's own keys (an open list's "Dismiss menu"), in the interface language.
            key = TEXTUAL_KEY_DESCRIPTIONS.get(getattr(widget, "description", None))
            if key is not None:
                widget.description = t(key)
            yield widget

    _recompose_due = False
    _keys_built: tuple | None = None   # what the keys shown were built from (_keys_to_show)

    def bindings_changed(self, screen) -> None:
        """Textual's, but one rebuild for a burst of changes: each focus change signals, and a
        form opening signalled some 30 times, each rebuilding every key (a third of its open time)."""
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen and not self._recompose_due:
            self._recompose_due = True
            self.call_after_refresh(self.recompose)

    def _keys_to_show(self) -> tuple:
        """All that Footer.compose builds the keys from: every active binding with its state (a
        key acts through the key, not the node that bound it), and the language."""
        return (language(), self.compact, self.show_command_palette,
                tuple((key, binding, enabled, tooltip) for key, (_node, binding, enabled, tooltip)
                      in self.screen.active_bindings.items()))

    async def recompose(self) -> None:
        self._recompose_due = False
        if not self.is_attached:   # its screen closed before the rebuild came round
            return
        # Most focus changes leave the keys as they were (moving between a form's fields):
        # rebuilding them then restyled and redrew the whole footer for nothing.
        keys = self._keys_to_show()
        if keys != self._keys_built or not self.children:
            self._keys_built = keys
            await super().recompose()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        palette = [child for child in self.children if child.has_class("-command-palette")]
        room = self.size.width - sum(self._width(child) for child in palette)
        used = 0
        for child in self.children:
            if child in palette:
                continue
            width = self._width(child)
            margin = child.styles.margin.right  # blank: may run under ^p
            child.visible = used + width - margin <= room
            used += width

    def _width(self, widget) -> int:
        """The cells the footer's horizontal layout gives a key: its text, padding, border and margins."""
        content = widget.get_content_width(self.size, self.app.size)
        return content + widget.styles.gutter.width + widget.styles.margin.width
