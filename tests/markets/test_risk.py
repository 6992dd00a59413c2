"""The market risk score: within 0..100, the weighted mean of the known parts, and monotone
in each part the way a trader expects (less liquidity, a wider spread ... never less risk)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from polycopy.kit.money import MICRO
from polycopy.markets.risk import (
    MAX_SCORE,
    WEIGHTS,
    RiskFacts,
    RiskPartKey,
    facts_json,
    interpolate,
    market_risk,
    stored_facts,
)

MICROS = st.integers(min_value=0, max_value=10**13)
SECONDS = st.integers(min_value=-(10**8), max_value=10**9)
PRICE = st.integers(min_value=0, max_value=1_000_000)
STATUS = st.sampled_from([None, "", "proposed", "disputed", "challenged", "resolved"])

facts = st.builds(
    RiskFacts,
    liquidity_micros=st.none() | MICROS,
    spread_micros=st.none() | PRICE,
    volume_micros=st.none() | MICROS,
    seconds_to_end=st.none() | SECONDS,
    volatility_micros=st.none() | PRICE,
    neg_risk=st.none() | st.booleans(),
    resolution_status=STATUS,
    resolution_known=st.booleans(),
)


@given(facts)
def test_score_and_parts_stay_within_bounds(f: RiskFacts) -> None:
    risk = market_risk(f)
    assert sum(WEIGHTS.values()) == 100
    assert [p.key for p in risk.parts] == list(RiskPartKey)
    known = [p for p in risk.parts if p.points is not None]
    for part in known:
        assert 0 <= part.points <= 100  # type: ignore[operator]
    if not known:
        assert risk.score is None
    else:
        assert risk.score is not None
        assert 0 <= risk.score <= MAX_SCORE
        lowest = min(p.points for p in known)  # type: ignore[type-var]
        highest = max(p.points for p in known)  # type: ignore[type-var]
        assert lowest <= risk.score <= highest  # a mean of the known parts


# (field, strategy, True: more of it is riskier)
MONOTONE = [
    ("liquidity_micros", MICROS, False),
    ("volume_micros", MICROS, False),
    ("seconds_to_end", SECONDS, False),
    ("spread_micros", PRICE, True),
    ("volatility_micros", PRICE, True),
]


@given(facts, st.sampled_from(MONOTONE), st.data())
def test_score_is_monotone_in_each_part(f: RiskFacts, which: tuple, data: st.DataObject) -> None:
    name, values, riskier_when_more = which
    low, high = sorted((data.draw(values), data.draw(values)))
    at_low = market_risk(dataclasses.replace(f, **{name: low})).score
    at_high = market_risk(dataclasses.replace(f, **{name: high})).score
    assert at_low is not None
    assert at_high is not None
    assert (at_low <= at_high) if riskier_when_more else (at_low >= at_high)


@given(facts)
def test_neg_risk_and_a_dispute_never_lower_the_score(f: RiskFacts) -> None:
    plain = market_risk(dataclasses.replace(f, neg_risk=False)).score
    grouped = market_risk(dataclasses.replace(f, neg_risk=True)).score
    assert plain is not None
    assert grouped is not None
    assert grouped >= plain
    calm = dataclasses.replace(f, resolution_known=True, resolution_status=None)
    disputed = dataclasses.replace(calm, resolution_status="disputed")
    assert market_risk(disputed).score >= market_risk(calm).score  # type: ignore[operator]


def test_breakpoints_and_an_example() -> None:
    assert interpolate(0, ((10, 100), (20, 0))) == 100
    assert interpolate(15, ((10, 100), (20, 0))) == 50
    assert interpolate(99, ((10, 100), (20, 0))) == 0
    risk = market_risk(
        RiskFacts(
            liquidity_micros=1_000_000_000,  # $1,000: 60
            spread_micros=20_000,  # 2¢: 20
            volume_micros=None,  # unknown: left out
            seconds_to_end=86_400,  # a day: 60
            volatility_micros=0,  # 0
            neg_risk=True,  # 100
            resolution_known=True,
            resolution_status="disputed",  # 100
        )
    )
    # (25·60 + 20·20 + 15·60 + 15·0 + 5·100 + 5·100) / 85 = 3800 / 85 = 44.7 → 45
    assert risk.score == 45
    assert next(p for p in risk.parts if p.key is RiskPartKey.VOLUME).points is None
    assert market_risk(RiskFacts()).score is None


def test_stored_figures_read_back_with_gammas_end_date() -> None:
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    stored = facts_json(
        liquidity_micros=5 * MICRO,
        volume_micros=None,
        spread_micros=30_000,
        volatility_micros=None,
        resolution_status="proposed",
        end_date="2026-12-02T00:00:00Z",
        read_at=now,
    )
    facts = stored_facts(stored, neg_risk=False, now=now)
    assert facts.seconds_to_end == 86_400
    assert (facts.liquidity_micros, facts.volume_micros, facts.spread_micros) == (
        5 * MICRO,
        None,
        30_000,
    )
    assert (facts.resolution_known, facts.resolution_status) == (True, "proposed")
    # The market's own end date wins; nothing stored: only neg-risk is known.
    mine = now + dt.timedelta(hours=1)
    assert stored_facts(stored, neg_risk=False, now=now, end_date=mine).seconds_to_end == 3_600
    bare = stored_facts(None, neg_risk=True, now=now)
    assert [p.key for p in market_risk(bare).parts if p.points is not None] == [
        RiskPartKey.NEG_RISK
    ]
