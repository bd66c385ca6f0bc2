"""What the deal forms accept (domain §12): a deal, a person's role on it, a need, a condition
(bottom line or exit trigger) and a move of the negotiation. Each `validate_*` takes the form's
raw text values and returns (the input | None, errors by field), like the other forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from clientbook.domain.dates import DateParseError, day_field, parse_when
from clientbook.domain.deals import Condition, ConditionKind, DealInput, DealRole, Measure, Move, MoveKind, Side
from clientbook.domain.labelled import LabelledEnum, labelled
from clientbook.domain.money import parse_money
from clientbook.domain.text import MAX_NAME, MAX_TEXT, FieldError, checked_text, chosen


@labelled("dealui.op")
class Op(LabelledEnum):
    """How a condition is crossed: the value under (<) or over (>) its threshold."""

    UNDER = "under"
    OVER = "over"


OP_SIGNS = {Op.UNDER: "<", Op.OVER: ">"}


@dataclass(frozen=True)
class NeedInput:
    what: str
    implicit: bool
    rank: int | None          # None: after the others


def _number(raw: dict[str, str], name: str, errors: dict, low: float = 0, high: float | None = None) -> float | None:
    """A plain number (a percentage, days), blank for none; full-width digits and a % are read."""
    text = (raw.get(name) or "").strip().translate(str.maketrans("０１２３４５６７８９．％", "0123456789.%"))
    if not text:
        return None
    try:
        value = float(text.removesuffix("%").strip())
    except ValueError:
        errors[name] = FieldError("form.error.number", {"value": raw.get(name, "")})
        return None
    if high is None and value < low:
        errors[name] = FieldError("form.error.number", {"value": raw.get(name, "")})
        return None
    if high is not None and not low <= value <= high:
        errors[name] = FieldError("dealui.error.range", {"value": raw.get(name, ""), "low": f"{low:g}", "high": f"{high:g}"})
        return None
    return value


def validate_deal(raw: dict[str, str], companies: dict[str, int], now: datetime, stage: str):
    """Fields: title and company (one of the book's, by name) required; value (¥), expected_close
    (a date), owner, batna, bottom_line, max_step_pct (0–100, blank: the book's rule), terms, notes.
    `stage`: where a new deal starts, or where an edited one is (it moves through move_stage)."""
    errors: dict[str, FieldError] = {}
    title = checked_text(raw, "title", MAX_NAME, errors)
    if not title:
        errors["title"] = FieldError("form.error.required")
    company = " ".join((raw.get("company") or "").split())
    company_id = companies.get(company)
    if not company:
        errors["company"] = FieldError("form.error.required")
    elif company_id is None:
        errors["company"] = FieldError("dealui.error.company", {"name": company})
    value = None
    try:
        value = parse_money(raw.get("value"))
    except ValueError:
        errors["value"] = FieldError("form.error.number", {"value": raw.get("value", "")})
    expected_close = day_field(raw, "expected_close", now, errors)
    max_step = _number(raw, "max_step_pct", errors, 0, 100)
    fields = {name: checked_text(raw, name, limit, errors) for name, limit in
              (("owner", MAX_NAME), ("batna", MAX_TEXT), ("bottom_line", MAX_TEXT), ("terms", MAX_TEXT),
               ("notes", MAX_TEXT))}
    if errors:
        return None, errors
    return DealInput(title=title, company_id=company_id, stage=stage, value=value, expected_close=expected_close,
                     max_step_pct=max_step or None, **fields), {}


def validate_stage_name(text: str):
    """A stage's name as typed (renaming one, adding one): (name, {}) or (None, {"value": error})."""
    errors: dict = {}
    name = checked_text({"value": text}, "value", MAX_NAME, errors)
    if not name and not errors:
        errors["value"] = FieldError("form.error.required")
    return (None, errors) if errors else (name, {})


def validate_role(raw: dict[str, str], picked: list[int]):
    """A person on the deal: one contact picked, and their role (blank: none said yet)."""
    errors: dict[str, FieldError] = {}
    if len(picked) != 1:
        errors["contact"] = FieldError("dealui.error.one_person")
    role = chosen(raw, "role", DealRole, errors)
    if errors:
        return None, errors
    return (picked[0], role), {}


def validate_need(raw: dict[str, str]):
    """What they need (required), said or only sensed (implicit "1"), its rank (1 first; blank: last)."""
    errors: dict[str, FieldError] = {}
    what = checked_text(raw, "what", MAX_TEXT, errors)
    if not what:
        errors["what"] = FieldError("form.error.required")
    rank = _number(raw, "rank", errors, 1, 99)
    if rank is not None and not float(rank).is_integer():
        errors["rank"] = FieldError("form.error.number", {"value": raw.get("rank", "")})
    if errors:
        return None, errors
    return NeedInput(what, raw.get("implicit") == "1", int(rank) if rank is not None else None), {}


def validate_condition(raw: dict[str, str]):
    """A bottom line or exit trigger we can check: a measure under (<) or over (>) a threshold."""
    errors: dict[str, FieldError] = {}
    kind = chosen(raw, "kind", ConditionKind, errors, ConditionKind.BOTTOM_LINE)
    measure = chosen(raw, "measure", Measure, errors, Measure.MARGIN)
    op = chosen(raw, "op", Op, errors, Op.UNDER)
    threshold = _number(raw, "threshold", errors)
    if threshold is None and "threshold" not in errors:
        errors["threshold"] = FieldError("form.error.required")
    note = checked_text(raw, "note", MAX_TEXT, errors)
    if errors:
        return None, errors
    return Condition(measure, OP_SIGNS[op], threshold, kind, note), {}


def validate_move(raw: dict[str, str], now: datetime):
    """A demand, a concession or a deadlock: whose (side), what (required), when (default now),
    the measure it moves and by how much (a price step in %, else the new value), what we asked
    and got back, and for a deadlock how it broke."""
    errors: dict[str, FieldError] = {}
    kind = chosen(raw, "kind", MoveKind, errors, MoveKind.CONCESSION)
    side = chosen(raw, "side", Side, errors, Side.OURS)
    what = checked_text(raw, "what", MAX_TEXT, errors)
    if not what:
        errors["what"] = FieldError("form.error.required")
    at = now.replace(second=0, microsecond=0)
    when_raw = (raw.get("at") or "").strip()
    if when_raw:
        try:
            at = parse_when(when_raw, now, past=True).as_datetime()
        except DateParseError as exc:
            errors["at"] = FieldError("log.error.date", {"value": exc.text})
    measure = chosen(raw, "measure", Measure, errors)
    amount = _number(raw, "amount", errors)
    if measure is not None and amount is None and "amount" not in errors:
        errors["amount"] = FieldError("dealui.error.amount")
    texts = {name: checked_text(raw, name, MAX_TEXT, errors) for name in ("asked", "got", "resolution")}
    if errors:
        return None, errors
    return Move(kind, side, what, at, measure, amount if measure is not None else None, **texts), {}
