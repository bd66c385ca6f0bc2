"""Insights (8): the book at a glance. The grade × level matrix against the target levels (Enter
on a cell lists those contacts), stay-in-touch health per grade and its 12 weeks, the activity
and kept promises per week, and the spend per month with the 80/20 of the top ten; `r` shows the
weekly report (copyable, saveable). Charts are Textual's own Sparkline: one row each reads at
80×24, and it costs no import beyond Textual (textual-plotext's plots need ~10 rows apiece)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.insights import ACTIVITY_KINDS, GRADE_ROWS, HealthCounts, week_period
from clientbook.domain.insights_report import report_markdown
from clientbook.domain.money import money_short, money_text
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker, TranslatedBindings
from clientbook.ui.page import Page
from clientbook.ui.screens.markdown_export import MarkdownExportScreen, exports_path
from clientbook.ui.widgets.footer import KeysFooter
from clientbook.ui.widgets.tables import PlainTable

LEVELS = list(Level)
HEALTH_ROWS = tuple(grade.value for grade in Grade)


def grade_name(grade: str | None) -> str:
    return grade or t("insights.no_grade")


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def health_line(grade: str, counts) -> Text:
    line = Text(f"{grade}  ", style="bold")
    line.append(t("insights.health.line", within=counts.within, due=counts.due, overdue=counts.overdue))
    return line


def promise_line(tallies) -> Text:
    ours = sum(p.ours for p in tallies)
    theirs = sum(p.theirs for p in tallies)
    return Text(t("insights.promises", ours=percent(sum(p.ours_kept for p in tallies) / ours if ours else None),
                  theirs=percent(sum(p.theirs_kept for p in tallies) / theirs if theirs else None),
                  n_ours=ours, n_theirs=theirs))


def top_lines(spend) -> Text:
    out = Text()
    for n, top in enumerate(spend.top, 1):
        mark = "" if top.fair is None or top.fair else " ⚠"
        out.append(f"{n:>2}. {top.name} ({grade_name(top.grade)}) {money_text(top.spend)}"
                   f" · {t('insights.top.share', spend=percent(top.spend_share), value=percent(top.value_share))}"
                   f"{mark}\n", style="yellow" if mark else "")
    shares = " · ".join(f"{grade} {percent(mine)}/{percent(fair)}" for grade, (mine, fair) in spend.grade_shares.items())
    out.append(t("insights.grade_shares", shares=shares), style="dim")
    return out


def trend_line(trend) -> Text:
    """A contact's relationship trend in one line: each level change with its day (the marks'
    highest and direction show on the line above it, contact.marks)."""
    if not trend.levels:
        return Text(t("insights.trend.none"), style="dim")
    shown = trend.levels[-3:]
    steps = [Level(shown[0][1]).label()]
    steps += [f"{Level(new).label()} ({day:%Y-%m-%d})" for day, _old, new in shown]
    return Text(t("insights.trend", steps=" → ".join(steps)))


class InsightsScreen(LoadsInWorker, Page):
    CSS_PATH = "../insights.tcss"
    reload_on_return = True
    SUBTITLE_KEY = "insights.title"
    BINDINGS = [
        Binding("enter", "cell", "insights.key.cell", id="insights.cell", show=False),
        Binding("r", "report", "insights.key.report", id="insights.report"),
    ]

    def body(self) -> ComposeResult:
        with VerticalScroll(id="insights"):
            yield Static(t("insights.matrix.title"), classes="insights-title")
            yield PlainTable(id="ins-matrix", cursor_type="cell")
            yield Static(t("insights.health.title"), classes="insights-title")
            for grade in HEALTH_ROWS:
                with Horizontal(classes="insights-row"):
                    yield Static(id=f"ins-health-{grade}", classes="insights-label")
                    yield Sparkline([], id=f"ins-health-trend-{grade}", classes="insights-spark")
            yield Static(t("insights.activity.title"), classes="insights-title")
            for kind in ACTIVITY_KINDS:
                with Horizontal(classes="insights-row"):
                    yield Static(id=f"ins-act-{kind.value}", classes="insights-label")
                    yield Sparkline([], id=f"ins-act-trend-{kind.value}", classes="insights-spark")
            yield Static(id="ins-promises", classes="insights-line")
            yield Static(t("insights.spend.title"), classes="insights-title")
            with Horizontal(classes="insights-row"):
                yield Static(id="ins-spend-month", classes="insights-label")
                yield Sparkline([], id="ins-spend-trend", classes="insights-spark")
            yield Static(id="ins-budget", classes="insights-line")
            yield Static(id="ins-top", classes="insights-line")

    def on_mount(self) -> None:
        table = self.query_one("#ins-matrix", PlainTable)
        table.add_columns(t("col.grade"), *(str(int(level)) for level in LEVELS),
                          t("insights.col.target"), t("insights.col.below"))
        self.reload()
        table.focus()

    def ask(self):
        return self.app.now().date()

    def load(self, today: date):
        service = self._service()
        return service.matrix(), service.health(today), service.activity(today), service.spend(today)

    def _service(self):
        return self.app.insights

    def show(self, view) -> None:
        matrix, health, activity, spend = view
        table = self.query_one("#ins-matrix", PlainTable)
        table.fill([((Text(grade_name(grade), style="bold"),
                      *(Text(str(matrix.count(grade, int(level)) or "·"),
                             style="bold green" if _in_target(matrix, grade, level) else "")
                        for level in LEVELS),
                      "{}–{}".format(*matrix.targets[grade]), str(matrix.below.get(grade, 0))),
                     grade or "-") for grade in GRADE_ROWS])
        for grade in HEALTH_ROWS:
            self.query_one(f"#ins-health-{grade}", Static).update(health_line(grade, health.now.get(grade, HealthCounts())))
            self.query_one(f"#ins-health-trend-{grade}", Sparkline).data = [
                week.get(grade, HealthCounts()).overdue_share for week in health.trend]
        for kind in ACTIVITY_KINDS:
            counts = activity.counts[kind.value]
            self.query_one(f"#ins-act-{kind.value}", Static).update(Text(t(
                "insights.activity.line", kind=kind.label(), now=counts[-1], total=sum(counts))))
            self.query_one(f"#ins-act-trend-{kind.value}", Sparkline).data = counts
        self.query_one("#ins-promises", Static).update(promise_line(activity.promises))
        self.query_one("#ins-spend-month", Static).update(Text(t(
            "insights.spend.line", month=money_short(spend.by_month[-1]), year=money_short(sum(spend.by_month)))))
        self.query_one("#ins-spend-trend", Sparkline).data = spend.by_month
        over = [c for c in spend.companies if c.over_budget]
        self.query_one("#ins-budget", Static).update(Text(t(
            "insights.budget", over=len(over), names="、".join(c.name for c in over[:3]) if over else "–")))
        self.query_one("#ins-top", Static).update(top_lines(spend))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_cell()

    def action_cell(self) -> None:
        table = self.query_one("#ins-matrix", PlainTable)
        if not table.row_count:
            return
        row, column = table.cursor_coordinate
        if not 1 <= column <= len(LEVELS):
            return
        grade, level = GRADE_ROWS[row], column - 1
        service = self._service()
        self.run_worker(lambda: self.app._deliver(self._list_cell, (grade, level, service.cell(grade, level))),
                        thread=True, group="cell")

    def _list_cell(self, answer) -> None:
        grade, level, contacts = answer
        if not contacts:
            self.notify(t("insights.cell.none"))
            return
        self.app.push_screen(CellContactsScreen(grade, level, contacts), self._open_contact)

    def _open_contact(self, contact_id: int | None) -> None:
        if contact_id is not None:
            nav.open_contact(self.app, contact_id)

    def action_report(self) -> None:
        today = self.app.now().date()
        service = self._service()
        self.run_worker(lambda: self.app._deliver(self._show_report, service.report(week_period(today), today)),
                        thread=True, group="report")

    def _show_report(self, data) -> None:
        self.app.push_screen(ReportScreen(data))


def _in_target(matrix, grade, level) -> bool:
    low, high = matrix.targets[grade]
    return low <= int(level) <= high


class CellContactsScreen(TranslatedBindings, ModalScreen[int | None]):
    """The contacts of one matrix cell; Enter opens one."""

    CSS_PATH = "../insights.tcss"
    BINDINGS = [Binding("escape", "close", "key.close", id="insights.cell.close")]

    def __init__(self, grade: str | None, level: int, contacts) -> None:
        super().__init__()
        self.grade, self.level, self.contacts = grade, level, contacts

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="cell-box"):
            yield Static(Text(t("insights.cell.title", grade=grade_name(self.grade), level=Level(self.level).label(),
                                n=len(self.contacts))), classes="insights-title")
            yield OptionList(*(Option(Text(f"{c.name} · {c.company or '–'} · "
                                           f"{Position(c.position).label() if c.position else '–'}"), id=str(c.id))
                               for c in self.contacts), id="cell-contacts")
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.query_one("#cell-contacts", OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_close(self) -> None:
        self.dismiss(None)


class ReportScreen(MarkdownExportScreen):
    """The week's report (domain/insights_report.py) in the UI language: c copies, w saves."""

    def __init__(self, data) -> None:
        super().__init__()
        self.data = data

    @property
    def markdown(self) -> str:
        return report_markdown(self.data, language())

    def heading(self) -> str:
        return t("insights.report.heading", label=self.data.period.label)

    def path(self) -> Path:
        return exports_path(f"report-{self.data.period.label}.md")
