// Alerts: your thresholds, the alerts as last checked, and which channel or webhook gets each
// (a subscription to the `alert.<kind>` event).
import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok, type Schemas } from "./client";
import { CHANNELS, WEBHOOKS } from "./settings";

export type AlertKind = Schemas["AlertKind"];
export type AlertSettings = Schemas["AlertSettings"];
export type AlertState = Schemas["AlertStateOut"];
type Event = Schemas["NotificationEvent"];

export const ALERT_SETTINGS: QueryKey = ["alerts", "settings"];
export const ALERTS: QueryKey = ["alerts", "states"];

export function useAlertSettings() {
  return useQuery({ queryKey: ALERT_SETTINGS, queryFn: () => ok(api.GET("/api/v1/alerts/settings")) });
}

export function useAlerts() {
  return useQuery({ queryKey: ALERTS, queryFn: () => ok(api.GET("/api/v1/alerts")), refetchInterval: 30_000 });
}

export function useSaveAlertSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AlertSettings) => ok(api.PUT("/api/v1/alerts/settings", { body })),
    onSuccess: (data) => client.setQueryData(ALERT_SETTINGS, data),
  });
}

/** Set the events of a channel or a webhook (the alert routing). */
export function useRouteAlerts() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ target, id, events }: { target: "channel" | "webhook"; id: number; events: Event[] }): Promise<void> => {
      if (target === "channel") {
        await ok(api.PATCH("/api/v1/notification-channels/{channel_id}", { params: { path: { channel_id: id } }, body: { events } }));
      } else {
        await ok(api.PATCH("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } }, body: { events } }));
      }
    },
    onSettled: (_data, _error, { target }) => client.invalidateQueries({ queryKey: target === "channel" ? CHANNELS : WEBHOOKS }),
  });
}
