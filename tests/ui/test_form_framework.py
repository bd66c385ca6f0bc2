"""The one form framework (ui/forms/form.py): a FormScreen over field specs, driven through Pilot —
a wrong value keeps the whole form and says why under its field in the rep's language, save
returns the validated value, Esc with changes warns once, and save is the one remappable `form.save`."""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Input, Select, Static, TextArea

from clientbook.domain.dates import DateParseError, describe_when, parse_when
from clientbook.domain.enums import Level
from clientbook.domain.money import parse_money
from clientbook.domain.text import FieldError
from clientbook.i18n import set_language
from clientbook.ui.base import saving
from clientbook.ui.forms.form import Field, FormScreen, Kind
from conftest import NOW
from ui_support import make_app, plain, record_notifications, screen_name, start, text

SIZE = (120, 40)


@dataclass(frozen=True)
class Visit:
    name: str
    level: Level
    when: str
    cost: float | None
    notes: str


def validate_visit(raw: dict[str, str]) -> tuple[Visit | None, dict[str, FieldError]]:
    errors = {}
    if not raw["name"].strip():
        errors["name"] = FieldError("form.error.required")
    try:
        cost = parse_money(raw["cost"])
    except ValueError:
        cost, errors["cost"] = None, FieldError("form.error.number", {"value": raw["cost"]})
    if raw["when"].strip():
        try:
            parse_when(raw["when"], NOW)
        except DateParseError:
            errors["when"] = FieldError("form.error.required")
    if errors:
        return None, errors
    return Visit(raw["name"].strip(), Level(int(raw["level"])), raw["when"].strip(), cost, raw["notes"]), {}


class VisitForm(FormScreen[Visit]):
    FIELDS = [
        Field("name", "field.name", "ph.name"),
        Field("level", "field.level", kind=Kind.CHOICE, choices=Level),
        Field("when", "log.when", "log.when_placeholder", kind=Kind.DATE),
        Field("cost", "log.cost", kind=Kind.MONEY),
        Field("notes", "field.notes", kind=Kind.TEXT),
    ]

    def validate(self, raw):
        return validate_visit(raw)


async def open_form(app, pilot, form: VisitForm) -> tuple[VisitForm, list]:
    results: list = []
    await start(app, pilot)
    app.push_screen(form, results.append)
    await pilot.pause()
    assert app.screen is form
    return form, results


async def type_into(pilot, form, name: str, value: str) -> None:
    field = form.query_one(f"#f-{name}", Input)
    field.focus()
    if value.isascii():
        await pilot.press(*value)
    else:  # the Pilot presses keys by name; Chinese goes in as the input method would put it
        field.insert_text_at_cursor(value)
    await pilot.pause()


async def test_a_wrong_value_keeps_the_form_and_says_why_under_its_field_in_chinese(book_path):
    set_language("zh")
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        form, results = await open_form(app, pilot, VisitForm(title="拜访"))
        assert plain(form.query(".field-label").first()) == "姓名"
        assert form.query_one("#f-level", Select).value == "0"   # a level cannot be blank: it starts on the first
        await type_into(pilot, form, "name", "王总")
        form.query_one("#f-level", Select).value = "3"
        await type_into(pilot, form, "cost", "abc")
        form.query_one("#f-notes", TextArea).text = "带茶叶"
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert app.screen is form and results == []
        assert plain(form.query_one("#error-cost", Static)) == text("form.error.number", value="abc")
        assert "不是数字" in plain(form.query_one("#error-cost", Static))
        assert plain(form.query_one("#error-name", Static)) == ""
        assert form.values() == {"name": "王总", "level": "3", "when": "", "cost": "abc", "notes": "带茶叶"}
        assert app.focused is form.query_one("#f-cost")


