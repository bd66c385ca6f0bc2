"""The contact field table (domain/contact_fields.py) against the model, the input and the form."""

from __future__ import annotations

from dataclasses import fields

from clientbook.domain.contact_fields import CONTACT_FIELDS, FIELD_NAMES, TEXT, LONG_TEXT
from clientbook.domain.contacts import ContactInput
from clientbook.i18n import t
from clientbook.store.models import Contact

# Contact columns the store keeps itself: no form, no import or export file carries them.
BOOKKEEPING = {"id", "search_keys", "sort_key", "last_contact_at", "everyday_low", "everyday_high",
               "next_everyday_gift", "archived_at", "created_at", "updated_at"}


def test_the_contact_model_has_a_column_for_every_field_and_no_other():
    columns = set(Contact.__table__.columns.keys())
    from_table = {f.column or f.name for f in CONTACT_FIELDS}
    assert from_table <= columns, from_table - columns
    assert columns - BOOKKEEPING == from_table, (columns - BOOKKEEPING) ^ from_table


def test_contact_input_holds_the_fields_of_the_table():
    assert sorted(f.name for f in fields(ContactInput)) == sorted(FIELD_NAMES)


def test_every_field_has_its_labels_in_both_languages_and_texts_a_limit():
    for field in CONTACT_FIELDS:
        for key in filter(None, (field.label, field.placeholder, f"interop.field.{field.name}")):
            assert t(key, lang="en") != key and t(key, lang="zh") != key, key
        if field.kind in (TEXT, LONG_TEXT) and field.name != "wechat":
            assert field.limit, field.name
    assert len(set(FIELD_NAMES)) == len(FIELD_NAMES)
