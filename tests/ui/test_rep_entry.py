"""The rep's own name (asked on the first run, kept in config.toml, named in the minutes) and
people added on the way: quick log's "add 张三 at …", the company and position-tier suggestions
of the contact form."""

from __future__ import annotations

from datetime import datetime, timedelta

from textual.widgets import Input, OptionList, Select

from clientbook import config
from clientbook.cli import should_ask_name
from clientbook.domain.contacts import validate_contact
from clientbook.domain.enums import Position
from clientbook.domain.meal_forms import OurDiner, PlanInput
from clientbook.domain.meals.enums import OurRole
from clientbook.domain.meals.minutes import minutes_markdown
from clientbook.i18n import set_language
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, plain, screen_name, settle, text

SIZE = (80, 24)


def test_the_name_is_asked_once_only_with_a_terminal_and_never_in_the_demo(tmp_path):
    path = tmp_path / "config.toml"
    assert should_ask_name(config.load(path), demo=False, terminal=True)       # never asked
    assert not should_ask_name(config.load(path), demo=False, terminal=False)  # `clientbook < file`
    assert not should_ask_name(config.load(path), demo=True, terminal=True)    # the demo has one
    config.save(config.Settings(my_name=""), path)                              # skipped: asked
    assert not should_ask_name(config.load(path), demo=False, terminal=True)
    config.save(config.Settings(my_name='李"明\\'), path)                       # TOML-quoted
    assert config.load(path).my_name == '李"明\\'


async def test_the_first_run_asks_the_name_and_the_minutes_use_it(tmp_path):
    store = open_store(tmp_path / "book.db", NOW)
    data, _ = validate_contact({"name": "张伟", "company": "华为"})
    zhang = store.contacts.add_contact(data, NOW - timedelta(days=30))
    meal_id = store.meals.add_meal(PlanInput(planned_at=datetime(2026, 11, 24, 19, 0), guests=[(zhang, "张伟")],
                                             ours=[OurDiner("", OurRole.ME)], title="潮汕火锅"), NOW)
    set_language("zh")
    app = make_app(tmp_path / "book.db", store=store, ask_name=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert screen_name(app) == "MyNameForm"
        await pilot.press(*"李明", "enter")
        await settle(app, pilot)
        assert screen_name(app) == "TodayScreen"
        assert config.load().my_name == "李明"
        assert "- 我方：李明\n" in minutes_markdown(app.meals.minutes_facts(meal_id), "zh")


async def test_a_skipped_name_is_not_asked_again(tmp_path):
    app = make_app(tmp_path / "book.db", ask_name=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert screen_name(app) == "TodayScreen"
    assert config.load().my_name == "" and not should_ask_name(config.load(), demo=False, terminal=True)


async def test_an_unknown_name_in_quick_log_adds_the_contact_and_logs_on_them_with_the_note_kept(tmp_path):
    store = open_store(tmp_path / "book.db", NOW)
    for name, company, title in (("张伟", "华为", "采购总监"), ("赵敏", "比亚迪汽车", "")):
        data, _ = validate_contact({"name": name, "company": company, "title": title})
        store.contacts.add_contact(data, NOW - timedelta(days=30))
    set_language("zh")
    app = make_app(tmp_path / "book.db", store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        log = app.screen
        log.query_one("#f-summary", Input).focus()
        await pilot.press(*"谈了二期报价")
        log.query_one("#f-contact-input", Input).focus()
        await pilot.press(*"张三")
        await settle(app, pilot)
        options = log.query_one("#f-contact OptionList", OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            text("picker.add_new", name="张三")]                     # nobody else: the one choice
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert screen_name(app) == "NewContactForm" and form.query_one("#f-name", Input).value == "张三"
        assert form.focused is form.query_one("#f-company", Input)   # the name came typed
        await pilot.press("h", "w")                                   # pinyin of a known company
        await settle(app, pilot)
        assert plain(form.query_one("#hint-company")) == text("contact.company_known", name="华为")
        await pilot.press("right")                                    # takes it
        assert form.query_one("#f-company", Input).value == "华为"
        assert plain(form.query_one("#hint-company")) == ""
        await pilot.press("tab", *"采购经理")
        await settle(app, pilot)
        assert form.query_one("#f-position", Select).value == Position.MANAGER.value   # the title's tier
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is log                                      # back, with them picked
        [(new_id, new_name)] = log.chosen
        assert new_name == "张三"
        assert log.query_one("#f-summary", Input).value == "谈了二期报价"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "TodayScreen"
        [row] = store.agenda.recent_interactions()
        assert row.contacts == "张三" and row.summary == "谈了二期报价"
        zhang = store.contacts.contact_input(new_id)
        assert (zhang.company, zhang.title, zhang.position) == ("华为", "采购经理", Position.MANAGER)

        # A new company close to a known one is said as typed, and made only on a second save.
        await pilot.press("l", *"李四")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        await pilot.press(*"华为技术")
        await settle(app, pilot)
        assert plain(form.query_one("#error-company")) == text("contact.company_close", close="华为")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and "华为技术" in plain(form.query_one("#error-company"))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen_name(app) == "QuickLog" and app.screen.chosen[0][1] == "李四"
    assert {c.name: c.contacts for c in store.contacts.list_companies()} == {"华为": 2, "华为技术": 1, "比亚迪汽车": 1}


def test_the_shell_asks_only_at_a_terminal_and_the_demo_brings_its_own_rep(tmp_path, monkeypatch):
    from clientbook import cli
    from clientbook.demo import DEMO_REP_NAME

    seen = []
    monkeypatch.setattr("clientbook.ui.app.run_app",
                        lambda path, settings, ask_name: seen.append((settings.my_name, ask_name)) or 0)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert cli.main(["--db", str(tmp_path / "book.db")]) == 0
    assert cli.main(["--demo"]) == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert cli.main(["--db", str(tmp_path / "book.db")]) == 0
    assert seen == [(None, True), (DEMO_REP_NAME, False), (None, False)]
    assert config.load().my_name is None   # the demo's name is not kept
