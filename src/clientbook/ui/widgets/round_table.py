"""The round table drawn top-down for the meal plan screen (domain/meals/seating.py seats it)."""

from __future__ import annotations

import re

from clientbook.domain.cells import cell_len, fit
from clientbook.domain.meals.seating import Seating
from clientbook.domain.text import clean_text
from clientbook.i18n import t


def _wrap(text: str, width: int) -> list[str]:
    """Wrap by cells: at spaces for English, anywhere for Chinese."""
    lines: list[str] = []
    current = ""
    for token in re.findall(r"\S+\s*|\s+", text):
        for piece in ([token] if cell_len(token) <= width else list(token)):
            if cell_len(current + piece.rstrip()) > width and current:
                lines.append(current.rstrip())
                current = ""
            current += piece
    if current.strip():
        lines.append(current.rstrip())
    return lines


MIN_RENDER_WIDTH = 16


def render_round_table(seating: Seating, width: int = 60, lang: str | None = None, legend: bool = True) -> list[str]:
    """A top-down drawing that fits in `width` terminal cells (CJK counts 2).

    The host (seat 0) is at the top, facing the door at the bottom; the serving seat is at the
    bottom (for an odd number of seats, one of the two bottom seats); at 3 seats the bottom stays
    open and the two others sit at the host's sides. Seen from above
    like this, the host's right hand is on the LEFT of the screen, so seat numbers run
    counter-clockwise on screen: 0 top, 1, 2, … down the left side, the bottom, then up the
    right side to n-1 at the host's left (top right).
    """
    if width < MIN_RENDER_WIDTH:
        raise ValueError(f"width {width} < {MIN_RENDER_WIDTH}")
    seats = seating.seats
    n = len(seats)

    def label(i: int) -> str:
        return f"{i} {' '.join(clean_text(seats[i].name).split())}".strip()

    m = n // 2 - 1  # seats on each side, between top and bottom
    left = [label(k) for k in range(1, m + 1)]
    right = [label(n - 1 - k) for k in range(m)]
    bottom = [label(n // 2)] if n % 2 == 0 else [label(n // 2), label(n // 2 + 1)]
    if n == 3:  # the host's right and left; the side facing him stays open for the dishes
        m, left, right, bottom = 1, [label(1)], [label(2)], []

    side = max([cell_len(s) for s in left + right] or [0])
    side = min(side, (width - 2 - 6) // 2)
    table_w = max(6, min(width - 2 * side - 2, 22))
    centre = side + 1 + table_w // 2
    lines: list[str] = []

    def centred(text: str) -> str:
        text = fit(text, width)
        start = max(0, min(centre - cell_len(text) // 2, width - cell_len(text)))
        return " " * start + text

    lines.append(centred(label(0)))
    pad = " " * (side + 1)
    lines.append(pad + "╭" + "─" * (table_w - 2) + "╮")
    for row in range(max(m, 1)):
        left_text = fit(left[row], side) if row < len(left) else ""
        right_text = fit(right[row], side) if row < len(right) else ""
        gap = " " * (side - cell_len(left_text))
        lines.append(f"{gap}{left_text} │{' ' * (table_w - 2)}│ {right_text}")
    lines.append(pad + "╰" + "─" * (table_w - 2) + "╯")
    if len(bottom) == 1:
        lines.append(centred(bottom[0]))
    elif bottom:
        left_text = fit(bottom[0], centre - 1)
        right_text = fit(bottom[1], width - centre - 1)
        lines.append(" " * (centre - 1 - cell_len(left_text)) + left_text + "  " + right_text)
    if legend:
        if seating.serving_index is None:
            text = t("meals.render.legend", lang=lang)
        else:
            text = t("meals.render.legend_serving", lang=lang, serving=seating.serving_index)
        lines.extend(_wrap(text, width))
    return [line.rstrip() for line in lines]
