"""Helpers shared by the Pilot tests: building the app, reading widgets, waiting for the app to settle."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from rich.console import Console
from textual.widgets import DataTable, Static
from textual.worker import WorkerCancelled

from clientbook.i18n import catalog, t
from clientbook.store import open_store
from clientbook.ui.app import ClientbookApp
from conftest import NOW

OPEN = object()   # make_app's default store: opened on `path` at `now` before the app starts


def make_app(path: Path, now: datetime = NOW, store=OPEN, **options) -> ClientbookApp:
    """An app on the book at `path` whose clock stands at `now`. `store` is the open store to
    hand it (by default one opened here), or None to let the app open the book in its worker;
    `options` go to ClientbookApp (settings, ask_name)."""
    if store is OPEN:
        store = open_store(path, now)
    return ClientbookApp(book=path, clock=lambda: now, store=store, **options)


async def settle(app, pilot) -> None:
    """Let messages, and workers such as Today's gift reminders, land. An exclusive worker (a
    search as keys arrive) is cancelled when a newer one replaces it: waiting goes on for the
    newer one, as the app does; only the last one's answer is shown."""
    await pilot.pause()
    for _ in range(100):
        try:
            await app.workers.wait_for_complete([worker for worker in app.workers if not worker.is_cancelled])
            break
        except WorkerCancelled:   # replaced while we waited: wait for what replaced it
            await pilot.pause()
    else:
        raise AssertionError("workers kept being replaced")
    await pilot.pause()
    await pilot.pause()


async def start(app, pilot) -> None:
    await app.ready.wait()
    await settle(app, pilot)


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (its content may be a str, a Text/Content or a Rich
    renderable such as the profile's table)."""
    content = widget.content
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return content.plain
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get().rstrip("\n")


def text(key: str, **values) -> str:
    """t(key), failing loudly if the key is gone from the catalogs (t would return the key)."""
    assert key in catalog(), f"message {key!r} is not in the catalogs"
    return t(key, **values)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def row_keys(table: DataTable) -> list[str]:
    """The key of every row, top to bottom (Today's f:…, h:…, DataTable keys elsewhere)."""
    return [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]


def screen_name(app) -> str:
    return type(app.screen).__name__


def record_notifications(app) -> list[str]:
    """Every message passed to app.notify (screens' notify goes through it) from now on."""
    seen: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        seen.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    return seen
