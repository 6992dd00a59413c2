"""Typed views of Polymarket payloads, validated where they enter polycopy.

Numbers arrive as JSON numbers or strings; they are parsed to ``Decimal`` (never float)
and converted to micro-units by the code that uses them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError("float given; venue JSON must be read with polycopy's read_json")
    return Decimal(str(value))


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ActivityRow(_Model):
    """A row of Data API ``/v2/activity``."""

    proxy_wallet: str
    timestamp: int
    condition_id: str
    type: str
    size: Decimal
    usdc_size: Decimal
    transaction_hash: str
    price: Decimal
    token_id: str = ""
    side: str = ""
    outcome_index: int = 999
    outcome: str = ""
    title: str = ""
    slug: str = ""
    event_slug: str = ""

    _nums = field_validator("size", "usdc_size", "price", mode="before")(_decimal)


class Pagination(_Model):
    limit: int
    offset: int = 0
    has_more: bool
    next_cursor: str | None = None


class ActivityPage(_Model):
    data: list[ActivityRow]
    pagination: Pagination


class GammaMarket(_Model):
    """The fields of a Gamma market polycopy needs; JSON-string fields decoded."""

    condition_id: str = Field(alias="conditionId")
    question: str = ""
    slug: str | None = None
    neg_risk: bool = Field(default=False, alias="negRisk")
    tick_size: Decimal = Field(alias="orderPriceMinTickSize")
    min_order_size: Decimal = Field(alias="orderMinSize")
    outcomes: list[str]
    clob_token_ids: list[str] = Field(alias="clobTokenIds")
    active: bool = True
    closed: bool = False

    _nums = field_validator("tick_size", "min_order_size", mode="before")(_decimal)

    @field_validator("outcomes", "clob_token_ids", mode="before")
    @classmethod
    def _decode_json_string(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class BookLevel(_Model):
    price: Decimal
    size: Decimal

    _nums = field_validator("price", "size", mode="before")(_decimal)


class OrderBook(_Model):
    market: str
    asset_id: str
    bids: list[BookLevel]  # best last
    asks: list[BookLevel]  # best last
    tick_size: Decimal
    min_order_size: Decimal
    neg_risk: bool = False

    _nums = field_validator("tick_size", "min_order_size", mode="before")(_decimal)


class PostOrderResponse(_Model):
    success: bool
    error_msg: str = Field(default="", alias="errorMsg")
    order_id: str = Field(default="", alias="orderID")
    status: str = ""
    making_amount: Decimal = Field(default=Decimal(0), alias="makingAmount")
    taking_amount: Decimal = Field(default=Decimal(0), alias="takingAmount")
    trade_ids: list[str] = Field(default_factory=list, alias="tradeIDs")

    @field_validator("making_amount", "taking_amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Decimal:
        return _decimal(value or 0)


class ClobTrade(_Model):
    """A row of CLOB ``/data/trades`` from the point of view of the API key's owner."""

    id: str
    taker_order_id: str
    asset_id: str
    side: str
    size: Decimal
    price: Decimal
    status: str
    match_time: str = ""
    transaction_hash: str | None = None
    trader_side: str = "TAKER"

    _nums = field_validator("size", "price", mode="before")(_decimal)


class TradesPage(_Model):
    data: list[ClobTrade]
    next_cursor: str = "LTE="
