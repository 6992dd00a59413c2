// Adding and removing what the user follows: looking a wallet up first, unfollowing a leader,
// deleting a copy rule.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, ok } from "./client";

/** Take a leader off the list; the server refuses (409 leader_has_rules) while a rule copies it. */
export function useUnfollow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (leaderId: number) => ok(api.DELETE("/api/v1/leaders/{leader_id}", { params: { path: { leader_id: leaderId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["leaders"] }),
  });
}

/** Stop copying and hide the rule; its decisions and orders stay in the history. */
export function useDeleteRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: number) => ok(api.DELETE("/api/v1/rules/{rule_id}", { params: { path: { rule_id: ruleId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["rules"] }),
  });
}

/** What Polymarket knows of a wallet (has it ever traded? on the list already?), nothing added. */
export function useLookUp() {
  return useMutation({
    mutationFn: (wallet: string) => ok(api.GET("/api/v1/leaders/lookup", { params: { query: { wallet } } })),
  });
}
