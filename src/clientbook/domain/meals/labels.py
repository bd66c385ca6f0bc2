"""What a meal is called, by one rule everywhere (the Meals list, a plan's page, the minutes,
Today on screen and `clientbook today`): its title, else its cuisine and venue, else "(meal)"."""

from __future__ import annotations

from clientbook.i18n import t


def meal_name(title: str, cuisine: str, venue: str) -> str:
    """The meal's own words for itself ("" when it has none): what the book may store, since it
    reads the same whatever the interface language."""
    return (title or " ".join(x for x in (cuisine, venue) if x)).strip()


def meal_label(title: str, cuisine: str, venue: str, lang: str | None = None) -> str:
    """The meal's name as shown: meal_name, or "(meal)" / "（饭局）" when it has none."""
    return meal_name(title, cuisine, venue) or t("meal.untitled", lang=lang)
