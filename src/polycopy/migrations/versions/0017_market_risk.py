"""market risk: the Gamma figures a market's risk score reads (liquidity, volume, resolution
status, recent volatility), stored with the market

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    json = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
    with op.batch_alter_table("markets") as batch:
        batch.add_column(sa.Column("risk_facts", json, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("markets") as batch:
        batch.drop_column("risk_facts")
