"""Today's gift and greeting reminders: their rows in Today's agenda (assembled by
services/gifts.py, drawn here) and their keys (x done, k skip, z / w snooze)."""

from __future__ import annotations

from datetime import date
from functools import partial

from rich.text import Text
from textual.widgets import DataTable

from clientbook.domain.dates import day_text
from clientbook.domain.gifts.policy import Treatment
from clientbook.i18n import language, t
from clientbook.services.gifts import EVERYDAY_KEY, countdown, reminder_rows, snooze_until
from clientbook.ui.screens.gift_text import counts_text, decision_text, tier_range
from clientbook.ui.widgets.tables import RowList


def add_reminder_rows(table: DataTable | RowList, today: date, reminders) -> dict:
    """Add Today's reminders (services.gifts.GiftReminders, computed in Today's worker) to
    `table` (or Today's RowList). Returns row key -> services.gifts.ReminderRow, for the actions."""
    lang = language()
    actionable = {}
    for row in reminder_rows(reminders).rows:
        group = row.group
        if row.kind == "occasion":
            occasion = group.occasion
            style = "bold magenta" if occasion.kind == "festival" else "bold"
            table.add_row(Text(f"{occasion.display_name(lang)} ({len(group.items)})", style=style),
                          Text(f"{group.date_text(lang)} · {countdown(group.days_left)}", style=style),
                          Text(counts_text(group), style="dim"), key=row.key)
        elif row.kind == "person":
            item = row.item
            style = "green" if item.treatment is Treatment.GIFT else "yellow"
            table.add_row(Text("  " + decision_text(item.treatment, item.budget_tier), style=style),
                          item.name + (f" · {item.company}" if item.company else ""),
                          tier_range(item.budget_tier) if item.treatment is Treatment.GIFT else t("giftui.greeting_hint"),
                          key=row.key)
        elif row.kind == "more":
            table.add_row("", Text(t("giftui.more_rows", n=row.more), style="dim"), "", key=row.key)
        elif row.kind == "everyday":
            table.add_row(Text(f"{t('giftui.everyday')} ({row.more})", style="bold"), "", "", key=row.key)
        else:
            due = row.due
            day = day_text(due.due, today, language())
            when = day if due.due >= today else t("giftui.overdue_since", date=day)
            table.add_row(Text("  " + when, style="red" if due.due < today else ""),
                          due.name + (f" · {due.company}" if due.company else ""),
                          t("giftui.everyday_rhythm", low=due.low, high=due.high), key=row.key)
        if row.actionable:
            actionable[row.key] = row
    return actionable


def reminder_action(app, row, action: str, choice: str | None = None, then=None) -> None:
    """done / skip / snooze on a reminder row (services.gifts.ReminderRow of a person or an
    everyday gift due)."""
    from clientbook.ui.forms.flow import run_flow
    from clientbook.ui.forms.gift import log_gift_flow, reminder_gift_flow

    now = app.now()
    gifts = app.gifts
    if action == "done" and row.kind == "due":
        run_flow(app, log_gift_flow(row.due.contact_id, EVERYDAY_KEY), then)
        return
    if action == "done" and row.item.treatment is Treatment.GIFT:
        run_flow(app, reminder_gift_flow(row), then)
        return
    until = None
    if action == "done":  # a greeting: logged at once
        work = partial(gifts.greet, row, now)
    elif action == "skip":
        work = partial(gifts.skip, row, now)
    else:
        until = snooze_until(row, choice, now.date())
        if until is None:
            app.notify(t("giftui.snooze_on_the_day"), severity="warning")
            return
        work = partial(gifts.snooze, row, until, now)

    def done(drawn) -> None:
        if action == "done":
            app.notify(t("giftui.greeting_logged", name=row.item.name, occasion=row.group.occasion.display_name(language())))
        elif until is not None:
            app.notify(t("today.snoozed", date=day_text(until, now.date(), language())))
        elif row.kind == "due":  # names the next day the store drew
            app.notify(t("giftui.everyday_skipped", name=row.due.name, date=day_text(drawn, now.date(), language()) if drawn else "—"))
        else:
            app.notify(t("giftui.skipped", name=row.item.name, occasion=row.group.occasion.display_name(language())))
        if then:
            then()

    app.write(work, done)
