"""Gifts and greetings (domain §10): the gift form (with the same-gift warning), the
everyday-gift rhythm, occasion settings and custom occasions, the gift policy editor, and the
gift log. Screens ask the store and services/gifts.py for plain values."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Select, Static

from clientbook.domain.enums import Grade, Position
from clientbook.domain.gift_forms import LEAD_MAX_DAYS, parse_rhythm, validate_gift, validate_occasion
from clientbook.domain.gifts.occasions import BUILTIN_OCCASIONS, Occasion, next_occurrence
from clientbook.domain.gifts.policy import (
    BIRTHDAY_POLICY_KEY,
    BUDGET_RANGES,
    CUSTOM_POLICY_KEY,
    BudgetTier,
    Treatment,
    decide,
)
from clientbook.domain.gifts.shopping import same_gift_warning
from clientbook.domain.contacts import FieldError
from clientbook.domain.dates import weekday_name
from clientbook.domain.lunar import format_birthday
from clientbook.domain.money import money_range, money_text
from clientbook.i18n import language, t
from clientbook.services import gifts as svc
from clientbook.ui.base import ReloadOnReturn, TranslatedBindings, saving
from clientbook.ui.screens.forms import RecordForm
from clientbook.ui.screens.quick_log import date_hint
from clientbook.ui.widgets.tables import PlainTable, RowList

EVERYDAY_KEY = svc.EVERYDAY_KEY


def tier_range(tier: BudgetTier | None) -> str:
    if tier is None:
        return ""
    return money_range(*BUDGET_RANGES[tier])


def decision_text(treatment: Treatment, tier: BudgetTier | None) -> str:
    """送礼 · 标准 / 问候 / 不送."""
    if treatment is Treatment.GIFT and tier is not None:
        return t("giftui.decision.gift", treatment=treatment.label(), tier=tier.label())
    return treatment.label()


def counts_text(group) -> str:
    """送礼 3 · 问候 1, or only the part that is not zero."""
    if group is None:
        return t("giftui.cal.nobody")
    gifts, greetings = len(group.gifts), len(group.greetings)
    if gifts and greetings:
        return t("giftui.cal.counts", gifts=gifts, greetings=greetings)
    if gifts:
        return t("giftui.cal.gifts_only", n=gifts)
    return t("giftui.cal.greetings_only", n=greetings)


def short_day(d: date) -> str:
    return f"{d:%m-%d} {weekday_name(d, language())}"


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


def _past_for_warning(app, contact_id: int) -> list:
    names = svc.custom_names(app.store)
    lang = language()
    past = []
    for what, given_on, key in app.store.past_gifts(contact_id):
        if key and (key.startswith("custom:") or key == EVERYDAY_KEY):
            key = svc.occasion_label(key, lang, names)
        past.append((what, given_on, key))
    return past


def log_gift_flow(app, contact_id: int, occasion_key: str | None = None, reminder: tuple[str, int] | None = None,
                  values: dict[str, str] | None = None, then=None) -> None:
    """Open the gift form for a contact; on save, record the gift (and its interaction)."""
    name = app.store.get_contact(contact_id).contact.name
    names = svc.custom_names(app.store)
    title = t("giftui.form.title", name=name)
    if occasion_key:
        title = t("giftui.form.title_for", name=name, occasion=svc.occasion_label(occasion_key, language(), names))

    def write(data, _expected):
        summary = svc.gift_summary(data.occasion_key, data.what, names=names)
        app.store.record_gift(data, app.now(), summary=summary, reminder=reminder)
        return app.store.everyday_rhythm(contact_id)

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

    form = saving(GiftForm(contact_id, occasion_key, _past_for_warning(app, contact_id), values, Text(title)), write)
    app.push_screen(form, saved)


def complete_reminder_flow(app, group, item, then=None) -> None:
    """x on a reminder: a gift opens the gift form prefilled; a greeting is logged at once."""
    reminder = (group.occasion.key, group.year)
    if item.treatment is Treatment.GIFT:
        values = {"what": svc.suggested_gift(group.occasion.key)}
        if item.budget_tier is not None:
            values["value"] = str(BUDGET_RANGES[item.budget_tier][0])
        log_gift_flow(app, item.contact_id, group.occasion.key, reminder, values, then)
        return

    def logged(_result) -> None:
        app.notify(t("giftui.greeting_logged", name=item.name, occasion=group.occasion.display_name(language())))
        if then:
            then()

    app.write(lambda: app.store.record_greeting(item.contact_id, svc.greeting_summary(group.occasion), app.now(),
                                                reminder), logged)


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
    rhythm = app.store.everyday_rhythm(contact_id)
    name = app.store.get_contact(contact_id).contact.name
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
                  lambda result, _expected: app.store.set_everyday_rhythm(contact_id, result[1], app.now().date()))
    app.push_screen(form, saved)


def _parse_lead(text: str):
    value = text.strip()
    if value.isdecimal() and int(value) <= LEAD_MAX_DAYS:
        return ("ok", int(value)), {}
    return None, {"value": FieldError("giftui.error.lead_days", {"value": text, "max": LEAD_MAX_DAYS})}


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
    if contact_id is not None:
        title = t("giftui.occasion.add_for", name=app.store.get_contact(contact_id).contact.name)
    elif company_id is not None:
        title = t("giftui.occasion.add_for", name=app.store.get_company(company_id).name)
    else:
        title = t("giftui.occasion.add")

    def saved(data) -> None:
        if data is None:
            return
        app.notify(t("giftui.occasion.added", name=data.name))
        if then:
            then()

    app.push_screen(saving(OccasionForm(None, Text(title), contact_id, company_id),
                           lambda data, _expected: app.store.add_custom_occasion(data, app.now())), saved)


def occasion_rule_text(occasion: Occasion) -> str:
    """农历八月十五 / 10月1日 (every year), or the date of a one-off."""
    from clientbook.domain.lunar import Birthday

    if occasion.kind == "festival" and occasion.key == "new_years_eve":
        return t("giftui.rule.new_years_eve")
    rule = format_birthday(Birthday(occasion.calendar, occasion.month, occasion.day,
                                    None if occasion.yearly else occasion.year, occasion.leap), language())
    if occasion.yearly:
        return t("giftui.rule.yearly", rule=rule)
    return t("giftui.rule.once", rule=rule)


def lead_text(days: int) -> str:
    return t("giftui.lead.on_the_day") if days == 0 else t("giftui.lead.days", days=days)


class OccasionsScreen(ReloadOnReturn, TranslatedBindings, Screen):
    """Built-in festivals (on/off, lead time), every birthday, and custom occasions."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="occasions.back"),
        Binding("t,space", "toggle", "giftui.key.toggle", key_display="t", id="occasions.toggle"),
        Binding("e", "edit", "giftui.key.lead", id="occasions.edit"),
        Binding("a", "add", "giftui.key.add_occasion", id="occasions.add"),
        Binding("d", "delete", "giftui.key.delete_occasion", id="occasions.delete"),
        Binding("p", "policy", "giftui.key.policy", id="occasions.policy"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("giftui.occasions.title"), classes="page-title")
        yield Static(t("giftui.occasions.help"), id="occasions-help")
        yield PlainTable(id="occasions", cursor_type="row")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#occasions", DataTable).focus()

    def reload(self) -> None:
        store = self.app.store
        today = self.app.now().date()
        lang = language()
        table = self.query_one("#occasions", DataTable)
        if not table.columns:  # set up here, so a reload can never come before them
            table.add_columns(t("giftui.col.occasion"), t("giftui.col.rule"), t("giftui.col.next"),
                              t("giftui.col.on"), t("giftui.col.lead"), t("giftui.col.for"))
        cursor = table.cursor_row
        table.clear()
        everyone = t("giftui.scope.everyone")
        for occasion in store.builtin_occasions():
            when = next_occurrence(occasion, today)
            table.add_row(occasion.display_name(lang), occasion_rule_text(occasion),
                          svc_date(when, occasion) if when else "—", _on_off(occasion.enabled),
                          lead_text(occasion.lead_days), everyone, key=f"b|{occasion.key}")
        enabled, lead = store.birthday_setting()
        table.add_row(t("giftui.occasions.birthdays"), t("giftui.rule.birthdays"), "—", _on_off(enabled),
                      lead_text(lead), t("giftui.scope.each_contact"), key="b|birthday")
        for row in store.custom_occasions():
            when = next_occurrence(row.occasion, today)
            table.add_row(row.occasion.name, occasion_rule_text(row.occasion),
                          svc_date(when, row.occasion) if when else t("giftui.over"), _on_off(True),
                          lead_text(row.occasion.lead_days), row.scope_name or everyone, key=f"c|{row.id}")
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _selected(self) -> tuple[str, str] | None:
        table = self.query_one("#occasions", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        kind, key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split("|", 1)
        return kind, key

    def _builtin(self, key: str) -> tuple[bool, int]:
        if key == "birthday":
            return self.app.store.birthday_setting()
        occasion = next(o for o in self.app.store.builtin_occasions() if o.key == key)
        return occasion.enabled, occasion.lead_days

    def action_toggle(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        kind, key = selected
        if kind != "b":
            self.notify(t("giftui.occasions.custom_toggle"), severity="warning")
            return
        enabled, lead = self._builtin(key)
        self.app.write(partial(self.app.store.set_occasion_setting, key, not enabled, lead), lambda _: self.reload())

    def action_edit(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        kind, key = selected
        if kind == "c":
            row = next(r for r in self.app.store.custom_occasions() if r.id == int(key))

            def saved(data) -> None:
                if data is not None:
                    self.reload()

            stored = self.app.store.get_custom_occasion(row.id)
            form = OccasionForm(occasion_form_values(stored), Text(t("giftui.occasion.edit", name=row.occasion.name)),
                                row.contact_id, row.company_id)

            def write(data, expected) -> None:
                self.app.store.update_custom_occasion(row.id, data, expected)

            self.app.push_screen(saving(form, write, stored, occasion_form_values), saved)
            return
        enabled, lead = self._builtin(key)

        def lead_saved(result) -> None:
            if result is not None:
                self.reload()

        form = PromptForm(t("giftui.field.lead_days"), str(lead), t("giftui.ph.lead_days"), _parse_lead,
                          Text(t("giftui.lead_title")))
        self.app.push_screen(saving(form, lambda result, _expected: self.app.store.set_occasion_setting(key, enabled,
                                                                                                      result[1])),
                             lead_saved)

    def action_add(self) -> None:
        add_occasion_flow(self.app, then=self.reload)

    def action_delete(self) -> None:
        selected = self._selected()
        if selected is None or selected[0] != "c":
            self.notify(t("giftui.occasions.builtin_delete"), severity="warning")
            return
        row = next(r for r in self.app.store.custom_occasions() if r.id == int(selected[1]))

        def deleted(_) -> None:
            self.notify(t("giftui.occasion.deleted", name=row.occasion.name))
            self.reload()

        self.app.write(partial(self.app.store.archive_custom_occasion, row.id, self.app.now()), deleted)

    def action_policy(self) -> None:
        selected = self._selected()
        key = None
        if selected is not None:
            key = BIRTHDAY_POLICY_KEY if selected == ("b", "birthday") else (
                selected[1] if selected[0] == "b" else f"custom:{selected[1]}")
        self.app.push_screen(PolicyScreen(key))

    def action_back(self) -> None:
        self.app.pop_screen()


def svc_date(d: date, occasion: Occasion) -> str:
    from clientbook.domain.gifts.occasions import format_occasion_date

    return format_occasion_date(d, occasion, language())


def _on_off(enabled: bool) -> Text:
    return Text(t("giftui.on"), style="green") if enabled else Text(t("giftui.off"), style="dim")


# ---------------------------------------------------------------------------------------
# The policy editor: company grade × position tier, per occasion

CYCLE: list[tuple[Treatment, BudgetTier | None]] = [
    (Treatment.GIFT, BudgetTier.SMALL),
    (Treatment.GIFT, BudgetTier.STANDARD),
    (Treatment.GIFT, BudgetTier.PREMIUM),
    (Treatment.GIFT, BudgetTier.SPECIAL),
    (Treatment.GREETING, None),
    (Treatment.NONE, None),
]
POSITIONS = (Position.BOSS, Position.MANAGER, Position.STAFF, Position.CLERK)


def next_decision(current: tuple[Treatment, BudgetTier | None], step: int = 1) -> tuple[Treatment, BudgetTier | None]:
    index = CYCLE.index(current) if current in CYCLE else -1
    return CYCLE[(index + step) % len(CYCLE)]


def policy_keys(store) -> list[tuple[str, str]]:
    """(policy key, name) of every occasion the policy can be edited for."""
    lang = language()
    keys = [(o.key, o.display_name(lang)) for o in BUILTIN_OCCASIONS]
    keys.append((BIRTHDAY_POLICY_KEY, t("giftui.occasions.birthdays")))
    keys.append((CUSTOM_POLICY_KEY, t("giftui.policy.custom_default")))
    keys += [(row.occasion.key, row.occasion.name) for row in store.custom_occasions()]
    return keys


class PolicyScreen(TranslatedBindings, Screen):
    """Who gets what on one occasion: a grid of company grade × position tier; Enter or space
    cycles a cell (gift small → standard → premium → special → greeting → nothing), r resets it
    to the default, o / O move to the next / previous occasion."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="policy.back"),
        Binding("space,enter", "cycle(1)", "giftui.key.cycle", key_display="space", id="policy.cycle"),
        Binding("b", "cycle(-1)", "giftui.key.cycle_back", id="policy.cycle_back"),
        Binding("r", "reset", "giftui.key.reset", id="policy.reset"),
        Binding("o", "occasion(1)", "giftui.key.next_occasion", id="policy.next"),
        Binding("O", "occasion(-1)", "giftui.key.prev_occasion", key_display="O", id="policy.prev"),
    ]

    def __init__(self, occasion_key: str | None = None) -> None:
        super().__init__()
        self.start_key = occasion_key

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="policy-title", classes="page-title")
        yield PlainTable(id="policy", cursor_type="cell")
        yield Static(id="policy-legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.keys = policy_keys(self.app.store)
        found = [i for i, (k, _n) in enumerate(self.keys) if k == self.start_key]
        self.index = found[0] if found else next(i for i, (k, _n) in enumerate(self.keys) if k == "mid_autumn")
        table = self.query_one("#policy", DataTable)
        table.add_column(t("giftui.col.grade"), key="grade")
        for position in POSITIONS:
            table.add_column(t(f"giftui.pos.{position.value}"), key=position.value)
        legend = " · ".join(f"{tier.label()} {tier_range(tier)}" for tier in BudgetTier)
        self.query_one("#policy-legend", Static).update(Text(t("giftui.policy.legend", tiers=legend)))
        self.reload()
        table.focus()
        table.move_cursor(row=0, column=1)

    @property
    def key(self) -> str:
        return self.keys[self.index][0]

    def reload(self) -> None:
        key, name = self.keys[self.index]
        self.query_one("#policy-title", Static).update(
            Text(t("giftui.policy.title", occasion=name, n=self.index + 1, total=len(self.keys))))
        policy = svc.effective_policy(self.app.store)
        edited = {(r.occasion_key, r.grade, r.position) for r in self.app.store.policy_rules()}
        table = self.query_one("#policy", DataTable)
        cursor = table.cursor_coordinate
        table.clear()
        for grade in Grade:
            cells = [Text(grade.value, style="bold")]
            for position in POSITIONS:
                treatment, tier = decide(policy, key, grade, position)
                style = {Treatment.GIFT: "green", Treatment.GREETING: "yellow", Treatment.NONE: "dim"}[treatment]
                label = decision_text(treatment, tier) if treatment is not Treatment.NONE else "—"
                if (key, grade, position) in edited:
                    label += " *"
                cells.append(Text(label, style=style))
            table.add_row(*cells, key=grade.value)
        table.cursor_coordinate = cursor

    def _cell(self) -> tuple[Grade, Position] | None:
        table = self.query_one("#policy", DataTable)
        row, column = table.cursor_coordinate
        if column == 0 or not table.row_count:
            return None
        return list(Grade)[row], POSITIONS[column - 1]

    def action_cycle(self, step: int) -> None:
        cell = self._cell()
        if cell is None:
            return
        grade, position = cell
        current = decide(svc.effective_policy(self.app.store), self.key, grade, position)
        treatment, tier = next_decision(current, step)
        self.app.write(partial(self.app.store.set_policy_cell, self.key, grade, position, treatment, tier),
                       lambda _: self.reload())

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()  # Enter is bound to cycle already

    def action_reset(self) -> None:
        cell = self._cell()
        if cell is not None:
            self.app.write(partial(self.app.store.reset_policy_cell, self.key, *cell), lambda _: self.reload())

    def action_occasion(self, step: int) -> None:
        self.index = (self.index + step) % len(self.keys)
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()


# ---------------------------------------------------------------------------------------
# The gift log


class GiftLogScreen(ReloadOnReturn, TranslatedBindings, Screen):
    """Every gift given, newest first, and this year's spend per company."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="giftlog.back"),
        Binding("enter", "open", "key.open", id="giftlog.open", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("giftui.log.title"), classes="page-title")
        yield Static(id="gift-spend")
        yield PlainTable(id="gifts", cursor_type="row")
        yield Static(t("giftui.log.empty"), id="gifts-empty", classes="empty-state")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#gifts", DataTable).focus()

    def reload(self) -> None:
        store = self.app.store
        names = svc.custom_names(store)
        lang = language()
        table = self.query_one("#gifts", DataTable)
        if not table.columns:  # set up here, so a reload can never come before them
            table.add_columns(t("giftui.col.given_on"), t("giftui.col.to"), t("giftui.col.what"),
                              t("giftui.col.occasion"), t("giftui.col.value"))
        table.clear()
        for gift in store.gifts():
            who = gift.contact_name + (f" · {gift.company}" if gift.company else "")
            table.add_row(gift.given_on.isoformat(), who, gift.what, svc.occasion_label(gift.occasion_key, lang, names),
                          money_text(gift.value), key=f"{gift.id}|{gift.contact_id}")
        self.query_one("#gifts-empty", Static).display = table.row_count == 0
        self.query_one("#gift-spend", Static).update(Text(spend_text(store.gift_spend(), self.app.now().year)))

    def action_open(self) -> None:
        table = self.query_one("#gifts", DataTable)
        if not table.row_count or table.cursor_row is None:
            return
        contact_id = int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split("|")[1])
        from clientbook.ui.screens.contact import ContactScreen

        self.app.push_screen(ContactScreen(contact_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.app.pop_screen()


def spend_text(spend: dict, year: int) -> str:
    """This year's gift spend, per company, largest first (and last year's total)."""
    this_year = sorted(((c, v) for (c, y), v in spend.items() if y == year), key=lambda cv: -cv[1])
    last_year = sum(v for (c, y), v in spend.items() if y == year - 1)
    if this_year:
        parts = " · ".join(f"{company or t('giftui.spend.no_company')} {money_text(value)}" for company, value in this_year)
        text = t("giftui.spend.line", year=year, total=money_text(sum(v for _c, v in this_year)), parts=parts)
    else:
        text = t("giftui.spend.none", year=year)
    if last_year:
        text += t("giftui.spend.last_year", year=year - 1, total=money_text(last_year))
    return text


def company_spend_text(spend: dict) -> str:
    """Per year, newest first: 2026 ¥3,450 · 2025 ¥1,200."""
    by_year: dict[int, float] = {}
    for (_company, year), value in spend.items():
        by_year[year] = by_year.get(year, 0.0) + value
    if not by_year:
        return t("giftui.company_spend.none")
    return t("giftui.company_spend.line",
             years=" · ".join(f"{year} {money_text(value)}" for year, value in sorted(by_year.items(), reverse=True)))


def contact_gift_line(found) -> str:
    """Gifts to this person (count, total, the latest) and the everyday-gift rhythm, from a
    services.contacts.ContactGifts."""
    gifts, names = found.gifts, found.occasion_names
    lang = language()
    if gifts:
        latest = gifts[0]
        total = sum(g.value for g in gifts if g.value is not None)
        line = t("giftui.contact.gifts", count=len(gifts), total=money_text(total), date=latest.given_on.isoformat(),
                 what=latest.what, occasion=svc.occasion_label(latest.occasion_key, lang, names))
    else:
        line = t("giftui.contact.no_gifts")
    rhythm = found.rhythm
    if rhythm is not None:
        next_on = short_day(rhythm.next_on) if rhythm.next_on else "—"
        line += " · " + t("giftui.contact.rhythm", low=rhythm.low, high=rhythm.high, date=next_on)
    return line


# ---------------------------------------------------------------------------------------
# Today's reminders: rows and their keys (x done, k skip, z / w snooze)

SNOOZE_DAYS = {"1d": 1, "1w": 7}
GROUP_ROWS = 60  # people shown per occasion on Today; the rest follow as these are done


class ReminderRows(dict):
    """Row key -> (group, item) or EverydayDue; `people`: how many are due in all."""

    people = 0


def add_reminder_rows(table: DataTable | RowList, store, today: date, reminders=None) -> ReminderRows:
    """Add Today's gift and greeting reminders to `table` (or Today's RowList): per occasion a header row, then one
    row per person keyed g:<occasion_key>:<year>:<contact_id>; everyday gifts keyed
    e:<contact_id>. Returns row key -> (group, item) or EverydayDue, for the actions.
    `reminders`: already computed (Today computes them in a worker), else computed here."""
    lang = language()
    if reminders is None:
        reminders = svc.gift_reminders(store, today)
    rows = ReminderRows()
    rows.people = reminders.people
    for group in reminders.groups:
        occasion = group.occasion
        style = "bold magenta" if occasion.kind == "festival" else "bold"
        counts = counts_text(group)
        table.add_row(Text(f"{occasion.display_name(lang)} ({len(group.items)})", style=style),
                      Text(f"{group.date_text(lang)} · {svc.countdown(group.days_left)}", style=style),
                      Text(counts, style="dim"), key=f"h:gift:{occasion.key}:{group.year}")
        for item in group.items[:GROUP_ROWS]:
            key = f"g:{occasion.key}:{group.year}:{item.contact_id}"
            style = "green" if item.treatment is Treatment.GIFT else "yellow"
            table.add_row(Text("  " + decision_text(item.treatment, item.budget_tier), style=style),
                          item.name + (f" · {item.company}" if item.company else ""),
                          tier_range(item.budget_tier) if item.treatment is Treatment.GIFT else t("giftui.greeting_hint"),
                          key=key)
            rows[key] = (group, item)
        if len(group.items) > GROUP_ROWS:
            table.add_row("", Text(t("giftui.more_rows", n=len(group.items) - GROUP_ROWS), style="dim"), "",
                          key=f"h:more:{occasion.key}:{group.year}")
    if reminders.everyday:
        table.add_row(Text(f"{t('giftui.everyday')} ({len(reminders.everyday)})", style="bold"), "", "",
                      key="h:everyday")
        for due in reminders.everyday:
            key = f"e:{due.contact_id}"
            when = short_day(due.due) if due.due >= today else t("giftui.overdue_since", date=short_day(due.due))
            table.add_row(Text("  " + when, style="red" if due.due < today else ""),
                          due.name + (f" · {due.company}" if due.company else ""),
                          t("giftui.everyday_rhythm", low=due.low, high=due.high), key=key)
            rows[key] = due
    return rows


def reminder_action(app, row: object, action: str, choice: str | None = None, then=None) -> None:
    """done / skip / snooze on a reminder row (a (group, item) pair or an EverydayDue)."""
    now = app.now()
    today = now.date()
    if isinstance(row, tuple):
        group, item = row
        key, year = group.occasion.key, group.year
        if action == "done":
            complete_reminder_flow(app, group, item, then)
            return
        if action == "skip":
            work = partial(app.store.set_reminder_state, key, year, item.contact_id, "skipped", now)
            said = t("giftui.skipped", name=item.name, occasion=group.occasion.display_name(language()))
        else:
            until = min(today + timedelta(days=SNOOZE_DAYS[choice or "1d"]), group.date)
            if until <= today:
                app.notify(t("giftui.snooze_on_the_day"), severity="warning")
                return
            work = partial(app.store.set_reminder_state, key, year, item.contact_id, "snoozed", now, until)
            said = t("today.snoozed", date=short_day(until))
    else:
        due = row
        if action == "done":
            log_gift_flow(app, due.contact_id, EVERYDAY_KEY, None, None, then)
            return
        if action == "skip":
            work = partial(app.store.redraw_everyday, due.contact_id, today)
            said = None  # names the next day the store drew
        else:
            until = today + timedelta(days=SNOOZE_DAYS[choice or "1d"])
            work = partial(app.store.snooze_everyday, due.contact_id, until)
            said = t("today.snoozed", date=short_day(until))

    def done(result) -> None:
        if said is None:
            app.notify(t("giftui.everyday_skipped", name=due.name, date=short_day(result) if result else "—"))
        else:
            app.notify(said)
        if then:
            then()

    app.write(work, done)
