"""Typed views of Polymarket REST payloads, validated where they enter polycopy.

Numbers arrive as JSON numbers or strings; they are parsed to ``Decimal`` (never float:
read the JSON with ``http.read_json``) and converted to micro-units by the code that uses
them. Unknown fields are ignored, so the venue may add fields without breaking polycopy;
missing required fields and wrong types are refused.

Data API v1 rows are camelCase and v2 rows snake_case; one model reads both (validation
aliases), so a v1 backfill and a v2 poll produce the same typed rows.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel


def _decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError("float given; venue JSON must be read with polycopy's read_json")
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(f"not a number: {value!r}")
    try:
        number = Decimal(value)
    except ArithmeticError:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None or value == "" else _decimal(value)


def _json_list(value: Any) -> Any:
    """Gamma sends some arrays as JSON-encoded strings (``"[\\"Yes\\", \\"No\\"]"``)."""
    if isinstance(value, str):
        try:
            return json.loads(value, parse_float=Decimal) if value else []
        except ValueError:
            raise ValueError("not a JSON-encoded array") from None
    return value


def _int_string(value: Any) -> Any:
    """An integer sent as a digit string (ranks, base-unit amounts) or a JSON number."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


Dec = Annotated[Decimal, BeforeValidator(_decimal)]
OptDec = Annotated[Decimal | None, BeforeValidator(_decimal_or_none)]
JsonStrList = Annotated[list[str], BeforeValidator(_json_list)]
JsonDecList = Annotated[list[Dec], BeforeValidator(_json_list)]
IntStr = Annotated[int, BeforeValidator(_int_string)]


def _either(*names: str) -> Any:
    """A field read from any of ``names`` (snake_case v2 and camelCase v1 spellings)."""
    return Field(validation_alias=AliasChoices(*names))


class VenueModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class CamelModel(VenueModel):
    """A camelCase payload (Gamma, Data API v1)."""

    model_config = ConfigDict(
        extra="ignore", frozen=True, populate_by_name=True, alias_generator=to_camel
    )


# --- Data API ---------------------------------------------------------------------------


class ActivityRow(VenueModel):
    """A row of Data API ``/v2/activity`` (or v1 ``/activity``)."""

    proxy_wallet: str = _either("proxy_wallet", "proxyWallet")
    timestamp: int
    condition_id: str = _either("condition_id", "conditionId")
    type: str
    size: Dec
    usdc_size: Dec = _either("usdc_size", "usdcSize")
    transaction_hash: str = _either("transaction_hash", "transactionHash")
    price: Dec
    token_id: str = Field(default="", validation_alias=AliasChoices("token_id", "asset"))
    side: str = ""
    outcome_index: int = Field(
        default=999, validation_alias=AliasChoices("outcome_index", "outcomeIndex")
    )
    outcome: str = ""
    title: str = ""
    slug: str = ""
    event_slug: str = Field(default="", validation_alias=AliasChoices("event_slug", "eventSlug"))
    name: str = ""
    is_combo: bool = Field(default=False, validation_alias=AliasChoices("is_combo", "isCombo"))


class TradeRow(VenueModel):
    """A row of Data API ``/v2/trades`` (or v1 ``/trades``): a fill, without ``usdc_size``."""

    proxy_wallet: str = _either("proxy_wallet", "proxyWallet")
    side: str
    token_id: str = _either("token_id", "asset")
    condition_id: str = _either("condition_id", "conditionId")
    size: Dec
    price: Dec
    timestamp: int
    transaction_hash: str = _either("transaction_hash", "transactionHash")
    outcome: str = ""
    outcome_index: int = Field(
        default=999, validation_alias=AliasChoices("outcome_index", "outcomeIndex")
    )
    title: str = ""
    slug: str = ""
    event_slug: str = Field(default="", validation_alias=AliasChoices("event_slug", "eventSlug"))
    name: str = ""


