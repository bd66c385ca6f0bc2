"""A deal's page (domain §12): the deal, its people and their roles, their needs ranked, our
BATNA, bottom line and exit triggers, the concession log with the warnings each move raised,
the stage history and the timeline (interactions, meals and gifts logged with it, moves, stage
changes). Keys add to each part; t shows the memo of terms, r exports the review."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from clientbook.domain.deals import DealRole, Measure, MoveKind, Side, measure_text
from clientbook.domain.interactions import Kind
from clientbook.domain.money import money_text
from clientbook.i18n import language, t
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.forms.deal import condition_flow, edit_deal_flow, move_flow, need_flow, person_flow, stage_flow
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.page import Page
from clientbook.ui.screens.markdown_export import MarkdownExportScreen, exports_path

WARN = "bold yellow"


def _when(at) -> str:
    return at.strftime("%Y-%m-%d")


def _dim(text: str) -> Text:
    return Text(text or "–", style="" if text else "dim")


def summary_text(deal) -> Text:
    """华为 (A) · 商务谈判 · ¥1,200,000 · 预计 2026-12-20 · 负责人 李明."""
    out = Text()
    out.append(deal.company)
    if deal.grade:
        out.append(f" ({deal.grade})", style="dim")
    out.append(" · ")
    out.append(deal.stage_label, style="bold")
    out.append(" · " + money_text(deal.value))
    if deal.expected_close:
        out.append(" · " + t("dealui.expected_close", date=deal.expected_close.isoformat()))
    if deal.owner:
        out.append(" · " + t("dealui.owned_by", owner=deal.owner))
    if deal.agreed_on:
        out.append(" · " + t("dealui.agreed_on", date=deal.agreed_on.isoformat()))
    if deal.closed_on:
        out.append(" · " + t("dealui.closed_on", date=deal.closed_on.isoformat()))
    return out


def people_text(people) -> Text:
    if not people:
        return Text(t("dealui.people.none"), style="dim")
    out = Text()
    for n, person in enumerate(people):
        if n:
            out.append("\n")
        out.append(person.name, style="bold")
        extra = " · ".join(x for x in (person.address_as, person.title) if x)
        if extra:
            out.append(f" ({extra})", style="dim")
        out.append(" — " + (DealRole(person.role).label() if person.role else t("dealui.role.none")))
    return out


def needs_text(needs) -> Text:
    if not needs:
        return Text(t("dealui.needs.none"), style="dim")
    out = Text()
    for n, need in enumerate(sorted(needs, key=lambda need: need.rank)):
        if n:
            out.append("\n")
        out.append(f"{n + 1}. {need.what}")
        out.append("  " + t("dealui.need.implicit" if need.implicit else "dealui.need.explicit"), style="dim")
    return out


def position_grid(page) -> Table:
    """Our side: BATNA, bottom line, the step rule, the conditions checked, the terms now."""
    deal = page.deal
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(t("dealui.field.batna"), _dim(deal.batna))
    grid.add_row(t("dealui.field.bottom_line"), _dim(deal.bottom_line))
    grid.add_row(t("dealui.step_rule"), Text(t("dealui.step_rule.value", pct=f"{deal.rule_pct:g}")))
    conditions = Text()
    for n, view in enumerate(page.conditions):
        if n:
            conditions.append("\n")
        condition = view.condition
        conditions.append(t("deals.md.field", label=condition.kind.label(), value=condition.text()),
                          style=WARN if view.crossed else "")
        if view.crossed:
            conditions.append("  " + t("dealui.crossed"), style=WARN)
        if condition.note:
            conditions.append(f"  {condition.note}", style="dim")
    grid.add_row(t("dealui.conditions"), conditions if page.conditions else _dim(""))
    terms = " · ".join(f"{Measure(measure).label()} {measure_text(Measure(measure), value)}"
                       for measure, value in page.terms.items())
    grid.add_row(t("dealui.terms_now"), _dim(terms))
    if deal.terms:
        grid.add_row(t("dealui.field.terms"), Text(deal.terms))
    return grid


def move_line(move) -> Text:
    """2026-11-20 我方 让步 降价 3%（换：预付 30%；得到：是）."""
    out = Text(f"{_when(move.at)}  ")
    out.append(f"{Side(move.side).label()} {MoveKind(move.kind).label()}", style="bold")
    out.append(f"  {move.what}")
    if move.measure is not None and move.amount is not None:
        out.append(f"  {Measure(move.measure).label()} {measure_text(Measure(move.measure), move.amount)}", style="cyan")
    for key, value in (("dealui.asked", move.asked), ("dealui.got", move.got), ("dealui.broke", move.resolution)):
        if value:
            out.append("  " + t(key, text=value), style="dim")
    return out


def moves_text(moves) -> Text:
    if not moves:
        return Text(t("dealui.moves.none"), style="dim")
    out = Text()
    for n, view in enumerate(moves):
        if n:
            out.append("\n")
        out.append_text(move_line(view.move))
        for warning in view.warnings:
            out.append("\n    ⚠ " + warning.message(language()), style=WARN)
    return out


def history_text(history) -> Text:
    if not history:
        return Text(t("dealui.history.none"), style="dim")
    return Text(" → ".join(f"{change.label} {_when(change.at)}" for change in history))


def timeline_text(items) -> Text:
    if not items:
        return Text(t("dealui.timeline.none"), style="dim")
    out = Text()
    for n, item in enumerate(items):
        if n:
            out.append("\n")
        out.append(f"{_when(item.at)}  ")
        out.append(_item_kind(item), style="bold")
        if item.people:
            out.append(f"  {item.people}", style="dim")
        out.append(f"  {item.text}")
        if item.warnings:
            out.append(f"  ⚠ {len(item.warnings)}", style=WARN)
    return out


def _item_kind(item) -> str:
    if item.kind == "interaction":
        try:
            return Kind(item.subtype).label()
        except ValueError:
            return item.subtype
    if item.kind == "move":
        return f"{Side(item.side).label()} {MoveKind(item.subtype).label()}"
    return t(f"dealui.timeline.{item.kind}")


class DealScreen(LoadsInWorker, Page):
    CSS_PATH = "../deals.tcss"
    reload_on_return = True
    SUBTITLE_KEY = "dealui.page.subtitle"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="deal.back"),
        Binding("m", "stage", "dealui.key.stage", id="deal.stage"),
        Binding("c", "move", "dealui.key.move", id="deal.move"),
        Binding("p", "person", "dealui.key.person", id="deal.person"),
        Binding("n", "need", "dealui.key.need", id="deal.need"),
        Binding("b", "condition", "dealui.key.condition", id="deal.condition"),
        Binding("t", "memo", "dealui.key.memo", id="deal.memo"),
        Binding("r", "review", "dealui.key.review", id="deal.review"),
        Binding("e", "edit", "key.edit", id="deal.edit"),
    ]

    def __init__(self, deal_id: int) -> None:
        super().__init__()
        self.deal_id = deal_id
        self.page = None  # the DealPage shown, once loaded

    def body(self) -> ComposeResult:
        yield Static(id="deal-title", classes="page-title")
        with VerticalScroll(id="deal-pane"):
            yield Static(id="deal-summary", classes="deal-section")
            yield Static(id="deal-warnings", classes="deal-section")
            for part in ("people", "needs", "position", "moves", "history", "timeline"):
                yield Static(t(f"dealui.section.{part}"), classes="section-title")
                yield Static(id=f"deal-{part}", classes="deal-section")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#deal-pane").focus()

    def load(self, _asked):
        return self.app.deals.deal_page(self.deal_id, self.app.now().date())

    def show(self, page) -> None:
        self.page = page
        self.query_one("#deal-title", Static).update(Text(page.deal.title))
        self.query_one("#deal-summary", Static).update(summary_text(page.deal))
        warnings = self.query_one("#deal-warnings", Static)
        warnings.update(Text("\n".join("⚠ " + w.message(language()) for w in page.warnings), style=WARN))
        warnings.display = bool(page.warnings)
        self.query_one("#deal-people", Static).update(people_text(page.people))
        self.query_one("#deal-needs", Static).update(needs_text(page.needs))
        self.query_one("#deal-position", Static).update(position_grid(page))
        self.query_one("#deal-moves", Static).update(moves_text(page.moves))
        self.query_one("#deal-history", Static).update(history_text(page.history))
        self.query_one("#deal-timeline", Static).update(timeline_text(page.timeline))

    # ------------------------------------------------------------ actions
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        run_flow(self.app, edit_deal_flow(self.deal_id), then=self.reload)

    def action_stage(self) -> None:
        if self.page is not None:
            deal = self.page.deal
            run_flow(self.app, stage_flow(self.deal_id, self.page.stages, deal.stage, deal.title), then=self.reload)

    def action_move(self) -> None:
        run_flow(self.app, move_flow(self.deal_id), then=self.reload)

    def action_person(self) -> None:
        run_flow(self.app, person_flow(self.deal_id), then=self.reload)

    def action_need(self) -> None:
        run_flow(self.app, need_flow(self.deal_id), then=self.reload)

    def action_condition(self) -> None:
        run_flow(self.app, condition_flow(self.deal_id), then=self.reload)

    def action_memo(self) -> None:
        self._export("memo")

    def action_review(self) -> None:
        self._export("review")

    def _export(self, kind: str) -> None:
        if self.page is None:
            return
        deal, lang, deals = self.page.deal, language(), self.app.deals
        read = deals.memo if kind == "memo" else deals.review
        today = self.app.now().date()
        self.app.write(lambda: read(self.deal_id, lang, today),
                       lambda markdown: self.app.push_screen(DealExportScreen(kind, deal, markdown, lang)))


class DealExportScreen(MarkdownExportScreen):
    """A deal's memo of terms or its review, as Markdown: c copies, w saves to exports/."""

    KEYS = "dealui.export.keys"

    def __init__(self, kind: str, deal, markdown: str, lang: str) -> None:
        super().__init__()
        self.kind, self.deal, self.text, self.lang = kind, deal, markdown, lang

    @property
    def markdown(self) -> str:
        return self.text

    def heading(self) -> str:
        return t(f"dealui.export.{self.kind}", title=self.deal.title)

    def path(self) -> Path:
        """exports/deal3-memo-2026-11-26-zh.md."""
        return exports_path(f"deal{self.deal.id}-{self.kind}-{self.app.now():%Y-%m-%d}-{self.lang}.md")
