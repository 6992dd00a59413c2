"""GraphQL types: the REST read models (``polycopy.api.schemas``) as they are.

Each type is made from the pydantic model its REST route answers with, so both APIs show the
same fields. Whole numbers are ``BigInt`` (money in micro-units and row ids pass 32 bits);
JSON objects and mixed values are ``JSON``.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry
from strawberry.experimental.pydantic import type as from_model
from strawberry.scalars import JSON

from polycopy.api import schemas

BigInt = strawberry.scalar(
    name="BigInt",
    description="A whole number, which may pass 32 bits (micro-units of money, row ids)",
    serialize=int,
    parse_value=int,
)

T = TypeVar("T")


@strawberry.type(description="A page of a list, newest first")
class Connection(Generic[T]):
    items: list[T]
    next_cursor: str | None = strawberry.field(
        description="Pass as `after` for the next page; null on the last page"
    )


@from_model(model=schemas.MarkOut, all_fields=True)
class Mark:
    pass


@from_model(model=schemas.PositionOut, all_fields=True)
class Position:
    pass


@from_model(model=schemas.ExposureOut, all_fields=True)
class Exposure:
    pass


@from_model(model=schemas.ExposureBreakdown, all_fields=True)
class ExposureBreakdown:
    pass


@from_model(model=schemas.PortfolioTotals, all_fields=True)
class PortfolioTotals:
    pass


@from_model(model=schemas.PortfolioOut, all_fields=True)
class Portfolio:
    pass


@from_model(model=schemas.ExchangeFillOut, all_fields=True)
class Fill:
    pass


@from_model(model=schemas.DecisionOut, all_fields=True)
class Decision:
    details: JSON


@from_model(model=schemas.OrderEventOut, all_fields=True)
class OrderEvent:
    details: JSON


@from_model(model=schemas.OrderOut, all_fields=True)
class Order:
    pass


@from_model(model=schemas.StatOut, all_fields=True)
class Stat:
    value: JSON | None
    low: JSON | None
    high: JSON | None


@from_model(model=schemas.TopMarketOut, all_fields=True)
class TopMarket:
    pass


@from_model(model=schemas.LeaderStatisticsOut, all_fields=True)
class LeaderStatistics:
    tags: JSON
