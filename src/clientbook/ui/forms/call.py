"""A call's forms (domain §11): its preparation, and after the call its review. `c` on a
person runs call_flow, which goes where the call stands: prepare it (then its card opens), log
the prepared call (then review it), or review the call logged."""

from __future__ import annotations

from clientbook.domain.calls import LOG, PREPARE, Attitude, Satisfaction, validate_prep, validate_review
from clientbook.domain.dates import day_text
from clientbook.domain.interactions import Kind as InteractionKind
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.forms.flow import Flow
from clientbook.ui.forms.form import Field, FormScreen, Kind


class CallPrepForm(FormScreen):
    FIELDS = [
        Field("matter", "call.field.matter", "call.ph.matter"),
        Field("our_outcome", "call.field.our_outcome", "call.ph.our_outcome"),
        Field("their_outcome", "call.field.their_outcome", "call.ph.their_outcome"),
        Field("their_attitude", "call.field.their_attitude", "call.ph.their_attitude"),
        Field("tone", "call.field.tone", "call.ph.tone"),
        Field("rehearsal", "call.field.rehearsal", kind=Kind.TEXT),
        # The deal it is about, among the person's open ones; out of sight when they have none.
        Field("deal", "call.card.deal", kind=Kind.OPTION, blank_key="dealui.deal.none"),
    ]

    def __init__(self, values: dict[str, str], title: str, deals=()) -> None:
        super().__init__(values, title)
        self.deals = deals

    def options(self, field: Field):
        return [(deal.label, deal.id) for deal in self.deals] if field.name == "deal" else super().options(field)

    def on_mount(self) -> None:   # Textual runs FormScreen's on_mount as well
        self.offer("deal", self.options(self.FIELDS[-1]))

    def validate(self, raw):
        return validate_prep(raw)


class CallReviewForm(FormScreen):
    FIELDS = [
        Field("attitude", "call.field.attitude", kind=Kind.CHOICE, choices=Attitude, blank_key="call.scale.blank"),
        Field("satisfaction", "call.field.satisfaction", kind=Kind.CHOICE, choices=Satisfaction,
              blank_key="call.scale.blank"),
        Field("differed", "call.field.differed"),
        Field("lesson", "call.field.lesson"),
    ]

    def validate(self, raw):
        return validate_review(raw)


def prep_values(prep) -> dict[str, str]:
    return {"matter": prep.matter, "our_outcome": prep.our_outcome, "their_outcome": prep.their_outcome,
            "their_attitude": prep.their_attitude, "tone": prep.tone, "rehearsal": prep.rehearsal,
            "deal": str(prep.deal_id or "")}


def review_values(prep) -> dict[str, str]:
    return {"attitude": str(prep.attitude or ""), "satisfaction": str(prep.satisfaction or ""),
            "differed": prep.differed, "lesson": prep.lesson}


def call_flow(contact_id: int) -> Flow:
    """`c` on a person: prepare the call, or log the prepared one, or review the one logged."""

    def form(app, step):
        if step.step == PREPARE:
            return prepare_flow(contact_id, step.name, step.deals)
        if step.step == LOG:
            return log_prepared_flow(contact_id, step.name, step.prep.matter)
        return review_flow(step.prep.id)

    return Flow(form, lambda app: app.calls.step(contact_id, app.now()))


def prepare_flow(contact_id: int, name: str, deals=()) -> Flow:
    def done(app, form, _data) -> None:
        app.notify(t("call.prep.saved"))
        nav.open_call_card(app, form.result)

    return Flow(lambda app, _nothing: CallPrepForm({}, t("call.prep.title", name=name), deals),
                save=lambda app, data, _expected: app.calls.add_prep(contact_id, data, app.now()), done=done)


def edit_prep_flow(prep_id: int, name: str) -> Flow:
    return Flow(lambda app, read: CallPrepForm(prep_values(read.prep), t("call.prep.edit", name=name), read.deals),
                lambda app: app.calls.prep_form(prep_id, app.now().date()),
                lambda app, data, read: app.calls.update_prep(prep_id, data, app.now(), read),
                lambda read: prep_values(read.prep), lambda app, _form, _data: app.notify(t("entry.saved")))


def log_prepared_flow(contact_id: int, name: str, matter: str) -> Flow:
    """The quick log of the prepared call (its matter as the note); saved, its review follows."""
    from clientbook.ui.forms.quick_log import QuickLog, log_call, logged

    def form(app, _nothing):
        app.notify(t("call.review.log_first"))
        return QuickLog([(contact_id, name)], {"kind": InteractionKind.CALL.value, "summary": matter})

    return Flow(form, save=log_call, done=logged)


def review_flow(prep_id: int) -> Flow:
    """After the call: their attitude and satisfaction, what differed, the lesson."""
    return Flow(lambda app, card: CallReviewForm(review_values(card.prep), t("call.review.title", name=card.name)),
                lambda app: app.calls.card(prep_id, app.now().date()),
                lambda app, data, _expected: app.calls.review(prep_id, data, app.now()),
                done=lambda app, _form, _data: app.notify(t("call.review.saved")))


def log_inbound_call(app, contact_id: int, name: str, then=None) -> None:
    """An inbound call you were not ready for: logged at once, with a call back due within the hour."""
    now = app.now()
    summary, call_back = t("call.inbound.summary"), t("call.inbound.call_back")

    def done(_interaction_id) -> None:
        from clientbook.domain.calls import call_back_due

        due = call_back_due(now)
        app.notify(t("call.inbound.logged", name=name, due=day_text(due.date(), now.date(), language(), due.time())))
        if then is not None:
            then()

    app.write(lambda: app.calls.log_inbound(contact_id, now, summary, call_back), done)
