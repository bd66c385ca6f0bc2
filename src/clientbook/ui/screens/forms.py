"""RecordForm: the base the gift forms (GiftForm, PromptForm, OccasionForm) still subclass, with
their (field, label key, placeholder key, kind) tuples and _widget/_hint/_blank hooks. It is
ui/forms' FormScreen reading that old shape; it goes once their owners port them onto FormScreen."""

from __future__ import annotations

from clientbook.i18n import t
from clientbook.ui.forms.form import Field, FormScreen


class RecordForm(FormScreen):
    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.FIELDS = [spec if isinstance(spec, Field) else Field(*spec) for spec in cls.FIELDS]

    def field_widget(self, field: Field):
        return self._widget(field.name, field.kind, field.placeholder_key)

    def _widget(self, name: str, kind: str, placeholder_key: str):
        return super().field_widget(self.field(name))

    def hint(self, name: str, value: str) -> None:
        self._hint(name, value)

    def _hint(self, name: str, value: str) -> None:
        super().hint(name, value)

    def blank(self, field: Field) -> str:
        return self._blank(field.kind)

    @staticmethod
    def _blank(kind: str) -> str:
        return ""

    def shown(self, name: str, value: str) -> str:
        if self.field(name).kind == "select-yearly":
            return t("giftui.yearly.yes" if value == "1" else "giftui.yearly.no")
        return super().shown(name, value)
