import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Attribution } from "../api/analytics";
import { AttributionWaterfall, LeaderAttribution, RuleAttribution, waterfallSteps } from "./AttributionWaterfall";

const ATTRIBUTION: Attribution = {
  rule_id: 7,
  account_id: 1,
  leader_id: 4,
  leader_wallet: "0x" + "ab".repeat(20),
  since: null,
  until: "2026-11-27T13:00:00Z",
  leader_result_micros: 2_050_000,
  follower_result_micros: 890_000,
  gap_micros: 1_160_000,
  scale_numerator_micros: 4_100_000,
  scale_denominator_micros: 4_000_000,
  trades: 2,
  copied: 1,
  parts: [
    { key: "skipped", reason: "max_trade", micros: 1_025_000 },
    { key: "sizing_and_caps", reason: null, micros: 0 },
    { key: "unmatched_and_dust", reason: null, micros: 0 },
    { key: "detection_delay", reason: null, micros: -20_000 },
    { key: "slippage", reason: null, micros: 145_000 },
    { key: "fees", reason: null, micros: 10_000 },
    { key: "redemption_timing", reason: null, micros: 0 },
  ],
};

const wrap = (ui: React.ReactNode) => render(<QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{ui}</QueryClientProvider>);

beforeEach(() => fetchMock.mockReset());

describe("waterfallSteps", () => {
  it("walks from the leader's result to yours, one cause per step, zeros left out", () => {
    const steps = waterfallSteps(ATTRIBUTION);
    expect(steps.map((s) => [s.label, s.kind])).toEqual([
      ["Leader's result, at your size", "total"],
      ["Skipped: no room under your per-trade maximum", "cost"],
      ["Price moved before you decided", "gain"],
      ["Slippage when filling", "cost"],
      ["Fees", "cost"],
      ["Your result", "total"],
    ]);
    // Each step starts where the previous one ended; the last cause lands on your result.
    for (let i = 2; i < steps.length - 1; i++) expect(steps[i]!.from).toBe(steps[i - 1]!.to);
    expect(steps.at(-2)!.to).toBe(ATTRIBUTION.follower_result_micros);
  });
});

describe("AttributionWaterfall", () => {
  it("says the gap in words and signs each step", () => {
    render(<AttributionWaterfall attribution={ATTRIBUTION} />);
    expect(screen.getByText("You made $1.16 less than the leader on the same money.")).toBeInTheDocument();
    const rows = screen.getAllByTestId("waterfall-step");
    expect(within(rows[1]!).getByText("−$1.02")).toBeInTheDocument();
    expect(within(rows[2]!).getByText("+$0.02")).toBeInTheDocument();
    expect(within(rows.at(-1)!).getByText("$0.89")).toBeInTheDocument();
    expect(screen.getByText(/1 of 2 leader trades copied/)).toBeInTheDocument();
  });

  it("reads the rule's attribution from the server", async () => {
    fetchMock.mockImplementation(async (input) => {
      if (!(input instanceof Request)) return json({}); // jsdom's own calls
      expect(new URL(input.url).pathname).toBe("/api/v1/rules/7/attribution");
      return json(ATTRIBUTION);
    });
    wrap(<RuleAttribution ruleId={7} />);
    expect(await screen.findByTestId("attribution-waterfall")).toBeInTheDocument();
  });

  it("shows nothing on a leader page when you copy no such leader", async () => {
    fetchMock.mockImplementation(async () => json([]));
    const { container } = wrap(<LeaderAttribution leaderId={4} />);
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    await waitFor(() => expect(container).toBeEmptyDOMElement());
  });
});
