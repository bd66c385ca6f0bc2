"""After the meal (domain §9, After): the minutes page where what was learned is filed into
profiles one key at a time, and the Markdown export (copy, or save to exports/). The minutes
form is ui/forms/minutes.py."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from clientbook.domain.meals.minutes import MinutesFacts, minutes_markdown
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.forms.file_fact import file_fact_flow
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.page import Page
from clientbook.ui.screens.markdown_export import MarkdownExportScreen, exports_path
from clientbook.ui.screens.meal_plan import CSS_PATH, when_text
from clientbook.ui.widgets.tables import PlainTable


# ---------------------------------------------------------------- the minutes page


class MinutesScreen(LoadsInWorker, Page):
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape", "back", "key.back", id="minutesview.back"),
        Binding("f", "file", "key.meal.file", id="minutesview.file"),
        Binding("x", "export", "key.meal.export", id="minutesview.export"),
        Binding("e", "edit", "key.meal.edit_minutes", id="minutesview.edit"),
        Binding("p", "plan", "key.meal.plan", id="minutesview.plan"),
    ]

    def __init__(self, meal_id: int) -> None:
        super().__init__()
        self.meal_id = meal_id
        self.page = None  # the MinutesPage shown

    def body(self) -> ComposeResult:
        yield Static(id="minutes-title", classes="page-title")
        with VerticalScroll(id="minutes-pane"):
            yield Static(id="minutes-text")
        yield Static(t("meal.learned.title"), classes="section-title")
        yield PlainTable(id="learned", cursor_type="row")
        yield Static(t("meal.learned.empty"), id="learned-empty", classes="empty-state")

    def on_mount(self) -> None:
        table = self.query_one("#learned", DataTable)
        table.add_columns(t("meal.col.person"), t("meal.col.fact"), t("meal.col.filed"))
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def load(self, _asked):
        return self.app.meals.minutes_page(self.meal_id)

    def show(self, page) -> None:
        self.page = page
        self.sub_title = t("meal.minutes.subtitle")
        meal = page.meal
        self.query_one("#minutes-title", Static).update(Text(f"{meal.label} · {when_text(meal.planned_at, self.app.now().date())}"))
        if page.facts is None:
            self.query_one("#minutes-text", Static).update(Text(t("meal.minutes.not_written")))
        else:
            self.query_one("#minutes-text", Static).update(Text(minutes_markdown(page.facts, language())))
        table = self.query_one("#learned", DataTable)
        cursor = table.cursor_row
        table.clear()
        rows = page.learned
        for row in rows:
            if row.filed_at is not None:
                status = t("meal.learned.filed", at=row.filed_at.strftime("%Y-%m-%d"))
            elif row.contact_id is None:
                status = t("meal.learned.no_contact")
            else:
                status = t("meal.learned.to_file")
            table.add_row(row.person, row.fact, status, key=str(row.id))
        self.query_one("#learned-empty", Static).display = not rows
        table.display = bool(rows)
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def action_file(self) -> None:
        table = self.query_one("#learned", DataTable)
        if not table.row_count or table.cursor_row is None:
            self.notify(t("meal.learned.none_selected"), severity="warning")
            return
        learned_id = int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        row = next(r for r in self.page.learned if r.id == learned_id)
        if row.filed_at is not None or row.contact_id is None:  # nothing to ask
            result = "already" if row.filed_at is not None else "no_contact"
            self.notify(t(f"meal.learned.result.{result}", person=row.person), severity="warning")
            return

        def filed() -> None:
            self.reload()
            if table.cursor_row is not None and table.cursor_row + 1 < table.row_count:
                table.move_cursor(row=table.cursor_row + 1)

        run_flow(self.app, file_fact_flow(row), then=filed)

    def action_export(self) -> None:
        if self.page is None:  # not loaded yet
            return
        if self.page.facts is None:
            self.notify(t("meal.minutes.not_written"), severity="warning")
            return
        self.app.push_screen(ExportScreen(self.page.facts, self.page.meal))

    def action_edit(self) -> None:
        from clientbook.ui.forms.minutes import minutes_flow  # the form opens this page once saved

        run_flow(self.app, minutes_flow(self.meal_id, edit=True), then=self.reload)

    def action_plan(self) -> None:
        nav.open_meal(self.app, self.meal_id)

    def action_back(self) -> None:
        self.app.pop_screen()


# ---------------------------------------------------------------- export


def export_path(meal, lang: str, private: bool) -> Path:
    """exports/minutes-2026-11-24-meal12-zh.md in the data folder."""
    kind = "" if private else "-client"
    return exports_path(f"minutes-{meal.planned_at:%Y-%m-%d}-meal{meal.id}{kind}-{lang}.md")


class ExportScreen(MarkdownExportScreen):
    """The minutes as Markdown (screens/markdown_export.py); t switches between the full minutes
    and the copy for the client (no cost, nothing learned)."""

    BINDINGS = [
        Binding("t", "toggle", "key.meal.for_client", id="export.toggle"),
    ]

    def __init__(self, facts: MinutesFacts, meal) -> None:
        super().__init__()
        self.facts = facts
        self.meal = meal
        self.private = True

    @property
    def markdown(self) -> str:
        return minutes_markdown(self.facts, language(), include_private=self.private)

    def heading(self) -> str:
        return t("meal.export.title_full" if self.private else "meal.export.title_client")

    def path(self) -> Path:
        return export_path(self.meal, language(), self.private)

    def action_toggle(self) -> None:
        self.private = not self.private
        self.query_one("#export-path", Static).update(Text(""))
        self._show()
