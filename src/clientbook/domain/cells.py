"""Text measured in terminal cells (a Chinese character takes two), for what is cut to fit a
line: a warning's quoted cuisine, a name at the round table."""

from __future__ import annotations

import unicodedata

try:  # rich comes with Textual; the domain does without it (East Asian width) if it is missing.
    from rich.cells import cell_len
except ImportError:  # pragma: no cover
    def cell_len(text: str) -> int:
        return sum(
            0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in text
        )


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, with … when cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    out = ""
    for ch in text:
        if cell_len(out + ch) + 1 > width:
            break
        out += ch
    return out + "…"
