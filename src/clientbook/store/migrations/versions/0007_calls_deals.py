"""Schema 7, the base the revisions build on: a SQLite book reaches it through book.py's
MIGRATIONS (versions 1→7, released before alembic) and is stamped here.

Revision ID: 0007_calls_deals
"""

revision = "0007_calls_deals"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
