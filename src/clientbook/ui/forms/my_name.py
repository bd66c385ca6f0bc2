"""The first run asks the rep's own name (the minutes then say "我方：李明", not "我方：我"). One
field; Esc skips it. Kept in config.toml as `my_name`."""

from __future__ import annotations

from clientbook.domain.text import MAX_NAME
from clientbook.domain.text import FieldError, checked_text
from clientbook.i18n import t
from clientbook.ui.forms.prompt import PromptForm


def parse_my_name(text: str) -> tuple[str | None, dict[str, FieldError]]:
    errors: dict[str, FieldError] = {}
    name = " ".join(checked_text({"value": text}, "value", MAX_NAME, errors).split())
    if not name and not errors:
        errors["value"] = FieldError("form.error.required")
    return (None, errors) if errors else (name, {})


class MyNameForm(PromptForm):
    def __init__(self) -> None:
        super().__init__("myname.label", "", "myname.placeholder", parse_my_name, t("myname.title"),
                         help_key="myname.help")
