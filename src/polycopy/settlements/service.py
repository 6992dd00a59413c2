"""Redeem resolved markets, merge outcome sets into pUSD and split pUSD into them; book it.

When a market a follower holds resolves, polycopy redeems the follower's shares at once,
without waiting for the leader: winning lots close with 1 pUSD per share, losing lots at 0.
The leader's own REDEEM, when it shows up, is linked as confirmation. A leader's MERGE is
mirrored on the follower's lots for that leader; when two rules leave a follower holding
both outcomes of a market, a merge is offered and runs only once the user accepts it. A
leader's SPLIT, when a rule copies it, splits the follower's pUSD too and opens one lot per
outcome for that leader.

Each settlement is a row written under the follower account's lock; the venue call happens
outside any transaction; its answer is booked in a second transaction (lots closed or
consumed or opened, realised PnL recorded) that applies once (the row leaves ``pending``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.accounts.repository import FollowerAccountRepository
from polycopy.audit.repository import AuditRepository
from polycopy.kit.db import Database
from polycopy.kit.errors import InvalidInputError
from polycopy.kit.money import MICRO, to_micros
from polycopy.markets.repository import MarketRepository
from polycopy.models import Lot, Market, Settlement
from polycopy.portfolio.accounting import (
    OpenLot,
    consume_lots,
    redemption_payout,
    split_costs,
    split_proceeds,
)
from polycopy.portfolio.repository import LotRepository
from polycopy.settlements.repository import SettlementRepository
from polycopy.settlements.types import SettlementStatus
from polycopy.venues.base import SettlementAction, SettlementResult, SubmitOutcome
from polycopy.venues.directory import TraderDirectory
from polycopy.venues.polymarket.gamma import GammaClient
from polycopy.venues.polymarket.http import VenueError
from polycopy.venues.polymarket.models import GammaMarketInfo
from polycopy.venues.polymarket.signers import SignerError

log = structlog.get_logger(__name__)

_OPEN = (SettlementStatus.PENDING, SettlementStatus.FAILED)


def resolved_winner(market: GammaMarketInfo) -> str | None:
    """The winning token of a closed market whose outcome prices settled at 1 and 0."""
    if not market.closed or len(market.outcome_prices) != len(market.clob_token_ids):
        return None
    prices = [to_micros(p, exact=False) for p in market.outcome_prices]
    winners = [t for t, p in zip(market.clob_token_ids, prices, strict=True) if p == MICRO]
    if len(winners) != 1 or any(p not in (0, MICRO) for p in prices):
        return None
    return winners[0]


async def record_resolution(
    session: AsyncSession, condition_id: str, winning_token_id: str, now: dt.datetime
) -> Market | None:
    """Mark a cached market resolved (once); new copies of it are then skipped as closed."""
    market = await MarketRepository(session).get(condition_id)
    if market is None or market.resolved_at is not None:
        return market
    market.resolved_at = now
    market.winning_token_id = winning_token_id
    market.closed = True
    await AuditRepository(session).record(
        actor="system",
        entity_type="market",
        entity_id=condition_id,
        action="resolved",
        details={"winning_token_id": winning_token_id},
    )
    return market


async def claim_redemptions(session: AsyncSession) -> None:
    """A pending redemption for every (account, resolved market) with open lots."""
    repo = SettlementRepository(session)
    accounts = FollowerAccountRepository(session)
    for account_id, condition_id in await repo.redeemable():
        found = await repo.latest(account_id, condition_id, SettlementAction.REDEEM, _OPEN)
        if found is not None and found.status is SettlementStatus.PENDING:
            continue  # claimed already: no need to take the account's lock
        await accounts.lock(account_id)
        found = await repo.latest(account_id, condition_id, SettlementAction.REDEEM, _OPEN)
        if found is not None:
            await session.refresh(found)  # as committed by a concurrent settler
        if found is None:
            await repo.add(
                Settlement(
                    follower_account_id=account_id,
                    condition_id=condition_id,
                    action=SettlementAction.REDEEM,
                    status=SettlementStatus.PENDING,
                )
            )
        elif found.status is SettlementStatus.FAILED:
            found.status = SettlementStatus.PENDING


def _close_lot(lot: Lot, payout: int, settlement: Settlement, now: dt.datetime) -> int:
    pnl = payout - lot.cost_micros
    lot.realized_pnl_micros += pnl
    lot.remaining_size_micros = 0
    lot.cost_micros = 0
    lot.closed_at = now
    lot.settlement_id = settlement.id
    return pnl


async def _apply_redemption(
    session: AsyncSession, settlement: Settlement, now: dt.datetime
) -> None:
    market = await MarketRepository(session).get(settlement.condition_id)
    if market is None or market.winning_token_id is None:
        raise LookupError(f"market {settlement.condition_id} is not resolved")
    repo = SettlementRepository(session)
    lots = await repo.open_lots(settlement.follower_account_id, settlement.condition_id)
    if settlement.leader_fill_id is None:  # a leader that redeemed first confirms it
        settlement.leader_fill_id = await repo.leader_redeem(
            settlement.condition_id, {lot.leader_id for lot in lots}
        )
    for lot in lots:
        payout = redemption_payout(
            lot.remaining_size_micros, winner=lot.token_id == market.winning_token_id
        )
        settlement.shares_micros += lot.remaining_size_micros
        settlement.payout_micros += payout
        settlement.realized_pnl_micros += _close_lot(lot, payout, settlement, now)


async def _apply_merge(session: AsyncSession, settlement: Settlement, now: dt.datetime) -> None:
    """Consume ``shares`` of every outcome (FIFO, the leader's lots only for a mirrored
    merge); the pUSD received is shared among the outcomes in proportion to their cost."""
    repo = SettlementRepository(session)
    tokens = await MarketRepository(session).tokens(settlement.condition_id)
    sides = [
        await repo.open_lots(
            settlement.follower_account_id,
            settlement.condition_id,
            token_id=token.token_id,
            leader_id=settlement.leader_id,
        )
        for token in tokens
    ]
    pairs = min(
        [settlement.shares_micros, *(sum(lot.remaining_size_micros for lot in s) for s in sides)]
    )
    settlement.shares_micros = pairs
    settlement.payout_micros = pairs  # 1 pUSD per set of outcomes
    if pairs == 0:
        return
    plans = [
        consume_lots(
            [OpenLot(lot.id, lot.remaining_size_micros, lot.cost_micros) for lot in side], pairs, 0
        )
        for side in sides
    ]
    proceeds = split_proceeds(pairs, [sum(p.cost_micros for p in plan) for plan in plans])
    for side, share in zip(sides, proceeds, strict=True):
        by_id = {lot.id: lot for lot in side}
        for part in consume_lots(
            [OpenLot(lot.id, lot.remaining_size_micros, lot.cost_micros) for lot in side],
            pairs,
            share,
        ):
            lot = by_id[part.lot_id]
            lot.remaining_size_micros -= part.size_micros
            lot.cost_micros -= part.cost_micros
            lot.realized_pnl_micros += part.realized_pnl_micros
            lot.settlement_id = settlement.id
            settlement.realized_pnl_micros += part.realized_pnl_micros
            if lot.remaining_size_micros == 0:
                lot.closed_at = now


async def _apply_split(session: AsyncSession, settlement: Settlement, now: dt.datetime) -> None:
    """Open one lot per outcome for the split's leader, ``shares`` each; the pUSD paid is
    shared among them in proportion to the outcome prices recorded at the decision."""
    if settlement.leader_id is None:
        raise LookupError(f"split {settlement.id} has no leader to hold its lots")
    tokens = await MarketRepository(session).tokens(settlement.condition_id)
    costs = split_costs(settlement.shares_micros, settlement.prices, [t.token_id for t in tokens])
    await LotRepository(session).add_all(
        [
            {
                "follower_account_id": settlement.follower_account_id,
                "leader_id": settlement.leader_id,
                "condition_id": settlement.condition_id,
                "token_id": token.token_id,
                "outcome": token.outcome,
                "opened_by_settlement_id": settlement.id,
                "size_micros": settlement.shares_micros,
                "remaining_size_micros": settlement.shares_micros,
                "cost_micros": cost,
                "opened_at": now,
            }
            for token, cost in zip(tokens, costs, strict=True)
        ]
    )


async def book_settlement(
    session: AsyncSession, settlement_id: int, result: SettlementResult, now: dt.datetime
) -> Settlement | None:
    """Apply the venue's answer once: the lots move only when the settlement is done."""
    repo = SettlementRepository(session)
    found = await repo.get(settlement_id)
    if found is None:
        return None
    await FollowerAccountRepository(session).lock(found.follower_account_id)
    await session.refresh(found)
    if found.status not in (SettlementStatus.PENDING, SettlementStatus.SENDING):
        return found
    found.attempts += 1
    found.error = result.error or None
    if result.outcome is SubmitOutcome.REJECTED:
        found.status = SettlementStatus.FAILED
        return found
    if result.outcome is SubmitOutcome.RETRY:
        found.status = SettlementStatus.PENDING  # it never reached the venue
        return found
    if result.outcome is SubmitOutcome.UNKNOWN:
        # A redeem is sent again (on chain a second redeem pays 0); a merge is not
        # idempotent and stays ``sending`` until someone checks the wallet.
        return found
    if found.action is SettlementAction.REDEEM:
        await _apply_redemption(session, found, now)
    elif found.action is SettlementAction.SPLIT:
        await _apply_split(session, found, now)
    else:
        await _apply_merge(session, found, now)
    found.status = SettlementStatus.DONE
    found.transaction_hash = result.transaction_hash
    found.settled_at = now
    await AuditRepository(session).record(
        actor="system",
        entity_type="settlement",
        entity_id=found.id,
        action=f"{found.action.value}_done",
        details={
            "condition_id": found.condition_id,
            "shares_micros": found.shares_micros,
            "payout_micros": found.payout_micros,
            "realized_pnl_micros": found.realized_pnl_micros,
        },
    )
    return found


