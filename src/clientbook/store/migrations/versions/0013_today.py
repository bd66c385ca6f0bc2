"""Schema 13: the open follow-ups by due day, so Today's agenda (store/agenda.py open_followups)
reads the few hundred open ones from an index instead of every live follow-up due up to a week
ahead (ix_followup_live_due's range: nearly all of them, done ones too; 12 -> 1.3 ms on the
bench's large book).

Revision ID: 0013_today
Revises: 0012_contact_history
"""

from alembic import op

revision = "0013_today"
down_revision = "0012_contact_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_followup_open_due", "followup", ["done_at", "archived_at", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_followup_open_due", "followup")
