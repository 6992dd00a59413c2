// Alerts: your thresholds, the alerts as last checked, and which channel or webhook gets each
// (a subscription to the `alert.<kind>` event).
import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok, type Schemas } from "./client";
import { type Channel, CHANNELS, useOptimisticRow, type Webhook, WEBHOOKS } from "./settings";

export type AlertKind = Schemas["AlertKind"];
export type AlertSettings = Schemas["AlertSettings"];
export type AlertState = Schemas["AlertStateOut"];
type Event = Schemas["NotificationEvent"];
type Routing = { id: number; events: Event[] };

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

/** Set the events of a channel or a webhook (the alert routing), shown at once and put back
 * if the server refuses. */
export function useRouteAlerts() {
  const channel = useOptimisticRow<Channel, Routing>(
    CHANNELS,
    ({ id, events }) => ok(api.PATCH("/api/v1/notification-channels/{channel_id}", { params: { path: { channel_id: id } }, body: { events } })),
    (row, { events }) => ({ ...row, events }),
  );
  const webhook = useOptimisticRow<Webhook, Routing>(
    WEBHOOKS,
    ({ id, events }) => ok(api.PATCH("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } }, body: { events } })),
    (row, { events }) => ({ ...row, events }),
  );
  return { channel, webhook, error: channel.error ?? webhook.error };
}
