"""Occasions: the built-in festivals (on/off, lead time), every birthday, and custom occasions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.gifts.occasions import next_occurrence
from clientbook.domain.gifts.policy import BIRTHDAY_POLICY_KEY
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.screens.gift_text import lead_text, occasion_date_text, occasion_rule_text, on_off
from clientbook.ui.widgets.tables import PlainTable
from clientbook.ui.forms.occasion import add_occasion_flow, edit_occasion_flow
from clientbook.ui.forms.gift import lead_days_flow
from clientbook.ui.forms.flow import run_flow


class OccasionsScreen(LoadsInWorker, Page):
    reload_on_return = True
    """Built-in festivals (on/off, lead time), every birthday, and custom occasions."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="occasions.back"),
        Binding("t,space", "toggle", "giftui.key.toggle", key_display="t", id="occasions.toggle"),
        Binding("e", "edit", "giftui.key.lead", id="occasions.edit"),
        Binding("a", "add", "giftui.key.add_occasion", id="occasions.add"),
        Binding("d", "delete", "giftui.key.delete_occasion", id="occasions.delete"),
        Binding("p", "policy", "giftui.key.policy", id="occasions.policy"),
    ]

    view = None  # the services.gifts.OccasionsView shown

    def body(self) -> ComposeResult:
        yield Static(t("giftui.occasions.title"), classes="page-title")
        yield Static(t("giftui.occasions.help"), id="occasions-help")
        yield PlainTable(id="occasions", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one("#occasions", DataTable).add_columns(
            t("giftui.col.occasion"), t("giftui.col.rule"), t("giftui.col.next"), t("giftui.col.on"),
            t("giftui.col.lead"), t("giftui.col.for"))
        self.reload()
        self.query_one("#occasions", DataTable).focus()

    def load(self, _asked):
        return self.app.gifts.occasions()

    def show(self, view) -> None:
        self.view = view
        today = self.app.now().date()
        lang = language()
        table = self.query_one("#occasions", DataTable)
        cursor = table.cursor_row
        table.clear()
        everyone = t("giftui.scope.everyone")
        for occasion in view.festivals:
            when = next_occurrence(occasion, today)
            table.add_row(occasion.display_name(lang), occasion_rule_text(occasion),
                          occasion_date_text(when, occasion) if when else "—", on_off(occasion.enabled),
                          lead_text(occasion.lead_days), everyone, key=f"b|{occasion.key}")
        table.add_row(t("giftui.occasions.birthdays"), t("giftui.rule.birthdays"), "—", on_off(view.birthdays_on),
                      lead_text(view.birthday_lead), t("giftui.scope.each_contact"), key="b|birthday")
        for row in view.custom:
            when = next_occurrence(row.occasion, today)
            table.add_row(row.occasion.name, occasion_rule_text(row.occasion),
                          occasion_date_text(when, row.occasion) if when else t("giftui.over"), on_off(True),
                          lead_text(row.occasion.lead_days), row.scope_name or everyone, key=f"c|{row.id}")
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _selected(self) -> tuple[str, str] | None:
        table = self.query_one("#occasions", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        kind, key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split("|", 1)
        return kind, key

    def action_toggle(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        kind, key = selected
        if kind != "b":
            self.notify(t("giftui.occasions.custom_toggle"), severity="warning")
            return
        self.app.write(lambda: self.app.gifts.toggle_occasion(key), lambda _: self.reload())

    def action_edit(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        kind, key = selected
        if kind == "c":
            run_flow(self.app, edit_occasion_flow(int(key)), then=self.reload)
        elif key == "birthday":
            run_flow(self.app, lead_days_flow(key, self.view.birthday_lead), then=self.reload)
        else:
            lead = next(o.lead_days for o in self.view.festivals if o.key == key)
            run_flow(self.app, lead_days_flow(key, lead), then=self.reload)

    def action_add(self) -> None:
        run_flow(self.app, add_occasion_flow(), then=self.reload)

    def action_delete(self) -> None:
        selected = self._selected()
        if selected is None or selected[0] != "c":
            self.notify(t("giftui.occasions.builtin_delete"), severity="warning")
            return
        occasion_id = int(selected[1])

        def deleted(name: str) -> None:
            self.notify(t("giftui.occasion.deleted", name=name))
            self.reload()

        self.app.write(lambda: self.app.gifts.delete_custom_occasion(occasion_id, self.app.now()), deleted)

    def action_policy(self) -> None:
        selected = self._selected()
        key = None
        if selected is not None:
            key = BIRTHDAY_POLICY_KEY if selected == ("b", "birthday") else (
                selected[1] if selected[0] == "b" else f"custom:{selected[1]}")
        nav.open_gift_policy(self.app, key)

    def action_back(self) -> None:
        self.app.pop_screen()
