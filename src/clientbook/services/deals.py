"""Deals and the negotiation (domain §12): the one door the Deals screen, a deal's page, the
deal forms, the call preparation and `clientbook deal` ask through. Reads return the frozen
views of services/deal_views.py; the writes are commands the screens run through app.write."""

from __future__ import annotations

from datetime import date, datetime

from clientbook.domain.deals import (
    SIGN_WITHIN_DAYS,
    Condition,
    DealInput,
    DealStory,
    DealRole,
    DealWarning,
    Move,
    Stage,
    StageMeaning,
    StoryEvent,
    crossed_conditions,
    crossed_warning,
    current_terms,
    memo_markdown,
    move_warnings,
    pipeline_measures,
    review_markdown,
    step_rule,
    warnings_by_move,
)
from clientbook.i18n import t
from clientbook.services.deal_views import (
    ConditionView,
    DealFacts,
    DealPage,
    DealPersonView,
    DealRow,
    MoveView,
    NeedView,
    PipelineColumn,
    PipelineView,
    StageChangeView,
    StageView,
    TimelineItem,
)
from clientbook.store.deals import DealRecord

OPEN_MEANINGS = (StageMeaning.OPEN, StageMeaning.VERBAL)


def stage_view(stage: Stage) -> StageView:
    return StageView(stage.key, stage.label(), StageMeaning(stage.meaning).value, stage.position, stage.name)


