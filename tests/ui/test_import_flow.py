"""Pilot flows: the Import screen (path, CSV columns, preview with skip/merge/add, the import
with its progress bar), merging two contacts from Contacts (M … M), and X exports of a
selection from Contacts and from a company's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, ProgressBar, Static

from clientbook.domain.contacts import validate_contact
from clientbook.i18n import set_language, t
from clientbook.store import open_store
from conftest import NOW, emails_of
from ui_support import make_app, plain, rows, settle, start

SIZE = (120, 36)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "book.db"
    store = open_store(path, NOW)
    for raw in ({"name": "张伟", "company": "华为技术", "phones": "138 0013 8000", "level": "4"},
                {"name": "李娜", "company": "华为技术", "phones": "139 1234 5678"},
                {"name": "赵敏", "company": "比亚迪股份有限公司", "wechat": "zhaomin_byd"}):
        data, errors = validate_contact(raw)
        assert not errors
        store.contacts.add_contact(data, NOW)
    store.close()
    return path


async def open_import(app, pilot, path: Path) -> None:
    app.action_import_contacts()
    await pilot.pause()
    screen = app.screen
    assert type(screen).__name__ == "ImportScreen"
    assert screen.query_one("#import-path", Input).has_focus
    screen.query_one("#import-path", Input).value = str(path)
    await pilot.press("enter")
    await settle(app, pilot)


def summary(app) -> str:
    return plain(app.screen.query_one("#import-summary", Static))


# ---------------------------------------------------------------- the Import screen
async def test_import_is_in_the_command_palette(book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert t("interop.palette.import") in titles


async def test_vcard_preview_choices_and_import(book, tmp_path):
    # 张伟 and 李娜 (same phone) and 赵敏 (same WeChat id) are already in the book.
    file = tmp_path / "mixed.vcf"
    file.write_bytes((FIXTURES / "android-21-qp.vcf").read_bytes() + (FIXTURES / "ios-30.vcf").read_bytes()
                     + (FIXTURES / "malformed.vcf").read_bytes())
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await open_import(app, pilot, file)
        screen = app.screen
        assert screen.stage == "preview"
        assert t("interop.summary", new=5, duplicates=3, invalid=1) in summary(app)
        table = screen.query_one("#preview", DataTable)
        assert table.has_focus
        shown = rows(table)
        # Look-alikes first, then what cannot be read, then the new ones.
        assert [r[1] for r in shown[:4]] == [t("interop.status.duplicate")] * 3 + [t("interop.status.invalid")]
        assert shown[0][3] == "张伟" and shown[0][6] == t("interop.short.phone", other="#1 张伟 (华为技术)")
        assert shown[3][3] == "刘强" and "电话待补" in shown[3][6]
        detail = plain(screen.query_one("#import-detail", Static))
        assert "张伟" in detail and "138-0013-8000" in detail
        assert shown[1][6] == t("interop.short.phone", other="#2 李娜 (华为技术)")   # another company
        duplicates = [r[3] for r in shown[:3]]
        assert duplicates == ["张伟", "李娜", "赵敏"]
        await pilot.press("m")                                   # 张伟: merge, cursor moves down
        await pilot.press("s")                                   # 李娜: skip
        await pilot.press("a")                                   # 赵敏: add anyway
        await pilot.pause()
        assert [r[2] for r in rows(table)[:3]] == [t("interop.choice.merge"), t("interop.choice.skip"),
                                                   t("interop.choice.add")]
        assert t("interop.import.choices", skip=1, merge=1, add=1) in summary(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.stage == "done"
        assert screen.result.added == 6 and screen.result.merged == 1 and screen.result.skipped == 1
        status = plain(screen.query_one("#import-status", Static))
        assert status == t("interop.import.done", added=6, merged=1, skipped=1, companies=screen.result.companies)
        assert screen.query_one("#import-progress", ProgressBar).percentage == 1.0
        store = app.store
        assert len(store.contacts.search_contacts("赵敏")) == 2
        [zhang] = store.contacts.search_contacts("张伟")
        assert emails_of(store, zhang.id) == ["zhangwei@huawei.com"]     # filled by the merge
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ != "ImportScreen"


async def test_filter_and_choose_all(book, tmp_path):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await open_import(app, pilot, FIXTURES / "ios-30.vcf")
        screen = app.screen
        table = screen.query_one("#preview", DataTable)
        await pilot.press("f")                                   # look-alikes only
        await pilot.pause()
        assert [r[3] for r in rows(table)] == ["李娜", "赵敏"]
        await pilot.press("M")
        await pilot.pause()
        assert {r[2] for r in rows(table)} == {t("interop.choice.merge")}
        await pilot.press("f", "f")                              # unreadable: none; new: none
        await pilot.pause()
        assert rows(table) == []
        await pilot.press("f")
        await pilot.pause()
        assert len(rows(table)) == 2
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert (screen.result.added, screen.result.merged) == (0, 2)


async def test_csv_columns_can_be_corrected_before_the_preview(book):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await open_import(app, pilot, FIXTURES / "excel-gbk.csv")
        screen = app.screen
        assert screen.stage == "mapping"
        mapping = screen.query_one("#mapping", DataTable)
        assert mapping.has_focus
        assert [r[1] for r in rows(mapping)][:4] == [t("interop.field.name"), t("interop.field.company"),
                                                      t("interop.field.title"), t("interop.field.phones")]
        assert "刘洋 · 陈静 · 孙磊" in rows(mapping)[0][2]
        await pilot.press("down", "down")                        # 职务
        await pilot.press("n")                                   # ignored
        await pilot.press("down", "down", "down", "down", "down", "down")   # 备注
        await pilot.press("n")
        await pilot.pause()
        assert rows(mapping)[2][1] == t("interop.field.ignore") and screen.source.mapping[8] is None
        await pilot.press("up", "up", "up", "up", "up", "up")   # back on 职务
        from clientbook.domain.csv_import import FIELDS

        for _ in range(1 + FIELDS.index("notes")):              # (ignored) → name … → notes
            await pilot.press("space")
        await pilot.pause()
        assert screen.source.mapping[2] == "notes"
        await pilot.press("p")
        await settle(app, pilot)
        assert screen.stage == "preview"
        assert t("interop.summary", new=4, duplicates=0, invalid=2) in summary(app)
        await pilot.press("c")                                   # back to the columns, choices kept
        await pilot.pause()
        assert screen.stage == "mapping" and screen.source.mapping[2] == "notes"
        await pilot.press("p")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [liu] = app.store.contacts.search_contacts("刘洋")
        contact = app.store.contacts.get_contact(liu.id).contact
        assert contact.notes == "采购总监" and contact.title == ""


async def test_a_file_that_cannot_be_read_keeps_the_path(book, tmp_path):
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await open_import(app, pilot, tmp_path / "nope.vcf")
        screen = app.screen
        assert screen.stage == "path"
        assert "nope.vcf" in plain(screen.query_one("#import-status", Static))
        assert screen.query_one("#import-path", Input).value.endswith("nope.vcf")
        assert screen.query_one("#import-path", Input).has_focus


async def test_a_whole_book_into_an_empty_book(tmp_path, book):
    import json

    store = open_store(book, NOW)
    dump = store.interop.dump_book(NOW)
    store.close()
    file = tmp_path / "book.json"
    file.write_text(json.dumps(dump, ensure_ascii=False), encoding="utf-8")
    empty = tmp_path / "empty.db"
    app = make_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await open_import(app, pilot, file)
        assert app.screen.stage == "book"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.stage == "done"
        assert sorted(r.name for r in app.store.contacts.search_contacts()) == ["张伟", "李娜", "赵敏"]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_preview_in_both_languages(book, lang):
    set_language(lang)
    app = make_app(book)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await open_import(app, pilot, FIXTURES / "malformed.vcf")
        text = summary(app)
        assert text.startswith(t("interop.summary", new=3, duplicates=0, invalid=1))
        assert ("无法读取" in text) == (lang == "zh")
        table = app.screen.query_one("#preview", DataTable)
        assert rows(table)[0][3] == "刘强"
        svg = app.export_screenshot()
        assert "刘强" in svg


# ---------------------------------------------------------------- merge from Contacts
async def test_merge_two_records_from_contacts(book):
    store = open_store(book, NOW)
    data, _ = validate_contact({"name": "张伟", "company": "华为技术有限公司", "phones": "010-6552-1234",
                                "emails": "zw@huawei.com", "title": "采购经理"})
    second = store.contacts.add_contact(data, NOW)
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        contacts = app.screen
        table = contacts.query_one("#contacts", DataTable)
        keys = [table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(table.row_count)]
        table.move_cursor(row=keys.index("1"))
        await pilot.press("M")
        await pilot.pause()
        assert contacts.merge_mark == (1, "张伟")
        assert t("interop.merge.mark_line", name="张伟") in plain(contacts.query_one("#filters", Static))
        table.move_cursor(row=keys.index(str(second)))
        await pilot.press("M")
        await settle(app, pilot)  # both sides load in a worker
        merge = app.screen
        assert type(merge).__name__ == "MergeScreen"
        fields = merge.query_one("#merge-fields", DataTable)
        by_field = {fields.coordinate_to_cell_key((i, 0)).row_key.value: [str(c) for c in fields.get_row_at(i)]
                    for i in range(fields.row_count)}
        assert by_field["company"][1:] == ["华为技术", "华为技术有限公司", "华为技术"]
        assert by_field["emails"][3] == "zw@huawei.com"                  # A had none: B's taken
        assert by_field["phones"][3] == "138 0013 8000, 010-6552-1234"  # both
        fields.move_cursor(row=1)                                      # company
        await pilot.press("b")
        await pilot.pause()
        assert [str(c) for c in fields.get_row_at(1)][3] == "华为技术有限公司"
        assert fields.cursor_row == 2                                  # moves on to the next field
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is contacts
        survivor = app.store.contacts.get_contact(1)
        assert survivor.company.name == "华为技术有限公司" and emails_of(app.store, 1) == ["zw@huawei.com"]
        assert app.store.contacts.get_contact(second).contact.archived_at == NOW
        assert [row[0] for row in rows(table)].count("张伟") == 1
        assert contacts.merge_mark is None


async def test_swap_keeps_the_other_record(book):
    store = open_store(book, NOW)
    data, _ = validate_contact({"name": "张伟", "company": "华为"})
    second = store.contacts.add_contact(data, NOW)
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        from clientbook.ui.screens.merge import MergeScreen

        app.push_screen(MergeScreen(1, second))
        await settle(app, pilot)  # both sides load in a worker
        await pilot.press("w")
        await settle(app, pilot)
        assert app.screen.survivor_id == second
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.store.contacts.get_contact(1).contact.archived_at == NOW
        assert app.store.contacts.get_contact(second).contact.archived_at is None
        assert app.store.contacts.get_contact(second).contact.level == 4        # the higher level is proposed


# ---------------------------------------------------------------- X: export a selection
async def test_export_the_filtered_contacts_and_a_companys_people(book, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("CLIENTBOOK_HOME", str(home))
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#search", Input).value = "华为"
        await pilot.pause()
        app.screen.query_one("#contacts", DataTable).focus()
        await pilot.press("X")
        await app.workers.wait_for_complete()       # the selection is read in a worker
        await pilot.pause()
        modal = app.screen
        assert type(modal).__name__ == "ExportSelectionScreen" and len(modal.contact_ids) == 2
        await pilot.press("v")
        await app.workers.wait_for_complete()       # written in a worker
        await pilot.pause()
        written = modal.written
        assert written.parent == home / "exports" and written.suffix == ".vcf"
        assert str(written) in plain(modal.query_one("#export-path", Static))
        data = written.read_bytes()
        assert data.count(b"BEGIN:VCARD") == 2 and "赵敏".encode() not in data
        assert oct(written.stat().st_mode & 0o777) == "0o600"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("3")
        await pilot.pause()
        from clientbook.ui.screens.company import CompanyScreen

        company = next(c for c in app.store.contacts.list_companies() if c.name == "比亚迪股份有限公司")
        app.push_screen(CompanyScreen(company.id))
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = app.screen.written
        assert written.name.startswith("比亚迪股份有限公司-") and written.suffix == ".csv"
        assert written.read_bytes().startswith(b"\xef\xbb\xbf") and "赵敏" in written.read_text("utf-8-sig")


async def test_w_writes_the_unreadable_rows_to_exports_and_says_where(book):
    from clientbook import paths

    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        await open_import(app, pilot, FIXTURES / "malformed.vcf")
        assert app.screen.stage == "preview"
        await pilot.press("w")
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        [written] = (paths.home() / "exports").glob("malformed-unreadable-*.txt")
        [line] = written.read_text(encoding="utf-8").splitlines()
        assert "刘强" in line and "电话待补" in line
        notices = [n.message for n in app._notifications]
        assert t("interop.import.problems_written", count=1, path=written) in notices


async def test_the_merge_screen_shows_names_that_look_like_markup_as_they_are(book):
    store = open_store(book, NOW)
    ids = []
    for name in ("x[/]", "[bold]y"):
        data, _ = validate_contact({"name": name, "phones": "手机 139 0000 1111, 传真 010-6552-1234"})
        ids.append(store.contacts.add_contact(data, NOW))
    store.close()
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await start(app, pilot)
        from clientbook.ui.screens.merge import MergeScreen

        app.push_screen(MergeScreen(*ids))
        await settle(app, pilot)
        fields = app.screen.query_one("#merge-fields", DataTable)
        headers = [str(column.label) for column in fields.columns.values()]
        assert any("x[/]" in h for h in headers) and any("[bold]y" in h for h in headers)
        phones = [str(c) for c in fields.get_row("phones")]
        assert phones[1].startswith(f"{t('card.kind.mobile')} 139 0000 1111, {t('card.kind.fax')} 0")   # cut to fit
