"""The three relationship marks of an interaction (domain §5: space, information quality, coach
level) on one line, each cycled by its own key from anywhere in the form (MARK_KEYS), so quick
log and the minutes record them as the rep works and a contact's "highest reached" fills."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from clientbook.domain.interactions import RELATIONSHIP_MARKS
from clientbook.i18n import t

# One key per mark; the form's action cycles it: unknown → lowest … highest → unknown.
MARK_KEYS = [
    Binding("f3", "mark('space')", "marks.key.space", id="marks.space"),
    Binding("f4", "mark('info_quality')", "marks.key.info_quality", id="marks.info_quality"),
    Binding("f5", "mark('coach')", "marks.key.coach", id="marks.coach"),
]
MARK_NAMES = tuple(name for name, _enum in RELATIONSHIP_MARKS)
# Short names on the row; the full ones (log.space …) head the conflict table.
SHORT_LABELS = {"space": "marks.space", "info_quality": "marks.info_quality", "coach": "marks.coach"}
FULL_LABELS = {"space": "log.space", "info_quality": "log.info_quality", "coach": "log.coach"}


class MarksRow(Static):
    """Shows the marks chosen; `values` holds them as the form reads them ("" for unknown)."""

    DEFAULT_CSS = "MarksRow { height: auto; padding: 0 1; }"

    def __init__(self, values: dict[str, str], id: str | None = None) -> None:
        super().__init__(id=id)
        self.values = {name: values.get(name) or "" for name in MARK_NAMES}

    def on_mount(self) -> None:
        self._show()

    def cycle(self, name: str) -> None:
        enum = dict(RELATIONSHIP_MARKS)[name]
        ladder = ["", *(member.value for member in enum)]
        current = self.values[name]
        self.values[name] = ladder[(ladder.index(current) + 1) % len(ladder)] if current in ladder else ""
        self._show()

    def _show(self) -> None:
        parts = []
        for (name, enum), binding in zip(RELATIONSHIP_MARKS, MARK_KEYS, strict=True):
            value = self.values[name]
            parts.append(Text.assemble((binding.key.upper(), "bold"), " ", t(SHORT_LABELS[name]), " ",
                                       (enum(value).label(), "bold") if value else ("–", "dim")))
        self.update(Text("  ·  ").join(parts))
