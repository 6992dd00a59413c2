"""What an export is: its kind, format, period and the columns of each kind."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from polycopy.kit.errors import InvalidInputError


class ExportKind(enum.StrEnum):
    FILLS = "fills"
    LOTS = "lots"
    DECISIONS = "decisions"
    ORDERS = "orders"


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    JSON = "json"


MEDIA_TYPES = {ExportFormat.CSV: "text/csv", ExportFormat.JSON: "application/json"}

# The columns of each kind, in order. Money, sizes and prices are integer micro-units
# (1 pUSD = 1,000,000), as everywhere in polycopy; times are ISO 8601 in UTC.
COLUMNS: dict[ExportKind, tuple[str, ...]] = {
    ExportKind.FILLS: (
        "id",
        "filled_at",
        "account_id",
        "order_id",
        "leader_id",
        "condition_id",
        "token_id",
        "side",
        "price_micros",
        "size_micros",
        "amount_micros",
        "fee_micros",
        "realized_pnl_micros",
        "venue_trade_id",
        "transaction_hash",
    ),
    ExportKind.LOTS: (
        "id",
        "account_id",
        "leader_id",
        "condition_id",
        "token_id",
        "outcome",
        "opened_by",
        "opened_at",
        "closed_at",
        "status",
        "size_micros",
        "closed_size_micros",
        "remaining_size_micros",
        "cost_basis_micros",
        "closed_cost_basis_micros",
        "proceeds_micros",
        "realized_pnl_micros",
        "remaining_cost_micros",
        "holding_seconds",
        "holding_days",
    ),
    ExportKind.DECISIONS: (
        "id",
        "created_at",
        "account_id",
        "rule_id",
        "rule_version",
        "leader_id",
        "leader_fill_id",
        "action",
        "reason",
        "side",
        "token_id",
        "limit_price_micros",
        "size_micros",
        "amount_micros",
        "details",
    ),
    ExportKind.ORDERS: (
        "id",
        "created_at",
        "updated_at",
        "account_id",
        "decision_id",
        "leader_id",
        "condition_id",
        "token_id",
        "side",
        "order_type",
        "status",
        "limit_price_micros",
        "size_micros",
        "amount_micros",
        "filled_size_micros",
        "filled_amount_micros",
        "fee_micros",
        "attempts",
        "order_hash",
        "expires_at",
        "chase_of_id",
        "last_error",
    ),
}


@dataclass(frozen=True, slots=True)
class Period:
    """``since`` inclusive, ``until`` exclusive; either open. Times are UTC."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None

    @classmethod
    def of(cls, since: dt.datetime | None, until: dt.datetime | None) -> Period:
        """The period, a naive time read as UTC; an empty or inverted one is refused."""
        since, until = _utc(since), _utc(until)
        if since is not None and until is not None and until <= since:
            raise InvalidInputError(
                f"to: must be after from ({until.isoformat()} is not after {since.isoformat()})"
            )
        return cls(since, until)


def _utc(at: dt.datetime | None) -> dt.datetime | None:
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=dt.UTC)


def parse_kind(text: str) -> ExportKind:
    try:
        return ExportKind(text)
    except ValueError:
        choices = ", ".join(k.value for k in ExportKind)
        raise InvalidInputError(f"what: unknown export kind {text!r} (one of {choices})") from None


def parse_format(text: str) -> ExportFormat:
    try:
        return ExportFormat(text)
    except ValueError:
        choices = ", ".join(f.value for f in ExportFormat)
        raise InvalidInputError(f"format: unknown format {text!r} (one of {choices})") from None


def parse_moment(name: str, text: str | None) -> dt.datetime | None:
    """An ISO date or time from the command line (a date is its midnight, UTC)."""
    if text is None:
        return None
    try:
        return _utc(dt.datetime.fromisoformat(text))
    except ValueError:
        raise InvalidInputError(f"{name}: not an ISO date or time: {text!r}") from None


@dataclass(frozen=True, slots=True)
class ExportRequest:
    account_id: int
    kind: ExportKind
    period: Period
    format: ExportFormat = ExportFormat.CSV
