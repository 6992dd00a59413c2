"""Decisions on a leader's non-trade events: REDEEM, MERGE, SPLIT and CONVERSION.

None of them becomes an order. A REDEEM is linked to the follower's own redemption as
confirmation (polycopy redeems when the market resolves, without waiting for the leader).
A MERGE is mirrored on the follower's lots for that leader, in the proportion the leader
merged of its complete sets (a settlement row, sent by the settler). A SPLIT of a
two-outcome market is decided like a buy (``evaluate_split``) and a copy becomes a split
settlement (``record_splits``); other splits are explained, not copied. A CONVERSION
(neg-risk) is not a trade to copy.

Called from ``decide_fill`` with the follower accounts already locked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from polycopy.copying.evaluate import BookView, Verdict
from polycopy.copying.types import SkipReason, TradingState
from polycopy.models import CopyRule, FollowerAccount, LeaderFill, Market, Settlement
from polycopy.orders.repository import OrderRepository
from polycopy.portfolio.repository import LotRepository
from polycopy.settlements.repository import SettlementRepository
from polycopy.settlements.types import SettlementStatus
from polycopy.signals.repository import leader_position_before
from polycopy.signals.types import LeaderEventType
from polycopy.venues.base import SettlementAction


def _skip(reason: SkipReason, **details: int | str) -> Verdict:
    return Verdict(None, reason, dict(details))


async def leader_event_verdicts(
    session: AsyncSession,
    fill: LeaderFill,
    rules: Sequence[CopyRule],
    accounts: Mapping[int, FollowerAccount],
    market: Market | None,
    token_ids: list[str],
    *,
    global_halted: bool,
) -> list[Verdict]:
    kind = fill.event_type
    if kind is LeaderEventType.REDEEM:
        return [await _confirm_redemption(session, fill, rule) for rule in rules]
    if kind not in (LeaderEventType.MERGE, LeaderEventType.SPLIT):
        return [_skip(SkipReason.NOT_A_TRADE, event_type=kind.value) for _ in rules]
    if market is None:
        return [_skip(SkipReason.UNKNOWN_MARKET, condition_id=fill.condition_id) for _ in rules]
    if kind is LeaderEventType.SPLIT:  # a split of a two-outcome market is decided elsewhere
        why = f"the market has {len(token_ids)} outcomes; polycopy splits two-outcome markets"
        return [
            _skip(SkipReason.SPLIT_NOT_COPIED, condition_id=fill.condition_id, why=why)
            for _ in rules
        ]
    return await _mirror_merge(session, fill, rules, accounts, token_ids, global_halted)


async def _confirm_redemption(session: AsyncSession, fill: LeaderFill, rule: CopyRule) -> Verdict:
    """Link the leader's REDEEM to the follower's redemption of the same market."""
    found = await SettlementRepository(session).latest(
        rule.follower_account_id,
        fill.condition_id,
        SettlementAction.REDEEM,
        tuple(SettlementStatus),
    )
    details: dict[str, int | str] = {"condition_id": fill.condition_id}
    if found is not None:
        if found.leader_fill_id is None:
            found.leader_fill_id = fill.id
        details["settlement_id"] = found.id
        if found.status is SettlementStatus.DONE:
            details["payout_micros"] = found.payout_micros
    return Verdict(None, SkipReason.LEADER_REDEEMED, details)


async def _mirror_merge(
    session: AsyncSession,
    fill: LeaderFill,
    rules: Sequence[CopyRule],
    accounts: Mapping[int, FollowerAccount],
    token_ids: list[str],
    global_halted: bool,
) -> list[Verdict]:
    """Merge ``held sets × merged / leader's sets before`` (all held sets when the leader's
    position is unknown), never more than the follower holds for this leader."""
    account_ids = {rule.follower_account_id for rule in rules}
    held = await LotRepository(session).held_sizes(account_ids, fill.leader_id, token_ids)
    promised = await OrderRepository(session).pending_sell_sizes(
        account_ids, fill.leader_id, token_ids
    )
    leader_sets = min(
        [await leader_position_before(session, fill.leader_id, t, fill.id) for t in token_ids]
    )
    repo = SettlementRepository(session)
    verdicts = []
    for rule in rules:
        account = accounts.get(rule.follower_account_id)
        if global_halted:
            verdicts.append(_skip(SkipReason.GLOBAL_KILL_SWITCH))
            continue
        if account is not None and account.trading_state is TradingState.HALTED:
            verdicts.append(_skip(SkipReason.ACCOUNT_HALTED))
            continue
        if rule.status is TradingState.HALTED:
            verdicts.append(_skip(SkipReason.RULE_PAUSED))
            continue
        sets = min(
            held.get((rule.follower_account_id, t), 0)
            - promised.get((rule.follower_account_id, t), 0)
            for t in token_ids
        )
        sets = max(0, sets)
        shares = min(sets, sets * fill.size_micros // leader_sets) if leader_sets > 0 else sets
        details: dict[str, int | str] = {
            "condition_id": fill.condition_id,
            "leader_shares_micros": fill.size_micros,
            "leader_sets_before_micros": leader_sets,
            "held_sets_micros": sets,
        }
        if shares <= 0:
            verdicts.append(Verdict(None, SkipReason.NOTHING_TO_MERGE, details))
            continue
        settlement = await repo.add(
            Settlement(
                follower_account_id=rule.follower_account_id,
                condition_id=fill.condition_id,
                action=SettlementAction.MERGE,
                status=SettlementStatus.PENDING,
                leader_id=fill.leader_id,
                leader_fill_id=fill.id,
                shares_micros=shares,
            )
        )
        details |= {"merge_shares_micros": shares, "settlement_id": settlement.id}
        verdicts.append(Verdict(None, SkipReason.MERGE_MIRRORED, details))
    return verdicts


def _mid(book: BookView) -> int:
    """The middle of the book (one side when the other is empty; 0 when both are)."""
    sides = [levels[0][0] for levels in (book.bids, book.asks) if levels]
    return sum(sides) // len(sides) if sides else 0


async def record_splits(
    session: AsyncSession,
    fill: LeaderFill,
    rules: Sequence[CopyRule],
    verdicts: list[Verdict],
    token_ids: list[str],
    books: Mapping[str, BookView],
) -> list[Verdict]:
    """A pending split settlement for every rule that mirrors the leader's SPLIT, with the
    outcomes' prices now: the new lots' cost is shared in that proportion (equally when no
    book is readable), so each outcome's later sale books a meaningful PnL."""
    prices = {t: _mid(books.get(t, BookView())) for t in token_ids}
    repo = SettlementRepository(session)
    for rule, verdict in zip(rules, verdicts, strict=True):
        if verdict.reason is not SkipReason.SPLIT_MIRRORED:
            continue
        settlement = await repo.add(
            Settlement(
                follower_account_id=rule.follower_account_id,
                condition_id=fill.condition_id,
                action=SettlementAction.SPLIT,
                status=SettlementStatus.PENDING,
                leader_id=fill.leader_id,
                leader_fill_id=fill.id,
                shares_micros=int(verdict.details["amount_micros"]),
                prices=prices,
            )
        )
        verdict.details["settlement_id"] = settlement.id
    return verdicts