async def test_save_returns_the_validated_value_and_the_save_sees_it(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        saved: list[Visit] = []
        form, results = await open_form(app, pilot, saving(VisitForm({"name": "Wang"}, "Visit"),
                                                          lambda data, _expected: saved.append(data) or 7))
        await type_into(pilot, form, "cost", "1.2w")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()

        expected = Visit("Wang", Level.STRANGER, "", 12_000.0, "")
        assert results == [expected] and saved == [expected] and form.result == 7
        assert screen_name(app) != "VisitForm"


async def test_an_amount_that_cannot_be_read_is_said_as_it_is_typed(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        form, _results = await open_form(app, pilot, VisitForm())
        await type_into(pilot, form, "cost", "12x")
        assert plain(form.query_one("#error-cost", Static)) == text("form.error.number", value="12x")
        await pilot.press("backspace")   # "12": an amount again
        assert plain(form.query_one("#error-cost", Static)) == ""


async def test_a_date_field_says_how_it_was_read_or_why_not_as_it_is_typed(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        form, _results = await open_form(app, pilot, VisitForm())
        await type_into(pilot, form, "when", "tomorrow 3pm")
        assert plain(form.query_one("#hint-when", Static)) == describe_when(parse_when("tomorrow 3pm", NOW), "en")
        assert plain(form.query_one("#error-when", Static)) == ""
        form.query_one("#f-when", Input).value = "someday"
        await pilot.pause()
        assert plain(form.query_one("#hint-when", Static)) == ""
        assert plain(form.query_one("#error-when", Static)) != ""


async def test_escape_with_changes_warns_once_then_discards(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        form, results = await open_form(app, pilot, VisitForm())
        seen = record_notifications(app)
        await type_into(pilot, form, "name", "Li")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form and seen == [text("form.discard_confirm")]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not form and results == [None]
        assert seen == [text("form.discard_confirm")]


async def test_escape_on_an_untouched_form_closes_it_at_once(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        form, results = await open_form(app, pilot, VisitForm({"name": "Li", "level": "2"}))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not form and results == [None]


async def test_the_form_save_id_saves_and_follows_the_keymap(book_path):
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        app.set_keymap({"form.save": "f5"})
        form, results = await open_form(app, pilot, VisitForm({"name": "Li"}))
        await pilot.press("ctrl+s")   # no longer bound: the rep moved save to f5
        await pilot.pause()
        assert app.screen is form and results == []
        await pilot.press("f5")
        await pilot.pause()
        assert results == [Visit("Li", Level.STRANGER, "", None, "")]


async def test_the_conflict_table_reads_labels_not_codes(book_path):
    set_language("zh")
    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        form, _results = await open_form(app, pilot, VisitForm())
        assert form.field_label("level") == text("field.level")
        assert form.shown("level", "4") == Level(4).label() and form.shown("name", "王总") == "王总"


class InviteForm(FormScreen[dict]):
    """A check box, people from the book and a list to tick: read apart from the text values."""

    FIELDS = [
        Field("who", "meal.field.guests", kind=Kind.CONTACTS),
        Field("room", "meal.field.private_room", kind=Kind.CHECK),
        Field("came", "meal.minutes.attended", kind=Kind.MULTI),
    ]

    def options(self, field):
        return [("Zhang", 1), ("Li", 2), ("Zhao", 3)]

    def validate(self, raw):
        if not self.picked("came"):
            return None, {"came": [FieldError("form.error.required"), FieldError("form.error.required")]}
        return {**raw, "who": self.picked("who"), "came": self.picked("came")}, {}


async def test_picked_fields_are_read_apart_and_count_as_changes(book_path):
    from textual.widgets import Checkbox, SelectionList

    app = make_app(book_path)
    async with app.run_test(size=SIZE) as pilot:
        form, results = await open_form(app, pilot, InviteForm(
            {"room": "1"}, "Invite", {"who": [(7, "王总"), (8, "李工")], "came": [3]}))
        assert app.focused is form.query_one("#f-who").input   # a contacts field opens on its box
        assert form.values() == {"room": "1"} and not form.changed()
        assert form.shown("room", "1") == "✓" and form.shown("room", "0") == "✗"

        form.query_one("#f-came", SelectionList).deselect(3)
        await pilot.pause()
        assert form.changed()
        seen = record_notifications(app)
        await pilot.press("ctrl+s")                              # nothing ticked: two problems, one line each
        await pilot.pause()
        assert app.screen is form and results == []
        assert plain(form.query_one("#error-came", Static)).count("\n") == 1
        assert seen == [text("form.fix_errors", count=2)]

        form.query_one("#f-came", SelectionList).select(2)
        await pilot.pause()
        assert plain(form.query_one("#error-came", Static)) == ""  # ticking clears the error
        form.query_one("#f-who").input.focus()
        await pilot.press("backspace")                           # the empty box drops the last picked
        form.query_one("#f-room", Checkbox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert results == [{"room": "0", "who": [(7, "王总")], "came": [2]}]


async def test_tab_goes_through_every_field_before_the_buttons_on_a_small_terminal(book_path):
    """At 80×12 the buttons docked at the box's foot sit above the fields scrolled below them:
    Tab still goes field after field, then to Save and Cancel."""
    app = make_app(book_path)
    async with app.run_test(size=(80, 12)) as pilot:
        form, _results = await open_form(app, pilot, VisitForm())
        form.query_one("#f-name").focus()
        seen = []
        for _ in range(6):
            seen.append(app.focused.id)
            await pilot.press("tab")
            await pilot.pause()
        assert seen == ["f-name", "f-level", "f-when", "f-cost", "f-notes", "save"]
