"""The custom-occasion form and its flows: an occasion for everyone, one contact (a child's
wedding) or one company; its name, date, yearly or once, and lead time."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Select, Static

from clientbook.domain.gift_forms import validate_occasion
from clientbook.domain.gifts.occasions import Occasion, next_occurrence
from clientbook.domain.lunar import format_birthday
from clientbook.i18n import language, t
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen

YEARLY = "yearly"  # this form's own kind: yearly ("1") or once ("0"), yearly when new


class OccasionForm(FormScreen):
    FIELDS = [
        Field("name", "giftui.field.occasion_name", "giftui.ph.occasion_name"),
        Field("date", "giftui.field.occasion_date", "giftui.ph.occasion_date"),
        Field("yearly", "giftui.field.yearly", kind=YEARLY),
        Field("lead_days", "giftui.field.lead_days", "giftui.ph.lead_days"),
    ]
    FORM_CLASSES = "small-form"

    def __init__(self, values=None, title="", contact_id: int | None = None, company_id: int | None = None) -> None:
        super().__init__(values, title)
        self.contact_id = contact_id
        self.company_id = company_id

    def field_widget(self, field: Field):
        if field.kind == YEARLY:
            return Select([(t("giftui.yearly.yes"), "1"), (t("giftui.yearly.no"), "0")],
                          value=self.initial.get(field.name) or "1", allow_blank=False, id=f"f-{field.name}")
        return super().field_widget(field)

    def blank(self, field: Field) -> str:
        return "1" if field.kind == YEARLY else super().blank(field)

    def shown(self, name: str, value: str) -> str:
        if self.field(name).kind == YEARLY:
            return t("giftui.yearly.yes" if value == "1" else "giftui.yearly.no")
        return super().shown(name, value)

    def validate(self, raw):
        return validate_occasion(raw, self.contact_id, self.company_id)

    def hint(self, name: str, value: str) -> None:
        if name == "date":
            self.query_one("#hint-date", Static).update(Text(self._next_text(value)))

    def on_select_changed(self, event: Select.Changed) -> None:
        self.hint("date", self.query_one("#f-date").value)

    def _next_text(self, value: str) -> str:
        """The next occurrence in both calendars, as for birthdays (or "over" for a past one-off)."""
        from clientbook.domain.lunar import BirthdayParseError, format_lunar, parse_birthday, solar_to_lunar

        if not value.strip():
            return ""
        try:
            parsed = parse_birthday(value)
            yearly = str(self.query_one("#f-yearly", Select).value) != "0"
            if not yearly and parsed.year is None:
                return ""
            occasion = Occasion(key="custom:0", name="", calendar=parsed.calendar, month=parsed.month, day=parsed.day,
                                leap=parsed.leap, yearly=yearly, year=parsed.year, kind="custom")
        except (BirthdayParseError, ValueError):
            return ""
        when = next_occurrence(occasion, self.app.now().date())
        if when is None:
            return t("giftui.over")
        _, month, day, leap = solar_to_lunar(when)
        return t("lunar.next", date=when.isoformat(), lunar=format_lunar(month, day, leap, language()))


def occasion_form_values(occasion) -> dict[str, str]:
    """An occasion (as listed, or its stored row) as the occasion form shows it."""
    from clientbook.domain.lunar import Birthday

    shown = format_birthday(Birthday(occasion.calendar, occasion.month, occasion.day, occasion.year, occasion.leap),
                            language())
    return {"name": occasion.name, "date": shown, "yearly": "1" if occasion.yearly else "0",
            "lead_days": str(occasion.lead_days)}


def add_occasion_flow(contact_id: int | None = None, company_id: int | None = None) -> Flow:
    """A custom occasion: for everyone, for one contact (a child's wedding), or one company."""

    def form(app, scope_name) -> OccasionForm:
        title = t("giftui.occasion.add_for", name=scope_name) if scope_name is not None else t("giftui.occasion.add")
        return OccasionForm(None, Text(title), contact_id, company_id)

    def read(app) -> str | None:
        if contact_id is None and company_id is None:
            return None
        return app.gifts.scope_name(contact_id, company_id)

    return Flow(form, read, lambda app, data, _expected: app.gifts.add_custom_occasion(data, app.now()),
                done=lambda app, _form, data: app.notify(t("giftui.occasion.added", name=data.name)))


def edit_occasion_flow(occasion_id: int) -> Flow:
    """e on a custom occasion: its name, date, yearly and lead time (the scope stays)."""
    return Flow(lambda app, stored: OccasionForm(occasion_form_values(stored),
                                                 Text(t("giftui.occasion.edit", name=stored.name)),
                                                 stored.contact_id, stored.company_id),
                lambda app: app.gifts.custom_occasion(occasion_id),
                lambda app, data, expected: app.gifts.update_custom_occasion(occasion_id, data, expected),
                occasion_form_values)