class DealsService:
    """Built on the open Store. `max_step_pct`: the book's rule for a price step (config.toml
    `[deals] max_step_pct`); None reads it from config.toml when first needed."""

    def __init__(self, store, max_step_pct: float | None = None) -> None:
        self._store = store
        self._book_pct = max_step_pct

    def _book_rule(self) -> float | None:
        if self._book_pct is None:
            from clientbook import config

            self._book_pct = config.load().max_step_pct or 0.0   # 0: looked, none set
        return self._book_pct or None

    def _rule(self, deal: DealRecord) -> float:
        return step_rule(deal.max_step_pct, self._book_rule())

    # ------------------------------------------------------------ stages
    def stages(self) -> tuple[StageView, ...]:
        return tuple(stage_view(stage) for stage in self._store.deals.stages())

    def save_stages(self, stages, now: datetime | None = None) -> None:
        """The edited list, in order: each item has key, name and meaning (a StageView, a Stage…).
        A new stage may come with key ""; BookError when a stage with deals in it is gone."""
        from clientbook.domain.deals import new_stage_key

        keys = [s.key for s in stages if s.key]
        ready = []
        for position, item in enumerate(stages, start=1):
            key = item.key or new_stage_key(keys)
            keys.append(key)
            ready.append(Stage(key, StageMeaning(item.meaning), position, getattr(item, "name", "")))
        self._store.deals.save_stages(ready)

    def _stage_map(self) -> dict[str, Stage]:
        return {stage.key: stage for stage in self._store.deals.stages()}

    # ------------------------------------------------------------ lists
    def pipeline(self, today: date, grade: str | None = None, owner: str | None = None,
                 limit: int | None = None) -> PipelineView:
        """The live deals by stage, with the measures of §12, filtered by company grade and owner.
        `limit`: at most that many deals listed per stage (each column's count and value are of
        all of them), for a screen that shows a screenful."""
        store = self._store
        stages = store.deals.stages()
        grade, owner = grade or None, owner or None
        won = tuple(stage.key for stage in stages if stage.meaning == StageMeaning.WON)
        per_stage, signed = store.deals.stage_figures(grade=grade, owner=owner, won=won)
        rows = self._rows(store.deals.deal_rows(grade=grade, owner=owner, per_stage=limit), today,
                          {stage.key: stage for stage in stages})
        by_stage: dict[str, list[DealRow]] = {stage.key: [] for stage in stages}
        for row in rows:
            by_stage.setdefault(row.stage, []).append(row)
        views = {stage.key: stage_view(stage) for stage in stages}
        columns = []
        for key, deals in by_stage.items():
            stage = views.get(key) or StageView(key, key, StageMeaning.OPEN.value, len(views) + 1)
            count, value = per_stage.get(key, (0, 0.0))
            columns.append(PipelineColumn(stage, count, value, tuple(deals)))
        return PipelineView(tuple(columns), pipeline_measures(per_stage, signed, stages), tuple(store.deals.owners()),
                            grade, owner)

    def _rows(self, records: list[DealRecord], today: date, stages: dict[str, Stage]) -> list[DealRow]:
        limits = self._store.deals.limits_of([r.id for r in records])
        labels = {key: stage.label() for key, stage in stages.items()}
        rows = []
        for r in records:
            conditions, terms = limits.get(r.id, ((), {}))
            stage = stages.get(r.stage)
            meaning = stage.meaning if stage else StageMeaning.OPEN
            rows.append(DealRow(r.id, r.title, r.company_id, r.company, r.grade, r.stage, labels.get(r.stage, r.stage),
                                r.value, r.expected_close, r.owner, len(crossed_conditions(conditions, terms)),
                                meaning in OPEN_MEANINGS and r.expected_close is not None and r.expected_close < today))
        return rows

    def open_deals_of_contact(self, contact_id: int, today: date) -> tuple[DealRow, ...]:
        """The live, open deals the contact is on, then those of their company (what the quick log,
        the call preparation and the meal plan attach to)."""
        stages = self._stage_map()
        records = [r for r in self._store.deals.deal_rows(contact_id=contact_id)
                   if r.stage not in stages or stages[r.stage].meaning in OPEN_MEANINGS]
        return tuple(self._rows(records, today, stages))

    def deals_of_company(self, company_id: int, today: date) -> tuple[DealRow, ...]:
        return tuple(self._rows(self._store.deals.deal_rows(company_id=company_id), today,
                                self._stage_map()))

    def find_deals(self, text: str, today: date) -> tuple[DealRow, ...]:
        """Live deals whose title or company holds `text` (case aside), or whose id it is (`#3`, `3`)."""
        wanted = text.strip().lstrip("#").casefold()
        records = [r for r in self._store.deals.deal_rows()
                   if wanted and (wanted == str(r.id) or wanted in r.title.casefold() or wanted in r.company.casefold())]
        return tuple(self._rows(records, today, self._stage_map()))

    # ------------------------------------------------------------ a deal's page
    def deal_page(self, deal_id: int, today: date) -> DealPage:
        file = self._store.deals.deal_file(deal_id)
        stages = self._stage_map()
        d = file.deal
        rule = self._rule(d)
        stage = stages.get(d.stage)
        meaning = stage.meaning if stage else StageMeaning.OPEN
        facts = DealFacts(d.id, d.company_id, d.company, d.grade, d.title, d.stage, stage.label() if stage else d.stage,
                          StageMeaning(meaning).value, d.value, d.expected_close, d.owner, d.batna, d.bottom_line,
                          d.max_step_pct, rule, d.terms, d.agreed_on, d.closed_on, d.notes, d.archived_at is not None,
                          d.created_at, d.updated_at)
        terms = current_terms(file.moves)
        crossed = crossed_conditions(file.conditions, terms)
        moves = tuple(MoveView(move, warnings) for move, warnings in warnings_by_move(file.moves, file.conditions, rule))
        history = tuple(StageChangeView(c.stage, stages[c.stage].label() if c.stage in stages else c.stage, c.at, c.note)
                        for c in file.changes)
        timeline = [TimelineItem(e.kind, e.id, e.at, e.subtype, e.text, e.people) for e in file.logged]
        timeline += [TimelineItem("move", m.move.id, m.move.at, m.move.kind.value, m.move.what,
                                  side=m.move.side.value, warnings=m.warnings) for m in moves]
        timeline += [TimelineItem("stage", c.id, c.at, c.stage, " — ".join(x for x in (h.label, c.note) if x))
                     for c, h in zip(file.changes, history)]
        timeline.sort(key=lambda item: (item.at, _KIND_ORDER[item.kind], item.id), reverse=True)
        warnings = [crossed_warning(c) for c in crossed]
        if meaning == StageMeaning.VERBAL and d.agreed_on and (today - d.agreed_on).days > SIGN_WITHIN_DAYS:
            warnings.append(DealWarning("deals.warn.unsigned", {"days": (today - d.agreed_on).days}))
        return DealPage(
            facts,
            tuple(DealPersonView(p.contact_id, p.name, p.title, p.address_as, p.role) for p in file.people),
            tuple(NeedView(n.id, n.what, n.implicit, n.rank) for n in file.needs),
            tuple(ConditionView(c, c in crossed) for c in file.conditions),
            moves, history, tuple(timeline), terms, tuple(warnings), tuple(stage_view(s) for s in stages.values()))

    # ------------------------------------------------------------ memo of terms and review
    def memo(self, deal_id: int, lang: str, today: date) -> str:
        """The memo of terms as Markdown, in `lang` ("en" or "zh")."""
        return memo_markdown(self._story(deal_id, lang, today), lang)

    def review(self, deal_id: int, lang: str, today: date) -> str:
        """The debrief as Markdown, in `lang`: the timeline, each side's demands, each concession,
        how each deadlock broke."""
        return review_markdown(self._story(deal_id, lang, today), lang)

    def _story(self, deal_id: int, lang: str, today: date) -> DealStory:
        from clientbook.domain.interactions import Kind

        page = self.deal_page(deal_id, today)
        stages = self._stage_map()

        def stage_label(key: str) -> str:
            return stages[key].label(lang) if key in stages else key

        events = [StoryEvent(h.at, t("deals.md.stage_event", lang=lang),
                             " — ".join(x for x in (stage_label(h.stage), h.note) if x)) for h in page.history]
        for item in page.timeline:   # its stages are the history above; its moves the story tells by kind
            if item.kind == "interaction":
                label = Kind(item.subtype).label(lang) if item.subtype in Kind._value2member_map_ else item.subtype
                people = t("deals.md.paren", lang=lang, what=item.people) if item.people else ""
                events.append(StoryEvent(item.at, label, item.text + people))
            elif item.kind in ("meal", "gift"):
                text = f"{item.text} → {item.people}" if item.people else item.text
                events.append(StoryEvent(item.at, t(f"deals.md.{item.kind}_event", lang=lang), text))
        d = page.deal
        return DealStory(
            d.title, d.company, stage_label(d.stage), StageMeaning(d.stage_meaning), d.value, d.agreed_on,
            d.closed_on, d.terms,
            [(p.name, p.title, DealRole(p.role).label(lang) if p.role else "") for p in page.people],
            [(n.what, n.implicit) for n in page.needs], dict(page.terms),
            [(m.move, m.warnings) for m in page.moves], events)

    # ------------------------------------------------------------ commands (run through app.write)
    def deal_input(self, deal_id: int) -> DealInput:
        return self._store.deals.deal_input(deal_id)

    def add_deal(self, data: DealInput, now: datetime) -> int:
        return self._store.deals.add_deal(data, now)

    def update_deal(self, deal_id: int, data: DealInput, now: datetime, expected: DealInput | None = None) -> None:
        """Save the form; a changed stage moves the deal (dating agreement and close, see move_stage)."""
        self._store.deals.update_deal(deal_id, data, now, expected)
        if data.stage != self._store.deals.deal_input(deal_id).stage:
            self.move_stage(deal_id, data.stage, now)

    def archive_deal(self, deal_id: int, now: datetime) -> str:
        """Archive; returns the deal's title, for the message saying so."""
        title = self._store.deals.deal_input(deal_id).title
        self._store.deals.archive_deal(deal_id, now)
        return title

    def move_stage(self, deal_id: int, stage_key: str, now: datetime, note: str = "") -> bool:
        """Move to a stage, kept in the history. Verbal agreement dates the agreement and adds the
        follow-up "get it signed" (to the decision maker, else the first person on the deal); won
        or lost dates the close; won completes that follow-up. False when it was at that stage already."""
        deal = self._store.deals.negotiation(deal_id)[0]
        sign = t("deals.followup.sign", title=deal.title, day=now.date().isoformat())
        # the follow-up as it was worded when the agreement was reached, in either language
        signed = tuple(t("deals.followup.sign", lang=lang, title=deal.title, day=deal.agreed_on.isoformat())
                       for lang in ("en", "zh")) if deal.agreed_on else ()
        return self._store.deals.move_stage(deal_id, stage_key, now, note, sign_what=sign, signed=signed)

    def attach(self, kind: str, record_id: int, deal_id: int | None) -> None:
        """Log an interaction, meal or gift ("interaction" | "meal" | "gift") with a deal, or with none."""
        self._store.deals.attach(kind, record_id, deal_id)

    def set_person(self, deal_id: int, contact_id: int, role: DealRole | str | None = None) -> None:
        self._store.deals.set_person(deal_id, contact_id, role)

    def remove_person(self, deal_id: int, contact_id: int) -> None:
        self._store.deals.remove_person(deal_id, contact_id)

    def add_need(self, deal_id: int, what: str, implicit: bool = False, rank: int | None = None) -> int:
        return self._store.deals.add_need(deal_id, what, implicit, rank)

    def update_need(self, need_id: int, what: str, implicit: bool, rank: int) -> None:
        self._store.deals.update_need(need_id, what, implicit, rank)

    def remove_need(self, need_id: int) -> None:
        self._store.deals.remove_need(need_id)

    def add_condition(self, deal_id: int, condition: Condition) -> int:
        return self._store.deals.add_condition(deal_id, condition)

    def remove_condition(self, condition_id: int) -> None:
        self._store.deals.remove_condition(condition_id)

    def check_move(self, deal_id: int, move: Move) -> tuple[DealWarning, ...]:
        """What this move would raise, before saving it (a form shows them as the rep types)."""
        deal, conditions, moves = self._store.deals.negotiation(deal_id)
        earlier = [m for m in moves if (m.at, m.id or 0) <= (move.at, move.id or 1 << 62) and m.id != move.id]
        return move_warnings(move, earlier, conditions, self._rule(deal))

    def add_move(self, deal_id: int, move: Move, now: datetime) -> tuple[DealWarning, ...]:
        """Log a demand, a concession or a deadlock; returns the warnings it raised: a price step
        over the rule, a concession of ours with nothing asked in return, a condition crossed."""
        warnings = self.check_move(deal_id, move)
        self._store.deals.add_move(deal_id, move, now)
        return warnings

    def update_move(self, move_id: int, move: Move) -> None:
        self._store.deals.update_move(move_id, move)

    def remove_move(self, move_id: int) -> None:
        self._store.deals.remove_move(move_id)


_KIND_ORDER = {"stage": 0, "interaction": 1, "meal": 2, "gift": 3, "move": 4}
