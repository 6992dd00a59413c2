"""The emulated venue's state and its one order path.

Every order, whether signed by a client over HTTP or placed by a synthetic actor, goes through
``EmulatorState.place_order``: the same validation, matching, settlement and Data API rows.
All amounts are integer micro-units; the state is mutated only from the event loop's thread,
so each call is atomic.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from polycopy.emulator.book import Fill, OrderBook, OrderType, PostOnlyCrossError
from polycopy.emulator.events import EventBus, OrderCanceled, OrderPlaced
from polycopy.emulator.faults import FaultPlan
from polycopy.emulator.heartbeats import Heartbeats
from polycopy.kit.money import MICRO, from_micros, micros_str, round_half_even_div
from polycopy.venues.polymarket.amounts import Side, round_config
from polycopy.venues.polymarket.signing import (
    SignatureType,
    order_fields_from_wire,
    order_hash,
    recover_order_signer,
)

#: Fields only V1 orders carry; their presence means the client signed for the old exchange.
V1_ONLY_FIELDS = ("feeRateBps", "nonce", "taker")
#: GTD orders must outlive this security threshold (reference §4.4).
GTD_MIN_LIFETIME_S = 60


class RequestRefused(Exception):
    """A request the emulated venue refuses: ``message`` is its error text, ``status`` HTTP."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class OrderStatus(StrEnum):
    LIVE = "live"
    MATCHED = "matched"
    CANCELED = "canceled"


@dataclass(frozen=True, slots=True)
class Market:
    condition_id: str
    question: str
    slug: str
    tokens: tuple[tuple[int, str], ...]
    """(token_id, outcome) in Gamma's outcome order."""
    tick_size: int = 10_000
    min_order_size: int = 5 * MICRO
    neg_risk: bool = False
    fee_rate_bps: int = 0
    """Taker fee rate r in basis points: fee = shares x r x p x (1 - p)."""
    event_slug: str = ""
    end_date: str = "2030-12-31T12:00:00Z"
    gamma_id: str = "1"
    icon: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()

    def outcome(self, token_id: int) -> tuple[int, str]:
        """(outcome_index, outcome) of one of this market's tokens."""
        for index, (tid, name) in enumerate(self.tokens):
            if tid == token_id:
                return index, name
        raise KeyError(token_id)


@dataclass(frozen=True, slots=True)
class GammaEvent:
    """The Gamma event grouping the markets whose ``event_slug`` is ``slug``."""

    slug: str
    title: str
    gamma_id: str
    neg_risk: bool = False
    category: str = ""
    tags: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    """A wallet's public profile, and its record from before the emulation started."""

    name: str = ""
    pseudonym: str = ""
    bio: str = ""
    profile_image: str = ""
    x_username: str = ""
    verified: bool = False
    created_at: str = ""
    prior_pnl: int = 0
    """PnL (pUSD micros, signed) earned before the scenario; added to leaderboard PnL."""
    prior_volume: int = 0
    """Volume (pUSD micros) traded before the scenario; added to leaderboard volume."""


@dataclass(slots=True)
class AccessControls:
    """What the venue lets accounts do; the admin API flips these to test ``polycopy doctor``.

    ``funders`` links a signer and signature type to the wallet that holds its funds (the
    proxy, Safe or deposit wallet the real CLOB derives from the signer).
    """

    geoblocked: bool = False
    country: str = "PT"
    region: str = ""
    closed_only: set[str] = field(default_factory=set)
    """Signer addresses (lower-case) restricted to closing positions."""
    unapproved: set[str] = field(default_factory=set)
    """Wallets (lower-case) whose pUSD allowances for the exchanges are zero."""
    funders: dict[tuple[str, int], str] = field(default_factory=dict)


