"""The rep's own name (asked on the first run, kept in config.toml, named in the minutes) and
people added on the way: quick log's "add 张三 at …", the company and position-tier suggestions
of the contact form."""

from __future__ import annotations

from datetime import datetime, timedelta

from clientbook import config
from clientbook.cli import should_ask_name
from clientbook.domain.contacts import validate_contact
from clientbook.domain.meal_forms import OurDiner, PlanInput
from clientbook.domain.meals.enums import OurRole
from clientbook.domain.meals.minutes import minutes_markdown
from clientbook.i18n import set_language
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app, screen_name, settle

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
