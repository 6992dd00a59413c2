"""Pydantic models of the public Polymarket payloads the emulator serves and can replay.

One model per payload type validates both a real recording and the emulator's answer, so a
round trip proves the emulator speaks the shape real clients parse. Field names accept the
v1 (camelCase) and v2 (snake_case) spellings. Numbers must arrive as JSON numbers read as
``Decimal`` (``json.loads(..., parse_float=Decimal)``); a float or a quoted number is refused,
because either would mean a payload lost its exact digits on the way.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_HASH = re.compile(r"^0x[0-9a-fA-F]{64}$")
_TOKEN = re.compile(r"^[0-9]+$")

ACTIVITY_TYPES = (
    "TRADE",
    "SPLIT",
    "MERGE",
    "REDEEM",
    "REWARD",
    "CONVERSION",
    "MIGRATION",
    "DEPOSIT",
    "WITHDRAWAL",
    "YIELD",
    "MAKER_REBATE",
    "TAKER_REBATE",
    "REFERRAL_REWARD",
    "TIP",
)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"expected a JSON number read as Decimal, got {type(value).__name__}")
    return Decimal(value)


def _decimal_string(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(f"expected a decimal string, got {type(value).__name__}")
    return Decimal(value)


def _pattern(regex: re.Pattern[str], what: str, *, empty: bool = False) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or not (regex.match(value) or (empty and value == "")):
            raise ValueError(f"not {what}: {value!r}")
        return value

    return BeforeValidator(check)


Number = Annotated[Decimal, BeforeValidator(_number)]
DecimalString = Annotated[Decimal, BeforeValidator(_decimal_string)]
Address = Annotated[str, _pattern(_ADDRESS, "an address")]
TxHash = Annotated[str, _pattern(_HASH, "a transaction hash")]
ConditionId = Annotated[str, _pattern(_HASH, "a condition id")]
OptionalConditionId = Annotated[str, _pattern(_HASH, "a condition id", empty=True)]
TokenId = Annotated[str, _pattern(_TOKEN, "a token id")]
OptionalTokenId = Annotated[str, _pattern(_TOKEN, "a token id", empty=True)]


def _alias(snake: str, camel: str) -> Any:
    return Field(validation_alias=AliasChoices(snake, camel))


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Listing(_Record):
    """Market and profile decoration the Data API repeats on every row."""

    title: str
    slug: str
    icon: str
    event_slug: str = _alias("event_slug", "eventSlug")
    outcome: str
    outcome_index: int = _alias("outcome_index", "outcomeIndex")
    name: str
    pseudonym: str
    bio: str
    profile_image: str = _alias("profile_image", "profileImage")
    profile_image_optimized: str = _alias("profile_image_optimized", "profileImageOptimized")


class ActivityRecord(_Listing):
    """A row of Data API ``/activity`` (v1) or ``/v2/activity``."""

    proxy_wallet: Address = _alias("proxy_wallet", "proxyWallet")
    timestamp: int = Field(strict=True)
    condition_id: OptionalConditionId = _alias("condition_id", "conditionId")
    type: Literal[ACTIVITY_TYPES]  # type: ignore[valid-type]
    size: Number
    usdc_size: Number = _alias("usdc_size", "usdcSize")
    transaction_hash: TxHash = _alias("transaction_hash", "transactionHash")
    price: Number
    token_id: OptionalTokenId = _alias("token_id", "asset")
    side: Literal["BUY", "SELL", ""]


class TradeRecord(_Listing):
    """A row of Data API ``/trades`` (v1) or ``/v2/trades``: always one side of a fill."""

    proxy_wallet: Address = _alias("proxy_wallet", "proxyWallet")
    side: Literal["BUY", "SELL"]
    token_id: TokenId = _alias("token_id", "asset")
    condition_id: ConditionId = _alias("condition_id", "conditionId")
    size: Number
    price: Number
    timestamp: int = Field(strict=True)
    transaction_hash: TxHash = _alias("transaction_hash", "transactionHash")


class PositionRecord(_Record):
    """A row of Data API v1 ``/positions``."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    proxy_wallet: Address = Field(alias="proxyWallet")
    asset: TokenId
    condition_id: ConditionId = Field(alias="conditionId")
    size: Number
    avg_price: Number = Field(alias="avgPrice")
    initial_value: Number = Field(alias="initialValue")
    current_value: Number = Field(alias="currentValue")
    cash_pnl: Number = Field(alias="cashPnl")
    percent_pnl: Number = Field(alias="percentPnl")
    total_bought: Number = Field(alias="totalBought")
    realized_pnl: Number = Field(alias="realizedPnl")
    percent_realized_pnl: Number = Field(alias="percentRealizedPnl")
    cur_price: Number = Field(alias="curPrice")
    redeemable: bool
    mergeable: bool
    title: str
    slug: str
    icon: str
    event_slug: str = Field(alias="eventSlug")
    outcome: str
    outcome_index: int = Field(alias="outcomeIndex")
    opposite_outcome: str = Field(alias="oppositeOutcome")
    opposite_asset: TokenId = Field(alias="oppositeAsset")
    end_date: str = Field(alias="endDate")
    negative_risk: bool = Field(alias="negativeRisk")


