"""The tables. Times are naive local wall-clock times by design: a rep's 12:00 lunch in
Shanghai is stored and shown as 12:00, never converted (see tests/store/test_times.py).

No `from __future__ import annotations` here: pydantic and SQLModel read every field's type,
and from a string each is compiled and evaluated first (~4 ms of each start on 150 columns)."""

from datetime import date, time

from pydantic import ConfigDict
from pydantic import NaiveDatetime as LocalDatetime
from sqlmodel import Field, SQLModel


class _Table(SQLModel):
    # pydantic builds a model's validator when it is first needed, not at import: SQLModel
    # never validates a table row (it sets the fields as given), so a command like
    # `clientbook log` builds none (~4 ms of its start on 14 tables).
    model_config = ConfigDict(defer_build=True)


class Company(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    grade: str | None = None            # Grade value, None until graded
    industry: str = ""
    city: str = ""
    address: str = ""
    yearly_value: float | None = None
    notes: str = ""
    search_keys: str = ""
    archived_at: LocalDatetime | None = Field(default=None, index=True)
    created_at: LocalDatetime
    updated_at: LocalDatetime


class Contact(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    title: str = ""
    position: str | None = None          # Position value
    phones: str = ""                     # one per line
    wechat: str = ""
    email: str = ""
    birthday: str = ""                   # Birthday.to_storage(), "" when unknown
    level: int = 0                       # Level 0–6
    cuisine: str = ""
    drinks: str = ""
    hobbies: str = ""
    taboos: str = ""
    diet: str = ""
    family: str = ""
    notes: str = ""
    tags: str = ""                       # " tag1 tag2 ", padded with spaces
    search_keys: str = ""
    cadence_days: int | None = None      # own stay-in-touch cadence, overriding the grade's
    last_contact_at: LocalDatetime | None = Field(default=None, index=True)  # latest interaction, kept by the store
    everyday_low: int | None = None       # everyday small gifts: days between, drawn at random in [low, high]
    everyday_high: int | None = None
    next_everyday_gift: date | None = None
    sort_key: str = Field(default="", index=True)   # pinyin of the name, for A–Z order
    archived_at: LocalDatetime | None = Field(default=None, index=True)
    created_at: LocalDatetime
    updated_at: LocalDatetime

    @property
    def phone_list(self) -> list[str]:
        return [p for p in self.phones.split("\n") if p]

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()


class Interaction(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str                                # Kind value
    occurred_at: LocalDatetime = Field(index=True)
    has_time: bool = True                   # False: only the day is known
    place: str = ""
    summary: str = ""
    notes: str = ""
    cost: float | None = None
    space: str | None = None                 # Space value
    info_quality: str | None = None          # InfoQuality value
    coach: str | None = None                 # Coach value
    topic_depth: str | None = None           # TopicDepth value
    archived_at: LocalDatetime | None = None
    created_at: LocalDatetime
    updated_at: LocalDatetime


class InteractionContact(_Table, table=True):
    __tablename__ = "interaction_contact"
    interaction_id: int = Field(foreign_key="interaction.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)


class Followup(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    what: str
    due_date: date = Field(index=True)
    due_time: time | None = None
    promise: bool = True                     # ours (我方承诺) or theirs
    done_at: LocalDatetime | None = Field(default=None, index=True)
    archived_at: LocalDatetime | None = None
    created_at: LocalDatetime
    updated_at: LocalDatetime


class LevelChange(_Table, table=True):
    __tablename__ = "level_change"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    changed_at: LocalDatetime
    from_level: int
    to_level: int
    reason: str = ""
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")


class Meal(_Table, table=True):
    """A planned client meal (domain §9), and after it, its minutes."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = ""
    purpose: str = "business"                # MealPurpose value
    phase: str | None = None                 # ProjectPhase value
    planned_at: LocalDatetime = Field(index=True)
    venue: str = ""
    venue_level: str = "mid_range"           # VenueLevel value
    cuisine: str = ""
    private_room: bool = False
    budget: float | None = None
    channel: str | None = None               # Channel value
    learn_mind: bool = False                 # the aim is to learn a decision maker's mind
    deadline: date | None = None
    seating: str = ""                        # diner ids in seat order, "3,1,2"; "" = computed
    discussed: str = ""
    agreements: str = ""                     # one per line
    next_step: str = ""
    actual_cost: float | None = None
    minutes_at: LocalDatetime | None = None  # when the minutes were saved
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    archived_at: LocalDatetime | None = None
    created_at: LocalDatetime
    updated_at: LocalDatetime


class MealDiner(_Table, table=True):
    __tablename__ = "meal_diner"
    id: int | None = Field(default=None, primary_key=True)
    meal_id: int = Field(foreign_key="meal.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    name: str
    side: str = "guest"                      # Side value
    role: str | None = None                  # OurRole value, our side only
    is_guest_of_honour: bool = False
    is_decision_maker: bool = False
    companion_of: int | None = None          # another diner's id: spouse or assistant
    invite_status: str = "to_invite"         # InviteStatus value
    attended: bool | None = None             # filled with the minutes


class MealLearned(_Table, table=True):
    """What the rep learned about a person at a meal; filed into their profile on demand."""

    __tablename__ = "meal_learned"
    id: int | None = Field(default=None, primary_key=True)
    meal_id: int = Field(foreign_key="meal.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    person: str
    fact: str
    filed_at: LocalDatetime | None = None


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
