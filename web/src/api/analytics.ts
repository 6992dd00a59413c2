// Analytics read by the server (docs/analytics.md): attribution, performance, decision counts.
import { useQuery } from "@tanstack/react-query";
import { api, ok, type Schemas } from "./client";

export type Attribution = Schemas["AttributionOut"];
export type Performance = Schemas["PerformanceOut"];
export type PerformanceGroup = Schemas["PerformanceGroupOut"];
export type BarPeriod = "day" | "week" | "month";

const LIVE = 30_000;

/** The period's start for "last N days" (undefined: everything). The minute is rounded down
 * so the query key stays put between renders. */
export function sinceDays(days: number | null): string | undefined {
  if (days === null) return undefined;
  const at = new Date(Date.now() - days * 86_400_000);
  at.setUTCSeconds(0, 0);
  return at.toISOString();
}

export function useRuleAttribution(ruleId: number, since?: string) {
  return useQuery({
    queryKey: ["attribution", "rule", ruleId, since],
    queryFn: () => ok(api.GET("/api/v1/rules/{rule_id}/attribution", { params: { path: { rule_id: ruleId }, query: { from: since } } })),
    refetchInterval: LIVE,
  });
}

export function useLeaderAttribution(leaderId: number, since?: string) {
  return useQuery({
    queryKey: ["attribution", "leader", leaderId, since],
    queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}/attribution", { params: { path: { leader_id: leaderId }, query: { from: since } } })),
    refetchInterval: LIVE,
  });
}

export function usePerformance(query: { account_id?: number; period: BarPeriod; from?: string }) {
  return useQuery({
    queryKey: ["performance", query],
    queryFn: () => ok(api.GET("/api/v1/portfolio/performance", { params: { query } })),
    refetchInterval: LIVE,
  });
}

export function useDecisionSummary(account_id?: number) {
  return useQuery({
    queryKey: ["decision-summary", account_id],
    queryFn: () => ok(api.GET("/api/v1/decisions/summary", { params: { query: { account_id } } })),
    refetchInterval: 10_000,
  });
}
