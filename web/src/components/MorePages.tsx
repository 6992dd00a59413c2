import type { Paged } from "../api/paging";
import { ErrorNote } from "./ui";

/** Below a paged list: how many are shown, and a button for the older ones while there are any. */
export function MorePages<T>({ list, what }: { list: Paged<T>; what: string }) {
  const shown = list.data?.length ?? 0;
  if (!shown) return null;
  return (
    <div className="more-pages">
      <span className="muted small" role="status">
        {list.hasNextPage ? `Showing the newest ${shown} ${what}.` : `All ${shown} ${what} shown.`}
      </span>
      {list.hasNextPage && (
        <button type="button" onClick={list.more} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : `Show older ${what}`}
        </button>
      )}
      {list.isFetchNextPageError && <ErrorNote error={list.error} />}
    </div>
  );
}
