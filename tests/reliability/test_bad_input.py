"""Whatever a rep types — emoji, control characters, markup-looking brackets, % _ ' ",
10,000-character notes — is either refused with a message or stored and shown again."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, Input, Static

from clientbook.domain.contacts import validate_contact
from clientbook.domain.interactions import validate_log
from clientbook.domain.text import clean_text
from clientbook.store import open_store
from conftest import NOW
from ui_support import make_app

NASTY = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(list("%_'\"\\[]/\x00\x1b\t\n😀张三")),
    max_size=60,
)


def test_contacts_with_any_text_round_trip_and_search_never_fails(tmp_path):
    store = open_store(tmp_path / "book.db", NOW)  # one book for all examples: opening is the slow part
    try:
        round_trip(store)
    finally:
        store.close()


@settings(max_examples=80, deadline=None)
@given(name=NASTY, notes=NASTY, query=NASTY)
def round_trip(store, name, notes, query):
    data, errors = validate_contact({"name": name, "notes": notes, "tags": notes, "company": name})
    if errors:
        assert data is None and all(e.message("en") and e.message("zh") for e in errors.values())
    else:
        contact_id = store.contacts.add_contact(data, NOW)
        stored = store.contacts.get_contact(contact_id).contact
        assert stored.name == clean_text(name) and stored.notes == clean_text(notes)
        assert contact_id in {row.id for row in store.contacts.search_contacts(stored.name)}
    store.contacts.search_contacts(query)
    store.contacts.list_companies(query)
    store.capture.search_notes(query)


def test_long_notes_and_follow_ups_are_kept_whole(tmp_path):
    store = open_store(tmp_path / "book.db", NOW)
    contact, _ = validate_contact({"name": "张三"})
    contact_id = store.contacts.add_contact(contact, NOW)
    long_note = ("谈了二期报价，月饼 " * 1200)[:10_000]
    data, errors = validate_log({"kind": "meal", "summary": "饭局", "notes": long_note,
                                 "followup_when": "+1d", "followup_what": "😀 [bold]发[/] 报价 %_'\""}, [contact_id], NOW)
    assert not errors
    interaction_id = store.capture.log_interaction(data, NOW)
    view = store.capture.get_interaction(interaction_id)
    assert view.interaction.notes == long_note.strip()
    assert view.followups[0].what == "😀 [bold]发[/] 报价 %_'\""
    assert store.capture.search_notes("月饼")[0].ref_id == interaction_id
    store.close()


def random_text(rng: random.Random) -> str:
    pool = "张三李四月饼报价abcXYZ019 %_'\"\\[]/[bold]😀\x07\t—·、，。"
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, 40)))


async def test_random_text_in_every_contact_form_field(tmp_path):
    """Type random text into every field and save: no crash, and anything saved shows again."""
    store = open_store(tmp_path / "book.db", NOW)
    app = make_app(tmp_path / "book.db", store=store)
    rng = random.Random(7)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for _round in range(3):
            await pilot.press("2", "a")
            await pilot.pause()
            form = app.screen
            for field in form.query(Input):
                field.value = random_text(rng)
            form.query_one("#f-name", Input).value = random_text(rng) or "名"
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()  # the form saves in a worker
            await pilot.pause()
            if app.screen is form:  # refused: errors are shown, the typed values are still there
                shown = [str(w.render()) for w in form.query(".field-error")]
                assert any(shown)
                form.query_one("#f-name", Input).value = "名字"
                for field_id in ("#f-phones", "#f-wechat", "#f-emails", "#f-urls", "#f-nickname", "#f-birthday",
                                 "#f-cadence_days"):
                    form.query_one(field_id, Input).value = ""
                await pilot.press("ctrl+s")
                await app.workers.wait_for_complete()
                await pilot.pause()
            assert app.screen.__class__.__name__ == "ContactScreen"
            assert app.screen.query_one("#contact-fields", Static).render()
            await pilot.press("escape", "1")
            await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one("#contacts", DataTable).row_count == 3
    store.close()
