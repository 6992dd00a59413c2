"""Plain-language explanations of decisions, for the UI and notifications."""

from __future__ import annotations

from collections.abc import Mapping

from polycopy.copying.types import SkipReason
from polycopy.kit.money import MICRO, micros_str


def _usd(details: Mapping[str, int | str], key: str) -> str:
    value = details.get(key)
    return f"${micros_str(value)}" if isinstance(value, int) else "?"


def _price(details: Mapping[str, int | str], key: str) -> str:
    value = details.get(key)
    return micros_str(value) if isinstance(value, int) else "?"


_TEMPLATES: dict[SkipReason, str] = {
    SkipReason.GLOBAL_KILL_SWITCH: "Copying is stopped for everyone by the global kill switch.",
    SkipReason.ACCOUNT_HALTED: "Copying is stopped for this account (kill switch or paused).",
    SkipReason.RULE_PAUSED: "This copy rule is paused.",
    SkipReason.REDUCING_ONLY: (
        "Only exits are copied right now (a loss or drawdown stop fired earlier), "
        "so this buy was not copied."
    ),
    SkipReason.SIDE_FILTERED: "The rule copies only {sides} trades.",
    SkipReason.NOT_A_TRADE: "The leader's {event_type} is recorded but is not a trade to copy.",
    SkipReason.UNKNOWN_MARKET: "The market of this trade could not be found.",
    SkipReason.MARKET_CLOSED: "The market is closed.",
    SkipReason.STALE: "The leader's buy is {age_seconds} s old: too old to copy safely.",
    SkipReason.LEADER_TRADE_TOO_SMALL: (
        "The leader traded {leader_usd}, below your minimum of {min_leader_usd}."
    ),
    SkipReason.PRICE_OUT_OF_BAND: (
        "The price {price} is outside your band of {price_min} to {price_max}."
    ),
    SkipReason.TOO_CLOSE_TO_END: "The market ends in {seconds_to_end} s, sooner than you allow.",
    SkipReason.TOO_FAR_FROM_END: "The market ends later than you allow (or its end is unknown).",
    SkipReason.TAG_FILTERED: "The market's tags ({tags}) are excluded by your tag filters.",
    SkipReason.KEYWORD_FILTERED: "The market's question is excluded by your keyword filters.",
    SkipReason.NO_LEADER_VALUE: (
        "Proportional sizing needs the leader's portfolio value, which is not available."
    ),
    SkipReason.DISPROPORTIONATE: (
        "The copy would be {amount}, more than {ceiling}: a proportional copy may be at most "
        "twice its share of your budget, so it was refused."
    ),
    SkipReason.BELOW_MINIMUM: "The copy would be {amount}, below the minimum of {minimum}.",
    SkipReason.SLIPPAGE: (
        "The book moved past your slippage limit: the best price is worse than {limit}."
    ),
    SkipReason.SPREAD_TOO_WIDE: "The spread ({spread}) is wider than you allow.",
    SkipReason.MARKET_TOO_RISKY: (
        "The market's risk score is {market_risk} of 100, above the {max_market_risk} you "
        "allow (docs/market-risk.md)."
    ),
    SkipReason.NO_CONSENSUS: (
        "Only {agreed_count} of the {min_leaders} leaders needed bought this outcome within "
        "the window ({agreed}); missing: {missing}."
    ),
    SkipReason.BOOK_TOO_THIN: "Not enough liquidity within your price limit ({depth} available).",
    SkipReason.MAX_TRADE: "Your per-trade maximum leaves no room for this trade.",
    SkipReason.MARKET_EXPOSURE: "Your exposure limit for this market is used up.",
    SkipReason.EVENT_EXPOSURE: "Your exposure limit for this event is used up.",
    SkipReason.LEADER_BUDGET: "The budget for this leader is used up{leader_exposure}.",
    SkipReason.TOTAL_EXPOSURE: "Your total exposure limit is used up.",
    SkipReason.MAX_OPEN_POSITIONS: "You already hold the maximum number of open positions.",
    SkipReason.DAILY_SPEND: "Today's spending limit is used up.",
    SkipReason.PLAN_LIMIT: (
        "Your billing plan's copied amount for this month is used up; upgrade the plan "
        "to copy more before the month ends."
    ),
    SkipReason.DAILY_LOSS_STOP: (
        "The daily loss stop ({stop_scope}) fired: only exits are copied until tomorrow."
    ),
    SkipReason.DRAWDOWN_STOP: (
        "The drawdown stop ({stop_scope}) fired: only exits are copied until you resume."
    ),
    SkipReason.NO_POSITION: (
        "The leader sold, but you hold no shares bought for this leader in this outcome."
    ),
    SkipReason.LEADER_REDEEMED: (
        "The leader redeemed resolved shares. polycopy redeems yours itself as soon as the "
        "market resolves ({redemption}), so there is nothing to copy."
    ),
    SkipReason.MERGE_MIRRORED: (
        "The leader merged {shares} sets of outcome shares back into pUSD; your matching "
        "shares for this leader are merged too ({merge_shares} sets)."
    ),
    SkipReason.NOTHING_TO_MERGE: (
        "The leader merged outcome shares back into pUSD, but you hold no complete set of "
        "outcomes bought for this leader."
    ),
    SkipReason.SPLIT_NOT_COPIED: (
        "The leader split pUSD into shares of every outcome; this split cannot be mirrored "
        "({why}), so a later sale of those shares has nothing of yours to sell."
    ),
    SkipReason.SPLIT_MIRRORED: (
        "The leader split {leader_usd} into shares of every outcome; you split {amount} too "
        "(one share of each outcome per pUSD), sized and limited like a buy."
    ),
}


