"""The tables of contacts and of the interactions captured with them. The follow-ups' and the
level changes' tables live in models/followups.py, the meals' and the gifts' in models/meals.py
and models/gifts.py, a card's photo in models/photos.py, each imported where first used: mapping a table costs about a millisecond
for every five columns, and the Store opens with only these four mapped. Times
are naive local wall-clock times by design: a rep's 12:00 lunch in Shanghai is stored and
shown as 12:00, never converted (see tests/store/test_times.py).

No `from __future__ import annotations` here: pydantic and SQLModel read every field's type,
and from a string each is compiled and evaluated first (~4 ms of each start on 150 columns)."""

from datetime import date

from pydantic import ConfigDict
from pydantic import NaiveDatetime as LocalDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class _Table(SQLModel):
    # pydantic builds a model's validator when it is first needed, not at import: SQLModel
    # never validates a table row (it sets the fields as given), so a command like
    # `clientbook add` builds none (~4 ms of a start that maps all 14 tables).
    model_config = ConfigDict(defer_build=True)
    # A new row reads back what the database filled in (its author, owner: rep_field below), so
    # the row an edit form was loaded from compares equal to the same row read again.
    __mapper_args__ = {"eager_defaults": True}


# Schema 8: who owns a company or contact and who wrote a row. The server default names the
# solo book's one rep (id 1); a team book's `team init` makes it clientbook_rep(), the rep the
# connection's role is, so no insert (ORM or plain SQL) ever passes it. No foreign key, as on
# deal_id: mapping a contact would have to map the reps' table, and SQLite cannot add one to
# an existing table.
def rep_field(**options):
    return Field(default=None, sa_column_kwargs={"server_default": "1"}, **options)


def private_field():
    """A note its author alone reads, on a team book (row-level security)."""
    return Field(default=False, sa_column_kwargs={"server_default": "0"})


class Company(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    grade: str | None = None            # Grade value, None until graded
    industry: str = ""
    city: str = ""
    address: str = ""
    switchboard: str = ""               # the main number (a company card's TEL)
    website: str = ""
    yearly_value: float | None = None
    notes: str = ""
    search_keys: str = ""
    owner_id: int | None = rep_field(index=True)   # None: nobody's, in the team's pool
    owned_since: LocalDatetime | None = None       # handed over or claimed; None: since created
    archived_at: LocalDatetime | None = Field(default=None, index=True)
    created_at: LocalDatetime
    updated_at: LocalDatetime


class Contact(_Table, table=True):
    # Insights counts the live contacts by grade, position and level from this alone.
    __table_args__ = (Index("ix_contact_live_level", "archived_at", "company_id", "position", "level"),
                      # Insights' stay-in-touch health (store/insights.py), without the wide rows
                      Index("ix_contact_live_since", "archived_at", "company_id", "cadence_days", "created_at",
                            "last_contact_at"))
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True)
    title: str = ""
    position: str | None = None          # Position value
    phones: str = ""                     # contact_card.dump_typed: JSON, "" for none
    wechat: str = ""
    emails: str = ""                     # contact_card.dump_typed
    birthday: str = ""                   # Birthday.to_storage(), "" when unknown
    nickname: str = ""
    address_as: str = ""                 # how to address them: 王总, 张经理 (domain §11)
    addresses: str = ""                  # contact_card.dump_addresses
    urls: str = ""                       # contact_card.dump_typed
    name_parts: str = ""                 # contact_card.dump_name: the card's N with the FN it came with
    card_extra: str = ""                 # the card's properties not modelled, verbatim (domain/vcard.py)
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
    owner_id: int | None = rep_field(index=True)   # None: nobody's, in the team's pool
    owned_since: LocalDatetime | None = None       # handed over or claimed; None: since created
    archived_at: LocalDatetime | None = Field(default=None, index=True)
    created_at: LocalDatetime
    updated_at: LocalDatetime

    @property
    def phone_list(self) -> list[str]:
        """The numbers, whatever their kind."""
        from clientbook.domain.contact_card import load_typed

        return [phone.value for phone in load_typed(self.phones)]

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()


class Interaction(_Table, table=True):
    # Insights reads the live interactions of a time span (and of a kind, with their cost) from these alone;
    # on a team book too (with what row security reads of each: who may see it).
    __table_args__ = (Index("ix_interaction_live_time", "archived_at", "occurred_at"),
                      Index("ix_interaction_live_kind", "archived_at", "kind", "occurred_at", "cost", "private",
                            "author_id"))
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
    # The deal it was logged with. No foreign key: `clientbook log` would have to map the deals'
    # tables to write one (the store sets only ids of deals it read).
    deal_id: int | None = Field(default=None, index=True)
    author_id: int | None = rep_field()
    private: bool = private_field()
    archived_at: LocalDatetime | None = None
    created_at: LocalDatetime
    updated_at: LocalDatetime


class InteractionContact(_Table, table=True):
    __tablename__ = "interaction_contact"
    # An interaction's people and whether each was only cc'd, without the table (Insights' spend shares).
    __table_args__ = (Index("ix_interaction_contact_people", "interaction_id", "cc", "contact_id"),)
    interaction_id: int = Field(foreign_key="interaction.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True)
    # An e-mail's cc: linked to the mail, but owing no answer (domain §11).
    cc: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


def all_tables():
    """The metadata with every table registered, in dependency order (create_all, the JSON dump)."""
    from clientbook.store.models import calls, deals, followups, gifts, insights, meals, photos, reminders, targets, team  # noqa: F401  (registers their tables)

    return SQLModel.metadata
