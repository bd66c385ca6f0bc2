"""Text measured in terminal cells (a Chinese character takes two): what is cut to fit a line
(a warning's quoted cuisine, a name at the round table, a table cell) and where a line may
break (Chinese has no spaces, and its punctuation must not start a line)."""

from __future__ import annotations

import unicodedata

try:  # rich comes with Textual; the domain does without it (East Asian width) if it is missing.
    from rich.cells import cell_len, chop_cells
except ImportError:  # pragma: no cover
    def cell_len(text: str) -> int:
        return sum(
            0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            for ch in text
        )

    def chop_cells(text: str, width: int) -> list[str]:
        lines = [""]
        for ch in text:
            if lines[-1] and cell_len(lines[-1] + ch) > width:
                lines.append("")
            lines[-1] += ch
        return lines


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


# Line-breaking rules for Chinese (禁则): closing punctuation never starts a line and an opening
# bracket never ends one. The ASCII forms count too where they touch the text before them
# (after a space, English text breaks as it always has).
NO_LINE_START = frozenset("，。、；：！？）」』】》〉〕］｝〗〙”’…‥%‰")
NO_LINE_START_TOUCHING = frozenset(",.;:!?)]}")
NO_LINE_END = frozenset("（「『【《〈〔［｛〖〘“‘([{")
_JOINER = "\u200d"  # inside an emoji sequence such as 👨‍👩‍👧


def break_allowed(before: str, after: str) -> bool:
    """May a line end with the character `before` and the next begin with `after`? After
    spaces (they stay at the end of the line), or beside a wide character (Chinese has no
    spaces); never before closing punctuation, after an opening bracket, or inside a character
    written with several code points."""
    if before.isspace():
        return not after.isspace() and after not in NO_LINE_START
    if after in NO_LINE_START or after in NO_LINE_START_TOUCHING or before in NO_LINE_END:
        return False
    if after.isspace() or before == _JOINER or cell_len(after) == 0:
        return False
    return cell_len(before) == 2 or cell_len(after) == 2


def line_breaks(text: str, width: int, fold: bool = True) -> list[int]:
    """Where each line after the first starts (code point offsets) when `text` is wrapped to
    `width` cells, breaking only where break_allowed says so. A piece no line can hold is
    folded by cells (`fold`) or left whole, to be cropped. Same contract as rich's divide_line,
    and the same breaks for text without wide characters."""
    indent = len(text) - len(text.lstrip())  # leading spaces belong to the first line
    starts = [0] + [i for i in range(indent + 1, len(text)) if break_allowed(text[i - 1], text[i])]
    breaks: list[int] = []
    used = 0  # cells on the current line
    for start, end in zip(starts, starts[1:] + [len(text)]):
        piece = text[start:end]
        piece_width = cell_len(piece.rstrip())
        if piece_width <= width - used:
            used += cell_len(piece)
        elif piece_width > width:
            lines = chop_cells(piece, width) if fold else [piece]
            for line in lines:
                if start:
                    breaks.append(start)
                start += len(line)
            used = cell_len(lines[-1])
        elif used and start:
            breaks.append(start)
            used = cell_len(piece)
    return breaks
