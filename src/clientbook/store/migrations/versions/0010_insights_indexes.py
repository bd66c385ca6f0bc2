"""Schema 10: covering indexes for the Insights aggregates (store/insights.py): the live
interactions by time (stay-in-touch), and by kind and time with their cost (activity, spend),
an interaction's people without its cc'd (spend shares), and the live contacts by company,
position and level, so each aggregate reads an index instead of the tables' wide rows.

Revision ID: 0010_insights_indexes
Revises: 0009_reminders
"""

from alembic import op

revision = "0010_insights_indexes"
down_revision = "0009_reminders"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interaction_live_time", "interaction", ["archived_at", "occurred_at"])
    op.create_index("ix_interaction_live_kind", "interaction", ["archived_at", "kind", "occurred_at", "cost"])
    op.create_index("ix_interaction_contact_people", "interaction_contact", ["interaction_id", "cc", "contact_id"])
    op.create_index("ix_contact_live_level", "contact", ["archived_at", "company_id", "position", "level"])


def downgrade() -> None:
    op.drop_index("ix_contact_live_level", "contact")
    op.drop_index("ix_interaction_contact_people", "interaction_contact")
    op.drop_index("ix_interaction_live_kind", "interaction")
    op.drop_index("ix_interaction_live_time", "interaction")
