"""The follow-up form: what, when, and whose promise it is — to add one or reschedule it."""

from __future__ import annotations

from textual.widgets import Input, Select

from clientbook.domain.interactions import validate_followup
from clientbook.i18n import t
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind

PROMISE = "promise"  # this form's own kind: ours ("1", as a new one starts) or theirs ("0")


class FollowupForm(FormScreen):
    FIELDS = [
        Field("what", "followup.what"),
        Field("due", "followup.due", "log.followup_when_placeholder", Kind.DATE),
        Field("promise", "", kind=PROMISE),  # the two choices say what they are
    ]
    FORM_CLASSES = "small-form"

    def field_widget(self, field: Field):
        if field.kind == PROMISE:
            return Select([(t("log.promise.ours"), "1"), (t("log.promise.theirs"), "0")],
                          value=self.initial.get(field.name) or "1", allow_blank=False, compact=True,
                          id=f"f-{field.name}")
        return super().field_widget(field)

    def blank(self, field: Field) -> str:
        return "1" if field.kind == PROMISE else super().blank(field)

    def on_mount(self) -> None:
        super().on_mount()
        if self.initial.get("what"):  # rescheduling: the date is what changes
            self.query_one("#f-due", Input).focus()

    def validate(self, raw):
        return validate_followup(raw, self.app.now())

    def field_label(self, name: str) -> str:
        return t("conflict.whose") if name == "promise" else super().field_label(name)

    def shown(self, name: str, value: str) -> str:
        if name == "promise":
            return t("log.promise.ours" if value == "1" else "log.promise.theirs")
        return value


def followup_values(followup) -> dict[str, str]:
    due = followup.due_date.isoformat() + (f" {followup.due_time:%H:%M}" if followup.due_time else "")
    return {"what": followup.what, "due": due, "promise": "1" if followup.promise else "0"}


def edit_followup_flow(followup_id: int) -> Flow:
    return Flow(lambda app, followup: FollowupForm(followup_values(followup), t("followup.edit")),
                lambda app: app.capture.followup(followup_id),
                lambda app, data, expected: app.capture.update_followup(followup_id, data, app.now(), expected),
                followup_values, lambda app, _form, _data: app.notify(t("entry.saved")))


def add_followup_flow(contact_id: int) -> Flow:
    return Flow(lambda app, _nothing: FollowupForm({}, t("followup.new")),
                save=lambda app, data, _expected: app.capture.add_followup(contact_id, data, app.now()),
                done=lambda app, _form, _data: app.notify(t("followup.added")))
