"""The gift form (with the same-gift warning) and the gift flows (domain §10): log a gift, the
gift a reminder asks for, the everyday-gift rhythm and an occasion's lead time. They ask
GiftsService (app.gifts) and save through it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from clientbook.domain.dates import day_text
from clientbook.domain.gift_forms import LEAD_MAX_DAYS, parse_rhythm, validate_gift
from clientbook.domain.gifts.policy import BUDGET_RANGES
from clientbook.domain.gifts.shopping import same_gift_warning
from clientbook.domain.text import FieldError
from clientbook.i18n import language, t
from clientbook.services.gifts import occasion_label, suggested_gift
from clientbook.ui.forms.deal_choice import DEAL_FIELD, DealChoice
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind, date_hint
from clientbook.ui.forms.prompt import PromptForm


class GiftForm(DealChoice, FormScreen):
    """What, value, date given, a note. Warns (and asks for a second ctrl+s) when this very
    gift already went to this person. Dismisses with a GiftInput or None."""

    FIELDS = [
        Field("what", "giftui.field.what", "giftui.ph.what"),
        Field("value", "giftui.field.value", "giftui.ph.value"),
        Field("given_on", "giftui.field.given_on", "giftui.ph.given_on", Kind.DATE),
        Field("note", "giftui.field.note"),
        DEAL_FIELD,  # shown when the person has open deals
    ]
    FORM_CLASSES = "small-form"

    def __init__(self, contact_id: int, occasion_key: str | None, past: list, values: dict[str, str] | None = None,
                 title: str | Text = "") -> None:
        super().__init__(values, title)
        self.contact_id = contact_id
        self.occasion_key = occasion_key
        self.past = past
        self._confirmed_for: str | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#hint-what", Static).add_class("field-warning")

    def deal_people(self) -> list[int]:
        return [self.contact_id]

    def warning(self, what: str) -> str | None:
        return same_gift_warning(what, self.past, language())

    def validate(self, raw):
        return validate_gift(raw, self.contact_id, self.occasion_key, self.app.now())

    def hint(self, name: str, value: str) -> None:
        """Under what: the same-gift warning; under the date: how it was read (its error waits for save)."""
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


def log_gift_flow(contact_id: int, occasion_key: str | None = None, reminder: tuple[str, int] | None = None,
                  values: dict[str, str] | None = None) -> Flow:
    """The gift form for a contact; on save, the gift (and its interaction) is recorded."""

    def form(app, found) -> GiftForm:
        title = t("giftui.form.title", name=found.name)
        if occasion_key:
            title = t("giftui.form.title_for", name=found.name,
                      occasion=occasion_label(occasion_key, language(), found.occasion_names))
        return GiftForm(contact_id, occasion_key, list(found.past), values, Text(title))

    def done(app, form, data) -> None:
        message = t("giftui.gift_logged", name=form.expected.name, what=data.what)
        rhythm = form.result
        if rhythm is not None and rhythm.next_on is not None:
            message += " · " + t("giftui.everyday_next", date=day_text(rhythm.next_on, app.now().date(), language()))
        app.notify(message)

    def read(app):
        return app.gifts.gift_form(contact_id, language())

    return Flow(form, read, lambda app, data, _expected: app.gifts.log_gift(data, app.now(), reminder), done=done)


def reminder_gift_flow(row) -> Flow:
    """x on a gift reminder (a services.gifts.ReminderRow of a person): the gift form, prefilled
    with the occasion's usual gift and the low end of the person's budget."""
    group, item = row.group, row.item
    values = {"what": suggested_gift(group.occasion.key)}
    if item.budget_tier is not None:
        values["value"] = str(BUDGET_RANGES[item.budget_tier][0])
    return log_gift_flow(item.contact_id, group.occasion.key, (group.occasion.key, group.year), values)


# ---------------------------------------------------------------------------------------
# One-field prompts: the everyday-gift rhythm, an occasion's lead time


def _parse_rhythm(text: str):
    try:
        return parse_rhythm(text), {}
    except ValueError:
        return None, {"value": FieldError("giftui.error.rhythm", {"value": text})}


def rhythm_flow(contact_id: int) -> Flow:
    """Set (or clear) a contact's everyday-gift rhythm: "40-80" days between small gifts."""

    def form(app, found) -> PromptForm:
        rhythm = found.rhythm
        current = f"{rhythm.low}-{rhythm.high}" if rhythm else ""
        return PromptForm("giftui.field.rhythm", current, "giftui.ph.rhythm", _parse_rhythm,
                          Text(t("giftui.rhythm_title", name=found.name)))

    def done(app, form, result) -> None:
        name, next_on = form.expected.name, form.result
        if next_on is None:
            app.notify(t("giftui.rhythm_cleared", name=name))
        else:
            app.notify(t("giftui.rhythm_set", name=name, low=result[1][0], high=result[1][1], date=day_text(next_on, app.now().date(), language())))

    return Flow(form, lambda app: app.gifts.rhythm(contact_id),
                lambda app, result, _expected: app.gifts.set_rhythm(contact_id, result[1], app.now().date()),
                done=done)


def _parse_lead(text: str):
    value = text.strip()
    if value.isdecimal() and int(value) <= LEAD_MAX_DAYS:
        return int(value), {}
    return None, {"value": FieldError("giftui.error.lead_days", {"value": text, "max": LEAD_MAX_DAYS})}


def lead_days_flow(key: str, lead: int) -> Flow:
    """e on a built-in occasion (or the birthdays): how many days ahead it reminds."""
    return Flow(lambda app, _nothing: PromptForm("giftui.field.lead_days", str(lead), "giftui.ph.lead_days",
                                                   _parse_lead, Text(t("giftui.lead_title"))),
                save=lambda app, result, _expected: app.gifts.set_lead_days(key, result[1]))
