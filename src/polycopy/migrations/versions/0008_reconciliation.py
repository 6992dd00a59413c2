"""fill and position reconciliation

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    with op.batch_alter_table("exchange_fills", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trade_ids", json_type, nullable=True))
    op.create_table(
        "trades_cursors",
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column("after", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_trades_cursors_follower_account_id_follower_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("follower_account_id", name=op.f("pk_trades_cursors")),
    )
    op.create_table(
        "position_baselines",
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column("token_id", sa.String(length=80), nullable=False),
        sa.Column("baseline_micros", sa.BigInteger(), nullable=False),
        sa.Column("alerted_micros", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_position_baselines_follower_account_id_follower_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "follower_account_id", "token_id", name=op.f("pk_position_baselines")
        ),
    )


def downgrade() -> None:
    op.drop_table("position_baselines")
    op.drop_table("trades_cursors")
    with op.batch_alter_table("exchange_fills", schema=None) as batch_op:
        batch_op.drop_column("trade_ids")
