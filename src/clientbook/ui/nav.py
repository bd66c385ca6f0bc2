"""Going from page to page: the one place pages are pushed from. Pages call these instead of
importing each other, so no page module needs another and every one may import this module.
Each page module is imported here when first opened: the app starts without them."""

from __future__ import annotations

from clientbook.ui.forms.flow import run_flow


def open_contact(app, contact_id: int) -> None:
    from clientbook.ui.screens.contact import ContactScreen

    app.push_screen(ContactScreen(contact_id))


def open_company(app, company_id: int) -> None:
    from clientbook.ui.screens.company import CompanyScreen

    app.push_screen(CompanyScreen(company_id))


def open_merge(app, first_id: int, second_id: int) -> None:
    from clientbook.ui.screens.merge import MergeScreen

    app.push_screen(MergeScreen(first_id, second_id))


def open_meal(app, meal_id: int) -> None:
    """A meal's plan: who comes, where they sit, what to check."""
    from clientbook.ui.screens.meal_plan import MealPlanScreen

    app.push_screen(MealPlanScreen(meal_id))


def open_meal_prep(app, meal_id: int) -> None:
    from clientbook.ui.screens.meal_prep import MealPrepScreen

    app.push_screen(MealPrepScreen(meal_id))


def open_minutes(app, meal_id: int, then=None) -> None:
    """A meal's minutes: their page once written, else the form to write them (`then` runs
    after a save)."""
    from clientbook.ui.forms.minutes import minutes_flow

    run_flow(app, minutes_flow(meal_id), then)


def open_minutes_page(app, meal_id: int) -> None:
    """A meal's written minutes: what was learned, to file into profiles, and the export."""
    from clientbook.ui.screens.meal_minutes import MinutesScreen

    app.push_screen(MinutesScreen(meal_id))


def open_occasions(app) -> None:
    from clientbook.ui.screens.occasions import OccasionsScreen

    app.push_screen(OccasionsScreen())


def open_gift_policy(app, occasion_key: str | None = None) -> None:
    from clientbook.ui.screens.gift_policy import PolicyScreen

    app.push_screen(PolicyScreen(occasion_key))


def open_target_levels(app) -> None:
    from clientbook.ui.screens.target_levels import TargetLevelsScreen

    app.push_screen(TargetLevelsScreen())


def open_gift_log(app) -> None:
    from clientbook.ui.screens.gift_log import GiftLogScreen

    app.push_screen(GiftLogScreen())


def open_archive(app) -> None:
    from clientbook.ui.screens.archive import ArchiveScreen

    app.push_screen(ArchiveScreen())


def open_import(app, path: str | None = None) -> None:
    """The import page, unless it is the one shown already."""
    from clientbook.ui.screens.import_screen import ImportScreen

    if not isinstance(app.screen, ImportScreen):
        app.push_screen(ImportScreen(path))


def open_help(app) -> None:
    """The keys of the screen shown, over it (not over itself)."""
    from clientbook.ui.screens.help import HelpScreen

    if not isinstance(app.screen, HelpScreen):
        app.push_screen(HelpScreen(app.screen))


def open_deal(app, deal_id: int) -> None:
    """A deal's page: its people, needs, limits, the concession log and its timeline."""
    from clientbook.ui.screens.deal import DealScreen

    app.push_screen(DealScreen(deal_id))


def open_deal_stages(app) -> None:
    """The editable list of a deal's stages: rename, add, reorder."""
    from clientbook.ui.screens.deal_stages import DealStagesScreen

    app.push_screen(DealStagesScreen())
def open_pool(app) -> None:
    from clientbook.ui.screens.pool import PoolScreen

    app.push_screen(PoolScreen())


def open_call_card(app, prep_id: int) -> None:
    """A call's card (domain §11): who, how to address them, the plan, and what to have at hand."""
    from clientbook.ui.screens.call_card import CallCardScreen

    app.push_screen(CallCardScreen(prep_id))
