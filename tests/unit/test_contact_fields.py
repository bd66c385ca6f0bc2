"""The contact field table (domain/contact_fields.py) against the model, the input and the form."""

from __future__ import annotations

import importlib
from dataclasses import fields

import pytest

from clientbook.domain import contact_fields, csv_import, dedupe, vcard
from clientbook.domain.contact_fields import (CONTACT_FIELDS, FIELD_NAMES, FORM_FIELDS, LONG_TEXT, PHOTO, TEXT,
                                              ContactField)
from clientbook.domain.text import MAX_TEXT
from clientbook.domain.contacts import ContactInput, validate_contact
from clientbook.i18n import t
from clientbook.store.models import Contact
from clientbook.store.models.photos import ContactPhoto

# Contact columns the store keeps itself: no form, no import or export file carries them.
BOOKKEEPING = {"id", "search_keys", "sort_key", "last_contact_at", "everyday_low", "everyday_high",
               "next_everyday_gift", "archived_at", "created_at", "updated_at", "owner_id", "owned_since"}


def test_the_contact_model_has_a_column_for_every_field_and_no_other():
    columns = set(Contact.__table__.columns.keys())
    from_table = {f.column or f.name for f in CONTACT_FIELDS if f.kind != PHOTO}   # photos: their own table
    assert {"contact_id", "mime", "data"} == set(ContactPhoto.__table__.columns.keys())
    assert from_table <= columns, from_table - columns
    assert columns - BOOKKEEPING == from_table, (columns - BOOKKEEPING) ^ from_table


def test_contact_input_holds_the_fields_of_the_table():
    assert sorted(f.name for f in fields(ContactInput)) == sorted(FIELD_NAMES)


def test_every_field_has_its_labels_in_both_languages_and_texts_a_limit():
    for field in CONTACT_FIELDS:
        file_label = f"interop.field.{field.name}" if field.in_form else ""   # the CSV's columns
        for key in filter(None, (field.label, field.placeholder, file_label)):
            assert t(key, lang="en") != key and t(key, lang="zh") != key, key
        if field.kind in (TEXT, LONG_TEXT) and field.name != "wechat":
            assert field.limit, field.name
    assert len(set(FIELD_NAMES)) == len(FIELD_NAMES)


# ---------------------------------------------------------------- every consumer reads the table
@pytest.fixture
def pets_in_the_table(monkeypatch):
    """The table with one more field, and the CSV and vCard modules read again over it."""
    extended = (*contact_fields.CONTACT_FIELDS, ContactField(
        "pets", TEXT, "field.pets", limit=MAX_TEXT, csv_headers=("宠物", "pets"), vcard="X-CLIENTBOOK-PETS"))
    monkeypatch.setattr(contact_fields, "CONTACT_FIELDS", extended)
    monkeypatch.setattr(contact_fields, "FIELD_NAMES", tuple(f.name for f in extended))
    monkeypatch.setattr(contact_fields, "FORM_FIELDS", tuple(f for f in extended if f.in_form))
    monkeypatch.setattr(contact_fields, "BY_NAME", {f.name: f for f in extended})
    try:
        yield importlib.reload(csv_import), importlib.reload(vcard)
    finally:
        monkeypatch.undo()
        importlib.reload(csv_import)
        importlib.reload(vcard)


def test_a_field_added_to_the_table_is_written_and_read_by_csv_and_vcard(pets_in_the_table):
    csv_module, vcard_module = pets_in_the_table
    data = csv_module.contacts_csv([{"name": "王五", "pets": "两只猫"}], "zh")
    table = csv_module.read_table(data)
    assert len(table.headers) == len(contact_fields.FORM_FIELDS) and table.samples(len(table.headers) - 1) == ["两只猫"]
    assert csv_module.guess_field("宠物") == "pets" and "pets" in csv_module.FIELDS
    mapping = csv_module.guess_mapping(["姓名", "宠物"])
    assert next(csv_module.read_rows(csv_module.read_table("姓名,宠物\n王五,两只猫\n".encode()), mapping)).raw["pets"] == "两只猫"

    card = vcard_module.write_card(vcard_module.CardValues(name="王五", pets="两只猫"))
    assert "X-CLIENTBOOK-PETS:两只猫" in card
    assert next(vcard_module.read_vcards(card.encode())).raw["pets"] == "两只猫"


def test_merge_match_and_csv_headers_follow_the_table():
    assert dedupe.MERGE_FIELDS == FIELD_NAMES
    assert set(dedupe.REASONS) == {f.match for f in CONTACT_FIELDS if f.match}
    form = tuple(f.name for f in FORM_FIELDS)
    assert csv_import.EXPORT_COLUMNS == form and set(form) <= set(csv_import.FIELDS)
    for field in FORM_FIELDS:
        assert all(csv_import.guess_field(header) == field.name for header in field.csv_headers), field.name
        for lang in ("en", "zh"):       # the header the export writes reads back as its field
            assert csv_import.guess_field(csv_import.field_label(field.name, lang)) == field.name
    assert {f.name for f in fields(vcard.CardValues)} == set(FIELD_NAMES)


def test_validation_holds_every_text_to_its_limit_from_the_table():
    for field in CONTACT_FIELDS:
        if field.kind in (TEXT, LONG_TEXT) and field.limit:
            _data, errors = validate_contact({"name": "王五", field.name: "长" * (field.limit + 1)})
            assert errors[field.name].key == "form.error.too_long", field.name
            assert errors[field.name].values == {"limit": field.limit}


# ---------------------------------------------------------------- filing a fact learned at a meal
@pytest.mark.parametrize(("fact", "field"), [
    ("儿子在读高三，喜欢篮球", "family"),      # about his son, though it says 喜欢
    ("太太是老师", "family"),
    ("His son plays basketball", "family"),
    ("不吃海鲜，痛风", "diet"),
    ("对花生过敏", "diet"),
    ("Allergic to peanuts", "diet"),
    ("不谈政治", "taboos"),
    ("不喝酒", "drinks"),
    ("喜欢喝茅台", "drinks"),
    ("爱吃潮汕牛肉火锅", "cuisine"),
    ("爱打高尔夫", "hobbies"),
    ("喜欢篮球", "hobbies"),
    ("下个月调去深圳", "notes"),
    ("the person in charge of the team", "notes"),   # English words count whole: no "son", no "tea"
])
def test_guess_field_says_where_a_fact_belongs(fact, field):
    assert contact_fields.guess_field(fact) == field


def test_a_guess_is_always_a_profile_field_and_those_are_texts():
    profile = {f.name for f in contact_fields.PROFILE_FIELDS}
    assert {name for name, _words in contact_fields.FACT_WORDS} | {"notes"} == profile
    assert all(f.kind in (TEXT, LONG_TEXT) for f in contact_fields.PROFILE_FIELDS)
