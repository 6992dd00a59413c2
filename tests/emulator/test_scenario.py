"""Scenario files: the documented example loads, the shipped default is ``default_state``,
every kind of bad field is named, and the accelerated clock drives time and actors."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from polycopy.emulator.clock import EmulatorClock
from polycopy.emulator.scenario import (
    ScenarioError,
    build_scenario,
    default_scenario_path,
    derived_address,
    load_scenario,
    parse_scenario,
)
from polycopy.emulator.server import (
    DEFAULT_QUESTION,
    LEADER_FUNDING,
    LIQUIDITY_FUNDING,
    EmulatorServer,
    default_state,
)
from polycopy.emulator.state import EmulatorState
from polycopy.emulator.synthetic import LiquidityProvider, SyntheticLeader
from polycopy.kit.money import MICRO
from polycopy.venues.polymarket.amounts import Side

from .conftest import Clock
from .scenario_support import eventually, write_scenario

DOCS = Path(__file__).resolve().parents[2] / "docs" / "emulator-scenarios.md"
REPLAYED = "0x1111111111111111111111111111111111111111"

MINIMAL = """
[[markets]]
key = "m"
question = "Will it rain?"

[[wallets]]
key = "w"
pusd = 100
"""


def _docs_example(tmp_path: Path) -> Path:
    """The full example of docs/emulator-scenarios.md, with the replay file it names."""
    text = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)[0]
    (tmp_path / "recorded").mkdir()
    rows = [
        {
            "proxyWallet": REPLAYED,
            "timestamp": 1_784_053_000 + 10 * i,
            "conditionId": "0x" + "ab" * 32,
            "type": "TRADE",
            "size": 10 + i,
            "usdcSize": 5,
            "transactionHash": "0x" + "cd" * 32,
            "price": 0.5,
            "asset": "12345",
            "side": "BUY",
            "outcomeIndex": 0,
            "title": "Replayed market?",
            "slug": "replayed-market",
            "icon": "",
            "eventSlug": "replayed",
            "outcome": "Yes",
            "name": "rep",
            "pseudonym": "",
            "bio": "",
            "profileImage": "",
            "profileImageOptimized": "",
        }
        for i in range(3)
    ]
    (tmp_path / "recorded" / "activity.json").write_text(json.dumps(rows))
    return write_scenario(tmp_path, text)


def test_the_documented_example_loads(tmp_path: Path) -> None:
    scenario = build_scenario(_docs_example(tmp_path))
    state = scenario.state
    assert scenario.spec.scenario.seed == 7
    assert state.time_factor == 20
    assert abs(state.now() - 1_784_052_000) < 60  # starts at the configured time
    markets = {m.question: m for m in state.markets.values()}
    btc = markets["Will BTC close above $100k on Friday?"]
    assert (btc.fee_rate_bps, btc.category, btc.tags) == (700, "Crypto", ("Crypto", "Bitcoin"))
    assert btc.end_date == "2026-07-17T20:00:00Z"
    alice = markets["Will Alice win the election?"]
    assert alice.neg_risk
    assert alice.tick_size == 1_000
    event = state.gamma_events["election-winner"]
    assert event.neg_risk
    assert event.tags == ("Politics", "Elections")
    # The book: levels as written, best last; the maker holds exactly what they lock.
    yes = alice.tokens[0][0]
    assert state.books[yes].levels(Side.BUY) == [(300_000, 500 * MICRO), (310_000, 200 * MICRO)]
    assert state.books[yes].levels(Side.SELL) == [(340_000, 1000 * MICRO), (335_000, 300 * MICRO)]
    maker = state.wallet(derived_address(7, "book-maker"))
    assert state.free_pusd(maker) == 0
    assert state.free_shares(maker, yes) == 0
    whale = state.wallet(derived_address(7, "whale"))
    assert whale.positions[btc.tokens[0][0]] == 1000 * MICRO
    assert whale.opening[btc.tokens[0][0]] == (1000 * MICRO, 410 * MICRO)
    assert whale.profile is not None
    assert whale.profile.prior_pnl == 120_000_500_000
    roles = [(type(a).__name__, a.address) for a in state.actors]
    assert roles[0] == ("LiquidityProvider", derived_address(7, "mm"))
    assert roles[1] == ("SyntheticLeader", derived_address(7, "whale"))
    assert roles[2] == ("ReplayLeader", REPLAYED)
    assert state.books[btc.tokens[0][0]].best(Side.BUY) is not None  # provider quoted at load
    assert state.faults.get("clob").latency_ms == (20, 80)
    assert state.faults.indexing_lag() == 5


def test_default_scenario_is_default_state() -> None:
    """The shipped file reproduces the demo world that ``default_state`` used to build."""
    clock = Clock()
    loaded = load_scenario(default_scenario_path(), seed=4, clock=clock)
    assert loaded.summary() == default_state(4, clock=clock).summary()
    legacy = _legacy_default_state(4, clock)
    [market] = loaded.markets.values()
    [old_market] = legacy.markets.values()
    same = ("question", "slug", "tick_size", "min_order_size", "neg_risk", "fee_rate_bps")
    assert all(getattr(market, f) == getattr(old_market, f) for f in same)
    assert (market.event_slug, market.end_date, market.gamma_id) == (
        old_market.event_slug,
        old_market.end_date,
        old_market.gamma_id,
    )
    assert [name for _, name in market.tokens] == ["Yes", "No"]
    assert {w.address: w.pusd for w in loaded.wallets.values() if not w.positions} == {
        w.address: w.pusd for w in legacy.wallets.values() if not w.positions
    }
    for new, old in zip(loaded.actors, legacy.actors, strict=True):
        assert type(new) is type(old)
        assert (new.address, new.interval) == (old.address, old.interval)
    for (token, _), (old_token, _) in zip(market.tokens, old_market.tokens, strict=True):
        for side in Side:
            assert loaded.books[token].levels(side) == legacy.books[old_token].levels(side)


def _legacy_default_state(seed: int, clock: Clock) -> EmulatorState:
    """What ``default_state`` built before scenarios existed (ids aside)."""
    from polycopy.emulator.state import Market

    state = EmulatorState(seed, clock=clock)
    market = state.add_market(
        Market(
            condition_id="0x" + "11" * 32,
            question=DEFAULT_QUESTION,
            slug="will-the-demo-market-resolve-yes",
            tokens=((1, "Yes"), (2, "No")),
            event_slug="demo-market",
            gamma_id=str(500_000 + seed % 100_000),
        )
    )
    liquidity = state.fund(derived_address(seed, "liquidity"), LIQUIDITY_FUNDING).address
    leader = state.fund(derived_address(seed, "leader"), LEADER_FUNDING).address
    provider = LiquidityProvider(state, liquidity, market, seed=seed)
    provider.step()
    state.actors += [provider, SyntheticLeader(state, leader, market, seed=seed + 1)]
    return state


def test_default_state_keeps_its_signature() -> None:
    state = default_state(2)
    assert len(state.markets) == 1
    assert state.time_factor == 1.0
    assert abs(state.now() - time.time()) < 60  # real time, as before scenarios


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[scenario]\nseeed = 1", "scenario.seeed: Extra inputs are not permitted"),
        ("nonsense = true", "nonsense: Extra inputs"),
        ("[[markets]]\nkey='m'\nquestion='q'\ntick_size=0.02", "markets[0].tick_size"),
        ("[[markets]]\nkey='m'\nquestion='q'\nfee_rate_bps=-1", "markets[0].fee_rate_bps"),
        ("[[markets]]\nkey='m'\nquestion='q'\nmin_order_size='x'", "markets[0].min_order_size"),
        ("[[markets]]\nkey='m'\nquestion='q'\nprices=[0.5]", "markets[0]: Value error, prices"),
        ("[[markets]]\nkey='m'\nquestion='q'\noutcomes=['A','A']", "outcomes must be distinct"),
        ("[[markets]]\nkey='m'\nquestion='q'\ncondition_id='0x12'", "markets[0].condition_id"),
        ("[[markets]]\nkey='m'\nquestion='q'\nend_date='soon'", "markets[0].end_date"),
        (MINIMAL + "[[markets]]\nkey='m'\nquestion='r'", "markets[1].key: duplicate"),
        ("[[wallets]]\nkey='w'\naddress='0x12'", "wallets[0].address: Value error, not an"),
        ("[[wallets]]\nkey='w'\npusd=1.0000001", "wallets[0].pusd: Value error, 1.0000001 is"),
        ("[[wallets]]\nkey='w'\npusd=-1", "wallets[0].pusd"),
        (
            MINIMAL + "[[wallets]]\nkey='v'\npositions=[{market='x',outcome='Yes',size=1}]",
            "wallets[1].positions[0].market: unknown market 'x'",
        ),
        (
            MINIMAL + "[[wallets]]\nkey='v'\npositions=[{market='m',outcome='Maybe',size=1}]",
            "wallets[1].positions[0].outcome: market 'will-it-rain' has no outcome 'Maybe'",
        ),
        (MINIMAL + "[[books]]\nmarket='x'\noutcome='Yes'", "books[0].market: unknown market"),
        (
            MINIMAL + "[[books]]\nmarket='m'\noutcome='Yes'\nbids=[[0.505, 10]]",
            "books[0].bids[0]: price 0.505 is off the tick 0.01",
        ),
        (
            MINIMAL + "[[books]]\nmarket='m'\noutcome='Yes'\nasks=[[0.5, 1]]",
            "books[0].asks[0]: size 1 is below the minimum 5",
        ),
        (
            MINIMAL + "[[books]]\nmarket='m'\noutcome='Yes'\nbids=[[0.6, 10]]\nasks=[[0.5, 10]]",
            "books[0]: the book is crossed",
        ),
        ("[[books]]\nmarket='m'\noutcome='Yes'\nbids=[[1.5, 10]]", "books[0].bids[0][0]"),
        ("[[leaders]]\nkind='psychic'", "leaders[0]: Input tag 'psychic'"),
        (
            MINIMAL + "[[leaders]]\nkind='synthetic'\nwallet='w'\nmarket='m'\nmin_size=9\n"
            "max_size=8",
            "leaders[0]: Value error, min_size must not exceed max_size",
        ),
        (
            MINIMAL + "[[leaders]]\nkind='synthetic'\nwallet='nobody'\nmarket='m'",
            "leaders[0].wallet: unknown wallet 'nobody'",
        ),
        (
            MINIMAL + "[[leaders]]\nkind='synthetic'\nwallet='w'\nmarket='m'\nbuy_share=0.705",
            "buy_share is a whole percentage",
        ),
        ("[[leaders]]\nkind='replay'\nfile='missing.json'", "leaders[0].file: "),
        ("[[leaders]]\nkind='replay'\nfile='bad.json'", "bad.json: row 0: title: Field required"),
        (
            MINIMAL + "[[liquidity]]\nwallet='w'\nmarket='m'\nmid=0.95",
            "liquidity[0].mid: mid must lie within mid_bounds",
        ),
        ("[clock]\nfactor=10", "clock: Value error, factor applies to mode = 'accelerated'"),
        ("[clock]\nmode='accelerated'\nfactor=0", "clock.factor"),
        ("[clock]\nstart=2026-01-01T00:00:00", "clock.start"),
        ("[clock]\nstart='recorded'", "clock.start: 'recorded' needs a replayed leader"),
        ("[faults.clob]\nerror_rate=1.5", "faults.clob.error_rate"),
        ("[faults.data]\ndrop_order_rate=0.1", "faults.data: Value error, drop_order_rate"),
        ("[faults.gamma]\nindexing_lag_s=3", "faults.gamma: Value error, indexing_lag_s"),
        ("[faults.clob]\nlatency_ms=[5, 1]", "faults.clob.latency_ms"),
        ("[faults.oracle]\nerror_rate=1", "faults.oracle: Extra inputs"),
        ("[recorded]\nbooks=['missing.json']", "recorded.books[0]: "),
        ("[[markets]\nkey='m'", "not valid TOML"),
    ],
)
def test_bad_fields_are_named(tmp_path: Path, text: str, named: str) -> None:
    (tmp_path / "bad.json").write_text(json.dumps([{"proxyWallet": REPLAYED, "type": "TRADE"}]))
    path = write_scenario(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert named in message, message


def test_a_failed_load_builds_nothing(tmp_path: Path) -> None:
    """A late failure (a crossed book after markets and wallets exist) returns no state and
    leaves the shipped default untouched."""
    before = default_state(1, clock=Clock()).summary()
    crossed = MINIMAL + "[[books]]\nmarket='m'\noutcome='Yes'\nbids=[[0.6, 10]]\nasks=[[0.5, 10]]"
    with pytest.raises(ScenarioError):
        load_scenario(write_scenario(tmp_path, crossed))
    assert default_state(1, clock=Clock()).summary() == before


def test_missing_scenario_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "nope.toml")


def test_ids_derive_from_the_seed(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, MINIMAL)
    first, again, other = load_scenario(path), load_scenario(path), load_scenario(path, seed=9)
    assert list(first.markets) == list(again.markets) != list(other.markets)
    assert set(first.wallets) == set(again.wallets) != set(other.wallets)


def test_money_is_parsed_exactly() -> None:
    spec = parse_scenario("[[wallets]]\nkey='w'\npusd=0.1\npnl=-12.345678")
    assert spec.wallets[0].pusd == 100_000
    assert spec.wallets[0].pnl == -12_345_678


def test_accelerated_clock_runs_factor_times_faster() -> None:
    wall = [1000.0]
    clock = EmulatorClock(factor=60, start=1_800_000_000.0, monotonic=lambda: wall[0])
    assert clock() == 1_800_000_000.0
    wall[0] += 2.5
    assert clock() == 1_800_000_150.0
    assert clock.wall_seconds(60) == 1.0
    with pytest.raises(ValueError, match="positive"):
        EmulatorClock(factor=0)


def test_state_stamps_with_the_scenario_clock(tmp_path: Path) -> None:
    text = MINIMAL + "[clock]\nmode='accelerated'\nfactor=3600\nstart=2026-07-14T18:00:00Z\n"
    state = load_scenario(write_scenario(tmp_path, text))
    assert state.time_factor == 3600
    market = next(iter(state.markets.values()))
    wallet = next(iter(state.wallets))
    state.split(wallet, market.condition_id, 10 * MICRO)
    stamped = state.activity[-1].timestamp
    assert 1_784_052_000 <= stamped < 1_784_052_000 + 3600  # emulator time, not the host's


async def test_accelerated_actors_step_faster(tmp_path: Path) -> None:
    """A 3-second leader interval at factor 60 trades every 50 ms of wall time."""
    text = MINIMAL + (
        "[clock]\nmode='accelerated'\nfactor=60\n"
        "[[wallets]]\nkey='mm'\npusd=100000\n"
        "[[liquidity]]\nwallet='mm'\nmarket='m'\n"
        "[[leaders]]\nkind='synthetic'\nwallet='w'\nmarket='m'\ninterval=3\nbuy_share=1\n"
    )
    state = load_scenario(write_scenario(tmp_path, text))
    leader = state.addresses("leader")[0]
    async with EmulatorServer(state, mine_blocks=False):
        await eventually(lambda: len(state.wallet_activity(leader)) >= 5)
    stamps = [r.timestamp for r in state.wallet_activity(leader)]
    assert stamps[-1] - stamps[0] >= 3  # several emulated intervals passed
