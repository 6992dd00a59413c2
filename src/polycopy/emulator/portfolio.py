"""Positions, cost basis and PnL per wallet, derived from the emulator's activity log.

The Data API's ``/positions``, ``/value`` and leaderboards are views of what a wallet did;
deriving them from the same rows ``/activity`` serves (plus scenario-seeded opening
positions) keeps every view consistent, and lets the indexing-lag fault hide a fill from all
of them at once. Cost basis is the average-cost method, fee-exclusive, in pUSD micros; a
split gives each outcome an equal share of its cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from polycopy.emulator.state import Activity, EmulatorState, Market
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side


@dataclass(slots=True)
class Holding:
    """One wallet's position in one outcome token."""

    market: Market
    token_id: int
    size: int = 0
    cost: int = 0
    """Fee-exclusive cost basis of the shares held now."""
    fees: int = 0
    """Taker fees paid for the shares held now."""
    bought: int = 0
    """Lifetime shares bought (or seeded, or split into)."""
    spent: int = 0
    """Lifetime cost of those shares."""
    realized: int = 0
    first_at: int = 0
    last_at: int = 0

    @property
    def avg_price(self) -> int:
        return self.cost * MICRO // self.size if self.size else 0

    def add(self, shares: int, cost: int, fee: int, at: int) -> None:
        self.size += shares
        self.cost += cost
        self.fees += fee
        self.bought += shares
        self.spent += cost
        self.first_at = self.first_at or at
        self.last_at = max(self.last_at, at)

    def remove(self, shares: int, proceeds: int, at: int) -> None:
        shares = min(shares, self.size)
        if shares <= 0:
            return
        released = self.cost * shares // self.size
        released_fees = self.fees * shares // self.size
        self.realized += proceeds - released
        self.cost -= released
        self.fees -= released_fees
        self.size -= shares
        self.last_at = max(self.last_at, at)


def visible_until(state: EmulatorState) -> int | None:
    """Latest activity timestamp the Data API may show under the indexing-lag fault.

    A row stamped ``t`` happened in ``[t, t + 1)``, so it is shown only once ``t + 1 + lag``
    has passed: never earlier than ``lag`` seconds after the fill.
    """
    lag = state.faults.indexing_lag()
    if not lag:
        return None
    return int(Decimal(state.now()) - lag) - 1


def visible(rows: Iterable[Activity], until: int | None) -> list[Activity]:
    return [r for r in rows if until is None or r.timestamp <= until]


def holdings(
    state: EmulatorState,
    address: str,
    *,
    until: int | None = None,
    since: int | None = None,
    keep: Callable[[Market], bool] | None = None,
) -> dict[int, Holding]:
    """The wallet's holdings per token from its rows up to ``until`` (and from ``since``).

    Opening positions seeded by the scenario count only for the full history (no ``since``);
    ``keep`` restricts the markets considered (a leaderboard category).
    """
    wallet = state.wallets.get(address.lower())
    found: dict[int, Holding] = {}

    def holding(market: Market, token_id: int) -> Holding:
        current = found.get(token_id)
        if current is None:
            current = found[token_id] = Holding(market, token_id)
        return current

    if wallet is not None and since is None:
        for token_id, (shares, cost) in wallet.opening.items():
            market = state.market_for_token(token_id)
            if market is not None and (keep is None or keep(market)):
                holding(market, token_id).add(shares, cost, 0, 0)
    fees = _taker_fees(state, address.lower())
    for row in visible(state.wallet_activity(address), until):
        if (since is not None and row.timestamp < since) or (keep and not keep(row.market)):
            continue
        if row.type == "TRADE" and row.token_id is not None:
            target = holding(row.market, row.token_id)
            if row.side is Side.BUY:
                fee = fees.pop((row.transaction_hash, row.token_id), 0) if row.taker else 0
                target.add(row.size, row.usdc_size, fee, row.timestamp)
            else:
                target.remove(row.size, row.usdc_size, row.timestamp)
        elif row.type == "REDEEM" and row.token_id is not None:
            holding(row.market, row.token_id).remove(row.size, row.usdc_size, row.timestamp)
        elif row.type == "MERGE":
            tokens = [token for token, _ in row.market.tokens]
            share = row.usdc_size // len(tokens)
            for index, token in enumerate(tokens):
                extra = row.usdc_size - share * len(tokens) if index == 0 else 0
                holding(row.market, token).remove(row.size, share + extra, row.timestamp)
        elif row.type == "SPLIT":
            tokens = [token for token, _ in row.market.tokens]
            share = row.usdc_size // len(tokens)
            for index, token in enumerate(tokens):
                extra = row.usdc_size - share * len(tokens) if index == 0 else 0
                holding(row.market, token).add(row.size, share + extra, 0, row.timestamp)
    return found


def current_price(state: EmulatorState, token_id: int) -> int:
    """Midpoint when both sides are quoted, else the last trade (what positions mark at);
    the payout (1 or 0) once the market resolved."""
    market = state.market_for_token(token_id)
    if market is not None and market.condition_id in state.resolutions:
        return MICRO if state.resolutions[market.condition_id] == token_id else 0
    mid = state.midpoint(token_id)
    return state.last_trade_price[token_id] if mid is None else mid


def percent(part: int, whole: int) -> Decimal:
    """``part / whole`` in percent with 4 decimals (0 when there is no basis)."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.0001"))


def _taker_fees(state: EmulatorState, address: str) -> dict[tuple[str, int], int]:
    """Fees the wallet paid as taker, per (transaction, token), to attach to its BUY rows."""
    fees: dict[tuple[str, int], int] = {}
    for trade in state.trades.values():
        if trade.fee and trade.taker_order.maker == address:
            key = (trade.transaction_hash, trade.token_id)
            fees[key] = fees.get(key, 0) + trade.fee
    return fees


@dataclass(frozen=True, slots=True)
class Standing:
    """A wallet's leaderboard figures for one window."""

    wallet: str
    pnl: int
    volume: int
    """Traded notional, pUSD micros (v1 ``vol``)."""
    shares: int
    """Traded shares (v2 ``volume``)."""


def standings(
    state: EmulatorState,
    *,
    since: int | None,
    until: int | None,
    keep: Callable[[Market], bool] | None = None,
) -> list[Standing]:
    """Every wallet that traded in the window (or has a recorded record, for all time).

    All time (``since`` None) ranks realized PnL plus the recorded prior PnL, as the real
    board does; a finite window ranks the marked PnL of the trades made in it: realized plus
    what the shares bought in the window are worth now.
    """
    found: list[Standing] = []
    for address, wallet in state.wallets.items():
        rows = [
            r
            for r in visible(state.wallet_activity(address), until)
            if r.type == "TRADE"
            and (since is None or r.timestamp >= since)
            and (keep is None or keep(r.market))
        ]
        prior = wallet.profile if since is None and wallet.profile is not None else None
        if not rows and (prior is None or not (prior.prior_pnl or prior.prior_volume)):
            continue
        held = holdings(state, address, until=until, since=since, keep=keep).values()
        pnl = sum(h.realized for h in held)
        if since is not None:
            pnl += sum(h.size * current_price(state, h.token_id) // MICRO - h.cost for h in held)
        volume = sum(r.usdc_size for r in rows)
        if prior is not None:
            pnl += prior.prior_pnl
            volume += prior.prior_volume
        found.append(Standing(address, pnl, volume, sum(r.size for r in rows)))
    return found
