"""The deal a quick log, a meal plan or a gift served (domain §12): a choice among the open deals
of the people picked, read in a worker whenever who is picked changes; out of sight while they
have none, so a form without deals looks as before."""

from __future__ import annotations

from clientbook.ui.forms.form import Field, Kind

DEAL_FIELD = Field("deal", "dealui.field.deal", kind=Kind.OPTION, blank_key="dealui.deal.none")


def deal_label(row) -> str:
    """报价单二期 · 华为 · 商务谈判."""
    return f"{row.title} · {row.company} · {row.stage_label}"


class DealChoice:
    """Mixin for a FormScreen with DEAL_FIELD: `deal_people()` says whose open deals to offer."""

    deals: list[tuple[str, int]] = []   # what is offered, as (label, deal id)

    def deal_people(self) -> list[int]:
        raise NotImplementedError

    def options(self, field):
        return self.deals if field.name == DEAL_FIELD.name else super().options(field)

    def on_mount(self) -> None:   # Textual runs FormScreen's on_mount as well
        self.offer(DEAL_FIELD.name, [])
        self.read_deals()

    def read_deals(self) -> None:
        people, wanted = self.deal_people(), self.initial.get(DEAL_FIELD.name, "")
        if not people and not wanted:
            self._deals_read([])
            return
        deals, today = self.app.deals, self.app.now().date()

        def read() -> list[tuple[str, int]]:
            found = {row.id: deal_label(row) for contact_id in people for row in deals.open_deals_of_contact(contact_id, today)}
            if wanted and int(wanted) not in found:   # the deal it served has closed since: still its deal
                found[int(wanted)] = deal_label(deals.deal_page(int(wanted), today).deal)
            return [(label, deal_id) for deal_id, label in found.items()]

        self.app.write(read, self._deals_read)

    def _deals_read(self, deals: list[tuple[str, int]]) -> None:
        if not self.is_mounted:
            return
        self.deals = deals
        select = self.query_one(f"#f-{DEAL_FIELD.name}")
        first = select.is_blank() and not getattr(self, "_deals_offered", False)
        self.offer(DEAL_FIELD.name, deals)
        if first and self.initial.get(DEAL_FIELD.name):   # the deal it was saved with, once offered
            select.value = self.initial[DEAL_FIELD.name]
        self._deals_offered = True
