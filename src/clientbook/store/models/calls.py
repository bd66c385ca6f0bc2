"""A call's preparation and, after it, its review (domain §11). No `from __future__ import
annotations`: see models/__init__.py."""

from sqlmodel import Field

from clientbook.store.models import LocalDatetime, _Table, rep_field


class CallPrep(_Table, table=True):
    __tablename__ = "call_prep"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    deal_id: int | None = Field(default=None, foreign_key="deal.id")
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")  # the call, once logged
    matter: str = ""
    our_outcome: str = ""                    # the outcome we want
    their_outcome: str = ""                  # the one we expect them to want
    their_attitude: str = ""                 # their likely attitude, in words
    tone: str = ""                           # the tone to take
    rehearsal: str = ""                      # rehearsal notes
    attitude: int | None = None              # after: their attitude, 1 (hostile) … 5 (warm)
    satisfaction: int | None = None          # after: their satisfaction, 1 … 5
    differed: str = ""                       # after: what differed from the preparation
    lesson: str = ""                         # after: shown when the next call with them is prepared
    reviewed_at: LocalDatetime | None = None
    author_id: int | None = rep_field()
    created_at: LocalDatetime
    updated_at: LocalDatetime
