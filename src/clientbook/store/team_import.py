"""`clientbook team import BOOK.db`: a rep's own SQLite book moved into the team book, in one
transaction of the team book, as the importing rep (row-level security applies: every row is
theirs, authored by them: the owner and author columns are left to their defaults).

The team book has its own id sequences: every id is given anew and every reference re-mapped.
A contact that looks like one the team has (the contacts import's own preview: store/interop.py
preview_import, domain/dedupe.py) is not added again: its history joins the team's record. A
company of the same name is the team's. The team's reps, pool rules and settings stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select as select_table
from sqlmodel import col, select

from clientbook.domain.dedupe import RawRow
from clientbook.store.interop import CHUNK, _card_form_text
from clientbook.store.models import Company, Contact, all_tables
from clientbook.store.models.insights import DERIVED_TABLES
from clientbook.store.rows import input_of

# The team's own, never taken from a rep's book.
TEAM_TABLES = frozenset({"rep", "pool_rule", "owner_change"})
# Who owns or wrote a row: the importing rep (the columns' defaults, clientbook_rep()).
REP_COLUMNS = frozenset({"owner_id", "author_id", "from_rep_id", "to_rep_id", "by_rep_id"})
# References kept without a foreign key (models: deal_id), by the table they name.
UNDECLARED = {"deal_id": "deal"}


def source_rows(sessions) -> Iterator[RawRow]:
    """The book's live contacts as the contacts import reads a file's rows (what they are
    matched by: name and company, phones, e-mails, WeChat); a row's number is the contact's id."""
    with sessions.reading() as session:
        rows = session.exec(select(Contact, Company.name).outerjoin(Company, Company.id == Contact.company_id)
                            .where(col(Contact.archived_at).is_(None)).order_by(Contact.id)).all()
        for contact, company in rows:
            card = input_of(contact, company or "")
            raw = {"name": contact.name, "company": company or "", "wechat": contact.wechat, **_card_form_text(card)}
            yield RawRow(contact.id, contact.id, raw, base=card)


def _order(tables) -> list:
    """Referenced tables first, deals before what names them without a foreign key."""
    return sorted(tables, key=lambda table: 0 if table.name in ("company", "deal") else 1)


def import_book(source, team, same_contact: dict[int, int], now: datetime) -> dict[str, int]:
    """Every row of the `source` book's sessions into the `team` book's, in one transaction;
    `same_contact`: the source's contact ids that are the team's (id there). Rows per table."""
    from sqlalchemy.dialects.postgresql import insert

    from clientbook.store.server import plain
    from clientbook.store.writes import refresh_last_contact

    ids: dict[str, dict[int, int]] = {"contact": dict(same_contact)}
    counts: dict[str, int] = {}
    with source.reading() as reading, team.writing() as session:
        ids["company"] = {}
        team_companies = dict(session.execute(select(Company.name, Company.id).where(col(Company.archived_at).is_(None))).all())
        for table in _order(all_tables().sorted_tables):
            if table.name in TEAM_TABLES or table.name in DERIVED_TABLES:
                continue
            keys = [column.name for column in table.primary_key.columns]
            numbered = keys == ["id"]
            references = {column.name: next(iter(column.foreign_keys)).column.table.name
                          for column in table.columns if column.foreign_keys}
            references.update({name: target for name, target in UNDECLARED.items() if name in table.columns})
            rows, old_ids = [], []
            for row in reading.execute(select_table(table).order_by(*table.primary_key.columns)).mappings():
                values = {key: value for key, value in row.items() if key not in REP_COLUMNS}
                if table.name == "contact" and row["id"] in same_contact:
                    continue
                if table.name == "company" and row["name"] in team_companies and row["archived_at"] is None:
                    ids["company"][row["id"]] = team_companies[row["name"]]
                    continue
                for name, target in references.items():
                    if values.get(name) is not None:
                        values[name] = ids.get(target, {}).get(values[name])
                if "owned_since" in table.columns:   # theirs from now: the pool's clock starts today
                    values["owned_since"] = now
                if numbered:
                    old_ids.append(values.pop("id"))
                rows.append(values)
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start:start + CHUNK]
                if numbered:
                    new = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                          chunk).scalars().all()
                    ids.setdefault(table.name, {}).update(zip(old_ids[start:start + CHUNK], new))
                else:   # settings and links: the team's own win
                    session.execute(insert(table).on_conflict_do_nothing(), chunk)
            counts[table.name] = len(rows)
        # the team's contacts that gained interactions, and Insights' rows of every one imported
        refresh_last_contact(plain(session.connection().connection.driver_connection), list(ids["contact"].values()))
    return counts
