"""Same decisions as live (issue 17, "Done when"): one history, replayed through the emulator
and followed by the live engine, then run through the backtest with the delays and books
the live run had, is decided the same way fill by fill: same action, reason and size.

The live side is the whole copy path over loopback HTTP: the emulator re-enacts each recorded
fill through its matching engine, and ``CopyEngine.step`` detects it on the Data API, reads
the books, decides and sends the copy, which fills at the emulator. The emulator's clock is
the test's: each fill is detected ``LAGS[i]`` seconds after it happened, so the detection
delays are known, varied, and past the replay's depth window for some fills (the depth is
gone: the copy finds only the far quotes of ``FAR_BOOK`` and skips for slippage). Nothing
else moves between the engine's book read and the test's, so the book the test records at
each decision is the one the engine decided on; the backtest gets it as ``RecordedBooks``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from polycopy.backtest.core import Decision
from polycopy.backtest.history import HistoryRow
from polycopy.backtest.pricing import RecordedBooks
from polycopy.backtest.run import run_backtest
from polycopy.copying.evaluate import BookView
from polycopy.copying.settings import AccountLimits, RuleSettings
from polycopy.demo import seed_follower
from polycopy.emulator.scenario import build_scenario
from polycopy.emulator.server import EmulatorServer
from polycopy.engine import book_view
from polycopy.kit.crypto import SecretBox
from polycopy.kit.db import Database
from polycopy.kit.http import http_client
from polycopy.kit.money import MICRO, to_micros
from polycopy.models import Decision as DecisionRow
from polycopy.models import FollowerAccount, LeaderFill
from polycopy.signals.identity import FillContent, content_identity
from polycopy.signals.types import LeaderEventType, TradeSide
from polycopy.venues.polymarket.clob import ClobPublicClient
from polycopy.venues.polymarket.signing import PrivateKey
from tests.emulator.conftest import Clock
from tests.emulator.scenario_support import write_scenario
from tests.emulator.test_replay import CONDITION_A, CONDITION_B, LEADER, T0, _row, _write_json
from tests.pipeline_support import aware, emulator_engine


def _rule(slippage_bps: int) -> RuleSettings:
    return RuleSettings(
        allocation="percentage",
        percentage_bps=5_000,
        max_slippage_bps=slippage_bps,
        max_market_exposure_micros=25 * MICRO,
        min_leader_trade_micros=3 * MICRO,
    )


LIMITS = AccountLimits(max_open_positions=3)
DEPTH_SHARES = 20
"""Shares the replay leaves at the leader's price for followers: too few for some copies."""
DEPTH_SECONDS = 30
GAP_S = 120
"""Seconds between two recorded fills: each is decided before the next happens."""
A_YES, A_NO, B_YES, B_NO = "101", "102", "201", "202"
TOKENS = {A_YES: (CONDITION_A, "Yes", 0), A_NO: (CONDITION_A, "No", 1)}
TOKENS |= {B_YES: (CONDITION_B, "Yes", 0), B_NO: (CONDITION_B, "No", 1)}
#: (token, side, shares, price, detection lag in seconds, what the rule should decide)
HISTORY = [
    (A_YES, "BUY", "20", "0.50", 4, "copy"),
    (A_YES, "BUY", "4", "0.50", 6, "leader_trade_too_small"),
    (A_YES, "BUY", "60", "0.50", 3, "copy"),  # cut to the depth at the leader's price
    (B_YES, "BUY", "40", "0.40", 45, "slippage"),  # seen after the depth left
    (A_YES, "BUY", "40", "0.52", 10, "copy"),  # cut to the market's room
    (A_YES, "BUY", "30", "0.50", 5, "market_exposure"),
    (B_YES, "BUY", "30", "0.40", 8, "copy"),
    (A_YES, "SELL", "50", "0.55", 12, "copy"),  # a part of the position
    (A_NO, "BUY", "20", "0.45", 7, "copy"),
    (B_NO, "BUY", "20", "0.55", 9, "max_open_positions"),
    (B_YES, "SELL", "30", "0.45", 50, "slippage"),  # seen after the depth left
    (A_YES, "SELL", "104", "0.60", 6, "copy"),  # closes: ours sells what the depth takes
    (B_NO, "SELL", "20", "0.50", 5, "no_position"),
    (B_YES, "SELL", "40", "0.42", 4, "copy"),  # closes
]
FAR_BOOK = "bids = [[0.30, 1000]]\nasks = [[0.70, 1000]]\n"
"""Quotes resting on every outcome, far from the leader's prices: never inside a limit."""

Outcome = tuple[str, str | None, int | None]
"""(action, reason, size): the pUSD of a bought copy, the shares of a sold one, else None."""


def _history(directory: Path) -> tuple[Path, list[str]]:
    """The history as a Data API activity file, and each fill's identity in time order."""
    rows, identities = [], []
    for index, (token, side, shares, price, _, _) in enumerate(HISTORY):
        condition, outcome, outcome_index = TOKENS[token]
        row = _row(
            T0 + index * GAP_S,
            side,
            shares,
            price,
            condition=condition,
            token=token,
            outcome=outcome,
            index=outcome_index,
        )
        rows.append(row)
        content = FillContent(
            str(row["transactionHash"]).lower(),
            LEADER,
            LeaderEventType.TRADE.value,
            token,
            side,
            to_micros(shares),
        )
        identities.append(content_identity(content, 0))
    return _write_json(directory / "history.json", rows), identities


