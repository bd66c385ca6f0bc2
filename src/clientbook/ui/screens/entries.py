"""Opening and editing timeline entries: interactions, follow-ups, relationship levels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from clientbook.domain.contacts import clean_text
from clientbook.domain.enums import Level
from clientbook.domain.interactions import validate_followup
from clientbook.i18n import t
from clientbook.ui.base import CANCEL, SAVE, SavesInWorker, TranslatedBindings, saving
from clientbook.ui.widgets.fields import FieldMessage, number_text
from clientbook.ui.screens.quick_log import QuickLog, date_hint


def edit_interaction_flow(app, interaction_id: int, then=None) -> None:
    capture = app.capture
    view = capture.interaction(interaction_id)
    if view.meal_id is not None:  # a meal's minutes wrote it: they open instead, or the two would part ways
        from clientbook.ui.screens.meal_minutes import minutes_flow

        minutes_flow(app, view.meal_id, then=then)
        return

    def saved(data) -> None:
        if data is None:
            return
        app.notify(t("entry.saved"))
        if then:
            then()

    def write(data, expected) -> None:
        capture.update_interaction(interaction_id, data, app.now(), expected)

    form = QuickLog(view.contacts, interaction_values(view), full=True, title=t("entry.edit_interaction"))
    app.push_screen(saving(form, write, view, interaction_values), saved)


def interaction_values(view) -> dict[str, str]:
    """A logged interaction as the full quick-log form shows it."""
    i = view.interaction
    return {
        "kind": i.kind, "summary": i.summary, "notes": i.notes, "place": i.place,
        "when": i.occurred_at.strftime("%Y-%m-%d %H:%M" if i.has_time else "%Y-%m-%d"),
        "cost": number_text(i.cost),
        "space": i.space or "", "info_quality": i.info_quality or "", "coach": i.coach or "",
        "topic_depth": i.topic_depth or "",
    }


class FollowupForm(SavesInWorker, TranslatedBindings, ModalScreen):
    """What, when, and whose: a follow-up to add or reschedule."""

    BINDINGS = [
        SAVE,
        CANCEL,
    ]

    def __init__(self, values: dict[str, str], title: str) -> None:
        super().__init__()
        self.initial = values
        self.form_title = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="small-form"):
            yield Static(self.form_title, classes="form-title")
            yield Label(t("followup.what"), classes="field-label")
            yield Input(self.initial.get("what", ""), compact=True, id="f-what")
            yield FieldMessage(id="error-what", classes="field-error")
            yield Label(t("followup.due"), classes="field-label")
            yield Input(self.initial.get("due", ""), placeholder=t("log.followup_when_placeholder"), compact=True, id="f-due")
            yield FieldMessage(id="hint-due", classes="field-hint")
            yield FieldMessage(id="error-due", classes="field-error")
            yield Select([(t("log.promise.ours"), "1"), (t("log.promise.theirs"), "0")],
                         value=self.initial.get("promise", "1"), allow_blank=False, compact=True, id="f-promise")
            yield Static(t("form.keys"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#f-due" if self.initial.get("what") else "#f-what", Input).focus()
        self._hint(self.initial.get("due", ""))

    def _hint(self, value: str) -> None:
        hint, ok = date_hint(value, self.app.now())
        self.query_one("#hint-due", Static).update(Text(hint if ok else ""))
        self.query_one("#error-due", Static).update(Text("" if ok else hint))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "f-due":
            self._hint(event.value)

    def action_save(self) -> None:
        data, errors = validate_followup(self.values(), self.app.now())
        for name in ("what", "due"):
            error = errors.get(name)
            self.query_one(f"#error-{name}", Static).update(Text(error.message() if error else ""))
        if errors:
            self.query_one(f"#f-{next(iter(errors))}", Input).focus()
            return
        self.save(data)

    def action_cancel(self) -> None:
        if not self.still_saving():
            self.dismiss(None)

    def values(self) -> dict[str, str]:
        return {"what": self.query_one("#f-what", Input).value, "due": self.query_one("#f-due", Input).value,
                "promise": str(self.query_one("#f-promise", Select).value)}

    def field_label(self, name: str) -> str:
        return t({"what": "followup.what", "due": "followup.due", "promise": "conflict.whose"}[name])

    def shown(self, name: str, value: str) -> str:
        if name == "promise":
            return t("log.promise.ours" if value == "1" else "log.promise.theirs")
        return value


def edit_followup_flow(app, followup_id: int, then=None) -> None:
    capture = app.capture
    followup = capture.followup(followup_id)

    def saved(data) -> None:
        if data is None:
            return
        app.notify(t("entry.saved"))
        if then:
            then()

    def write(data, expected) -> None:
        capture.update_followup(followup_id, data, app.now(), expected)

    form = FollowupForm(followup_values(followup), t("followup.edit"))
    app.push_screen(saving(form, write, followup, followup_values), saved)


def followup_values(followup) -> dict[str, str]:
    due = followup.due_date.isoformat() + (f" {followup.due_time:%H:%M}" if followup.due_time else "")
    return {"what": followup.what, "due": due, "promise": "1" if followup.promise else "0"}


def add_followup_flow(app, contact_id: int, then=None) -> None:
    def saved(data) -> None:
        if data is None:
            return
        app.notify(t("followup.added"))
        if then:
            then()

    app.push_screen(saving(FollowupForm({}, t("followup.new")),
                           lambda data, _expected: app.capture.add_followup(contact_id, data, app.now())), saved)


class LevelForm(SavesInWorker, TranslatedBindings, ModalScreen):
    """Set a contact's relationship level, with the reason kept in the timeline."""

    BINDINGS = [
        SAVE,
        CANCEL,
    ]

    def __init__(self, current: int) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="small-form"):
            yield Static(t("level.title"), classes="form-title")
            yield Select([(lv.label(), str(int(lv))) for lv in Level], value=str(self.current), allow_blank=False,
                         compact=True, id="f-level")
            yield Label(t("level.reason"), classes="field-label")
            yield Input(placeholder=t("level.reason_placeholder"), compact=True, id="f-reason")
            yield Static(t("form.keys"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#f-level", Select).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        # Cleaned as every other text is: a control character pasted in cannot be shown again.
        reason = clean_text(self.query_one("#f-reason", Input).value)
        self.save((int(self.query_one("#f-level", Select).value), reason))

    def action_cancel(self) -> None:
        if not self.still_saving():
            self.dismiss(None)


def set_level_flow(app, contact_id: int, then=None) -> None:
    current = app.capture.contact(contact_id).level

    def saved(result) -> None:
        if result is not None and then:
            then()

    app.push_screen(saving(LevelForm(current),
                           lambda result, _expected: app.capture.set_level(contact_id, *result, app.now())), saved)