class PositionRow(VenueModel):
    """A row of ``/v2/positions`` (or v1 ``/positions`` and ``/closed-positions``)."""

    proxy_wallet: str = _either("proxy_wallet", "proxyWallet")
    token_id: str = _either("token_id", "asset")
    condition_id: str = _either("condition_id", "conditionId")
    size: OptDec = Field(default=None, validation_alias=AliasChoices("current_size", "size"))
    avg_price: OptDec = Field(default=None, validation_alias=AliasChoices("avg_price", "avgPrice"))
    current_price: OptDec = Field(
        default=None, validation_alias=AliasChoices("current_price", "curPrice")
    )
    current_value: OptDec = Field(
        default=None, validation_alias=AliasChoices("current_value", "currentValue")
    )
    total_bought: OptDec = Field(
        default=None, validation_alias=AliasChoices("total_size", "totalBought")
    )
    realized_pnl: OptDec = Field(
        default=None, validation_alias=AliasChoices("realized_pnl", "realizedPnl")
    )
    initial_value: OptDec = Field(
        default=None, validation_alias=AliasChoices("initial_value", "initialValue")
    )
    cash_pnl: OptDec = Field(default=None, validation_alias=AliasChoices("cash_pnl", "cashPnl"))
    percent_pnl: OptDec = Field(
        default=None, validation_alias=AliasChoices("percent_pnl", "percentPnl")
    )
    redeemable: bool = False
    mergeable: bool = False
    outcome: str = ""
    outcome_index: int = Field(
        default=999, validation_alias=AliasChoices("outcome_index", "outcomeIndex")
    )
    title: str = ""
    slug: str = ""
    end_date: str | None = Field(default=None, validation_alias=AliasChoices("end_date", "endDate"))
    timestamp: int | None = None


class LeaderboardEntry(CamelModel):
    """A row of v1 ``/v1/leaderboard``."""

    rank: IntStr
    proxy_wallet: str
    user_name: str = ""
    vol: Dec
    pnl: Dec
    verified_badge: bool = False
    x_username: str = Field(default="", alias="xUsername")


class Holder(CamelModel):
    proxy_wallet: str
    asset: str
    amount: Dec
    outcome_index: int = 999
    name: str = ""


class TokenHolders(CamelModel):
    """One token's top holders (v1 ``/holders``)."""

    token: str
    holders: list[Holder]


class WalletValue(VenueModel):
    """v1 ``/value``: the value of a wallet's open positions."""

    user: str
    value: Dec


class Pagination(VenueModel):
    """The v2 envelope's paging: keyset cursor, ``has_more`` exact."""

    limit: int
    offset: int = 0
    has_more: bool
    next_cursor: str | None = None

    @model_validator(mode="after")
    def _cursor_matches_has_more(self) -> Pagination:
        if self.has_more != (self.next_cursor is not None):
            raise ValueError("has_more must be true exactly when next_cursor is set")
        return self


class ActivityPage(VenueModel):
    data: list[ActivityRow]
    pagination: Pagination


class TradeRowsPage(VenueModel):
    data: list[TradeRow]
    pagination: Pagination


class PositionsPage(VenueModel):
    data: list[PositionRow]
    pagination: Pagination


# --- Gamma ------------------------------------------------------------------------------


class FeeSchedule(CamelModel):
    rate: OptDec = None
    exponent: OptDec = None
    taker_only: bool = True
    rebate_rate: OptDec = None


