"""The Today agenda as data, shared by the Today screen and `clientbook today`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clientbook.domain.agenda import UPCOMING_DAYS, Agenda, FollowupItem, build_agenda
from clientbook.domain.dates import day_text, weekday_name
from clientbook.domain.interactions import Kind
from clientbook.domain.targets import TODAY_GRADES
from clientbook.i18n import language, names_joined, t


# Below target is where to invest, not a to-do list: Today shows the widest gaps, the rest on
# Enter on its "… n more".
BELOW_TARGET_ROWS = 5


@dataclass
class TodayData:
    now: datetime
    agenda: Agenda
    due_contacts: list          # DueContact rows
    recent: list                # InteractionRow rows
    minutes_due: list = field(default_factory=list)   # MealRow rows: meals past without minutes
    meals_ahead: list = field(default_factory=list)   # MealRow rows: meals from now to the end of the week ahead
    gifts: object = None        # services.gifts.GiftReminders, when asked for
    below_target: list = field(default_factory=list)  # BelowTarget rows: A/B people under their target level
    below_target_total: int = 0   # how many there are: below_target may hold only the first of them


def collect_today(reads, now: datetime, cadences: dict[str, int], with_gifts: bool = False,
                  below_target_rows: int | None = BELOW_TARGET_ROWS) -> TodayData:
    """The agenda, from `reads`: the Store, or the BookReader Today opens with (both answer the
    queries of store/agenda.py, as `.agenda`). `with_gifts` adds the gift reminders, which need the Store
    and take longer: `clientbook today` prints them, the Today screen loads them in a worker.
    `below_target_rows`: how many of the people below target are read (None: all); their count
    is always there."""
    today = now.date()
    agenda = reads.agenda
    with agenda.one_reading():
        below, below_total = agenda.below_target(tuple(grade.value for grade in TODAY_GRADES), below_target_rows)
        data = TodayData(
            now=now,
            agenda=build_agenda(agenda.agenda_items(today), today),
            due_contacts=agenda.due_to_contact(today, cadences),
            recent=agenda.recent_interactions(limit=8, until=now),
            minutes_due=agenda.meals_without_minutes(now),
            meals_ahead=agenda.meals_ahead(now, today + timedelta(days=UPCOMING_DAYS)),
            below_target=below,
            below_target_total=below_total,
        )
    if with_gifts:
        data.gifts = today_gifts(reads, today)
    return data


def today_gifts(reads, today):
    """The gift reminders of Today (services.gifts.GiftReminders): `reads` must be the Store."""
    from clientbook.services.gifts import gift_reminders

    return gift_reminders(reads, today)


def group_title(group, lang: str) -> str:
    from clientbook.services.gifts import group_title as title

    return title(group, lang)


def followup_line(item: FollowupItem, today) -> str:
    when = day_text(item.due, today, language(), item.due_time)
    who = f"{item.contact_name}（{item.company}）" if item.company and language() == "zh" else (
        f"{item.contact_name} ({item.company})" if item.company else item.contact_name)
    mark = t("today.promise_mark") if item.promise else t("today.theirs_mark")
    return f"{when}  {mark} {who}: {item.what}"


def meal_ahead_cells(meal, today: date) -> tuple[str, str, str]:
    """(when, what and where, guests) of a meal ahead, as Today shows it on screen and in the shell."""
    when = day_text(meal.planned_at.date(), today, language(), meal.planned_at.time())
    where = f" @ {meal.venue}" if meal.venue and meal.title else ""  # an untitled meal is named by its venue
    return when, meal.label + where, names_joined(meal.guests)


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
    if data.meals_ahead:
        lines.append("")
        lines.append(f"{t('today.section.meals_ahead')} ({len(data.meals_ahead)})")
        for meal in data.meals_ahead:
            when, what, guests = meal_ahead_cells(meal, today)
            lines.append(f"  {when}  {what}" + (f" — {guests}" if guests else ""))
    if data.minutes_due:
        lines.append("")
        lines.append(f"{t('today.section.minutes')} ({len(data.minutes_due)})")
        for meal in data.minutes_due:
            when = day_text(meal.planned_at.date(), today, language(), meal.planned_at.time())
            lines.append(f"  {when}  {meal.label} — {names_joined(meal.guests)}")
    if data.gifts is not None and data.gifts.people:
        lines.append("")
        lines.append(f"{t('today.section.gifts')} ({data.gifts.people})")
        for group in data.gifts.groups:
            lines.append(f"  {group_title(group, language())}")
            for item in group.items:
                what = item.treatment.label() + (f" · {item.budget_tier.label()}" if item.budget_tier else "")
                lines.append(f"    {item.name}" + (f" ({item.company})" if item.company else "") + f": {what}")
        for due in data.gifts.everyday:
            lines.append("  " + t("today.everyday_line", date=day_text(due.due, today, language()), name=due.name))
    lines.append("")
    lines.append(f"{t('today.section.due_contact')} ({len(data.due_contacts)})")
    for due in data.due_contacts:
        last = (day_text(due.last_contact_at.date(), today, language(), weekday=False)
                if due.last_contact_at else t("today.never"))
        lines.append("  " + t("today.due_line", grade=due.grade or "–", name=due.name, company=due.company or "—",
                                 days=due.days_overdue, last=last))
    if not data.due_contacts:
        lines.append(f"  {t('today.nothing')}")
    lines.append("")
    lines.append(t("today.section.recent"))
    for row in data.recent:
        when = day_text(row.occurred_at.date(), today, language(), row.occurred_at.time() if row.has_time else None)
        lines.append(f"  {when}  {Kind(row.kind).label()}  {row.contacts}: {row.summary}")
    if not data.recent:
        lines.append(f"  {t('today.nothing')}")
    return "\n".join(lines)


def agenda_markdown(data: TodayData) -> str:
    """The day as Markdown (`clientbook today --digest`), for a mail or a chat bot: the agenda,
    the meals ahead, the gifts due and whom to contact, in the lines Today prints."""
    today = data.now.date()

    def section(title: str, lines: list[str]) -> list[str]:
        return ["", f"## {title} ({len(lines)})", ""] + ([f"- {line}" for line in lines] or [f"- {t('today.nothing')}"])

    out = [f"# {t('today.title_line', date=today.isoformat(), weekday=weekday_name(today, language()))}"]
    for key, items in (("today.section.overdue", data.agenda.overdue), ("today.section.today", data.agenda.today),
                       ("today.section.upcoming", data.agenda.upcoming)):
        out += section(t(key), [_md(followup_line(item, today)) for item in items])
    meals = []
    for meal in data.meals_ahead:
        when, what, guests = meal_ahead_cells(meal, today)
        meals.append(_md(f"{when}  {what}" + (f" — {guests}" if guests else "")))
    out += section(t("today.section.meals_ahead"), meals)
    gifts = []
    if data.gifts is not None:
        for group in data.gifts.groups:
            people = "; ".join(f"{i.name}: {i.treatment.label()}" for i in group.items)
            gifts.append(_md(f"{group_title(group, language())} — {people}"))
        gifts += [_md(t("today.everyday_line", date=day_text(due.due, today, language()), name=due.name))
                  for due in data.gifts.everyday]
    out += section(t("today.section.gifts"), gifts)
    out += section(t("today.section.due_contact"), [
        _md(t("today.due_line", grade=due.grade or "–", name=due.name, company=due.company or "—",
              days=due.days_overdue, last=day_text(due.last_contact_at.date(), today, language(), weekday=False)
              if due.last_contact_at else t("today.never"))) for due in data.due_contacts])
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A line of the rep's text in a Markdown list: what would turn into markup is escaped."""
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in " ".join(text.split()))


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
        "minutes_due": [
            {"id": m.id, "title": m.label, "at": m.planned_at.isoformat(), "guests": m.guests}
            for m in data.minutes_due
        ],
        "meals_ahead": [
            {"id": m.id, "title": m.label, "at": m.planned_at.isoformat(), "venue": m.venue, "guests": m.guests}
            for m in data.meals_ahead
        ],
        "gifts": [] if data.gifts is None else [
            {"occasion": g.occasion.key, "name": g.occasion.display_name(language()), "date": g.date.isoformat(),
             "days_left": g.days_left,
             "people": [{"contact_id": i.contact_id, "name": i.name, "company": i.company,
                         "treatment": i.treatment.value,
                         "budget_tier": i.budget_tier.value if i.budget_tier else None} for i in g.items]}
            for g in data.gifts.groups
        ] + [
            {"occasion": "everyday", "date": e.due.isoformat(), "people": [{"contact_id": e.contact_id, "name": e.name}]}
            for e in data.gifts.everyday
        ],
        "recent": [
            {"id": r.id, "kind": r.kind, "at": r.occurred_at.isoformat(), "contacts": r.contacts, "summary": r.summary}
            for r in data.recent
        ],
    }
