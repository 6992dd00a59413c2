"""The web form's limit-price table (web/src/rules.test.ts) was worked out by the server's
``rule_worst_price``; this keeps it so: a change of the server's rounding fails here, not
silently as a form that promises other prices than the engine uses."""

from __future__ import annotations

import re
from pathlib import Path

from polycopy.copying.settings import RuleSettings
from polycopy.copying.sizing import rule_worst_price
from polycopy.signals.types import TradeSide

TABLE = Path(__file__).resolve().parents[2] / "web" / "src" / "rules.test.ts"
ROW = re.compile(r'^\s*\[(\d+), (\d+), "(bps|cents)", (\d+), (\d+), (\d+)\],$', re.MULTILINE)


def test_the_web_tables_limits_are_the_servers() -> None:
    text = TABLE.read_text(encoding="utf-8")
    block = text.split("const SERVER_LIMITS", 1)[1].split("];", 1)[0]
    rows = ROW.findall(block)
    assert len(rows) >= 60, "the table is where the web test expects it"
    for price, tick, unit, value, buy, sell in rows:
        rule = RuleSettings.model_validate(
            {
                "allocation": "fixed",
                "fixed_amount_micros": 5_000_000,
                f"max_slippage_{unit}": int(value),
            }
        )
        limits = tuple(
            rule_worst_price(side, int(price), rule, int(tick))
            for side in (TradeSide.BUY, TradeSide.SELL)
        )
        assert limits == (int(buy), int(sell)), (price, tick, unit, value)