class GammaMarketInfo(CamelModel):
    """A Gamma market as published: most fields are nullable, JSON-string arrays decoded."""

    id: str | None = None
    condition_id: str
    question: str = ""
    slug: str | None = None
    outcomes: JsonStrList = Field(default_factory=list)
    outcome_prices: JsonDecList = Field(default_factory=list)
    clob_token_ids: JsonStrList = Field(default_factory=list)
    active: bool = True
    closed: bool = False
    archived: bool = False
    accepting_orders: bool | None = None
    enable_order_book: bool | None = None
    neg_risk: bool = False
    tick_size: OptDec = Field(default=None, alias="orderPriceMinTickSize")
    min_order_size: OptDec = Field(default=None, alias="orderMinSize")
    end_date: str | None = None
    volume_num: OptDec = None
    liquidity_num: OptDec = None
    best_bid: OptDec = None
    best_ask: OptDec = None
    last_trade_price: OptDec = None
    fee_schedule: FeeSchedule | None = None
    uma_resolution_status: str | None = None  # "proposed", "disputed", "resolved", ...

    @field_validator("neg_risk", "active", "closed", "archived", mode="before")
    @classmethod
    def _null_is_false(cls, value: Any) -> Any:
        return False if value is None else value


class GammaMarket(GammaMarketInfo):
    """A market polycopy can trade: tick size, minimum size and tokens are known."""

    tick_size: Dec = Field(alias="orderPriceMinTickSize")
    min_order_size: Dec = Field(alias="orderMinSize")

    @model_validator(mode="after")
    def _tokens_match_outcomes(self) -> GammaMarket:
        if not self.clob_token_ids or len(self.outcomes) != len(self.clob_token_ids):
            raise ValueError("outcomes and clobTokenIds must be non-empty and of equal length")
        return self


class GammaEvent(CamelModel):
    """A Gamma event and its markets (neg-risk events group one winner among many)."""

    id: str
    slug: str | None = None
    title: str = ""
    ticker: str | None = None
    active: bool | None = None
    closed: bool | None = None
    neg_risk: bool | None = None
    enable_neg_risk: bool | None = None
    neg_risk_augmented: bool | None = None
    markets: list[GammaMarketInfo] = Field(default_factory=list)


# --- CLOB public ------------------------------------------------------------------------


class BookLevel(VenueModel):
    price: Dec
    size: Dec


class OrderBook(VenueModel):
    """CLOB ``/book``; levels are ordered best last. Older books lack tick and min size."""

    market: str
    asset_id: str
    bids: list[BookLevel]  # best last
    asks: list[BookLevel]  # best last
    timestamp: str = ""
    hash: str = ""
    tick_size: OptDec = None
    min_order_size: OptDec = None
    neg_risk: bool = False
    last_trade_price: OptDec = None


class ClobToken(VenueModel):
    token_id: str
    outcome: str
    price: OptDec = None
    winner: bool = False


class ClobMarket(VenueModel):
    """A row of CLOB ``/markets`` or ``/sampling-markets`` (v1-era shape)."""

    condition_id: str
    question_id: str = ""
    question: str = ""
    tokens: list[ClobToken]
    minimum_order_size: Dec
    minimum_tick_size: Dec
    neg_risk: bool = False
    active: bool = True
    closed: bool = False
    accepting_orders: bool = False
    enable_order_book: bool = False
    end_date_iso: str | None = None


class ClobMarketsPage(VenueModel):
    limit: int
    count: int
    next_cursor: str
    data: list[ClobMarket]


class ClobMarketToken(VenueModel):
    token_id: str = Field(alias="t")
    outcome: str = Field(alias="o")


class FeeDetails(VenueModel):
    rate: OptDec = Field(default=None, alias="r")
    exponent: OptDec = Field(default=None, alias="e")
    taker_only: bool = Field(default=True, alias="to")


class ClobMarketInfo(VenueModel):
    """CLOB ``/clob-markets/{condition_id}``: the compact trading parameters of a market."""

    tokens: list[ClobMarketToken] = Field(alias="t")
    tick_size: Dec = Field(alias="mts")
    min_order_size: OptDec = Field(default=None, alias="mos")
    maker_base_fee_bps: int = Field(default=0, alias="mbf")
    taker_base_fee_bps: int = Field(default=0, alias="tbf")
    neg_risk: bool = Field(default=False, alias="nr")
    fees: FeeDetails | None = Field(default=None, alias="fd")


