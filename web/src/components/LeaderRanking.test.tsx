import { fetchMock } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { LeaderRanking, WalkForwardBox, rankingQuery } from "./LeaderRanking";
import { ranked, routes } from "./leaders.fixtures";

// A loaded machine answers slowly: wait for states longer than the default second.
configure({ asyncUtilTimeout: 5_000 });

const wrap = (node: ReactNode) =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>{node}</MemoryRouter>
    </QueryClientProvider>,
  );

beforeEach(() => {
  fetchMock.mockReset();
});

const rankingUrls = () => fetchMock.mock.calls.map(([r]) => new URL((r as Request).url)).filter((u) => u.pathname === "/api/v1/leaders/ranking");

describe("LeaderRanking", () => {
  it("ranks leaders with each figure's range and sample, and explains a score on demand", async () => {
    routes({ "/api/v1/leaders/ranking": { period: "all", rows: [ranked(1), ranked(2, { copyability: null, statistics: null })], excluded: 0 } });
    wrap(<LeaderRanking onCompare={() => {}} />);
    const rows = await screen.findAllByTestId("ranking-row");
    expect(rows).toHaveLength(2);
    const first = within(rows[0]!);
    expect(first.getByRole("link", { name: "Trader 1" })).toHaveAttribute("href", "/leaders/1");
    expect(rows[0]).toHaveTextContent("58 %41–71 %, 34 closed positions");
    expect(first.getByTitle("58 % (41–71 %, 34 closed positions)")).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent("—");

    expect(screen.queryByTestId("score-explanation")).toBeNull();
    await userEvent.click(first.getByRole("button", { name: /73/ }));
    const explanation = screen.getByTestId("score-explanation");
    expect(explanation).toHaveTextContent("Score 73 of 100 at your default rule: $5 per trade, max slippage 2 %. Copied 64 % of the leader's trades, your ROI 9.1 %");
    expect(within(explanation).getByText("follower ROI").closest("tr")).toHaveTextContent("follower ROI9.1 %46.9 of 60backtest at your default rule");
    expect(explanation).toHaveTextContent("Replayed: 120 stored fills from 2026-01-02");
  });

  it("sends the filters and sort to the server", async () => {
    routes({ "/api/v1/leaders/ranking": { period: "all", rows: [], excluded: 3 } });
    wrap(<LeaderRanking onCompare={() => {}} />);
    expect(await screen.findByText("No leader passes these filters (3 filtered out).")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText("Sort by"), "win_rate");
    await userEvent.type(screen.getByLabelText("Min trades"), "20");
    await userEvent.type(screen.getByLabelText("Max drawdown"), "250.5");
    await userEvent.type(screen.getByLabelText("Category"), "politics");
    await userEvent.selectOptions(screen.getByLabelText("Active within"), "7");
    await userEvent.click(screen.getByRole("button", { name: "30 days" }));
    await waitFor(() =>
      expect(Object.fromEntries(rankingUrls().at(-1)!.searchParams)).toEqual({
        period: "30d",
        sort: "win_rate",
        tag: "politics",
        min_trades: "20",
        max_drawdown_micros: "250500000",
        active_within_days: "7",
      }),
    );
    // Debounced: not one request per keystroke.
    expect(rankingUrls().length).toBeLessThan(8);
  });

  it("lets up to four leaders be picked for a comparison", async () => {
    const onCompare = vi.fn();
    routes({ "/api/v1/leaders/ranking": { period: "all", rows: [1, 2, 3, 4, 5].map((id) => ranked(id)), excluded: 0 } });
    wrap(<LeaderRanking onCompare={onCompare} />);
    await screen.findAllByTestId("ranking-row");
    const compare = screen.getByRole("button", { name: /side by side/ });
    expect(compare).toBeDisabled();
    for (const id of [2, 1, 4, 5]) await userEvent.click(screen.getByRole("checkbox", { name: `Compare Trader ${id}` }));
    expect(screen.getByRole("checkbox", { name: "Compare Trader 3" })).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Compare 4 side by side" }));
    expect(onCompare).toHaveBeenCalledWith([2, 1, 4, 5]);
  });

  it("reads filters as the API's units", () => {
    expect(rankingQuery({ period: "7d", sort: "roi", tag: " ", minTrades: "1.5", maxDrawdown: "abc", activeDays: "", minTrade: "5", maxTrade: "" })).toEqual({
      period: "7d",
      sort: "roi",
      tag: undefined,
      min_trades: undefined,
      max_drawdown_micros: undefined,
      active_within_days: undefined,
      min_trade_micros: 5_000_000,
      max_trade_micros: undefined,
    });
  });
});

describe("WalkForwardBox", () => {
  it("says whether past rank predicted the next period, against the luck baseline", async () => {
    routes({
      "/api/v1/leaders/walk-forward": {
        leaders: 12,
        rank_correlation: "0.2100",
        baseline_mean: "0.0030",
        baseline_p95: "0.4800",
        p_value: "0.2500",
        left_out: 2,
        split_at: "2026-02-02T00:00:00Z",
        verdict: "indistinguishable from luck",
        rows: [{ leader_id: 1, wallet: "0x" + "1".repeat(40), past_rank: 1, past_value: "0.3000", next_rank: 7, next_value: "-0.0500" }],
      },
    });
    wrap(<WalkForwardBox />);
    expect(await screen.findByTestId("walk-forward-verdict")).toHaveTextContent("Indistinguishable from luck.");
    const box = screen.getByTestId("walk-forward");
    expect(box).toHaveTextContent("rank correlation of 0.21");
    expect(box).toHaveTextContent("2 of your leaders left out");
    expect(box).toHaveTextContent("0.00 on average and up to 0.48 in 95 % of shuffles; the chance luck alone does as well is 25 %");
    await userEvent.click(screen.getByRole("button", { name: "Copyability" }));
    await waitFor(() => expect(fetchMock.mock.calls.some(([r]) => (r as Request).url.includes("sort=copyability"))).toBe(true));
  });
});
