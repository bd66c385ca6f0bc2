"""The meal plan form (domain §9): who, when and where, the checks and who comes from our side;
a new meal opens its plan page once saved."""

from __future__ import annotations

from textual.widgets import Input

from clientbook.domain.meal_forms import validate_plan
from clientbook.domain.meals.enums import Channel, MealPurpose, OurRole, ProjectPhase, Side, VenueLevel
from clientbook.i18n import t
from clientbook.ui import nav
from clientbook.ui.forms.deal_choice import DEAL_FIELD, DealChoice
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind
from clientbook.ui.screens.meal_plan import CSS_PATH, when_text
from clientbook.ui.widgets.fields import number_text


def plan_form_values(view) -> dict[str, str]:
    meal = view.meal
    ours = [d for d in view.diners if d.side == Side.OURS.value]
    boss = next((d.name for d in ours if d.role == OurRole.BOSS.value), "")
    colleagues = [d.name for d in ours if d.role == OurRole.COLLEAGUE.value]
    return {
        "title": meal.title, "when": meal.planned_at.strftime("%Y-%m-%d %H:%M"), "venue": meal.venue,
        "cuisine": meal.cuisine, "purpose": meal.purpose, "phase": meal.phase or "",
        "venue_level": meal.venue_level, "private_room": "1" if meal.private_room else "0",
        "budget": number_text(meal.budget), "channel": meal.channel or "",
        "me": "1" if any(d.role == OurRole.ME.value for d in ours) else "0", "boss": boss,
        "colleagues": ", ".join(colleagues), "learn_mind": "1" if meal.learn_mind else "0",
        "deadline": meal.deadline.isoformat() if meal.deadline else "",
        "deal": str(meal.deal_id) if meal.deal_id else "",
    }



def _unchosen(name: str, label_key: str, choices) -> Field:
    return Field(name, label_key, kind=Kind.CHOICE, choices=choices, blank_key="meal.form.none")


class MealForm(FormScreen):
    """The look of the meal forms (plan and minutes): full-size boxes, Enter moves on."""

    CSS_PATH = CSS_PATH
    FORM_CLASSES = "meal-form"
    COMPACT = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()


class MealPlanForm(DealChoice, MealForm):
    """The plan's fields and its guests; dismisses with a PlanInput or None."""

    KEYS = "meal.form.keys"
    FIELDS = [
        Field("title", "meal.field.title", "meal.ph.title"),
        Field("guests", "meal.field.guests", "meal.ph.guests", Kind.CONTACTS),
        Field("when", "meal.field.when", "meal.ph.when", Kind.DATE),
        Field("venue", "meal.field.venue", "meal.ph.venue"),
        Field("cuisine", "meal.field.cuisine", "meal.ph.cuisine"),
        Field("private_room", "meal.field.private_room", kind=Kind.CHECK),
        Field("venue_level", "meal.field.venue_level", kind=Kind.CHOICE, choices=VenueLevel),
        Field("budget", "meal.field.budget", "meal.ph.budget"),
        Field("purpose", "meal.field.purpose", kind=Kind.CHOICE, choices=MealPurpose),
        _unchosen("phase", "meal.field.phase", ProjectPhase),
        DEAL_FIELD,  # shown when the guests have open deals
        Field("learn_mind", "meal.field.learn_mind", kind=Kind.CHECK),
        Field("me", "meal.field.me", kind=Kind.CHECK),
        Field("boss", "meal.field.boss", "meal.ph.boss"),
        Field("colleagues", "meal.field.colleagues", "meal.ph.colleagues"),
        _unchosen("channel", "meal.field.channel", Channel),
        Field("deadline", "meal.field.deadline", "meal.ph.deadline", Kind.DATE),
    ]
    # a new meal: mid-range, for business, with me at the table
    DEFAULTS = {"venue_level": VenueLevel.MID_RANGE.value, "purpose": MealPurpose.BUSINESS.value, "me": "1"}

    def __init__(self, values: dict[str, str] | None = None, guests: list[tuple[int, str]] | None = None,
                 title: str = "") -> None:
        super().__init__({**self.DEFAULTS, **(values or {})}, title or t("meal.form.new"), {"guests": guests or []})

    def deal_people(self) -> list[int]:
        return [contact_id for contact_id, _name in self.picked("guests")]

    def on_contact_picker_changed(self, _event) -> None:
        self.read_deals()

    def validate(self, raw: dict[str, str]):
        return validate_plan(raw, self.picked("guests"), self.app.now(), me_name="")


def new_meal_flow(guests: list[tuple[int, str]] | None = None) -> Flow:
    """The plan form; on save, the new meal's plan page."""

    def done(app, form, data) -> None:
        app.notify(t("meal.added", when=when_text(data.planned_at, app.now().date())))
        nav.open_meal(app, form.result)

    return Flow(lambda app, _nothing: MealPlanForm(None, guests, t("meal.form.new")),
                save=lambda app, data, _expected: app.meals.add_meal(data, app.now()), done=done)


def edit_meal_flow(meal_id: int) -> Flow:
    def form(app, view) -> MealPlanForm:
        guests = [(d.contact_id, d.name) for d in view.diners if d.side == Side.GUEST.value and d.contact_id]
        return MealPlanForm(plan_form_values(view), guests, t("meal.form.edit", title=view.meal.label))

    return Flow(form, lambda app: app.meals.meal(meal_id),
                lambda app, data, expected: app.meals.update_meal(meal_id, data, app.now(), expected),
                plan_form_values, lambda app, _form, _data: app.notify(t("meal.saved")))
