"""The gifts' tables. No `from __future__ import annotations`: see models/__init__.py."""

from datetime import date

from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table, rep_field


class OccasionSetting(_Table, table=True):
    """The rep's choices for a built-in occasion: on or off, and its lead time."""

    __tablename__ = "occasion_setting"
    key: str = Field(primary_key=True)
    enabled: bool = True
    lead_days: int = 0


class CustomOccasion(_Table, table=True):
    __tablename__ = "custom_occasion"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    calendar: str = "solar"                  # "solar" | "lunar"
    month: int
    day: int
    leap: bool = False
    yearly: bool = True
    year: int | None = None
    lead_days: int = 0
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    company_id: int | None = Field(default=None, foreign_key="company.id")
    archived_at: LocalDatetime | None = None
    created_at: LocalDatetime


class Gift(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    occasion_key: str | None = None
    what: str
    value: float | None = None
    given_on: date = Field(index=True)
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    deal_id: int | None = None               # the deal it served; no foreign key, as on Interaction
    author_id: int | None = rep_field()
    created_at: LocalDatetime


class ReminderState(_Table, table=True):
    """Done, skipped or snoozed: one person's reminder for one occurrence of an occasion."""

    __tablename__ = "reminder_state"
    occasion_key: str = Field(primary_key=True)
    year: int = Field(primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    state: str                               # "done" | "skipped" | "snoozed"
    until: date | None = None                # snoozed: hidden until this day
    at: LocalDatetime


class PolicyRuleRow(_Table, table=True):
    """An edited cell of the gift policy (occasion × grade × position)."""

    __tablename__ = "policy_rule"
    occasion_key: str = Field(primary_key=True)
    grade: str = Field(primary_key=True)
    position: str = Field(primary_key=True)
    treatment: str
    budget_tier: str | None = None
