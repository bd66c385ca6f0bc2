"""A one-field form: the everyday-gift rhythm, an occasion's lead time, the rep's name. Enter saves."""

from __future__ import annotations

from collections.abc import Callable

from clientbook.domain.text import FieldError
from clientbook.ui.forms.form import Field, FormScreen


class PromptForm(FormScreen):
    """One field, labelled `label_key`; `parse(text) -> (value, {"value": FieldError})` reads it.
    Dismisses with ("ok", value) — a cleared field is a value too (None) — or None."""

    FORM_CLASSES = "small-form"

    def __init__(self, label_key: str, value: str, placeholder_key: str,
                 parse: Callable[[str], tuple[object, dict[str, FieldError]]], title: str = "",
                 help_key: str = "") -> None:
        super().__init__({"value": value}, title)
        self.FIELDS = [Field("value", label_key, placeholder_key, help_key=help_key)]
        self.parse = parse

    def validate(self, raw):
        value, errors = self.parse(raw["value"])
        return (None, errors) if errors else (("ok", value), {})

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.action_save()
