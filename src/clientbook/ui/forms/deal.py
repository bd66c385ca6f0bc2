"""The deal forms (domain §12): a deal, a person and their role on it, a need, a condition
(bottom line or exit trigger), a move of the negotiation and a move to another stage. They ask
DealsService (app.deals) and save through it; validation is domain/deal_forms.py."""

from __future__ import annotations

from rich.text import Text

from clientbook.domain.deal_forms import Op, validate_condition, validate_deal, validate_move, validate_need, validate_role
from clientbook.domain.deals import ConditionKind, DealRole, Measure, MoveKind, Side
from clientbook.domain.text import FieldError
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.forms.contact import CompanyBox, CompanySuggester
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind
from clientbook.ui.widgets.fields import number_text


# ---------------------------------------------------------------- the deal


def deal_values(data) -> dict[str, str]:
    """A DealInput as the deal form shows it (its company is named by the flow)."""
    return {
        "title": data.title, "value": number_text(data.value), "owner": data.owner,
        "expected_close": data.expected_close.isoformat() if data.expected_close else "",
        "batna": data.batna, "bottom_line": data.bottom_line, "max_step_pct": number_text(data.max_step_pct),
        "terms": data.terms, "notes": data.notes,
    }


class DealForm(FormScreen):
    """Title, company (one of the book's: → takes the one suggested), value, expected close, who
    owns the relationship, our BATNA and bottom line in words, the largest price step, the terms."""

    FIELDS = [
        Field("title", "dealui.field.title", "dealui.ph.title"),
        Field("company", "dealui.field.company", "dealui.ph.company"),
        Field("value", "dealui.field.value", "dealui.ph.value", Kind.MONEY),
        Field("expected_close", "dealui.field.expected_close", "dealui.ph.expected_close", Kind.DATE),
        Field("owner", "dealui.field.owner", "dealui.ph.owner"),
        Field("batna", "dealui.field.batna", "dealui.ph.batna"),
        Field("bottom_line", "dealui.field.bottom_line", "dealui.ph.bottom_line"),
        Field("max_step_pct", "dealui.field.max_step", "dealui.ph.max_step", Kind.NUMBER),
        Field("terms", "dealui.field.terms", kind=Kind.TEXT),
        Field("notes", "dealui.field.notes", kind=Kind.TEXT),
    ]

    def __init__(self, companies: list[tuple[int, str, str]], stage: str, values: dict[str, str] | None = None,
                 title: str = "") -> None:
        super().__init__(values, title)
        self.companies = {name: company_id for company_id, name, _keys in companies}
        self.suggester = CompanySuggester()
        self.suggester.companies = tuple((name, keys) for _id, name, keys in companies)
        self.stage = stage

    def field_widget(self, field: Field):
        if field.name == "company":
            return CompanyBox(self.initial.get("company", ""), t(field.placeholder_key), compact=self.COMPACT,
                              suggester=self.suggester, id="f-company")
        return super().field_widget(field)

    def validate(self, raw):
        return validate_deal(raw, self.companies, self.app.now(), self.stage)


def _companies(app) -> list[tuple[int, str, str]]:
    names = dict(app.contacts.company_names())
    return [(row.id, row.name, names.get(row.name, "")) for row in app.contacts.company_list()]


def new_deal_flow(company: str = "") -> Flow:
    """The deal form; on save, the new deal's page."""

    def read(app):
        return _companies(app), app.deals.stages()

    def form(app, found):
        companies, stages = found
        return DealForm(companies, stages[0].key, {"company": company}, t("dealui.form.new"))

    def done(app, form, data) -> None:
        app.notify(t("dealui.added", title=data.title))
        nav.open_deal(app, form.result)

    return Flow(form, read, lambda app, data, _expected: app.deals.add_deal(data, app.now()), done=done)


def edit_deal_flow(deal_id: int) -> Flow:
    def read(app):
        data = app.deals.deal_input(deal_id)
        companies = _companies(app)
        return data, companies

    def form(app, found):
        data, companies = found
        name = next((name for company_id, name, _keys in companies if company_id == data.company_id), "")
        return DealForm(companies, data.stage, {**deal_values(data), "company": name},
                        t("dealui.form.edit", title=data.title))

    return Flow(form, read, lambda app, data, expected: app.deals.update_deal(deal_id, data, app.now(), expected[0]),
                done=lambda app, _form, _data: app.notify(t("dealui.saved")))


# ---------------------------------------------------------------- on a deal's page


class RoleForm(FormScreen):
    """Who is on the deal and their role: decision maker, user, gatekeeper, coach."""

    FORM_CLASSES = "small-form"
    FIELDS = [
        Field("contact", "dealui.field.person", "log.who_placeholder", Kind.CONTACTS),
        Field("role", "dealui.field.role", kind=Kind.CHOICE, choices=DealRole, blank_key="dealui.role.none"),
    ]

    def validate(self, raw):
        return validate_role(raw, [contact_id for contact_id, _name in self.picked("contact")])


