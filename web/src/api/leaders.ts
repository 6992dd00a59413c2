// Leader evaluation (issue 17): statistics, history backfill, ranking, comparison,
// walk-forward check and copyability backtests, as TanStack Query hooks.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, ok, type Schemas } from "./client";
import type { operations } from "./schema";

export type StatisticsPeriod = Schemas["StatisticsPeriod"];
export type LeaderStatistics = Schemas["LeaderStatisticsOut"];
export type Stat = Schemas["StatOut"];
export type LeaderBackfill = Schemas["LeaderBackfillOut"];
/** The statistics that are a `Stat` (value, sample, interval). */
export type StatKey = { [K in keyof LeaderStatistics]-?: LeaderStatistics[K] extends Stat ? K : never }[keyof LeaderStatistics];

export type CopyabilityPart = Schemas["CopyabilityPartOut"];
export type Copyability = Schemas["CopyabilityOut"];
export type RankedLeader = Schemas["RankedLeaderOut"];
export type Ranking = Schemas["RankingOut"];
export type RankingSort = Schemas["RankingSort"];
export type RankingQuery = NonNullable<operations["leaders-rank_leaders"]["parameters"]["query"]>;
export type WalkForward = Schemas["WalkForwardOut"];
export type WalkForwardSort = Schemas["WalkForwardSort"];
export type BacktestRequest = Schemas["BacktestRequest"];
export type BacktestResult = Schemas["BacktestResultOut"];
export type BacktestJob = Schemas["BacktestJobOut"];

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
        // 404 for the backfill (not the leader): none was ever asked for.
        if (error instanceof ApiError && error.status === 404 && /backfill/i.test(error.message)) return null;
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
    queryFn: () => ok(api.GET("/api/v1/leaders/ranking", { params: { query: params as RankingQuery } })),
    placeholderData: (previous) => previous,
  });
}

export function useLeaderCompare(ids: number[], period: StatisticsPeriod) {
  return useQuery({
    queryKey: ["leader-compare", ids, period],
    queryFn: () => ok(api.GET("/api/v1/leaders/compare", { params: { query: { ids: ids.join(","), period } } })),
    enabled: ids.length > 0,
  });
}

export function useWalkForward(query: { split_days: number; sort: WalkForwardSort }) {
  return useQuery({
    queryKey: ["leader-walk-forward", query],
    queryFn: () => ok(api.GET("/api/v1/leaders/walk-forward", { params: { query } })),
    staleTime: 60_000,
  });
}

const working = (job: BacktestJob | null | undefined) => job?.status === "queued" || job?.status === "running";

/** The user's latest backtest of this leader, if any (so a reload shows the last result). */
export function useLatestBacktest(leaderId: number) {
  return useQuery({
    queryKey: ["backtests", "latest", leaderId],
    queryFn: async () => (await ok(api.GET("/api/v1/backtests", { params: { query: { leader_id: leaderId } } })))[0] ?? null,
  });
}

/** One backtest job, polled until it is done or failed. */
export function useBacktest(jobId: number | null) {
  return useQuery({
    queryKey: ["backtests", jobId],
    queryFn: () => ok(api.GET("/api/v1/backtests/{job_id}", { params: { path: { job_id: jobId! } } })),
    enabled: jobId !== null,
    refetchInterval: (query) => (working(query.state.data) ? POLL_MS : false),
  });
}

export function useStartBacktest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BacktestRequest) => ok(api.POST("/api/v1/backtests", { body })),
    onSuccess: (job) => client.setQueryData(["backtests", job.id], job),
  });
}
