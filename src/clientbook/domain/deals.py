"""Deals and the negotiation behind them (domain §12): the stages, the people's roles, the
checkable limits, the concession rules and the pipeline's measures. Pure: dates come in as
arguments, nothing here reads the book.

How a move changes the terms on the table (`current_terms`)
- A price move's `amount` is a step in percent: our concession lowers the price by it (the
  total discount grows), theirs gives it back. Steps add up: 3% then 2% is 5% off.
- A margin we know erodes with each later price step: at margin m, a step of s% leaves
  1 - (1 - m) / (1 - s) (cost stays, the price falls).
- Any other measure's `amount` is the new value (payment in 60 days, a total discount of 8%).
- Terms come from concessions (either side) and our own demands (our opening position);
  their demands are asks, not terms, and a deadlock changes nothing until a move breaks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clientbook.domain.labelled import LabelledEnum, labelled, message_keys
from clientbook.i18n import t

DEFAULT_MAX_STEP_PCT = 3.0     # concede in small steps: at most 3% each (domain §12)


@labelled("deals.role")
class DealRole(LabelledEnum):
    DECISION_MAKER = "decision_maker"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    COACH = "coach"


@labelled("deals.meaning")
class StageMeaning(LabelledEnum):
    """What reaching a stage means for the measures: still open, verbal agreement, won, lost."""

    OPEN = "open"
    VERBAL = "verbal"
    WON = "won"
    LOST = "lost"


@labelled("deals.measure")
class Measure(LabelledEnum):
    PRICE = "price"                    # a move's step, in percent
    MARGIN = "margin"                  # percent
    PAYMENT_DAYS = "payment_days"      # days
    DISCOUNT_TOTAL = "discount_total"  # percent off, all steps together


# What a condition can check: the price itself moves by steps, its total is DISCOUNT_TOTAL.
CONDITION_MEASURES = (Measure.MARGIN, Measure.PAYMENT_DAYS, Measure.DISCOUNT_TOTAL)


@labelled("deals.condition")
class ConditionKind(LabelledEnum):
    BOTTOM_LINE = "bottom_line"
    EXIT = "exit"                      # an exit trigger: past it, we walk away


@labelled("deals.move")
class MoveKind(LabelledEnum):
    DEMAND = "demand"
    CONCESSION = "concession"
    DEADLOCK = "deadlock"


@labelled("deals.side")
class Side(LabelledEnum):
    OURS = "ours"
    THEIRS = "theirs"


OPS = ("<", ">")   # a condition is crossed when the value is under (<) or over (>) the threshold


# ---------------------------------------------------------------- stages
@dataclass(frozen=True)
class Stage:
    key: str
    meaning: StageMeaning
    position: int
    name: str = ""                     # the rep's own name; "" = the default's translated label

    def label(self, lang: str | None = None) -> str:
        return self.name or t(f"deals.stage.{self.key}", lang=lang)


DEFAULT_STAGES: tuple[Stage, ...] = tuple(
    Stage(key, meaning, position) for position, (key, meaning) in enumerate((
        ("lead", StageMeaning.OPEN),
        ("needs", StageMeaning.OPEN),
        ("proposal", StageMeaning.OPEN),
        ("negotiation", StageMeaning.OPEN),
        ("verbal", StageMeaning.VERBAL),
        ("won", StageMeaning.WON),
        ("lost", StageMeaning.LOST),
    ), start=1))
DEFAULT_STAGE_KEYS = frozenset(stage.key for stage in DEFAULT_STAGES)


def check_stages(stages: Sequence[Stage], in_use: Iterable[str]) -> str | None:
    """Why this edited list of stages cannot be saved (a message key), or None.
    Keys are unique and not blank, names of the rep's own stages are not blank, and every
    stage a deal is at is still there."""
    keys = [stage.key for stage in stages]
    if not stages or any(not key.strip() for key in keys) or len(set(keys)) != len(keys):
        return "deals.stages.bad_keys"
    if any(not stage.name.strip() and stage.key not in DEFAULT_STAGE_KEYS for stage in stages):
        return "deals.stages.no_name"
    if set(in_use) - set(keys):
        return "deals.stages.in_use"
    return None


def new_stage_key(existing: Iterable[str]) -> str:
    """A key for a stage the rep adds: s1, s2… not taken yet."""
    taken = set(existing)
    return next(f"s{n}" for n in range(1, len(taken) + 2) if f"s{n}" not in taken)


# ---------------------------------------------------------------- conditions, moves, warnings
@dataclass(frozen=True)
class Condition:
    measure: Measure
    op: str                            # "<" or ">"
    threshold: float
    kind: ConditionKind = ConditionKind.BOTTOM_LINE
    note: str = ""
    id: int | None = None

    def crossed_by(self, value: float) -> bool:
        return value < self.threshold if self.op == "<" else value > self.threshold

    def text(self, lang: str | None = None) -> str:
        """margin under 15% / payment terms over 90 days."""
        return t("deals.condition.under" if self.op == "<" else "deals.condition.over", lang=lang,
                 measure=self.measure.label(lang), value=measure_text(self.measure, self.threshold, lang))


@dataclass(frozen=True)
class Move:
    kind: MoveKind
    side: Side
    what: str
    at: datetime
    measure: Measure | None = None
    amount: float | None = None
    asked: str = ""
    got: str = ""
    resolution: str = ""
    interaction_id: int | None = None       # the interaction it happened in, if logged
    id: int | None = None


MoveInput = Move   # what add_move takes: a move not saved yet (id None)


@dataclass(frozen=True)
class DealInput:
    """A deal as its form edits it. The stage is where a new deal starts; a saved deal changes
    stage through move_stage (which dates the agreement and the close)."""
    title: str
    company_id: int
    stage: str = "lead"
    value: float | None = None
    expected_close: date | None = None
    owner: str = ""
    batna: str = ""
    bottom_line: str = ""
    max_step_pct: float | None = None        # None: the book's rule
    terms: str = ""
    notes: str = ""


SIGN_WITHIN_DAYS = 7   # the "get it signed" follow-up falls due a week after the verbal agreement


@dataclass(frozen=True)
class DealWarning:
    key: str
    values: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **self.values)


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def measure_text(measure: Measure, value: float, lang: str | None = None) -> str:
    """A measure's value as a rep reads it: 15% / 90 days."""
    if measure == Measure.PAYMENT_DAYS:
        return t("deals.value.days", lang=lang, days=int(value) if float(value).is_integer() else value)
    return f"{_number(round(value, 2))}%"


