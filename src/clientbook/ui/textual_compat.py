"""Every private Textual API clientbook relies on, in one place, each with why. Textual moves
fast (pyproject pins >=8.2,<9): when an upgrade breaks one of these, this file is where to look,
and tests/ui/test_opening.py, test_flows.py and test_tables.py are what catch it."""

from __future__ import annotations

from collections.abc import Callable

import rich.text
import textual.content
from textual.binding import Binding, BindingsMap

from clientbook.domain.cells import line_breaks


def replace_bindings(node, change: Callable[[Binding], Binding]) -> None:
    """Rewrite a node's bindings in place. Textual builds `_bindings` from BINDINGS when the
    node is made and offers no public way to change a description afterwards; clientbook's
    BINDINGS hold message keys, translated per node for `--lang` (ui/base.py)."""
    node._bindings = BindingsMap.from_keys(
        {key: [change(binding) for binding in bindings] for key, bindings in node._bindings.key_to_bindings.items()}
    )


def end_with(app, error: Exception, return_code: int) -> None:
    """Stop the app with `error` kept for crash.run_guarded, instead of Textual's traceback
    screen. App._handle_exception is the one hook every unhandled error (workers included)
    passes through; it records the error in private fields that App.run reads."""
    if app._exception is None:
        app._exception = error
        app._exception_event.set()
    app._return_code = return_code
    app.exit(return_code=return_code)


def error_of(app) -> Exception | None:
    """The error the app ended with (end_with above, or Textual's own), after App.run returns."""
    return getattr(app, "_exception", None)


# Textual's own key bindings that can reach a footer (an open Select's list takes Esc), by the
# English description Textual gives them -> the message key they are shown with. A Textual
# upgrade that rewords one shows it in English again; tests/ui/test_chrome.py catches it.
TEXTUAL_KEY_DESCRIPTIONS = {
    "Dismiss menu": "key.dismiss_menu",
}


def break_lines_by_chinese_rules() -> None:
    """Wrap every text on screen with domain.cells.line_breaks. Rich and Textual break lines
    at spaces only and fold a longer run at any character, so a Chinese line could start with
    "，" or end with "（". Both wrap through rich._wrap.divide_line, imported by name into
    rich.text (Text, Rich tables) and textual.content (Static's and Label's content); the
    signature is the same."""
    rich.text.divide_line = line_breaks
    textual.content.divide_line = line_breaks
