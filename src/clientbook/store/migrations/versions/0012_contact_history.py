"""Schema 12: what Insights keeps of each contact's interactions (models/insights.py):
contact_touch (each live interaction's day with the day of the contact's one before it: the
health trend of any past day, exact, without a window over 205 days of interactions) and
contact_spend (each person's share of a costed meal, gift or entertainment: the spend without
counting each interaction's people), and the live contacts with what their stay-in-touch state
is judged from, without their wide rows.

They are filled from the book's interactions, and on a team book the refresh function that
keeps them and the spend shares' row security installed (store/policies.py install_insights),
by the latest revision that changes them (0014_spend_by_company): those run the store's
statements of today, which write the latest revision's columns.

Revision ID: 0012_contact_history
Revises: 0011_insights
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_contact_history"
down_revision = "0011_insights"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_touch",
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id"), primary_key=True),
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interaction.id"), primary_key=True),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("prev_day", sa.Integer(), nullable=True),
    )
    op.create_index("ix_contact_touch_contact_day", "contact_touch", ["contact_id", "day", "prev_day"])
    op.create_table(
        "contact_spend",
        sa.Column("interaction_id", sa.Integer(), sa.ForeignKey("interaction.id"), primary_key=True),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id"), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
    )
    op.create_index("ix_contact_spend_contact_at", "contact_spend", ["contact_id", "at", "share"])
    op.create_index("ix_contact_live_since", "contact", ["archived_at", "company_id", "cadence_days", "created_at",
                                                          "last_contact_at"])


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql" and connection.exec_driver_sql(
            "SELECT to_regproc('clientbook_refresh_last_contact') IS NOT NULL").scalar():
        from clientbook.store.policies import install_refresh

        install_refresh(connection, None)     # the clock alone
    op.drop_index("ix_contact_live_since", "contact")
    op.drop_index("ix_contact_spend_contact_at", "contact_spend")
    op.drop_index("ix_contact_touch_contact_day", "contact_touch")
    op.drop_table("contact_spend")
    op.drop_table("contact_touch")