@dataclass(slots=True)
class Wallet:
    address: str
    pusd: int = 0
    positions: dict[int, int] = field(default_factory=dict)
    profile: Profile | None = None
    opening: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Positions a scenario seeded: token -> (shares, cost in pUSD micros)."""


@dataclass(frozen=True, slots=True)
class ApiKey:
    api_key: str
    secret: str
    passphrase: str
    address: str
    """Lower-case address of the signer that created the key."""


@dataclass(frozen=True, slots=True)
class OrderRequest:
    """An order that has passed authentication; price and size are micro-units."""

    order_id: str
    owner: str
    maker: str
    signer: str
    token_id: int
    side: Side
    price: int
    size: int
    order_type: OrderType
    post_only: bool = False
    expiration: int = 0
    transaction_hash: str = ""
    """Settle any fills under this hash (a replayed recorded fill); empty: a fresh one."""
    amount: int = 0
    """pUSD a market (FOK/FAK) BUY spends, its signed makerAmount; ``size`` is then its
    takerAmount (the shares at its limit). 0: the order buys ``size`` shares."""


@dataclass(slots=True)
class Order:
    order_id: str
    owner: str
    maker: str
    signer: str
    market: Market
    token_id: int
    side: Side
    price: int
    original_size: int
    order_type: OrderType
    expiration: int
    created_at: int
    size_matched: int = 0
    status: OrderStatus = OrderStatus.LIVE
    trade_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Trade:
    """One fill between a taker order and one maker order, settled immediately (CONFIRMED)."""

    seq: int
    trade_id: str
    market: Market
    token_id: int
    side: Side
    """The taker's side."""
    size: int
    price: int
    cost: int
    """pUSD the buyer paid the seller (``book.Fill.cost``)."""
    fee: int
    match_time: int
    transaction_hash: str
    taker_order: Order
    maker_order: Order


@dataclass(frozen=True, slots=True)
class Activity:
    """One Data API activity row, from ``wallet``'s own point of view."""

    seq: int
    wallet: str
    timestamp: int
    type: str
    market: Market
    token_id: int | None
    side: Side | None
    size: int
    usdc_size: int
    price: int
    transaction_hash: str
    taker: bool


@dataclass(frozen=True, slots=True)
class Placement:
    """Outcome of an accepted order: what it made and took in its immediate match."""

    order: Order
    trades: tuple[Trade, ...]
    making: int
    taking: int


class Actor(Protocol):
    """A synthetic participant the server drives every ``interval`` seconds."""

    role: str
    address: str
    interval: float

    def step(self) -> object: ...


