"""The one way a form is opened, filled in and saved: a Flow says what to read, which form to show
over it, how to save what the rep typed and what to say afterwards; run_flow does the rest, the
same way for every form. The book is read and written off the UI thread (the read in a thread
worker before the form opens, the save by the form's SavesInWorker), so a busy or slow book
never freezes the screen; a page learns that something changed through `then`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.screen import Screen

from clientbook.ui.base import saving


def _nothing(_app) -> None:
    return None


@dataclass(frozen=True)
class Flow:
    """One form flow. Each step gets the app (its services and clock):
    - read(app): in a thread worker, what the form opens on (a record from a service);
    - form(app, record): on the UI thread, the screen to show, or another Flow to run instead
      (an interaction a meal's minutes wrote opens the minutes), or None when there is nothing
      to fill in (that step said why);
    - save(app, data, expected): in a thread worker, through the form; `expected` is the record
      read, for the service to report a conflict; None when the screen needs no save from here;
    - values_of(record): the book's version as form values, to show a conflict side by side;
    - done(app, form, data): on the UI thread once the form closed with data (saved): say so,
      open what was made. `form.result` is what save returned."""

    form: Callable[[Any, Any], Screen | Flow | None]
    read: Callable[[Any], Any] = _nothing
    save: Callable[[Any, Any, Any], Any] | None = None
    values_of: Callable[[Any], dict[str, str]] | None = None
    done: Callable[[Any, Any, Any], None] | None = None


def run_flow(app, flow: Flow, then: Callable[[], None] | None = None) -> None:
    """Run `flow`; once it saved, `then()` lets the caller show the change (a page's reload).
    A flow that reads nothing opens its form at once; keys typed while the record is read are
    held and go to the form once it is open; a BookError while reading is notified and no
    form opens."""
    if flow.read is _nothing:
        _open(app, flow, then, None)
        return
    app.hold_keys()  # typed while the record is read: for the form, once it is open
    app.write(partial(flow.read, app), partial(_read, app, flow, then), partial(_not_read, app))


def _read(app, flow: Flow, then, record) -> None:
    try:
        _open(app, flow, then, record)
    finally:
        app.release_keys()


def _not_read(app, error) -> None:
    app.release_keys()
    app.notify(error.message(), severity="error")


def _open(app, flow: Flow, then, record) -> None:
    form = flow.form(app, record)
    if isinstance(form, Flow):
        run_flow(app, form, then)
        return
    if form is None:
        return
    if flow.save is not None:
        saving(form, partial(flow.save, app), record, flow.values_of)
    app.push_screen(form, partial(_closed, app, flow, then, form))


def _closed(app, flow: Flow, then, form, data) -> None:
    if data is None:  # cancelled, or the book's version kept after a conflict
        return
    if flow.done is not None:
        flow.done(app, form, data)
    if then is not None:
        then()
