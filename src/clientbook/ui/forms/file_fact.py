"""Which profile field a fact learned at a meal goes into: the fields of domain/contact_fields.py
marked `profile`, the one guess_field suggests highlighted; Enter files it there."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from clientbook.domain.contact_fields import PROFILE_FIELDS, guess_field
from clientbook.i18n import t
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen

FIELD_LIST = "profile_field"   # this form's own kind of field: an OptionList of the profile fields


class FileFactForm(FormScreen):
    """Dismisses with the chosen field's name, or None."""

    FIELDS = [Field("field", "meal.learned.file_into", kind=FIELD_LIST)]
    FORM_CLASSES = "small-form"
    KEYS = "meal.learned.file_keys"

    def field_widget(self, field: Field) -> OptionList:
        options = OptionList(*[Option(t(f.label), id=f.name) for f in PROFILE_FIELDS], id=f"f-{field.name}")
        options.highlighted = next(i for i, f in enumerate(PROFILE_FIELDS) if f.name == self.initial[field.name])
        return options

    def values(self) -> dict[str, str]:
        options = self.query_one("#f-field", OptionList)
        return {"field": PROFILE_FIELDS[options.highlighted or 0].name}

    def validate(self, raw):
        return raw["field"], {}

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()


def file_fact_flow(learned) -> Flow:
    """File a Learned row (services.meals.Learned) into the field the rep picks."""

    def done(app, form, field: str) -> None:
        label = t(next(f.label for f in PROFILE_FIELDS if f.name == field))
        severity = "information" if form.result == "filed" else "warning"
        app.notify(t(f"meal.learned.result.{form.result}", person=learned.person, field=label), severity=severity)

    title = t("meal.learned.file_title", person=learned.person, fact=learned.fact)
    return Flow(lambda app, _record: FileFactForm({"field": guess_field(learned.fact)}, title),
                save=lambda app, field, _expected: app.meals.file_learned(learned.id, field, app.now()),
                done=done)
