"""How the gift screens, the Calendar, Today and the contact and company pages word gifts:
decisions, counts, budgets, days, occasions' rules and lead times, spend."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from clientbook.domain.dates import day_text
from clientbook.domain.gifts.occasions import Occasion, format_occasion_date
from clientbook.domain.gifts.policy import BUDGET_RANGES, BudgetTier, Treatment
from clientbook.domain.lunar import Birthday, format_birthday
from clientbook.domain.money import money_range, money_text
from clientbook.i18n import language, t
from clientbook.services.gifts import occasion_label


def tier_range(tier: BudgetTier | None) -> str:
    if tier is None:
        return ""
    return money_range(*BUDGET_RANGES[tier])


def decision_text(treatment: Treatment, tier: BudgetTier | None) -> str:
    """送礼 · 标准 / 问候 / 不送."""
    if treatment is Treatment.GIFT and tier is not None:
        return t("giftui.decision.gift", treatment=treatment.label(), tier=tier.label())
    return treatment.label()


def counts_text(group) -> str:
    """送礼 3 · 问候 1, or only the part that is not zero."""
    if group is None:
        return t("giftui.cal.nobody")
    gifts, greetings = len(group.gifts), len(group.greetings)
    if gifts and greetings:
        return t("giftui.cal.counts", gifts=gifts, greetings=greetings)
    if gifts:
        return t("giftui.cal.gifts_only", n=gifts)
    return t("giftui.cal.greetings_only", n=greetings)


def occasion_rule_text(occasion: Occasion) -> str:
    """农历八月十五 / 10月1日 (every year), or the date of a one-off."""
    if occasion.kind == "festival" and occasion.key == "new_years_eve":
        return t("giftui.rule.new_years_eve")
    rule = format_birthday(Birthday(occasion.calendar, occasion.month, occasion.day,
                                    None if occasion.yearly else occasion.year, occasion.leap), language())
    if occasion.yearly:
        return t("giftui.rule.yearly", rule=rule)
    return t("giftui.rule.once", rule=rule)


def occasion_date_text(d: date, occasion: Occasion) -> str:
    return format_occasion_date(d, occasion, language())


def lead_text(days: int) -> str:
    return t("giftui.lead.on_the_day") if days == 0 else t("giftui.lead.days", days=days)


def on_off(enabled: bool) -> Text:
    return Text(t("giftui.on"), style="green") if enabled else Text(t("giftui.off"), style="dim")


def spend_text(spend: dict, year: int) -> str:
    """This year's gift spend, per company, largest first (and last year's total)."""
    this_year = sorted(((c, v) for (c, y), v in spend.items() if y == year), key=lambda cv: -cv[1])
    last_year = sum(v for (c, y), v in spend.items() if y == year - 1)
    if this_year:
        parts = " · ".join(f"{company or t('giftui.spend.no_company')} {money_text(value)}" for company, value in this_year)
        text = t("giftui.spend.line", year=year, total=money_text(sum(v for _c, v in this_year)), parts=parts)
    else:
        text = t("giftui.spend.none", year=year)
    if last_year:
        text += t("giftui.spend.last_year", year=year - 1, total=money_text(last_year))
    return text


def company_spend_text(spend: dict) -> str:
    """Per year, newest first: 2026 ¥3,450 · 2025 ¥1,200."""
    by_year: dict[int, float] = {}
    for (_company, year), value in spend.items():
        by_year[year] = by_year.get(year, 0.0) + value
    if not by_year:
        return t("giftui.company_spend.none")
    return t("giftui.company_spend.line",
             years=" · ".join(f"{year} {money_text(value)}" for year, value in sorted(by_year.items(), reverse=True)))


def contact_gift_line(found, today: date) -> str:
    """Gifts to this person (count, total, the latest) and the everyday-gift rhythm, from a
    services.contacts.ContactGifts."""
    gifts, names = found.gifts, found.occasion_names
    lang = language()
    if gifts:
        latest = gifts[0]
        total = sum(g.value for g in gifts if g.value is not None)
        line = t("giftui.contact.gifts", count=len(gifts), total=money_text(total), date=latest.given_on.isoformat(),
                 what=latest.what, occasion=occasion_label(latest.occasion_key, lang, names))
    else:
        line = t("giftui.contact.no_gifts")
    rhythm = found.rhythm
    if rhythm is not None:
        next_on = day_text(rhythm.next_on, today, lang) if rhythm.next_on else "—"
        line += " · " + t("giftui.contact.rhythm", low=rhythm.low, high=rhythm.high, date=next_on)
    return line
