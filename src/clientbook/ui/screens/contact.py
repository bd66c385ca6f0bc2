"""One contact's page: every field, with edit and archive."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from clientbook.domain.enums import Grade, Level, Position
from clientbook.i18n import language, t
from clientbook.ui.base import TranslatedBindings


def profile_table(view, today) -> Table:
    """Rows of label → value for every field; unknown ones shown as a dim dash."""
    c, company = view.contact, view.company
    birthday = ""
    if c.birthday:
        from clientbook.domain.lunar import Birthday, describe_next, format_birthday

        parsed = Birthday.from_storage(c.birthday)
        birthday = f"{format_birthday(parsed, language())} · {describe_next(parsed, today, language())}"
    company_text = ""
    if company:
        grade = Grade(company.grade).label() if company.grade else t("form.ungraded")
        company_text = f"{company.name} · {grade}"
    rows = [
        (t("field.company"), company_text),
        (t("field.title"), c.title),
        (t("field.position"), Position(c.position).label() if c.position else ""),
        (t("field.level"), Level(c.level).label()),
        (t("field.phones"), "  ".join(c.phone_list)),
        (t("field.wechat"), c.wechat),
        (t("field.email"), c.email),
        (t("field.birthday"), birthday),
        (t("field.cuisine"), c.cuisine),
        (t("field.drinks"), c.drinks),
        (t("field.hobbies"), c.hobbies),
        (t("field.taboos"), c.taboos),
        (t("field.diet"), c.diet),
        (t("field.family"), c.family),
        (t("field.tags"), "  ".join(f"#{tag}" for tag in c.tag_list)),
        (t("field.notes"), c.notes),
    ]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in rows:
        table.add_row(label, Text(value) if value else Text("–", style="dim"))
    return table


class ContactScreen(TranslatedBindings, Screen):
    BINDINGS = [
        Binding("escape", "back", "key.back", id="contact.back"),
        Binding("e", "edit", "key.edit", id="contact.edit"),
        Binding("d", "archive", "key.archive", id="contact.archive"),
    ]

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="profile"):
            yield Static(id="contact-name", classes="page-title")
            yield Static(id="contact-fields")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        view = self.app.store.get_contact(self.contact_id)
        title = view.contact.name
        if view.contact.archived_at:
            title += "  " + t("contact.is_archived")
        self.query_one("#contact-name", Static).update(title)
        self.query_one("#contact-fields", Static).update(profile_table(view, self.app.now().date()))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        from clientbook.ui.screens.forms import edit_contact_flow

        edit_contact_flow(self.app, self.contact_id, then=self.reload)

    def action_archive(self) -> None:
        name = self.app.store.get_contact(self.contact_id).contact.name
        self.app.store.archive_contact(self.contact_id, self.app.now())
        self.app.notify(t("contact.archived", name=name))
        self.app.pop_screen()
