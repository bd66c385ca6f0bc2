"""The minutes form (domain §9, After): who came, what was discussed and agreed, who does what by
when, what we learned, the cost, the next step and any change of relationship level; once saved,
the minutes page, where what was learned is filed and the minutes exported."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Select

from clientbook.domain.dates import When, describe_when
from clientbook.domain.enums import Level
from clientbook.domain.meal_forms import validate_minutes
from clientbook.domain.meals.enums import Side
from clientbook.domain.meals.minutes import parse_action_item
from clientbook.domain.text import FieldError
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, Kind
from clientbook.ui.forms.meal_plan import MealForm
from clientbook.ui.screens.meal_minutes import MinutesScreen
from clientbook.ui.screens.meal_plan import diner_name, diner_role, when_text
from clientbook.ui.widgets.fields import FieldMessage, number_text

LEVELS = "levels"  # the minutes' own kind of field: a level to choose for each guest from the book


def minutes_form_values(edit) -> dict[str, str]:
    """The stored minutes (a MinutesEdit) as the form shows them, so saving them again changes nothing."""
    sep = "：" if language() == "zh" else ": "
    actions = []
    for a in edit.actions:
        owner = t("meal.owner.us") if a.promise else f"{t('meal.owner.them')}/{a.who}"
        actions.append(f"{owner}{sep}{a.what} {a.due.isoformat()}" + (f" {a.due_time:%H:%M}" if a.due_time else ""))
    meal = edit.details.meal
    return {
        "discussed": meal.discussed, "agreements": meal.agreements, "actions": "\n".join(actions),
        "learned": "\n".join(f"{row.person}{sep}{row.fact}" for row in edit.learned),
        "cost": number_text(meal.actual_cost), "next_step": meal.next_step, **edit.marks,
        "private": "1" if meal.private else "0",
    }


class LevelChoices(Vertical):
    """A level select per guest who is in the book; left blank, the level stays."""

    DEFAULT_CSS = "LevelChoices { height: auto; }"


class MinutesForm(MealForm):
    """Dismisses with a MinutesInput or None."""

    KEYS = "meal.minutes.keys"
    FIELDS = [
        Field("attended", "meal.minutes.attended", kind=Kind.MULTI),
        Field("discussed", "meal.minutes.discussed", kind=Kind.TEXT),
        Field("agreements", "meal.minutes.agreements", kind=Kind.TEXT),
        Field("actions", "meal.minutes.actions", kind=Kind.TEXT, help_key="meal.minutes.actions_help"),
        Field("learned", "meal.minutes.learned", kind=Kind.TEXT, help_key="meal.minutes.learned_help"),
        Field("cost", "meal.minutes.cost", "meal.minutes.cost_placeholder"),
        Field("next_step", "meal.minutes.next_step"),
        Field("marks", "log.marks", kind=Kind.MARKS),  # of the meal: F3 F4 F5 from any field
        Field("levels", "meal.minutes.levels", kind=LEVELS),
        Field("private", "meal.minutes.private", kind=Kind.CHECK),   # a team book's only
    ]

    def __init__(self, view, values: dict[str, str], attended: list[int], today: date) -> None:
        meal = view.meal
        super().__init__(values, Text(t("meal.minutes.form_title", title=meal.label, when=when_text(meal.planned_at, today))),
                         {"attended": sorted(attended)})
        self.view = view
        self.guests = [d for d in view.diners if d.side == Side.GUEST.value]

    def options(self, field: Field) -> list[tuple[str, int]]:
        return [(f"{diner_name(d)} · {diner_role(d)}", d.id) for d in self.view.diners]

    def field_widget(self, field: Field) -> Widget:
        if field.kind != LEVELS:
            return super().field_widget(field)
        rows = []
        for diner in self.guests:
            contact = self.view.contacts.get(diner.contact_id)
            if contact is None:
                continue
            rows.append(Horizontal(
                Label(Text(diner.name), classes="level-name"),
                Select([(lv.label(), str(int(lv))) for lv in Level],
                       prompt=t("meal.minutes.level_unchanged", level=Level(contact.level).label()),
                       id=f"level-{contact.id}"),
                classes="level-row"))
        return LevelChoices(*rows, id="f-levels")

    def on_mount(self) -> None:
        super().on_mount()
        self.show_field("private", self.app.team_book)

    def first_field(self) -> str:
        return "discussed"  # who came is mostly everyone invited: the rep starts on what was said

    def levels(self) -> dict[int, str]:
        """The level chosen for each guest's contact id, "" for unchanged."""
        return {int((select.id or "").removeprefix("level-")): "" if select.value in (Select.NULL, None) else str(select.value)
                for select in self.query_one("#f-levels").query(Select)}

    def changed(self) -> bool:
        return super().changed() or any(self.levels().values())

    def hint(self, name: str, value: str) -> None:
        """Under the actions: what each line was read as, whose, what, by when."""
        if name != "actions":
            return
        now = self.app.now()
        lines = []
        for line in value.splitlines():
            if not line.strip():
                continue
            item = parse_action_item(line, now)
            if isinstance(item, FieldError):
                continue
            owner = t("meal.owner.us") if item.promise else t("meal.owner.them")
            who = f"/{item.who}" if item.who else ""
            due = describe_when(When(item.due, item.due_time), language()) if item.due else ""
            lines.append(f"✓ {owner}{who} · {item.what} {due}")
        self.query_one("#hint-actions", FieldMessage).update("\n".join(lines))

    def validate(self, raw: dict[str, str]):
        guest_ids = {d.id for d in self.guests}
        return validate_minutes(raw, self.picked("attended"), guest_ids, self.app.now(), self.levels())


def minutes_flow(meal_id: int, edit: bool = False) -> Flow:
    """The minutes page if they are written (unless `edit`), else the minutes form; after saving,
    the minutes page, where what was learned can be filed and the minutes exported."""

    def form(app, stored) -> MinutesForm | None:
        meal = stored.details.meal
        if meal.minutes_at is not None and not edit:
            nav.open_minutes_page(app, meal_id)
            return None
        if meal.minutes_at is None and meal.planned_at > app.now():
            app.notify(t("meal.minutes.not_yet", when=when_text(meal.planned_at, app.now().date())), severity="warning")
            return None
        return MinutesForm(stored.details, minutes_form_values(stored), list(stored.attended), app.now().date())

    def done(app, _form, data) -> None:
        app.notify(t("meal.minutes.saved", followups=len(data.actions)))
        if not isinstance(app.screen, MinutesScreen):
            nav.open_minutes_page(app, meal_id)

    return Flow(form, lambda app: app.meals.minutes_edit(meal_id),
                lambda app, data, expected: app.meals.save_minutes(meal_id, data, app.now(), expected),
                minutes_form_values, done)
