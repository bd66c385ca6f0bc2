"""Schema 8, the team book: reps, who owns each company and contact, who wrote each row, private
notes, the pool's recycle periods per grade and the log of owner moves.

Revision ID: 0008_team
Revises: 0007_calls_deals
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_team"
down_revision = "0007_calls_deals"
branch_labels = None
depends_on = None

# (table, column) of every rep reference: owners, then authors.
OWNERS = [("company", "owner_id"), ("contact", "owner_id"), ("followup", "owner_id")]
AUTHORS = [(table, "author_id") for table in
           ("interaction", "followup", "level_change", "meal", "gift", "call_prep")]
PRIVATE = ["interaction", "meal"]
# The pool's default recycle periods (domain/team.py DEFAULT_RECYCLE_DAYS says why).
DEFAULT_RECYCLE = [("A", None), ("B", 60), ("C", 30), ("D", 15)]


def upgrade() -> None:
    op.create_table(
        "rep",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False, unique=True),
        sa.Column("manager", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "pool_rule",
        sa.Column("grade", sa.String(), primary_key=True),
        sa.Column("recycle_days", sa.Integer(), nullable=True),
    )
    op.create_table(
        "owner_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id"), nullable=True),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contact.id"), nullable=True),
        sa.Column("from_rep_id", sa.Integer(), sa.ForeignKey("rep.id"), nullable=True),
        sa.Column("to_rep_id", sa.Integer(), sa.ForeignKey("rep.id"), nullable=True),
        sa.Column("by_rep_id", sa.Integer(), sa.ForeignKey("rep.id"), nullable=True),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    for column in ("company_id", "contact_id", "to_rep_id", "at"):
        op.create_index(f"ix_owner_change_{column}", "owner_change", [column])
    # The one rep of a book made before teams: everything in it is theirs.
    op.execute("INSERT INTO rep (id, name, role, manager, active, created_at)"
               " VALUES (1, '', '', false, true, CURRENT_TIMESTAMP)")
    pool_rule = sa.table("pool_rule", sa.column("grade"), sa.column("recycle_days"))
    op.bulk_insert(pool_rule, [{"grade": grade, "recycle_days": days} for grade, days in DEFAULT_RECYCLE])

    # Plain integers, no foreign key (models/__init__.py rep_field says why).
    for table, column in OWNERS + AUTHORS:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True, server_default="1"))
    for table in ("company", "contact"):
        op.add_column(table, sa.Column("owned_since", sa.DateTime(), nullable=True))
    for table in PRIVATE:
        op.add_column(table, sa.Column("private", sa.Boolean(), nullable=False, server_default=sa.false()))
    for table, column in OWNERS:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in OWNERS:
        op.drop_index(f"ix_{table}_{column}", table)
    for table in PRIVATE:
        op.drop_column(table, "private")
    for table in ("company", "contact"):
        op.drop_column(table, "owned_since")
    for table, column in OWNERS + AUTHORS:
        op.drop_column(table, column)
    op.drop_table("owner_change")
    op.drop_table("pool_rule")
    op.drop_table("rep")
