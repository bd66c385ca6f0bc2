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
