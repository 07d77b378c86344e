"""Create the leads and their outbox (lead_deliveries).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("profile", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("postal_code", sa.String(length=5), nullable=True),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("qualification", sa.JSON(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("consent_text_version", sa.String(length=64), nullable=True),
        sa.Column("conversation_id", sa.String(length=255), nullable=True),
        sa.Column("porteur_code", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "profile IN ('candidat', 'employeur', 'recruteur')", name=op.f("ck_leads_profile")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
        sa.UniqueConstraint("reference", name=op.f("uq_leads_reference")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_leads_conversation_id"), "leads", ["conversation_id"])
    op.create_index(op.f("ix_leads_email"), "leads", ["email"])
    op.create_index(op.f("ix_leads_phone"), "leads", ["phone"])
    op.create_index(op.f("ix_leads_profile_created_at"), "leads", ["profile", "created_at"])

    op.create_table(
        "lead_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("channel IN ('webhook', 'email')", name=op.f("ck_lead_deliveries_channel")),
        sa.CheckConstraint(
            "status IN ('pending', 'delivered', 'failed')", name=op.f("ck_lead_deliveries_status")
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_lead_deliveries_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_deliveries")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_lead_deliveries_idempotency_key")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_lead_deliveries_lead_id"), "lead_deliveries", ["lead_id"])
    op.create_index(
        op.f("ix_lead_deliveries_status_next_attempt_at"), "lead_deliveries", ["status", "next_attempt_at"]
    )


def downgrade() -> None:
    op.drop_table("lead_deliveries")
    op.drop_table("leads")
