"""A meal plan (domain §9): who, when and where, the checks, the dishes and the seating chart.

The plan form (ui/forms/meal_plan.py) edits the plan; the plan page (`MealPlanScreen`) shows it and
keeps the per-guest marks (guest of honour, decision maker, invitation, companion) and the
seats: the diners are listed in seat order; `s` swaps two seats ("2 5") and the round table
redraws (a guest onto the serving seat only after a warning and a second Enter); `h` keeps seats
set by hand; `r` seats everyone again by precedence.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from clientbook.domain.dates import day_text
from clientbook.domain.meals.enums import (
    Channel,
    InviteStatus,
    MealPurpose,
    OurRole,
    ProjectPhase,
    Severity,
    Side,
    VenueLevel,
)
from clientbook.domain.meals.dishes import AT_TABLE
from clientbook.domain.money import money_text
from clientbook.domain.meals.seating import MAX_SEATS, MIN_SEATS, Seating, guest_at_serving_seat, swap
from clientbook.i18n import language, names_joined, t
from clientbook.services.meals import diner_name, seated
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker, TranslatedBindings
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.page import Page
from clientbook.ui.widgets.fields import FieldMessage
from clientbook.ui.widgets.round_table import render_round_table
from clientbook.ui.widgets.tables import PlainTable
from clientbook.ui.widgets.footer import KeysFooter

CSS_PATH = "../meals.tcss"


# ---------------------------------------------------------------- shared helpers


def when_text(at: datetime, today: date) -> str:
    """A meal's time: 11-28 周六 18:30 (the year too when not this year's)."""
    return day_text(at.date(), today, language(), at.time())


def diner_role(diner) -> str:
    if diner.side == Side.GUEST.value:
        return Side.GUEST.label()
    return OurRole(diner.role).label() if diner.role else Side.OURS.label()


def bullets(items: list[tuple[str, Text]]) -> Table:
    """Marked lines with a hanging indent (a wrapped Chinese line stays beside its mark)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for mark, text in items:
        grid.add_row(mark, text)
    return grid


# ---------------------------------------------------------------- swapping seats


class SwapPrompt(TranslatedBindings, ModalScreen):
    """Two seat numbers, e.g. "2 5"; dismisses with (i, j) or None. `warn(i, j)` says what is
    wrong with a swap the rep may still want (a guest on the serving seat): the first Enter
    shows it, a second Enter on the same seats accepts it."""

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="swap.cancel")]

    def __init__(self, seats: int, warn=None) -> None:
        super().__init__()
        self.seats = seats
        self.warn = warn
        self._warned: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes="small-form swap-form"):
            yield Static(t("meal.swap.title"), classes="form-title")
            yield Label(t("meal.swap.prompt", last=self.seats - 1), classes="field-label")
            yield Input(placeholder="2 5", id="f-seats")
            yield FieldMessage(id="error-seats", classes="field-error")
            yield Static(t("meal.swap.keys"), classes="form-keys")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#f-seats", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#error-seats", FieldMessage).update("")
        self._warned = None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        parts = event.value.replace(",", " ").replace("，", " ").replace("-", " ").split()
        numbers = [int(p) for p in parts if p.isdecimal()]
        if len(parts) != 2 or len(numbers) != 2 or not all(0 <= n < self.seats for n in numbers) \
                or numbers[0] == numbers[1]:
            self.query_one("#error-seats", FieldMessage).update(
                t("meal.swap.error", value=event.value.strip()[:20], last=self.seats - 1))
            return
        pair = (numbers[0], numbers[1])
        warning = self.warn(*pair) if self.warn else None
        if warning and self._warned != pair:
            self._warned = pair
            self.query_one("#error-seats", FieldMessage).update(warning + t("meal.swap.again"))
            return
        self.dismiss(pair)

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- the plan page

INVITE_CYCLE = list(InviteStatus)


