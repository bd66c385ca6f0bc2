"""The company form."""

from __future__ import annotations

from clientbook.domain.contacts import CompanyInput, validate_company
from clientbook.domain.enums import Grade
from clientbook.i18n import t
from clientbook.ui.base import saving
from clientbook.ui.forms.form import Field, FormScreen, Kind
from clientbook.ui.widgets.fields import number_text

# The yearly value stays a plain input: validate_company reads it itself, not through parse_money.
COMPANY_FIELDS = [
    Field("name", "field.company_name"),
    Field("grade", "field.grade", kind=Kind.CHOICE, choices=Grade, blank_key="form.ungraded"),
    Field("industry", "field.industry"),
    Field("city", "field.city"),
    Field("address", "field.address"),
    Field("yearly_value", "field.yearly_value", "ph.yearly_value"),
    Field("notes", "field.notes", kind=Kind.TEXT),
]


def company_form_values(data: CompanyInput) -> dict[str, str]:
    value = number_text(data.yearly_value)
    return {
        "name": data.name, "grade": data.grade.value if data.grade else "", "industry": data.industry,
        "city": data.city, "address": data.address, "yearly_value": value, "notes": data.notes,
    }


class CompanyForm(FormScreen[CompanyInput]):
    FIELDS = COMPANY_FIELDS

    def validate(self, raw):
        return validate_company(raw)


def add_company_flow(app, then=None) -> None:
    def saved(data: CompanyInput | None) -> None:
        if data is None:
            return
        app.notify(t("company.added", name=data.name))
        if then:
            then()

    app.push_screen(saving(CompanyForm(None, t("form.add_company")),
                           lambda data, _expected: app.contacts.add_company(data, app.now())), saved)


def edit_company_flow(app, company_id: int, then=None) -> None:
    data = app.contacts.company_input(company_id)

    def saved(result: CompanyInput | None) -> None:
        if result is None:
            return
        app.notify(t("company.saved", name=result.name))
        if then:
            then()

    form = CompanyForm(company_form_values(data), t("form.edit_company", name=data.name))
    app.push_screen(saving(form, lambda result, expected: app.contacts.update_company(company_id, result, app.now(), expected),
                           data, company_form_values), saved)
