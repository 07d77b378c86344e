"""The dashboard's follow-up of leads: status and notes, an audit trail, the stored sector.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("sector", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("follow_up_status", sa.String(length=20), nullable=False, server_default="nouveau")
        )
    op.create_index(op.f("ix_leads_created_at"), "leads", ["created_at"])
    op.create_index(op.f("ix_leads_region"), "leads", ["region"])
    op.create_index(op.f("ix_leads_follow_up_status"), "leads", ["follow_up_status"])

    op.create_table(
        "lead_followups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('nouveau', 'contacte', 'qualifie', 'en_parcours', 'clos')",
            name=op.f("ck_lead_followups_status"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_lead_followups_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_followups")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_lead_followups_lead_id"), "lead_followups", ["lead_id"])

    op.create_table(
        "lead_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_audit")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("lead_audit")
    op.drop_table("lead_followups")
    op.drop_index(op.f("ix_leads_follow_up_status"), table_name="leads")
    op.drop_index(op.f("ix_leads_region"), table_name="leads")
    op.drop_index(op.f("ix_leads_created_at"), table_name="leads")
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("follow_up_status")
        batch.drop_column("sector")
