"""The search box over a page's list (Contacts, Companies, Notes)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SearchBox(Input):
    """Typing here filters the list with id `results`; Down, Enter and Esc go to that list, so the
    page's own keys (1–6, a, e…) work again at once — in the box they are letters. What was
    typed stays, and the list stays filtered by it (/ comes back to it). Enter leaves before the
    page acts on it, so a page opened from here returns to the list, not to the box."""

    BINDINGS = [
        Binding("escape,down", "leave", show=False),
    ]

    def __init__(self, results: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results = results

    def action_leave(self) -> None:
        self.screen.query_one(f"#{self.results}").focus()

    async def action_submit(self) -> None:
        self.action_leave()
        await super().action_submit()
