"""The meals' tables. No `from __future__ import annotations`: see models/__init__.py."""

from datetime import date

from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table, private_field, rep_field


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
    deal_id: int | None = None               # the deal it served; no foreign key, as on Interaction
    author_id: int | None = rep_field()
    private: bool = private_field()          # the minutes stay with their author on a team book
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
