"""Translated key bindings: BINDINGS hold message keys; each node shows them in the current
language, so the footer, help and command palette follow `--lang` without re-importing."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap

from clientbook.i18n import t


def translate_bindings(node) -> None:
    translated = {
        key: [
            replace(b, description=t(b.description) if b.description else "", tooltip=t(b.tooltip) if b.tooltip else "")
            for b in bindings
        ]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(translated)


class TranslatedBindings:
    """Mixin for screens and widgets whose BINDINGS descriptions are message keys."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


class ReloadOnReturn:
    """Mixin for screens that read the book on mount: read again when the rep comes back
    from another screen or a modal — not on arrival, where Textual resumes a new screen too."""

    _away = False

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        if self._away:
            self._away = False
            self.reload()


class ConfirmDiscard:
    """Mixin for forms: Esc on a form with changes only warns; a second Esc, with nothing typed
    in between (typing sets `_cancel_armed` back to False), discards. Forms define `changed()`."""

    _cancel_armed = False

    def changed(self) -> bool:
        raise NotImplementedError

    def action_cancel(self) -> None:
        if self.changed() and not self._cancel_armed:
            self._cancel_armed = True
            self.notify(t("form.discard_confirm"), severity="warning")
            return
        self.dismiss(None)

