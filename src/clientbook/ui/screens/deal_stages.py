"""The stages a deal goes through (domain §12), the rep's to edit: rename one, add one (with what
reaching it means: still open, verbal agreement, won, lost), move one up or down, remove one no
deal is at. Each change is saved at once through DealsService.save_stages."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from clientbook.domain.deals import StageMeaning
from clientbook.domain.deal_forms import validate_stage_name
from clientbook.i18n import t
from clientbook.ui.base import LoadsInWorker
from clientbook.ui.forms.flow import Flow, run_flow
from clientbook.ui.forms.form import Field, FormScreen, Kind
from clientbook.ui.forms.prompt import PromptForm
from clientbook.ui.page import Page
from clientbook.ui.widgets.tables import PlainTable


class NewStageForm(FormScreen):
    FORM_CLASSES = "small-form"
    FIELDS = [
        Field("name", "dealui.field.stage_name", "dealui.ph.stage_name"),
        Field("meaning", "dealui.field.meaning", kind=Kind.CHOICE, choices=StageMeaning),
    ]

    def validate(self, raw):
        name, errors = validate_stage_name(raw.get("name", ""))
        if errors:
            return None, {"name": errors["value"]}
        return (name, StageMeaning(raw["meaning"])), {}


class DealStagesScreen(LoadsInWorker, Page):
    CSS_PATH = "../deals.tcss"
    SUBTITLE_KEY = "dealui.stages.subtitle"
    BINDINGS = [
        Binding("escape", "back", "key.back", id="stages.back"),
        Binding("enter,r", "rename", "dealui.key.rename", key_display="r", id="stages.rename"),
        Binding("a", "add", "dealui.key.add_stage", id="stages.add"),
        Binding("K,shift+up", "shift(-1)", "dealui.key.up", key_display="K", id="stages.up"),
        Binding("J,shift+down", "shift(1)", "dealui.key.down", key_display="J", id="stages.down"),
        Binding("d", "remove", "dealui.key.remove_stage", id="stages.remove"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stages: list = []    # StageViews in order, as of the last load

    def body(self) -> ComposeResult:
        yield Static(t("dealui.stages.help"), id="filters")
        yield PlainTable(id="stages", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#stages", DataTable)
        table.add_columns(t("dealui.col.stage"), t("dealui.field.meaning"))
        self.reload()
        table.focus()

    def load(self, _asked):
        return self.app.deals.stages()

    def show(self, stages) -> None:
        self.stages = list(stages)
        self.query_one("#stages", PlainTable).fill(
            [((stage.label, StageMeaning(stage.meaning).label()), stage.key) for stage in stages])

    def _cursor(self) -> int | None:
        table = self.query_one("#stages", DataTable)
        return table.cursor_row if table.row_count else None

    def _save(self, stages: list, cursor: int | None = None) -> None:
        def saved(_) -> None:
            self.reload()
            if cursor is not None:
                self.query_one("#stages", DataTable).move_cursor(row=cursor)

        self.app.write(lambda: self.app.deals.save_stages(stages, self.app.now()), saved)

    def action_rename(self) -> None:
        index = self._cursor()
        if index is None:
            return
        stage = self.stages[index]

        def form(app, _nothing):
            return PromptForm("dealui.field.stage_name", stage.label, "dealui.ph.stage_name", validate_stage_name,
                              Text(t("dealui.stages.rename", stage=stage.label)))

        def save(app, result, _expected):
            stages = [replace(s, name=result[1]) if s.key == stage.key else s for s in self.stages]
            app.deals.save_stages(stages, app.now())

        run_flow(self.app, Flow(form, save=save), then=self.reload)

    def action_add(self) -> None:
        index = self._cursor()
        at = len(self.stages) if index is None else index + 1

        def save(app, data, _expected):
            name, meaning = data
            new = replace(self.stages[0], key="", name=name, label=name, meaning=meaning.value)
            app.deals.save_stages([*self.stages[:at], new, *self.stages[at:]], app.now())

        run_flow(self.app, Flow(lambda app, _nothing: NewStageForm({"meaning": StageMeaning.OPEN.value},
                                                                    Text(t("dealui.stages.new"))), save=save),
                 then=self.reload)

    def action_shift(self, step: int) -> None:
        index = self._cursor()
        if index is None or not 0 <= index + step < len(self.stages):
            return
        stages = list(self.stages)
        stages[index], stages[index + step] = stages[index + step], stages[index]
        self._save(stages, index + step)

    def action_remove(self) -> None:
        index = self._cursor()
        if index is not None and len(self.stages) > 1:
            self._save(self.stages[:index] + self.stages[index + 1:], max(index - 1, 0))

    def action_back(self) -> None:
        self.app.pop_screen()
