"""The follow-up form: what, when, and whose promise it is — to add one or reschedule it."""

from __future__ import annotations

from clientbook.domain.dates import day_text
from clientbook.domain.interactions import validate_followup
from clientbook.i18n import language, t
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind


class FollowupForm(FormScreen):
    FIELDS = [
        Field("what", "followup.what"),
        Field("due", "followup.due", "log.followup_when_placeholder", Kind.DATE),
        Field("promise", "", kind=Kind.PROMISE),  # the two choices say what they are
    ]
    FORM_CLASSES = "small-form"

    def first_field(self) -> str:
        return "due" if self.initial.get("what") else "what"  # rescheduling: the date is what changes

    def validate(self, raw):
        return validate_followup(raw, self.app.now())


def followup_values(followup) -> dict[str, str]:
    due = followup.due_date.isoformat() + (f" {followup.due_time:%H:%M}" if followup.due_time else "")
    return {"what": followup.what, "due": due, "promise": "1" if followup.promise else "0"}


def edit_followup_flow(followup_id: int) -> Flow:
    return Flow(lambda app, followup: FollowupForm(followup_values(followup), t("followup.edit")),
                lambda app: app.capture.followup(followup_id),
                lambda app, data, expected: app.capture.update_followup(followup_id, data, app.now(), expected),
                followup_values, lambda app, _form, data: app.notify(moved_text(app, data)))


def moved_text(app, data) -> str:
    """What R says once saved: the day the follow-up is now due."""
    return t("followup.moved", date=day_text(data.due, app.now().date(), language(), data.due_time))


def add_followup_flow(contact_id: int) -> Flow:
    return Flow(lambda app, _nothing: FollowupForm({}, t("followup.new")),
                save=lambda app, data, _expected: app.capture.add_followup(contact_id, data, app.now()),
                done=lambda app, _form, _data: app.notify(t("followup.added")))
