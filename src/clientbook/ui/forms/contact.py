"""The contact form: its fields are domain/contact_fields.py's table, in its order."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from clientbook.domain import contact_fields as cf
from clientbook.domain.contacts import ContactInput, validate_contact
from clientbook.domain.enums import Level, Position
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind

# How the form shows each kind of contact field; the others (text, lists, the birthday) are one line.
FORM_KINDS = {cf.LONG_TEXT: Kind.TEXT, cf.NUMBER: Kind.NUMBER, cf.POSITION: Kind.CHOICE, cf.LEVEL: Kind.CHOICE}
CHOICES = {cf.POSITION: (Position, "form.unknown"), cf.LEVEL: (Level, "")}  # (enum, prompt key when it may be blank)

CONTACT_FIELDS = [Field(f.name, f.label, f.placeholder, FORM_KINDS.get(f.kind, Kind.INPUT), *CHOICES.get(f.kind, (None, "")))
                  for f in cf.CONTACT_FIELDS]


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


class ContactForm(FormScreen[ContactInput]):
    FIELDS = CONTACT_FIELDS

    def validate(self, raw):
        return validate_contact(raw)

    def hint(self, name: str, value: str) -> None:
        """Under the birthday: when it next comes, in both calendars."""
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


def add_contact_flow(company: str = "") -> Flow:
    """The contact form (on a company's page, for that company); on save, the new contact's page."""

    def done(app, form, data: ContactInput) -> None:
        app.notify(t("contact.added", name=data.name))
        nav.open_contact(app, form.result)

    return Flow(lambda app, _nothing: ContactForm({"company": company} if company else None, t("form.add_contact")),
                save=lambda app, data, _expected: app.contacts.add_contact(data, app.now()), done=done)


def edit_contact_flow(contact_id: int) -> Flow:
    return Flow(lambda app, data: ContactForm(contact_form_values(data), t("form.edit_contact", name=data.name)),
                lambda app: app.contacts.contact_input(contact_id),
                lambda app, result, expected: app.contacts.update_contact(contact_id, result, app.now(), expected),
                contact_form_values,
                lambda app, _form, result: app.notify(t("contact.saved", name=result.name)))
