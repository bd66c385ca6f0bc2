"""Search in what was written: contacts' profile fields, interaction notes and follow-ups,
Chinese included."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.worker import WorkerCancelled, WorkerFailed
from textual.widgets import DataTable, Input, Static

from clientbook.domain.contact_fields import BY_NAME
from clientbook.i18n import t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.widgets.search_box import SearchBox
from clientbook.ui.widgets.tables import PlainTable
from clientbook.ui.forms.followup import edit_followup_flow
from clientbook.ui.forms.quick_log import edit_interaction_flow
from clientbook.ui.forms.flow import run_flow


def open_hit(app, kind: str, ref_id: int) -> None:
    if kind == "profile":
        nav.open_contact(app, ref_id)
    elif kind == "interaction":
        run_flow(app, edit_interaction_flow(ref_id))
    else:
        run_flow(app, edit_followup_flow(ref_id))


def hit_kind(hit) -> str:
    """What a hit is: a follow-up, an interaction, or the profile field it was found in (家庭)."""
    if hit.kind == "profile":
        return t(BY_NAME[hit.field].label)
    return t("notes.kind.followup") if hit.kind == "followup" else t("notes.kind.interaction")


def hit_label(hit) -> str:
    return f"{hit.at:%Y-%m-%d} · {hit_kind(hit)} · {hit.contacts}: {hit.text}"


class NotesScreen(LoadsInWorker, Page):
    reload_on_return = True
    SUBTITLE_KEY = "key.notes"
    BINDINGS = [Binding("slash", "focus_search", "key.search", key_display="/", id="notes.search")]

    def body(self) -> ComposeResult:
        yield SearchBox("hits", placeholder=t("notes.placeholder"), id="notes-search")
        yield Static(id="notes-count")
        yield PlainTable(id="hits", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#hits", DataTable).add_columns(t("col.date"), t("col.kind"), t("col.who"), t("col.text"))
        self.query_one("#notes-search", Input).focus()
        self.reload()

    def ask(self) -> str:
        return self.query_one("#notes-search", Input).value

    def load(self, query: str):
        return query, self.app.capture.search_notes(query)

    def show(self, view) -> None:
        query, hits = view
        table = self.query_one("#hits", DataTable)
        table.clear()
        for hit in hits:
            key = f"{hit.kind}:{hit.ref_id}" + (f":{hit.field}" if hit.field else "")   # one row per field found
            table.add_row(f"{hit.at:%Y-%m-%d}", hit_kind(hit), hit.contacts, hit.text.replace("\n", " "), key=key)
        count = self.query_one("#notes-count", Static)
        count.update(t("notes.count", count=len(hits)) if query.strip() else t("notes.hint"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def action_focus_search(self) -> None:
        self.query_one("#notes-search", Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        kind, ref_id = event.row_key.value.split(":")[:2]
        open_hit(self.app, kind, int(ref_id))


class NotesProvider(Provider):
    """The command palette finds written notes too: type a word, pick the note, it opens."""

    async def search(self, query: str) -> Hits:
        if not self.app.ready.is_set() or not query.strip():  # ready: the book is open
            return
        # In a thread worker, as pages read: the palette keeps taking keys while the book answers.
        search = self.app.run_worker(partial(self.app.capture.search_notes, query, limit=10), thread=True,
                                     exclusive=True, group="palette-notes", exit_on_error=False)
        try:
            hits = await search.wait()
        except (WorkerCancelled, WorkerFailed):  # a newer search, or the book busy: nothing to add
            return
        for hit in hits:
            yield Hit(0.5, hit_label(hit), partial(open_hit, self.app, hit.kind, hit.ref_id), help=t("notes.palette_help"))
