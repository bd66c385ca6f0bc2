"""Hand a company over to another rep (离职继承, a manager's action on a team book): a choice of
the team's other active reps; the company, its people the owner had and their open follow-ups
move (services/team.py handover)."""

from __future__ import annotations

from clientbook.domain.text import FieldError
from clientbook.i18n import t
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind


class HandoverForm(FormScreen):
    """Dismisses with the chosen rep's id, or None."""

    FIELDS = [Field("to", "team.ui.handover.to", kind=Kind.OPTION, blank_key="team.ui.handover.choose")]
    FORM_CLASSES = "small-form"

    def __init__(self, reps: list[tuple[str, int]], title: str) -> None:
        super().__init__(None, title)
        self.reps = reps

    def options(self, field):
        return self.reps

    def validate(self, raw):
        if not raw.get("to"):
            return None, {"to": FieldError("team.ui.handover.to_missing")}
        return int(raw["to"]), {}


def handover_flow(company_id: int, company: str, owner_id_of) -> Flow:
    """`owner_id_of(app)`: in the read worker, the company's owner now (not offered as the target)."""
    def read(app):
        team = app.team
        owner = owner_id_of(app)
        return owner, [(rep.name or t("team.ui.me"), rep.id) for rep in team.reps() if rep.active and rep.id != owner]

    def form(app, record):
        _owner, reps = record
        return HandoverForm(reps, t("team.ui.handover.title", company=company))

    def save(app, to_rep, record):
        owner, reps = record
        app.team.handover(owner, to_rep, app.now(), company_id=company_id)
        return next(name for name, rep_id in reps if rep_id == to_rep)

    def done(app, form, _to_rep):
        app.notify(t("team.ui.handover.done", company=company, name=form.result))

    return Flow(form, read=read, save=save, done=done)
