// The settings pages: API tokens, webhooks, notification channels, the password, sessions.
import { type QueryKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok, type Schemas } from "./client";

export type Token = Schemas["ApiTokenOut"];
export type Webhook = Schemas["WebhookOut"];
export type Channel = Schemas["ChannelOut"];
export type Delivery = Schemas["DeliveryOut"];
export type Session = Schemas["SessionOut"];
export type Scope = Schemas["Scope"];
export type NotificationEvent = Schemas["NotificationEvent"];

const PAGE = { params: { query: { limit: 200 } } };

export const TOKENS: QueryKey = ["settings", "tokens"];
export const WEBHOOKS: QueryKey = ["settings", "webhooks"];
export const CHANNELS: QueryKey = ["settings", "channels"];
export const SESSIONS: QueryKey = ["settings", "sessions"];

export function useTokens() {
  return useQuery({ queryKey: TOKENS, queryFn: () => ok(api.GET("/api/v1/tokens", PAGE)) });
}

export function useWebhooks() {
  return useQuery({ queryKey: WEBHOOKS, queryFn: () => ok(api.GET("/api/v1/webhooks", PAGE)) });
}

export function useChannels() {
  return useQuery({ queryKey: CHANNELS, queryFn: () => ok(api.GET("/api/v1/notification-channels", PAGE)) });
}

export function useSessions() {
  return useQuery({ queryKey: SESSIONS, queryFn: () => ok(api.GET("/api/v1/me/sessions")) });
}

export function useDeliveries(webhookId: number, enabled: boolean) {
  return useQuery({
    queryKey: ["settings", "deliveries", webhookId],
    queryFn: () => ok(api.GET("/api/v1/webhooks/{webhook_id}/deliveries", { params: { path: { webhook_id: webhookId }, query: { limit: 50 } } })),
    enabled,
    refetchInterval: enabled ? 5_000 : false,
  });
}

type Listed<T> = { items: T[] };

/** A change to one row of a listed page shown at once, put back if the server refuses it
 * (the caller shows the error). `change` says what the row becomes. */
export function useOptimisticRow<T extends { id: number }, V extends { id: number }>(
  key: QueryKey,
  send: (vars: V) => Promise<unknown>,
  change: (row: T, vars: V) => T | null,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onMutate: async (vars: V) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData<Listed<T>>(key);
      if (before) {
        const items = before.items.flatMap((row) => {
          if (row.id !== vars.id) return [row];
          const next = change(row, vars);
          return next ? [next] : [];
        });
        client.setQueryData<Listed<T>>(key, { ...before, items });
      }
      return { before };
    },
    onError: (_error, _vars, context) => {
      if (context?.before) client.setQueryData(key, context.before);
    },
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ApiTokenCreate"]) => ok(api.POST("/api/v1/tokens", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: TOKENS }),
  });
}

/** Revoke a token: it reads as revoked at once, and comes back if the server refuses. */
export function useRevokeToken() {
  return useOptimisticRow<Token, { id: number }>(
    TOKENS,
    ({ id }) => ok(api.DELETE("/api/v1/tokens/{token_id}", { params: { path: { token_id: id } } })),
    (row) => ({ ...row, revoked_at: new Date().toISOString() }),
  );
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["WebhookCreate"]) => ok(api.POST("/api/v1/webhooks", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: WEBHOOKS }),
  });
}

export function useWebhookActive() {
  return useOptimisticRow<Webhook, { id: number; active: boolean }>(
    WEBHOOKS,
    ({ id, active }) => ok(api.PATCH("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } }, body: { active } })),
    (row, { active }) => ({ ...row, active }),
  );
}

export function useDeleteWebhook() {
  return useOptimisticRow<Webhook, { id: number }>(
    WEBHOOKS,
    ({ id }) => ok(api.DELETE("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })),
    () => null,
  );
}

export function usePingWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => ok(api.POST("/api/v1/webhooks/{webhook_id}/ping", { params: { path: { webhook_id: id } } })),
    onSuccess: (_data, id) => client.invalidateQueries({ queryKey: ["settings", "deliveries", id] }),
  });
}

export function useCreateChannel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ChannelCreate"]) => ok(api.POST("/api/v1/notification-channels", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: CHANNELS }),
  });
}

export function useChannelActive() {
  return useOptimisticRow<Channel, { id: number; active: boolean }>(
    CHANNELS,
    ({ id, active }) =>
      ok(api.PATCH("/api/v1/notification-channels/{channel_id}", { params: { path: { channel_id: id } }, body: { active } })),
    (row, { active }) => ({ ...row, active }),
  );
}

export function useDeleteChannel() {
  return useOptimisticRow<Channel, { id: number }>(
    CHANNELS,
    ({ id }) => ok(api.DELETE("/api/v1/notification-channels/{channel_id}", { params: { path: { channel_id: id } } })),
    () => null,
  );
}

export function useTestChannel() {
  return useMutation({
    mutationFn: (id: number) => ok(api.POST("/api/v1/notification-channels/{channel_id}/test", { params: { path: { channel_id: id } } })),
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["PasswordChange"]) => ok(api.POST("/api/v1/me/password", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: SESSIONS }),
  });
}

/** Sign a browser out; signing out this one ends the visit (the app shows the sign-in). */
export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: number; current: boolean }) =>
      ok(api.DELETE("/api/v1/me/sessions/{session_id}", { params: { path: { session_id: id } } })),
    onSuccess: (_data, { current }) => (current ? client.resetQueries() : client.invalidateQueries({ queryKey: SESSIONS })),
  });
}
