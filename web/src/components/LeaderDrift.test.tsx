import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { LeaderDrift } from "./LeaderDrift";

const quiet = (kind: string, explanation: string) => ({ kind, drifting: false, baseline: "", recent: "", threshold: kind === "win_rate" ? "" : "3", explanation });

const DRIFTING = {
  checked_at: "2026-03-01T12:00:00Z",
  drifting: true,
  signals: [
    {
      kind: "size",
      drifting: true,
      baseline: "5000000",
      recent: "50000000",
      threshold: "3",
      explanation: "Its median trade in the last 7 days is $50 (14 trades), against $5 before (42 trades): 10.0× the size; drift is 3× larger or smaller.",
    },
    { kind: "categories", drifting: false, baseline: "4", recent: "0.2500", threshold: "0.5", explanation: "3 of its 12 trades in the last 7 days (25 %) are in categories it never traded before." },
    quiet("frequency", "Trading frequency: too little history before the last 7 days."),
    quiet("win_rate", "Win rate: too few closed positions to compare."),
  ],
};

const wrap = () =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <LeaderDrift leaderId={4} />
    </QueryClientProvider>,
  );

/** The table row whose heading cell reads ``heading``. */
const row = (heading: string) => screen.getAllByRole("rowheader").find((h) => h.textContent === heading)!.closest("tr")!;

beforeEach(() => fetchMock.mockReset());

describe("LeaderDrift", () => {
  it("lists the drifting signals with their numbers", async () => {
    fetchMock.mockImplementation(async (input) => {
      if (input instanceof Request) expect(new URL(input.url).pathname).toBe("/api/v1/leaders/4/drift");
      return json(DRIFTING);
    });
    wrap();
    expect(await screen.findByRole("note")).toHaveTextContent("This leader departs from its own history: trade size.");
    const size = row("Trade size · drifting");
    expect(within(size).getByText("$5.00")).toBeInTheDocument();
    expect(within(size).getByText("$50.00")).toBeInTheDocument();
    expect(within(size).getByText("3× up or down")).toBeInTheDocument();
    expect(within(size).getByText(/10.0× the size/)).toBeInTheDocument();
    const categories = row("New categories");
    expect(within(categories).getByText("25 % new")).toBeInTheDocument();
    expect(within(categories).getByText("50 % new")).toBeInTheDocument();
    expect(within(row("Win rate")).getAllByText("—")).toHaveLength(3);
  });

  it("says so when the leader trades like its history", async () => {
    fetchMock.mockResolvedValue(json({ ...DRIFTING, drifting: false, signals: DRIFTING.signals.slice(1) }));
    wrap();
    expect(await screen.findByText("Trades like its own history.")).toBeInTheDocument();
    expect(screen.queryByRole("note")).toBeNull();
  });
});
