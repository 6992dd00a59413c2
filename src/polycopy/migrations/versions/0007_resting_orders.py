"""resting orders (GTC/GTD, time to live, chase, remainders)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    json_type = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("policy", json_type, nullable=True))
        batch_op.add_column(sa.Column("chase_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("chase_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_orders_chase_of_id_orders"),
            "orders",
            ["chase_of_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_orders_chase_of_id_orders"), type_="foreignkey")
        batch_op.drop_column("chase_count")
        batch_op.drop_column("chase_of_id")
        batch_op.drop_column("policy")
        batch_op.drop_column("expires_at")
