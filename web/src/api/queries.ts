// TanStack Query hooks over the generated client.
import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, ok, type Schemas } from "./client";
import type { operations } from "./schema";

export type Me = Schemas["MeOut"];
export type Account = Schemas["AccountOut"];
export type Leader = Schemas["LeaderOut"];
export type Rule = Schemas["RuleOut"];
export type Decision = Schemas["DecisionOut"];
export type Order = Schemas["OrderOut"];

// Server-sent events (api/live.ts) refresh lists as things happen; polling is the fallback.
const LIVE = 10_000;

/** The signed-in user, or `null` when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ["me"],
    queryFn: async (): Promise<Me | null> => {
      try {
        return await ok(api.GET("/api/v1/me"));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}

export function useAccounts() {
  return useQuery({
    queryKey: ["accounts"],
    queryFn: () => ok(api.GET("/api/v1/accounts", { params: { query: { limit: 200 } } })),
  });
}

export function useLeaders() {
  return useQuery({
    queryKey: ["leaders"],
    queryFn: () => ok(api.GET("/api/v1/leaders", { params: { query: { limit: 200 } } })),
  });
}

export function useLeader(id: number) {
  return useQuery({
    queryKey: ["leaders", id],
    queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}", { params: { path: { leader_id: id } } })),
  });
}

export function useRules() {
  return useQuery({
    queryKey: ["rules"],
    queryFn: () => ok(api.GET("/api/v1/rules", { params: { query: { limit: 200 } } })),
  });
}

export function useRule(id: number) {
  return useQuery({
    queryKey: ["rules", id],
    queryFn: () => ok(api.GET("/api/v1/rules/{rule_id}", { params: { path: { rule_id: id } } })),
  });
}

export function useDecisions(query: { rule_id?: number; account_id?: number }, live = true) {
  return useQuery({
    queryKey: ["decisions", query],
    queryFn: () => ok(api.GET("/api/v1/decisions", { params: { query: { ...query, limit: 200 } } })),
    refetchInterval: live ? LIVE : false,
  });
}

export function useOrders(query: { account_id?: number }, live = true) {
  return useQuery({
    queryKey: ["orders", query],
    queryFn: () => ok(api.GET("/api/v1/orders", { params: { query: { ...query, limit: 200 } } })),
    refetchInterval: live ? LIVE : false,
  });
}

/** Pause or resume a rule at once on screen; put it back if the server refuses. */
export function useRuleState() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ rule, action }: { rule: Rule; action: "pause" | "resume" }) =>
      ok(
        action === "pause"
          ? api.POST("/api/v1/rules/{rule_id}/pause", { params: { path: { rule_id: rule.id } }, body: {} })
          : api.POST("/api/v1/rules/{rule_id}/resume", { params: { path: { rule_id: rule.id } }, body: {} }),
      ),
    onMutate: async ({ rule, action }) => {
      await client.cancelQueries({ queryKey: ["rules"] });
      const before = client.getQueryData<{ items: Rule[] }>(["rules"]);
      const status: Rule["status"] = action === "pause" ? "halted" : "active";
      if (before) {
        client.setQueryData(["rules"], {
          ...before,
          items: before.items.map((r) => (r.id === rule.id ? { ...r, status } : r)),
        });
      }
      return { before };
    },
    onError: (_error, _vars, context) => {
      if (context?.before) client.setQueryData(["rules"], context.before);
    },
    onSettled: () => client.invalidateQueries({ queryKey: ["rules"] }),
  });
}

export function useAccountKillSwitch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ account, halt, reason }: { account: Account; halt: boolean; reason?: string }) =>
      ok(
        halt
          ? api.POST("/api/v1/accounts/{account_id}/halt", {
              params: { path: { account_id: account.id } },
              body: { reason: reason || null },
            })
          : api.POST("/api/v1/accounts/{account_id}/resume", {
              params: { path: { account_id: account.id } },
              body: { reason: reason || null },
            }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ["accounts"] }),
  });
}

