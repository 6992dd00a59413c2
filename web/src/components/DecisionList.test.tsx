import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../api/client";
import type { Market } from "../api/markets";
import type { Decision } from "../api/queries";
import { CopySplit } from "../pages/Portfolio";
import { DecisionList, decisionKind } from "./DecisionList";

function copy(overrides: Partial<Decision>): Decision {
  return {
    id: 1,
    created_at: "2026-11-27T09:00:00Z",
    account_id: 1,
    rule_id: 2,
    rule_version: 1,
    leader_fill_id: 3,
    action: "copy",
    reason: null,
    explanation: "Copied: buy for $5 at a price no worse than 0.52.",
    outcome: "filled",
    outcome_reason: null,
    filled_size_micros: 9_800_000,
    filled_amount_micros: 4_998_000,
    side: "BUY",
    token_id: "123",
    limit_price_micros: 520_000,
    size_micros: null,
    amount_micros: 5_000_000,
    details: {},
    ...overrides,
  };
}

describe("DecisionList", () => {
  it("says a killed copy was killed, not copied", () => {
    const killed = copy({
      id: 7,
      outcome: "killed",
      outcome_reason: "order_killed: order couldn't be fully filled.",
      explanation: "Not copied: the fill-or-kill buy for $5 was killed by the venue.",
      filled_size_micros: 0,
      filled_amount_micros: 0,
    });
    render(<DecisionList decisions={[copy({}), killed]} />);
    const [filledRow, killedRow] = screen.getAllByTestId("decision") as [HTMLElement, HTMLElement];
    expect(within(filledRow).getByTestId("decision-outcome")).toHaveTextContent("filled");
    const badge = within(killedRow).getByTestId("decision-outcome");
    expect(badge).toHaveTextContent("killed");
    expect(badge).toHaveClass("outcome-killed");
    expect(killedRow).toHaveTextContent("Not copied: the fill-or-kill buy for $5 was killed by the venue.");
    expect(killedRow).not.toHaveTextContent("Copied:");
  });

  it("shows what a partly filled copy got", () => {
    const partly = copy({ outcome: "partially_filled", explanation: "Partly copied: …", filled_size_micros: 4_000_000, filled_amount_micros: 1_600_000 });
    render(<DecisionList decisions={[partly]} />);
    expect(screen.getByTestId("decision-outcome")).toHaveTextContent("partly filled");
    expect(screen.getByText("Got 4.00 shares for $1.60.")).toBeInTheDocument();
  });

  it("shows each decision's limit price, a skip's too", () => {
    const sell = copy({ id: 2, side: "SELL", amount_micros: null, size_micros: 10_000_000, limit_price_micros: 390_000 });
    const skip = copy({ id: 3, action: "skip", reason: "slippage", outcome: null, limit_price_micros: 408_500 });
    render(<DecisionList decisions={[copy({}), sell, skip, copy({ id: 4, action: "skip", reason: "side_filtered", outcome: null, limit_price_micros: null })]} />);
    const limits = screen.getAllByTestId("decision-limit").map((limit) => limit.textContent);
    expect(limits).toEqual(["at most 52¢", "at least 39¢", "at most 40.85¢"]);
  });

  it("shows a mirrored split as the position it opened, never as a skip", () => {
    const split = copy({
      id: 9,
      action: "skip",
      reason: "split_mirrored",
      outcome: null,
      side: null,
      token_id: null,
      amount_micros: null,
      limit_price_micros: null,
      details: { amount_micros: 3_000_000 },
      explanation: "The leader split $30 into shares of every outcome; you split $3 too.",
    });
    render(<DecisionList decisions={[split]} />);
    const row = screen.getByTestId("decision");
    expect(within(row).getByTestId("decision-action")).toHaveTextContent("split mirrored");
    expect(within(row).getByTestId("decision-action")).not.toHaveClass("action-skip");
    expect(row).not.toHaveTextContent(/\bskip\b/);
    expect(row).not.toHaveTextContent("split_mirrored");
    expect(row).toHaveTextContent("$3.00");
    expect(row).not.toHaveTextContent("¢");
    expect(decisionKind(split)).toBe("mirror");
    expect(decisionKind(copy({ action: "skip", reason: "slippage" }))).toBe("skip");
  });

  it("names the market and the outcome, linked to Polymarket", () => {
    const market: Market = {
      condition_id: "0xc1",
      question: "Will it rain in Paris tomorrow?",
      slug: "rain-paris",
      url: "https://polymarket.com/market/rain-paris",
      closed: false,
      outcomes: [
        { token_id: "123", outcome: "Yes" },
        { token_id: "124", outcome: "No" },
      ],
    };
    render(<DecisionList decisions={[copy({ condition_id: "0xc1" }), copy({ id: 5, condition_id: "0xunknown" })]} markets={new Map([["0xc1", market]])} />);
    const [named, unnamed] = screen.getAllByTestId("market-name") as [HTMLElement, HTMLElement];
    expect(within(named).getByRole("link", { name: "Will it rain in Paris tomorrow?" })).toHaveAttribute("href", market.url);
    expect(named).toHaveTextContent("Yes");
    expect(unnamed).toHaveTextContent("0xunkn"); // the id until the name is known
  });

  it("shows no outcome for a skip", () => {
    render(<DecisionList decisions={[copy({ action: "skip", reason: "slippage", outcome: null })]} />);
    expect(screen.queryByTestId("decision-outcome")).toBeNull();
  });
});

describe("CopySplit", () => {
  it("splits the copies into what became of them", () => {
    const row = { copied: 6, filled: 1, partly_filled: 1, killed: 1, failed: 2, pending: 1 } as Schemas["LeaderResultOut"];
    render(<CopySplit row={row} />);
    expect(screen.getByTestId("copy-split")).toHaveTextContent("1 filled · 1 partly filled · 1 killed · 2 failed · 1 on their way");
  });
});
