// Market names: the question and outcomes the server stored from Gamma (GET /markets).
import { useQueries } from "@tanstack/react-query";
import { api, ok, type Schemas } from "./client";

export type Market = Schemas["MarketOut"];
export type Markets = ReadonlyMap<string, Market>;

const PER_REQUEST = 100; // the API's limit of condition ids per request

/** The named markets among these condition ids (one request per 100; a market's name never
 * changes, so each answer is kept for the session). */
export function useMarkets(conditionIds: readonly (string | null | undefined)[]): Markets {
  const ids = [...new Set(conditionIds.filter((id): id is string => Boolean(id)))].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += PER_REQUEST) chunks.push(ids.slice(i, i + PER_REQUEST));
  return useQueries({
    queries: chunks.map((chunk) => ({
      queryKey: ["markets", chunk],
      queryFn: () => ok(api.GET("/api/v1/markets", { params: { query: { condition_id: chunk } } })),
      staleTime: Number.POSITIVE_INFINITY,
    })),
    combine: (results) => new Map(results.flatMap((r) => r.data ?? []).map((m) => [m.condition_id, m] as const)),
  });
}

/** The outcome a token stands for in its market, when the market is named. */
export function outcomeOf(market: Market | undefined, tokenId: string | null | undefined): string | undefined {
  return tokenId ? market?.outcomes.find((o) => o.token_id === tokenId)?.outcome : undefined;
}
