"""services/interop.py's InteropService on a temporary book: the one door for import (a file's
preview, applying it, a whole JSON book) and export. Its views hold no ORM row."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from clientbook.domain.contacts import ContactInput
from clientbook.domain.dedupe import DUPLICATE, INVALID, MERGE, NEW
from clientbook.errors import BookError
from clientbook.services.interop import Imported, InteropService, Preview, open_source
from conftest import NOW, orm_rows_in

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"


@pytest.fixture
def service(store):
    return InteropService(store)


def test_a_vcard_preview_is_counted_and_read_back_without_orm_rows(service):
    preview = service.preview(open_source(FIXTURES / "malformed.vcf"))
    try:
        assert isinstance(preview, Preview) and dataclasses.is_dataclass(preview)
        assert (preview.count(), preview.count(NEW), preview.count(DUPLICATE), preview.count(INVALID)) == (4, 3, 0, 1)
        rows = preview.rows(NEW)
        assert [row.number for row in rows] == [1, 3, 4]
        assert preview.row(3) == rows[1] and [row.number for row in preview.iter_rows(INVALID)] == [2]
        assert orm_rows_in(preview) == [] and orm_rows_in(rows) == []
    finally:
        preview.close()


def test_applying_a_preview_adds_then_the_same_file_merges_as_chosen(service, store):
    source = open_source(FIXTURES / "android-21-qp.vcf")
    first = service.preview(source)
    result = service.apply(first, NOW)
    first.close()
    assert (result.added, result.merged, result.skipped) == (3, 0, 0) and isinstance(result, Imported)
    again = service.preview(source)
    assert again.count(DUPLICATE) == 3 and again.count(NEW) == 0
    merged = service.apply(again, NOW, default=MERGE)
    again.close()
    assert (merged.added, merged.merged) == (0, 3) and orm_rows_in(merged) == []
    assert len(store.interop.export_contacts()) == 3


def test_a_whole_book_loads_only_into_an_empty_one(service, store, tmp_path):
    from clientbook.store import open_store

    store.contacts.add_contact(ContactInput(name="张三", company="华为"), NOW)
    data, dump = service.json(NOW)
    assert not service.is_empty()
    path = tmp_path / "book.json"
    path.write_bytes(data)
    other = open_store(tmp_path / "other.db", NOW)
    try:
        target = InteropService(other)
        assert target.is_empty()
        counts = target.load_book(open_source(path))
        assert counts["contact"] == 1 and not target.is_empty()
        assert json.loads(target.json(NOW)[0])["tables"]["contact"][0]["name"] == "张三"
    finally:
        other.close()


def test_an_export_selection_it_cannot_write_is_one_book_error(service, store, tmp_path, monkeypatch):
    contact_id = store.contacts.add_contact(ContactInput(name="李四"), NOW)
    home = tmp_path / "home"
    monkeypatch.setenv("CLIENTBOOK_HOME", str(home))
    path, count = service.export_selection([contact_id], "vcf", "people", NOW, "zh")
    assert count == 1 and "李四".encode() in path.read_bytes()
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder")
    (home / "exports").chmod(0o500)
    try:
        with pytest.raises(BookError) as raised:
            service.export_selection([contact_id], "csv", "people", NOW, "zh")
        assert raised.value.key == "giftui.cli.export.cannot_write"
    finally:
        (home / "exports").chmod(0o700)
