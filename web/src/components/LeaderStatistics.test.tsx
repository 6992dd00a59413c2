import { fetchMock } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it } from "vitest";
import { LeaderStatistics } from "./LeaderStatistics";
import { backfill, routes, statistics } from "./leaders.fixtures";

// A loaded machine answers slowly: wait for states longer than the default second.
configure({ asyncUtilTimeout: 5_000 });

const wrap = (node: ReactNode) => render(<QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>{node}</QueryClientProvider>);

beforeEach(() => {
  fetchMock.mockReset();
});

describe("LeaderStatistics", () => {
  it("shows each figure with its interval and sample, activity by hour, tags and top markets", async () => {
    routes({
      "/api/v1/leaders/1/statistics": statistics(),
      "/api/v1/leaders/1/backfill": backfill(),
      "/api/v1/markets": [{ condition_id: "0x" + "c1".repeat(32), question: "Will it rain in Paris on Friday?", url: null, outcomes: [] }],
    });
    wrap(<LeaderStatistics leaderId={1} />);
    const winRate = await screen.findByTestId("stat-Win rate");
    expect(winRate).toHaveTextContent("58 %");
    expect(winRate).toHaveTextContent("41–71 %, 34 closed positions");
    expect(screen.getByTestId("stat-Realised PnL")).toHaveTextContent("the range spans break-even: may be luck");
    expect(screen.getByTestId("stat-Profit factor")).toHaveTextContent("1.8×1.1–2.9×, 34 closed positions");
    expect(screen.getByTestId("stat-Maker fills")).toHaveTextContent("no fills with a known maker/taker role yet");
    expect(screen.getByTestId("activity-by-hour")).toHaveAccessibleName("Trades per hour of the day (UTC); busiest 14:00");
    expect(within(screen.getByTestId("tags")).getByText("politics")).toBeInTheDocument();
    expect(screen.getByTestId("top-markets")).toHaveTextContent("$1,900");
    expect(await within(screen.getByTestId("top-markets")).findByText("Will it rain in Paris on Friday?")).toBeInTheDocument();
    expect(screen.getByTestId("backfill")).toHaveTextContent("History read: 4,210 rows from Polymarket (3,900 new fills stored)");
  });

  it("asks the server for the period chosen", async () => {
    routes({
      "/api/v1/leaders/1/statistics": (r: Request) => statistics({ period: new URL(r.url).searchParams.get("period") as "7d", trades: { value: 0, sample_size: 0 } }),
      "/api/v1/leaders/1/backfill": backfill(),
    });
    wrap(<LeaderStatistics leaderId={1} />);
    await screen.findByText("No trades of this wallet are stored yet.");
    await userEvent.click(screen.getByRole("button", { name: "7 days" }));
    expect(screen.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
    await waitFor(() => expect(fetchMock.mock.calls.some(([r]) => (r as Request).url.endsWith("period=7d"))).toBe(true));
    expect(await screen.findByText("No trades in this period.")).toBeInTheDocument();
  });

  it("shows a progress bar with the rows read while the history is read", async () => {
    routes({
      "/api/v1/leaders/1/statistics": statistics({ trades: { value: 0, sample_size: 0 } }),
      "/api/v1/leaders/1/backfill": backfill({ status: "running", done: false, rows: 1_500, fills_created: 1_200, finished_at: null }),
    });
    wrap(<LeaderStatistics leaderId={1} />);
    expect(await screen.findByRole("progressbar", { name: "History read" })).toBeInTheDocument();
    expect(screen.getByTestId("backfill")).toHaveTextContent("1,500 rows read, 1,200 new fills stored");
    expect(screen.getByText("The statistics appear as soon as the history is read.")).toBeInTheDocument();
  });

  it("shows the statistics as soon as the history is read", async () => {
    let backfillCalls = 0;
    let statsCalls = 0;
    routes({
      "/api/v1/leaders/1/statistics": () => (++statsCalls === 1 ? statistics({ trades: { value: 0, sample_size: 0 } }) : statistics()),
      "/api/v1/leaders/1/backfill": () => (++backfillCalls === 1 ? backfill({ status: "running", done: false, finished_at: null }) : backfill()),
    });
    wrap(<LeaderStatistics leaderId={1} />);
    expect(await screen.findByText("The statistics appear as soon as the history is read.")).toBeInTheDocument();
    expect(await screen.findByTestId("stat-Win rate", {}, { timeout: 5_000 })).toHaveTextContent("58 %");
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("says a wallet has no history instead of drawing an empty chart", async () => {
    routes({
      "/api/v1/leaders/1/statistics": statistics({ trades: { value: 0, sample_size: 0 } }),
      "/api/v1/leaders/1/backfill": backfill({ rows: 0, fills_created: 0 }),
    });
    wrap(<LeaderStatistics leaderId={1} />);
    expect(await screen.findByTestId("no-history")).toHaveTextContent("No history for this wallet");
    expect(screen.queryByTestId("activity-by-hour")).toBeNull();
    expect(screen.queryByTestId("leader-statistics")).toBeNull();
  });

  it("does not call a wallet without history when detection has seen it trade since", async () => {
    routes({ "/api/v1/leaders/1/statistics": statistics(), "/api/v1/leaders/1/backfill": backfill({ rows: 0, fills_created: 0 }) });
    wrap(<LeaderStatistics leaderId={1} />);
    expect(await screen.findByText(/the 120 trades below were seen since/)).toBeInTheDocument();
    expect(screen.queryByTestId("no-history")).toBeNull();
  });

  it("offers to read the history when it never was, and shows the run it starts", async () => {
    let started = false;
    routes({
      "/api/v1/leaders/1/statistics": statistics({ trades: { value: 0, sample_size: 0 } }),
      "/api/v1/leaders/1/backfill": () => (started ? backfill({ status: "pending", done: false, rows: 0 }) : new Response(JSON.stringify({ error: { code: "not_found", message: "backfill not found" } }), { status: 404 })),
      "POST /api/v1/leaders/1/backfill": () => {
        started = true;
        return backfill({ status: "pending", done: false, rows: 0, fills_created: 0 });
      },
    });
    wrap(<LeaderStatistics leaderId={1} />);
    await userEvent.click(await screen.findByRole("button", { name: "Read this wallet's history" }));
    expect(await screen.findByText(/Waiting to read this wallet's history/)).toBeInTheDocument();
  });
});