def _chronological(moves: Iterable[Move]) -> list[Move]:
    return sorted(moves, key=lambda move: (move.at, move.id or 0))


def _applies(move: Move) -> bool:
    if move.measure is None or move.amount is None:
        return False
    return move.kind == MoveKind.CONCESSION or (move.kind == MoveKind.DEMAND and move.side == Side.OURS)


def current_terms(moves: Iterable[Move]) -> dict[Measure, float]:
    """The terms on the table after these moves (see the module's docstring)."""
    terms: dict[Measure, float] = {}
    for move in _chronological(moves):
        if not _applies(move):
            continue
        measure, amount = Measure(move.measure), float(move.amount)
        if measure == Measure.PRICE:
            step = amount if move.side == Side.OURS else -amount
            terms[Measure.DISCOUNT_TOTAL] = round(terms.get(Measure.DISCOUNT_TOTAL, 0.0) + step, 4)
            if Measure.MARGIN in terms and step < 100:
                terms[Measure.MARGIN] = round(100 * (1 - (1 - terms[Measure.MARGIN] / 100) / (1 - step / 100)), 4)
        else:
            terms[measure] = amount
    return terms


def crossed_conditions(conditions: Iterable[Condition], terms: dict[Measure, float]) -> tuple[Condition, ...]:
    """The conditions the terms are past, in the order given."""
    return tuple(c for c in conditions if Measure(c.measure) in terms and c.crossed_by(terms[Measure(c.measure)]))


