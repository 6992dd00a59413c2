"""copy engine (redemptions, merges, splits)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 06:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _enum(*values: str, name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade() -> None:
    with op.batch_alter_table("copy_rules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mirrored_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("markets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("winning_token_id", sa.String(length=80), nullable=True))

    op.create_table(
        "settlements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.String(length=66), nullable=False),
        sa.Column(
            "action", _enum("redeem", "merge", "split", name="settlement_action"), nullable=False
        ),
        sa.Column(
            "status",
            _enum(
                "offered",
                "pending",
                "sending",
                "done",
                "failed",
                "declined",
                name="settlement_status",
            ),
            nullable=False,
        ),
        sa.Column("leader_id", sa.Integer(), nullable=True),
        sa.Column("leader_fill_id", sa.Integer(), nullable=True),
        sa.Column("shares_micros", sa.BigInteger(), nullable=False),
        sa.Column("payout_micros", sa.BigInteger(), nullable=False),
        sa.Column("realized_pnl_micros", sa.BigInteger(), nullable=False),
        sa.Column("transaction_hash", sa.String(length=66), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("shares_micros >= 0", name=op.f("ck_settlements_shares_non_negative")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_settlements_attempts_non_negative")),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_settlements_follower_account_id_follower_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_settlements_leader_id_leaders"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["leader_fill_id"],
            ["leader_fills.id"],
            name=op.f("fk_settlements_leader_fill_id_leader_fills"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlements")),
    )
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_settlements_follower_account_id"), ["follower_account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_settlements_condition_id"), ["condition_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_settlements_status"), ["status"], unique=False)

    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settlement_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_lots_settlement_id"), ["settlement_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_lots_settlement_id_settlements"),
            "settlements",
            ["settlement_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lots_settlement_id_settlements"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_lots_settlement_id"))
        batch_op.drop_column("settlement_id")
    with op.batch_alter_table("settlements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlements_status"))
        batch_op.drop_index(batch_op.f("ix_settlements_condition_id"))
        batch_op.drop_index(batch_op.f("ix_settlements_follower_account_id"))
    op.drop_table("settlements")
    with op.batch_alter_table("markets", schema=None) as batch_op:
        batch_op.drop_column("winning_token_id")
        batch_op.drop_column("resolved_at")
    with op.batch_alter_table("copy_rules", schema=None) as batch_op:
        batch_op.drop_column("mirrored_at")
