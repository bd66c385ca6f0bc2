"""After the meal (domain §9, After): the minutes form, the minutes page where what was learned
is filed into profiles one key at a time, and the Markdown export (copy, or save to exports/)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from clientbook.domain.contacts import FieldError
from clientbook.domain.dates import describe_when, When
from clientbook.domain.enums import Level
from clientbook.domain.meal_forms import validate_minutes
from clientbook.domain.meals.enums import Side
from clientbook.domain.meals.minutes import MinutesFacts, minutes_markdown, parse_action_item
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.base import CANCEL, SAVE, ConfirmDiscard, LoadsInWorker, SavesInWorker, TranslatedBindings
from clientbook.ui.forms.flow import Flow, run_flow
from clientbook.ui.page import Page
from clientbook.ui.screens.meal_plan import CSS_PATH, diner_name, diner_role, when_text
from clientbook.ui.widgets.fields import FieldMessage, number_text
from clientbook.ui.widgets.tables import PlainTable

TEXT_FIELDS = ("discussed", "agreements", "actions", "learned")
ERROR_FIELDS = ("attended", "discussed", "agreements", "actions", "learned", "cost", "next_step", "levels")


# ---------------------------------------------------------------- from the store to the form and back


def minutes_form_values(edit) -> dict[str, str]:
    """The stored minutes (a MinutesEdit) as the form shows them, so saving them again changes nothing."""
    sep = "：" if language() == "zh" else ": "
    actions = []
    for a in edit.actions:
        owner = t("meal.owner.us") if a.promise else f"{t('meal.owner.them')}/{a.who}"
        actions.append(f"{owner}{sep}{a.what} {a.due.isoformat()}" + (f" {a.due_time:%H:%M}" if a.due_time else ""))
    meal = edit.details.meal
    return {
        "discussed": meal.discussed, "agreements": meal.agreements, "actions": "\n".join(actions),
        "learned": "\n".join(f"{row.person}{sep}{row.fact}" for row in edit.learned),
        "cost": number_text(meal.actual_cost), "next_step": meal.next_step,
    }


# ---------------------------------------------------------------- the form


class MinutesForm(SavesInWorker, ConfirmDiscard, TranslatedBindings, ModalScreen):
    """Who came, what was discussed and agreed, who does what by when, what we learned, the cost,
    the next step and any change of relationship level. Dismisses with a MinutesInput or None."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        SAVE,
        CANCEL,
    ]

    def __init__(self, view, values: dict[str, str], attended: list[int]) -> None:
        super().__init__()
        self.view = view
        self.initial = values
        self.initial_attended = sorted(attended)
        self.guests = [d for d in view.diners if d.side == Side.GUEST.value]

    def compose(self) -> ComposeResult:
        meal = self.view.meal
        with VerticalScroll(id="form", classes="meal-form"):
            yield Static(Text(t("meal.minutes.form_title", title=meal.label, when=when_text(meal.planned_at))),
                         classes="form-title")
            yield Label(t("meal.minutes.attended"), classes="field-label")
            yield SelectionList(*[
                Selection(Text(f"{diner_name(d)} · {diner_role(d)}"), d.id, d.id in self.initial_attended)
                for d in self.view.diners
            ], id="f-attended")
            yield FieldMessage(id="error-attended", classes="field-error")
            for name in TEXT_FIELDS:
                yield Label(t(f"meal.minutes.{name}"), classes="field-label")
                yield TextArea(self.initial.get(name, ""), id=f"f-{name}", soft_wrap=True, tab_behavior="focus",
                               classes=f"minutes-{name}")
                if name in ("actions", "learned"):
                    yield Static(t(f"meal.minutes.{name}_help"), classes="field-help")
                yield FieldMessage(id=f"hint-{name}", classes="field-hint")
                yield FieldMessage(id=f"error-{name}", classes="field-error")
            yield Label(t("meal.minutes.cost"), classes="field-label")
            yield Input(self.initial.get("cost", ""), placeholder=t("meal.minutes.cost_placeholder"), id="f-cost")
            yield FieldMessage(id="error-cost", classes="field-error")
            yield Label(t("meal.minutes.next_step"), classes="field-label")
            yield Input(self.initial.get("next_step", ""), id="f-next_step")
            yield FieldMessage(id="error-next_step", classes="field-error")
            yield Label(t("meal.minutes.levels"), classes="field-label")
            for diner in self.guests:
                contact = self.view.contacts.get(diner.contact_id)
                if contact is None:
                    continue
                with Horizontal(classes="level-row"):
                    yield Label(Text(diner.name), classes="level-name")
                    yield Select([(lv.label(), str(int(lv))) for lv in Level],
                                 prompt=t("meal.minutes.level_unchanged", level=Level(contact.level).label()),
                                 id=f"level-{contact.id}")
            yield FieldMessage(id="error-levels", classes="field-error")
            yield Static(t("meal.minutes.keys"), classes="form-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._preview_actions(self.initial.get("actions", ""))
        self.query_one("#f-discussed", TextArea).focus()

    # ------------------------------------------------------------ values
    def values(self) -> dict[str, str]:
        result = {name: self.query_one(f"#f-{name}", TextArea).text for name in TEXT_FIELDS}
        result["cost"] = self.query_one("#f-cost", Input).value
        result["next_step"] = self.query_one("#f-next_step", Input).value
        return result

    def attended(self) -> list[int]:
        return sorted(self.query_one("#f-attended", SelectionList).selected)

    def levels(self) -> dict[int, str]:
        found = {}
        for select in self.query(Select):
            if select.id and select.id.startswith("level-"):
                found[int(select.id.removeprefix("level-"))] = "" if select.value in (Select.NULL, None) else str(select.value)
        return found

    def changed(self) -> bool:
        return (self.values() != {k: self.initial.get(k, "") for k in self.values()}
                or self.attended() != self.initial_attended or any(self.levels().values()))

    # ------------------------------------------------------------ live hints
    def _preview_actions(self, text: str) -> None:
        """What each action line was read as: whose, what, by when."""
        now = self.app.now()
        lines = []
        for line in text.splitlines():
            if not line.strip():
                continue
            item = parse_action_item(line, now)
            if isinstance(item, FieldError):
                continue
            owner = t("meal.owner.us") if item.promise else t("meal.owner.them")
            who = f"/{item.who}" if item.who else ""
            due = describe_when(When(item.due, item.due_time), language()) if item.due else ""
            lines.append(f"✓ {owner}{who} · {item.what} {due}")
        self.query_one("#hint-actions", FieldMessage).update("\n".join(lines))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._cancel_armed = False
        name = (event.text_area.id or "").removeprefix("f-")
        self.query_one(f"#error-{name}", FieldMessage).update("")
        if name == "actions":
            self._preview_actions(event.text_area.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._cancel_armed = False
        name = (event.input.id or "").removeprefix("f-")
        self.query_one(f"#error-{name}", FieldMessage).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_selection_list_selected_changed(self, event) -> None:
        self._cancel_armed = False
        self.query_one("#error-attended", FieldMessage).update("")

    # ------------------------------------------------------------ save / cancel
    def action_save(self) -> None:
        guest_ids = {d.id for d in self.guests}
        data, errors = validate_minutes(self.values(), self.attended(), guest_ids, self.app.now(), self.levels())
        for name in ERROR_FIELDS:
            found = errors.get(name, [])
            self.query_one(f"#error-{name}", FieldMessage).update("\n".join(e.message() for e in found))
        if errors:
            first = next(name for name in ERROR_FIELDS if name in errors)
            target = {"levels": "Select"}.get(first, f"#f-{first}")
            self.query_one(target).focus()
            self.notify(t("form.fix_errors", count=sum(len(v) for v in errors.values())), severity="error")
            return
        self.save(data)



def minutes_flow(meal_id: int, edit: bool = False) -> Flow:
    """The minutes page if they are written (unless `edit`), else the minutes form; after saving,
    the minutes page, where what was learned can be filed and the minutes exported."""

    def form(app, stored) -> MinutesForm | None:
        meal = stored.details.meal
        if meal.minutes_at is not None and not edit:
            app.push_screen(MinutesScreen(meal_id))
            return None
        if meal.minutes_at is None and meal.planned_at > app.now():
            app.notify(t("meal.minutes.not_yet", when=when_text(meal.planned_at)), severity="warning")
            return None
        return MinutesForm(stored.details, minutes_form_values(stored), list(stored.attended))

    def done(app, _form, data) -> None:
        app.notify(t("meal.minutes.saved", followups=len(data.actions)))
        if not isinstance(app.screen, MinutesScreen):
            app.push_screen(MinutesScreen(meal_id))

    return Flow(form, lambda app: app.meals.minutes_edit(meal_id),
                lambda app, data, expected: app.meals.save_minutes(meal_id, data, app.now(), expected),
                minutes_form_values, done)


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
        self.app.sub_title = t("meal.minutes.subtitle")
        meal = page.meal
        self.query_one("#minutes-title", Static).update(Text(f"{meal.label} · {when_text(meal.planned_at)}"))
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

        def filed(result: str) -> None:
            severity = "information" if result == "filed" else "warning"
            self.notify(t(f"meal.learned.result.{result}", person=row.person), severity=severity)
            self.reload()
            if result == "filed" and table.cursor_row is not None and table.cursor_row + 1 < table.row_count:
                table.move_cursor(row=table.cursor_row + 1)

        self.app.write(lambda: self.app.meals.file_learned(learned_id, self.app.now()), filed)

    def action_export(self) -> None:
        if self.page is None:  # not loaded yet
            return
        if self.page.facts is None:
            self.notify(t("meal.minutes.not_written"), severity="warning")
            return
        self.app.push_screen(ExportScreen(self.page.facts, self.page.meal))

    def action_edit(self) -> None:
        run_flow(self.app, minutes_flow(self.meal_id, edit=True), then=self.reload)

    def action_plan(self) -> None:
        nav.open_meal(self.app, self.meal_id)

    def action_back(self) -> None:
        self.app.pop_screen()


# ---------------------------------------------------------------- export


def export_path(meal, lang: str, private: bool) -> Path:
    """exports/minutes-2026-11-24-meal12-zh.md in the data folder."""
    from clientbook import paths

    kind = "" if private else "-client"
    return paths.home() / "exports" / f"minutes-{meal.planned_at:%Y-%m-%d}-meal{meal.id}{kind}-{lang}.md"


class ExportScreen(TranslatedBindings, ModalScreen):
    """The minutes as Markdown, in the UI language: c copies, w saves to exports/, t switches
    between the full minutes and the copy for the client (no cost, nothing learned)."""

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("c", "copy", "key.meal.copy", id="export.copy"),
        Binding("w", "write", "key.meal.write", id="export.write"),
        Binding("t", "toggle", "key.meal.for_client", id="export.toggle"),
        Binding("escape", "close", "key.close", id="export.close"),
    ]

    def __init__(self, facts: MinutesFacts, meal) -> None:
        super().__init__()
        self.facts = facts
        self.meal = meal
        self.private = True

    @property
    def markdown(self) -> str:
        return minutes_markdown(self.facts, language(), include_private=self.private)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="export-form"):
            yield Static(id="export-title", classes="form-title")
            yield Static(id="export-text")
            yield Static(id="export-path", classes="field-hint")
            yield Static(t("meal.export.keys"), classes="form-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        title = t("meal.export.title_full" if self.private else "meal.export.title_client")
        self.query_one("#export-title", Static).update(Text(title))
        self.query_one("#export-text", Static).update(Text(self.markdown))

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.markdown)
        self.notify(t("meal.export.copied"))

    def action_write(self) -> None:
        from clientbook import paths
        from clientbook.services.interop import write_private

        path = export_path(self.meal, language(), self.private)
        paths.ensure_private_dir(path.parent)
        # minutes name people and what they said: readable by the rep only, from the start
        write_private(path, self.markdown.encode("utf-8"))
        self.query_one("#export-path", Static).update(Text(t("meal.export.saved", path=str(path))))
        self.notify(t("meal.export.saved", path=str(path)))

    def action_toggle(self) -> None:
        self.private = not self.private
        self.query_one("#export-path", Static).update(Text(""))
        self._show()

    def action_close(self) -> None:
        self.dismiss(None)
