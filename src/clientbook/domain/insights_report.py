"""The weekly (or monthly) report a rep hands a manager (周报/月报): what was done in the period,
what was promised and kept, and what comes next week; as Markdown in the rep's language and as
numbers for --json. Pure: the rows come from the store (services/insights.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from clientbook.domain.enums import Level
from clientbook.domain.insights import ACTIVITY_KINDS, Period
from clientbook.domain.interactions import Kind
from clientbook.domain.money import money_text
from clientbook.i18n import names_joined, t


@dataclass(frozen=True)
class ReportMeal:
    at: datetime
    title: str
    guests: list[str]
    agreements: list[str]       # the minutes' agreements, one a line; [] when none written


@dataclass(frozen=True)
class ReportLevelChange:
    at: datetime
    name: str
    company: str | None
    old: int
    new: int
    reason: str


@dataclass(frozen=True)
class ReportGift:
    given_on: date
    name: str
    what: str
    value: float | None


@dataclass(frozen=True)
class ReportFollowup:
    due: date
    due_time: time | None
    name: str
    what: str
    ours: bool


@dataclass(frozen=True)
class PromiseCounts:
    """Our promises (我方承诺): made in the period, kept (done by their day), kept late, and
    still open past their day at the period's end (or today, if sooner)."""

    made: int = 0
    kept: int = 0
    late: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class ReportData:
    period: Period
    activity: dict[str, int]                 # Kind value -> interactions logged in the period
    meals: list[ReportMeal] = field(default_factory=list)
    promises: PromiseCounts = PromiseCounts()
    level_changes: list[ReportLevelChange] = field(default_factory=list)
    gifts: list[ReportGift] = field(default_factory=list)
    spend: float = 0.0                       # meals, gifts, entertainment in the period
    next_followups: list[ReportFollowup] = field(default_factory=list)
    next_meals: list[ReportMeal] = field(default_factory=list)

    @property
    def gift_value(self) -> float:
        return sum(gift.value or 0.0 for gift in self.gifts)


def promise_counts(rows, period: Period, today: date) -> PromiseCounts:
    """rows: our follow-ups as (created on, due, done on or None). Made: created in the period;
    kept / late: done in the period, by their day or after; overdue: open, due before the
    period's end and before today."""
    made = kept = late = overdue = 0
    judged = min(period.end, today)
    for created, due, done_on in rows:
        made += period.start <= created < period.end
        if done_on is not None and period.start <= done_on < period.end:
            kept += done_on <= due
            late += done_on > due
        if done_on is None and due < judged:
            overdue += 1
    return PromiseCounts(made, kept, late, overdue)


def _day(value: date, lang: str) -> str:
    return f"{value.month}月{value.day}日" if lang == "zh" else value.strftime("%b %d").replace(" 0", " ")


def _when(value: datetime, lang: str) -> str:
    return f"{_day(value.date(), lang)} {value:%H:%M}"


def report_markdown(data: ReportData, lang: str) -> str:
    """The report as Markdown in `lang`."""
    p = data.period
    last = date.fromordinal(p.end.toordinal() - 1)
    title = t("insights.report.title_month" if p.is_month else "insights.report.title_week", lang=lang,
              label=p.label, start=p.start.isoformat(), end=last.isoformat())
    lines = [f"# {title}", ""]

    lines += [f"## {t('insights.report.activity', lang=lang)}", ""]
    counted = [(kind, data.activity.get(kind.value, 0)) for kind in Kind if data.activity.get(kind.value)]
    if counted:
        lines.append(" · ".join(f"{kind.label(lang)} {n}" for kind, n in counted)
                     + t("insights.report.total", lang=lang, n=sum(n for _, n in counted)))
    else:
        lines.append(t("insights.report.none", lang=lang))
    lines.append("")

    lines += [f"## {t('insights.report.meals', lang=lang)}", ""]
    lines += _meal_lines(data.meals, lang, agreements=True) or [t("insights.report.none", lang=lang)]
    lines.append("")

    pr = data.promises
    lines += [f"## {t('insights.report.promises', lang=lang)}", "",
              t("insights.report.promise_line", lang=lang, made=pr.made, kept=pr.kept, late=pr.late,
                overdue=pr.overdue), ""]

    lines += [f"## {t('insights.report.levels', lang=lang)}", ""]
    for change in data.level_changes:
        who = f"{change.name}（{change.company}）" if change.company and lang == "zh" else (
            f"{change.name} ({change.company})" if change.company else change.name)
        line = f"- {_day(change.at.date(), lang)} {who}: {Level(change.old).label(lang)} → {Level(change.new).label(lang)}"
        lines.append(line + (f" — {change.reason}" if change.reason else ""))
    if not data.level_changes:
        lines.append(t("insights.report.none", lang=lang))
    lines.append("")

    lines += [f"## {t('insights.report.gifts', lang=lang)}", ""]
    for gift in data.gifts:
        lines.append(f"- {_day(gift.given_on, lang)} {gift.name}: {gift.what} {money_text(gift.value)}")
    lines.append(t("insights.report.spend", lang=lang, gifts=money_text(data.gift_value), spend=money_text(data.spend)))
    lines.append("")

    lines += [f"## {t('insights.report.next', lang=lang)}", ""]
    for item in data.next_followups:
        at = _day(item.due, lang) + (f" {item.due_time:%H:%M}" if item.due_time else "")
        whose = t("insights.report.ours" if item.ours else "insights.report.theirs", lang=lang)
        lines.append(f"- {at} {item.name}: {item.what} ({whose})")
    lines += _meal_lines(data.next_meals, lang, agreements=False)
    if not data.next_followups and not data.next_meals:
        lines.append(t("insights.report.none", lang=lang))
    return "\n".join(lines).rstrip() + "\n"


def _meal_lines(meals: list[ReportMeal], lang: str, agreements: bool) -> list[str]:
    lines = []
    for meal in meals:
        guests = f" — {names_joined(meal.guests, lang)}" if meal.guests else ""
        lines.append(f"- {_when(meal.at, lang)} {meal.title}{guests}")
        if agreements:
            lines += [f"  - {line}" for line in meal.agreements]
            if not meal.agreements:
                lines.append(f"  - {t('insights.report.no_agreements', lang=lang)}")
    return lines


def report_numbers(data: ReportData) -> dict:
    """The report's figures, for `clientbook report --json`."""
    pr = data.promises
    return {
        "period": data.period.label, "start": data.period.start.isoformat(), "end": data.period.end.isoformat(),
        "activity": {kind.value: data.activity.get(kind.value, 0) for kind in Kind},
        "activity_counted": {kind.value: data.activity.get(kind.value, 0) for kind in ACTIVITY_KINDS},
        "meals": len(data.meals),
        "meal_agreements": sum(len(meal.agreements) for meal in data.meals),
        "promises": {"made": pr.made, "kept": pr.kept, "late": pr.late, "overdue": pr.overdue},
        "level_changes": [{"contact": c.name, "from": c.old, "to": c.new, "reason": c.reason,
                           "at": c.at.isoformat()} for c in data.level_changes],
        "gifts": len(data.gifts), "gift_value": data.gift_value, "spend": data.spend,
        "next_followups": len(data.next_followups), "next_meals": len(data.next_meals),
    }
