"""Pick several contacts by typing a name, pinyin or initials: ↑/↓ move, Enter picks,
Backspace in the empty box drops the last one picked. Rendering and key handling only; the
search is the capture service's (`app.capture.pick_contacts`), asked in a worker as the rep types.
Enter pressed before the answer to what is typed has come picks from that answer when it comes.
The last choice adds the name typed as a new contact: the picker asks its form for that
(`AddWanted`), and the form hands the new contact back with `pick`."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from clientbook.i18n import t
from clientbook.ui.base import LoadsInWorker

PICKER_ROWS = 6
ADD_NEW = "new"   # the option that adds the name typed as a new contact


def numbered(names: list[str]) -> str:
    """The people picked as a meal's guest list shows them: "1. 张伟  2. 李娜"."""
    return "  ".join(f"{n}. {name}" for n, name in enumerate(names, 1))


class ContactPicker(LoadsInWorker, Vertical):
    DEFAULT_CSS = """
    ContactPicker { height: auto; }
    ContactPicker > OptionList { height: auto; max-height: 8; }
    ContactPicker > .picker-chosen { height: auto; }
    """

    class Changed(Message):
        """Someone was picked (`added`) or dropped."""

        def __init__(self, picker: ContactPicker, added: bool) -> None:
            super().__init__()
            self.picker = picker
            self.added = added

    class AddWanted(Message):
        """The rep chose to add `name` (as typed) as a new contact: the form opens the contact
        form and, once saved, calls `picker.pick` with the new contact."""

        def __init__(self, picker: ContactPicker, name: str) -> None:
            super().__init__()
            self.picker = picker
            self.name = name

    def __init__(self, chosen: list[tuple[int, str]] | None = None, placeholder: str = "",
                 shown: Callable[[list[str]], str] = numbered, compact: bool = False, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chosen: list[tuple[int, str]] = list(chosen or [])
        self.placeholder = placeholder
        self.shown = shown  # the line over the box naming who is picked
        self.compact = compact
        self.answered = ""  # the text the options on show answer
        self.enter_pending = False  # Enter came before the answer to what is typed

    def compose(self) -> ComposeResult:
        yield Static(classes="picker-chosen")
        yield Input(placeholder=self.placeholder, compact=self.compact, classes="picker-input",
                    id=f"{self.id}-input" if self.id else None)
        yield OptionList(classes="picker-options")

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self._show_chosen()

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def _show_chosen(self) -> None:
        names = self.shown([name for _id, name in self.chosen]) if self.chosen else ""
        chosen = self.query_one(".picker-chosen", Static)
        chosen.update(Text(names))
        chosen.display = bool(names)

    def ask(self) -> tuple[str, frozenset[int]]:
        return self.input.value, frozenset(cid for cid, _ in self.chosen)

    def load(self, asked):
        query, picked = asked
        return query, (self.app.capture.pick_contacts(query, PICKER_ROWS, picked) if query.strip() else [])

    def show(self, found) -> None:
        query, rows = found
        if query != self.input.value:  # typed on since: the answer to that is on its way
            return
        self.answered = query
        options = self.query_one(OptionList)
        options.clear_options()
        for row in rows:
            label = Text(f"{row.name}  {row.company or ''}  {row.title}".rstrip())
            options.add_option(Option(label, id=f"{row.id}:{row.name}"))
        if query.strip():   # nobody, or not the one meant: add them here, the note typed kept
            options.add_option(Option(Text(t("picker.add_new", name=" ".join(query.split()))), id=ADD_NEW))
        options.display = bool(options.option_count)
        if options.option_count:
            options.highlighted = 0
        if self.enter_pending:
            self.enter_pending = False
            if options.option_count:
                self._choose(options.get_option_at_index(0).id)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.enter_pending = False
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter picks the highlighted match; typed faster than the search, the first match of
        the answer to what is typed once it comes. In an empty box it goes on to the form."""
        options = self.query_one(OptionList)
        if event.value.strip() and self.answered != event.value:
            event.stop()
            self.enter_pending = True
        elif options.display and options.option_count:
            event.stop()
            self._choose(options.get_option_at_index(options.highlighted or 0).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def on_key(self, event) -> None:
        if not self.input.has_focus:
            return
        options = self.query_one(OptionList)
        if event.key in ("down", "up") and options.display and options.option_count:
            step = 1 if event.key == "down" else -1
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count
            event.stop()
            event.prevent_default()
        elif event.key == "backspace" and not self.input.value and self.chosen:
            self.chosen.pop()
            self._show_chosen()
            self.post_message(self.Changed(self, added=False))
            event.stop()

    def _choose(self, option_id: str) -> None:
        if option_id == ADD_NEW:
            self.post_message(self.AddWanted(self, " ".join(self.input.value.split())))
            return
        contact_id, name = option_id.split(":", 1)
        self.pick(int(contact_id), name)

    def pick(self, contact_id: int, name: str) -> None:
        """Pick this contact, as if chosen from the list (a new one the form added)."""
        if contact_id not in [c for c, _ in self.chosen]:
            self.chosen.append((contact_id, name))
        self._show_chosen()
        self.input.value = ""
        self.query_one(OptionList).display = False
        self.post_message(self.Changed(self, added=True))
