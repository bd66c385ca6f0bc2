"""The contact form: its fields are domain/contact_fields.py's table, in its order. As the
rep types, the company box suggests the book's companies (→ takes one) and says when a new
name is close to one of them; a title suggests the position tier while the tier is empty."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.suggester import Suggester
from textual.widgets import Input, Select, Static

from clientbook.domain import contact_fields as cf
from clientbook.domain.contact_card import typed_text
from clientbook.domain.contacts import ContactInput, validate_contact
from clientbook.domain.enums import Level, Position
from clientbook.domain.search import close_companies, company_suggestion, same_company
from clientbook.domain.text import FieldError
from clientbook.domain.titles import position_for_title
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind, choice_value

# How the form shows each kind of contact field; the others (text, lists, the birthday) are one line.
FORM_KINDS = {cf.LONG_TEXT: Kind.TEXT, cf.ADDRESSES: Kind.TEXT, cf.NUMBER: Kind.NUMBER, cf.POSITION: Kind.CHOICE, cf.LEVEL: Kind.CHOICE}
CHOICES = {cf.POSITION: (Position, "form.unknown"), cf.LEVEL: (Level, "")}  # (enum, prompt key when it may be blank)

CONTACT_FIELDS = [Field(f.name, f.label, f.placeholder, FORM_KINDS.get(f.kind, Kind.INPUT), *CHOICES.get(f.kind, (None, "")))
                  for f in cf.FORM_FIELDS]


def contact_form_values(data: ContactInput) -> dict[str, str]:
    """Each field of the form as it is shown, by its kind (validate_contact reads them back)."""
    from clientbook.domain.lunar import Birthday, format_birthday

    lang = language()

    def shown(field: cf.ContactField) -> str:
        value = getattr(data, field.name)
        if field.kind == cf.TYPED:
            return typed_text(value, lang)
        if field.kind == cf.ADDRESSES:
            return "\n".join(address.form_text(lang) for address in value)
        if field.kind == cf.LIST:
            return " ".join(value)
        if field.kind == cf.POSITION:
            return value.value if value else ""
        if field.kind == cf.LEVEL:
            return str(int(value))
        if field.kind == cf.BIRTHDAY:
            return format_birthday(Birthday.from_storage(value), lang) if value else ""
        if field.kind == cf.NUMBER:
            return str(value) if value else ""
        return value
    return {field.name: shown(field) for field in cf.FORM_FIELDS}


class CompanySuggester(Suggester):
    """The book's company a typed name leads to (domain/search.py company_suggestion). Textual
    shows the rest of a name typed from its start in grey; one found by pinyin (hw -> 华为) is
    named in the hint line instead, and CompanyBox's → takes either. The names come from the
    form's worker; until then there is nothing to suggest."""

    def __init__(self) -> None:
        super().__init__(use_cache=False)   # the list arrives after the first keys
        self.companies: tuple[tuple[str, str], ...] | None = None   # None: not read yet

    def suggestion(self, value: str) -> str | None:
        return company_suggestion(value, self.companies or ())

    async def get_suggestion(self, value: str) -> str | None:
        name = self.suggestion(value)
        return name if name is not None and name.casefold().startswith(value.casefold()) else None


class CompanyBox(Input):
    """The company box: → at its end takes the company suggested, by name or by pinyin."""

    def action_cursor_right(self, select: bool = False) -> None:
        suggested = self.suggester.suggestion(self.value) if self.cursor_at_end and not select else None
        if suggested is not None and suggested != self.value:
            self.value = suggested
            self.cursor_position = len(suggested)
            return
        super().action_cursor_right(select)


