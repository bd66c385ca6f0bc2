"""Long text is kept whole up to its field's limit and refused past it, naming the limit: a
whole e-mail (100,000 characters) fits a note, a summary or the minutes; nothing is cut."""

from __future__ import annotations

import pytest

from clientbook.domain.contact_card import Typed
from clientbook.domain.text import MAX_NAME, MAX_TEXT, MAX_URL
from clientbook.domain.contacts import validate_company, validate_contact
from clientbook.domain.dedupe import INVALID, RawRow, build_preview
from clientbook.domain.gift_forms import validate_gift, validate_occasion
from clientbook.domain.interactions import validate_followup, validate_log
from clientbook.domain.meal_forms import validate_minutes, validate_plan
from clientbook.domain.meals.minutes import MAX_ACTION
from conftest import NOW

EMAIL = ("谈了二期报价，对方要求下周给方案。\n" * 10_000)[:MAX_TEXT - 1] + "完"    # exactly MAX_TEXT


def contact(raw):
    return validate_contact({"name": "张伟", **raw})


def company(raw):
    return validate_company({"name": "华为", **raw})


def log(raw):
    return validate_log({"summary": "x", **raw}, [1], NOW)


def followup(raw):
    return validate_followup({"what": "x", "due": "明天", **raw}, NOW)


def gift(raw):
    return validate_gift({"what": "茶叶", **raw}, 1, None, NOW)


def occasion(raw):
    return validate_occasion({"name": "周年", "date": "05-18", **raw})


def plan(raw):
    return validate_plan({"when": "明天 18:30", **raw}, [(1, "张伟")], NOW)


def minutes(raw):
    return validate_minutes(raw, [1], {1}, NOW)


# (validator, field, its limit)
CASES = [
    (contact, "notes", MAX_TEXT), (contact, "family", MAX_TEXT), (contact, "name", MAX_NAME),
    (contact, "company", MAX_NAME), (contact, "emails", 300),
    (contact, "urls", MAX_URL), (contact, "nickname", MAX_NAME), (company, "website", MAX_URL),
    (company, "notes", MAX_TEXT), (company, "address", 500), (company, "city", 200),
    (log, "summary", MAX_TEXT), (log, "notes", MAX_TEXT), (log, "place", 500),
    (followup, "what", MAX_TEXT),
    (gift, "what", 200), (gift, "note", MAX_TEXT), (occasion, "name", 200),
    (plan, "venue", 200), (plan, "cuisine", 200), (plan, "boss", MAX_NAME), (plan, "colleagues", MAX_NAME),
    (minutes, "discussed", MAX_TEXT), (minutes, "next_step", MAX_TEXT), (minutes, "agreements", MAX_TEXT),
]


def fill(field: str, length: int) -> str:
    if field == "emails":
        return "a" * (length - len("@x.cn")) + "@x.cn"
    if field in ("urls", "website"):
        return "https://x.cn/" + "a" * (length - len("https://x.cn/"))
    if field in ("notes", "summary", "discussed", "next_step", "what", "note", "agreements") and length == MAX_TEXT:
        return EMAIL
    return ("谈" * length)


@pytest.mark.parametrize(("validate", "field", "limit"), CASES, ids=lambda v: getattr(v, "__name__", str(v)))
def test_up_to_the_limit_kept_whole_one_more_refused(validate, field, limit):
    value = fill(field, limit)
    assert len(value) == limit
    data, errors = validate({field: value})
    assert errors == {}, errors
    if field not in ("boss", "colleagues", "agreements"):
        kept = getattr(data, field)
        assert (kept == [Typed(value)]) if field in ("emails", "urls") else (kept == value)   # whole, not cut

    data, errors = validate({field: value + "谈"})
    assert data is None
    error = errors[field][0] if isinstance(errors[field], list) else errors[field]
    assert error.key == "form.error.too_long" and error.values == {"limit": limit}
    assert str(limit) in error.message("en") and str(limit) in error.message("zh")


def test_an_action_item_line_past_its_limit_is_refused_not_cut():
    line = "我方：" + "发" * (MAX_ACTION - len("我方： 周五")) + " 周五"
    assert len(line) == MAX_ACTION
    data, errors = minutes({"actions": line})
    assert errors == {} and data.actions[0].what == line[3:-3]
    data, errors = minutes({"actions": line.replace("我方：", "我方：发")})
    assert data is None and errors["actions"][0].key == "meals.action.too_long"
    assert str(MAX_ACTION) in errors["actions"][0].message("zh")


def test_an_import_row_with_a_too_long_field_is_unreadable_with_the_reason():
    rows = [RawRow(1, 2, {"name": "张伟", "notes": "谈" * (MAX_TEXT + 1)}),
            RawRow(2, 3, {"name": "李娜", "notes": EMAIL})]
    preview = build_preview(rows, [])
    [bad] = preview.invalid
    assert bad.status == INVALID and bad.name == "张伟"
    assert bad.errors[0][0] == "notes" and bad.errors[0][1].key == "form.error.too_long"
    [good] = preview.new
    assert good.data.notes == EMAIL
