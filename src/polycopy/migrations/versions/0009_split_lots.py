"""mirrored splits: lots opened by a settlement, a split's outcome prices

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prices", JSON, nullable=True))
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opened_by_settlement_id", sa.Integer(), nullable=True))
        batch_op.alter_column("opened_by_fill_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(
            batch_op.f("ix_lots_opened_by_settlement_id"), ["opened_by_settlement_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_lots_opened_by_settlement_id_settlements"),
            "settlements",
            ["opened_by_settlement_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            op.f("ck_lots_opened_by_one"),
            "(opened_by_fill_id IS NULL) <> (opened_by_settlement_id IS NULL)",
        )


def downgrade() -> None:
    op.execute("DELETE FROM lots WHERE opened_by_fill_id IS NULL")
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_lots_opened_by_one"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_lots_opened_by_settlement_id_settlements"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_lots_opened_by_settlement_id"))
        batch_op.alter_column("opened_by_fill_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("opened_by_settlement_id")
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.drop_column("prices")
