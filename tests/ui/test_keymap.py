"""[keymap] in config.toml: the rep's own keys for any binding id; a misspelt id is reported."""

from __future__ import annotations

import re
from pathlib import Path

from clientbook import config, paths
from clientbook.ui.keymap import all_bindings, unknown_ids
from conftest import NOW, demo_book_at
from ui_support import make_app, record_notifications, screen_name, settle, text

README = Path(__file__).resolve().parents[2] / "README.md"


def write_config(body: str) -> None:
    folder = paths.ensure_private_dir(paths.home())
    (folder / paths.CONFIG_FILENAME).write_text(body, encoding="utf-8")


def test_keymap_is_read_from_config_and_kept_when_saved(tmp_path):
    write_config('language = "zh"\n[keymap]\n"go.contacts" = "9"\n"form.save" = "ctrl+s,f5"\nbad = 3\n')
    settings = config.load()
    assert settings.keymap == {"go.contacts": "9", "form.save": "ctrl+s,f5"}   # a number is no keys
    config.save(settings, tmp_path / "again.toml")
    assert config.load(tmp_path / "again.toml").keymap == settings.keymap


def test_every_binding_has_an_id_known_to_the_keymap_and_listed_in_the_readme():
    bindings = all_bindings()
    assert {"go.today", "go.contacts", "quick_log", "palette"} <= set(bindings)
    assert unknown_ids({"go.contacts": "9", "go.contactz": "8"}) == ["go.contactz"]
    listed = set(re.findall(r"`([a-z_.]+)`", README.read_text(encoding="utf-8")))
    assert set(bindings) - listed == set(), "binding ids missing from the README's keymap list"


async def test_a_remapped_key_moves_the_binding_and_an_unknown_id_is_reported(tmp_path):
    write_config('[keymap]\n"go.contacts" = "9"\n"go.contactz" = "8"\n')
    book = tmp_path / "demo.db"
    demo_book_at(book, NOW)
    app = make_app(book)
    seen = record_notifications(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        assert any(text("keymap.unknown", ids="go.contactz") == message for message in seen), seen
        await pilot.press("2")            # the default key no longer does it
        await settle(app, pilot)
        assert screen_name(app) == "TodayScreen"
        await pilot.press("9")
        await settle(app, pilot)
        assert screen_name(app) == "ContactsScreen"