class PricePoint(VenueModel):
    t: int
    p: Dec


class PriceHistory(VenueModel):
    history: list[PricePoint]


# --- CLOB trading -----------------------------------------------------------------------


class PostOrderResponse(VenueModel):
    success: bool
    error_msg: str = Field(default="", alias="errorMsg")
    order_id: str = Field(default="", alias="orderID")
    status: str = ""
    making_amount: Dec = Field(default=Decimal(0), alias="makingAmount")
    taking_amount: Dec = Field(default=Decimal(0), alias="takingAmount")
    trade_ids: list[str] = Field(default_factory=list, alias="tradeIDs")
    transactions_hashes: list[str] = Field(default_factory=list, alias="transactionsHashes")

    @field_validator("making_amount", "taking_amount", mode="before")
    @classmethod
    def _empty_is_zero(cls, value: Any) -> Any:
        return 0 if value in ("", None) else value


class OpenOrder(VenueModel):
    """CLOB ``/data/order/{id}`` and rows of ``/data/orders`` (also filled or cancelled)."""

    id: str
    status: str
    market: str
    asset_id: str
    side: str
    original_size: Dec
    size_matched: Dec
    price: Dec
    outcome: str = ""
    order_type: str = ""
    maker_address: str = ""
    owner: str = ""
    expiration: str = "0"
    associate_trades: list[str] = Field(default_factory=list)
    created_at: int | None = None

    @field_validator("associate_trades", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class OpenOrdersPage(VenueModel):
    limit: int = 0
    count: int = 0
    next_cursor: str
    data: list[OpenOrder]


class MakerOrder(VenueModel):
    order_id: str
    maker_address: str = ""
    owner: str = ""
    matched_amount: Dec
    price: Dec
    fee_rate_bps: OptDec = None
    asset_id: str = ""
    side: str = ""


class ClobTrade(VenueModel):
    """A row of CLOB ``/data/trades`` from the point of view of the API key's owner."""

    id: str
    taker_order_id: str
    market: str = ""
    asset_id: str
    side: str
    size: Dec
    price: Dec
    status: str
    fee_rate_bps: OptDec = None
    match_time: str = ""
    owner: str = ""
    maker_address: str = ""
    transaction_hash: str | None = None
    trader_side: str = "TAKER"
    maker_orders: list[MakerOrder] = Field(default_factory=list)


class TradesPage(VenueModel):
    limit: int = 0
    count: int = 0
    data: list[ClobTrade]
    next_cursor: str = "LTE="


class CancelResult(VenueModel):
    canceled: list[str]
    not_canceled: dict[str, str] = Field(default_factory=dict)

    @field_validator("canceled", mode="before")
    @classmethod
    def _null_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("not_canceled", mode="before")
    @classmethod
    def _null_is_empty_map(cls, value: Any) -> Any:
        return {} if value is None else value


class BalanceAllowance(VenueModel):
    """CLOB ``/balance-allowance``: base units (6 decimals), allowance per spender."""

    balance: IntStr
    allowances: dict[str, IntStr] = Field(default_factory=dict)


class ApiKeyCreds(VenueModel):
    api_key: str = Field(alias="apiKey")
    secret: str = Field(repr=False)
    passphrase: str = Field(repr=False)


class Heartbeat(VenueModel):
    heartbeat_id: str


class ClosedOnlyStatus(VenueModel):
    closed_only: bool


class GeoblockStatus(VenueModel):
    """``GET polymarket.com/api/geoblock``: whether this IP may trade."""

    blocked: bool
    ip: str = ""
    country: str = ""
    region: str = ""


class PriceQuote(VenueModel):
    price: Dec


class Midpoint(VenueModel):
    mid: Dec


class SpreadQuote(VenueModel):
    spread: Dec


class TickSize(VenueModel):
    minimum_tick_size: Dec


class NegRiskFlag(VenueModel):
    neg_risk: bool


class FeeRate(VenueModel):
    base_fee: int
