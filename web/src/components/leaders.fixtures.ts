// Test data for the leader-evaluation components, shaped as the API sends it, and a fetch
// mock that answers by path.
import { fetchMock, json } from "../test-fetch";
import type { BacktestJob, BacktestResult, LeaderBackfill, LeaderStatistics, RankedLeader, Stat } from "../api/leaders";

const stat = (value: number | string | null, sample_size: number, low: number | string | null = null, high: number | string | null = null): Stat => ({
  value,
  sample_size,
  low,
  high,
});

export function statistics(change: Partial<LeaderStatistics> = {}): LeaderStatistics {
  const hours = Array.from({ length: 24 }, (_, h) => (h === 14 ? 9 : h % 3));
  return {
    leader_id: 1,
    period: "all",
    computed_at: "2026-03-04T10:00:00Z",
    realized_pnl_micros: stat(1_234_500_000, 34, -50_000_000, 2_600_000_000),
    unrealized_pnl_micros: stat(12_000_000, 3),
    capital_deployed_micros: stat(9_000_000_000, 80),
    roi: stat("0.1385", 80),
    win_rate: stat("0.5800", 34, "0.4100", "0.7100"),
    profit_factor: stat("1.8000", 34, "1.1000", "2.9000"),
    max_drawdown_micros: stat(300_000_000, 120),
    trades: stat(120, 120),
    markets: stat(27, 120),
    trade_size_p10_micros: stat(5_000_000, 120),
    trade_size_p50_micros: stat(40_000_000, 120),
    trade_size_p90_micros: stat(250_000_000, 120),
    holding_seconds_p50: stat(12_600, 34),
    holding_seconds_mean: stat(20_000, 34, 9_000, 40_000),
    maker_share: stat(null, 0),
    late_buy_share: stat("0.0420", 48),
    top_market_share: stat("0.2100", 27),
    unmatched_sells: stat(2, 40),
    unmatched_sell_micros: stat(30_000_000, 40),
    activity_by_hour: hours,
    tags: { politics: 70, sports: 30 },
    top_markets: [{ condition_id: "0x" + "c1".repeat(32), volume_micros: 1_900_000_000 }],
    ...change,
  };
}

export function backfill(change: Partial<LeaderBackfill> = {}): LeaderBackfill {
  return {
    status: "done",
    rows: 4_210,
    fills_created: 3_900,
    last_timestamp: 1_772_000_000,
    attempts: 1,
    error: null,
    done: true,
    requested_at: "2026-03-04T09:00:00Z",
    started_at: "2026-03-04T09:00:01Z",
    finished_at: "2026-03-04T09:01:00Z",
    ...change,
  };
}

export function ranked(id: number, change: Partial<RankedLeader> = {}): RankedLeader {
  return {
    rank: id,
    leader: { id, wallet: "0x" + String(id).repeat(40).slice(0, 40), name: `Trader ${id}`, pseudonym: null, created_at: "2026-01-01T00:00:00Z" } as RankedLeader["leader"],
    statistics: statistics({ leader_id: id }),
    copyability: {
      score: "72.5",
      copy_rate: "0.6400",
      follower_roi: "0.0910",
      slippage_share: "0.1200",
      sample_size: 120,
      rule: "your default rule: $5 per trade, max slippage 2 %",
      history: "120 stored fills from 2026-01-02 to 2026-03-04 (backfilled)",
      explanation: [
        { part: "copy rate", value: "64 % of 120 trades copied", points: "25.6", weight: "40", source: "backtest at your default rule" },
        { part: "follower ROI", value: "9.1 %", points: "46.9", weight: "60", source: "backtest at your default rule" },
      ],
    },
    last_trade_at: "2026-03-04T08:00:00Z",
    ...change,
  };
}

export function result(change: Partial<BacktestResult> = {}): BacktestResult {
  return {
    fills: 54,
    copies: 13,
    skips: 41,
    skips_by_reason: { slippage: 30, below_minimum: 11 },
    events: {},
    redemptions: 1,
    proportional: null,
    capital_needed_micros: 65_000_000,
    spent_micros: 65_000_000,
    proceeds_micros: 40_000_000,
    payouts_micros: 30_000_000,
    fees_micros: 120_000,
    slippage_cost_micros: 1_300_000,
    tracking_error_bps: 200,
    copied_notional_at_leader_prices_micros: 65_000_000,
    realized_pnl_micros: 4_100_000,
    unrealized_pnl_micros: -300_000,
    pnl_micros: 3_800_000,
    lots_pnl_micros: 3_800_000,
    lots: 13,
    open_lots: 2,
    leader_pnl_micros: 910_000_000,
    from: "2026-01-02T00:00:00Z",
    to: "2026-03-04T00:00:00Z",
    equity: [
      { at: "2026-01-02T00:00:00Z", follower_micros: 0, leader_micros: 0 },
      { at: "2026-02-01T00:00:00Z", follower_micros: 1_000_000, leader_micros: 300_000_000 },
      { at: "2026-03-04T00:00:00Z", follower_micros: 3_800_000, leader_micros: 910_000_000 },
    ],
    history_source: "54 stored fills from 2026-01-02 to 2026-03-04 (backfilled)",
    ...change,
  };
}

export function job(change: Partial<BacktestJob> = {}): BacktestJob {
  return {
    id: 9,
    leader_id: 1,
    status: "done",
    progress: { done: 54, total: 54 },
    error: null,
    requested_at: "2026-03-04T10:00:00Z",
    started_at: "2026-03-04T10:00:01Z",
    finished_at: "2026-03-04T10:00:02Z",
    request: { leader_id: 1, settings: { allocation: "fixed" }, account_id: null, delay_seconds: 0, since: null, until: null },
    result: result(),
    ...change,
  };
}

type Answer = unknown | ((request: Request) => unknown);

/** Answers each request by "METHOD /path" (or "/path" for GET); unknown paths are a 404. */
export function routes(table: Record<string, Answer>) {
  fetchMock.mockImplementation(async (input) => {
    const request = input as Request;
    const url = new URL(request.url);
    const key = request.method === "GET" ? url.pathname : `${request.method} ${url.pathname}`;
    if (!(key in table)) return json({ error: { code: "not_found", message: `${key} not found` } }, 404);
    const answer = table[key];
    const body = typeof answer === "function" ? await (answer as (r: Request) => unknown)(request) : answer;
    return body instanceof Response ? body : json(body);
  });
}
