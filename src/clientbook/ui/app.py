"""The Textual app: paints at once, opens the book in a worker, then shows Today."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from importlib import import_module
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import WorkerFailed

from clientbook import config, paths
from clientbook.errors import BookError, translate
from clientbook.i18n import t
from clientbook.ui import nav
from clientbook.ui.base import TranslatedBindings
from clientbook.ui.crash import run_guarded
from clientbook.ui.keymap import unknown_ids
from clientbook.ui.textual_compat import break_lines_by_chinese_rules, end_with


class OpeningScreen(Screen):
    """Shown for the moment the store takes to import and open: one line, so it paints at once."""

    def compose(self) -> ComposeResult:
        yield Static(t("app.opening"), id="opening")


class ClientbookApp(TranslatedBindings, App):
    CSS_PATH = "app.tcss"
    TITLE = "clientbook"
    DEFAULT_MODE = "today"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {lambda: _notes_provider()}
    BINDINGS = [
        # The quick log first: where the footer is too narrow for every key, the screens' numbers go.
        Binding("l", "quick_log", "key.quick_log", id="quick_log"),
        Binding("1", "go('today')", "key.today", id="go.today"),
        Binding("2", "go('contacts')", "key.contacts", id="go.contacts"),
        Binding("3", "go('companies')", "key.companies", id="go.companies"),
        Binding("4", "go('notes')", "key.notes", id="go.notes"),
        Binding("5", "go('meals')", "key.meals", id="go.meals"),
        Binding("6", "go('calendar')", "giftui.key.calendar", id="go.calendar"),
        Binding("7", "go('deals')", "dealui.key.deals", id="go.deals"),
        Binding("8", "go('insights')", "insights.key", id="go.insights"),
        Binding("question_mark,f1", "help", "key.help", key_display="?", id="help"),
        Binding("ctrl+p", "command_palette", "key.palette", id="palette", priority=True, show=False),
        Binding("ctrl+q", "quit", "key.quit", id="quit", priority=True, show=False),
    ]

    def __init__(self, book: Path, clock: Callable[[], datetime] = datetime.now, store=None,
                 settings: config.Settings | None = None, ask_name: bool = False) -> None:
        """`settings`: config.toml's unless given (the demo's name); `ask_name`: ask the rep's
        name once the book is on screen (the first run: see cli.should_ask_name)."""
        super().__init__()
        break_lines_by_chinese_rules()
        self.book = book
        self.clock = clock
        self.store = store
        # What Today reads from: a plain-sqlite3 BookReader until the Store has imported, then the Store.
        self.reads = store
        self.ready = asyncio.Event()  # set once the Store is open
        self._held_keys: list[tuple[str, str | None]] = []  # typed before it was: see on_event
        self.settings = settings or config.load()
        self.ask_name = ask_name
        self.sub_title = str(book)

    def on_mount(self) -> None:
        self.title = t("app.title")
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        if self.store is not None:
            self._store_ready()
            self._show_book()
        else:
            self.push_screen(OpeningScreen())
            # Open the book once the first frame is out: the imports compete for the GIL.
            self.call_after_refresh(self.run_worker, self._open_reader, thread=True, group="open")

    def _open_reader(self) -> None:
        from clientbook.store.reader import open_reader
        from clientbook.ui.screens import today  # noqa: F401  (imported here, off the UI thread)

        reader = open_reader(self.book)
        self.call_from_thread(self._reader_opened, reader)

    def _reader_opened(self, reader) -> None:
        self.reads = reader
        self._show_book()
        # The Store (SQLAlchemy, ~0.4 s of imports) loads once Today is on screen.
        self.call_after_refresh(self.run_worker, self._open_store, thread=True, group="open")

    def _open_store(self) -> None:
        from clientbook.store import open_store

        # Prepared already by open_reader. Preparing again would read the file's header with
        # open()/close(), and closing any descriptor of the file drops every POSIX lock this
        # process holds on it: the reader's too. Another process's `clientbook log` would then
        # take itself for the book's last user and delete the -shm under us (its commits never
        # seen here, and the WAL index split between two processes).
        store = open_store(self.book, prepared=True)
        self.call_from_thread(self._store_opened, store)

    def _store_opened(self, store) -> None:
        self.store = store
        # The reader stays open until the app ends: a Today read started on it may still be
        # running in its worker (it is cancelled by the reload below, not stopped).
        self._opening_reader, self.reads = self.reads, store
        self._store_ready()
        reload = getattr(self.screen, "reload", None)
        if reload is not None:  # Today adds what needs the Store: its gift reminders
            reload()
        if self._held_keys:
            self.run_worker(self._replay_held_keys(), group="keys")

    async def on_event(self, event: events.Event) -> None:
        """Until the Store is open (about half a second after Today appears), keys are held and
        then replayed in order, so each reaches the screen and row current by then, as if typed
        a moment later; clicks, which would open rows, are dropped. ctrl+q and ctrl+c still quit."""
        if (not self.ready.is_set() or self._holding) and isinstance(event, events.InputEvent) and not event.is_forwarded:
            if isinstance(event, events.Key) and event.key not in ("ctrl+q", "ctrl+c"):
                # Enter typed before Textual took the terminal arrives as a newline (ctrl+j).
                held = ("enter", "\r") if event.key == "ctrl+j" else (event.key, event.character)
                self._held_keys.append(held)
                return
            if isinstance(event, (events.MouseDown, events.MouseUp, events.Click)):
                return
        await super().on_event(event)

    _holding = 0   # forms being read before they open (run_flow): keys wait for them as well

    def hold_keys(self) -> None:
        """Hold what is typed until release_keys: a form whose record is still being read opens
        in a moment, and the name typed right after its key belongs in it, not in the page."""
        self._holding += 1

    def release_keys(self) -> None:
        self._holding -= 1
        if not self._holding and self.ready.is_set() and self._held_keys:
            self.run_worker(self._replay_held_keys(), group="keys")

    async def _replay_held_keys(self) -> None:
        keys, self._held_keys = self._held_keys, []
        for key, character in keys:
            await self._page_loaded()
            self.post_message(events.Key(key, character))
            await self._handled()

    async def _page_loaded(self, at_most: float = 5.0) -> None:
        """Until the current page's load is shown (Today reloads as the Store opens): a key typed
        a moment later would have met the rows that load shows, not the ones it replaces. Its
        answer comes from a thread, not the message queue, so _handled cannot see it coming."""
        deadline = asyncio.get_running_loop().time() + at_most
        while getattr(self.screen, "loading", False) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.01)

    async def _handled(self, rounds: int = 3) -> None:
        """Until the app and every node of the current screen have handled what was queued: a
        key's action may queue more (a focus, a screen to mount), so this goes round again until
        the screen and its nodes stay the same for `rounds` rounds. It counts messages, not time,
        so a loaded machine only makes it slower (a CPU-time heuristic let a key overtake the
        screen it was typed for)."""
        seen, same = None, 0
        while same < rounds:
            nodes = [self, *self.screen.walk_children(with_self=True)]
            pending = [asyncio.Event() for _ in nodes]
            waiting = [asyncio.ensure_future(event.wait())
                       for node, event in zip(nodes, pending) if node.call_later(event.set)]
            if waiting:  # a node that never gets there (closing as the key lands) holds no key up long
                _done, late = await asyncio.wait(waiting, timeout=5)
                for task in late:
                    task.cancel()
            now = (self.screen, len(nodes))
            same = same + 1 if now == seen else 0
            seen = now

    def _store_ready(self) -> None:
        self.store.wait_at_most(TUI_BUSY_SECONDS)
        self.ready.set()
        self._last_change = self.store.change_token()
        self.set_interval(2.0, self._reload_if_changed)
        self.write(self.team.is_team, self._team_book_read)
        if self.settings.keymap:  # every screen is imported to know the ids: off the UI thread
            self.run_worker(self._check_keymap, thread=True, group="keymap")
        # The daily copy of the book waits until Today has been read, and runs off the UI thread.
        self.set_timer(15.0, lambda: self.run_worker(self._daily_backup, thread=True, group="backup"))

    def _team_book_read(self, is_team: bool) -> None:
        self.team_book = is_team
        self.screen.refresh_bindings()

    def _show_book(self) -> None:
        for mode, module, screen in MODES:
            self.add_mode(mode, partial(_make_screen, module, screen))
        from clientbook.ui.screens.today import TodayScreen

        # Today takes the opening screen's place in the mode the app starts in (DEFAULT_MODE):
        # switch_mode would hold Today's first frame back for 50 ms (Textual masks flicker so).
        if isinstance(self.screen, OpeningScreen):
            self.switch_screen(TodayScreen())
        else:  # opened with a Store already (tests): nothing to replace
            self.push_screen(TodayScreen())
        if self.ask_name:
            from clientbook.ui.forms.my_name import MyNameForm

            self.push_screen(MyNameForm(), self._name_given)

    def _name_given(self, result: tuple[str, str] | None) -> None:
        """The rep's name (or "" when skipped: not asked again) goes to config.toml, off the UI thread."""
        self.settings.my_name = result[1] if result else ""
        self.run_worker(self._save_settings, thread=True, group="settings")

    def _save_settings(self) -> None:
        try:
            config.save(self.settings)
        except OSError as exc:  # the name still serves this session
            self.call_from_thread(self.notify, t("settings.not_saved", path=paths.config_file(),
                                                 detail=exc.strerror or type(exc).__name__), severity="error")

    def _check_keymap(self) -> None:
        unknown = unknown_ids(self.settings.keymap)
        if unknown:
            self.call_from_thread(self.notify, t("keymap.unknown", ids=", ".join(unknown)), severity="warning",
                                  timeout=20)

    def _daily_backup(self) -> None:
        from clientbook.services.backup import daily_backup

        try:
            daily_backup(self.book, self.clock().date())
        except (BookError, OSError) as exc:  # tell the rep; the book itself is still open
            error = exc if isinstance(exc, BookError) else translate(exc, self.book)
            self.call_from_thread(self.notify, error.message(), severity="error", timeout=30)

    def _reload_if_changed(self) -> None:
        """Another process wrote to the book (e.g. `clientbook log`): refresh what is shown."""
        if not self.is_running:  # shutting down: the screens are being taken apart
            return
        token = self.store.change_token()
        # A screen still opening (pushed, not mounted yet) reads the book in its on_mount; its
        # reload would fill tables that have no columns yet. The next tick catches up.
        if token != self._last_change and self.screen.is_mounted:
            self._last_change = token
            reload = getattr(self.screen, "reload", None)
            if reload is not None:
                reload()

    def _handle_exception(self, error: Exception) -> None:
        """Log and exit with one line (see crash.py) instead of painting a traceback."""
        if isinstance(error, WorkerFailed):  # the book is opened in workers: report what failed there
            error = error.error
        end_with(self, error, 2 if isinstance(error, BookError) else 1)

    _opening_reader = None

    def on_unmount(self) -> None:
        for reader in (self._opening_reader, self.reads):
            if reader is not None and reader is not self.store:
                reader.close()
        if self.store is not None:
            self.store.close()

    # ------------------------------------------------------------ actions
    def action_go(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_command_palette(self) -> None:
        """Textual's palette, with its search box in the interface language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    def action_help(self) -> None:
        nav.open_help(self)

    def action_quick_log(self, contact_id: int | None = None) -> None:
        from clientbook.ui.forms.flow import run_flow
        from clientbook.ui.forms.quick_log import quick_log_flow

        run_flow(self, quick_log_flow(contact_id))

    def action_archive(self) -> None:
        nav.open_archive(self)

    def action_import_contacts(self, path: str | None = None) -> None:
        """Import contacts from a vCard or CSV file, or a whole book (screens/import_screen.py)."""
        nav.open_import(self, path)

    def write(self, work: Callable[[], object], done: Callable | None = None, failed: Callable | None = None) -> None:
        """Every write the UI makes runs here, in a thread worker: the UI never waits on the
        book's lock. Then `done(result)` runs on the UI thread; a BookError (busy, disk full…)
        goes to `failed(error)`, by default a notification saying why — nothing else changed."""
        def run() -> None:
            try:
                result = work()
            except BookError as error:
                self._deliver(failed or self._write_failed, error)
                return
            if done is not None:
                self._deliver(done, result)

        self.run_worker(run, thread=True, group="write")

    @property
    def contacts(self):
        """The door to contacts and companies (services/contacts.py), on the open Store."""
        from clientbook.services.contacts import ContactsService

        return ContactsService(self.store)

    @property
    def gifts(self):
        """The door to gifts and occasions (services/gifts.py), on the open Store."""
        from clientbook.services.gifts import GiftsService

        return GiftsService(self.store)

    @property
    def meals(self):
        """The door to meals: plans, seating, preparation and minutes (services/meals.py)."""
        from clientbook.services.meals import MealsService

        return MealsService(self.store, me=self.settings.my_name or "")

    @property
    def deals(self):
        """The door to deals and their negotiation (services/deals.py), on the open Store."""
        from clientbook.services.deals import DealsService

        return DealsService(self.store, self.settings.max_step_pct)

    @property
    def insights(self):
        """The door to the book at a glance and the weekly report (services/insights.py)."""
        from clientbook.services.insights import InsightsService

        return InsightsService(self.store, self.cadences)

    @property
    def interop(self):
        """The door to import and export (services/interop.py), on the open Store."""
        from clientbook.services.interop import InteropService

        return InteropService(self.store)

    @property
    def calls(self):
        """The door to calls: preparation, card, review, inbound calls (services/calls.py)."""
        from clientbook.services.calls import CallsService

        return CallsService(self.store)

    @property
    def team(self):
        """The door to the team book: reps, handover, the pool (services/team.py)."""
        from clientbook.services.team import TeamService

        return TeamService(self.store)

    # A book with several reps (or on PostgreSQL): owners and the pool are shown. Read once the
    # Store is open (_store_ready), off the UI thread.
    team_book = False

    def action_pool(self) -> None:
        nav.open_pool(self)

    @property
    def capture(self):
        """The door to what the rep captures (services/capture.py), on the open Store."""
        from clientbook.services.capture import CaptureService

        return CaptureService(self.store)

    def _deliver(self, callback: Callable, value: object) -> None:
        """From a worker, to the UI thread; nothing to tell once the app has closed (ctrl+q)."""
        if self.is_running:
            self.call_from_thread(callback, value)

    def _write_failed(self, error) -> None:
        self.notify(error.message(), severity="error")

    def notify(self, message: str, *, title: str = "", severity="information", timeout=None, markup: bool = False) -> None:
        """Notifications carry names and notes typed by the rep: never read them as markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def now(self) -> datetime:
        return self.clock()

    @property
    def cadences(self) -> dict[str, int]:
        return self.settings.cadence_days

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the current screen, then the app-wide ones, in the UI language."""
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.id or binding.action in seen or binding.action == "command_palette":
                continue
            seen.add(binding.action)
            key = binding.key_display or binding.key.split(",")[0]
            yield SystemCommand(
                binding.description,
                t("palette.key", key=key),
                partial(self._run_bound_action, active.node, binding.action),
            )
        yield SystemCommand(t("palette.archive"), t("palette.archive.help"), self.action_archive)
        yield SystemCommand(t("interop.palette.import"), t("interop.palette.import.help"), self.action_import_contacts)
        if self.team_book:
            yield SystemCommand(t("team.ui.key.pool"), t("team.ui.palette.pool"), self.action_pool)

    async def _run_bound_action(self, node, action: str) -> None:
        await self.run_action(action, node)


# How long a write from the TUI waits for another program's lock before saying so (the shell
# waits BUSY_TIMEOUT_MS): the form stays open, and the rep hears back soon and can retry.
TUI_BUSY_SECONDS = 3

# The seven screens of the number keys, imported when first shown.
MODES = [
    ("today", "today", "TodayScreen"),
    ("contacts", "contacts", "ContactsScreen"),
    ("companies", "companies", "CompaniesScreen"),
    ("notes", "notes", "NotesScreen"),
    ("meals", "meals", "MealsScreen"),
    ("calendar", "calendar", "CalendarScreen"),
    ("deals", "deals", "DealsScreen"),
    ("insights", "insights", "InsightsScreen"),
]


def _make_screen(module: str, name: str) -> Screen:
    return getattr(import_module(f"clientbook.ui.screens.{module}"), name)()


def _notes_provider():
    from clientbook.ui.screens.notes import NotesProvider

    return NotesProvider


def run_app(book: Path, settings: config.Settings | None = None, ask_name: bool = False) -> int:
    return run_guarded(ClientbookApp(book, settings=settings, ask_name=ask_name))
