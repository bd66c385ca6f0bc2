"""The one form: a modal screen over a list of field specs. Each field gets its label, its widget,
a hint line and an error line; save validates the whole form (raw values -> (T, errors)), shows
each error under its field in the rep's language and keeps every value typed; a valid form saves
through SavesInWorker and closes with the validated T (None when cancelled)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from clientbook.domain.interactions import RELATIONSHIP_MARKS
from clientbook.domain.text import FieldError
from clientbook.i18n import language, t
from clientbook.ui.base import CANCEL, SAVE, ConfirmDiscard, SavesInWorker, TranslatedBindings
from clientbook.ui.widgets.contact_picker import ContactPicker
from clientbook.ui.widgets.fields import FieldMessage
from clientbook.ui.widgets.footer import KeysFooter
from clientbook.ui.widgets.marks import FULL_LABELS, MARK_KEYS, MARK_NAMES, MarksRow

T = TypeVar("T")


class Kind(str, Enum):
    INPUT = "input"    # one line of text
    TEXT = "text"      # long text (notes)
    CHOICE = "choice"  # one member of a labelled enum (Field.choices)
    DATE = "date"      # a day as the rep writes it ("明天", "11-28"): the hint says how it was read
    MONEY = "money"    # an amount as domain/money.parse_money reads it ("1.2万", "¥300")
    NUMBER = "number"  # a number, shown as typed: its validator says which (a whole number of days…)
    CHECK = "check"    # yes or no ("1" / "0"), the label beside the box
    CONTACTS = "contacts"  # people from the book, picked by name (`FormScreen.picked`, not a text value)
    MULTI = "multi"    # any of the form's `options(field)`, ticked in a list (`FormScreen.picked`)
    OPTION = "option"  # one of the form's `options(field)` (records from the book: a deal), or none
    PROMISE = "promise"  # whose promise a follow-up is: ours ("1", as a new one starts) or theirs ("0")
    MARKS = "marks"    # the relationship marks space, info_quality, coach on one line (widgets/marks.py)


@dataclass(frozen=True)
class Field:
    """One field of a form. A CHOICE lists the members of `choices` by their labels; with a
    `blank_key` it may be left unchosen (that key is the prompt), without one it starts on the
    first member. A subclass may use a kind of its own, built by its `field_widget`."""

    name: str
    label_key: str  # "": no label (a choice the title already names, as a level form's level)
    placeholder_key: str = ""
    kind: Kind | str = Kind.INPUT
    choices: type[Enum] | None = None
    blank_key: str = ""
    help_key: str = ""  # a line under the box on how to write it


def choice_value(member: Enum) -> str:
    """A choice as the form holds it: the member's value as text (Level 3 -> "3")."""
    return str(member.value)


def date_hint(text: str, now) -> tuple[str, bool]:
    """What a typed date was understood as, or the reason it was not (text, ok): the one date
    hint of every form."""
    from clientbook.domain.dates import DateParseError, describe_when, parse_when

    if not text.strip():
        return "", True
    try:
        return describe_when(parse_when(text, now), language()), True
    except DateParseError as exc:
        return exc.message(language()), False


def live_problem(field: Field, value: str, now) -> tuple[str, str]:
    """(hint, error) to show under a field while it is typed: how a date was read, or why a date
    or an amount cannot be read; the form's validate function has the last word on save."""
    if not value.strip():
        return "", ""
    if field.kind == Kind.DATE:
        hint, ok = date_hint(value, now)
        return (hint, "") if ok else ("", hint)
    if field.kind == Kind.MONEY:
        from clientbook.domain.money import parse_money

        try:
            parse_money(value)
        except ValueError:
            return "", t("form.error.number", value=value)
    return "", ""


