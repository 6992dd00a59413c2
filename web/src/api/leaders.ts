// Leader evaluation (issue 17): statistics, history backfill, ranking, comparison,
// walk-forward check and copyability backtests, as TanStack Query hooks.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, ok, type Schemas } from "./client";
import type { RuleSettings } from "../rules";

export type StatisticsPeriod = Schemas["StatisticsPeriod"];
export type LeaderStatistics = Schemas["LeaderStatisticsOut"];
export type Stat = Schemas["StatOut"];
export type LeaderBackfill = Schemas["LeaderBackfillOut"];
/** The statistics that are a `Stat` (value, sample, interval). */
export type StatKey = { [K in keyof LeaderStatistics]-?: LeaderStatistics[K] extends Stat ? K : never }[keyof LeaderStatistics];

// The shapes of docs/api contract for the endpoints other helpers are landing (kept here until
// they are in the generated schema).
export interface CopyabilityPart {
  part: string;
  value: string;
  weight: string;
  source: string;
}
export interface Copyability {
  score: string;
  copy_rate: string;
  follower_roi: string | null;
  slippage_share: string | null;
  sample_size: number;
  rule: string;
  explanation: CopyabilityPart[];
}
export interface RankedLeader {
  rank: number;
  leader: Schemas["LeaderOut"];
  statistics: LeaderStatistics | null;
  copyability: Copyability | null;
  last_trade_at: string | null;
}
export interface Ranking {
  period: StatisticsPeriod;
  rows: RankedLeader[];
  excluded: number;
}
export type RankingSort = "copyability" | "roi" | "realized_pnl" | "win_rate" | "profit_factor" | "max_drawdown" | "trades";
export interface RankingQuery {
  period?: StatisticsPeriod;
  sort?: RankingSort;
  tag?: string;
  min_trades?: number;
  max_drawdown_micros?: number;
  active_within_days?: number;
  min_trade_micros?: number;
  max_trade_micros?: number;
}
export interface WalkForwardRow {
  leader_id: number;
  wallet: string;
  past_rank: number;
  past_value: string;
  next_rank: number;
  next_value: string;
}
export interface WalkForward {
  leaders: number;
  rank_correlation: string | null;
  baseline_mean: string;
  baseline_p95: string;
  p_value: string | null;
  verdict: string;
  rows: WalkForwardRow[];
}
export interface BacktestRequest {
  leader_id: number;
  settings: RuleSettings;
  account_id: number | null;
  delay_seconds: number;
  since: string | null;
  until: string | null;
}
export interface EquityPoint {
  at: string;
  follower_micros: number;
  leader_micros: number;
}
export interface BacktestResult {
  fills: number;
  copies: number;
  skips: number;
  skips_by_reason: Record<string, number>;
  capital_needed_micros: number;
  spent_micros: number;
  proceeds_micros: number;
  payouts_micros: number;
  fees_micros: number;
  slippage_cost_micros: number;
  tracking_error_bps: number | null;
  copied_notional_at_leader_prices_micros: number;
  realized_pnl_micros: number;
  unrealized_pnl_micros: number;
  pnl_micros: number;
  lots_pnl_micros: number;
  lots: number;
  open_lots: number;
  leader_pnl_micros: number;
  from: string | null;
  to: string | null;
  equity: EquityPoint[];
  proportional?: Record<string, number | string> | null;
  history_source: string;
}
export interface BacktestJob {
  id: number;
  leader_id: number;
  status: "queued" | "running" | "done" | "failed";
  progress: { done: number; total: number | null };
  error: string | null;
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  request: BacktestRequest;
  result: BacktestResult | null;
}

type Loose = {
  GET(path: string, init?: { params?: { query?: object; path?: object } }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  POST(path: string, init?: { body?: unknown }): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};
/** The client for paths the generated schema does not list yet. */
const loose = api as unknown as Loose;

/** Polls every `ms` while `busy` says the job is still working. */
const POLL_MS = 1_000;

export function useLeaderStatistics(leaderId: number, period: StatisticsPeriod) {
  return useQuery({
    queryKey: ["leader-statistics", leaderId, period],
    queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}/statistics", { params: { path: { leader_id: leaderId }, query: { period } } })),
  });
}

/** The history read's progress, or `null` when none was ever asked for; polls while it runs. */
export function useLeaderBackfill(leaderId: number) {
  return useQuery({
    queryKey: ["leader-backfill", leaderId],
    queryFn: async (): Promise<LeaderBackfill | null> => {
      try {
        return await ok(api.GET("/api/v1/leaders/{leader_id}/backfill", { params: { path: { leader_id: leaderId } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && error.message.includes("backfill")) return null;
        throw error;
      }
    },
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "pending" || status === "running" ? POLL_MS : false;
    },
  });
}

export function useStartBackfill(leaderId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => ok(api.POST("/api/v1/leaders/{leader_id}/backfill", { params: { path: { leader_id: leaderId } } })),
    onSuccess: (job) => client.setQueryData(["leader-backfill", leaderId], job),
  });
}

/** Drops the filters left empty, so the server applies its defaults. */
function defined(query: object): Record<string, string | number> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== "" && !Number.isNaN(v)));
}

export function useRanking(query: RankingQuery) {
  const params = defined(query);
  return useQuery({
    queryKey: ["leader-ranking", params],
    queryFn: async () => (await ok(loose.GET("/api/v1/leaders/ranking", { params: { query: params } }))) as Ranking,
    placeholderData: (previous) => previous,
  });
}

export function useLeaderCompare(ids: number[]) {
  return useQuery({
    queryKey: ["leader-compare", ids],
    queryFn: async () => (await ok(loose.GET("/api/v1/leaders/compare", { params: { query: { ids: ids.join(",") } } }))) as { leaders: RankedLeader[] },
    enabled: ids.length > 0,
  });
}

export function useWalkForward(query: { split_days: number; sort: "roi" | "copyability" }) {
  return useQuery({
    queryKey: ["leader-walk-forward", query],
    queryFn: async () => (await ok(loose.GET("/api/v1/leaders/walk-forward", { params: { query } }))) as WalkForward,
    staleTime: 60_000,
  });
}

const working = (job: BacktestJob | null | undefined) => job?.status === "queued" || job?.status === "running";

/** The user's latest backtest of this leader, if any (so a reload shows the last result). */
export function useLatestBacktest(leaderId: number) {
  return useQuery({
    queryKey: ["backtests", "latest", leaderId],
    queryFn: async () => {
      const jobs = (await ok(loose.GET("/api/v1/backtests", { params: { query: { leader_id: leaderId } } }))) as BacktestJob[] | { items: BacktestJob[] };
      const list = Array.isArray(jobs) ? jobs : jobs.items;
      return list[0] ?? null;
    },
  });
}

/** One backtest job, polled until it is done or failed. */
export function useBacktest(jobId: number | null) {
  return useQuery({
    queryKey: ["backtests", jobId],
    queryFn: async () => (await ok(loose.GET(`/api/v1/backtests/${jobId}`))) as BacktestJob,
    enabled: jobId !== null,
    refetchInterval: (query) => (working(query.state.data) ? POLL_MS : false),
  });
}

export function useStartBacktest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: BacktestRequest) => (await ok(loose.POST("/api/v1/backtests", { body }))) as BacktestJob,
    onSuccess: (job) => client.setQueryData(["backtests", job.id], job),
  });
}
