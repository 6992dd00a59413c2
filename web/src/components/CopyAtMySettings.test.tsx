import { fetchMock } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { configure, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import { CopyAtMySettings, backtestRequest } from "./CopyAtMySettings";
import { job, routes } from "./leaders.fixtures";
import { toForm } from "../rules";
import type { BacktestRequest } from "../api/leaders";

// A loaded machine answers slowly: wait for states longer than the default second.
configure({ asyncUtilTimeout: 5_000 });

const wrap = (node: ReactNode) => render(<QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{node}</QueryClientProvider>);

const LEADER = "0x" + "ab".repeat(20);
const RULE = {
  id: 3,
  account_id: 7,
  leader_id: 1,
  leader_wallet: LEADER,
  settings: { allocation: "percentage", percentage_bps: 1_000, multiplier_bps: 10_000, max_slippage_cents: 3, max_market_exposure_micros: 50_000_000 },
  status: "active",
  status_reason: null,
  version: 2,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};
const ACCOUNTS = { items: [{ id: 7, label: "Main" }], next_cursor: null };

beforeEach(() => {
  fetchMock.mockReset();
});

describe("CopyAtMySettings", () => {
  it("starts from the user's rule for the leader and runs a backtest with it, showing progress then the result", async () => {
    const sent: unknown[] = [];
    let polls = 0;
    routes({
      "/api/v1/rules": { items: [RULE], next_cursor: null },
      "/api/v1/accounts": ACCOUNTS,
      "/api/v1/backtests": [],
      "POST /api/v1/backtests": async (r: Request) => {
        const request = (await r.json()) as BacktestRequest;
        sent.push(request);
        return job({ status: "queued", progress: { done: 0, total: null }, result: null, request });
      },
      // Running with progress, then done.
      "/api/v1/backtests/9": () => {
        const request = sent[0] as BacktestRequest;
        return ++polls < 2 ? job({ status: "running", progress: { done: 20, total: 54 }, result: null, request }) : job({ request });
      },
    });
    wrap(<CopyAtMySettings leaderId={1} />);
    expect(await screen.findByText(/Starting from your rule #3/)).toBeInTheDocument();
    expect(screen.getByLabelText("Allocation")).toHaveValue("percentage");
    expect(screen.getByLabelText("Percentage of the leader's trade")).toHaveValue("10");
    expect(screen.getByLabelText("Slippage in")).toHaveValue("cents");
    expect(screen.getByLabelText("Max slippage")).toHaveValue("3");
    expect(await screen.findByRole("option", { name: "Main" })).toBeInTheDocument();
    expect(screen.getByLabelText("Account limits")).toHaveValue("7");
    expect(screen.getByText("Run it to see what copying this leader would have done for you.")).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText("Detection delay"));
    await userEvent.type(screen.getByLabelText("Detection delay"), "30");
    await userEvent.type(screen.getByLabelText("From"), "2026-01-05");
    await userEvent.click(screen.getByRole("button", { name: "Run the backtest" }));

    expect(await screen.findByRole("progressbar", { name: "Backtest progress" })).toBeInTheDocument();
    const counts = await screen.findByTestId("backtest-counts", {}, { timeout: 10_000 });
    expect(counts).toHaveTextContent("Of 54 leader fills");
    expect(counts).toHaveTextContent("you would have copied 13 and skipped 41.");
    expect(screen.getByTestId("backtest-settings")).toHaveTextContent("Settings replayed: 10 % of each leader trade · max slippage 3¢ · detection delay 30 s · limits of Main · 2026-01-05 to now");
    expect(sent).toEqual([
      {
        leader_id: 1,
        account_id: 7,
        delay_seconds: 30,
        since: "2026-01-05T00:00:00Z",
        until: null,
        settings: expect.objectContaining({ allocation: "percentage", percentage_bps: 1_000, max_slippage_cents: 3, max_market_exposure_micros: 50_000_000 }),
      },
    ]);
    const reasons = within(screen.getByTestId("backtest-reasons"));
    expect(reasons.getByText("price moved past your max slippage").nextSibling).toHaveTextContent("30");
    expect(reasons.getByText("copy below the minimum order")).toBeInTheDocument();
    expect(screen.getByTestId("backtest-equity")).toHaveAccessibleName("Your PnL $3.80 beside the leader's $910.00");
    expect(screen.getByTestId("history-source")).toHaveTextContent("54 stored fills from 2026-01-02 to 2026-03-04 (backfilled)");
    expect(screen.getByText("Tracking error").parentElement).toHaveTextContent("2.0 %");
  });

  it("shows the last result on arrival and a failed job's reason in plain words", async () => {
    routes({
      "/api/v1/rules": { items: [], next_cursor: null },
      "/api/v1/accounts": ACCOUNTS,
      "/api/v1/backtests": [job({ id: 4, status: "failed", error: "no history yet for this wallet: its history is still being read", result: null })],
      "/api/v1/backtests/4": job({ id: 4, status: "failed", error: "no history yet for this wallet: its history is still being read", result: null }),
    });
    wrap(<CopyAtMySettings leaderId={1} />);
    expect(await screen.findByText(/Starting from the default settings/)).toBeInTheDocument();
    expect(screen.getByLabelText("Fixed amount per trade")).toHaveValue("5");
    expect(screen.getByLabelText("Account limits")).toHaveValue("");
    expect(await screen.findByTestId("backtest-failed")).toHaveTextContent("The backtest could not run: no history yet for this wallet");
  });

  it("refuses a bad delay or dates next to the field and sends nothing", async () => {
    routes({ "/api/v1/rules": { items: [], next_cursor: null }, "/api/v1/accounts": ACCOUNTS, "/api/v1/backtests": [] });
    wrap(<CopyAtMySettings leaderId={1} />);
    const delay = await screen.findByLabelText("Detection delay");
    await userEvent.clear(delay);
    await userEvent.type(delay, "4000");
    await userEvent.clear(screen.getByLabelText("Fixed amount per trade"));
    await userEvent.click(screen.getByRole("button", { name: "Run the backtest" }));
    expect(delay).toHaveAccessibleDescription(/0 to 3600/);
    expect(screen.getByLabelText("Fixed amount per trade")).toHaveAccessibleDescription(/Needed for/);
    expect(fetchMock.mock.calls.some(([r]) => (r as Request).method === "POST")).toBe(false);
  });
});

describe("backtestRequest", () => {
  it("keeps the rule's other settings and sends dates as whole UTC days", () => {
    const { request } = backtestRequest(1, { rule: toForm({ fixed_amount_micros: 2_000_000, deny_tags: ["sports"] }), accountId: "", delay: "", from: "2026-01-01", to: "2026-01-31" });
    expect(request).toMatchObject({ account_id: null, delay_seconds: 0, since: "2026-01-01T00:00:00Z", until: "2026-01-31T23:59:59Z", settings: { fixed_amount_micros: 2_000_000, deny_tags: ["sports"] } });
    expect(backtestRequest(1, { rule: toForm({}), accountId: "", delay: "1.5", from: "2026-02-01", to: "2026-01-01" }).errors).toEqual({
      delay: "A whole number of seconds, 0 to 3600.",
      from: "Must not be after the end date.",
    });
  });
});
