"""leaders' last read portfolio value (positions and cash) for proportional sizing

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leaders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("value_positions_micros", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("value_cash_micros", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("value_read_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leaders", schema=None) as batch_op:
        batch_op.drop_column("value_read_at")
        batch_op.drop_column("value_cash_micros")
        batch_op.drop_column("value_positions_micros")
