"""The relationship-level form: a contact's new level, with the reason kept in the timeline."""

from __future__ import annotations

from clientbook.domain.enums import Level
from clientbook.domain.text import clean_text
from clientbook.i18n import t
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind


class LevelForm(FormScreen):
    """Dismisses with (level, reason) or None; Enter in the reason saves."""

    FIELDS = [
        Field("level", "", kind=Kind.CHOICE, choices=Level),  # the title says what it is
        Field("reason", "level.reason", "level.reason_placeholder"),
    ]
    FORM_CLASSES = "small-form"

    def validate(self, raw):
        # Cleaned as every other text is: a control character pasted in cannot be shown again.
        return (int(raw["level"]), clean_text(raw["reason"])), {}

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.action_save()


def set_level_flow(contact_id: int) -> Flow:
    return Flow(lambda app, level: LevelForm({"level": str(level)}, t("level.title")),
                lambda app: app.capture.contact(contact_id).level,
                lambda app, result, _expected: app.capture.set_level(contact_id, *result, app.now()))
