"""Live takeover: the queue of conversations waiting for a person of the team, and who wrote a lead.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_conversations",
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(), nullable=False),
        sa.Column("taken_by", sa.String(length=100), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('waiting', 'taken', 'missed', 'closed')", name=op.f("ck_live_conversations_status")
        ),
        sa.PrimaryKeyConstraint("sender_id", name=op.f("pk_live_conversations")),
    )
    op.create_index(op.f("ix_live_conversations_status"), "live_conversations", ["status"])
    with op.batch_alter_table("leads") as batch:  # SQLite adds a nullable column in place
        batch.add_column(sa.Column("author", sa.String(length=100), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35+ can): copying ``leads`` to a new table would lose its AUTOINCREMENT.
    with op.batch_alter_table("leads", recreate="never") as batch:
        batch.drop_column("author")
    op.drop_index(op.f("ix_live_conversations_status"), table_name="live_conversations")
    op.drop_table("live_conversations")
