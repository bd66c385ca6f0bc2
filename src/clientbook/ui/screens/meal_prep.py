"""The preparation sheet of a meal (domain §9, Assess first): for each guest, what he likes and
must not eat or drink, what to talk about and what to avoid, the last meals with him and what
is still open between us."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from clientbook.domain.contact_fields import LONG_TEXT, PROFILE_FIELDS
from clientbook.domain.dates import day_text
from clientbook.domain.enums import Level, Position
from clientbook.domain.meals.checks import safe_topics, topics_to_avoid
from clientbook.domain.meals.enums import InviteStatus
from clientbook.i18n import language, names_joined, t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.screens.meal_plan import CSS_PATH, when_text


WATCH_OUT = {"taboos", "diet"}   # a guest's profile fields the table must not get wrong: in yellow


def guest_sheet(sheet, now) -> Group:
    """One guest's part of the sheet (a GuestPrep), as a Rich renderable (every user text wrapped in Text)."""
    diner, contact, company = sheet.diner, sheet.contact, sheet.company
    head = Text(diner.name, style="bold")
    if contact is None:
        return Group(head, Text(t("meal.prep.no_profile"), style="dim"), Text(""))
    facts = [x for x in (company.name if company else "", contact.title,
                         Position(contact.position).label() if contact.position else "",
                         Level(contact.level).label()) if x]
    head.append("  " + " · ".join(facts), style="")
    marks = []
    if diner.is_guest_of_honour:
        marks.append(t("meal.mark.honour"))
    if diner.is_decision_maker:
        marks.append(t("meal.mark.decision_maker"))
    if diner.invite_status != InviteStatus.ACCEPTED.value:
        marks.append(InviteStatus(diner.invite_status).label())
    if marks:
        head.append("  [" + " · ".join(marks) + "]", style="cyan")

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    unknown = []
    for field in PROFILE_FIELDS:   # every filled one, in the contact form's order; what is not known yet in one line
        value = getattr(contact, field.name).strip()
        if not value:
            if field.kind != LONG_TEXT:   # empty notes are nothing to find out
                unknown.append(t(field.label))
            continue
        grid.add_row(t(field.label), Text(value, style="yellow" if field.name in WATCH_OUT else ""))
    if unknown:
        grid.add_row(t("meal.prep.unknown"), Text(names_joined(unknown), style="dim"))
    grid.add_row(t("meal.prep.safe_topics"), Text(names_joined(safe_topics(contact.hobbies, language()))))
    avoid = [t(key) for key in topics_to_avoid(contact.level)]
    grid.add_row(t("meal.prep.avoid"), Text(names_joined(avoid), style="red"))

    past = sheet.past
    if not past:
        grid.add_row(t("meal.prep.last_meals"), Text(t("meal.prep.no_meals"), style="dim"))
    for n, meal in enumerate(past):
        line = Text(day_text(meal.at.date(), now.date(), language()))
        if meal.place:
            line.append(f" · {meal.place}")
        if meal.agreed:
            line.append(" · " + t("meal.prep.agreed", agreed=names_joined(meal.agreed)))
        elif meal.summary:
            line.append(f" · {meal.summary}")
        grid.add_row(t("meal.prep.last_meals") if n == 0 else "", line)

    followups = sheet.open
    if not followups:
        grid.add_row(t("meal.prep.open"), Text(t("meal.prep.nothing_open"), style="dim"))
    for n, f in enumerate(followups):
        mark = t("today.promise_mark") if f.promise else t("today.theirs_mark")
        due = day_text(f.due_date, now.date(), language())
        style = "red" if f.due_date < now.date() else ""
        grid.add_row(t("meal.prep.open") if n == 0 else "", Text(f"{due}  {mark} {f.what}", style=style))
    return Group(head, grid, Text(""))


class MealPrepScreen(LoadsInWorker, Page):
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape", "back", "key.back", id="prep.back"),
        Binding("m", "minutes", "key.meal.minutes", id="prep.minutes"),
    ]

    def __init__(self, meal_id: int) -> None:
        super().__init__()
        self.meal_id = meal_id

    def body(self) -> ComposeResult:
        yield Static(id="prep-title", classes="page-title")
        with VerticalScroll(id="prep"):
            yield Static(id="prep-sheet")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#prep").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def ask(self):
        return self.app.now()

    def load(self, now):
        return now, self.app.meals.prep(self.meal_id)

    def show(self, loaded) -> None:
        now, prep = loaded
        self.sub_title = t("meal.prep.subtitle")
        self.query_one("#prep-title", Static).update(
            Text(t("meal.prep.title", title=prep.meal.label, when=when_text(prep.meal.planned_at, now.date()))))
        parts = [guest_sheet(sheet, now) for sheet in prep.guests] or [Text(t("meal.prep.no_guests"), style="dim")]
        parts.append(Text(t("meal.prep.footnote"), style="dim italic"))
        self.query_one("#prep-sheet", Static).update(Group(*parts))

    def action_minutes(self) -> None:
        nav.open_minutes(self.app, self.meal_id, then=self.reload)

    def action_back(self) -> None:
        self.app.pop_screen()