def _scenario(directory: Path, history: Path) -> str:
    books = "".join(
        f"[[books]]\nmarket = '{condition}'\noutcome = '{outcome}'\n{FAR_BOOK}"
        for condition, outcome, _ in TOKENS.values()
    )
    return f"""
[scenario]
seed = 17

[[leaders]]
kind = "replay"
file = "{history}"
wallet = "{LEADER}"
types = ["TRADE"]
follower_depth = {DEPTH_SHARES}
depth_seconds = {DEPTH_SECONDS}

{books}"""


async def _follow_live(
    db: Database, directory: Path, history: Path, rule: RuleSettings
) -> tuple[dict[str, Outcome], dict[str, int], dict[str, list[tuple[int, BookView]]]]:
    """Each fill's live decision and detection lag by identity, and the books decided on."""
    clock = Clock(float(T0))  # the replay's first fill happens at its recorded time
    scenario = build_scenario(write_scenario(directory, _scenario(directory, history)), clock=clock)
    [replay] = scenario.replays
    assert len(replay.steps) == len(HISTORY)
    box = SecretBox("test-secret")
    key_hex = "0x" + secrets.token_hex(32)
    follower = PrivateKey.from_hex(key_hex).address
    scenario.state.fund(follower, 1_000 * MICRO)
    at = lambda: dt.datetime.fromtimestamp(clock.now, dt.UTC)  # noqa: E731
    await seed_follower(
        db, box, leader_wallet=LEADER, key_hex=key_hex, rule=rule, now=at() - dt.timedelta(1)
    )
    async with db.transaction() as session:
        [account] = (await session.scalars(select(FollowerAccount))).all()
        account.limits = LIMITS.snapshot()
    books: dict[str, list[tuple[int, BookView]]] = {token: [] for token in TOKENS}
    server = EmulatorServer(scenario.state, run_actors=False)
    async with server, http_client(10) as http:
        clob = ClobPublicClient(http, server.base_urls["clob"])
        engine = emulator_engine(server, db, box, http, now=at)
        await engine.start()
        for step, (*_, lag, _) in zip(replay.steps, HISTORY, strict=True):
            clock.now = replay.start + step.offset
            assert replay.step() == 1  # the leader's fill, at its recorded time
            clock.now += lag
            replay.step()  # the followers' depth leaves once its window is over
            # The books the engine reads next: nothing moves until it has decided.
            for book in await clob.books(sorted(TOKENS)):
                books[book.asset_id].append((int(clock.now), book_view(book)))
            await engine.step()
        async with db.transaction() as session:
            fills = (await session.scalars(select(LeaderFill))).all()
            decisions = (await session.scalars(select(DecisionRow))).all()
    by_fill = {fill.id: fill for fill in fills}
    live: dict[str, Outcome] = {}
    for d in decisions:
        identity = by_fill[d.leader_fill_id].identity
        assert identity not in live, f"fill {identity} decided twice"
        live[identity] = _outcome(d.action.value, d.reason, d.side, d.amount_micros, d.size_micros)
    lags = {
        fill.identity: int((aware(fill.first_seen_at) - aware(fill.occurred_at)).total_seconds())
        for fill in fills
    }
    return live, lags, books


def _outcome(
    action: str, reason: str | None, side: TradeSide | None, amount: int | None, size: int | None
) -> Outcome:
    if action != "copy":
        return action, reason, None
    return action, reason, amount if side is TradeSide.BUY else size


@pytest.mark.parametrize(
    "slippage_bps",
    # 500 bps: the copies' worst prices sit above the asks they meet; the market BUY spends
    # its whole pUSD and keeps the better price as shares, at the venue as in the backtest.
    [0, pytest.param(500, id="improved")],
)
async def test_the_backtest_decides_each_fill_as_the_live_engine_did(
    db: Database, tmp_path: Path, slippage_bps: int
) -> None:
    rule = _rule(slippage_bps)
    history, identities = _history(tmp_path)
    live, lags, books = await _follow_live(db, tmp_path, history, rule)
    assert set(live) == set(lags) == set(identities)  # every fill detected and decided once
    assert [lags[i] for i in identities] == [lag for *_, lag, _ in HISTORY]

    replayed: list[Decision] = []

    def delay_of(ordinal: int, _: HistoryRow) -> int:
        return lags[identities[ordinal - 1]]

    report, _ = run_backtest(
        history,
        LEADER,
        rule,
        LIMITS,
        delay_of=delay_of,
        books=RecordedBooks(books),
        on_decision=replayed.append,
    )
    backtest: dict[str, Outcome] = {}
    for d in replayed:
        size = d.amount_micros if d.side is TradeSide.BUY else d.size_micros
        backtest[identities[d.ordinal - 1]] = (
            d.action,
            d.reason,
            size if d.action == "copy" else None,
        )
    assert report.fills == len(replayed) == len(backtest) == len(HISTORY)

    differences = {
        (index, *HISTORY[index][:4]): (live[i], backtest[i])
        for index, i in enumerate(identities)
        if live[i] != backtest[i]
    }
    assert differences == {}
    # The history exercises what it means to: copies, sales and several skip reasons.
    expected = [decided for *_, decided in HISTORY]
    assert [live[i][1] or live[i][0] for i in identities] == expected, _show(live, identities)


def _show(decided: dict[str, Any], identities: list[str]) -> list[Any]:
    return [decided[i] for i in identities]
