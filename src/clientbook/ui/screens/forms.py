"""Add/edit forms for contacts and companies: every field validated, errors shown inline,
nothing typed is ever lost (a bad field keeps the form open with all values in place)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from clientbook.domain.contacts import (
    CompanyInput,
    ContactInput,
    validate_company,
    validate_contact,
)
from clientbook.domain.enums import Grade, Level, Position
from clientbook.i18n import language, t
from clientbook.ui.base import CANCEL, SAVE, ConfirmDiscard, SavesInWorker, TranslatedBindings, saving
from clientbook.ui.widgets.fields import FieldMessage, number_text

# (field, label key, placeholder key, kind) — kind: input | select-position | select-level | text
CONTACT_FIELDS = [
    ("name", "field.name", "ph.name", "input"),
    ("company", "field.company", "ph.company", "input"),
    ("title", "field.title", "ph.title", "input"),
    ("position", "field.position", "", "select-position"),
    ("level", "field.level", "", "select-level"),
    ("phones", "field.phones", "ph.phones", "input"),
    ("wechat", "field.wechat", "", "input"),
    ("email", "field.email", "", "input"),
    ("birthday", "field.birthday", "ph.birthday", "input"),
    ("cuisine", "field.cuisine", "ph.cuisine", "input"),
    ("drinks", "field.drinks", "ph.drinks", "input"),
    ("hobbies", "field.hobbies", "ph.hobbies", "input"),
    ("taboos", "field.taboos", "ph.taboos", "input"),
    ("diet", "field.diet", "ph.diet", "input"),
    ("family", "field.family", "", "input"),
    ("tags", "field.tags", "ph.tags", "input"),
    ("cadence_days", "field.cadence_days", "ph.cadence_days", "input"),
    ("notes", "field.notes", "", "text"),
]

COMPANY_FIELDS = [
    ("name", "field.company_name", "", "input"),
    ("grade", "field.grade", "", "select-grade"),
    ("industry", "field.industry", "", "input"),
    ("city", "field.city", "", "input"),
    ("address", "field.address", "", "input"),
    ("yearly_value", "field.yearly_value", "ph.yearly_value", "input"),
    ("notes", "field.notes", "", "text"),
]


def contact_form_values(data: ContactInput) -> dict[str, str]:
    from clientbook.domain.lunar import Birthday, format_birthday

    return {
        "name": data.name, "company": data.company, "title": data.title,
        "position": data.position.value if data.position else "", "level": str(int(data.level)),
        "phones": ", ".join(data.phones), "wechat": data.wechat, "email": data.email,
        "birthday": format_birthday(Birthday.from_storage(data.birthday), language()) if data.birthday else "",
        "cuisine": data.cuisine, "drinks": data.drinks, "hobbies": data.hobbies, "taboos": data.taboos,
        "diet": data.diet, "family": data.family, "tags": " ".join(data.tags), "notes": data.notes,
        "cadence_days": str(data.cadence_days) if data.cadence_days else "",
    }


def company_form_values(data: CompanyInput) -> dict[str, str]:
    value = number_text(data.yearly_value)
    return {
        "name": data.name, "grade": data.grade.value if data.grade else "", "industry": data.industry,
        "city": data.city, "address": data.address, "yearly_value": value, "notes": data.notes,
    }


class RecordForm(SavesInWorker, ConfirmDiscard, TranslatedBindings, ModalScreen):
    """A modal form over a list of fields; saves (see SavesInWorker), then dismisses with the
    validated input, or with None when cancelled."""

    BINDINGS = [
        SAVE,
        CANCEL,
    ]
    FIELDS: list[tuple[str, str, str, str]] = []
    TITLE_KEY = ""

    def __init__(self, values: dict[str, str] | None = None, title: str = "") -> None:
        super().__init__()
        self.initial = values or {}
        self.form_title = title

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            # Plain text: the title names the record ("Edit [VIP] 张三"), never read as markup.
            title = Text(self.form_title) if isinstance(self.form_title, str) else self.form_title
            yield Static(title, classes="form-title")
            for name, label_key, placeholder_key, kind in self.FIELDS:
                yield Label(t(label_key), classes="field-label")
                yield self._widget(name, kind, placeholder_key)
                yield FieldMessage(id=f"hint-{name}", classes="field-hint")
                yield FieldMessage(id=f"error-{name}", classes="field-error")
            with Horizontal(classes="form-buttons"):
                yield Button(t("form.save"), variant="primary", id="save")
                yield Button(t("form.cancel"), id="cancel")
            yield Static(t("form.keys"), classes="form-keys")

    def _widget(self, name: str, kind: str, placeholder_key: str):
        value = self.initial.get(name, "")
        if kind == "select-position":
            options = [(p.label(), p.value) for p in Position]
            return Select(options, value=value or Select.NULL, prompt=t("form.unknown"), compact=True, id=f"f-{name}")
        if kind == "select-level":
            options = [(lv.label(), str(int(lv))) for lv in Level]
            return Select(options, value=value or "0", allow_blank=False, compact=True, id=f"f-{name}")
        if kind == "select-grade":
            options = [(g.label(), g.value) for g in Grade]
            return Select(options, value=value or Select.NULL, prompt=t("form.ungraded"), compact=True, id=f"f-{name}")
        if kind == "text":
            area = TextArea(value, id=f"f-{name}", soft_wrap=True, tab_behavior="focus")
            return area
        return Input(value=value, placeholder=t(placeholder_key) if placeholder_key else "", compact=True, id=f"f-{name}")

    def on_mount(self) -> None:
        self.query_one(f"#f-{self.FIELDS[0][0]}").focus()
        for name, *_ in self.FIELDS:
            self._hint(name, self.initial.get(name, ""))

    def values(self) -> dict[str, str]:
        result = {}
        for name, _label, _ph, kind in self.FIELDS:
            widget = self.query_one(f"#f-{name}")
            if isinstance(widget, Select):
                result[name] = "" if widget.value in (Select.NULL, None) else str(widget.value)
            elif isinstance(widget, TextArea):
                result[name] = widget.text
            else:
                result[name] = widget.value
        return result

    def validate(self, raw: dict[str, str]):
        raise NotImplementedError

    def _hint(self, name: str, value: str) -> None:
        """A live hint under a field; the contact form shows the next birthday."""

    def on_input_changed(self, event: Input.Changed) -> None:
        self._cancel_armed = False
        name = (event.input.id or "").removeprefix("f-")
        self._hint(name, event.value)
        self.query_one(f"#error-{name}", Static).update(Text(""))

    def action_save(self) -> None:
        data, errors = self.validate(self.values())
        for name, *_ in self.FIELDS:
            error = errors.get(name)
            self.query_one(f"#error-{name}", Static).update(Text(error.message() if error else ""))
        if errors:
            first = next(name for name, *_ in self.FIELDS if name in errors)
            self.query_one(f"#f-{first}").focus()
            self.notify(t("form.fix_errors", count=len(errors)), severity="error")
            return
        self.save(data)

    def field_label(self, name: str) -> str:
        return next(t(label) for field, label, _p, _k in self.FIELDS if field == name)

    def shown(self, name: str, value: str) -> str:
        kind = next(k for field, _l, _p, k in self.FIELDS if field == name)
        if kind == "select-yearly":
            return t("giftui.yearly.yes" if value == "1" else "giftui.yearly.no")
        if value and kind == "select-level":
            return Level(int(value)).label()
        enum = {"select-position": Position, "select-grade": Grade}.get(kind)
        return enum(value).label() if enum and value else value

    def changed(self) -> bool:
        return self.values() != {name: self.initial.get(name, self._blank(kind)) for name, _l, _p, kind in self.FIELDS}

    @staticmethod
    def _blank(kind: str) -> str:
        return "0" if kind == "select-level" else ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


class ContactForm(RecordForm):
    FIELDS = CONTACT_FIELDS

    def validate(self, raw):
        return validate_contact(raw)

    def _hint(self, name: str, value: str) -> None:
        if name != "birthday":
            return
        hint = ""
        if value.strip():
            from clientbook.domain.lunar import BirthdayParseError, describe_next, parse_birthday

            try:
                hint = describe_next(parse_birthday(value), self.app.now().date(), language())
            except BirthdayParseError:
                hint = ""
        self.query_one("#hint-birthday", Static).update(Text(hint))


class CompanyForm(RecordForm):
    FIELDS = COMPANY_FIELDS

    def validate(self, raw):
        return validate_company(raw)


def add_contact_flow(app, company: str = "") -> None:
    """Open the contact form; on save, add the contact and show its page."""

    def saved(data: ContactInput | None) -> None:
        if data is None:
            return
        app.notify(t("contact.added", name=data.name))
        from clientbook.ui.screens.contact import ContactScreen

        app.push_screen(ContactScreen(form.result))

    form = saving(ContactForm({"company": company} if company else None, t("form.add_contact")),
                  lambda data, _expected: app.contacts.add_contact(data, app.now()))
    app.push_screen(form, saved)


def edit_contact_flow(app, contact_id: int, then=None) -> None:
    data = app.contacts.contact_input(contact_id)

    def saved(result: ContactInput | None) -> None:
        if result is None:
            return
        app.notify(t("contact.saved", name=result.name))
        if then:
            then()

    form = ContactForm(contact_form_values(data), t("form.edit_contact", name=data.name))
    app.push_screen(saving(form, lambda result, expected: app.contacts.update_contact(contact_id, result, app.now(), expected),
                           data, contact_form_values), saved)


def add_company_flow(app, then=None) -> None:
    def saved(data: CompanyInput | None) -> None:
        if data is None:
            return
        app.notify(t("company.added", name=data.name))
        if then:
            then()

    app.push_screen(saving(CompanyForm(None, t("form.add_company")),
                           lambda data, _expected: app.contacts.add_company(data, app.now())), saved)


def edit_company_flow(app, company_id: int, then=None) -> None:
    data = app.contacts.company_input(company_id)

    def saved(result: CompanyInput | None) -> None:
        if result is None:
            return
        app.notify(t("company.saved", name=result.name))
        if then:
            then()

    form = CompanyForm(company_form_values(data), t("form.edit_company", name=data.name))
    app.push_screen(saving(form, lambda result, expected: app.contacts.update_company(company_id, result, app.now(), expected),
                           data, company_form_values), saved)
