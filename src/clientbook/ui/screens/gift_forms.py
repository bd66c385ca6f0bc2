"""The gift forms and their flows (domain §10): the gift form (with the same-gift warning),
one-field prompts (the everyday-gift rhythm, an occasion's lead time) and the custom-occasion
form. The flows ask GiftsService (app.gifts) and save through it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Select, Static

from clientbook.domain.contacts import FieldError
from clientbook.domain.gift_forms import LEAD_MAX_DAYS, parse_rhythm, validate_gift, validate_occasion
from clientbook.domain.gifts.occasions import Occasion, next_occurrence
from clientbook.domain.gifts.policy import BUDGET_RANGES, Treatment
from clientbook.domain.gifts.shopping import same_gift_warning
from clientbook.domain.lunar import format_birthday
from clientbook.i18n import language, t
from clientbook.services.gifts import occasion_label, suggested_gift
from clientbook.ui.base import saving
from clientbook.ui.screens.forms import RecordForm
from clientbook.ui.screens.gift_text import short_day
from clientbook.ui.screens.quick_log import date_hint

# ---------------------------------------------------------------------------------------
# The gift form


class GiftForm(RecordForm):
    """What, value, date given, a note. Warns (and asks for a second ctrl+s) when this very
    gift already went to this person. Dismisses with a GiftInput or None."""

    FIELDS = [
        ("what", "giftui.field.what", "giftui.ph.what", "input"),
        ("value", "giftui.field.value", "giftui.ph.value", "input"),
        ("given_on", "giftui.field.given_on", "giftui.ph.given_on", "input"),
        ("note", "giftui.field.note", "", "input"),
    ]

    def __init__(self, contact_id: int, occasion_key: str | None, past: list, values: dict[str, str] | None = None,
                 title: str = "") -> None:
        super().__init__(values, title)
        self.contact_id = contact_id
        self.occasion_key = occasion_key
        self.past = past
        self._confirmed_for: str | None = None

    def on_mount(self) -> None:
        self.query_one("#form").add_class("small-form")
        super().on_mount()
        self.query_one("#hint-what", Static).add_class("field-warning")

    def warning(self, what: str) -> str | None:
        return same_gift_warning(what, self.past, language())

    def validate(self, raw):
        return validate_gift(raw, self.contact_id, self.occasion_key, self.app.now())

    def _hint(self, name: str, value: str) -> None:
        if name == "what":
            self.query_one("#hint-what", Static).update(Text(self.warning(value) or ""))
        elif name == "given_on":
            hint, ok = date_hint(value, self.app.now())
            self.query_one("#hint-given_on", Static).update(Text(hint if ok else ""))

    def action_save(self) -> None:
        what = self.values()["what"]
        warning = self.warning(what)
        if warning and self._confirmed_for != what:
            data, errors = self.validate(self.values())
            if not errors:
                self._confirmed_for = what
                self.notify(t("giftui.same_gift_confirm", warning=warning), severity="warning")
                return
        super().action_save()


def log_gift_flow(app, contact_id: int, occasion_key: str | None = None, reminder: tuple[str, int] | None = None,
                  values: dict[str, str] | None = None, then=None) -> None:
    """Open the gift form for a contact; on save, record the gift (and its interaction)."""
    found = app.gifts.gift_form(contact_id, language())
    name = found.name
    title = t("giftui.form.title", name=name)
    if occasion_key:
        title = t("giftui.form.title_for", name=name,
                  occasion=occasion_label(occasion_key, language(), found.occasion_names))

    def saved(data) -> None:
        if data is None:
            return
        message = t("giftui.gift_logged", name=name, what=data.what)
        rhythm = form.result
        if rhythm is not None and rhythm.next_on is not None:
            message += " · " + t("giftui.everyday_next", date=short_day(rhythm.next_on))
        app.notify(message)
        if then:
            then()

    form = saving(GiftForm(contact_id, occasion_key, list(found.past), values, Text(title)),
                  lambda data, _expected: app.gifts.log_gift(data, app.now(), reminder))
    app.push_screen(form, saved)


def complete_reminder_flow(app, row, then=None) -> None:
    """x on a reminder (a services.gifts.ReminderRow of a person): a gift opens the gift form
    prefilled; a greeting is logged at once."""
    group, item = row.group, row.item
    if item.treatment is Treatment.GIFT:
        values = {"what": suggested_gift(group.occasion.key)}
        if item.budget_tier is not None:
            values["value"] = str(BUDGET_RANGES[item.budget_tier][0])
        log_gift_flow(app, item.contact_id, group.occasion.key, (group.occasion.key, group.year), values, then)
        return

    def logged(_result) -> None:
        app.notify(t("giftui.greeting_logged", name=item.name, occasion=group.occasion.display_name(language())))
        if then:
            then()

    app.write(lambda: app.gifts.greet(row, app.now()), logged)


# ---------------------------------------------------------------------------------------
# Small prompts: the everyday-gift rhythm, an occasion's lead time


class PromptForm(RecordForm):
    """One field; Enter saves. Dismisses with ("ok", value) or None."""

    FIELDS = [("value", "", "", "input")]

    def __init__(self, label: str, value: str, placeholder: str, parse, title: str = "") -> None:
        super().__init__({"value": value}, title)
        self.label = label
        self.placeholder = placeholder
        self.parse = parse

    def on_mount(self) -> None:
        self.query_one("#form").add_class("small-form")
        self.query_one(".field-label").update(Text(self.label))
        self.query_one("#f-value").placeholder = self.placeholder
        super().on_mount()

    def validate(self, raw):
        return self.parse(raw["value"])

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.action_save()


def _parse_rhythm(text: str):
    try:
        return ("ok", parse_rhythm(text)), {}
    except ValueError:
        return None, {"value": FieldError("giftui.error.rhythm", {"value": text})}


def rhythm_flow(app, contact_id: int, then=None) -> None:
    """Set (or clear) a contact's everyday-gift rhythm: "40-80" days between small gifts."""
    found = app.gifts.rhythm(contact_id)
    rhythm, name = found.rhythm, found.name
    current = f"{rhythm.low}-{rhythm.high}" if rhythm else ""

    def saved(result) -> None:
        if result is None:
            return
        next_on = form.result
        if next_on is None:
            app.notify(t("giftui.rhythm_cleared", name=name))
        else:
            app.notify(t("giftui.rhythm_set", name=name, low=result[1][0], high=result[1][1], date=short_day(next_on)))
        if then:
            then()

    form = saving(PromptForm(t("giftui.field.rhythm"), current, t("giftui.ph.rhythm"), _parse_rhythm,
                             Text(t("giftui.rhythm_title", name=name))),
                  lambda result, _expected: app.gifts.set_rhythm(contact_id, result[1], app.now().date()))
    app.push_screen(form, saved)


