"""Schema 14: Insights' spend and stay-in-touch health read fewer rows (store/insights.py).

- contact_spend keeps each share's company (the person's: a change of company refreshes their
  shares) and its interaction's `private` and `author_id`: the spend per company is a range of
  each company's shares, not a probe of each of ~10,000 people, and on a team book row security
  checks the share itself instead of looking up its interaction (~10,000 lookups).
- The live interactions by kind and time carry `private` and `author_id` too, so on a team book
  the months' spend (and the activity) is read from the index alone under row security.
- contact_touch by day: PostgreSQL reads the weeks' touches of every contact from it and hashes
  them against the followers (it scanned the whole table).

The kept rows are made anew from the interactions and, on a team book, the refresh function that
keeps them and the shares' row security installed (store/policies.py install_insights): by this
revision, as the latest that changes them (see 0012_contact_history).

Revision ID: 0014_spend_by_company
Revises: 0013_today
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_spend_by_company"
down_revision = "0013_today"
branch_labels = None
depends_on = None

# Schema 13's spend shares and who read them: a team book's refresh and policy after a downgrade.
SPEND_ROWS_13 = ("INSERT INTO contact_spend (contact_id, interaction_id, at, share)"
                 " SELECT l.contact_id, i.id, i.occurred_at, i.cost * 1.0 / (SELECT count(*) FROM interaction_contact p"
                 " WHERE p.interaction_id = i.id AND NOT p.cc)"
                 " FROM interaction_contact l CROSS JOIN interaction i WHERE i.id = l.interaction_id AND NOT l.cc"
                 " AND i.archived_at IS NULL AND i.cost IS NOT NULL AND i.kind IN ('meal', 'gift', 'entertainment')")
VISIBLE_13 = "EXISTS (SELECT 1 FROM interaction i WHERE i.id = interaction_id)"


def team_book(connection) -> bool:
    """A team book: `clientbook team upgrade` runs this as its admin."""
    return connection.dialect.name == "postgresql" and connection.exec_driver_sql(
        "SELECT to_regproc('clientbook_refresh_last_contact') IS NOT NULL").scalar()


def upgrade() -> None:
    from clientbook.store.writes import rebuild_contact_history

    op.create_index("ix_contact_touch_day", "contact_touch", ["day", "contact_id", "prev_day"])
    op.drop_index("ix_interaction_live_kind", "interaction")
    op.create_index("ix_interaction_live_kind", "interaction",
                    ["archived_at", "kind", "occurred_at", "cost", "private", "author_id"])
    op.drop_table("contact_spend")     # made anew below: derived, nothing in it is lost
    op.create_table(
        "contact_spend",
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interaction.id"), primary_key=True),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id"), primary_key=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id"), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
    )
    op.create_index("ix_contact_spend_company_at", "contact_spend", ["company_id", "at", "share"])
    op.create_index("ix_contact_spend_contact", "contact_spend", ["contact_id"])
    connection = op.get_bind()
    rebuild_contact_history(connection)
    if team_book(connection):
        from clientbook.store.policies import install_insights

        install_insights(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if team_book(connection):     # first: the policy reads the columns dropped below
        from clientbook.store.policies import install_insights

        install_insights(connection, SPEND_ROWS_13, VISIBLE_13)
    with op.batch_alter_table("contact_spend") as table:     # SQLite: the table made anew, its shares kept
        table.drop_index("ix_contact_spend_contact")
        table.drop_index("ix_contact_spend_company_at")
        for column in ("company_id", "private", "author_id"):
            table.drop_column(column)
        table.create_index("ix_contact_spend_contact_at", ["contact_id", "at", "share"])
    op.drop_index("ix_interaction_live_kind", "interaction")
    op.create_index("ix_interaction_live_kind", "interaction", ["archived_at", "kind", "occurred_at", "cost"])
    op.drop_index("ix_contact_touch_day", "contact_touch")