def person_flow(deal_id: int, person=None) -> Flow:
    """Add a person to the deal, or change the role of one on it (`person`: a DealPersonView)."""
    values = {"role": person.role or ""} if person else {}
    picked = {"contact": [(person.contact_id, person.name)]} if person else {}

    def done(app, form, data) -> None:
        app.notify(t("dealui.person_saved"))

    return Flow(lambda app, _nothing: RoleForm(values, Text(t("dealui.form.person")), picked),
                save=lambda app, data, _expected: app.deals.set_person(deal_id, data[0], data[1]), done=done)


class NeedForm(FormScreen):
    FORM_CLASSES = "small-form"
    FIELDS = [
        Field("what", "dealui.field.need", "dealui.ph.need"),
        Field("implicit", "dealui.field.implicit", kind=Kind.CHECK),
        Field("rank", "dealui.field.rank", "dealui.ph.rank", Kind.NUMBER),
    ]

    def validate(self, raw):
        return validate_need(raw)


def need_flow(deal_id: int) -> Flow:
    return Flow(lambda app, _nothing: NeedForm(None, Text(t("dealui.form.need"))),
                save=lambda app, data, _expected: app.deals.add_need(deal_id, data.what, data.implicit, data.rank),
                done=lambda app, _form, _data: app.notify(t("dealui.need_saved")))


class ConditionForm(FormScreen):
    """A bottom line or exit trigger the app checks the terms against: margin under 15%."""

    FORM_CLASSES = "small-form"
    FIELDS = [
        Field("kind", "dealui.field.condition_kind", kind=Kind.CHOICE, choices=ConditionKind),
        Field("measure", "dealui.field.measure", kind=Kind.CHOICE, choices=Measure),
        Field("op", "dealui.field.op", kind=Kind.CHOICE, choices=Op),
        Field("threshold", "dealui.field.threshold", "dealui.ph.threshold", Kind.NUMBER),
        Field("note", "dealui.field.note"),
    ]

    def validate(self, raw):
        return validate_condition(raw)


def condition_flow(deal_id: int) -> Flow:
    return Flow(lambda app, _nothing: ConditionForm({"measure": Measure.MARGIN.value}, Text(t("dealui.form.condition"))),
                save=lambda app, data, _expected: app.deals.add_condition(deal_id, data),
                done=lambda app, _form, _data: app.notify(t("dealui.condition_saved")))


class MoveForm(FormScreen):
    """A demand, a concession or a deadlock, whose side, what, the measure and amount it moves
    (a price step in %), what we asked and got back, how a deadlock broke."""

    FIELDS = [
        Field("kind", "dealui.field.move_kind", kind=Kind.CHOICE, choices=MoveKind),
        Field("side", "dealui.field.side", kind=Kind.CHOICE, choices=Side),
        Field("what", "dealui.field.what", "dealui.ph.what"),
        Field("measure", "dealui.field.measure", kind=Kind.CHOICE, choices=Measure, blank_key="dealui.measure.none"),
        Field("amount", "dealui.field.amount", "dealui.ph.amount", Kind.NUMBER),
        Field("asked", "dealui.field.asked", "dealui.ph.asked"),
        Field("got", "dealui.field.got", "dealui.ph.got"),
        Field("resolution", "dealui.field.resolution", "dealui.ph.resolution"),
        Field("at", "dealui.field.at", "log.when_placeholder", Kind.DATE),
    ]

    def validate(self, raw):
        return validate_move(raw, self.app.now())


def move_flow(deal_id: int) -> Flow:
    """Log a move; once saved, the warnings it raised are said (and stay under it on the page)."""

    def done(app, form, data) -> None:
        warnings = form.result or ()
        if warnings:
            app.notify("\n".join(w.message(language()) for w in warnings), title=t("dealui.move_warned"),
                       severity="warning", timeout=12)
        else:
            app.notify(t("dealui.move_saved", kind=data.kind.label()))

    return Flow(lambda app, _nothing: MoveForm({"kind": MoveKind.CONCESSION.value}, Text(t("dealui.form.move"))),
                save=lambda app, data, _expected: app.deals.add_move(deal_id, data, app.now()), done=done)


class StageForm(FormScreen):
    """The stage to move the deal to (one of the book's list) and a note."""

    FORM_CLASSES = "small-form"
    FIELDS = [
        Field("stage", "dealui.field.stage", kind=Kind.OPTION, blank_key="dealui.stage.choose"),
        Field("note", "dealui.field.note", "dealui.ph.stage_note"),
    ]

    def __init__(self, stages, current: str, title: str) -> None:
        super().__init__({}, title)
        self.stages = [(stage.label, stage.key) for stage in stages if stage.key != current]

    def options(self, field: Field):
        return self.stages

    def validate(self, raw):
        if not raw.get("stage"):
            return None, {"stage": FieldError("form.error.required")}
        return (raw["stage"], raw.get("note", "").strip()), {}


def stage_flow(deal_id: int, stages, current: str, title: str) -> Flow:
    """Move the deal on: to verbal agreement adds the follow-up "get it signed"; won or lost closes it."""

    def done(app, form, data) -> None:
        label = dict((key, label) for label, key in form.stages)[data[0]]
        app.notify(t("dealui.moved", stage=label))

    return Flow(lambda app, _nothing: StageForm(stages, current, t("dealui.form.stage", title=title)),
                save=lambda app, data, _expected: app.deals.move_stage(deal_id, data[0], app.now(), data[1]),
                done=done)
