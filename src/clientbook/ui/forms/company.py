"""The company form."""

from __future__ import annotations

from clientbook.domain.contacts import CompanyInput, validate_company
from clientbook.domain.enums import Grade
from clientbook.i18n import t
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind
from clientbook.ui.widgets.fields import number_text

# The yearly value stays a plain input: validate_company reads it itself, not through parse_money.
COMPANY_FIELDS = [
    Field("name", "field.company_name"),
    Field("grade", "field.grade", kind=Kind.CHOICE, choices=Grade, blank_key="form.ungraded"),
    Field("industry", "field.industry"),
    Field("city", "field.city"),
    Field("address", "field.address"),
    Field("switchboard", "field.switchboard", "ph.switchboard"),
    Field("website", "field.website"),
    Field("yearly_value", "field.yearly_value", "ph.yearly_value"),
    Field("notes", "field.notes", kind=Kind.TEXT),
]


def company_form_values(data: CompanyInput) -> dict[str, str]:
    value = number_text(data.yearly_value)
    return {
        "name": data.name, "grade": data.grade.value if data.grade else "", "industry": data.industry,
        "city": data.city, "address": data.address, "switchboard": data.switchboard, "website": data.website,
        "yearly_value": value, "notes": data.notes,
    }


class CompanyForm(FormScreen[CompanyInput]):
    FIELDS = COMPANY_FIELDS

    def validate(self, raw):
        return validate_company(raw)


def add_company_flow() -> Flow:
    return Flow(lambda app, _nothing: CompanyForm(None, t("form.add_company")),
                save=lambda app, data, _expected: app.contacts.add_company(data, app.now()),
                done=lambda app, _form, data: app.notify(t("company.added", name=data.name)))


def edit_company_flow(company_id: int) -> Flow:
    return Flow(lambda app, data: CompanyForm(company_form_values(data), t("form.edit_company", name=data.name)),
                lambda app: app.contacts.company_input(company_id),
                lambda app, result, expected: app.contacts.update_company(company_id, result, app.now(), expected),
                company_form_values,
                lambda app, _form, result: app.notify(t("company.saved", name=result.name)))