async def offer_merges(session: AsyncSession) -> list[Settlement]:
    """Offer a merge wherever a follower's lots hold every outcome of a market."""
    repo = SettlementRepository(session)
    sizes: dict[tuple[int, str], dict[str, int]] = {}
    leaders: dict[tuple[int, str], set[int]] = {}
    for h in await repo.holdings_in_open_markets():
        key = (h.account_id, h.condition_id)
        by_token = sizes.setdefault(key, {})
        by_token[h.token_id] = by_token.get(h.token_id, 0) + h.size_micros
        leaders.setdefault(key, set()).add(h.leader_id)
    offered = []
    markets = MarketRepository(session)
    for (account_id, condition_id), by_token in sorted(sizes.items()):
        # One leader holding every outcome is its own business: its MERGE is mirrored.
        if len(leaders[(account_id, condition_id)]) < 2 or len(by_token) < 2:
            continue
        if len(by_token) != len(await markets.tokens(condition_id)):
            continue
        pairs = min(by_token.values())
        current = await repo.latest(
            account_id,
            condition_id,
            SettlementAction.MERGE,
            (SettlementStatus.OFFERED, SettlementStatus.PENDING, SettlementStatus.DECLINED),
        )
        if current is not None and current.status is not SettlementStatus.OFFERED:
            continue  # being merged, or the user said no
        if current is not None and current.shares_micros == pairs:
            offered.append(current)
            continue  # offered as it stands: no write, no lock
        await FollowerAccountRepository(session).lock(account_id)
        if current is not None:
            await session.refresh(current)
            if current.status is not SettlementStatus.OFFERED:
                continue
        if current is None:
            current = await repo.add(
                Settlement(
                    follower_account_id=account_id,
                    condition_id=condition_id,
                    action=SettlementAction.MERGE,
                    status=SettlementStatus.OFFERED,
                    shares_micros=pairs,
                )
            )
        if current.shares_micros != pairs:
            current.shares_micros = pairs
        offered.append(current)
    return offered


