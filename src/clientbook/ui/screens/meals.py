"""Meals: every meal with clients, the coming ones first (soonest on top), then the past ones
(latest on top), each with where its minutes stand. Also the spending line of a company page."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.money import money_text
from clientbook.i18n import names_joined, t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.forms.meal_plan import new_meal_flow
from clientbook.ui.page import Page
from clientbook.ui.screens.meal_plan import CSS_PATH, when_text
from clientbook.ui.widgets.tables import PlainTable


def meal_status(row, now) -> Text:
    if row.minutes_at is not None:
        text = t("meal.status.written")
        if row.actual_cost is not None:
            text += f" · {money_text(row.actual_cost)}"
        return Text(text, style="green")
    if row.planned_at <= now:
        return Text(t("meal.status.minutes_due"), style="bold yellow")
    return Text(t("meal.status.planned"))


def spending_text(spending) -> Text:
    """约饭花费 2026年 ¥2,260（2次）：11月 ¥1,280 · 10月 ¥980 — one line per year, then one per
    meal shared with other companies' guests (its cost split by guests)."""
    out = Text(t("meal.spending.title"), style="bold")
    if not spending.by_year:
        out.append("  " + t("meal.spending.none"), style="dim")
        return out
    for n, year in enumerate(spending.by_year):
        months = [m for m in spending.by_month if m.year == year.year]
        detail = " · ".join(t("meal.spending.month", month=m.month, total=money_text(m.total)) for m in months)
        indent = "  " if n == 0 else "\n" + " " * (cell_len(t("meal.spending.title")) + 2)
        out.append(indent + t("meal.spending.year", year=year.year, total=money_text(year.total), meals=year.meals))
        out.append(detail, style="")
    for shared in spending.shared:   # say where a total holds only a share of a meal
        out.append("\n" + " " * (cell_len(t("meal.spending.title")) + 2))
        out.append(t("meal.spending.shared", date=shared.at.date().isoformat(),
                     meal=shared.title or t("meal.untitled"), cost=money_text(shared.cost),
                     guests=shared.guests, of=shared.of, share=money_text(shared.share)), style="dim")
    return out


class MealsScreen(LoadsInWorker, Page):
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("enter", "open", "key.open", id="meals.open", show=False),
        Binding("a", "add", "key.meal.new", id="meals.add"),
        Binding("m", "minutes", "key.meal.minutes", id="meals.minutes"),
        Binding("p", "prep", "key.meal.prep", id="meals.prep"),
        Binding("d", "archive", "key.archive", id="meals.archive"),
        Binding("u", "undo", "key.undo", id="meals.undo", show=False),
    ]
    last_archived: int | None = None

    def body(self) -> ComposeResult:
        yield Static(id="meals-counts")
        yield PlainTable(id="meals", cursor_type="row")
        yield Static(id="empty", classes="empty-state")

    def on_mount(self) -> None:
        table = self.query_one("#meals", DataTable)
        table.zebra_stripes = True
        table.add_columns(t("meal.col.when"), t("meal.col.status"), t("meal.col.meal"), t("meal.col.guests"))
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def ask(self):
        return self.app.now()

    def load(self, now):
        return now, self.app.meals.meal_list(now)

    def show(self, loaded) -> None:
        now, meals = loaded
        coming, past = meals.coming, meals.past
        due = sum(1 for r in past if r.minutes_at is None)
        self.sub_title = t("meal.list.subtitle")
        self.query_one("#meals-counts", Static).update(
            t("meal.list.counts", coming=len(coming), past=len(past), due=due))
        table = self.query_one("#meals", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in coming + past:
            table.add_row(when_text(row.planned_at, now.date()), meal_status(row, now), row.label, names_joined(row.guests),
                          key=str(row.id))
        empty = self.query_one("#empty", Static)
        empty.display = not (coming or past)
        empty.update(t("meal.list.empty"))
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _selected(self) -> int | None:
        table = self.query_one("#meals", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        return int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        meal_id = self._selected()
        if meal_id is not None:
            nav.open_meal(self.app, meal_id)

    def action_add(self) -> None:
        run_flow(self.app, new_meal_flow(), then=self.reload)

    def action_minutes(self) -> None:
        meal_id = self._selected()
        if meal_id is not None:
            nav.open_minutes(self.app, meal_id, then=self.reload)

    def action_prep(self) -> None:
        meal_id = self._selected()
        if meal_id is not None:
            nav.open_meal_prep(self.app, meal_id)

    def action_archive(self) -> None:
        meal_id = self._selected()
        if meal_id is None:
            return

        def archived(_) -> None:
            self.last_archived = meal_id
            self.notify(t("meal.archived"))
            self.reload()

        self.app.write(lambda: self.app.meals.archive_meal(meal_id, self.app.now()), archived)

    def action_undo(self) -> None:
        if self.last_archived is not None:
            meal_id, self.last_archived = self.last_archived, None

            def restored(_) -> None:
                self.notify(t("meal.restored"))
                self.reload()

            self.app.write(lambda: self.app.meals.restore_meal(meal_id, self.app.now()), restored)

