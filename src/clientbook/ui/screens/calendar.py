"""Calendar: the next 90 days by week — occasions with who is due what, open follow-ups,
everyday gifts and meals planned — and, per big holiday, the shopping list."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.dates import day_text
from clientbook.domain.gifts.occasions import format_occasion_date
from clientbook.domain.gifts.policy import BudgetTier, Treatment
from clientbook.domain.gifts.shopping import shopping_text
from clientbook.i18n import language, names_joined, t
from clientbook.services.gifts import CALENDAR_DAYS
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.screens.gift_text import counts_text, decision_text, tier_range
from clientbook.ui.widgets.tables import PlainTable

NAMES_SHOWN = 6


def names_text(items) -> str:
    sep = "、" if language() == "zh" else ", "
    names = [item.name for item in items]
    text = sep.join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        text += t("giftui.cal.more", n=len(names) - NAMES_SHOWN)
    return text


class CalendarScreen(LoadsInWorker, Page):
    reload_on_return = True
    BINDINGS = [
        Binding("enter", "open", "key.open", id="calendar.open", show=False),
        Binding("o", "occasions", "giftui.key.occasions", id="calendar.occasions"),
        Binding("p", "policy", "giftui.key.policy", id="calendar.policy"),
        Binding("g", "gift_log", "giftui.key.gift_log", id="calendar.gift_log"),
    ]

    def body(self) -> ComposeResult:
        yield Static(id="calendar-title", classes="page-title")
        yield Static(id="shopping")
        yield PlainTable(id="calendar", cursor_type="row", show_header=False)
        yield Static(id="calendar-empty", classes="empty-state")

    def on_mount(self) -> None:
        self.query_one("#calendar", DataTable).add_columns("when", "what", "who")
        self.reload()
        self.query_one("#calendar", DataTable).focus()

    def ask(self):
        return self.app.now().date()

    def load(self, today):
        return self.app.gifts.calendar(today)

    def show(self, view) -> None:
        lang = language()
        self.query_one("#calendar-title", Static).update(
            Text(t("giftui.cal.title", start=day_text(view.start, view.start, lang, weekday=False),
                   end=day_text(view.end, view.start, lang, weekday=False), days=CALENDAR_DAYS)))
        lists = view.shopping
        lines = [
            t("giftui.cal.shopping_line", date=entry.group.date_text(lang),
              text=shopping_text(entry.shopping, entry.occasion.display_name(lang), lang))
            for entry in lists
        ]
        self.query_one("#shopping", Static).update(Text("\n".join(lines) or t("giftui.cal.no_shopping")))
        self.sub_title = t("giftui.cal.subtitle", n=len(lists))
        table = self.query_one("#calendar", DataTable)
        cursor = table.cursor_row
        table.clear()
        today = view.start
        for week in view.weeks:
            sunday = week.start + timedelta(days=6)
            # the Sunday read next to its Monday: "2027-01-04 – 01-10"
            span = f"{day_text(week.start, today, lang, weekday=False)} – {day_text(sunday, week.start, lang, weekday=False)}"
            table.add_row(Text(span, style="bold"),
                          Text(t("giftui.cal.week", n=week.start.isocalendar()[1]), style="bold"), "",
                          key=f"h|{week.start.isoformat()}")
            for index, entry in enumerate(week.entries):
                self._add_entry(table, entry, f"{week.start.isoformat()}|{index}", today)
        empty = self.query_one("#calendar-empty", Static)
        empty.display = table.row_count == 0
        empty.update(t("giftui.cal.empty"))
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _add_entry(self, table: DataTable, entry, ref: str, today) -> None:
        lang = language()
        if entry.kind == "followup":
            f = entry.followup
            when = day_text(f.due, today, lang, f.due_time)
            mark = t("today.promise_mark") if f.promise else t("today.theirs_mark")
            table.add_row(when, t("giftui.cal.followup", name=f.contact_name), f"{mark} {f.what}",
                          key=f"f|{f.contact_id}|{ref}")
            return
        if entry.kind == "meal":
            m = entry.meal
            table.add_row(day_text(entry.day, today, lang, m.planned_at.time()),
                          Text(t("giftui.cal.meal", label=m.label), style="green"),
                          Text(names_joined(m.guests)), key=f"m|{m.id}|{ref}")
            return
        if entry.kind == "everyday":
            e = entry.everyday
            table.add_row(day_text(entry.day, today, lang), t("giftui.cal.everyday", name=e.name),
                          t("giftui.everyday_rhythm", low=e.low, high=e.high), key=f"e|{e.contact_id}|{ref}")
            return
        occasion, group = entry.occasion, entry.group
        date_text = format_occasion_date(entry.day, occasion, lang)
        if occasion.kind == "birthday":  # one person: what they are due, on the same line
            [item] = group.items
            what = decision_text(item.treatment, item.budget_tier)
            if item.treatment is Treatment.GIFT:
                what += " " + tier_range(item.budget_tier)
            table.add_row(day_text(entry.day, today, lang), occasion.display_name(lang), f"{date_text} · {what}",
                          key=f"p|{item.contact_id}|{ref}")
            return
        style = "bold magenta" if occasion.kind == "festival" else "bold"
        table.add_row(day_text(entry.day, today, lang), Text(occasion.display_name(lang), style=style),
                      Text(f"{date_text} · {counts_text(group)}", style="" if group else "dim"),
                      key=f"o|{occasion.key}|{ref}")
        if group is None:
            return
        tiers = [(Treatment.GIFT, tier) for tier in reversed(BudgetTier)] + [(Treatment.GREETING, None)]
        for index, (treatment, tier) in enumerate(tiers):
            items = [i for i in group.items if i.treatment is treatment and i.budget_tier is tier]
            if not items:
                continue
            label = treatment.label() if tier is None else f"{treatment.label()} · {tier.label()} {tier_range(tier)}"
            table.add_row("", Text(f"  {label} ({len(items)})"), names_text(items), key=f"t|{index}|{ref}")
        if entry.shopping is not None:
            table.add_row("", Text("  " + t("giftui.cal.shopping"), style="bold green"),
                          shopping_text(entry.shopping, occasion.display_name(lang), lang), key=f"s|{ref}")

    def action_open(self) -> None:
        table = self.query_one("#calendar", DataTable)
        if not table.row_count or table.cursor_row is None:
            return
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split("|")
        if key[0] in ("f", "e", "p"):
            nav.open_contact(self.app, int(key[1]))
        elif key[0] == "m":
            nav.open_meal(self.app, int(key[1]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_occasions(self) -> None:
        nav.open_occasions(self.app)

    def action_policy(self) -> None:
        nav.open_gift_policy(self.app)

    def action_gift_log(self) -> None:
        nav.open_gift_log(self.app)
