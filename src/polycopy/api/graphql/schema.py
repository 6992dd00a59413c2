"""The GraphQL schema: each field answers with its REST route's own handler.

A field calls the handler of the REST route it mirrors, with the caller's principal and the
request's transaction, so both APIs read through the same owner-scoped repositories and
valuation. A field needs the API-token scope its REST route needs.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar, cast

import strawberry
from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
)
from strawberry.fastapi import BaseContext
from strawberry.permission import BasePermission
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, Info

from polycopy.api.deps import ApiContext, Principal
from polycopy.api.errors import ApiError
from polycopy.api.graphql import types as t
from polycopy.api.graphql.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, CostLimit
from polycopy.api.pagination import (
    CURSOR_PATTERN,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_ROW_ID,
    Page,
    PageParams,
    decode_cursor,
)
from polycopy.api.routes import activity, leaders, portfolio
from polycopy.api.schemas import LeaderOut, LotOut, PortfolioOut, StatisticsPeriod
from polycopy.auth.types import Scope

M = TypeVar("M")
G = TypeVar("G")


@dataclass
class GraphContext(BaseContext):
    """Who asks, in which transaction (the API's authentication ran before the query).

    GraphQL resolves sibling fields concurrently, but they share the request's session, which
    is not safe for concurrent use: ``lock`` lets one resolver at a time read. Every field with
    a resolver is nullable, so an error stays in its field and never cancels a sibling in the
    middle of a statement.
    """

    principal: Principal
    session: AsyncSession
    api: ApiContext
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


GraphInfo = Info[GraphContext, None]


def needs(scope: Scope) -> type[BasePermission]:
    """The field needs this scope (a session has every scope; a token those it was given)."""

    class NeedsScope(BasePermission):
        message = f"this API token lacks the scope {scope.value}"
        error_extensions = {"code": "insufficient_scope"}  # noqa: RUF012 (strawberry's API)

        def has_permission(self, source: Any, info: GraphInfo, **kwargs: Any) -> bool:
            return scope.value in info.context.principal.scopes

    return NeedsScope


def _invalid(field: str, message: str) -> GraphQLError:
    return GraphQLError(f"{field}: {message}", extensions={"code": "invalid_input", "field": field})


def _row_id(field: str, value: int | None) -> int | None:
    if value is not None and not 1 <= value <= MAX_ROW_ID:
        raise _invalid(field, f"must be from 1 to {MAX_ROW_ID}")
    return value


def _page(first: int, after: str | None) -> PageParams:
    """The REST pagination, from GraphQL's arguments (same cursors, same bounds)."""
    if not 1 <= first <= MAX_LIMIT:
        raise _invalid("first", f"must be from 1 to {MAX_LIMIT}")
    if after is not None and not re.fullmatch(CURSOR_PATTERN.strip("^$"), after):
        raise _invalid("after", "not a cursor from this API (`v1.` and a number)")
    return PageParams(before=decode_cursor(after) if after else None, limit=first)


def _connection(page: Page[M], convert: Callable[[M], G]) -> t.Connection[G]:
    return t.Connection(items=[convert(item) for item in page.items], next_cursor=page.next_cursor)


async def _serially(info: GraphInfo, work: Coroutine[Any, Any, M]) -> M:
    """Run ``work`` (a read on the request's session) holding the request's lock."""
    try:
        async with info.context.lock:
            return await work
    finally:
        work.close()  # not started if cancelled while waiting: no "never awaited" warning


async def _one(found: Awaitable[M]) -> M | None:
    """A single row: another user's, like a missing one, is null (REST: 404)."""
    try:
        return await found
    except ApiError as exc:
        if exc.status_code == 404:
            return None
        raise


async def _portfolio(
    info: GraphInfo, account_id: int | None, leader_id: int | None
) -> PortfolioOut:
    c = info.context
    account, leader = _row_id("accountId", account_id), _row_id("leaderId", leader_id)
    return await _serially(
        info, portfolio.get_portfolio(c.principal, c.session, c.api, account, leader)
    )


F = TypeVar("F", bound=Callable[..., Any])


def _field(scope: Scope, description: str) -> Callable[[F], F]:
    """A field (a resolver) that needs ``scope``; typed, as strawberry's decorator is not."""
    return cast(
        Callable[[F], F],
        strawberry.field(permission_classes=[needs(scope)], description=description),
    )


First = strawberry.argument(description=f"Page size, 1 to {MAX_LIMIT}")
After = strawberry.argument(description="`nextCursor` of the previous page")


async def _lots(
    info: GraphInfo,
    *,
    account_id: int | None,
    leader_id: int | None,
    open_only: bool,
    first: int,
    after: str | None,
) -> t.Connection[Lot]:
    c = info.context
    params, account = _page(first, after), _row_id("accountId", account_id)
    leader = _row_id("leaderId", leader_id)
    page = await _serially(
        info, portfolio.list_lots(c.principal, c.session, params, account, leader, open_only)
    )
    return _connection(page, Lot.from_pydantic)


OpenOnly = strawberry.argument(name="open", description="Only lots with shares left")


# A lot's leader has lots: the type is looked up when the schema is built.
LazyLeader = Annotated["Leader", strawberry.lazy("polycopy.api.graphql.schema")]


@strawberry.experimental.pydantic.type(model=LotOut, all_fields=True)
class Lot:
    leader_id: strawberry.auto

    @_field(Scope.LEADERS_READ, "The leader the lot was bought for")
    async def leader(self, info: GraphInfo) -> LazyLeader | None:
        c = info.context
        out = await _one(
            _serially(info, leaders.get_leader(self.leader_id, c.principal, c.session))
        )
        return None if out is None else Leader.from_pydantic(out)


@strawberry.experimental.pydantic.type(model=LeaderOut, all_fields=True)
class Leader:
    id: strawberry.auto

    @_field(Scope.LEADERS_READ, "The leader's statistics over a period (docs/leader-statistics.md)")
    async def statistics(
        self, info: GraphInfo, period: StatisticsPeriod = StatisticsPeriod.ALL
    ) -> t.LeaderStatistics | None:
        c = info.context
        out = await _serially(
            info, leaders.get_leader_statistics(self.id, c.principal, c.session, c.api, period)
        )
        return t.LeaderStatistics.from_pydantic(out)

    @_field(Scope.PORTFOLIO_READ, "Your lots for this leader, newest first")
    async def lots(
        self,
        info: GraphInfo,
        account_id: int | None = None,
        open_only: Annotated[bool, OpenOnly] = False,
        first: Annotated[int, First] = DEFAULT_LIMIT,
        after: Annotated[str | None, After] = None,
    ) -> t.Connection[Lot] | None:
        return await _lots(
            info,
            account_id=account_id,
            leader_id=self.id,
            open_only=open_only,
            first=first,
            after=after,
        )


@strawberry.type(description="polycopy's read API; every list and object is yours only")
class Query:
    @_field(
        Scope.PORTFOLIO_READ, "Open positions marked, PnL, fees and exposure (REST: GET /portfolio)"
    )
    async def portfolio(
        self, info: GraphInfo, account_id: int | None = None, leader_id: int | None = None
    ) -> t.Portfolio | None:
        return t.Portfolio.from_pydantic(await _portfolio(info, account_id, leader_id))

    @_field(Scope.PORTFOLIO_READ, "Open positions per account, leader and token (the portfolio's)")
    async def positions(
        self, info: GraphInfo, account_id: int | None = None, leader_id: int | None = None
    ) -> list[t.Position] | None:
        out = await _portfolio(info, account_id, leader_id)
        return [t.Position.from_pydantic(p) for p in out.positions]

    @_field(Scope.PORTFOLIO_READ, "Lots (shares bought for one leader), newest first")
    async def lots(
        self,
        info: GraphInfo,
        account_id: int | None = None,
        leader_id: int | None = None,
        open_only: Annotated[bool, OpenOnly] = False,
        first: Annotated[int, First] = DEFAULT_LIMIT,
        after: Annotated[str | None, After] = None,
    ) -> t.Connection[Lot] | None:
        return await _lots(
            info,
            account_id=account_id,
            leader_id=leader_id,
            open_only=open_only,
            first=first,
            after=after,
        )

    @_field(Scope.PORTFOLIO_READ, "Fills of your orders as the venue reported them, newest first")
    async def fills(
        self,
        info: GraphInfo,
        account_id: int | None = None,
        order_id: int | None = None,
        first: Annotated[int, First] = DEFAULT_LIMIT,
        after: Annotated[str | None, After] = None,
    ) -> t.Connection[t.Fill] | None:
        c = info.context
        params, account = _page(first, after), _row_id("accountId", account_id)
        order = _row_id("orderId", order_id)
        page = await _serially(
            info, portfolio.list_exchange_fills(c.principal, c.session, params, account, order)
        )
        return _connection(page, t.Fill.from_pydantic)

    @_field(Scope.DECISIONS_READ, "Every copy or skip for your rules, newest first")
    async def decisions(
        self,
        info: GraphInfo,
        account_id: int | None = None,
        rule_id: int | None = None,
        first: Annotated[int, First] = DEFAULT_LIMIT,
        after: Annotated[str | None, After] = None,
    ) -> t.Connection[t.Decision] | None:
        c = info.context
        params, account = _page(first, after), _row_id("accountId", account_id)
        rule = _row_id("ruleId", rule_id)
        page = await _serially(
            info, activity.list_decisions(c.principal, c.session, params, account, rule)
        )
        return _connection(page, t.Decision.from_pydantic)

    @_field(Scope.DECISIONS_READ, "One of your decisions")
    async def decision(self, info: GraphInfo, id: int) -> t.Decision | None:
        c = info.context
        decision_id = _row_id("id", id)
        assert decision_id is not None
        out = await _one(
            _serially(info, activity.get_decision(decision_id, c.principal, c.session))
        )
        return None if out is None else t.Decision.from_pydantic(out)

    @_field(Scope.ORDERS_READ, "Your orders, newest first, each with its state history")
    async def orders(
        self,
        info: GraphInfo,
        account_id: int | None = None,
        first: Annotated[int, First] = DEFAULT_LIMIT,
        after: Annotated[str | None, After] = None,
    ) -> t.Connection[t.Order] | None:
        c = info.context
        params, account = _page(first, after), _row_id("accountId", account_id)
        page = await _serially(info, activity.list_orders(c.principal, c.session, params, account))
        return _connection(page, t.Order.from_pydantic)

    @_field(Scope.ORDERS_READ, "One order")
    async def order(self, info: GraphInfo, id: int) -> t.Order | None:
        c = info.context
        order_id = _row_id("id", id)
        assert order_id is not None
        out = await _one(_serially(info, activity.get_order(order_id, c.principal, c.session)))
        return None if out is None else t.Order.from_pydantic(out)

    @_field(Scope.LEADERS_READ, "Your leader list, newest first")
    async def leaders(
        self,
        info: GraphInfo,
        first: Annotated[int, First] = DEFAULT_LIMIT,
        after: Annotated[str | None, After] = None,
    ) -> t.Connection[Leader] | None:
        c = info.context
        params = _page(first, after)
        page = await _serially(info, leaders.list_leaders(c.principal, c.session, params))
        return _connection(page, Leader.from_pydantic)

    @_field(Scope.LEADERS_READ, "A leader on your list")
    async def leader(self, info: GraphInfo, id: int) -> Leader | None:
        c = info.context
        leader_id = _row_id("id", id)
        assert leader_id is not None
        out = await _one(_serially(info, leaders.get_leader(leader_id, c.principal, c.session)))
        return None if out is None else Leader.from_pydantic(out)


def _exposed(error: GraphQLError) -> bool:
    """An error raised on purpose (bad input, a missing scope) keeps its message; any other
    is masked, so a fault's details never reach the client (the server logs them)."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


class ReadSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log faults only: a client's bad query, argument or missing scope is its answer,
        not a server error."""
        super().process_errors([e for e in errors if not _exposed(e)], execution_context)


def build_schema() -> strawberry.Schema:
    return ReadSchema(
        Query,
        config=StrawberryConfig(scalar_map={int: t.BigInt}),
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: AddValidationRules([CostLimit]),
            lambda: MaskErrors(should_mask_error=lambda error: not _exposed(error)),
        ],
    )
