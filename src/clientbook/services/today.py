"""The Today agenda as data, shared by the Today screen and `clientbook today`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from clientbook.domain.agenda import Agenda, FollowupItem, build_agenda
from clientbook.domain.dates import weekday_name
from clientbook.domain.interactions import Kind
from clientbook.i18n import language, t


@dataclass
class TodayData:
    now: datetime
    agenda: Agenda
    due_contacts: list          # DueContact rows
    recent: list                # InteractionRow rows


def collect_today(store, now: datetime, cadences: dict[str, int]) -> TodayData:
    today = now.date()
    return TodayData(
        now=now,
        agenda=build_agenda(store.agenda_items(today), today),
        due_contacts=store.due_to_contact(today, cadences),
        recent=store.recent_interactions(limit=8, until=now),
    )


def followup_line(item: FollowupItem, today) -> str:
    when = item.due.strftime("%m-%d")
    if item.due_time:
        when += f" {item.due_time:%H:%M}"
    who = f"{item.contact_name}（{item.company}）" if item.company and language() == "zh" else (
        f"{item.contact_name} ({item.company})" if item.company else item.contact_name)
    mark = t("today.promise_mark") if item.promise else t("today.theirs_mark")
    return f"{when}  {mark} {who}: {item.what}"


def agenda_text(data: TodayData) -> str:
    today = data.now.date()
    lines = [t("today.title_line", date=today.isoformat(), weekday=weekday_name(today, language()))]
    sections = [
        (t("today.section.overdue"), data.agenda.overdue),
        (t("today.section.today"), data.agenda.today),
        (t("today.section.upcoming"), data.agenda.upcoming),
    ]
    for title, items in sections:
        lines.append("")
        lines.append(f"{title} ({len(items)})")
        lines += [f"  {followup_line(item, today)}" for item in items] or [f"  {t('today.nothing')}"]
    lines.append("")
    lines.append(f"{t('today.section.due_contact')} ({len(data.due_contacts)})")
    for due in data.due_contacts:
        last = due.last_contact_at.strftime("%Y-%m-%d") if due.last_contact_at else t("today.never")
        lines.append("  " + t("today.due_line", grade=due.grade or "–", name=due.name, company=due.company or "—",
                                 days=due.days_overdue, last=last))
    if not data.due_contacts:
        lines.append(f"  {t('today.nothing')}")
    lines.append("")
    lines.append(t("today.section.recent"))
    for row in data.recent:
        when = row.occurred_at.strftime("%m-%d %H:%M" if row.has_time else "%m-%d")
        lines.append(f"  {when}  {Kind(row.kind).label()}  {row.contacts}: {row.summary}")
    if not data.recent:
        lines.append(f"  {t('today.nothing')}")
    return "\n".join(lines)


def agenda_json(data: TodayData) -> dict:
    def item(f: FollowupItem) -> dict:
        return {"id": f.id, "contact_id": f.contact_id, "contact": f.contact_name, "company": f.company,
                "what": f.what, "due": f.due.isoformat(), "time": f.due_time.strftime("%H:%M") if f.due_time else None,
                "promise": f.promise}

    return {
        "date": data.now.date().isoformat(),
        "overdue": [item(f) for f in data.agenda.overdue],
        "today": [item(f) for f in data.agenda.today],
        "upcoming": [item(f) for f in data.agenda.upcoming],
        "due_to_contact": [
            {"id": d.id, "name": d.name, "company": d.company, "grade": d.grade, "days_overdue": d.days_overdue,
             "last_contact": d.last_contact_at.isoformat() if d.last_contact_at else None}
            for d in data.due_contacts
        ],
        "recent": [
            {"id": r.id, "kind": r.kind, "at": r.occurred_at.isoformat(), "contacts": r.contacts, "summary": r.summary}
            for r in data.recent
        ],
    }
