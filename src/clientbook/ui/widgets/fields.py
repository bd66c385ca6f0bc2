"""Small form pieces."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class FieldMessage(Static):
    """A hint or error under a field: plain text (never markup), and no blank line when empty."""

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(Text(text), **kwargs)
        self.display = bool(text)

    def update(self, content="") -> None:
        text = content.plain if isinstance(content, Text) else str(content)
        super().update(Text(text))
        self.display = bool(text)


def number_text(value: float | None) -> str:
    """A stored amount as a form shows it: to the fen, or every digit when it has more, so that
    saving the form again changes nothing (f"{x:g}" turned 12345.67 into 12345.7 and
    f"{x:.0f}" 3456.78 into 3457). Float noise (1.1万 = 11000.000000000002) shows as 11000."""
    if value is None:
        return ""
    cents = f"{value:.2f}".rstrip("0").rstrip(".")
    return cents if abs(float(cents) - value) < 1e-6 else repr(float(value))