async def answer_merge_offer(
    session: AsyncSession, account_id: int, settlement_id: int, *, accept: bool, actor: str
) -> Settlement:
    """The user accepts (it runs next round) or declines an offered merge."""
    await FollowerAccountRepository(session).lock(account_id)
    found = await SettlementRepository(session).get(settlement_id)
    if found is None or found.follower_account_id != account_id:
        raise InvalidInputError(f"no merge offer {settlement_id} for this account")
    if found.status is not SettlementStatus.OFFERED:
        raise InvalidInputError(f"merge {settlement_id} is {found.status.value}, not offered")
    found.status = SettlementStatus.PENDING if accept else SettlementStatus.DECLINED
    await AuditRepository(session).record(
        actor=actor,
        entity_type="settlement",
        entity_id=found.id,
        action="merge_accepted" if accept else "merge_declined",
        details={"condition_id": found.condition_id, "shares_micros": found.shares_micros},
    )
    return found


@dataclass(frozen=True, slots=True)
class _Work:
    settlement_id: int
    account_id: int
    action: SettlementAction
    condition_id: str
    shares_micros: int
    neg_risk: bool


class Settler:
    """Each round: learn which held markets resolved, then send pending settlements."""

    def __init__(
        self,
        db: Database,
        gamma: GammaClient,
        traders: TraderDirectory,
        *,
        now: Callable[[], dt.datetime],
        check_every: dt.timedelta = dt.timedelta(seconds=30),
    ) -> None:
        self._db = db
        self._gamma = gamma
        self._traders = traders
        self._now = now
        self._check_every = check_every
        self._checked: dict[str, dt.datetime] = {}
        self._attempted: dict[int, dt.datetime] = {}

    async def run(self) -> None:
        await self.check_resolutions()
        async with self._db.transaction() as session:
            await offer_merges(session)
        await self.settle_pending()

    async def check_resolutions(self) -> list[str]:
        """Ask Gamma about held markets (each at most every ``check_every``, at once when a
        leader already redeemed in it); returns the markets found resolved."""
        now = self._now()
        async with self._db.transaction() as session:
            repo = SettlementRepository(session)
            held = await repo.held_unresolved_markets()
            hinted = await repo.leader_redeemed_markets(held)
        due = [
            cid
            for cid in held
            if cid in hinted
            or now - self._checked.get(cid, dt.datetime.min.replace(tzinfo=dt.UTC))
            >= self._check_every
        ]
        resolved = []
        for condition_id in due:
            self._checked[condition_id] = now
            try:
                market = await self._gamma.market_by_condition(condition_id)
            except (VenueError, httpx.HTTPError) as exc:
                log.warning("settle.market_failed", condition_id=condition_id, error=repr(exc))
                continue
            winner = resolved_winner(market) if market is not None else None
            if winner is None:
                continue
            async with self._db.transaction() as session:
                await record_resolution(session, condition_id, winner, now)
            resolved.append(condition_id)
        return resolved

    async def settle_pending(self) -> int:
        """Send every pending redeem and merge; returns how many were booked as done."""
        async with self._db.transaction() as session:
            await claim_redemptions(session)
            pending = await SettlementRepository(session).with_status(SettlementStatus.PENDING)
            markets = MarketRepository(session)
            work = [
                _Work(
                    s.id,
                    s.follower_account_id,
                    s.action,
                    s.condition_id,
                    s.shares_micros,
                    bool(m.neg_risk) if (m := await markets.get(s.condition_id)) else False,
                )
                for s in pending
            ]
        done = 0
        now = self._now()
        for item in work:
            last = self._attempted.get(item.settlement_id)
            if last is not None and now - last < self._check_every:
                continue  # a refused or unanswered settlement is retried at a slower pace
            self._attempted[item.settlement_id] = now
            if item.action is not SettlementAction.REDEEM and not await self._claim(item):
                continue
            result = await self._send(item)
            async with self._db.transaction() as session:
                booked = await book_settlement(session, item.settlement_id, result, self._now())
            if booked is not None and booked.status is SettlementStatus.DONE:
                done += 1
            log.info(
                "settle.result",
                settlement_id=item.settlement_id,
                action=item.action.value,
                outcome=result.outcome.value,
                error=result.error,
            )
        return done

    async def _claim(self, item: _Work) -> bool:
        """Mark a merge ``sending`` before it goes out: it must never be sent twice, by this
        worker after a crash or by another one at the same time."""
        async with self._db.transaction() as session:
            await FollowerAccountRepository(session).lock(item.account_id)
            found = await SettlementRepository(session).get(item.settlement_id)
            if found is None:
                return False
            await session.refresh(found)
            if found.status is not SettlementStatus.PENDING:
                return False
            found.status = SettlementStatus.SENDING
            return True

    async def _send(self, item: _Work) -> SettlementResult:
        try:
            trader = await self._traders.for_account(item.account_id)
            return await trader.venue.settle(
                item.action,
                item.condition_id,
                neg_risk=item.neg_risk,
                shares_micros=item.shares_micros,
            )
        except (VenueError, httpx.HTTPError, LookupError, SignerError) as exc:
            # Not sent (no trader, no signature, ...): tried again, at most every check.
            return SettlementResult(SubmitOutcome.RETRY, error=repr(exc))