def step_rule(deal_pct: float | None, book_pct: float | None = None) -> float:
    """The largest price step allowed: the deal's own rule, else the book's, else 3%."""
    for pct in (deal_pct, book_pct):
        if pct is not None and pct > 0:
            return float(pct)
    return DEFAULT_MAX_STEP_PCT


def move_warnings(move: Move, earlier_moves: Iterable[Move], conditions: Iterable[Condition],
                  rule_pct: float) -> tuple[DealWarning, ...]:
    """What to reconsider about this move: a price step larger than the rule, a concession of
    ours with nothing asked in return, a condition the terms crossed with it (and were not past
    before). Warnings only: nothing here refuses a move."""
    warnings: list[DealWarning] = []
    if move.kind == MoveKind.CONCESSION and move.side == Side.OURS:
        if move.measure == Measure.PRICE and move.amount is not None and move.amount > rule_pct:
            warnings.append(DealWarning("deals.warn.step", {"step": _number(move.amount), "rule": _number(rule_pct)}))
        if not move.asked.strip():
            warnings.append(DealWarning("deals.warn.nothing_asked", {}))
    conditions = list(conditions)
    before = list(earlier_moves)
    was = set(map(id, crossed_conditions(conditions, current_terms(before))))
    for condition in crossed_conditions(conditions, current_terms([*before, move])):
        if id(condition) not in was:
            warnings.append(crossed_warning(condition))
    return tuple(warnings)


def crossed_warning(condition: Condition) -> DealWarning:
    """A condition crossed, worded in both languages (the message is read later, in either)."""
    key = "deals.warn.exit" if condition.kind == ConditionKind.EXIT else "deals.warn.bottom_line"
    return DealWarning(key, {"condition": condition.text("en"), "condition_zh": condition.text("zh")})


def warnings_by_move(moves: Iterable[Move], conditions: Iterable[Condition],
                     rule_pct: float) -> list[tuple[Move, tuple[DealWarning, ...]]]:
    """Every move, oldest first, with the warnings it raised when it was made."""
    ordered, conditions = _chronological(moves), list(conditions)
    return [(move, move_warnings(move, ordered[:i], conditions, rule_pct)) for i, move in enumerate(ordered)]


# ---------------------------------------------------------------- the pipeline's measures
@dataclass(frozen=True)
class DealFigures:
    """What the measures need of one deal."""
    stage: str
    value: float | None
    agreed_on: date | None
    closed_on: date | None


@dataclass(frozen=True)
class PipelineMeasures:
    won: int
    lost: int
    won_value: float
    days_to_sign: float | None                 # average days, verbal agreement -> signed; None: none yet
    signed_count: int                          # how many deals that average is over
    per_stage: dict                            # stage key -> (count, value)

    @property
    def win_rate(self) -> float | None:
        closed = self.won + self.lost
        return self.won / closed if closed else None


def pipeline_measures(deals: Iterable[DealFigures], stages: Sequence[Stage]) -> PipelineMeasures:
    """Deals won and lost, the average time from verbal agreement to signature, count and value per stage."""
    meaning = {stage.key: stage.meaning for stage in stages}
    per_stage = {stage.key: (0, 0.0) for stage in stages}
    won = lost = 0
    won_value = 0.0
    days: list[int] = []
    for deal in deals:
        count, value = per_stage.get(deal.stage, (0, 0.0))
        per_stage[deal.stage] = (count + 1, value + (deal.value or 0.0))
        kind = meaning.get(deal.stage)
        if kind == StageMeaning.WON:
            won += 1
            won_value += deal.value or 0.0
            if deal.agreed_on and deal.closed_on and deal.closed_on >= deal.agreed_on:
                days.append((deal.closed_on - deal.agreed_on).days)
        elif kind == StageMeaning.LOST:
            lost += 1
    return PipelineMeasures(won, lost, won_value, sum(days) / len(days) if days else None, len(days), per_stage)


DEAL_MESSAGE_KEYS = message_keys(DealRole, StageMeaning, Measure, ConditionKind, MoveKind, Side) + [
    f"deals.stage.{stage.key}" for stage in DEFAULT_STAGES]