class FormScreen(SavesInWorker, ConfirmDiscard, TranslatedBindings, ModalScreen[T]):
    """A form over FIELDS. Subclasses give FIELDS and `validate(raw) -> (T | None, {name: FieldError})`;
    `hint(name, value)` may add a live hint of their own (a birthday's next date). A CONTACTS or
    MULTI field starts on `picked[name]` (a MULTI's values in order) and what is picked in it is
    read with `picked(name)`."""

    BINDINGS = [SAVE, CANCEL, *MARK_KEYS]   # the mark keys act in a form with a MARKS field
    FIELDS: ClassVar[list[Field]] = []
    FORM_CLASSES: ClassVar[str] = ""  # "small-form": a narrow box for a form of a few short fields
    COMPACT: ClassVar[bool] = True    # one-line boxes; a long form of its own look (a meal's) has full ones
    KEYS: ClassVar[str] = "form.keys"  # the line of keys under the buttons

    def __init__(self, values: dict[str, str] | None = None, title: str | Text = "",
                 picked: dict[str, list[tuple[int, str]]] | None = None) -> None:
        super().__init__()
        self.initial = values or {}
        self.initial_picked = picked or {}
        self.form_title = title

    @property
    def AUTO_FOCUS(self) -> str:  # noqa: N802 (Textual's name)
        """Textual focuses the first focusable widget as the form is built, and each focus change
        restyles the whole form: aim that first focus at the form's first field (a group's first
        box), so the minutes form is not restyled twice on opening."""
        first = f"#f-{self.first_field()}"
        return f"{first}, {first} Input, {first} Select, {first} TextArea"

    def validate(self, raw: dict[str, str]) -> tuple[T | None, dict[str, FieldError]]:
        raise NotImplementedError

    def field(self, name: str) -> Field:
        return next(field for field in self.FIELDS if field.name == name)

    # ------------------------------------------------------------ building
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form", classes=self.FORM_CLASSES):
            # Plain text: the title names the record ("Edit [VIP] 张三"), never read as markup.
            title = Text(self.form_title) if isinstance(self.form_title, str) else self.form_title
            yield Static(title, classes="form-title")
            for field in self.FIELDS:
                if field.label_key and field.kind != Kind.CHECK:
                    yield Label(t(field.label_key), id=f"label-{field.name}", classes="field-label")
                yield self.field_widget(field)
                if field.help_key:
                    yield Static(t(field.help_key), classes="field-help", id=f"help-{field.name}")
                yield FieldMessage(id=f"hint-{field.name}", classes="field-hint")
                yield FieldMessage(id=f"error-{field.name}", classes="field-error")
            # Docked at the box's foot, so save stays in sight however long the form (80×24).
            with Vertical(classes="form-actions"):
                with Horizontal(classes="form-buttons"):
                    yield Button(t("form.save"), variant="primary", id="save")
                    yield Button(t("form.cancel"), id="cancel")
                yield Static(t(self.KEYS), classes="form-keys")
        yield KeysFooter()  # the form's keys, over the page's

    def field_widget(self, field: Field) -> Widget:
        value = self.initial.get(field.name, "")
        wid = f"f-{field.name}"
        compact = self.COMPACT
        placeholder = t(field.placeholder_key) if field.placeholder_key else ""
        if field.kind == Kind.CHOICE:
            options = [(member.label(), choice_value(member)) for member in field.choices]
            if field.blank_key:
                return Select(options, value=value or Select.NULL, prompt=t(field.blank_key), compact=compact, id=wid)
            return Select(options, value=value or self.blank(field), allow_blank=False, compact=compact, id=wid)
        if field.kind == Kind.OPTION:
            options = [(Text(label), str(option)) for label, option in self.options(field)]
            chosen = value if value in {option for _label, option in options} else Select.NULL
            return Select(options, value=chosen, prompt=t(field.blank_key), compact=compact, id=wid)
        if field.kind == Kind.PROMISE:
            return Select([(t("log.promise.ours"), "1"), (t("log.promise.theirs"), "0")], value=value or "1",
                          allow_blank=False, compact=compact, id=wid)
        if field.kind == Kind.TEXT:
            return TextArea(value, id=wid, soft_wrap=True, tab_behavior="focus")
        if field.kind == Kind.CHECK:
            return Checkbox(t(field.label_key), value=value == "1", id=wid)
        if field.kind == Kind.CONTACTS:
            return ContactPicker(self.initial_picked.get(field.name, []), placeholder, compact=compact, id=wid)
        if field.kind == Kind.MARKS:
            return MarksRow(self.initial, id=wid)
        if field.kind == Kind.MULTI:
            ticked = self.initial_picked.get(field.name, [])
            return SelectionList(*[Selection(Text(label), option, option in ticked)
                                   for label, option in self.options(field)], id=wid)
        return Input(value=value, placeholder=placeholder, compact=compact, id=wid)

    @property
    def focus_chain(self) -> list[Widget]:
        """Textual orders focus by place on screen, and the buttons docked at the box's foot sit
        above the fields scrolled below them (at 80×24, Tab from the phones went to Save, then
        on to WeChat): the fields first, in order, then the buttons."""
        chain = super().focus_chain
        actions = self.query_one(".form-actions")
        return ([widget for widget in chain if actions not in widget.ancestors]
                + [widget for widget in chain if actions in widget.ancestors])

    def show_field(self, name: str, shown: bool) -> None:
        """Show or hide a field with its label and lines (an e-mail's cc, only for an e-mail)."""
        for part in ("label", "f", "help") if shown else ("label", "f", "help", "hint", "error"):
            for widget in self.query(f"#{part}-{name}"):
                widget.display = shown

    def marks_field(self) -> str | None:
        return next((field.name for field in self.FIELDS if field.kind == Kind.MARKS), None)

    def check_action(self, action: str, parameters) -> bool | None:
        return self.marks_field() is not None if action == "mark" else True

    def action_mark(self, name: str) -> None:
        """F3 / F4 / F5: the next space, information or coach mark, from any field."""
        field = self.marks_field()
        if field is not None:
            self.query_one(f"#f-{field}", MarksRow).cycle(name)
            self._cancel_armed = False

    def options(self, field: Field) -> list[tuple[str, object]]:
        """A MULTI or OPTION field's (label, value) pairs: what the form was opened on offers them."""
        raise NotImplementedError

    def offer(self, name: str, options: list[tuple[str, object]]) -> None:
        """New choices for an OPTION field (who was picked changed what there is to choose): what
        was chosen stays chosen while it is still offered; with nothing to offer, the field and
        its label are out of sight."""
        select = self.query_one(f"#f-{name}", Select)
        chosen = select.value
        select.set_options([(Text(label), str(option)) for label, option in options])
        if any(str(option) == chosen for _label, option in options):
            select.value = chosen
        for node in (select, *self.query(f"#label-{name}")):
            node.display = bool(options)

    def blank(self, field: Field) -> str:
        """A field's value on an empty form: a choice that cannot be left blank starts on its first
        member, a check box unticked."""
        if field.kind == Kind.CHOICE and not field.blank_key:
            return choice_value(next(iter(field.choices)))
        if field.kind == Kind.CHECK:
            return "0"
        if field.kind == Kind.PROMISE:
            return "1"
        return ""

    _typed_early = ""   # typed before the first field had focus (see on_key)

    def on_mount(self) -> None:
        self.focus_field(self.first_field())
        for field in self.FIELDS:
            self.hint(field.name, self.initial.get(field.name, ""))

    def on_key(self, event: events.Key) -> None:
        # A form opens at once on its key, but its first field takes focus a moment later: what
        # the rep types in that moment (l, then a name) reaches the form itself. A text box takes
        # every printable key it gets, so one here was typed before a box had focus: keep it for
        # the box that has focus now, or the first to get it.
        if not event.is_printable:
            return
        event.stop()
        self._typed_early += event.character
        if isinstance(self.focused, (Input, TextArea)):
            self._type_early(self.focused)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self._typed_early and isinstance(event.widget, (Input, TextArea)):
            self._type_early(event.widget)

    def _type_early(self, box: Input | TextArea) -> None:
        typed, self._typed_early = self._typed_early, ""
        if isinstance(box, Input):
            box.insert_text_at_cursor(typed)
        else:
            box.insert(typed)

    def first_field(self) -> str:
        """The field the form opens on."""
        return self.FIELDS[0].name

    def focus_field(self, name: str) -> None:
        field = self.query_one(f"#f-{name}")
        widget = field
        if not widget.can_focus:  # a group (contact picker, a form's own rows): its first box
            boxes = widget.query("Input, Select, TextArea")
            if not boxes:  # nothing to type in (the marks' line: its keys work from any field)
                return
            widget = boxes.first()
        widget.focus(scroll_visible=False)
        # Its label at the top of the box once laid out (the minutes open on what was discussed,
        # below the list of who came): focusing alone left the label under the box's top edge.
        form = self.query_one("#form")
        if name == self.FIELDS[0].name:
            self.call_after_refresh(form.scroll_home, animate=False)
            return
        siblings = list(field.parent.children)
        label = next((w for w in reversed(siblings[:siblings.index(field)]) if isinstance(w, Label)), field)
        self.call_after_refresh(form.scroll_to_widget, label, top=True, animate=False)

    # ------------------------------------------------------------ reading
    def values(self) -> dict[str, str]:
        """Every field as text but the picked ones (see `picked`) and a form's own groups."""
        result = {}
        for field in self.FIELDS:
            widget = self.query_one(f"#f-{field.name}")
            if isinstance(widget, MarksRow):
                result.update(widget.values)
                continue
            if field.kind in (Kind.CONTACTS, Kind.MULTI) or not isinstance(widget, (Select, TextArea, Checkbox, Input)):
                continue  # picked ones, and a form's own group read by the form
            if isinstance(widget, Select):
                result[field.name] = "" if widget.value in (Select.NULL, None) else str(widget.value)
            elif isinstance(widget, TextArea):
                result[field.name] = widget.text
            elif isinstance(widget, Checkbox):
                result[field.name] = "1" if widget.value else "0"
            else:
                result[field.name] = widget.value
        return result

    def picked(self, name: str) -> list:
        """What is picked in a CONTACTS field, (contact id, name) in the order picked, or ticked in
        a MULTI one, the values in order."""
        widget = self.query_one(f"#f-{name}")
        return list(widget.chosen) if isinstance(widget, ContactPicker) else sorted(widget.selected)

    def changed(self) -> bool:
        values = self.values()
        picks = [field.name for field in self.FIELDS if field.kind in (Kind.CONTACTS, Kind.MULTI)]
        expected = {}
        for field in self.FIELDS:
            if field.kind == Kind.MARKS:
                expected.update({name: self.initial.get(name) or "" for name in MARK_NAMES})
            elif field.name in values:
                expected[field.name] = self.initial.get(field.name, self.blank(field))
        return (values != expected
                or any(self.picked(name) != self.initial_picked.get(name, []) for name in picks))

    # ------------------------------------------------------------ live hints and errors
    def hint(self, name: str, value: str) -> None:
        """The live hint (and error) under a field as it is typed; the form's own hints go here."""
        field = self.field(name)
        if field.kind not in (Kind.DATE, Kind.MONEY):
            return
        hint, error = live_problem(field, value, self.app.now())
        self.query_one(f"#hint-{name}", Static).update(Text(hint))
        self.query_one(f"#error-{name}", Static).update(Text(error))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._cancel_armed = False
        picker = next((node for node in event.input.ancestors if isinstance(node, ContactPicker)), None)
        name = ((picker or event.input).id or "").removeprefix("f-")  # a contact box is its picker's
        self.query_one(f"#error-{name}", Static).update(Text(""))
        self.hint(name, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._cancel_armed = False
        name = (event.text_area.id or "").removeprefix("f-")
        self.query_one(f"#error-{name}", Static).update(Text(""))
        self.hint(name, event.text_area.text)

    def on_contact_picker_changed(self, event: ContactPicker.Changed) -> None:
        self._picked_changed(event.picker.id)

    def on_contact_picker_add_wanted(self, event: ContactPicker.AddWanted) -> None:
        """"Add 张三 at …" in a contact box: the new-contact form over this one, which stays as
        typed; once saved, the new contact is picked here."""
        from clientbook.ui.forms.contact import new_contact_flow
        from clientbook.ui.forms.flow import run_flow

        run_flow(self.app, new_contact_flow(event.name, event.picker.pick))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._picked_changed(event.selection_list.id)

    def _picked_changed(self, widget_id: str | None) -> None:
        self._cancel_armed = False
        self.query_one(f"#error-{(widget_id or '').removeprefix('f-')}", Static).update(Text(""))

    # ------------------------------------------------------------ saving
    def action_save(self) -> None:
        data, errors = self.validate(self.values())
        # a field may have several problems (each line of a long text its own): a list of them
        found = {name: error if isinstance(error, list) else [error] for name, error in errors.items()}
        for name in MARK_NAMES:  # a mark's problem is said under the marks' line
            if name in found and self.marks_field():
                found.setdefault(self.marks_field(), []).extend(found.pop(name))
        for field in self.FIELDS:
            messages = "\n".join(error.message() for error in found.get(field.name, []))
            self.query_one(f"#error-{field.name}", Static).update(Text(messages))
        if errors:
            self.focus_field(next(field.name for field in self.FIELDS if field.name in found))
            self.notify(t("form.fix_errors", count=sum(len(v) for v in found.values())), severity="error")
            return
        self.save(data)

    def field_label(self, name: str) -> str:
        if name in MARK_NAMES:
            return t(FULL_LABELS[name])
        field = self.field(name)
        return t("conflict.whose") if field.kind == Kind.PROMISE else t(field.label_key)

    def shown(self, name: str, value: str) -> str:
        """A value as the rep reads it in the conflict table: a choice by its label."""
        if name in MARK_NAMES:
            return dict(RELATIONSHIP_MARKS)[name](value).label() if value else "–"
        field = self.field(name)
        if field.kind == Kind.CHOICE and value:
            return next((member.label() for member in field.choices if choice_value(member) == value), value)
        if field.kind == Kind.OPTION and value:
            return next((label for label, option in self.options(field) if str(option) == value), value)
        if field.kind == Kind.CHECK:
            return "✓" if value == "1" else "✗"
        if field.kind == Kind.PROMISE:
            return t("log.promise.ours" if value == "1" else "log.promise.theirs")
        return value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