class EmulatorState:
    """Markets, books, wallets, API keys, orders, trades and the Data API activity log.

    Identifiers (API keys, trade ids, transaction hashes) derive from ``seed`` through an
    HMAC secret, so a replayed scenario yields the same ids. ``clock`` is injectable so
    tests control timestamps and GTD expiry.
    """

    def __init__(self, seed: int = 0, *, clock: Callable[[], float] = time.time) -> None:
        self.seed = seed
        self._secret = hashlib.sha256(f"polycopy-emulator:{seed}".encode()).digest()
        self._clock = clock
        self._last_now = 0.0
        self._counter = 0
        self.markets: dict[str, Market] = {}
        self._token_market: dict[int, Market] = {}
        self.books: dict[int, OrderBook] = {}
        self.last_trade_price: dict[int, int] = {}
        self.volume: dict[str, int] = {}
        """Traded notional (pUSD micros) per condition id."""
        self.wallets: dict[str, Wallet] = {}
        self.api_keys: dict[str, ApiKey] = {}
        self.heartbeats = Heartbeats()
        self._used_nonces: set[tuple[str, int]] = set()
        self.orders: dict[str, Order] = {}
        self._by_signer: dict[str, list[Order]] = {}
        self._live: dict[str, dict[str, Order]] = {}
        self.trades: dict[str, Trade] = {}
        self.token_trades: dict[int, list[Trade]] = {}
        """Every fill of each token, in match order (last trade price, price history)."""
        self.activity: list[Activity] = []
        self._wallet_activity: dict[str, list[Activity]] = {}
        self.fees_collected = 0
        self.actors: list[Actor] = []
        self.events = EventBus()
        """Order and trade notifications for the real-time channels (``events.py``)."""
        self.gamma_events: dict[str, GammaEvent] = {}
        """Gamma events by slug (markets point at them with ``Market.event_slug``)."""
        self.time_factor = 1.0
        """Emulated seconds per wall second (``clock.EmulatorClock.factor``)."""
        self.faults = FaultPlan(seed)
        self.access = AccessControls()
        self.resolutions: dict[str, int] = {}
        """Winning token id per resolved market (``resolve``)."""

    # --- time and identifiers -------------------------------------------------------------

    def now(self) -> float:
        """Wall-clock seconds, never going backwards (keyset cursors rely on it)."""
        self._last_now = max(self._last_now, self._clock())
        return self._last_now

    def _digest(self, *parts: object) -> bytes:
        msg = "|".join(str(p) for p in parts).encode()
        return hmac.new(self._secret, msg, hashlib.sha256).digest()

    def _next(self) -> int:
        self._counter += 1
        return self._counter

    def internal_order_id(self) -> str:
        """A fresh order hash for orders that were not signed (synthetic actors)."""
        return "0x" + self._digest("internal-order", self._next()).hex()

    def sign_cursor(self, payload: bytes) -> str:
        """Opaque, tamper-evident cursor: base64url(payload) + '.' + short MAC."""
        mac = self._digest("cursor", payload.hex())[:12]
        return f"{_b64(payload)}.{_b64(mac)}"

    def open_cursor(self, cursor: str) -> bytes | None:
        body, _, mac = cursor.partition(".")
        try:
            payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        except ValueError:
            return None
        expected = _b64(self._digest("cursor", payload.hex())[:12])
        return payload if hmac.compare_digest(mac, expected) else None

    # --- markets, wallets, keys -----------------------------------------------------------

    def add_market(self, market: Market) -> Market:
        round_config(from_micros(market.tick_size))  # refuse ticks the CLOB does not have
        self.markets[market.condition_id] = market
        for token_id, _ in market.tokens:
            self._token_market[token_id] = market
            self.books[token_id] = OrderBook()
            self.last_trade_price.setdefault(token_id, MICRO // 2)
        return market

    def market_for_token(self, token_id: int) -> Market | None:
        return self._token_market.get(token_id)

    def midpoint(self, token_id: int) -> int | None:
        """Mid of the best bid and ask (rounded down), or None if a side is empty."""
        book = self.books[token_id]
        bid, ask = book.best(Side.BUY), book.best(Side.SELL)
        return None if bid is None or ask is None else (bid + ask) // 2

    def wallet(self, address: str) -> Wallet:
        key = address.lower()
        found = self.wallets.get(key)
        if found is None:
            found = self.wallets[key] = Wallet(key)
        return found

    def fund(self, address: str, pusd: int) -> Wallet:
        """Credit pUSD (a deposit); the emulator has no chain, so this is the faucet."""
        if pusd <= 0:
            raise ValueError("funding must be positive")
        wallet = self.wallet(address)
        wallet.pusd += pusd
        return wallet

    def split(self, address: str, condition_id: str, amount: int) -> str:
        """CTF split: ``amount`` pUSD becomes ``amount`` of every outcome token."""
        market = self.markets[condition_id]
        wallet = self.wallet(address)
        if condition_id in self.resolutions:
            raise RequestRefused("the market is resolved: it cannot be split")
        if amount <= 0 or self.free_pusd(wallet) < amount:
            raise RequestRefused("not enough balance / allowance")
        wallet.pusd -= amount
        for token_id, _ in market.tokens:
            _add_position(wallet, token_id, amount)
        tx_hash = self._tx_hash()
        self._record(
            wallet.address, "SPLIT", market, size=amount, usdc_size=amount, tx_hash=tx_hash
        )
        return tx_hash

    def resolve(self, condition_id: str, winning_token_id: int) -> Market:
        """The oracle reports: the market closes, its live orders are cancelled, and each
        winning share becomes redeemable for 1 pUSD (losing shares for 0)."""
        market = self.markets.get(condition_id)
        if market is None:
            raise RequestRefused("market not found", 404)
        if winning_token_id not in {t for t, _ in market.tokens}:
            raise RequestRefused("the winner must be one of the market's tokens")
        if condition_id in self.resolutions:
            raise RequestRefused("the market is already resolved", 409)
        self.resolutions[condition_id] = winning_token_id
        tokens = {t for t, _ in market.tokens}
        for orders in list(self._live.values()):
            for order in list(orders.values()):
                if order.token_id in tokens:
                    self._close(order, OrderStatus.CANCELED)
        return market

    def merge(self, address: str, condition_id: str, amount: int) -> str:
        """CTF merge: ``amount`` of every outcome token becomes ``amount`` pUSD."""
        market = self.markets[condition_id]
        wallet = self.wallet(address)
        if condition_id in self.resolutions:
            raise RequestRefused("the market is resolved: redeem instead of merging")
        if amount <= 0 or any(self.free_shares(wallet, t) < amount for t, _ in market.tokens):
            raise RequestRefused("not enough balance / allowance")
        for token_id, _ in market.tokens:
            _add_position(wallet, token_id, -amount)
        wallet.pusd += amount
        tx_hash = self._tx_hash()
        self._record(
            wallet.address, "MERGE", market, size=amount, usdc_size=amount, tx_hash=tx_hash
        )
        return tx_hash

    def redeem(self, address: str, condition_id: str) -> tuple[str, int]:
        """CTF ``redeemPositions`` over every outcome: burn the wallet's tokens of a resolved
        market, pay 1 pUSD per winning share; one REDEEM row per outcome burned.
        Redeeming with nothing left succeeds and pays 0, as on chain."""
        market = self.markets[condition_id]
        winner = self.resolutions.get(condition_id)
        if winner is None:
            raise RequestRefused("the market is not resolved yet")
        wallet = self.wallet(address)
        held = [(t, wallet.positions.get(t, 0)) for t, _ in market.tokens]
        tx_hash = self._tx_hash()
        paid = 0
        for token_id, size in held:
            if not size:
                continue
            payout = size if token_id == winner else 0
            _add_position(wallet, token_id, -size)
            wallet.pusd += payout
            paid += payout
            self._record(
                wallet.address,
                "REDEEM",
                market,
                size=size,
                usdc_size=payout,
                tx_hash=tx_hash,
                token_id=token_id,
                price=MICRO if payout else 0,
            )
        return tx_hash, paid

    def addresses(self, role: str) -> list[str]:
        """Addresses of the synthetic actors with ``role`` ("leader" or "liquidity")."""
        return [actor.address for actor in self.actors if actor.role == role]

    def create_api_key(self, address: str, nonce: int) -> ApiKey:
        """L1 create: one key per (signer, nonce); a reused nonce is refused as on the CLOB."""
        if (address.lower(), nonce) in self._used_nonces:
            raise RequestRefused("NONCE_ALREADY_USED")
        return self.derive_api_key(address, nonce)

    def derive_api_key(self, address: str, nonce: int) -> ApiKey:
        """L1 derive: the same (signer, nonce) always yields the same credentials."""
        address = address.lower()
        seed = self._digest("api-key", address, nonce)
        key = ApiKey(
            api_key=str(uuid.UUID(bytes=seed[:16], version=4)),
            secret=base64.urlsafe_b64encode(self._digest("secret", seed.hex())).decode(),
            passphrase=self._digest("passphrase", seed.hex()).hex(),
            address=address,
        )
        self._used_nonces.add((address, nonce))
        self.api_keys[key.api_key] = key
        return key

    # --- orders ---------------------------------------------------------------------------

    def submit_signed_order(self, body: Mapping[str, Any], key: ApiKey) -> Placement:
        """Validate a ``POST /order`` body the way the CLOB does, then place it."""
        order = body.get("order")
        if not isinstance(order, Mapping):
            raise RequestRefused("Invalid order payload")
        if body.get("owner") != key.api_key:
            raise RequestRefused("the order owner has to be the owner of the API KEY")
        stale = [name for name in V1_ONLY_FIELDS if name in order]
        if stale:
            raise RequestRefused(
                f"order_version_mismatch: V1 order fields {stale} are not accepted by CLOB V2"
            )
        try:
            order_type = OrderType(str(body.get("orderType", "GTC")))
            fields = order_fields_from_wire(dict(order))
        except ValueError as exc:
            raise RequestRefused(f"Invalid order payload: {exc}") from None
        market = self.market_for_token(fields.token_id)
        if market is None:
            raise RequestRefused("Invalid token id")
        signature = str(order.get("signature", ""))
        try:
            recovered = recover_order_signer(fields, signature, neg_risk=market.neg_risk)
        except ValueError:
            raise RequestRefused("invalid signature") from None
        if fields.signature_type is SignatureType.POLY_1271:
            # The deposit wallet is the signer; its owner's EOA made the signature. Wallet
            # ownership is not modelled: the owner must be the API key's address.
            if recovered.lower() != key.address:
                raise RequestRefused("invalid signature")
        elif recovered != fields.signer or (
            fields.signature_type is SignatureType.EOA and fields.maker != fields.signer
        ):
            raise RequestRefused("invalid signature")
        elif fields.signer.lower() != key.address:
            raise RequestRefused("the order signer address has to be the address of the API KEY")
        order_id = "0x" + order_hash(fields, neg_risk=market.neg_risk).hex()
        price, size = _price_and_size(
            order_id, fields.side, fields.maker_amount, fields.taker_amount, order_type, market
        )
        market_buy = fields.side is Side.BUY and not order_type.rests
        return self.place_order(
            OrderRequest(
                order_id=order_id,
                owner=key.api_key,
                maker=fields.maker.lower(),
                signer=key.address,
                token_id=fields.token_id,
                side=fields.side,
                price=price,
                size=size,
                order_type=order_type,
                post_only=bool(body.get("postOnly", False)),
                expiration=fields.expiration,
                amount=fields.maker_amount if market_buy else 0,
            )
        )

    def place_order(self, req: OrderRequest) -> Placement:
        """Validate, match and settle one authenticated order (the only order path)."""
        now = self.now()
        self.expire_orders()
        market = self.market_for_token(req.token_id)
        if market is None:
            raise RequestRefused("Invalid token id")
        if market.condition_id in self.resolutions:
            raise RequestRefused("market is closed: it resolved and accepts no orders")
        if req.order_id in self.orders:
            raise RequestRefused(
                f"INVALID_ORDER_DUPLICATED: order {req.order_id} is invalid. Duplicated."
            )
        tick = market.tick_size
        if req.price % tick or not tick <= req.price <= MICRO - tick:
            raise RequestRefused(
                f"INVALID_ORDER_MIN_TICK_SIZE: order {req.order_id} is invalid. Price "
                f"({micros_str(req.price)}) breaks minimum tick size rule: {micros_str(tick)}"
            )
        if req.size <= 0:
            raise RequestRefused(f"order {req.order_id} is invalid. Size must be positive")
        if req.order_type.rests and req.size < market.min_order_size:
            raise RequestRefused(
                f"order {req.order_id} is invalid. Size ({micros_str(req.size)}) lower than "
                f"the minimum: {micros_str(market.min_order_size)}"
            )
        if req.post_only and not req.order_type.rests:
            raise RequestRefused(
                "INVALID_POST_ONLY_ORDER_TYPE: post-only orders are only allowed with GTC/GTD"
            )
        if req.order_type is OrderType.GTD and req.expiration < now + GTD_MIN_LIFETIME_S:
            raise RequestRefused("invalid expiration")
        self._check_balance(req, market)

        book = self.books[req.token_id]
        try:
            result = book.match(
                req.side,
                req.price,
                req.size,
                req.order_type,
                order_id=req.order_id,
                owner=req.maker,
                post_only=req.post_only,
                budget=req.amount or None,
            )
        except PostOnlyCrossError:
            raise RequestRefused("invalid post-only order: order crosses book") from None
        if not result.fills and req.order_type is OrderType.FOK:
            raise RequestRefused(
                "order couldn't be fully filled. FOK orders are fully filled or killed."
            )
        if not result.fills and req.order_type is OrderType.FAK:
            raise RequestRefused(
                "no orders found to match with FAK order. FAK orders are partially filled or "
                "killed if no match is found."
            )

        order = Order(
            order_id=req.order_id,
            owner=req.owner,
            maker=req.maker,
            signer=req.signer,
            market=market,
            token_id=req.token_id,
            side=req.side,
            price=req.price,
            original_size=req.size,
            order_type=req.order_type,
            expiration=req.expiration,
            created_at=int(now),
        )
        self.orders[order.order_id] = order
        self._by_signer.setdefault(order.signer, []).append(order)
        tx_hash = req.transaction_hash or self._tx_hash()
        trades = tuple(
            self._settle(order, self.orders[f.maker_order_id], f, tx_hash) for f in result.fills
        )
        if result.rested:
            order.status = OrderStatus.LIVE
            self._live.setdefault(order.maker, {})[order.order_id] = order
        else:
            order.status = OrderStatus.MATCHED
        notional = sum(t.cost for t in trades)
        shares = sum(t.size for t in trades)
        making, taking = (notional, shares) if req.side is Side.BUY else (shares, notional)
        if trades:
            # Like the chain's OrderFilled and the real Data API: the taker order's fill in
            # this transaction is one row, however many makers it met (docs/detection.md).
            self._record(
                order.maker,
                "TRADE",
                market,
                token_id=req.token_id,
                side=req.side,
                size=shares,
                usdc_size=notional,
                price=sum(t.size * t.price for t in trades) // shares,  # size-weighted
                tx_hash=tx_hash,
                taker=True,
            )
        placement = Placement(order, trades, making, taking)
        self.events.publish(OrderPlaced(placement))
        return placement

    def cancel(self, order_ids: Iterable[str], address: str) -> tuple[list[str], dict[str, str]]:
        """Cancel live orders signed by ``address``; returns (canceled, not_canceled)."""
        canceled: list[str] = []
        not_canceled: dict[str, str] = {}
        for order_id in dict.fromkeys(order_ids):
            order = self.orders.get(order_id)
            if order is None or order.signer != address.lower():
                not_canceled[order_id] = "order not found"
            elif order.status is not OrderStatus.LIVE:
                not_canceled[order_id] = f"order is already {order.status.value}"
            else:
                self._close(order, OrderStatus.CANCELED)
                canceled.append(order_id)
        return canceled, not_canceled

    def orders_signed_by(self, address: str) -> list[Order]:
        """Every accepted order whose signer is ``address`` (what an API key may see)."""
        self.expire_orders()
        return self._by_signer.get(address.lower(), [])

    def live_orders(self, address: str) -> list[Order]:
        """Live orders whose funds come from ``address`` (the order's maker)."""
        self.expire_orders()
        return list(self._live.get(address.lower(), {}).values())

    def expire_orders(self) -> None:
        """Cancel GTD orders whose expiration has passed (checked lazily on each access)."""
        now = self.now()
        expired = [
            order
            for orders in self._live.values()
            for order in orders.values()
            if order.order_type is OrderType.GTD and order.expiration <= now
        ]
        for order in expired:
            self._close(order, OrderStatus.CANCELED)

    def record_entry(
        self,
        address: str,
        kind: str,
        market: Market,
        *,
        size: int,
        usdc_size: int,
        token_id: int | None = None,
        side: Side | None = None,
        price: int = 0,
        tx_hash: str = "",
    ) -> None:
        """Append a non-trade activity row (a replayed REDEEM, REWARD, ...); moves no money.
        ``tx_hash`` keeps the recorded transaction (default: a fresh one)."""
        self._record(
            address.lower(),
            kind,
            market,
            size=size,
            usdc_size=usdc_size,
            tx_hash=tx_hash or self._tx_hash(),
            token_id=token_id,
            side=side,
            price=price,
        )

    def wallet_activity(self, address: str) -> list[Activity]:
        return self._wallet_activity.get(address.lower(), [])

    def summary(self) -> dict[str, object]:
        """Counts and balances for the admin endpoint and for debugging tests."""
        return {
            "seed": self.seed,
            "markets": len(self.markets),
            "orders": len(self.orders),
            "live_orders": sum(len(v) for v in self._live.values()),
            "trades": len(self.trades),
            "activity_rows": len(self.activity),
            "fees_collected": micros_str(self.fees_collected),
            "actors": [{"role": a.role, "address": a.address} for a in self.actors],
            "wallets": {
                w.address: {
                    "pusd": micros_str(w.pusd),
                    "positions": {str(t): micros_str(s) for t, s in w.positions.items()},
                }
                for w in self.wallets.values()
            },
        }

    def free_pusd(self, wallet: Wallet) -> int:
        """pUSD not reserved by the wallet's live buy orders."""
        reserved = sum(
            _ceil_div(self._remaining(o) * o.price, MICRO)
            for o in self._live.get(wallet.address, {}).values()
            if o.side is Side.BUY
        )
        return wallet.pusd - reserved

    def free_shares(self, wallet: Wallet, token_id: int) -> int:
        """Shares of ``token_id`` not reserved by the wallet's live sell orders."""
        reserved = sum(
            self._remaining(o)
            for o in self._live.get(wallet.address, {}).values()
            if o.side is Side.SELL and o.token_id == token_id
        )
        return wallet.positions.get(token_id, 0) - reserved

    # --- internals ------------------------------------------------------------------------

    def _remaining(self, order: Order) -> int:
        resting = self.books[order.token_id].get(order.order_id)
        return resting.size if resting else 0

    def _check_balance(self, req: OrderRequest, market: Market) -> None:
        wallet = self.wallet(req.maker)
        if wallet.address in self.access.unapproved:
            raise RequestRefused("not enough balance / allowance")
        if req.side is Side.BUY and req.amount:
            # Per pUSD spent the fee is rate x (1 - p): bounded by the rate itself.
            worst_fee = _ceil_div(req.amount * market.fee_rate_bps, 10_000)
            enough = self.free_pusd(wallet) >= req.amount + worst_fee
        elif req.side is Side.BUY:
            # The fee p(1-p) peaks at 0.5, so it is bounded by the fee at min(limit, 0.5).
            worst_fee = _taker_fee(market, req.size, min(req.price, MICRO // 2))
            enough = self.free_pusd(wallet) >= _ceil_div(req.size * req.price, MICRO) + worst_fee
        else:
            enough = self.free_shares(wallet, req.token_id) >= req.size
        if not enough:
            raise RequestRefused("not enough balance / allowance")

    def _settle(self, taker: Order, maker: Order, fill: Fill, tx_hash: str) -> Trade:
        market = taker.market
        token = taker.token_id
        price, size, cost = fill.price, fill.size, fill.cost
        fee = _taker_fee(market, size, price)
        buyer, seller = (taker, maker) if taker.side is Side.BUY else (maker, taker)
        buy_wallet, sell_wallet = self.wallet(buyer.maker), self.wallet(seller.maker)
        buy_wallet.pusd -= cost
        sell_wallet.pusd += cost
        _add_position(sell_wallet, token, -size)
        _add_position(buy_wallet, token, size)
        self.wallet(taker.maker).pusd -= fee
        self.fees_collected += fee

        now = self.now()
        trade = Trade(
            seq=len(self.trades) + 1,
            trade_id=str(uuid.UUID(bytes=self._digest("trade", self._next())[:16], version=4)),
            market=market,
            token_id=token,
            side=taker.side,
            size=size,
            price=price,
            cost=cost,
            fee=fee,
            match_time=int(now),
            transaction_hash=tx_hash,
            taker_order=taker,
            maker_order=maker,
        )
        self.trades[trade.trade_id] = trade
        self.token_trades.setdefault(token, []).append(trade)
        self.last_trade_price[token] = price
        self.volume[market.condition_id] = self.volume.get(market.condition_id, 0) + cost
        taker.size_matched += size
        maker.size_matched += size
        taker.trade_ids.append(trade.trade_id)
        maker.trade_ids.append(trade.trade_id)
        if self.books[token].get(maker.order_id) is None:
            self._close(maker, OrderStatus.MATCHED)
        self._record(
            maker.maker,
            "TRADE",
            market,
            token_id=token,
            side=maker.side,
            size=size,
            usdc_size=cost,
            price=price,
            tx_hash=tx_hash,
        )
        return trade

    def _close(self, order: Order, status: OrderStatus) -> None:
        self.books[order.token_id].cancel(order.order_id)
        self._live.get(order.maker, {}).pop(order.order_id, None)
        order.status = status
        if status is OrderStatus.CANCELED:
            self.events.publish(OrderCanceled(order))

    def _record(
        self,
        wallet: str,
        kind: str,
        market: Market,
        *,
        size: int,
        usdc_size: int,
        tx_hash: str,
        token_id: int | None = None,
        side: Side | None = None,
        price: int = 0,
        taker: bool = False,
    ) -> None:
        row = Activity(
            seq=len(self.activity) + 1,
            wallet=wallet,
            timestamp=int(self.now()),
            type=kind,
            market=market,
            token_id=token_id,
            side=side,
            size=size,
            usdc_size=usdc_size,
            price=price,
            transaction_hash=tx_hash,
            taker=taker,
        )
        self.activity.append(row)
        self._wallet_activity.setdefault(wallet, []).append(row)

    def _tx_hash(self) -> str:
        return "0x" + self._digest("tx", self._next()).hex()


def _price_and_size(
    order_id: str,
    side: Side,
    maker_amount: int,
    taker_amount: int,
    order_type: OrderType,
    market: Market,
) -> tuple[int, int]:
    """Limit price and share size implied by a signed order's amounts.

    BUY gives collateral for shares, SELL shares for collateral. Market orders truncate the
    share amount, so the implied price may sit a rounding step off the tick; it is snapped to
    the nearest tick only when the amounts are exactly what a client computes at that tick.
    """
    cfg = round_config(from_micros(market.tick_size))
    shares_dp = cfg.size if order_type.rests else cfg.amount
    collateral, shares = (
        (maker_amount, taker_amount) if side is Side.BUY else (taker_amount, maker_amount)
    )
    if (
        collateral <= 0
        or shares <= 0
        or collateral % 10 ** (6 - cfg.amount)
        or shares % 10 ** (6 - shares_dp)
    ):
        maker_dp, taker_dp = (
            (cfg.amount, shares_dp) if side is Side.BUY else (shares_dp, cfg.amount)
        )
        raise RequestRefused(
            f"invalid amounts, the {side.name.lower()} orders maker amount supports a max "
            f"accuracy of {maker_dp} decimals, taker amount a max of {taker_dp} decimals"
        )
    tick = market.tick_size
    price = round_half_even_div(collateral * MICRO, shares * tick) * tick
    if abs(collateral * MICRO - shares * price) >= 10 ** (6 - cfg.amount) * MICRO:
        implied = from_micros(collateral * MICRO // shares)
        raise RequestRefused(
            f"INVALID_ORDER_MIN_TICK_SIZE: order {order_id} is invalid. Price ({implied}) "
            f"breaks minimum tick size rule: {micros_str(tick)}"
        )
    return price, shares


def _taker_fee(market: Market, size: int, price: int) -> int:
    """shares x rate x p x (1 - p), in pUSD micro-units, rounded down."""
    return size * market.fee_rate_bps * price * (MICRO - price) // (10_000 * MICRO * MICRO)


def _add_position(wallet: Wallet, token_id: int, delta: int) -> None:
    size = wallet.positions.get(token_id, 0) + delta
    if size:
        wallet.positions[token_id] = size
    else:
        wallet.positions.pop(token_id, None)


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
