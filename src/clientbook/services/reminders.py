"""`clientbook remind`: what is due now (domain/reminders.py), from the same reads Today makes
(the agenda's follow-ups, the meals ahead, the gift reminders), each given once: the keys given
are kept in the book. Also the desktop notification and the timer that runs it."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from clientbook.domain.reminders import (GiftsDue, MealSoon, Reminder, followup_reminders, gift_reminders,
                                         meal_reminders, not_given)
from clientbook.i18n import t

PREP_GUESTS = 3        # the preparation sheet's first lines: its first guests (guest of honour first)
TIMER_MINUTES = 5      # how often the timer or cron runs `remind`


def prep_lines(prep, lang: str) -> tuple[str, ...]:
    """One line per first guest of a MealPrep (services/meals): who, and what not to serve him."""
    from clientbook.domain.enums import Level

    lines = []
    for sheet in prep.guests[:PREP_GUESTS]:
        contact, company = sheet.contact, sheet.company
        facts = [sheet.diner.name]
        if contact is not None:
            facts += [x for x in (company.name if company else "", contact.title, Level(contact.level).label(lang)) if x]
            facts += [t("remind.prep.watch", lang=lang, what=x) for x in (contact.taboos, contact.diet) if x.strip()]
        lines.append(" · ".join(facts))
    return tuple(lines)


def due_now(store, now: datetime, lang: str) -> list[Reminder]:
    """Every reminder due at `now`, given before or not."""
    from clientbook.domain.agenda import build_agenda
    from clientbook.domain.reminders import MEAL_AHEAD
    from clientbook.services.gifts import gift_reminders as gifts_of, group_title
    from clientbook.services.meals import MealsService

    today = now.date()
    agenda = build_agenda(store.agenda.agenda_items(today), today)
    found = followup_reminders(now, agenda.overdue + agenda.today + agenda.upcoming, lang)
    meals = MealsService(store)
    soon = [MealSoon(m.id, m.label, m.planned_at, m.venue, tuple(m.guests), prep_lines(meals.prep(m.id), lang))
            for m in store.agenda.meals_ahead(now, (now + MEAL_AHEAD).date()) if m.planned_at <= now + MEAL_AHEAD]
    found += meal_reminders(now, soon, lang)
    gifts = gifts_of(store, today)
    groups = [GiftsDue(f"gift:{g.occasion.key}:{g.year}", group_title(g, lang),
                       tuple(f"{i.name}: {i.treatment.label(lang)}" for i in g.items)) for g in gifts.groups]
    found += gift_reminders(groups, [(e.contact_id, e.name, e.due) for e in gifts.everyday], today, lang)
    return found


def remind(store, now: datetime, lang: str) -> list[Reminder]:
    """The reminders due at `now` never given before, now kept as given."""
    due = due_now(store, now, lang)
    fresh = not_given(due, store.reminders.given(r.key for r in due))
    if fresh:
        store.reminders.mark_given([r.key for r in fresh], now)
    return fresh


def reminder_text(reminder: Reminder) -> str:
    return "\n".join([reminder.title, *(f"  {line}" for line in reminder.lines)])


# ------------------------------------------------------------------ desktop notifications
def notifications_available() -> bool:
    """A desktop to show them: a session bus on Linux (DBUS_SESSION_BUS_ADDRESS), else macOS or Windows."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS"))
    return sys.platform in ("darwin", "win32")


def notify(reminders: list[Reminder]) -> bool:
    """Each reminder as a desktop notification (desktop-notifier): False when none can be shown."""
    if not notifications_available():
        return False
    try:
        from desktop_notifier import DesktopNotifierSync

        notifier = DesktopNotifierSync(app_name="clientbook")
        for reminder in reminders:
            notifier.send(title=reminder.title, message="\n".join(reminder.lines) or reminder.title)
    except Exception:  # no notification server, no permission, the extra not installed: the lines are printed anyway
        return False
    return True


# ------------------------------------------------------------------ the timer
@dataclass(frozen=True)
class Install:
    files: tuple[Path, ...]        # written (systemd), or none (cron)
    lines: tuple[str, ...]         # what to tell the rep: the commands to enable it, or the crontab line


def remind_command(book: Path | None) -> str:
    words = [sys.executable, "-m", "clientbook", *(("--db", str(book)) if book else ()), "remind", "--notify"]
    return shlex.join(words)


def systemd_units(command: str) -> dict[str, str]:
    return {
        "clientbook-remind.service": (
            "[Unit]\nDescription=clientbook reminders\n\n"
            f"[Service]\nType=oneshot\nExecStart={command}\n"),
        "clientbook-remind.timer": (
            "[Unit]\nDescription=clientbook reminders every few minutes\n\n"
            f"[Timer]\nOnCalendar=*:0/{TIMER_MINUTES}\nPersistent=true\n\n"
            "[Install]\nWantedBy=timers.target\n"),
    }


def systemd_user_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user"


def has_systemd() -> bool:
    return Path("/run/systemd/system").is_dir()


def install(book: Path | None, systemd: bool) -> Install:
    """A systemd user timer running `remind --notify` every TIMER_MINUTES (its two units written to
    the systemd user folder), or, without systemd, the crontab line that does the same."""
    command = remind_command(book)
    if not systemd:
        return Install((), (t("remind.install.cron"), f"*/{TIMER_MINUTES} * * * * {command}"))
    folder = systemd_user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in systemd_units(command).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return Install(tuple(written), (t("remind.install.systemd", folder=folder),
                                    "systemctl --user daemon-reload",
                                    "systemctl --user enable --now clientbook-remind.timer"))
