"""Leader activity as polycopy sees it, independent of which source reported it."""

from __future__ import annotations

import enum


class FillSource(enum.StrEnum):
    """Independent feeds that can report the same leader fill."""

    DATA_API = "data_api"
    RTDS = "rtds"
    CHAIN = "chain"
    #: An outside provider posting signed fills to ``POST /api/v1/ingest/fills``.
    EXTERNAL = "external"


class LeaderEventType(enum.StrEnum):
    """Data API activity types that matter for copying."""

    TRADE = "TRADE"
    REDEEM = "REDEEM"
    MERGE = "MERGE"
    SPLIT = "SPLIT"
    CONVERSION = "CONVERSION"


class TradeSide(enum.StrEnum):
    BUY = "BUY"
    SELL = "SELL"
