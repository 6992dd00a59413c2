"""per-user leader labels on leader_watches (leader rows are shared); idempotency records
indexed by age, for their purge

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leader_watches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("label", sa.String(length=200), nullable=True))
    # A leader's shared name was given by whoever added it first: the earliest watch.
    op.execute(
        """
        UPDATE leader_watches SET label = (
            SELECT leaders.name FROM leaders WHERE leaders.id = leader_watches.leader_id
        )
        WHERE id IN (SELECT MIN(id) FROM leader_watches GROUP BY leader_id)
        """
    )
    with op.batch_alter_table("leaders", schema=None) as batch_op:
        batch_op.drop_column("name")
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_records_created_at"), ["created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("idempotency_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_records_created_at"))
    with op.batch_alter_table("leaders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=200), nullable=True))
    op.execute(
        """
        UPDATE leaders SET name = (
            SELECT label FROM leader_watches WHERE leader_watches.id = (
                SELECT MIN(id) FROM leader_watches w WHERE w.leader_id = leaders.id
            )
        )
        """
    )
    with op.batch_alter_table("leader_watches", schema=None) as batch_op:
        batch_op.drop_column("label")
