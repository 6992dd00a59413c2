"""Pure arithmetic over a follower's PnL history: drawdown from the running peak."""

from __future__ import annotations

from collections.abc import Iterable


def drawdown(realized_pnls: Iterable[int]) -> int:
    """How far cumulative realised PnL now stands below its highest point (≥ 0)."""
    running = peak = 0
    for pnl in realized_pnls:
        running += pnl
        peak = max(peak, running)
    return peak - running