# ---------------------------------------------------------------- memo of terms and review (Markdown)
@dataclass(frozen=True)
class StoryEvent:
    """Something on the deal's timeline other than a move, worded already in the memo's language
    (a stage reached, an interaction, a meal, a gift)."""
    at: datetime
    label: str             # "Stage", "Visit", "Meal"…
    text: str


@dataclass
class DealStory:
    """What the memo of terms and the review tell of a deal."""
    title: str
    company: str
    stage: str = ""                                   # the stage's label, in the memo's language
    meaning: StageMeaning = StageMeaning.OPEN
    value: float | None = None
    agreed_on: date | None = None
    closed_on: date | None = None
    terms: str = ""                                   # agreed, one term per line
    people: list[tuple[str, str, str]] = field(default_factory=list)   # name, title, role label
    needs: list[tuple[str, bool]] = field(default_factory=list)        # what, implicit; ranked
    current: dict = field(default_factory=dict)       # Measure -> value (current_terms)
    moves: list[tuple[Move, tuple[DealWarning, ...]]] = field(default_factory=list)   # oldest first
    events: list[StoryEvent] = field(default_factory=list)


def _line(text: str) -> str:
    return " ".join((text or "").split())


def _field(label_key: str, value: str, lang: str) -> str:
    return "- " + t("deals.md.field", lang=lang, label=t(label_key, lang=lang), value=value)


def _move_line(move: Move, warnings: tuple[DealWarning, ...], lang: str, *, dated: bool = False,
               with_kind: bool = True) -> str:
    text = _line(move.what)
    if with_kind:
        text = t(f"deals.md.{move.side.value}.{move.kind.value}", lang=lang, what=text)
    extra = []
    if move.kind == MoveKind.CONCESSION and move.side == Side.OURS:
        extra.append(t("deals.md.asked", lang=lang, what=_line(move.asked) or "—"))
        extra.append(t("deals.md.got", lang=lang, what=_line(move.got) or "—"))
    elif _line(move.got):
        extra.append(t("deals.md.got", lang=lang, what=_line(move.got)))
    if move.kind == MoveKind.DEADLOCK:
        extra.append(t("deals.md.broke", lang=lang, how=_line(move.resolution) or t("deals.md.unbroken", lang=lang)))
    if extra:
        text += t("deals.md.paren", lang=lang, what=t("deals.md.sep", lang=lang).join(extra))
    if dated:
        text = f"{move.at.date().isoformat()} · {text}"
    return text + "".join(f" ⚠ {w.message(lang)}" for w in warnings)


def _terms_lines(current: dict, lang: str, private: bool) -> list[str]:
    shown = [m for m in Measure if m in current and m != Measure.PRICE and (private or m != Measure.MARGIN)]
    return [_field(f"deals.measure.{m.value}", measure_text(m, current[m], lang), lang) for m in shown]


def _people_text(story: DealStory, lang: str) -> str:
    def one(name: str, title: str, role: str) -> str:
        about = t("deals.md.sep", lang=lang).join(x for x in (_line(title), role) if x)
        return _line(name) + (t("deals.md.paren", lang=lang, what=about) if about else "")
    return t("deals.md.sep", lang=lang).join(one(*p) for p in story.people)


def _finish(out: list[str]) -> str:
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _section(out: list[str], heading: str, body: list[str]) -> None:
    if body:
        out.extend([f"## {heading}", "", *body, ""])


