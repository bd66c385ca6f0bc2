"""A call's card (domain §11), one screen at 80×24: who and how to address them, the matter,
the outcome each side wants, their likely attitude, our tone, the rehearsal notes; and what to
have at hand — the promises open either way, the last contacts, the lessons of earlier calls
with them, the deal's terms. Once the call is done, `c` logs it and asks its review."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from clientbook.domain.calls import Attitude, Satisfaction, scale_text
from clientbook.domain.dates import day_text
from clientbook.domain.interactions import Kind
from clientbook.i18n import language, t
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.forms.call import call_flow, edit_prep_flow
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.page import Page


def _when(at: datetime, has_time: bool, today) -> str:
    return day_text(at.date(), today, language(), at.time() if has_time else None, weekday=False)


def card_head(card) -> Text:
    """"张伟 · 称呼 张总" and, dimmed, title · company · phone."""
    head = Text(card.name, style="bold")
    if card.address_as:
        head.append("  " + t("call.card.address_as", address_as=card.address_as), style="bold cyan")
    facts = " · ".join(x for x in (card.title, card.company, card.phone) if x)
    if facts:
        head.append("\n" + facts, style="dim")
    return head


def card_body(card, now: datetime) -> Group:
    """The plan, then what to have at hand, as label → value rows (every user text wrapped in Text)."""
    today = now.date()
    prep, hand = card.prep, card.at_hand
    plan = Table.grid(padding=(0, 2))
    plan.add_column(style="bold", no_wrap=True)
    plan.add_column(ratio=1)
    for name in ("matter", "our_outcome", "their_outcome", "their_attitude", "tone", "rehearsal"):
        value = getattr(prep, name)
        if value or name == "matter":
            plan.add_row(t(f"call.field.{name}"), Text(value))

    hand_rows = Table.grid(padding=(0, 2))
    hand_rows.add_column(style="bold", no_wrap=True)
    hand_rows.add_column(ratio=1)

    def rows(label: str, lines: list[Text]) -> None:
        for n, line in enumerate(lines or [Text(t("call.card.none"), style="dim")]):
            hand_rows.add_row(label if n == 0 else "", line)

    def followup(f) -> Text:
        return Text(f"{day_text(f.due, today, language(), f.due_time, weekday=False)}  {f.what}",
                    style="red" if f.due < today else "")

    rows(t("call.card.ours"), [followup(f) for f in hand.ours])
    rows(t("call.card.theirs"), [followup(f) for f in hand.theirs])
    if hand.more_open:
        hand_rows.add_row("", Text(t("call.card.more_open", n=hand.more_open), style="dim"))
    rows(t("call.card.recent"), [Text(f"{_when(i.at, i.has_time, today)}  {Kind(i.kind).label()} · {i.summary}")
                                 for i in hand.recent])
    rows(t("call.card.lessons"), [
        Text(t("call.card.lesson_line", when=_when(x.at, False, today), matter=x.matter, lesson=x.lesson,
               attitude=scale_text(Attitude, x.attitude), satisfaction=scale_text(Satisfaction, x.satisfaction)),
             style="yellow")
        for x in hand.lessons])
    if card.deal is not None:   # the deal it is about: where it stands, the terms on the table
        deal = card.deal
        hand_rows.add_row(t("call.card.deal"), Text(f"{deal.title} · {deal.stage}", style="bold"))
        terms = "  ".join(f"{measure} {value}" for measure, value in deal.terms)
        for line in filter(None, [terms, *deal.agreed.splitlines()]):
            hand_rows.add_row("", Text(line))
    return Group(plan, Text(""), Text(t("call.card.at_hand"), style="bold underline"), hand_rows)


def card_status(card) -> Text:
    """Where the call stands: prepared, called (to review), or reviewed with its judgement."""
    prep = card.prep
    if prep.reviewed_at is not None:
        status = Text(t("call.card.reviewed", attitude=scale_text(Attitude, prep.attitude),
                        satisfaction=scale_text(Satisfaction, prep.satisfaction)), style="green")
        for key, value in (("call.card.differed", prep.differed), ("call.card.lesson", prep.lesson)):
            if value:
                status.append("\n" + t(key, text=value))
        return status
    when = prep.created_at.strftime("%m-%d %H:%M")
    key = "call.card.prepared" if prep.interaction_id is None else "call.card.called"
    return Text(t(key, when=when), style="bold yellow")


class CallCardScreen(LoadsInWorker, Page):
    SUBTITLE_KEY = "call.card.subtitle"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="call.back"),
        Binding("c", "call_done", "call.key.done", id="call.done"),
        Binding("e", "edit", "key.edit", id="call.edit"),
    ]

    def __init__(self, prep_id: int) -> None:
        super().__init__()
        self.prep_id = prep_id
        self.card = None

    def body(self) -> ComposeResult:
        yield Static(id="call-head", classes="page-title")
        with VerticalScroll(id="call-card"):
            yield Static(id="call-body")
        yield Static(id="call-status")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#call-card").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def load(self, _asked):
        return self.app.calls.card(self.prep_id, self.app.now().date())

    def show(self, card) -> None:
        self.card = card
        self.query_one("#call-head", Static).update(card_head(card))
        self.query_one("#call-body", Static).update(card_body(card, self.app.now()))
        self.query_one("#call-status", Static).update(card_status(card))

    def action_call_done(self) -> None:
        if self.card is not None:
            run_flow(self.app, call_flow(self.card.contact_id), then=self.reload)

    def action_edit(self) -> None:
        if self.card is not None:
            run_flow(self.app, edit_prep_flow(self.prep_id, self.card.name), then=self.reload)

    def action_back(self) -> None:
        self.app.pop_screen()