class ContactForm(FormScreen[ContactInput]):
    FIELDS = CONTACT_FIELDS

    def __init__(self, *args, base: ContactInput | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.base = base            # the contact as loaded: what the form does not show is kept from it
        self.suggester = CompanySuggester()
        self.close_confirmed = ""   # a new company close to a known one, saved anyway on the second ctrl+s
        self.guessed_position = ""  # the tier the title suggested, replaced as the title changes

    def field_widget(self, field: Field):
        if field.name == "company":
            placeholder = t(field.placeholder_key) if field.placeholder_key else ""
            return CompanyBox(self.initial.get("company", ""), placeholder, compact=self.COMPACT,
                              suggester=self.suggester, id="f-company")
        return super().field_widget(field)

    def on_mount(self) -> None:
        super().on_mount()
        self.app.write(self.app.contacts.company_names, self._companies_read)

    def _companies_read(self, companies: tuple[tuple[str, str], ...]) -> None:
        self.suggester.companies = companies
        if self.is_mounted:
            self.hint("company", self.query_one("#f-company", Input).value)

    def validate(self, raw):
        data, errors = validate_contact(raw, self.base)
        close = self.close_to(raw.get("company", ""))
        if data is not None and close and data.company != self.close_confirmed:
            self.close_confirmed = data.company   # said once; the next save makes it
            errors["company"] = FieldError("contact.company_close_save", {"name": data.company, "close": "、".join(close)})
        return (None, errors) if errors else (data, errors)

    def close_to(self, company: str) -> list[str]:
        """Known companies a new one is close to (none once the names are known to match)."""
        return close_companies(company, self.suggester.companies or ()) if company.strip() else []

    def hint(self, name: str, value: str) -> None:
        if name == "company":
            self.company_hint(value)
        elif name == "title" and value != self.initial.get("title", ""):   # typed, not as opened
            self.suggest_position(value)
        elif name == "birthday":
            self.birthday_hint(value)

    def company_hint(self, value: str) -> None:
        """Under the company: the known one it leads to (→ takes it), or that it is new, and
        close to a known one."""
        companies = self.suggester.companies
        hint = warning = ""
        if value.strip() and companies is not None and same_company(value, (n for n, _k in companies)) is None:
            suggested = self.suggester.suggestion(value)
            close = self.close_to(value)
            if suggested is not None:
                hint = t("contact.company_known", name=suggested)
            elif close:
                warning = t("contact.company_close", close="、".join(close))
            else:
                hint = t("contact.company_new")
        self.query_one("#hint-company", Static).update(Text(hint))
        self.query_one("#error-company", Static).update(Text(warning))

    def suggest_position(self, title: str) -> None:
        """A title naming a tier (采购经理 -> 经理/总监) fills the tier while it is empty, or still
        holds what the title suggested before; a tier the rep chose stays."""
        select = self.query_one("#f-position", Select)
        current = "" if select.value in (Select.NULL, None) else str(select.value)
        if current and current != self.guessed_position:
            return
        guess = position_for_title(title)
        self.guessed_position = choice_value(guess) if guess else ""
        if self.guessed_position != current:
            select.value = self.guessed_position or Select.NULL

    def birthday_hint(self, value: str) -> None:
        """Under the birthday: when it next comes, in both calendars."""
        hint = ""
        if value.strip():
            from clientbook.domain.lunar import BirthdayParseError, describe_next, parse_birthday

            try:
                hint = describe_next(parse_birthday(value), self.app.now().date(), language())
            except BirthdayParseError:
                hint = ""
        self.query_one("#hint-birthday", Static).update(Text(hint))


class NewContactForm(ContactForm):
    """The few fields that say who someone is, for adding them on the way (quick log's "add 张三
    at …"); the rest waits for the full form."""

    FIELDS = [field for field in CONTACT_FIELDS if field.name in ("name", "company", "title", "position")]
    FORM_CLASSES = "small-form"

    def first_field(self) -> str:
        return "company" if self.initial.get("name") else "name"   # the name came typed


def new_contact_flow(name: str, picked: Callable[[int, str], None]) -> Flow:
    """The new-contact form prefilled with the name typed in a contact box; once saved, the new
    contact goes back to that box (`picked(contact id, name)`)."""

    def done(app, form, data: ContactInput) -> None:
        app.notify(t("contact.added", name=data.name))
        picked(form.result, data.name)

    return Flow(lambda app, _nothing: NewContactForm({"name": name}, t("form.add_contact")),
                save=lambda app, data, _expected: app.contacts.add_contact(data, app.now()), done=done)


def add_contact_flow(company: str = "") -> Flow:
    """The contact form (on a company's page, for that company); on save, the new contact's page."""

    def done(app, form, data: ContactInput) -> None:
        app.notify(t("contact.added", name=data.name))
        nav.open_contact(app, form.result)

    return Flow(lambda app, _nothing: ContactForm({"company": company} if company else None, t("form.add_contact")),
                save=lambda app, data, _expected: app.contacts.add_contact(data, app.now()), done=done)


def edit_contact_flow(contact_id: int) -> Flow:
    return Flow(lambda app, data: ContactForm(contact_form_values(data), t("form.edit_contact", name=data.name),
                                              base=data),
                lambda app: app.contacts.contact_input(contact_id),
                lambda app, result, expected: app.contacts.update_contact(contact_id, result, app.now(), expected),
                contact_form_values,
                lambda app, _form, result: app.notify(t("contact.saved", name=result.name)))
