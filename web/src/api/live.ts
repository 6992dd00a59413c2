// Server-sent events (GET /api/v1/events/stream): refresh what changed as it happens.
// The lists still poll slowly, so a dropped stream only makes updates a little later.
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

export type LiveState = "connecting" | "live" | "offline";

const AFFECTS: Record<string, string[][]> = {
  leader_fill: [["leader-fills"]],
  decision: [["decisions"], ["leader-results"], ["decision-summary"]],
  order: [["orders"], ["portfolio"], ["equity"], ["lots"], ["leader-results"], ["decision-summary"], ["performance"], ["attribution"], ["admin", "queue"], ["admin", "dead-letters"]],
};

export function refreshFor(client: QueryClient, event: string) {
  for (const queryKey of AFFECTS[event] ?? []) void client.invalidateQueries({ queryKey });
}

/** Keeps one event stream open while signed in; the browser reconnects with Last-Event-ID. */
export function useLiveUpdates(enabled: boolean): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const source = new EventSource("/api/v1/events/stream", { withCredentials: true });
    source.addEventListener("ready", () => setState("live"));
    for (const name of Object.keys(AFFECTS)) source.addEventListener(name, () => refreshFor(client, name));
    source.addEventListener("end", () => {
      source.close();
      setState("offline");
    });
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => source.close();
  }, [enabled, client]);
  return state;
}