def _parse_lead(text: str):
    value = text.strip()
    if value.isdecimal() and int(value) <= LEAD_MAX_DAYS:
        return ("ok", int(value)), {}
    return None, {"value": FieldError("giftui.error.lead_days", {"value": text, "max": LEAD_MAX_DAYS})}


def lead_days_flow(app, key: str, lead: int, then=None) -> None:
    """e on a built-in occasion (or the birthdays): how many days ahead it reminds."""

    def saved(result) -> None:
        if result is not None and then:
            then()

    form = PromptForm(t("giftui.field.lead_days"), str(lead), t("giftui.ph.lead_days"), _parse_lead,
                      Text(t("giftui.lead_title")))
    app.push_screen(saving(form, lambda result, _expected: app.gifts.set_lead_days(key, result[1])), saved)


# ---------------------------------------------------------------------------------------
# Custom occasions


class OccasionForm(RecordForm):
    FIELDS = [
        ("name", "giftui.field.occasion_name", "giftui.ph.occasion_name", "input"),
        ("date", "giftui.field.occasion_date", "giftui.ph.occasion_date", "input"),
        ("yearly", "giftui.field.yearly", "", "select-yearly"),
        ("lead_days", "giftui.field.lead_days", "giftui.ph.lead_days", "input"),
    ]

    def __init__(self, values=None, title="", contact_id: int | None = None, company_id: int | None = None) -> None:
        super().__init__(values, title)
        self.contact_id = contact_id
        self.company_id = company_id

    def on_mount(self) -> None:
        self.query_one("#form").add_class("small-form")
        super().on_mount()

    def _widget(self, name: str, kind: str, placeholder_key: str):
        if kind == "select-yearly":
            return Select([(t("giftui.yearly.yes"), "1"), (t("giftui.yearly.no"), "0")],
                          value=self.initial.get(name) or "1", allow_blank=False, id=f"f-{name}")
        return super()._widget(name, kind, placeholder_key)

    @staticmethod
    def _blank(kind: str) -> str:
        return "1" if kind == "select-yearly" else ""

    def validate(self, raw):
        return validate_occasion(raw, self.contact_id, self.company_id)

    def _hint(self, name: str, value: str) -> None:
        if name != "date":
            return
        self.query_one("#hint-date", Static).update(Text(self._next_text(value)))

    def on_select_changed(self, event: Select.Changed) -> None:
        self._hint("date", self.query_one("#f-date").value)

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


def add_occasion_flow(app, contact_id: int | None = None, company_id: int | None = None, then=None) -> None:
    """A custom occasion: for everyone, for one contact (a child's wedding), or one company."""
    if contact_id is not None or company_id is not None:
        title = t("giftui.occasion.add_for", name=app.gifts.scope_name(contact_id, company_id))
    else:
        title = t("giftui.occasion.add")

    def saved(data) -> None:
        if data is None:
            return
        app.notify(t("giftui.occasion.added", name=data.name))
        if then:
            then()

    app.push_screen(saving(OccasionForm(None, Text(title), contact_id, company_id),
                           lambda data, _expected: app.gifts.add_custom_occasion(data, app.now())), saved)


def edit_occasion_flow(app, occasion_id: int, then=None) -> None:
    """e on a custom occasion: its name, date, yearly and lead time (the scope stays)."""
    stored = app.gifts.custom_occasion(occasion_id)

    def saved(data) -> None:
        if data is not None and then:
            then()

    form = OccasionForm(occasion_form_values(stored), Text(t("giftui.occasion.edit", name=stored.name)),
                        stored.contact_id, stored.company_id)
    app.push_screen(saving(form, lambda data, expected: app.gifts.update_custom_occasion(occasion_id, data, expected),
                           stored, occasion_form_values), saved)
