import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { Performance } from "../api/analytics";
import { PerformanceSection } from "./Performance";

const group = (key: string, name: string | null, realized: number, unrealized: number, leader_id: number | null = null) => ({
  key,
  name,
  leader_id,
  realized_pnl_micros: realized,
  unrealized_pnl_micros: unrealized,
  pnl_micros: realized + unrealized,
  closes: 1,
  wins: realized > 0 ? 1 : 0,
  losses: realized < 0 ? 1 : 0,
});

const RAIN = group("0xc1", "Will it rain in Lisbon?", -2_466_000, 0);
const PERFORMANCE: Performance = {
  period: "day",
  since: null,
  until: null,
  bars: [
    { start: "2026-11-27T00:00:00Z", realized_pnl_micros: 676_000, fees_micros: 10_000, closes: 1, wins: 1, losses: 0 },
    { start: "2026-11-29T00:00:00Z", realized_pnl_micros: -2_466_000, fees_micros: 0, closes: 1, wins: 0, losses: 1 },
  ],
  equity: [
    { at: "2026-11-27T00:00:00Z", equity_micros: 676_000, peak_micros: 676_000, drawdown_micros: 0 },
    { at: "2026-11-29T00:00:00Z", equity_micros: -1_790_000, peak_micros: 676_000, drawdown_micros: -2_466_000 },
  ],
  statistics: {
    closes: 2,
    wins: 1,
    losses: 1,
    realized_pnl_micros: -1_790_000,
    unrealized_pnl_micros: 0,
    fees_micros: 10_000,
    gross_profit_micros: 676_000,
    gross_loss_micros: 2_466_000,
    profit_factor_bps: 2741,
    win_rate_bps: 5000,
    expectancy_micros: -895_000,
    average_win_micros: 676_000,
    average_loss_micros: -2_466_000,
    best_close_micros: 676_000,
    worst_close_micros: -2_466_000,
    max_drawdown_micros: 2_466_000,
  },
  best_markets: [],
  worst_markets: [RAIN],
  markets: [RAIN],
  categories: [group("Weather", null, -2_466_000, 0)],
  leaders: [group("4", "0xabab", -1_790_000, 0, 4), group("several", null, 0, 0)],
};

const wrap = () =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <PerformanceSection accountId={3} leaderName={(id) => `leader ${id}`} />
    </QueryClientProvider>,
  );

beforeEach(() => fetchMock.mockReset());

describe("PerformanceSection", () => {
  it("shows the server's statistics, markets by name and the tables", async () => {
    const asked: URL[] = [];
    fetchMock.mockImplementation(async (input) => {
      if (!(input instanceof Request)) return json({}); // jsdom's own calls
      asked.push(new URL(input.url));
      return json(PERFORMANCE);
    });
    wrap();
    const stats = await screen.findByTestId("performance-stats");
    expect(within(stats).getByText("0.27")).toBeInTheDocument(); // profit factor
    expect(within(stats).getByText("50.0 %")).toBeInTheDocument();
    expect(within(stats).getByText("−$2.46")).toBeInTheDocument(); // max drawdown
    expect(within(screen.getByTestId("worst-markets")).getByText(/Will it rain in Lisbon\?/)).toBeInTheDocument();
    expect(within(screen.getByTestId("performance-markets")).getByText("Will it rain in Lisbon?")).toBeInTheDocument();
    expect(asked[0]!.pathname).toBe("/api/v1/portfolio/performance");
    expect(asked[0]!.searchParams.get("account_id")).toBe("3");
    expect(asked[0]!.searchParams.get("period")).toBe("day");

    await userEvent.click(screen.getByRole("button", { name: "Per leader" }));
    const leaders = screen.getByTestId("performance-leaders");
    expect(within(leaders).getByText("leader 4")).toBeInTheDocument();
    expect(within(leaders).getByText("Several leaders (shared redemption)")).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Bars"), "week");
    await waitFor(() => expect(asked.at(-1)!.searchParams.get("period")).toBe("week"));
  }, 30_000); // charts and clicks are slow on a busy machine
});
