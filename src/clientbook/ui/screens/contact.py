"""One contact's page: every field, with edit and archive."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from clientbook.domain.contact_card import size_text, typed_text
from clientbook.domain.enums import Grade, Level, Position
from clientbook.domain.interactions import Kind
from clientbook.domain.lunar import Birthday, describe_next, format_birthday
from clientbook.domain.meals.labels import meal_label
from clientbook.i18n import language, t
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.screens.gift_text import contact_gift_line
from clientbook.ui.widgets.tables import PlainTable
from clientbook.ui.forms.followup import add_followup_flow, edit_followup_flow
from clientbook.ui.forms.occasion import add_occasion_flow
from clientbook.ui.forms.contact import edit_contact_flow
from clientbook.ui.forms.quick_log import edit_interaction_flow, quick_log_flow
from clientbook.ui.forms.gift import log_gift_flow, rhythm_flow
from clientbook.ui.forms.flow import run_flow
from clientbook.ui.forms.level import set_level_flow
from clientbook.ui.forms.call import call_flow, log_inbound_call


def profile_table(c, today) -> Table:
    """Rows of label → value for every filled field of a ContactDetails (company and level always):
    at 80×24 an empty row would push a filled one out of sight."""
    birthday = ""
    if c.birthday:
        parsed = Birthday.from_storage(c.birthday)
        birthday = f"{format_birthday(parsed, language())} · {describe_next(parsed, today, language())}"
    company_text = ""
    if c.company:
        grade = Grade(c.company_grade).label() if c.company_grade else t("form.ungraded")
        company_text = f"{c.company} · {grade}"
    rows = [
        (t("field.company"), company_text),
        (t("field.title"), c.title),
        (t("field.address_as"), c.address_as),
        (t("field.position"), Position(c.position).label() if c.position else ""),
        (t("field.level"), level_text(c.level, c.target_level)),
        (t("field.nickname"), c.nickname),
        (t("field.phones"), typed_text(c.phones, language(), "  ")),
        (t("field.wechat"), c.wechat),
        (t("field.emails"), typed_text(c.emails, language(), "  ")),
        (t("field.birthday"), birthday),
        (t("field.addresses"), "\n".join(address.form_text(language()) for address in c.addresses)),
        (t("field.urls"), typed_text(c.urls, language(), "  ")),
        (t("field.photo"), t("contact.photo_kept", type=c.photo[0], size=size_text(c.photo[1])) if c.photo else ""),
        (t("field.cuisine"), c.cuisine),
        (t("field.drinks"), c.drinks),
        (t("field.hobbies"), c.hobbies),
        (t("field.taboos"), c.taboos),
        (t("field.diet"), c.diet),
        (t("field.family"), c.family),
        (t("field.tags"), "  ".join(f"#{tag}" for tag in c.tags)),
        (t("field.cadence_days"), t("contact.cadence_own", days=c.cadence_days) if c.cadence_days else t("contact.cadence_grade")),
        (t("field.notes"), c.notes),
    ]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    always = {t("field.company"), t("field.level")}
    for label, value in rows:
        if value or label in always:
            table.add_row(label, Text(value) if value else Text("–", style="dim"))
    return table


def level_text(level: int, target: int) -> str:
    """The level with the target it should reach (domain §4) and the gap to it."""
    key = "target.below" if target > level else "target.reached"
    return t(key, level=Level(level).label(), target=Level(target).label(), gap=target - level)


def marks_line(marks) -> str:
    arrows = {1: " ↑", -1: " ↓", 0: ""}
    return t(
        "contact.marks",
        space=marks.space.label() if marks.space else "–",
        info=(marks.info_quality.label() if marks.info_quality else "–") + arrows[marks.info_trend],
        coach=(marks.coach.label() if marks.coach else "–") + arrows[marks.coach_trend],
    )


def timeline_cells(entry, now: datetime | None = None) -> tuple[str, str, str]:
    when = entry.at.strftime("%Y-%m-%d %H:%M" if entry.has_time else "%Y-%m-%d")
    if entry.kind == "meal":  # planned with them; once its time has passed, its minutes are due
        status = t("meal.status.minutes_due") if now and entry.at < now else t("meal.status.planned")
        return when, f"{t('meal.col.meal')} · {status}", meal_label(entry.text, "", "")
    if entry.kind == "interaction":
        kind = Kind(entry.subtype).label() + (f" · {t('timeline.cc')}" if entry.cc else "")
        return when, kind, entry.text
    if entry.kind == "owner":   # a team book's handover or claim
        from clientbook.services.team import move_text

        return when, t("team.ui.timeline.owner"), move_text(entry.subtype, entry.from_rep, entry.to_rep)
    if entry.kind == "followup":
        status = t("timeline.done") if entry.subtype == "done" else t("timeline.open")
        mark = t("today.promise_mark") if entry.promise else t("today.theirs_mark")
        return when, f"{t('timeline.followup')} · {status}", f"{mark} {entry.text}"
    change = f"{Level(entry.from_level).label()} → {Level(entry.to_level).label()}"
    why = entry.text or (Kind(entry.cause).label() if entry.cause else "")
    return when, t("timeline.level"), change + (f" · {why}" if why else "")


class ContactScreen(LoadsInWorker, Page):
    reload_on_return = True
    BINDINGS = [
        Binding("escape", "back", "key.back", id="contact.back"),
        Binding("l", "log", "key.quick_log", id="contact.log"),
        Binding("f", "add_followup", "key.add_followup", id="contact.followup"),
        Binding("x", "toggle_done", "key.done_reopen", id="contact.done"),
        Binding("v", "set_level", "key.set_level", id="contact.level"),
        Binding("e", "edit", "key.edit", id="contact.edit"),
        Binding("d", "archive", "key.archive", id="contact.archive"),
        Binding("g", "log_gift", "giftui.key.log_gift", id="contact.gift"),
        Binding("y", "rhythm", "giftui.key.rhythm", id="contact.rhythm"),
        Binding("o", "add_occasion", "giftui.key.add_occasion", id="contact.occasion"),
        Binding("c", "call", "call.key.prepare", id="contact.call"),
        Binding("i", "inbound_call", "call.key.inbound", id="contact.inbound_call"),
    ]

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id

    def body(self) -> ComposeResult:
        with VerticalScroll(id="profile"):
            yield Static(id="contact-name", classes="page-title")
            yield Static(id="contact-fields")
        yield Static(id="marks")
        yield Static(id="relationship-trend")
        yield Static(id="contact-gifts")
        yield PlainTable(id="timeline", cursor_type="row", show_header=False)
        yield Static(t("timeline.empty"), id="timeline-empty", classes="empty-state")

    def on_mount(self) -> None:
        self.query_one("#timeline", DataTable).add_columns("when", "kind", "what")
        self.reload()
        self.query_one("#timeline", DataTable).focus()


    def load(self, _asked):
        return self.app.contacts.contact_page(self.contact_id)

    name_shown = ""

    def _load_trend(self) -> None:
        """The relationship trend line (level changes over time: ui/screens/insights.py)."""
        from clientbook.ui.screens.insights import trend_line

        trend = self.app.insights.contact_trend(self.contact_id)
        self.app._deliver(lambda line: self.query_one("#relationship-trend", Static).update(line), trend_line(trend))

    def show(self, page) -> None:
        self.name_shown = title = page.contact.name
        if page.contact.archived:
            title += "  " + t("contact.is_archived")
        if page.owner is not None:   # a team book's
            title += f"  · {t('team.ui.owner')}: {page.owner}"
        self.query_one("#contact-name", Static).update(Text(title))
        self.query_one("#contact-fields", Static).update(profile_table(page.contact, self.app.now().date()))
        self.query_one("#marks", Static).update(marks_line(page.marks))
        self.run_worker(self._load_trend, thread=True, exclusive=True, group="trend")
        self.query_one("#contact-gifts", Static).update(Text(contact_gift_line(page.gifts, self.app.now().date())))
        table = self.query_one("#timeline", DataTable)
        cursor = table.cursor_row
        table.clear()
        now = self.app.now()
        for entry in page.timeline:
            table.add_row(*timeline_cells(entry, now), key=f"{entry.kind}:{entry.id}")
        self.query_one("#timeline-empty", Static).display = table.row_count == 0
        if cursor is not None and table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def _selected_entry(self) -> tuple[str, int] | None:
        table = self.query_one("#timeline", DataTable)
        if not table.row_count or table.cursor_row is None:
            return None
        kind, entry_id = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value.split(":")
        return kind, int(entry_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        selected = self._selected_entry()
        if selected is None:
            return
        kind, entry_id = selected
        from clientbook.ui.forms.level import set_level_flow
        if kind == "interaction":
            run_flow(self.app, edit_interaction_flow(entry_id), then=self.reload)
        elif kind == "followup":
            run_flow(self.app, edit_followup_flow(entry_id), then=self.reload)
        elif kind == "meal":
            nav.open_meal(self.app, entry_id)
        else:
            run_flow(self.app, set_level_flow(self.contact_id), then=self.reload)

    def action_log(self) -> None:
        run_flow(self.app, quick_log_flow(self.contact_id), then=self.reload)

    # ------------------------------------------------------------ calls (§11)
    def action_call(self) -> None:
        run_flow(self.app, call_flow(self.contact_id), then=self.reload)

    def action_inbound_call(self) -> None:
        log_inbound_call(self.app, self.contact_id, self.name_shown, then=self.reload)

    def action_add_followup(self) -> None:
        run_flow(self.app, add_followup_flow(self.contact_id), then=self.reload)

    def action_set_level(self) -> None:
        run_flow(self.app, set_level_flow(self.contact_id), then=self.reload)

    def action_toggle_done(self) -> None:
        selected = self._selected_entry()
        if selected is None or selected[0] != "followup":
            self.notify(t("today.not_a_followup"), severity="warning")
            return
        self.app.write(lambda: self.app.contacts.toggle_followup(selected[1], self.app.now()), lambda _: self.reload())

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_edit(self) -> None:
        run_flow(self.app, edit_contact_flow(self.contact_id), then=self.reload)

    def action_archive(self) -> None:

        def archived(name: str) -> None:
            self.app.notify(t("contact.archived", name=name))
            if self.app.screen is self:
                self.app.pop_screen()

        self.app.write(lambda: self.app.contacts.archive_contact(self.contact_id, self.app.now()), archived)

    # ------------------------------------------------------------ gifts (§10)
    def action_log_gift(self) -> None:
        run_flow(self.app, log_gift_flow(self.contact_id), then=self.reload)

    def action_rhythm(self) -> None:
        run_flow(self.app, rhythm_flow(self.contact_id), then=self.reload)

    def action_add_occasion(self) -> None:
        run_flow(self.app, add_occasion_flow(contact_id=self.contact_id), then=self.reload)
