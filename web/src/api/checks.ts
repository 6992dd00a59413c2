// Rule preview, account doctor and the paper ↔ live switch.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ok, type Schemas } from "./client";

export type RulePreview = Schemas["RulePreviewOut"];
export type Doctor = Schemas["DoctorOut"];
export type PreviewRequest = Schemas["RulePreviewIn"];

/** What the settings would have done with the leader's latest trades (read-only). */
export function useRulePreview(request: PreviewRequest | null) {
  return useQuery({
    queryKey: ["rule-preview", request],
    queryFn: () => ok(api.POST("/api/v1/rules/preview", { body: request! })),
    enabled: request !== null,
    retry: false,
    staleTime: 30_000,
  });
}

/** The doctor's checks of one account; runs only when `enabled` (it calls Polymarket). */
export function useDoctor(accountId: number, enabled: boolean) {
  return useQuery({
    queryKey: ["doctor", accountId],
    queryFn: () => ok(api.GET("/api/v1/accounts/{account_id}/doctor", { params: { path: { account_id: accountId } } })),
    enabled,
    retry: false,
    staleTime: 0,
  });
}

export function useModeSwitch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ accountId, mode }: { accountId: number; mode: "paper" | "live" }) =>
      ok(api.POST("/api/v1/accounts/{account_id}/mode", { params: { path: { account_id: accountId } }, body: { mode, confirm: true } })),
    onSettled: () => client.invalidateQueries({ queryKey: ["accounts"] }),
  });
}

export type CredentialsReplace = Schemas["CredentialsReplace"];

/** Replace an account's credentials (checked by the server as at linking, audited). */
export function useReplaceCredentials() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ accountId, body }: { accountId: number; body: CredentialsReplace }) =>
      ok(api.PUT("/api/v1/accounts/{account_id}/credentials", { params: { path: { account_id: accountId } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: ["accounts"] }),
  });
}