class V2PositionRecord(_Record):
    """A row of Data API ``/v2/positions`` (reference §2.4)."""

    proxy_wallet: Address
    token_id: TokenId
    condition_id: ConditionId
    current_size: Number
    avg_price: Number
    entry_cost_usdc: Number
    entry_fees_usdc: Number
    total_cost_usdc: Number
    current_price: Number
    current_value: Number
    total_size: Number
    realized_pnl: Number
    unrealized_pnl: Number
    total_pnl: Number
    percent_pnl: Number
    percent_realized_pnl: Number
    status: Literal["OPEN", "REDEEMABLE", "REDEEMABLE_LOST", "MERGEABLE", "CLOSED"]
    redeemable: bool
    mergeable: bool
    negative_risk: bool
    archived: bool
    title: str
    slug: str
    icon: str
    event_id: str
    event_slug: str
    outcome: str
    outcome_index: int
    opposite_outcome: str
    opposite_token_id: TokenId
    end_date: str
    last_event_at: int
    first_entry_at: int
    name: str
    profile_image: str
    verified: bool


class LeaderboardRecord(_Record):
    """A row of Data API ``/v1/leaderboard``; ``rank`` is a string there."""

    rank: Annotated[str, _pattern(re.compile(r"^[1-9][0-9]*$"), "a rank")]
    proxy_wallet: Address = Field(alias="proxyWallet")
    user_name: str = Field(alias="userName")
    x_username: str = Field(alias="xUsername")
    verified_badge: bool = Field(alias="verifiedBadge")
    vol: Number
    pnl: Number
    profile_image: str = Field(alias="profileImage")


class V2LeaderboardRecord(_Record):
    """A row of Data API ``/v2/leaderboard`` (volume in shares, rank an integer)."""

    rank: int = Field(strict=True, ge=1)
    user_id: Address
    user_name: str
    x_username: str
    verified: bool
    volume: Number
    pnl: Number
    profile_image: str


class GammaMarketRecord(_Record):
    """A Gamma market object (raw camelCase; list-valued fields are JSON-encoded strings)."""

    id: Annotated[str, _pattern(_TOKEN, "a Gamma id")]
    question: str
    condition_id: OptionalConditionId = Field(alias="conditionId")
    """Empty (with no prices or tokens) while a market is announced but not yet deployed."""
    slug: str
    outcomes: list[str]
    outcome_prices: list[DecimalString] = Field(default=[], alias="outcomePrices")
    clob_token_ids: list[TokenId] = Field(default=[], alias="clobTokenIds")
    active: bool
    closed: bool
    neg_risk: bool | None = Field(default=None, alias="negRisk")
    tick_size: Number | None = Field(default=None, alias="orderPriceMinTickSize")
    min_order_size: Number | None = Field(default=None, alias="orderMinSize")
    end_date: str | None = Field(default=None, alias="endDate")

    @field_validator("outcomes", "outcome_prices", "clob_token_ids", mode="before")
    @classmethod
    def _json_string(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("Gamma sends this list as a JSON-encoded string")
        return json.loads(value)


class GammaTag(_Record):
    id: str
    label: str
    slug: str


class GammaEventRecord(_Record):
    """A Gamma event object with its markets."""

    id: Annotated[str, _pattern(_TOKEN, "a Gamma id")]
    slug: str
    title: str
    active: bool
    closed: bool
    neg_risk: bool | None = Field(default=None, alias="negRisk")
    markets: list[GammaMarketRecord] = []
    tags: list[GammaTag] = []


class BookLevelRecord(_Record):
    price: DecimalString
    size: DecimalString


class BookRecord(_Record):
    """A CLOB ``GET /book`` body: decimal strings, best level LAST on both sides."""

    market: ConditionId
    asset_id: TokenId
    timestamp: Annotated[str, _pattern(_TOKEN, "a millisecond timestamp")]
    hash: Annotated[str, _pattern(re.compile(r"^[0-9a-f]{40}$"), "a SHA1 hex digest")]
    bids: list[BookLevelRecord]
    asks: list[BookLevelRecord]
    tick_size: DecimalString | None = None
    min_order_size: DecimalString | None = None
    neg_risk: bool | None = None
    last_trade_price: DecimalString | None = None

    @field_validator("bids")
    @classmethod
    def _bids_best_last(cls, levels: list[BookLevelRecord]) -> list[BookLevelRecord]:
        prices = [level.price for level in levels]
        if prices != sorted(prices):
            raise ValueError("bids must ascend (best bid last)")
        return levels

    @field_validator("asks")
    @classmethod
    def _asks_best_last(cls, levels: list[BookLevelRecord]) -> list[BookLevelRecord]:
        prices = [level.price for level in levels]
        if prices != sorted(prices, reverse=True):
            raise ValueError("asks must descend (best ask last)")
        return levels


class ProfileRecord(_Record):
    """Gamma ``/public-profile``."""

    proxy_wallet: Address = Field(alias="proxyWallet")
    name: str | None
    pseudonym: str | None
    bio: str | None
    profile_image: str | None = Field(alias="profileImage")
    display_username_public: bool = Field(alias="displayUsernamePublic")
    x_username: str | None = Field(alias="xUsername")
    verified_badge: bool = Field(alias="verifiedBadge")
