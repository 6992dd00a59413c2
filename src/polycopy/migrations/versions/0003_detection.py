"""leader detection (sources, sightings, watchdogs, leader events)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 06:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leader_fills", schema=None) as batch_op:
        batch_op.add_column(sa.Column("block_number", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("reorged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leader_fills", schema=None) as batch_op:
        batch_op.drop_column("reorged_at")
        batch_op.drop_column("block_number")
