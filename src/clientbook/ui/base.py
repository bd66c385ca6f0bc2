"""Translated key bindings: BINDINGS hold message keys; each node shows them in the current
language, so the footer, help and command palette follow `--lang` without re-importing."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Label
from textual.worker import get_current_worker

from clientbook.errors import BookError, Conflict
from clientbook.i18n import t
from clientbook.ui.textual_compat import replace_bindings
from clientbook.ui.widgets.fields import FieldMessage


def translate_bindings(node) -> None:
    replace_bindings(node, lambda b: replace(b, description=t(b.description) if b.description else "",
                                             tooltip=t(b.tooltip) if b.tooltip else ""))


# The save and cancel of every form: one id each, so a [keymap] line remaps them everywhere.
SAVE = Binding("ctrl+s,f2", "save", "key.save", key_display="^s", id="form.save", priority=True)
CANCEL = Binding("escape", "cancel", "key.cancel", id="form.cancel")


class TranslatedBindings:
    """Mixin for screens and widgets whose BINDINGS descriptions are message keys."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(self)


class LoadsInWorker:
    """Mixin for pages that read the book: reload() takes what to ask on the UI thread (`ask()`,
    e.g. the search box and filters), runs `load(asked)` in a thread worker so the UI never waits
    on the book, and `show(view)` puts the answer on screen back on the UI thread. A newer reload
    cancels the one still out (exclusive): only the last question's answer is shown."""

    loading = False  # a load is out; its answer has not been shown yet

    def ask(self):
        return None

    def load(self, asked):
        raise NotImplementedError

    def show(self, view) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        self.loading = True
        self.run_worker(partial(self._load, self.ask()), thread=True, exclusive=True, group="load")

    def _load(self, asked) -> None:
        worker = get_current_worker()
        try:
            view = self.load(asked)
        except BookError as error:  # busy, damaged…: say why and keep what is shown
            if not worker.is_cancelled:
                self.app._deliver(self._not_loaded, error)
            return
        if not worker.is_cancelled:
            self.app._deliver(self._loaded, view)

    def _loaded(self, view) -> None:
        self.loading = False
        if self.is_mounted:  # the page may have been closed while its answer was on the way
            self.show(view)

    def _not_loaded(self, error) -> None:
        self.loading = False
        self.notify(error.message(), severity="error")


class ConfirmDiscard:
    """Mixin for forms (with SavesInWorker): Esc on a form with changes only warns; a second Esc, with nothing typed
    in between (typing sets `_cancel_armed` back to False), discards. Forms define `changed()`."""

    _cancel_armed = False

    def changed(self) -> bool:
        raise NotImplementedError

    def action_cancel(self) -> None:
        if self.still_saving():
            return
        if self.changed() and not self._cancel_armed:
            self._cancel_armed = True
            self.notify(t("form.discard_confirm"), severity="warning")
            return
        self.dismiss(None)



def saving(form, save, expected=None, values_of=None):
    """Give a form its save: `save(data, expected)` writes to the book and returns what the flow
    needs (kept as `form.result`); `expected` is what the form was loaded from, handed to the
    store's update so it can raise Conflict; `values_of(current)` turns the book's current record
    into the form's values, to show a conflict side by side."""
    form.save_with, form.expected, form.values_of = save, expected, values_of
    return form


class SavesInWorker:
    """Mixin for forms that write to the book: the write runs off the UI thread (app.write), the
    form stays open saying "saving…" meanwhile and closes only once the book has it. A BookError
    (busy, disk full, …) shows in the form's status line with every value kept, to fix or retry;
    a Conflict shows the book's version beside the rep's and asks which to keep."""

    save_with = None  # set by saving(); None: the form only collects, and dismisses with the data
    expected = None
    values_of = None
    result = None
    _saving = False

    def save(self, data) -> None:
        if self.save_with is None:
            self.dismiss(data)
            return
        if self.still_saving():
            return
        self._saving = True
        self._status(t("form.saving"), problem=False)
        save, expected = self.save_with, self.expected
        self.app.write(lambda: save(data, expected), partial(self._saved, data), partial(self._not_saved, data))

    def still_saving(self) -> bool:
        """Esc while the write is out: it may still land, so the form waits to show its outcome."""
        if self._saving:
            self.notify(t("form.still_saving"), severity="warning")
        return self._saving

    def _saved(self, data, result) -> None:
        # `_saving` stays set: the form is closing, and nothing typed now could still be saved.
        self.result = result
        self.dismiss(data)

    def _not_saved(self, data, error) -> None:
        self._saving = False
        if isinstance(error, Conflict) and self.values_of is not None:
            self._status(error.message())
            mine = self.values()
            book = self.values_of(error.current)
            rows = [(self.field_label(name), self.shown(name, book[name]), self.shown(name, value))
                    for name, value in mine.items() if name in book and book[name] != value]
            if not rows:  # what changed is not a field of this form (a meal's seating, who came…)
                rows = [(t("conflict.unshown"), t("conflict.changed"), "")]
            from clientbook.ui.screens.conflict import ConflictScreen

            self.app.push_screen(ConflictScreen(rows), partial(self._conflict_answer, data, error.current))
            return
        self._status(error.message())
        self.notify(error.message(), severity="error")
        field = getattr(error, "field", None)   # a refusal about one field (OwnedByAnother): said under it
        if field and self.query(f"#error-{field}"):
            from textual.widgets import Static

            self.query_one(f"#error-{field}", Static).update(Text(error.message()))
            self.focus_field(field)

    def _conflict_answer(self, data, current, answer: str | None) -> None:
        self.expected = current  # the rep has now seen the book's version
        if answer == "mine":
            self.save(data)
        elif answer == "book":
            self.notify(t("form.conflict.kept_book"))
            self.dismiss(None)
        else:
            self._status(t("form.conflict.editing"), problem=False)

    def field_label(self, name: str) -> str:
        """The label over a form field (the Label just before it), for the conflict table."""
        widget = self.query_one(f"#f-{name}")
        before = list(widget.parent.children)[: list(widget.parent.children).index(widget)]
        label = next((w for w in reversed(before) if isinstance(w, Label)), None)
        if label is None:
            return name
        return getattr(label.content, "plain", str(label.content))

    def shown(self, name: str, value: str) -> str:
        """A form value as the rep reads it (a choice's label rather than its code)."""
        return value

    def _status(self, message: str, problem: bool = True) -> None:
        """The form's status line, under its title: why the save did not happen (in the error
        colour), or that it is under way (`problem=False`, in the hint colour)."""
        found = self.query("#form-status")
        if found:
            line = found.first()
        else:
            line = FieldMessage(id="form-status", classes="field-error")
            self.query_one("#form").mount(line, after=self.query_one(".form-title"))
        line.set_class(problem, "field-error")
        line.set_class(not problem, "field-hint")
        line.update(Text(message))
        self.call_after_refresh(line.scroll_visible)