def memo_markdown(story: DealStory, lang: str) -> str:
    """The memo of terms (domain §12: put a verbal agreement in writing at once): what was
    agreed, the terms on the table, what each side gave, and signing as the next step. Our
    margin is left out: the memo may go to the client."""
    out = [f"# {t('deals.md.memo_title', lang=lang, title=_line(story.title))}", ""]
    facts = [_field("deals.md.client", _line(story.company), lang)]
    if story.agreed_on:
        facts.append(_field("deals.md.agreed_on", story.agreed_on.isoformat(), lang))
    if story.value is not None:
        from clientbook.domain.money import money_text

        facts.append(_field("deals.md.value", money_text(story.value), lang))
    if story.people:
        facts.append(_field("deals.md.people", _people_text(story, lang), lang))
    out += facts + [""]
    agreed = [_line(line) for line in story.terms.splitlines() if _line(line)]
    _section(out, t("deals.md.agreed", lang=lang), [f"{i}. {term}" for i, term in enumerate(agreed, 1)])
    _section(out, t("deals.md.on_the_table", lang=lang), _terms_lines(story.current, lang, private=False))
    _section(out, t("deals.md.concessions", lang=lang),
             [f"- {_move_line(m, (), lang)}" for m, _w in story.moves if m.kind == MoveKind.CONCESSION])
    if story.meaning == StageMeaning.WON and story.closed_on:
        step = t("deals.md.signed_on", lang=lang, day=story.closed_on.isoformat())
    elif story.agreed_on:
        due = story.agreed_on + timedelta(days=SIGN_WITHIN_DAYS)
        step = t("deals.md.sign_by", lang=lang, day=due.isoformat())
    else:
        step = t("deals.md.not_agreed", lang=lang)
    _section(out, t("deals.md.next_step", lang=lang), [f"- {step}"])
    return _finish(out)


def review_markdown(story: DealStory, lang: str) -> str:
    """The debrief: the deal's facts, their needs, the timeline oldest first, then each side's
    demands, each concession (with the warnings it raised) and how each deadlock broke."""
    out = [f"# {t('deals.md.review_title', lang=lang, title=_line(story.title), company=_line(story.company))}", ""]
    facts = [_field("deals.md.stage", story.stage, lang)]
    if story.value is not None:
        from clientbook.domain.money import money_text

        facts.append(_field("deals.md.value", money_text(story.value), lang))
    if story.people:
        facts.append(_field("deals.md.people", _people_text(story, lang), lang))
    if story.agreed_on:
        facts.append(_field("deals.md.agreed_on", story.agreed_on.isoformat(), lang))
    if story.closed_on:
        facts.append(_field("deals.md.closed_on", story.closed_on.isoformat(), lang))
        if story.meaning == StageMeaning.WON and story.agreed_on:
            days = (story.closed_on - story.agreed_on).days
            facts.append(_field("deals.md.days_to_sign", t("deals.value.days", lang=lang, days=days), lang))
    out += facts + [""]
    _section(out, t("deals.md.needs", lang=lang), [
        f"{i}. {_line(what)}" + (t("deals.md.paren", lang=lang, what=t("deals.md.implicit", lang=lang)) if implicit else "")
        for i, (what, implicit) in enumerate(story.needs, 1)])
    timeline = [(e.at, 0, f"- {e.at.date().isoformat()} · " + t("deals.md.field", lang=lang, label=e.label,
                                                                   value=_line(e.text)))
                for e in story.events]
    timeline += [(m.at, 1, f"- {_move_line(m, w, lang, dated=True)}") for m, w in story.moves]
    _section(out, t("deals.md.timeline", lang=lang), [line for _at, _o, line in sorted(timeline, key=lambda x: x[:2])])
    for side in (Side.THEIRS, Side.OURS):
        _section(out, t(f"deals.md.demands_{side.value}", lang=lang), [
            f"- {_move_line(m, (), lang, dated=True, with_kind=False)}" for m, _w in story.moves
            if m.kind == MoveKind.DEMAND and m.side == side])
    for side in (Side.OURS, Side.THEIRS):
        _section(out, t(f"deals.md.concessions_{side.value}", lang=lang), [
            f"- {_move_line(m, w, lang, dated=True, with_kind=False)}" for m, w in story.moves
            if m.kind == MoveKind.CONCESSION and m.side == side])
    _section(out, t("deals.md.deadlocks", lang=lang), [
        f"- {_move_line(m, (), lang, dated=True, with_kind=False)}" for m, _w in story.moves
        if m.kind == MoveKind.DEADLOCK])
    _section(out, t("deals.md.on_the_table", lang=lang), _terms_lines(story.current, lang, private=True))
    return _finish(out)