# A sell is sized in shares (the leader's share of its position sold), not in pUSD.
_SELL_BELOW_MINIMUM = (
    "The copy would sell {sell_shares} shares{sold_share}, worth about {sell_value} at "
    "{limit}: below Polymarket's minimum order of {minimum}, so it was not sent."
)


def _is_sell(details: Mapping[str, int | str]) -> bool:
    return (
        "amount_micros" not in details
        and "allocation_micros" not in details
        and isinstance(details.get("size_micros"), int)
    )


def _sell_value(details: Mapping[str, int | str]) -> str:
    size, limit = details.get("size_micros"), details.get("limit_price_micros")
    if not isinstance(size, int) or not isinstance(limit, int):
        return "?"
    return f"${micros_str(size * limit // MICRO)}"


def _sold_share(details: Mapping[str, int | str]) -> str:
    bps = details.get("leader_sold_bps")
    if not isinstance(bps, int):
        return ""
    percent = micros_str(bps * MICRO // 100)
    return f" (the leader sold {percent} % of its position, so you sell that share of yours)"


def _shares(details: Mapping[str, int | str], key: str) -> str:
    value = details.get(key)
    return micros_str(value) if isinstance(value, int) else "?"


def _redemption(details: Mapping[str, int | str]) -> str:
    if "payout_micros" in details:
        return f"done: paid {_usd(details, 'payout_micros')}"
    return "not yet: the market has not resolved for polycopy, or you hold nothing in it"


_SOURCES = {
    "positions_and_cash": "positions and cash",
    "positions_only": "positions only: no Polygon RPC is configured to read its cash",
}


def _proportion(details: Mapping[str, int | str]) -> str:
    """How proportional sizing came to its amount, when it did (else nothing)."""
    if "budget_ratio" not in details:
        return ""
    source = _SOURCES.get(str(details.get("leader_value_source", "")), "source unknown")
    return (
        f" Proportional sizing: your budget {_usd(details, 'budget_micros')} ÷ the leader's "
        f"value {_usd(details, 'leader_value_micros')} ({source}) = ×{details['budget_ratio']} "
        f"of the leader's {_usd(details, 'leader_usdc_micros')} = "
        f"{_usd(details, 'proportional_micros')}."
    )


def _conviction(details: Mapping[str, int | str]) -> str:
    """How conviction sizing scaled the amount, when it did (else nothing)."""
    if "conviction_ratio" not in details:
        return ""
    median = details.get("conviction_median_micros")
    why = (
        f"the leader's {_usd(details, 'leader_usdc_micros')} ÷ its median trade "
        f"{_usd(details, 'conviction_median_micros')}"
        if isinstance(median, int)
        else "no earlier trade of the leader to compare with"
    )
    return (
        f" Conviction sizing: ×{details['conviction_ratio']} ({why}) of "
        f"{_usd(details, 'conviction_base_micros')}, within your clamp = "
        f"{_usd(details, 'conviction_micros')}."
    )


def _wallets(details: Mapping[str, int | str], key: str) -> list[str]:
    return [w for w in str(details.get(key, "")).split(",") if w]


def _consensus(details: Mapping[str, int | str], reason: SkipReason | str | None) -> str:
    """Who agreed on a copy of a consensus rule (a skip says it in its sentence)."""
    if reason is not None or "consensus_agreed" not in details:
        return ""
    agreed = _wallets(details, "consensus_agreed")
    return (
        f" Consensus: {len(agreed)} leaders agreed ({', '.join(agreed)}), "
        f"{details.get('consensus_min_leaders', '?')} needed."
    )


def explain(reason: SkipReason | str | None, details: Mapping[str, int | str]) -> str:
    """One sentence a follower understands, with the numbers that mattered (and for a
    proportional or conviction rule, how its amount came about)."""
    return (
        _sentence(reason, details)
        + _proportion(details)
        + _conviction(details)
        + _consensus(details, reason)
    )


def _sentence(reason: SkipReason | str | None, details: Mapping[str, int | str]) -> str:
    if reason is None:
        amount = details.get("amount_micros")
        size = details.get("size_micros")
        if isinstance(amount, int):
            text = f"Copied: buy for {_usd(details, 'amount_micros')}"
        elif isinstance(size, int):
            text = f"Copied: sell {micros_str(size)} shares"
        else:
            text = "Copied"
        return f"{text} at a price no worse than {_price(details, 'limit_price_micros')}."
    template = _TEMPLATES[SkipReason(reason)]
    if reason == SkipReason.BELOW_MINIMUM and _is_sell(details):
        template = _SELL_BELOW_MINIMUM
    values = {
        "sides": str(details.get("sides", "")).replace("_only", ""),
        "event_type": str(details.get("event_type", "activity")),
        "age_seconds": str(details.get("age_seconds", "?")),
        "leader_usd": _usd(details, "leader_usdc_micros"),
        "min_leader_usd": _usd(details, "min_leader_trade_micros"),
        "price": _price(details, "reference_price_micros"),
        "price_min": _price(details, "price_min_micros"),
        "price_max": _price(details, "price_max_micros"),
        "seconds_to_end": str(details.get("seconds_to_end", "?")),
        "tags": str(details.get("tags", "")),
        "amount": _usd(details, "amount_micros")
        if "amount_micros" in details
        else _usd(details, "allocation_micros"),
        "minimum": _usd(details, "minimum_micros"),
        "ceiling": _usd(details, "proportional_ceiling_micros"),
        "leader_exposure": f" ({_usd(details, 'leader_exposure_micros')} held or on order)"
        if "leader_exposure_micros" in details
        else "",
        "limit": _price(details, "limit_price_micros"),
        "spread": _price(details, "spread_micros"),
        "market_risk": str(details.get("market_risk", "?")),
        "max_market_risk": str(details.get("max_market_risk", "?")),
        "depth": _usd(details, "depth_micros"),
        "agreed_count": str(len(_wallets(details, "consensus_agreed"))),
        "min_leaders": str(details.get("consensus_min_leaders", "?")),
        "agreed": ", ".join(_wallets(details, "consensus_agreed")) or "none",
        "missing": ", ".join(_wallets(details, "consensus_missing")) or "none",
        "stop_scope": str(details.get("stop_scope", "")),
        "redemption": _redemption(details),
        "shares": _shares(details, "leader_shares_micros"),
        "merge_shares": _shares(details, "merge_shares_micros"),
        "why": str(details.get("why", "not a two-outcome market")),
        "sell_shares": _shares(details, "size_micros"),
        "sold_share": _sold_share(details),
        "sell_value": _sell_value(details),
    }
    return template.format(**values)
