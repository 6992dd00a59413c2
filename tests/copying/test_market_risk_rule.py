"""A rule's ``max_market_risk``: a buy in a market scored above it is skipped with its own
reason and numbers; a market without risk figures (a backtest's) passes, and says so."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from polycopy.copying.evaluate import MarketView
from polycopy.copying.reasons import explain
from polycopy.copying.types import SkipReason
from polycopy.kit.money import MICRO
from polycopy.markets.risk import RiskFacts, market_risk
from tests.copying.test_evaluate import _base, _run

# Thin, little traded, disputed, one of a neg-risk event: a score near 80.
RISKY = RiskFacts(
    liquidity_micros=400 * MICRO,
    volume_micros=300 * MICRO,
    neg_risk=True,
    resolution_known=True,
    resolution_status="disputed",
)


def _with(risk: RiskFacts | None, **rule: object) -> tuple:  # type: ignore[type-arg]
    scenario = _base(**rule)
    market: MarketView = scenario[4]
    return (*scenario[:4], replace(market, risk=risk), *scenario[5:])


def test_a_risky_market_is_skipped_with_its_score_and_your_maximum() -> None:
    verdict = _run(_with(RISKY, max_market_risk=50))
    assert verdict.reason is SkipReason.MARKET_TOO_RISKY
    score = verdict.details["market_risk"]
    assert isinstance(score, int)
    assert score > 50
    assert verdict.details["max_market_risk"] == 50
    assert f"risk score is {score} of 100, above the 50 you allow" in explain(
        verdict.reason, verdict.details
    )
    copied = _run(_with(RISKY, max_market_risk=100))
    assert copied.reason is None
    assert copied.details["market_risk"] == score


def test_without_risk_figures_the_check_passes_and_says_so() -> None:
    verdict = _run(_with(None, max_market_risk=0))
    assert verdict.reason is None
    assert verdict.intent is not None
    assert verdict.details["market_risk"] == "unknown"
    # No maximum set: nothing is checked, nothing added.
    assert "market_risk" not in _run(_with(RISKY)).details


@given(
    st.integers(min_value=0, max_value=10**12),
    st.integers(min_value=0, max_value=10**12),
    st.booleans(),
    st.integers(min_value=0, max_value=100),
)
def test_skipped_exactly_when_the_score_is_above_the_maximum(
    liquidity: int, volume: int, neg_risk: bool, maximum: int
) -> None:
    facts = RiskFacts(liquidity_micros=liquidity, volume_micros=volume, neg_risk=neg_risk)
    verdict = _run(_with(facts, max_market_risk=maximum))
    # The book of ``_base``: bid 0.49, ask 0.51 (a 2¢ spread); no end date.
    score = market_risk(replace(facts, spread_micros=20_000)).score
    assert score is not None
    assert (verdict.reason is SkipReason.MARKET_TOO_RISKY) is (score > maximum)
