"""Today: the rep's agenda — overdue, due today, the next 7 days (promises first within a day),
who is due a contact, and what was logged lately."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from clientbook.domain.dates import day_text, weekday_name
from clientbook.domain.enums import Level
from clientbook.domain.interactions import Kind
from clientbook.domain.meals.labels import meal_label
from clientbook.errors import BookError
from clientbook.i18n import language, names_joined, t
from clientbook.services.today import BELOW_TARGET_ROWS, collect_today, meal_ahead_cells, today_gifts
from clientbook.ui import nav
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.page import Page
from clientbook.ui.widgets.tables import PlainTable, RowList


def greeting(hour: int) -> str:
    if hour < 5:
        return t("today.greeting.night")
    if hour < 12:
        return t("today.greeting.morning")
    if hour < 18:
        return t("today.greeting.afternoon")
    return t("today.greeting.evening")


# Follow-ups shown per agenda section until the rep asks for all: Today stays quick to draw
# and to read in a big book (hundreds of follow-ups in a week).
SECTION_ROWS = 25


def _is_title(key: str) -> bool:
    """A section title row (h:overdue …), not "… and n more", which Enter opens."""
    return key.startswith("h:") and not key.startswith("h:more:")


class TodayScreen(Page):
    reload_on_return = True
    BINDINGS = [
        Binding("enter", "open", "key.open", id="today.open", show=False),
        Binding("x", "done", "key.done", id="today.done"),
        Binding("u", "undo", "key.undo_done", id="today.undo"),
        Binding("z", "snooze('1d')", "key.snooze_day", id="today.snooze_day"),
        Binding("w", "snooze('1w')", "key.snooze_week", id="today.snooze_week"),
        Binding("R", "reschedule", "key.reschedule", key_display="R", id="today.reschedule"),
        Binding("k", "skip", "giftui.key.skip", id="today.skip"),
        Binding("l", "log", "key.quick_log", id="today.log"),
        Binding("c", "call", "call.key.prepare", id="today.call"),
        Binding("a", "add_contact", "key.add_contact", id="today.add"),
    ]

    def body(self) -> ComposeResult:
        yield Static(id="greeting")
        yield Static(id="counts")
        yield PlainTable(id="agenda", cursor_type="row", show_header=False)
        yield Static(id="empty", classes="empty-state")

    def on_mount(self) -> None:
        self._expanded: set[str] = set()  # agenda sections shown in full (Enter on "… and n more")
        table = self.query_one("#agenda", DataTable)
        table.add_columns("when", "who", "what")
        self.reload()
        table.focus()


    # Gift reminders weigh every contact's birthday and the festivals (~0.2 s at 10,000 contacts)
    # and need the Store: they are computed in a worker after each reload once the Store is open,
    # so Today paints with its agenda at once and the reminders follow; until then the last ones
    # computed are shown.
    _gifts = None
    _gift_rows: dict = {}   # row key -> reminder, for the gift actions

    _shown = None           # (what was read, when): drawn again as sections open or gifts arrive

    def reload(self, refresh_gifts: bool = True) -> None:
        """Read Today's agenda in a worker (from the reader until the Store is open, then the
        Store); the newest reload's answer is the one drawn."""
        self._read(self.app.reads, self.app.now(), refresh_gifts)

    @work(thread=True, exclusive=True, group="today")
    def _read(self, reads, now, refresh_gifts: bool) -> None:
        worker = get_current_worker()
        try:
            data = collect_today(reads, now, self.app.cadences,
                                 below_target_rows=None if "below" in self._expanded else BELOW_TARGET_ROWS)
        except BookError as error:  # busy, damaged…: say why and keep what is shown
            if not worker.is_cancelled:
                self.app._deliver(lambda failed: self.notify(failed.message(), severity="error"), error)
            return
        if not worker.is_cancelled:
            self.app._deliver(self._read_done, (data, now, refresh_gifts))

    def _read_done(self, answer) -> None:
        data, now, refresh_gifts = answer
        if not self.is_mounted:
            return
        self._shown = (data, now)
        self._draw()
        if refresh_gifts and self.app.ready.is_set():
            self._load_gifts(now.date())

    def _draw(self) -> None:
        if self._shown is None:
            return
        data, now = self._shown
        self.query_one("#greeting", Static).update(
            t("today.header", greeting=greeting(now.hour), date=now.strftime("%Y-%m-%d"),
              weekday=weekday_name(now.date(), language()))
        )
        agenda = data.agenda
        self.query_one("#counts", Static).update(
            t("today.agenda_counts", overdue=len(agenda.overdue), today=len(agenda.today),
              upcoming=len(agenda.upcoming), due=len(data.due_contacts))
        )
        self.sub_title = t("today.subtitle", overdue=len(agenda.overdue), today=len(agenda.today))
        rows = RowList()  # put into the table at the end, see PlainTable.fill
        sections = [
            ("overdue", t("today.section.overdue"), agenda.overdue, "bold red"),
            ("today", t("today.section.today"), agenda.today, "bold yellow"),
            ("upcoming", t("today.section.upcoming"), agenda.upcoming, "bold"),
        ]
        for key, title, items, style in sections:
            if not items:
                continue
            rows.add_row(Text(f"{title} ({len(items)})", style=style), "", "", key=f"h:{key}")
            shown = items if key in self._expanded else items[:SECTION_ROWS]
            for item in shown:
                when = day_text(item.due, now.date(), language(), item.due_time)
                mark = t("today.promise_mark") if item.promise else t("today.theirs_mark")
                who = item.contact_name + (f" · {item.company}" if item.company else "")
                rows.add_row(Text(when, style="red" if key == "overdue" else ""), who, f"{mark} {item.what}",
                              key=f"f:{item.id}:{item.contact_id}")
            if len(items) > len(shown):
                rows.add_row("", Text(t("today.more_rows", n=len(items) - len(shown)), style="dim"), "",
                             key=f"h:more:{key}")
        if data.meals_ahead:  # meals planned from now to the week's end; Enter opens the plan
            rows.add_row(Text(f"{t('today.section.meals_ahead')} ({len(data.meals_ahead)})", style="bold green"),
                          "", "", key="h:meals")
            for meal in data.meals_ahead:
                when, what, guests = meal_ahead_cells(meal, now.date())
                rows.add_row(when, Text(guests), Text(what), key=f"p:{meal.id}")
        if self._gifts is not None:  # gifts and greetings (§10), once computed
            from clientbook.ui.screens.gifts import add_reminder_rows

            self._gift_rows = add_reminder_rows(rows, now.date(), reminders=self._gifts)
            if self._gifts.people:
                counts = self.query_one("#counts", Static)
                counts.update(f"{counts.content}{t('giftui.today.counts', n=self._gifts.people)}")
        if self._came_in:  # a team book: handed over to me in the last week; Enter opens it
            rows.add_row(Text(f"{t('team.ui.came_in')} ({len(self._came_in)})", style="bold blue"), "", "", key="h:came")
            for came in self._came_in:
                rows.add_row(day_text(came.at.date(), now.date(), language(), weekday=False),
                             came.name + (f" · {came.company}" if came.company else ""),
                             t("team.ui.came_in_line", source=came.from_rep), key=f"n:{came.kind}:{came.id}")
        if data.minutes_due:  # meals past without minutes (§9); Enter opens the minutes form
            rows.add_row(Text(f"{t('today.section.minutes')} ({len(data.minutes_due)})", style="bold magenta"),
                          "", "", key="h:minutes")
            for meal in data.minutes_due:
                label = meal_label(meal.title, meal.cuisine, meal.venue)
                rows.add_row(Text(day_text(meal.planned_at.date(), now.date(), language(), meal.planned_at.time()),
                                   style="magenta"),
                              Text(names_joined(meal.guests)), Text(t("meal.minutes_due_row", label=label)),
                              key=f"m:{meal.id}")
        if data.due_contacts:
            rows.add_row(Text(f"{t('today.section.due_contact')} ({len(data.due_contacts)})", style="bold cyan"),
                          "", "", key="h:due")
            for due in data.due_contacts:
                last = (day_text(due.last_contact_at.date(), now.date(), language(), weekday=False)
                        if due.last_contact_at else t("today.never"))
                rows.add_row(f"{due.grade or '–'}", due.name + (f" · {due.company}" if due.company else ""),
                              t("today.due_short", days=due.days_overdue, last=last), key=f"c:{due.id}")
        if data.below_target:  # A/B people under their target level (domain §4), widest gap first
            rows.add_row(Text(f"{t('today.section.below_target')} ({data.below_target_total})", style="bold green"),
                          "", "", key="h:below")
            below = data.below_target   # the first few and the count until expanded (see _read)
            for person in below:
                rows.add_row(person.grade, person.name + (f" · {person.company}" if person.company else ""),
                              t("target.today_row", level=Level(person.level).label(),
                                target=Level(person.target).label(), gap=person.gap), key=f"t:{person.id}")
            if data.below_target_total > len(below):
                rows.add_row("", Text(t("today.more_rows", n=data.below_target_total - len(below)), style="dim"), "",
                             key="h:more:below")
        if data.recent:
            rows.add_row(Text(t("today.section.recent"), style="bold"), "", "", key="h:recent")
            for row in data.recent:
                when = day_text(row.occurred_at.date(), now.date(), language(),
                                row.occurred_at.time() if row.has_time else None)
                rows.add_row(when, row.contacts, f"{Kind(row.kind).label()} · {row.summary}", key=f"i:{row.id}")
        table = self.query_one("#agenda", PlainTable)
        table.fill(rows)
        self._off_section_titles(table, [key for _cells, key in rows])
        empty = self.query_one("#empty", Static)
        empty.display = not rows
        empty.update(t("today.empty_agenda"))

    # The row Today put the cursor on, and whether the rep has moved to a row of their own since:
    # until then `l` is a plain quick log (type a name), not a log for the first overdue person.
    _placed: str | None = None
    _row_chosen = False

    def _off_section_titles(self, table: PlainTable, keys: list[str]) -> None:
        """The cursor rests on a row x, z, R or Enter act on: a section title under it moves it
        to the first row below (or above, for a title with nothing after it)."""
        at = table.cursor_row or 0
        if at < len(keys) and _is_title(keys[at]):
            below = [i for i in range(at, len(keys)) if not _is_title(keys[i])]
            above = [i for i in range(at, -1, -1) if not _is_title(keys[i])]
            if below or above:
                at = (below or above)[0]
                table.move_cursor(row=at)
        if not self._row_chosen and at < len(keys):
            self._placed = keys[at]

    _came_in = ()           # a team book's: what was handed over to me lately (services/team.py)

    @work(thread=True, exclusive=True, group="today-gifts")
    def _load_gifts(self, today) -> None:
        from clientbook.services.team import TeamService

        reminders = today_gifts(self.app.reads, today)  # the Store by now: asked once it is open
        came_in = TeamService(self.app.reads).came_in(self.app.now())
        self.app.call_from_thread(self._gifts_loaded, (reminders, came_in))

    def _gifts_loaded(self, answer) -> None:
        if self.is_mounted:
            self._gifts, self._came_in = answer
            self._draw()

    # ------------------------------------------------------------ the selected row
    def _row_key(self) -> list[str] | None:
        table = self.query_one("#agenda", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split(":")

    def _contact_of_row(self, key: list[str] | None = None) -> int | None:
        key = key or self._row_key()
        if not key:
            return None
        if key[0] == "f":
            return int(key[2])
        if key[0] in ("c", "t"):
            return int(key[1])
        if key[0] == "n" and key[1] == "contact":
            return int(key[2])
        if key[0] in ("g", "e"):
            return int(key[-1])
        return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        # The row Enter was pressed on, even if a key typed after it has moved the cursor since.
        self._open(event.row_key.value.split(":"))

    def action_open(self) -> None:
        self._open(self._row_key())

    def _open(self, key: list[str] | None) -> None:
        if key and key[:2] == ["h", "more"]:
            self._expanded.add(key[2])
            if key[2] == "below":   # only its first rows were read
                self.reload(refresh_gifts=False)
            else:
                self._draw()
            return
        if not key or key[0] == "h":
            return
        if key[0] == "i":
            from clientbook.ui.forms.quick_log import edit_interaction_flow

            run_flow(self.app, edit_interaction_flow(int(key[1])), then=self.reload)
            return
        if key[0] == "m":
            nav.open_minutes(self.app, int(key[1]), then=self.reload)
            return
        if key[0] == "p":
            nav.open_meal(self.app, int(key[1]))
            return
        if key[:2] == ["n", "company"]:
            nav.open_company(self.app, int(key[2]))
            return
        nav.open_contact(self.app, self._contact_of_row(key))

    def _followup_id(self) -> int | None:
        key = self._row_key()
        if key and key[0] == "f":
            return int(key[1])
        self.notify(t("today.not_a_followup"), severity="warning")
        return None

    def _gift_action(self, action: str, choice: str | None = None) -> bool:
        """Gift and greeting rows (g:…, e:…) have their own done / skip / snooze."""
        key = self._row_key()
        if not key or key[0] not in ("g", "e"):
            return False
        from clientbook.ui.screens.gifts import reminder_action

        reminder_action(self.app, self._gift_rows[":".join(key)], action, choice, then=self.reload)
        return True

    def check_action(self, action: str, parameters) -> bool | None:
        """Skip shows on gift rows only, reschedule on the others; undo once something is done."""
        if action == "undo":
            return self._undo is not None
        if action not in ("skip", "reschedule"):
            return True
        try:
            key = self._row_key()
        except Exception:  # not mounted yet
            return action != "skip"
        on_gift = bool(key) and key[0] in ("g", "e")
        return on_gift if action == "skip" else not on_gift

    _on_gift_row = False

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if not _is_title(event.row_key.value) and event.row_key.value != self._placed:
            self._row_chosen = True
        # The footer is rebuilt on every refresh_bindings: only when skip/reschedule swap.
        on_gift = event.row_key.value.startswith(("g:", "e:"))
        if on_gift != self._on_gift_row:
            self._on_gift_row = on_gift
            self.refresh_bindings()

    def action_skip(self) -> None:
        if not self._gift_action("skip"):
            self.notify(t("giftui.not_a_reminder"), severity="warning")

    def action_done(self) -> None:
        if self._gift_action("done"):
            return
        followup_id = self._followup_id()
        if followup_id is not None:
            capture, now = self.app.capture, self.app.now()
            self.app.write(lambda: capture.complete_followup(followup_id, now),
                           lambda _: self._done_written(followup_id))

    _undo: int | None = None  # the follow-up x last marked done, which u reopens

    def _done_written(self, followup_id: int) -> None:
        self._undo = followup_id
        self.refresh_bindings()
        self._written(t("today.done_notice", undo=self._key_of("today.undo")))

    def _key_of(self, binding_id: str) -> str:
        """The key the rep has for a binding (the keymap may have moved it)."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return ""

    def action_undo(self) -> None:
        followup_id, self._undo = self._undo, None
        if followup_id is None:
            return
        self.refresh_bindings()
        capture, now = self.app.capture, self.app.now()
        self.app.write(lambda: capture.reopen_followup(followup_id, now),
                       lambda _: self._written(t("today.undone")))

    def action_snooze(self, choice: str) -> None:
        if self._gift_action("snooze", choice):
            return
        followup_id = self._followup_id()
        if followup_id is None:
            return
        capture, now = self.app.capture, self.app.now()
        self.app.write(lambda: capture.snooze_followup(followup_id, choice, now),
                       lambda target: self._written(
                           t("today.snoozed", date=day_text(target, now.date(), language()))))

    def _written(self, message: str) -> None:
        self.notify(message)
        self.reload()

    def action_reschedule(self) -> None:
        followup_id = self._followup_id()
        if followup_id is not None:
            from clientbook.ui.forms.followup import edit_followup_flow

            run_flow(self.app, edit_followup_flow(followup_id), then=self.reload)

    def action_log(self) -> None:
        key = self._row_key() if self._row_chosen else None
        if key and key[0] == "i":  # a recent interaction: log for its first contact
            self._log_after(int(key[1]))
        else:
            self.app.action_quick_log(self._contact_of_row(key) if key else None)

    @work(thread=True, group="today-log")
    def _log_after(self, interaction_id: int) -> None:
        contacts = self.app.capture.interaction(interaction_id).contacts
        self.app._deliver(self.app.action_quick_log, contacts[0][0] if contacts else None)

    def action_call(self) -> None:
        """c on a person's row: prepare a call with them (or log or review the prepared one)."""
        contact_id = self._contact_of_row()
        if contact_id is None:
            self.notify(t("call.no_person"), severity="warning")
            return
        from clientbook.ui.forms.call import call_flow

        run_flow(self.app, call_flow(contact_id), then=self.reload)

    def action_add_contact(self) -> None:
        from clientbook.ui.forms.contact import add_contact_flow

        run_flow(self.app, add_contact_flow())
