"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 03:52:52.862953
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
APPEND_ONLY_TABLES = ("audit_events", "order_events")


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("entity_type", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("details", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_table(
        "leaders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wallet", sa.String(length=42), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("pseudonym", sa.String(length=200), nullable=True),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("profile_image", sa.String(length=1000), nullable=True),
        sa.Column("profile", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leaders")),
        sa.UniqueConstraint("wallet", name=op.f("uq_leaders_wallet")),
    )
    op.create_table(
        "markets",
        sa.Column("condition_id", sa.String(length=66), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("slug", sa.String(length=300), nullable=True),
        sa.Column("event_slug", sa.String(length=300), nullable=True),
        sa.Column("neg_risk", sa.Boolean(), nullable=False),
        sa.Column("tick_size_micros", sa.BigInteger(), nullable=False),
        sa.Column("min_order_size_micros", sa.BigInteger(), nullable=False),
        sa.Column("end_date", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tags", JSON, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("condition_id", name=op.f("pk_markets")),
    )
    op.create_table(
        "system_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_system_settings")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "user", "admin", name="role", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "follower_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column(
            "mode",
            sa.Enum(
                "live",
                "paper",
                "sim",
                name="account_mode",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("wallet_address", sa.String(length=42), nullable=False),
        sa.Column("signer_address", sa.String(length=42), nullable=False),
        sa.Column("signature_type", sa.SmallInteger(), nullable=False),
        sa.Column("encrypted_credentials", sa.LargeBinary(), nullable=True),
        sa.Column(
            "trading_state",
            sa.Enum(
                "active",
                "reducing",
                "halted",
                name="trading_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("state_reason", sa.String(length=200), nullable=True),
        sa.Column("limits", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "signature_type BETWEEN 0 AND 3", name=op.f("ck_follower_accounts_signature_type_range")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_follower_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follower_accounts")),
    )
    with op.batch_alter_table("follower_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follower_accounts_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follower_accounts_wallet_address"), ["wallet_address"], unique=False
        )

    op.create_table(
        "leader_fills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity", sa.String(length=200), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column(
            "event_type",
            sa.Enum(
                "TRADE",
                "REDEEM",
                "MERGE",
                "SPLIT",
                "CONVERSION",
                name="leader_event_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("transaction_hash", sa.String(length=66), nullable=False),
        sa.Column("log_index", sa.Integer(), nullable=True),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.String(length=66), nullable=False),
        sa.Column("token_id", sa.String(length=80), nullable=True),
        sa.Column("outcome", sa.String(length=200), nullable=True),
        sa.Column(
            "side",
            sa.Enum(
                "BUY",
                "SELL",
                name="trade_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("price_micros", sa.BigInteger(), nullable=False),
        sa.Column("size_micros", sa.BigInteger(), nullable=False),
        sa.Column("usdc_micros", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "first_source",
            sa.Enum(
                "data_api",
                "rtds",
                "chain",
                name="fill_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("raw", JSON, nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_leader_fills_leader_id_leaders"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leader_fills")),
        sa.UniqueConstraint("identity", name=op.f("uq_leader_fills_identity")),
    )
    with op.batch_alter_table("leader_fills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_leader_fills_condition_id"), ["condition_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_leader_fills_leader_id"), ["leader_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_leader_fills_transaction_hash"), ["transaction_hash"], unique=False
        )

    op.create_table(
        "market_tokens",
        sa.Column("token_id", sa.String(length=80), nullable=False),
        sa.Column("condition_id", sa.String(length=66), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.Column("outcome_index", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["markets.condition_id"],
            name=op.f("fk_market_tokens_condition_id_markets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_id", name=op.f("pk_market_tokens")),
    )
    with op.batch_alter_table("market_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_market_tokens_condition_id"), ["condition_id"], unique=False
        )

    op.create_table(
        "source_cursors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "data_api",
                "rtds",
                "chain",
                name="fill_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("cursor", sa.String(length=1000), nullable=True),
        sa.Column("last_timestamp", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_source_cursors_leader_id_leaders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_cursors")),
        sa.UniqueConstraint("leader_id", "source", name=op.f("uq_source_cursors_leader_id_source")),
    )
    op.create_table(
        "copy_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "reducing",
                "halted",
                name="rule_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_reason", sa.String(length=200), nullable=True),
        sa.Column("settings", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_copy_rules_version_positive")),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_copy_rules_follower_account_id_follower_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_copy_rules_leader_id_leaders"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copy_rules")),
        sa.UniqueConstraint(
            "follower_account_id",
            "leader_id",
            name=op.f("uq_copy_rules_follower_account_id_leader_id"),
        ),
    )
    with op.batch_alter_table("copy_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_copy_rules_follower_account_id"), ["follower_account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_copy_rules_leader_id"), ["leader_id"], unique=False)

    op.create_table(
        "leader_fill_sightings",
        sa.Column("leader_fill_id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "data_api",
                "rtds",
                "chain",
                name="fill_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["leader_fill_id"],
            ["leader_fills.id"],
            name=op.f("fk_leader_fill_sightings_leader_fill_id_leader_fills"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("leader_fill_id", "source", name=op.f("pk_leader_fill_sightings")),
    )
    op.create_table(
        "copy_rule_versions",
        sa.Column("copy_rule_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("settings", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["copy_rule_id"],
            ["copy_rules.id"],
            name=op.f("fk_copy_rule_versions_copy_rule_id_copy_rules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("copy_rule_id", "version", name=op.f("pk_copy_rule_versions")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leader_fill_id", sa.Integer(), nullable=False),
        sa.Column("copy_rule_id", sa.Integer(), nullable=False),
        sa.Column("rule_version", sa.Integer(), nullable=False),
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "copy",
                "skip",
                name="decision_action",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column(
            "side",
            sa.Enum(
                "BUY",
                "SELL",
                name="trade_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("token_id", sa.String(length=80), nullable=True),
        sa.Column("limit_price_micros", sa.BigInteger(), nullable=True),
        sa.Column("size_micros", sa.BigInteger(), nullable=True),
        sa.Column("amount_micros", sa.BigInteger(), nullable=True),
        sa.Column("details", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["copy_rule_id"],
            ["copy_rules.id"],
            name=op.f("fk_decisions_copy_rule_id_copy_rules"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_decisions_follower_account_id_follower_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["leader_fill_id"],
            ["leader_fills.id"],
            name=op.f("fk_decisions_leader_fill_id_leader_fills"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint(
            "leader_fill_id", "copy_rule_id", name=op.f("uq_decisions_leader_fill_id_copy_rule_id")
        ),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decisions_copy_rule_id"), ["copy_rule_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decisions_follower_account_id"), ["follower_account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decisions_leader_fill_id"), ["leader_fill_id"], unique=False
        )

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.String(length=66), nullable=False),
        sa.Column("token_id", sa.String(length=80), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "BUY",
                "SELL",
                name="trade_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "order_type",
            sa.Enum(
                "FOK",
                "FAK",
                "GTC",
                "GTD",
                name="order_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "created",
                "signed",
                "submitting",
                "live",
                "partially_filled",
                "filled",
                "cancelled",
                "rejected",
                "expired",
                "unknown",
                "dead_lettered",
                name="order_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("limit_price_micros", sa.BigInteger(), nullable=False),
        sa.Column("size_micros", sa.BigInteger(), nullable=True),
        sa.Column("amount_micros", sa.BigInteger(), nullable=True),
        sa.Column("maker_amount", sa.BigInteger(), nullable=True),
        sa.Column("taker_amount", sa.BigInteger(), nullable=True),
        sa.Column("signed_payload", JSON, nullable=True),
        sa.Column("order_hash", sa.String(length=66), nullable=True),
        sa.Column("filled_size_micros", sa.BigInteger(), nullable=False),
        sa.Column("filled_amount_micros", sa.BigInteger(), nullable=False),
        sa.Column("fee_micros", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_owner", sa.String(length=100), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_orders_attempts_non_negative")),
        sa.CheckConstraint("filled_size_micros >= 0", name=op.f("ck_orders_filled_non_negative")),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_orders_decision_id_decisions"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_orders_follower_account_id_follower_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_orders_leader_id_leaders"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_orders_idempotency_key")),
        sa.UniqueConstraint("order_hash", name=op.f("uq_orders_order_hash")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_orders_follower_account_id"), ["follower_account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_orders_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_orders_status"), ["status"], unique=False)

    op.create_table(
        "exchange_fills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column("venue_trade_id", sa.String(length=100), nullable=False),
        sa.Column("token_id", sa.String(length=80), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "BUY",
                "SELL",
                name="trade_side",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("price_micros", sa.BigInteger(), nullable=False),
        sa.Column("size_micros", sa.BigInteger(), nullable=False),
        sa.Column("amount_micros", sa.BigInteger(), nullable=False),
        sa.Column("fee_micros", sa.BigInteger(), nullable=False),
        sa.Column("realized_pnl_micros", sa.BigInteger(), nullable=False),
        sa.Column("transaction_hash", sa.String(length=66), nullable=True),
        sa.Column("filled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_exchange_fills_follower_account_id_follower_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_exchange_fills_order_id_orders"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_fills")),
        sa.UniqueConstraint(
            "order_id", "venue_trade_id", name=op.f("uq_exchange_fills_order_id_venue_trade_id")
        ),
    )
    with op.batch_alter_table("exchange_fills", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_fills_filled_at"), ["filled_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exchange_fills_follower_account_id"),
            ["follower_account_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_exchange_fills_order_id"), ["order_id"], unique=False)

    op.create_table(
        "order_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "created",
                "signed",
                "submitting",
                "live",
                "partially_filled",
                "filled",
                "cancelled",
                "rejected",
                "expired",
                "unknown",
                "dead_lettered",
                name="from_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "created",
                "signed",
                "submitting",
                "live",
                "partially_filled",
                "filled",
                "cancelled",
                "rejected",
                "expired",
                "unknown",
                "dead_lettered",
                name="to_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("details", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_order_events_order_id_orders"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_events")),
    )
    with op.batch_alter_table("order_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_events_order_id"), ["order_id"], unique=False)

    op.create_table(
        "lots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follower_account_id", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.String(length=66), nullable=False),
        sa.Column("token_id", sa.String(length=80), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=True),
        sa.Column("opened_by_fill_id", sa.Integer(), nullable=False),
        sa.Column("size_micros", sa.BigInteger(), nullable=False),
        sa.Column("remaining_size_micros", sa.BigInteger(), nullable=False),
        sa.Column("cost_micros", sa.BigInteger(), nullable=False),
        sa.Column("realized_pnl_micros", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "remaining_size_micros <= size_micros", name=op.f("ck_lots_remaining_le_size")
        ),
        sa.CheckConstraint(
            "remaining_size_micros >= 0", name=op.f("ck_lots_remaining_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["follower_account_id"],
            ["follower_accounts.id"],
            name=op.f("fk_lots_follower_account_id_follower_accounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["leader_id"],
            ["leaders.id"],
            name=op.f("fk_lots_leader_id_leaders"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_fill_id"],
            ["exchange_fills.id"],
            name=op.f("fk_lots_opened_by_fill_id_exchange_fills"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lots")),
        sa.UniqueConstraint("opened_by_fill_id", name=op.f("uq_lots_opened_by_fill_id")),
    )
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_lots_follower_account_id"), ["follower_account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_lots_leader_id"), ["leader_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_lots_token_id"), ["token_id"], unique=False)

    for table in APPEND_ONLY_TABLES:
        _make_append_only(table)


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        _drop_append_only(table)
    with op.batch_alter_table("lots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lots_token_id"))
        batch_op.drop_index(batch_op.f("ix_lots_leader_id"))
        batch_op.drop_index(batch_op.f("ix_lots_follower_account_id"))

    op.drop_table("lots")
    with op.batch_alter_table("order_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_events_order_id"))

    op.drop_table("order_events")
    with op.batch_alter_table("exchange_fills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_fills_order_id"))
        batch_op.drop_index(batch_op.f("ix_exchange_fills_follower_account_id"))
        batch_op.drop_index(batch_op.f("ix_exchange_fills_filled_at"))

    op.drop_table("exchange_fills")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_status"))
        batch_op.drop_index(batch_op.f("ix_orders_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_orders_follower_account_id"))

    op.drop_table("orders")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_leader_fill_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_follower_account_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_copy_rule_id"))

    op.drop_table("decisions")
    op.drop_table("copy_rule_versions")
    op.drop_table("leader_fill_sightings")
    with op.batch_alter_table("copy_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_copy_rules_leader_id"))
        batch_op.drop_index(batch_op.f("ix_copy_rules_follower_account_id"))

    op.drop_table("copy_rules")
    op.drop_table("source_cursors")
    with op.batch_alter_table("market_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_market_tokens_condition_id"))

    op.drop_table("market_tokens")
    with op.batch_alter_table("leader_fills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leader_fills_transaction_hash"))
        batch_op.drop_index(batch_op.f("ix_leader_fills_leader_id"))
        batch_op.drop_index(batch_op.f("ix_leader_fills_condition_id"))

    op.drop_table("leader_fills")
    with op.batch_alter_table("follower_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follower_accounts_wallet_address"))
        batch_op.drop_index(batch_op.f("ix_follower_accounts_user_id"))

    op.drop_table("follower_accounts")
    op.drop_table("users")
    op.drop_table("system_settings")
    op.drop_table("markets")
    op.drop_table("leaders")
    op.drop_table("audit_events")


def _make_append_only(table: str) -> None:
    """History tables refuse UPDATE and DELETE at the database level."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION polycopy_refuse_change() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION polycopy_refuse_change()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def _drop_append_only(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS polycopy_refuse_change() CASCADE")
    else:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
