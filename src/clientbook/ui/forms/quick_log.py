"""Quick log: who, what, an optional follow-up — saved with one key from anywhere.

Keystrokes for "called 张总 (张伟), send quote Friday": l · zw · Enter · <note> · Tab · fri · ctrl+s
— 9 beyond the note. The same form, with every field, edits a logged interaction.
"""

from __future__ import annotations

from textual.widgets import Input, Select

from clientbook.domain.enums import Level
from clientbook.domain.interactions import TopicDepth, validate_log
from clientbook.domain.interactions import Kind as InteractionKind
from clientbook.i18n import language, names_joined, t
from clientbook.ui.forms.deal_choice import DEAL_FIELD, DealChoice
from clientbook.ui.forms.flow import Flow, run_flow
from clientbook.ui.forms.form import Field, FormScreen, Kind
from clientbook.ui.widgets.contact_picker import ContactPicker
from clientbook.ui.widgets.fields import number_text


def _unknown(name: str, label_key: str, choices) -> Field:
    return Field(name, label_key, kind=Kind.CHOICE, choices=choices, blank_key="form.unknown")


FIELDS = [
    Field("contact", "log.who", "log.who_placeholder", Kind.CONTACTS),
    Field("summary", "log.note", "log.note_placeholder"),
    Field("followup_when", "log.followup_when", "log.followup_when_placeholder", Kind.DATE),
    Field("followup_what", "log.followup_what", "log.followup_what_placeholder"),
    Field("promise", "", kind=Kind.PROMISE),  # the two choices say what they are
    DEAL_FIELD,  # shown when the people picked have open deals
    Field("kind", "log.kind", kind=Kind.CHOICE, choices=InteractionKind),
    Field("cc", "email.cc", "email.cc_placeholder", Kind.CONTACTS),   # shown for an e-mail only
    Field("when", "log.when", "log.when_placeholder", Kind.DATE),
    Field("marks", "log.marks", kind=Kind.MARKS),  # space, info_quality, coach: F3 F4 F5 from any field
    Field("private", "log.private", kind=Kind.CHECK),   # a team book's only: the author alone reads it
]
# the full interaction form's fields besides
FULL_FIELDS = [
    Field("place", "log.place"),
    Field("notes", "log.notes"),
    Field("cost", "log.cost"),
    _unknown("topic_depth", "log.topic_depth", TopicDepth),
    Field("new_level", "log.new_level", kind=Kind.CHOICE, choices=Level, blank_key="log.level_unchanged"),
]


class QuickLog(DealChoice, FormScreen):
    FORM_CLASSES = "quick-log"
    KEYS = "log.keys"

    def __init__(self, contacts: list[tuple[int, str]] | None = None, values: dict[str, str] | None = None,
                 full: bool = False, title: str = "", cc: list[tuple[int, str]] | None = None) -> None:
        super().__init__({"kind": InteractionKind.CALL.value, **(values or {})}, title or t("log.title"),
                         {"contact": list(contacts or []), "cc": list(cc or [])})
        self.full = full
        self.FIELDS = [*FIELDS, *FULL_FIELDS] if full else FIELDS

    def field_widget(self, field: Field):
        if field.kind == Kind.CONTACTS:  # its own line naming who is picked
            shown = who_with if field.name == "contact" else cc_line
            return ContactPicker(self.initial_picked[field.name], t(field.placeholder_key), shown, compact=True,
                                 id=f"f-{field.name}")
        return super().field_widget(field)

    def on_mount(self) -> None:
        super().on_mount()
        self._kind_shown(self.initial.get("kind", ""))
        self.show_field("private", self.app.team_book)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "f-kind":
            self._kind_shown(str(event.value))

    def _kind_shown(self, kind: str) -> None:
        """An e-mail shows its cc and the §11 hints under the kind."""
        email = kind == InteractionKind.EMAIL.value
        self.show_field("cc", email)
        self.query_one("#hint-kind").update(t("email.hint") if email else "")

    def _is_email(self) -> bool:
        return self.query_one("#f-kind", Select).value == InteractionKind.EMAIL.value

    def first_field(self) -> str:
        return "summary" if self.initial_picked["contact"] else "contact"

    @property
    def chosen(self) -> list[tuple[int, str]]:
        return self.picked("contact")

    def deal_people(self) -> list[int]:
        return [contact_id for contact_id, _name in self.chosen]

    def on_contact_picker_changed(self, event: ContactPicker.Changed) -> None:
        if event.picker.id != "f-contact":   # the cc: no deal to offer, the note stays where it is
            return
        self.read_deals()
        if event.added:  # one person is the usual: on to the note
            self.query_one("#f-summary", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input is self.query_one("#f-contact", ContactPicker).input:  # nobody matched: Enter stays
            if not event.value.strip() and self.chosen:
                self.query_one("#f-summary", Input).focus()
            return
        self.focus_next()

    def validate(self, raw: dict[str, str]):
        cc = [contact_id for contact_id, _name in self.picked("cc")] if self._is_email() else []
        return validate_log(raw, [contact_id for contact_id, _name in self.chosen], self.app.now(), cc)

    def changed(self) -> bool:
        """Anything typed or picked counts, a name half typed in the contact box included."""
        return super().changed() or any(picker.input.value for picker in self.query(ContactPicker))


def who_with(names: list[str]) -> str:
    """The line over the contact box: "with 张伟, 李娜 (Backspace … removes the last)"."""
    return t("log.with", names=names_joined(names))


def cc_line(names: list[str]) -> str:
    return t("email.cc_line", names=names_joined(names))


def quick_log_flow(contact_id: int | None = None) -> Flow:
    """The quick log (with a contact already chosen, from a contact's page); on save, the
    interaction (and its follow-up) is logged."""

    def read(app) -> list[tuple[int, str]]:
        return [(contact_id, app.capture.contact(contact_id).name)]

    # With no contact there is nothing to read: the form opens at once, so the name typed right
    # after `l` reaches it and not the page beneath (where z would snooze a follow-up).
    reads = {} if contact_id is None else {"read": read}
    return Flow(lambda app, contacts: QuickLog(contacts or []), save=log_call, done=logged, **reads)


def log_call(app, data, _expected=None):
    """The quick log's save: through the calls' door, so a call with a prepared person becomes
    that preparation's call (services/calls.py LoggedCall)."""
    return app.calls.log_call(data, app.now())


def logged(app, form, data) -> None:
    """Say what was logged; a prepared call goes on to its after-call review (domain §11)."""
    names = ", ".join(name for _id, name in form.chosen)
    message = t("log.saved", kind=data.kind.label(), names=names)
    if data.followup:
        from clientbook.domain.dates import When, describe_when

        message += " · " + t("log.saved_followup", due=describe_when(When(data.followup.due, data.followup.due_time), language()))
    app.notify(message)
    if form.result.prep_id is not None:
        from clientbook.ui.forms.call import review_flow

        run_flow(app, review_flow(form.result.prep_id))


def edit_interaction_flow(interaction_id: int) -> Flow:
    """The full quick-log form over a logged interaction; one a meal's minutes wrote opens the
    minutes instead, or the two would part ways."""

    def form(app, view):
        if view.meal_id is not None:
            from clientbook.ui.forms.minutes import minutes_flow

            return minutes_flow(view.meal_id)
        return QuickLog(view.contacts, interaction_values(view), full=True, title=t("entry.edit_interaction"),
                        cc=list(view.cc))

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
        "topic_depth": i.topic_depth or "", "deal": str(i.deal_id) if i.deal_id else "",
        "private": "1" if i.private else "0",
    }
