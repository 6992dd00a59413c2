"""A market's risk score, 0 (calm) to 100 (risky), from parts a trader can check one by one.

Each part turns one fact into risk points, 0 to 100, by straight lines between the
breakpoints below (integer arithmetic: the same inputs always give the same score). The
score is the weighted mean of the parts that are known; a part whose fact is unknown is
shown as unknown and left out of the mean. No part known: no score. docs/market-risk.md
states the formula and the breakpoints.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from polycopy.kit.money import MICRO

MAX_SCORE = 100


class RiskPartKey(enum.StrEnum):
    LIQUIDITY = "liquidity"  # pUSD resting near the price (Gamma liquidityNum, or the book)
    SPREAD = "spread"  # best ask − best bid
    VOLUME = "volume"  # pUSD traded (Gamma volumeNum)
    TIME_TO_END = "time_to_end"  # seconds until the market's end date
    VOLATILITY = "volatility"  # range of recent traded prices
    NEG_RISK = "neg_risk"  # one market of a neg-risk event (one winner among many)
    RESOLUTION = "resolution"  # UMA resolution status: proposed or disputed


#: Weights of the parts (they add up to 100).
WEIGHTS: dict[RiskPartKey, int] = {
    RiskPartKey.LIQUIDITY: 25,
    RiskPartKey.SPREAD: 20,
    RiskPartKey.VOLUME: 15,
    RiskPartKey.TIME_TO_END: 15,
    RiskPartKey.VOLATILITY: 15,
    RiskPartKey.NEG_RISK: 5,
    RiskPartKey.RESOLUTION: 5,
}

# Breakpoints (fact, points); between two the points follow the straight line, outside
# them the nearest end holds.
LIQUIDITY_POINTS = (
    (100 * MICRO, 100),
    (1_000 * MICRO, 60),
    (10_000 * MICRO, 25),
    (100_000 * MICRO, 0),
)
SPREAD_POINTS = ((10_000, 0), (20_000, 20), (50_000, 50), (100_000, 80), (200_000, 100))
VOLUME_POINTS = (
    (100 * MICRO, 100),
    (1_000 * MICRO, 75),
    (10_000 * MICRO, 50),
    (100_000 * MICRO, 25),
    (1_000_000 * MICRO, 0),
)
TIME_TO_END_POINTS = ((3_600, 100), (86_400, 60), (7 * 86_400, 20), (30 * 86_400, 0))
VOLATILITY_POINTS = ((0, 0), (50_000, 30), (150_000, 70), (300_000, 100))
#: UMA resolution statuses Gamma reports, and their points (others: 0).
RESOLUTION_STATUS_POINTS = {"proposed": 60, "challenged": 100, "disputed": 100}


@dataclass(frozen=True, slots=True)
class RiskFacts:
    """What the score reads; None: not known (the part is left out)."""

    liquidity_micros: int | None = None
    spread_micros: int | None = None
    volume_micros: int | None = None
    seconds_to_end: int | None = None
    volatility_micros: int | None = None  # max − min traded price over the recent window
    neg_risk: bool | None = None
    resolution_status: str | None = None  # Gamma umaResolutionStatus ("" / None: none)
    resolution_known: bool = False  # whether Gamma's status was read at all


@dataclass(frozen=True, slots=True)
class RiskPart:
    key: RiskPartKey
    weight: int
    points: int | None  # 0..100; None: unknown
    value: int | str | None  # the fact it was read from


@dataclass(frozen=True, slots=True)
class MarketRisk:
    score: int | None  # 0..100; None: no part known
    parts: tuple[RiskPart, ...]


def interpolate(x: int, points: Sequence[tuple[int, int]]) -> int:
    """Points at ``x`` on the broken line through ``points`` (x ascending), held flat
    outside them; rounded down."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) // (x1 - x0)
    return points[-1][1]


def _parts(f: RiskFacts) -> list[tuple[RiskPartKey, int | None, int | str | None]]:
    def on(value: int | None, points: Sequence[tuple[int, int]]) -> int | None:
        return None if value is None else interpolate(value, points)

    status = (f.resolution_status or "").lower()
    return [
        (RiskPartKey.LIQUIDITY, on(f.liquidity_micros, LIQUIDITY_POINTS), f.liquidity_micros),
        (RiskPartKey.SPREAD, on(f.spread_micros, SPREAD_POINTS), f.spread_micros),
        (RiskPartKey.VOLUME, on(f.volume_micros, VOLUME_POINTS), f.volume_micros),
        (RiskPartKey.TIME_TO_END, on(f.seconds_to_end, TIME_TO_END_POINTS), f.seconds_to_end),
        (RiskPartKey.VOLATILITY, on(f.volatility_micros, VOLATILITY_POINTS), f.volatility_micros),
        (
            RiskPartKey.NEG_RISK,
            None if f.neg_risk is None else (100 if f.neg_risk else 0),
            None if f.neg_risk is None else int(f.neg_risk),
        ),
        (
            RiskPartKey.RESOLUTION,
            RESOLUTION_STATUS_POINTS.get(status, 0) if f.resolution_known else None,
            status or None,
        ),
    ]


def market_risk(facts: RiskFacts) -> MarketRisk:
    parts = tuple(
        RiskPart(key, WEIGHTS[key], points, value) for key, points, value in _parts(facts)
    )
    known = [p for p in parts if p.points is not None]
    if not known:
        return MarketRisk(None, parts)
    weighted = sum(p.weight * (p.points or 0) for p in known)
    total = sum(p.weight for p in known)
    return MarketRisk((weighted + total // 2) // total, parts)


def stored_facts(
    stored: Mapping[str, Any] | None,
    *,
    neg_risk: bool,
    now: dt.datetime,
    end_date: dt.datetime | None = None,
) -> RiskFacts:
    """The facts of a stored market at ``now`` (``Market.risk_facts`` may be None: then only
    neg-risk, and the time to ``end_date`` if given, are known). The end date is the one
    given, else Gamma's as stored."""
    figures = stored or {}
    if end_date is None and isinstance(figures.get("end_date"), str):
        try:
            end_date = dt.datetime.fromisoformat(figures["end_date"])
        except ValueError:
            end_date = None
    if end_date is not None and end_date.tzinfo is None:
        end_date = end_date.replace(tzinfo=dt.UTC)

    def number(key: str) -> int | None:
        value = figures.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return RiskFacts(
        liquidity_micros=number("liquidity_micros"),
        spread_micros=number("spread_micros"),
        volume_micros=number("volume_micros"),
        seconds_to_end=None if end_date is None else int((end_date - now).total_seconds()),
        volatility_micros=number("volatility_micros"),
        neg_risk=neg_risk,
        resolution_status=figures.get("resolution_status") or None,
        resolution_known="resolution_status" in figures,
    )


def facts_json(
    *,
    liquidity_micros: int | None,
    volume_micros: int | None,
    spread_micros: int | None,
    volatility_micros: int | None,
    resolution_status: str | None,
    end_date: str | None,
    read_at: dt.datetime,
) -> dict[str, Any]:
    """What ``Market.risk_facts`` stores."""
    return {
        "end_date": end_date,
        "liquidity_micros": liquidity_micros,
        "volume_micros": volume_micros,
        "spread_micros": spread_micros,
        "volatility_micros": volatility_micros,
        "resolution_status": resolution_status or "",
        "read_at": read_at.isoformat(),
    }
