"""Contacts: search as you type (pinyin, initials, phone, WeChat, tag), filter, sort."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.widgets import DataTable, Input, Static

from clientbook.domain.enums import Grade, Level
from clientbook.i18n import t
from clientbook.services.contacts import SORTS
from clientbook.ui import nav
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.page import Page
from clientbook.ui.widgets.search_box import SearchBox
from clientbook.ui.widgets.tables import PlainTable, fill_contact_table, selected_id, setup_contact_table
from clientbook.ui.forms.contact import add_contact_flow, edit_contact_flow
from clientbook.ui.screens.export_selection import export_selection_flow
from clientbook.ui.forms.flow import run_flow

# A screenful is what a rep reads; past this the search box is the faster way in.
SHOWN_LIMIT = 500


def cycle(options: list, current):
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]


class ContactsScreen(LoadsInWorker, Page):
    reload_on_return = True
    SUBTITLE_KEY = "key.contacts"
    BINDINGS = [
        Binding("slash", "focus_search", "key.search", key_display="/", id="contacts.search"),
        Binding("a", "add", "key.add_contact", id="contacts.add"),
        Binding("e", "edit", "key.edit", id="contacts.edit"),
        Binding("d,delete", "archive", "key.archive", key_display="d", id="contacts.archive"),
        Binding("g", "cycle_grade", "key.filter_grade", id="contacts.grade"),
        Binding("r", "cycle_level", "key.filter_level", id="contacts.level"),
        Binding("t", "cycle_tag", "key.filter_tag", id="contacts.tag"),
        Binding("b", "toggle_below_target", "target.key.filter", id="contacts.below_target"),
        Binding("s", "cycle_sort", "key.sort", id="contacts.sort"),
        Binding("u", "undo", "key.undo", id="contacts.undo"),
        Binding("x", "clear_filters", "key.clear_filters", id="contacts.clear"),
        # Export and merge (screens/export_selection.py, merge.py); import is in the command palette.
        Binding("X", "export_selection", "interop.key.export", id="contacts.export", show=False),
        Binding("M", "mark_merge", "interop.key.merge", id="contacts.merge", show=False),
        Binding("T", "target_levels", "target.key.matrix", key_display="T", id="contacts.targets", show=False),
        Binding("i", "inbound_call", "call.key.inbound", id="contacts.inbound_call"),
        Binding("P", "pool", "team.ui.key.pool", key_display="P", id="contacts.pool"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.grade: str | None = None
        self.level: int | None = None
        self.tag: str | None = None
        self.below_target = False    # only contacts under their target relationship level (domain §4)
        self.sort = "name"
        self.last_archived: int | None = None
        self.merge_mark: tuple[int, str] | None = None    # (id, name) of the record marked with M
        self.tags: tuple[str, ...] = ()                    # every tag, as of the last load
        self.names: dict[int, str] = {}                    # id -> name of the rows shown
        self._open_when_loaded = False                     # Enter in the search box while loading

    def body(self) -> ComposeResult:
        # A group is as tall as the search box; a Horizontal (height 1fr) took half the screen.
        with HorizontalGroup(id="search-bar"):
            yield SearchBox("contacts", placeholder=t("contacts.search_placeholder"), id="search")
        yield Static(id="filters")
        yield PlainTable(id="contacts")
        yield Static(id="empty", classes="empty-state")

    def on_mount(self) -> None:
        setup_contact_table(self.query_one("#contacts", DataTable))
        self.reload()
        # The list has focus so every key works at once; / (or typing after it) searches.
        self.query_one("#contacts", DataTable).focus()


    def ask(self) -> dict:
        return dict(query=self.query_one("#search", Input).value, grade=self.grade, level=self.level,
                    tag=self.tag, below_target=self.below_target, sort=self.sort)

    def load(self, asked: dict):
        return asked, self.app.contacts.contact_list(**asked, limit=SHOWN_LIMIT)

    def show(self, view) -> None:
        asked, found = view
        shown = found.rows
        self.tags = found.tags
        self.names = {row.id: row.name for row in shown}
        table = self.query_one("#contacts", DataTable)
        fill_contact_table(table, shown)
        any_filter = bool(asked["query"].strip() or asked["grade"] or asked["level"] is not None or asked["tag"]
                          or asked["below_target"])
        empty = self.query_one("#empty", Static)
        empty.display = not shown
        empty.update(t("contacts.none_match") if any_filter else t("contacts.empty"))
        count = t("contacts.count_more", shown=SHOWN_LIMIT) if found.more else t("contacts.count", count=len(shown))
        self.query_one("#filters", Static).update(Text(
            t(
                "contacts.filters",
                count=count,
                grade=self.grade or t("filter.any"),
                level=Level(self.level).label() if self.level is not None else t("filter.any"),
                tag=self.tag or t("filter.any"),
                sort=self._sort_label(),
            ) + (t("contacts.filter_below_target") if asked["below_target"] else "")
            + (f"  · {t('interop.merge.mark_line', name=self.merge_mark[1])}" if self.merge_mark else "")
        ))
        if self._open_when_loaded:
            self._open_when_loaded = False
            self._submitted()

    def _sort_label(self) -> str:
        return {
            "name": t("sort.name"), "company": t("sort.company"), "grade": t("sort.grade"),
            "level": t("sort.level"), "recent": t("sort.recent"),
        }[self.sort]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.loading:  # the list for what was typed is on its way: act on it once shown
            self._open_when_loaded = True
            return
        self._submitted()

    def _submitted(self) -> None:
        if self.query_one("#contacts", DataTable).row_count == 1:
            self.action_open()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_open(self) -> None:
        contact_id = selected_id(self.query_one("#contacts", DataTable))
        if contact_id is not None:
            nav.open_contact(self.app, contact_id)

    def action_add(self) -> None:
        run_flow(self.app, add_contact_flow())

    def action_edit(self) -> None:
        contact_id = selected_id(self.query_one("#contacts", DataTable))
        if contact_id is not None:
            run_flow(self.app, edit_contact_flow(contact_id), then=self.reload)

    def action_archive(self) -> None:
        contact_id = selected_id(self.query_one("#contacts", DataTable))
        if contact_id is None:
            return

        def archived(name: str) -> None:
            self.last_archived = contact_id
            self.notify(t("contact.archived", name=name))
            self.reload()

        self.app.write(lambda: self.app.contacts.archive_contact(contact_id, self.app.now()), archived)

    def check_action(self, action: str, parameters) -> bool | None:
        return self.app.team_book if action == "pool" else True   # the pool: a team book's

    def action_pool(self) -> None:
        nav.open_pool(self.app)

    def action_inbound_call(self) -> None:
        """i: the selected person is on the phone, unprepared: log it, call back within the hour."""
        from clientbook.ui.forms.call import log_inbound_call

        contact_id = selected_id(self.query_one("#contacts", DataTable))
        if contact_id is not None:
            log_inbound_call(self.app, contact_id, self.names[contact_id], then=self.reload)

    def action_undo(self) -> None:
        if self.last_archived is not None:
            contact_id, self.last_archived = self.last_archived, None

            def restored(_) -> None:
                self.notify(t("contact.restored"))
                self.reload()

            self.app.write(lambda: self.app.contacts.restore_contact(contact_id), restored)

    def action_cycle_grade(self) -> None:
        self.grade = cycle([None, *[g.value for g in Grade]], self.grade)
        self.reload()

    def action_cycle_level(self) -> None:
        self.level = cycle([None, *[int(lv) for lv in Level]], self.level)
        self.reload()

    def action_cycle_tag(self) -> None:
        self.tag = cycle([None, *self.tags], self.tag)
        self.reload()

    def action_toggle_below_target(self) -> None:
        self.below_target = not self.below_target
        self.reload()

    def action_target_levels(self) -> None:
        nav.open_target_levels(self.app)

    def action_cycle_sort(self) -> None:
        self.sort = cycle(list(SORTS), self.sort)
        self.reload()

    def action_clear_filters(self) -> None:
        self.grade = self.level = self.tag = None
        self.below_target = False
        self.sort = "name"
        self.query_one("#search", Input).value = ""
        self.reload()

    # ------------------------------------------------------------ export a selection, merge two
    def action_export_selection(self) -> None:
        """X: every contact the search and filters select (not only the rows shown)."""
        asked = self.ask()
        run_flow(self.app, export_selection_flow(lambda app: app.contacts.contact_ids(**asked), "contacts"))

    def action_mark_merge(self) -> None:
        """M marks one record; M on another opens the two side by side (M on the same unmarks)."""
        contact_id = selected_id(self.query_one("#contacts", DataTable))
        if contact_id is None:
            return
        if self.merge_mark is None:
            name = self.names[contact_id]
            self.merge_mark = (contact_id, name)
            self.notify(t("interop.merge.marked", name=name))
        elif self.merge_mark[0] == contact_id:
            self.merge_mark = None
            self.notify(t("interop.merge.unmarked"))
        else:
            marked = self.merge_mark[0]
            self.merge_mark = None
            nav.open_merge(self.app, marked, contact_id)
        self.reload()
