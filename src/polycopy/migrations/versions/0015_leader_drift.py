"""leader drift: each followed leader's latest drift check and its current episode

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 01:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "leader_drift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_fill_id", sa.BigInteger(), nullable=False),
        sa.Column("drifting", sa.Boolean(), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("drifting_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signals", _json(), nullable=False),
        sa.Column("rules", _json(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_leader_drift_leader_id_leaders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_drift")),
        sa.UniqueConstraint("leader_id", name=op.f("uq_leader_drift_leader_id")),
    )


def downgrade() -> None:
    op.drop_table("leader_drift")
