// Cursor pagination over the API's `Page[...]` lists (api/pagination.py): newest first, and
// `next_cursor` asks for the page older than the last one shown.
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, ok } from "./client";

/** One page of an API list. */
export type ApiPage<T> = { items: T[]; next_cursor?: string | null };

export const PAGE_SIZE = 50;

/** A list read a page at a time: `items` are every page loaded so far, `more()` loads the next.
 * The key's first element is the one live updates invalidate (api/live.ts), so loaded pages
 * refresh with the rest. */
export function usePaged<T>(
  queryKey: readonly unknown[],
  fetchPage: (cursor: string | null, limit: number) => Promise<ApiPage<T>>,
  options: { refetchInterval?: number | false; enabled?: boolean } = {},
) {
  const query = useInfiniteQuery({
    queryKey: [...queryKey, "pages"],
    queryFn: ({ pageParam }) => fetchPage(pageParam, PAGE_SIZE),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: options.refetchInterval,
    enabled: options.enabled,
  });
  const items = query.data?.pages.flatMap((p) => p.items);
  return {
    ...query,
    /** Every item loaded so far, newest first (undefined while the first page loads). */
    data: items,
    more: () => void query.fetchNextPage(),
  };
}

export type Paged<T> = ReturnType<typeof usePaged<T>>;

// Lists refresh on live events and, as a fallback, every ten seconds (as api/queries.ts).
const LIVE = 10_000;

export function useDecisionPages(query: { account_id?: number; rule_id?: number }) {
  return usePaged(
    ["decisions", query],
    (cursor, limit) => ok(api.GET("/api/v1/decisions", { params: { query: { ...query, cursor, limit } } })),
    { refetchInterval: LIVE },
  );
}

export function useOrderPages(query: { account_id?: number }) {
  return usePaged(
    ["orders", query],
    (cursor, limit) => ok(api.GET("/api/v1/orders", { params: { query: { ...query, cursor, limit } } })),
    { refetchInterval: LIVE },
  );
}

export function useLotPages(open: boolean, leader_id?: number) {
  return usePaged(
    ["lots", open, leader_id],
    (cursor, limit) => ok(api.GET("/api/v1/portfolio/lots", { params: { query: { open, leader_id, cursor, limit } } })),
    { refetchInterval: LIVE },
  );
}

export function useLeaderFillPages(leaderId: number) {
  return usePaged(
    ["leader-fills", leaderId],
    (cursor, limit) => ok(api.GET("/api/v1/leaders/{leader_id}/fills", { params: { path: { leader_id: leaderId }, query: { cursor, limit } } })),
    { refetchInterval: LIVE },
  );
}
