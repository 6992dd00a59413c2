"""A copy pipeline against the emulator on one controllable clock, for resting-order tests.

The emulator and polycopy read the same clock, so time to live, GTD expiration and heartbeat
lapses happen when a test moves time on, not while it waits.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import httpx
from sqlalchemy import select

from polycopy.accounts.service import get_or_create_user, link_follower_account
from polycopy.accounts.types import AccountMode, Role
from polycopy.copying.service import create_rule
from polycopy.copying.settings import RuleSettings
from polycopy.emulator.book import OrderType as BookOrderType
from polycopy.emulator.server import EmulatorServer, default_state
from polycopy.emulator.state import EmulatorState, OrderRequest
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.engine import CopyEngine, EngineTimings, VenueUrls, build_engine
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO
from polycopy.models import Order, OrderEvent
from polycopy.orders.types import OrderStatus, OrderType
from polycopy.signals.types import TradeSide
from polycopy.venues.base import (
    CancelOutcome,
    ExecutionVenue,
    OrderLookup,
    SettlementAction,
    SettlementResult,
    SignedOrder,
    SubmitResult,
)
from polycopy.venues.directory import seal_credentials
from polycopy.venues.polymarket.amounts import Side
from polycopy.venues.polymarket.signing import PrivateKey

FOLLOWER_FUNDS = 1_000 * MICRO


class Clock:
    """Unix time the test moves on by hand (starts at the real time)."""

    def __init__(self) -> None:
        self.t = float(int(time.time()))

    def time(self) -> float:
        return self.t

    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.t, dt.UTC)


class Hooked:
    """The real venue adapter; before a send, the test's pending book changes happen (the
    market moves between the decision and the order's arrival)."""

    def __init__(self, inner: ExecutionVenue, before_send: list[Callable[[], None]]) -> None:
        self.inner = inner
        self.before_send = before_send
        self.lookups = 0

    async def submit_batch(self, orders: Sequence[SignedOrder]) -> list[SubmitResult]:
        while self.before_send:
            self.before_send.pop(0)()
        return await self.inner.submit_batch(orders)

    async def lookup(self, order_hash: str, *, side: TradeSide) -> OrderLookup:
        self.lookups += 1
        return await self.inner.lookup(order_hash, side=side)

    async def cancel(self, order_hashes: Sequence[str]) -> CancelOutcome:
        return await self.inner.cancel(order_hashes)

    async def heartbeat(self, heartbeat_id: str) -> str:
        return await self.inner.heartbeat(heartbeat_id)

    async def open_orders(self) -> dict[str, int]:
        return await self.inner.open_orders()

    async def settle(
        self,
        action: SettlementAction,
        condition_id: str,
        *,
        neg_risk: bool,
        shares_micros: int = 0,
    ) -> SettlementResult:
        return await self.inner.settle(
            action, condition_id, neg_risk=neg_risk, shares_micros=shares_micros
        )