class MealPlanScreen(LoadsInWorker, Page):
    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape", "back", "key.back", id="meal.back", show=False),
        Binding("e", "edit", "key.edit", id="meal.edit"),
        Binding("s", "swap", "key.meal.swap", id="meal.swap"),
        Binding("h", "honour", "key.meal.honour", id="meal.honour"),
        Binding("i", "invite", "key.meal.invite", id="meal.invite"),
        Binding("p", "prep", "key.meal.prep", id="meal.prep"),
        Binding("m", "minutes", "key.meal.minutes", id="meal.minutes"),
        Binding("k", "decision_maker", "key.meal.decision_maker", id="meal.decision_maker", show=False),
        Binding("c", "companion", "key.meal.companion", id="meal.companion", show=False),
        Binding("r", "reseat", "key.meal.reseat", id="meal.reseat", show=False),
    ]

    def __init__(self, meal_id: int) -> None:
        super().__init__()
        self.meal_id = meal_id
        self.view = None   # MealDetails, once loaded
        self.plan = None   # its SeatPlan; None when the table is not 2–14

    def body(self) -> ComposeResult:
        yield Static(id="meal-head", classes="page-title")
        yield Static(id="meal-facts")
        yield Static(id="meal-banner")
        yield PlainTable(id="diners", cursor_type="row")
        with Horizontal(id="meal-body"):
            with VerticalScroll(id="seating-pane"):
                yield Static(id="seating")
            with VerticalScroll(id="advice-pane"):
                yield Static(id="checks")
                yield Static(id="dishes")

    def on_mount(self) -> None:
        table = self.query_one("#diners", DataTable)
        table.add_columns(t("meal.col.seat"), t("meal.col.name"), t("meal.col.marks"), t("meal.col.invite"),
                          t("meal.col.side"), t("meal.col.who"))
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self, event) -> None:
        self.call_after_refresh(self._draw_seating)

    # ------------------------------------------------------------ showing
    def ask(self):
        return self.app.now()

    def load(self, now):
        return now, self.app.meals.plan_page(self.meal_id, now)

    def show(self, loaded) -> None:
        now, page = loaded
        self.view = view = page.details
        meal = view.meal
        self.sub_title = t("meal.subtitle")
        self.query_one("#meal-head", Static).update(Text(f"{meal.label} · {when_text(meal.planned_at, now.date())}"))
        facts = [MealPurpose(meal.purpose).label()]
        if meal.phase:
            facts.append(ProjectPhase(meal.phase).label())
        place = meal.venue
        if meal.private_room:
            space = "" if language() == "zh" else " "
            place = f"{place}{space}{t('meal.private_room_mark')}".strip()
        facts += [x for x in (place, meal.cuisine, VenueLevel(meal.venue_level).label()) if x]
        facts.append(t("meal.budget_short", budget=money_text(meal.budget)))
        if meal.channel:
            facts.append(t("meal.channel_short", channel=Channel(meal.channel).label()))
        self.query_one("#meal-facts", Static).update(Text(" · ".join(facts)))
        banner = self.query_one("#meal-banner", Static)
        if meal.minutes_at is None and meal.planned_at <= now:
            banner.update(Text(t("meal.banner.minutes_due"), style="bold"))
            banner.display = True
        elif meal.minutes_at is not None:
            banner.update(Text(t("meal.banner.minutes_written", at=meal.minutes_at.strftime("%Y-%m-%d %H:%M"))))
            banner.display = True
        else:
            banner.display = False
        self.plan = page.plan
        self._fill_diners()
        self._draw_seating()
        self._show_advice(page)

    def _fill_diners(self) -> None:
        view = self.view
        table = self.query_one("#diners", DataTable)
        cursor = table.cursor_row
        table.clear()
        seat_of = {diner_id: n for n, diner_id in enumerate(self.plan.ids)} if self.plan else {}
        names = {d.id: diner_name(d) for d in view.diners}
        # In seat order, as the chart shows them; those not at the table after.
        for d in sorted(view.diners, key=lambda d: seat_of.get(d.id, len(view.diners))):
            who = ""
            if d.side == Side.GUEST.value:
                contact = view.contacts.get(d.contact_id)
                company = view.companies.get(contact.company_id) if contact and contact.company_id else None
                who = " · ".join(x for x in ((company.name if company else ""), contact.title if contact else "") if x)
                invite = InviteStatus(d.invite_status).label()
            else:
                invite = ""
            marks = []
            if d.is_guest_of_honour:
                marks.append(t("meal.mark.honour"))
            if d.is_decision_maker:
                marks.append(t("meal.mark.decision_maker"))
            if d.companion_of and d.companion_of in names:
                marks.append(t("meal.mark.beside", name=names[d.companion_of]))
            seat = str(seat_of[d.id]) if d.id in seat_of else "–"
            style = "dim" if d.invite_status == InviteStatus.DECLINED.value else ""
            table.add_row(seat, Text(diner_name(d), style=style), Text(" · ".join(marks)), invite, diner_role(d),
                          who or "–", key=str(d.id))
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _draw_seating(self) -> None:
        if self.view is None:
            return
        pane = self.query_one("#seating-pane")
        width = max(pane.size.width - 2, 30) if pane.size.width else 44
        parts: list = [Text(t("meal.section.seating"), style="bold")]
        if self.plan is None:
            parts.append(Text(t("meal.seat.cannot", count=len(seated(self.view)), low=MIN_SEATS, high=MAX_SEATS)))
        else:
            parts.append(Text("\n".join(render_round_table(self.plan.seating, width, language()))))
            parts.append(bullets([("·", Text(t(note), style="italic")) for note in self.plan.seating.notes]))
        self.query_one("#seating", Static).update(Group(*parts))

    def _show_advice(self, page) -> None:
        warnings = page.warnings
        checks: list = [Text(t("meal.section.checks"), style="bold")]
        if not warnings:
            checks.append(Text(t("meal.checks.none"), style="green"))
        checks.append(bullets([
            ("⚠" if w.severity == Severity.WARNING else "ℹ",
             Text(w.message(language()), style="yellow" if w.severity == Severity.WARNING else ""))
            for w in warnings
        ]))
        self.query_one("#checks", Static).update(Group(*checks))
        dishes = page.dishes
        lines: list = [Text(""), Text(t("meal.section.dishes"), style="bold")]
        if dishes is not None:
            kinds = names_joined(dishes.categories_text())
            if dishes.style in AT_TABLE:
                lines.append(Text(t("meal.dishes.plates", total=dishes.total, categories=kinds)))
            elif dishes.total:
                head = t("meal.dishes.count", total=dishes.total, cold=dishes.cold_starters)
                if dishes.soup:
                    head += t("meal.dishes.soup")
                lines.append(Text(head))
                lines.append(Text(t("meal.dishes.hot", categories=kinds)))
            lines.append(bullets([("·", Text(reason)) for reason in dishes.reasons_text()]))
        self.query_one("#dishes", Static).update(Group(*lines))

    # ------------------------------------------------------------ the selected diner
    def _selected(self):
        table = self.query_one("#diners", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        diner_id = int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        return next((d for d in self.view.diners if d.id == diner_id), None)

    def _selected_guest(self):
        diner = self._selected()
        if diner is None or diner.side != Side.GUEST.value:
            self.notify(t("meal.not_a_guest"), severity="warning")
            return None
        return diner

    def action_honour(self) -> None:
        diner = self._selected_guest()
        if diner is not None:
            kept = t("meal.seat.kept") if self.plan is not None and self.plan.manual else ""
            self.app.write(lambda: self.app.meals.toggle_guest_of_honour(diner.id, self.app.now()),
                           lambda marked: self._written(t("meal.honour_set" if marked else "meal.honour_unset",
                                                          name=diner.name) + kept))

    def _written(self, message: str | None = None) -> None:
        """After a change made through app.write: say what changed and show it."""
        if message:
            self.notify(message)
        self.reload()

    def action_decision_maker(self) -> None:
        diner = self._selected_guest()
        if diner is not None:
            self.app.write(lambda: self.app.meals.set_decision_maker(diner.id, not diner.is_decision_maker,
                                                                     self.app.now()),
                           lambda _: self._written())

    def action_invite(self) -> None:
        diner = self._selected_guest()
        if diner is not None:
            current = INVITE_CYCLE.index(InviteStatus(diner.invite_status))
            status = INVITE_CYCLE[(current + 1) % len(INVITE_CYCLE)]
            self.app.write(lambda: self.app.meals.set_invite_status(diner.id, status, self.app.now()),
                           lambda _: self._written(t("meal.invite_set", name=diner.name, status=status.label())))

    def action_companion(self) -> None:
        """Cycle whom the selected diner (a spouse or assistant) sits beside: each guest, then nobody."""
        diner = self._selected()
        if diner is None:
            return
        others = [d.id for d in self.view.diners if d.id != diner.id and d.side == diner.side]
        choices = [None, *others]
        current = choices.index(diner.companion_of) if diner.companion_of in choices else 0
        target = choices[(current + 1) % len(choices)]
        if target is None:
            message = t("meal.companion_unset", name=diner_name(diner))
        else:
            other = next(d for d in self.view.diners if d.id == target)
            message = t("meal.companion_set", name=diner_name(diner), other=diner_name(other))
        self.app.write(lambda: self.app.meals.set_companion(diner.id, target, self.app.now()),
                       lambda _: self._written(message))

    # ------------------------------------------------------------ seats
    def action_swap(self) -> None:
        if self.view is None:  # not loaded yet
            return
        if self.plan is None:
            self.notify(t("meal.seat.cannot", count=len(seated(self.view)), low=MIN_SEATS, high=MAX_SEATS),
                        severity="warning")
            return

        def chosen(pair) -> None:
            if pair is None or self.plan is None:
                return
            i, j = pair
            ids = swap(Seating(list(self.plan.ids)), i, j).seats
            self.app.write(lambda: self.app.meals.set_seating(self.meal_id, ids, self.app.now()),
                           lambda _: self._written(t("meal.swapped", a=i, b=j)))

        def warn(i: int, j: int) -> str | None:
            guest = guest_at_serving_seat(swap(self.plan.seating, i, j))
            return None if guest is None else t("meal.swap.serving", name=guest.name,
                                                 seat=self.plan.seating.serving_index)

        self.app.push_screen(SwapPrompt(len(self.plan.ids), warn), chosen)

    def action_reseat(self) -> None:
        self.app.write(lambda: self.app.meals.set_seating(self.meal_id, [], self.app.now()),
                       lambda _: self._written(t("meal.reseated")))

    # ------------------------------------------------------------ elsewhere
    def action_edit(self) -> None:
        from clientbook.ui.forms.meal_plan import edit_meal_flow  # the form imports this page's helpers

        run_flow(self.app, edit_meal_flow(self.meal_id), then=self.reload)

    def action_prep(self) -> None:
        nav.open_meal_prep(self.app, self.meal_id)

    def action_minutes(self) -> None:
        nav.open_minutes(self.app, self.meal_id, then=self.reload)

    def action_back(self) -> None:
        self.app.pop_screen()
