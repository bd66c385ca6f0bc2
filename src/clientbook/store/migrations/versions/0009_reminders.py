"""Schema 9: the reminders `clientbook remind` has given, by key, so it never repeats one.

Revision ID: 0009_reminders
Revises: 0008_team
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_reminders"
down_revision = "0008_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_given",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("given_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_reminder_given_given_at", "reminder_given", ["given_at"])


def downgrade() -> None:
    op.drop_index("ix_reminder_given_given_at", "reminder_given")
    op.drop_table("reminder_given")