@dataclass
class World:
    server: EmulatorServer
    clock: Clock
    leader: SyntheticLeader
    liquidity: LiquidityProvider
    follower: str
    db: Database
    http: httpx.AsyncClient
    engine: CopyEngine
    before_send: list[Callable[[], None]] = field(default_factory=list)
    venues: list[Hooked] = field(default_factory=list)

    @property
    def state(self) -> EmulatorState:
        return self.server.state

    def leader_buys(self, shares: int = 10 * MICRO) -> int:
        """The leader takes ``shares`` at the best ask (0.51 in the default book); returns
        the token."""
        self.leader.buy_percent = 100
        self.leader.min_shares = self.leader.max_shares = shares
        placement = self.leader.step()
        assert placement is not None
        assert placement.taking > 0
        return placement.order.token_id

    def pull_asks(self, token_id: int, *, up_to: int) -> None:
        """The liquidity provider withdraws its asks at or below ``up_to``."""
        stale = [
            o.order_id
            for o in self.state.live_orders(self.liquidity.address)
            if o.token_id == token_id and o.side is Side.SELL and o.price <= up_to
        ]
        self.state.cancel(stale, self.liquidity.address)

    def trader(self, side: Side, token_id: int, price: int, shares: int, kind: str) -> None:
        """Another trader places an order (a taker: FAK, or a resting ask: GTC)."""
        address = "0x" + secrets.token_hex(20)
        market = self.state.market_for_token(token_id)
        assert market is not None
        self.state.fund(address, 100 * MICRO)
        self.state.split(address, market.condition_id, 50 * MICRO)
        self.state.place_order(
            OrderRequest(
                order_id=self.state.internal_order_id(),
                owner=self.state.derive_api_key(address, 0).api_key,
                maker=address.lower(),
                signer=address.lower(),
                token_id=token_id,
                side=side,
                price=price,
                size=shares,
                order_type=BookOrderType(kind),
            )
        )

    async def step(self, seconds: float = 0) -> None:
        """Time moves on, then one engine round (heartbeats included)."""
        self.clock.t += seconds
        await self.engine.step()

    async def run_for(self, seconds: float, *, every: float = 5) -> None:
        """Engine rounds every ``every`` seconds of emulated time, as the worker runs them."""
        for _ in range(int(seconds // every)):
            await self.step(every)

    def venue_orders(self) -> list[object]:
        return [o for o in self.state.orders.values() if o.maker == self.follower.lower()]


@asynccontextmanager
async def world(db: Database, settings: RuleSettings, *, seed: int = 11) -> AsyncIterator[World]:
    clock = Clock()
    server = EmulatorServer(default_state(seed, clock=clock.time), run_actors=False)
    state = server.state
    leader = next(a for a in state.actors if isinstance(a, SyntheticLeader))
    liquidity = next(a for a in state.actors if isinstance(a, LiquidityProvider))
    box = SecretBox("test-secret")
    key_hex = "0x" + secrets.token_hex(32)
    follower = PrivateKey.from_hex(key_hex).address
    state.fund(follower, FOLLOWER_FUNDS)
    async with db.transaction() as session:
        user = await get_or_create_user(session, "resting@polycopy.test", role=Role.USER, actor="t")
        account = await link_follower_account(
            session,
            user=user,
            label="resting",
            mode=AccountMode.SIM,
            wallet_address=follower,
            signer_address=follower,
            signature_type=0,
            encrypted_credentials=seal_credentials(box, follower, {"private_key": key_hex}),
            actor="t",
        )
        await create_rule(session, account, leader.address, settings, actor="t", now=clock.now())
    before_send: list[Callable[[], None]] = []
    venues: list[Hooked] = []

    def hooked(venue: ExecutionVenue) -> ExecutionVenue:
        venues.append(Hooked(venue, before_send))
        return venues[-1]

    async with server, http_client(10) as http:
        urls = server.base_urls
        engine = build_engine(
            db,
            box,
            http,
            urls=VenueUrls(clob=urls["clob"], data=urls["data"], gamma=urls["gamma"]),
            timings=EngineTimings(
                poll_interval=dt.timedelta(seconds=1), stale_after=dt.timedelta(minutes=5)
            ),
            worker_id="resting",
            now=clock.now,
            rng=random.Random(0),
            wrap_venue=hooked,
        )
        yield World(
            server, clock, leader, liquidity, follower, db, http, engine, before_send, venues
        )


async def stored_orders(db: Database) -> list[Order]:
    async with db.transaction() as session:
        return list((await session.scalars(select(Order).order_by(Order.id))).all())


async def order_events(db: Database, order_id: int) -> list[OrderEvent]:
    async with db.transaction() as session:
        stmt = select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.id)
        return list((await session.scalars(stmt)).all())


def unsaved_order(
    side: TradeSide,
    kind: OrderType,
    quantity: int,
    price: int,
    policy: dict[str, object] | None,
    status: OrderStatus | None = None,
) -> Order:
    """An order row as the policy functions see it (not stored): a buy's quantity is pUSD,
    a sell's shares."""
    buying = side is TradeSide.BUY
    return Order(
        idempotency_key="pc-root",
        side=side,
        order_type=kind,
        status=status,
        limit_price_micros=price,
        amount_micros=quantity if buying else None,
        size_micros=None if buying else quantity,
        filled_size_micros=0,
        filled_amount_micros=0,
        chase_count=0,
        policy=policy,
    )