export function usePortfolio(query: { account_id?: number; leader_id?: number } = {}) {
  return useQuery({
    queryKey: ["portfolio", query],
    queryFn: () => ok(api.GET("/api/v1/portfolio", { params: { query } })),
    refetchInterval: LIVE,
  });
}

export function useEquity(bucket: "hour" | "day", account_id?: number) {
  return useQuery({
    queryKey: ["equity", bucket, account_id],
    queryFn: () => ok(api.GET("/api/v1/portfolio/equity", { params: { query: { bucket, account_id } } })),
    refetchInterval: LIVE,
  });
}

export function useLeaderResults(account_id?: number) {
  return useQuery({
    queryKey: ["leader-results", account_id],
    queryFn: () => ok(api.GET("/api/v1/portfolio/leaders", { params: { query: { account_id } } })),
    refetchInterval: LIVE,
  });
}

export type LeaderFill = Schemas["LeaderFillOut"];

export function useLeaderPositions(leaderId: number) {
  return useQuery({
    queryKey: ["leader-positions", leaderId],
    queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}/positions", { params: { path: { leader_id: leaderId } } })),
  });
}

export function useLeaderPerformance(leaderId: number) {
  return useQuery({
    queryKey: ["leader-performance", leaderId],
    queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}/performance", { params: { path: { leader_id: leaderId } } })),
    refetchInterval: LIVE,
  });
}

export function useLeaderFills(leaderId: number, limit = 50) {
  return useQuery({
    queryKey: ["leader-fills", leaderId, limit],
    queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}/fills", { params: { path: { leader_id: leaderId }, query: { limit } } })),
    refetchInterval: LIVE,
  });
}

/** Every followed leader's recent fills, newest first (one request per leader). */
export function useAllLeaderFills(leaderIds: number[], limit = 50) {
  return useQueries({
    queries: leaderIds.map((id) => ({
      queryKey: ["leader-fills", id, limit],
      queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}/fills", { params: { path: { leader_id: id }, query: { limit } } })),
      refetchInterval: LIVE,
    })),
    combine: (results) => ({
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
      data: results
        .flatMap((r) => r.data?.items ?? [])
        .sort((a, b) => b.occurred_at.localeCompare(a.occurred_at) || b.id - a.id)
        .slice(0, limit),
    }),
  });
}

export type LeaderboardQuery = NonNullable<operations["leaders-discover_leaders"]["parameters"]["query"]>;

export function useLeaderboard(query: LeaderboardQuery, enabled: boolean) {
  return useQuery({
    queryKey: ["leaderboard", query],
    queryFn: () => ok(api.GET("/api/v1/leaders/discover", { params: { query } })),
    enabled,
    staleTime: 60_000,
  });
}

export type MergeOffer = Schemas["MergeOfferOut"];

/** Unanswered merge offers of these accounts (one request per account), oldest first. */
export function useMergeOffers(accountIds: number[]) {
  return useQueries({
    queries: accountIds.map((id) => ({
      queryKey: ["merge-offers", id],
      queryFn: () =>
        ok(
          api.GET("/api/v1/accounts/{account_id}/merge-offers", {
            params: { path: { account_id: id }, query: { status: "offered", limit: 200 } },
          }),
        ),
      refetchInterval: LIVE,
    })),
    combine: (results) => ({
      error: results.find((r) => r.error)?.error ?? null,
      data: results.flatMap((r) => r.data?.items ?? []).sort((a, b) => a.id - b.id),
    }),
  });
}

/** Accept (merge now) or decline (keep both outcomes) one offer. */
export function useAnswerMergeOffer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ offer, accept }: { offer: MergeOffer; accept: boolean }) => {
      const params = { path: { account_id: offer.account_id, offer_id: offer.id } };
      return ok(
        accept
          ? api.POST("/api/v1/accounts/{account_id}/merge-offers/{offer_id}/accept", { params })
          : api.POST("/api/v1/accounts/{account_id}/merge-offers/{offer_id}/decline", { params }),
      );
    },
    onSettled: (_data, _error, { offer }) => client.invalidateQueries({ queryKey: ["merge-offers", offer.account_id] }),
  });
}
