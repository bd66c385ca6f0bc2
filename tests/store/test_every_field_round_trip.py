"""A contact with every field of contact_fields filled leaves the book through each export the app
and the shell use (InteropService) and comes back into an empty book unchanged: no import drops a field the export writes."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from clientbook.domain.contact_card import PersonName, Photo
from clientbook.domain.contact_fields import CONTACT_FIELDS
from clientbook.domain.csv_import import guess_mapping, read_rows, read_table
from clientbook.domain.vcard import read_vcards
from clientbook.services.interop import InteropService
from clientbook.store import open_store
from conftest import NOW, add_contact

EVERY_FIELD = {
    "name": "欧阳娜娜", "company": "大疆创新", "title": "采购总监, 华南区", "address_as": "欧阳总", "position": "manager", "level": "4",
    "phones": "手机 138 0013 8000, 传真 010-6552-1234, 助理: 010-6552-1200", "wechat": "ouyang_nn",
    "emails": "work nana@dji.com; home nana@163.com", "nickname": "娜娜", "urls": "www.dji.com",
    "addresses": "办公: 深圳市南山区西丽街道仙元路55号\n家庭: 深圳市福田区",
    "birthday": "农历1987年闰六月初十", "cuisine": "粤菜; 潮汕牛肉火锅", "drinks": "不喝白酒，红酒可以",
    "hobbies": "高尔夫, 摄影", "taboos": "不吃香菜", "diet": "少油", "family": "女儿 8 岁；先生在华为",
    "tags": "关键人 技术", "cadence_days": "21", "notes": "第一行\n第二行；有分号; 和逗号, 反斜杠 \\",
}
# From a card, not typed in the form.
# (An N that only restates the name is not kept: the suffix makes this one say more.)
CARD = {"name_parts": PersonName("欧阳娜娜", "欧阳", "娜娜", "", "", "女士"),
        "photo": Photo(b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png"),
        "card_extra": "X-JABBER;TYPE=HOME:nana@jabber.org\nitem7.X-ABDATE:2015-06-01"}
# What a CSV cannot carry (it is for Excel: a vCard or the JSON book keeps them).
NOT_IN_CSV = {"photo": None, "card_extra": ""}


def add_every_field(store) -> None:
    contact_id = add_contact(store, **EVERY_FIELD)
    store.contacts.update_contact(contact_id, replace(store.contacts.contact_input(contact_id), **CARD), NOW)


def to_csv(store, lang):
    data, _count = InteropService(store).csv(lang)
    return data


def from_csv(data):
    table = read_table(data)
    return read_rows(table, guess_mapping(table.headers))


def to_vcf(store, _lang):
    data, _count = InteropService(store).vcard()
    return data


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("export, read, lost", [(to_csv, from_csv, NOT_IN_CSV), (to_vcf, read_vcards, {})],
                         ids=["csv", "vcf"])
def test_every_field_survives_export_and_import(tmp_path, store, export, read, lost, lang):
    add_every_field(store)
    add_contact(store, name="王五")                       # and empty fields stay empty
    before = store.interop.export_contacts()
    full = next(c for c in before if c.name == "欧阳娜娜")
    assert all(getattr(full, f.name) not in ("", [], None, 0) for f in CONTACT_FIELDS), full
    assert [p.kind or p.label for p in full.phones] == ["mobile", "fax", "助理"]

    other = open_store(tmp_path / "other.db", NOW)
    try:
        other.interop.apply_import(other.interop.preview_import(read(export(store, lang))), NOW)
        assert other.interop.export_contacts() == [replace(c, **lost) for c in before]
    finally:
        other.close()


def test_every_field_survives_the_json_book(tmp_path, store):
    add_every_field(store)
    before = store.interop.export_contacts()
    other = open_store(tmp_path / "other.db", NOW)
    try:
        other.interop.load_book(json.loads(json.dumps(store.interop.dump_book(NOW), ensure_ascii=False)))
        assert other.interop.export_contacts() == before
    finally:
        other.close()
