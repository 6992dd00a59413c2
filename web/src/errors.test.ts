import { describe, expect, it } from "vitest";
import { ApiError } from "./api/client";
import { plainMessage, retryable } from "./errors";

describe("plainMessage", () => {
  it.each([
    [409, "rule_exists", "leader_wallet: this account already copies this leader; update that rule", "You already copy this leader from this account — edit that rule instead."],
    [422, "validation_error", "credentials.private_key: does not belong to wallet_address", "This private key does not belong to the signer address. Check both, or leave the address empty: polycopy works it out from the key."],
    [422, "invalid_input", "email: not an e-mail address", "That is not an e-mail address: it looks like name@example.com."],
    [0, "network", "Failed to fetch", "Cannot reach the polycopy server. Check your connection, then retry."],
    [503, "unavailable", "database: connection refused", "The server had a problem and did nothing. Retry in a moment."],
    [422, "validation_error", "settings.max_slippage_bps: must be at most 10000", "Must be at most 10000"],
  ])("%i %s: %s", (status, code, message, plain) => {
    expect(plainMessage(status, code, message)).toBe(plain);
  });

  it("keeps the server's own words as the error's detail, and never shows the code", () => {
    const error = new ApiError(409, "rule_exists", "leader_wallet: this account already copies this leader; update that rule", "leader_wallet");
    expect(error.detail).toMatch(/^leader_wallet: /);
    expect(error.message).not.toMatch(/rule_exists|leader_wallet/);
  });
});

describe("retryable", () => {
  it("asks again after the network or the server failed, not after a refusal", () => {
    expect([0, 429, 500, 503].map(retryable)).toEqual([true, true, true, true]);
    expect([400, 401, 404, 409, 422].map(retryable)).toEqual([false, false, false, false, false]);
  });
});
