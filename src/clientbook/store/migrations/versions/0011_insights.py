"""Schema 11: the live follow-ups by due day with whose promise, when done and when made, so
Insights' promises kept per week (store/insights.py promise_rows) and the report's promises
made / kept / overdue (our_promises) read this index alone instead of each follow-up's row.

Revision ID: 0011_insights
Revises: 0010_insights_indexes
"""

from alembic import op

revision = "0011_insights"
down_revision = "0010_insights_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_followup_live_due", "followup", ["archived_at", "due_date", "promise", "done_at", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_followup_live_due", "followup")
