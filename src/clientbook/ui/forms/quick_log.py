"""Quick log: who, what, an optional follow-up — saved with one key from anywhere.

Keystrokes for "called 张总 (张伟), send quote Friday": l · zw · Enter · <note> · Tab · fri · ctrl+s
— 9 beyond the note. The same form, with every field, edits a logged interaction.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from clientbook.domain.interactions import Coach, InfoQuality, Kind, Space, TopicDepth, validate_log
from clientbook.domain.enums import Level
from clientbook.i18n import language, names_joined, t
from clientbook.ui.base import CANCEL, SAVE, ConfirmDiscard, SavesInWorker, TranslatedBindings
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import date_hint
from clientbook.ui.widgets.contact_picker import ContactPicker
from clientbook.ui.widgets.fields import FieldMessage, number_text


# Extra fields of the full interaction form: (field, label key, enum or None for a text input)
FULL_FIELDS = [
    ("place", "log.place", None),
    ("notes", "log.notes", None),
    ("cost", "log.cost", None),
    ("space", "log.space", Space),
    ("info_quality", "log.info_quality", InfoQuality),
    ("coach", "log.coach", Coach),
    ("topic_depth", "log.topic_depth", TopicDepth),
]


class QuickLog(SavesInWorker, ConfirmDiscard, TranslatedBindings, ModalScreen):
    BINDINGS = [
        SAVE,
        CANCEL,
    ]

    def __init__(self, contacts: list[tuple[int, str]] | None = None, values: dict[str, str] | None = None,
                 full: bool = False, title: str = "") -> None:
        super().__init__()
        self.initial_chosen = list(contacts or [])
        self.initial = values or {}
        self.full = full
        self.form_title = title or t("log.title")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="quick-log"):
            yield Static(self.form_title, classes="form-title")
            yield Label(t("log.who"), classes="field-label")
            yield ContactPicker(self.initial_chosen, t("log.who_placeholder"), who_with, compact=True, id="who")
            yield FieldMessage(id="error-contact", classes="field-error")
            yield Label(t("log.note"), classes="field-label")
            yield Input(self.initial.get("summary", ""), placeholder=t("log.note_placeholder"), compact=True, id="f-summary")
            yield Label(t("log.followup_when"), classes="field-label")
            yield Input(placeholder=t("log.followup_when_placeholder"), compact=True, id="f-followup_when")
            yield FieldMessage(id="hint-followup_when", classes="field-hint")
            yield FieldMessage(id="error-followup_when", classes="field-error")
            yield Label(t("log.followup_what"), classes="field-label")
            yield Input(placeholder=t("log.followup_what_placeholder"), compact=True, id="f-followup_what")
            yield FieldMessage(id="error-followup_what", classes="field-error")
            yield Select([(t("log.promise.ours"), "1"), (t("log.promise.theirs"), "0")], value="1",
                         allow_blank=False, compact=True, id="f-promise")
            yield Label(t("log.kind"), classes="field-label")
            yield Select([(k.label(), k.value) for k in Kind], value=self.initial.get("kind", Kind.CALL.value),
                         allow_blank=False, compact=True, id="f-kind")
            yield Label(t("log.when"), classes="field-label")
            yield Input(self.initial.get("when", ""), placeholder=t("log.when_placeholder"), compact=True, id="f-when")
            yield FieldMessage(id="hint-when", classes="field-hint")
            yield FieldMessage(id="error-when", classes="field-error")
            if self.full:
                for name, label_key, enum in FULL_FIELDS:
                    yield Label(t(label_key), classes="field-label")
                    if enum is None:
                        yield Input(self.initial.get(name, ""), compact=True, id=f"f-{name}")
                    else:
                        yield Select([(m.label(), m.value) for m in enum], value=self.initial.get(name) or Select.NULL,
                                     prompt=t("form.unknown"), compact=True, id=f"f-{name}")
                    yield FieldMessage(id=f"error-{name}", classes="field-error")
                yield Label(t("log.new_level"), classes="field-label")
                yield Select([(lv.label(), str(int(lv))) for lv in Level], prompt=t("log.level_unchanged"),
                             compact=True, id="f-new_level")
                yield FieldMessage(id="error-new_level", classes="field-error")
            yield Static(t("log.keys"), classes="form-keys")

    def on_mount(self) -> None:
        hint, _ok = date_hint(self.initial.get("when", ""), self.app.now())
        self.query_one("#hint-when", Static).update(Text(hint))
        if self.chosen:
            self.query_one("#f-summary", Input).focus()
        else:
            self.picker.input.focus()

    @property
    def picker(self) -> ContactPicker:
        return self.query_one("#who", ContactPicker)

    @property
    def chosen(self) -> list[tuple[int, str]]:
        return list(self.picker.chosen)

    def on_contact_picker_changed(self, event: ContactPicker.Changed) -> None:
        self._cancel_armed = False
        self.query_one("#error-contact", Static).update(Text(""))
        if event.added:  # one person is the usual: on to the note
            self.query_one("#f-summary", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._cancel_armed = False
        field = (event.input.id or "").removeprefix("f-")
        if field == "who-input":
            self.query_one("#error-contact", Static).update(Text(""))
        elif field in ("followup_when", "when"):
            hint, ok = date_hint(event.value, self.app.now())
            self.query_one(f"#hint-{field}", Static).update(Text(hint if ok else ""))
            self.query_one(f"#error-{field}", Static).update(Text("" if ok else hint))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self.picker.input:  # nobody matched what is typed: Enter stays
            if not event.value.strip() and self.chosen:
                self.query_one("#f-summary", Input).focus()
            return
        self.focus_next()

    # ------------------------------------------------------------ save / cancel
    def values(self) -> dict[str, str]:
        result = {}
        for widget in self.query("Input, Select"):
            if not widget.id or not widget.id.startswith("f-"):
                continue
            name = widget.id.removeprefix("f-")
            if isinstance(widget, Select):
                result[name] = "" if widget.value in (Select.NULL, None) else str(widget.value)
            else:
                result[name] = widget.value
        return result

    def action_save(self) -> None:
        data, errors = validate_log(self.values(), [c for c, _ in self.chosen], self.app.now())
        for widget in self.query(".field-error"):
            name = (widget.id or "").removeprefix("error-")
            error = errors.get(name)
            widget.update(Text(error.message() if error else ""))
        if errors:
            first = next(iter(errors))
            (self.picker.input if first == "contact" else self.query_one(f"#f-{first}")).focus()
            self.notify(t("form.fix_errors", count=len(errors)), severity="error")
            return
        self.save(data)

    def shown(self, name: str, value: str) -> str:
        enum = {"kind": Kind, **{field: e for field, _label, e in FULL_FIELDS if e is not None}}.get(name)
        return enum(value).label() if enum and value else value

    def changed(self) -> bool:
        """Anything typed or picked counts, the contact box and the people chosen included."""
        typed = {k: v for k, v in self.values().items() if k not in ("promise", "kind")}
        return (any(v != self.initial.get(k, "") for k, v in typed.items())
                or self.chosen != self.initial_chosen or bool(self.picker.input.value))


def who_with(names: list[str]) -> str:
    """The line over the contact box: "with 张伟, 李娜 (Backspace … removes the last)"."""
    return t("log.with", names=names_joined(names))


def quick_log_flow(contact_id: int | None = None) -> Flow:
    """The quick log (with a contact already chosen, from a contact's page); on save, the
    interaction (and its follow-up) is logged."""

    def read(app) -> list[tuple[int, str]]:
        return [] if contact_id is None else [(contact_id, app.capture.contact(contact_id).name)]

    def done(app, form, data) -> None:
        names = ", ".join(name for _id, name in form.chosen)
        message = t("log.saved", kind=data.kind.label(), names=names)
        if data.followup:
            from clientbook.domain.dates import When, describe_when

            message += " · " + t("log.saved_followup", due=describe_when(When(data.followup.due, data.followup.due_time), language()))
        app.notify(message)

    return Flow(lambda app, contacts: QuickLog(contacts), read,
                lambda app, data, _expected: app.capture.log_interaction(data, app.now()), done=done)


def edit_interaction_flow(interaction_id: int) -> Flow:
    """The full quick-log form over a logged interaction; one a meal's minutes wrote opens the
    minutes instead, or the two would part ways."""

    def form(app, view):
        if view.meal_id is not None:
            from clientbook.ui.forms.minutes import minutes_flow

            return minutes_flow(view.meal_id)
        return QuickLog(view.contacts, interaction_values(view), full=True, title=t("entry.edit_interaction"))

    return Flow(form, lambda app: app.capture.interaction(interaction_id),
                lambda app, data, expected: app.capture.update_interaction(interaction_id, data, app.now(), expected),
                interaction_values, lambda app, _form, _data: app.notify(t("entry.saved")))


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
