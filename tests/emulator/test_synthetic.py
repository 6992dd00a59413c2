"""Synthetic actors: reproducible from the seed, and every fill conserves money and shares."""

from __future__ import annotations

from polycopy.emulator.server import LEADER_FUNDING, LIQUIDITY_FUNDING, default_state
from polycopy.emulator.state import EmulatorState
from polycopy.venues.polymarket.amounts import Side

from .conftest import Clock


def _run(seed: int, steps: int) -> EmulatorState:
    clock = Clock()
    state = default_state(seed, clock=clock)
    for _ in range(steps):
        for actor in state.actors:
            actor.step()
        clock.now += 1
    return state


def _fingerprint(state: EmulatorState) -> list[tuple[object, ...]]:
    return [
        (r.wallet, r.type, r.token_id, r.side, r.size, r.price, r.transaction_hash, r.timestamp)
        for r in state.activity
    ]


def test_same_seed_same_history() -> None:
    first, second = _run(3, 60), _run(3, 60)
    assert _fingerprint(first) == _fingerprint(second)
    assert first.addresses("leader") == second.addresses("leader")
    assert _fingerprint(_run(4, 60)) != _fingerprint(first)


def test_money_and_shares_are_conserved() -> None:
    state = _run(8, 150)
    # A split locks pUSD into complete sets of outcome tokens.
    split = sum(r.size for r in state.activity if r.type == "SPLIT")
    assert split > 0
    assert sum(w.pusd for w in state.wallets.values()) + state.fees_collected + split == (
        LEADER_FUNDING + LIQUIDITY_FUNDING
    )
    for token_id, _ in next(iter(state.markets.values())).tokens:
        assert sum(w.positions.get(token_id, 0) for w in state.wallets.values()) == split
        bid, ask = state.books[token_id].best(Side.BUY), state.books[token_id].best(Side.SELL)
        assert bid is None or ask is None or bid < ask
    for wallet in state.wallets.values():
        assert wallet.pusd >= 0
        assert all(size > 0 for size in wallet.positions.values())


def test_leader_trades_through_the_book_and_mostly_buys() -> None:
    state = _run(9, 150)
    [leader] = state.addresses("leader")
    rows = state.wallet_activity(leader)
    assert rows
    assert all(r.type == "TRADE" and r.taker for r in rows)
    buys = {r.transaction_hash for r in rows if r.side is Side.BUY}
    sells = {r.transaction_hash for r in rows if r.side is Side.SELL}
    assert len(buys) > len(sells) > 0
    # Its activity feed explains its positions exactly (it never sold what it did not hold).
    net: dict[int, int] = {}
    for r in rows:
        assert r.token_id is not None
        net[r.token_id] = net.get(r.token_id, 0) + (r.size if r.side is Side.BUY else -r.size)
    assert {t: s for t, s in net.items() if s} == state.wallet(leader).positions
    # The liquidity provider saw the other side of every leader fill.
    [provider] = state.addresses("liquidity")
    maker_rows = [r for r in state.wallet_activity(provider) if r.type == "TRADE"]
    assert sorted((r.transaction_hash, r.size) for r in maker_rows) == sorted(
        (r.transaction_hash, r.size) for r in rows
    )
