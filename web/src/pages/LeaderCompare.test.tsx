import { fetchMock } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it } from "vitest";
import { LeaderComparePage, parseIds } from "./LeaderCompare";
import { ranked, routes } from "../components/leaders.fixtures";

// A loaded machine answers slowly: wait for states longer than the default second.
configure({ asyncUtilTimeout: 5_000 });

beforeEach(() => {
  fetchMock.mockReset();
});

const page = (url: string) =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/leaders/compare" element={<LeaderComparePage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );

describe("LeaderComparePage", () => {
  it("puts the leaders asked for side by side, one row per statistic", async () => {
    routes({ "/api/v1/leaders/compare": (r: Request) => ({ leaders: new URL(r.url).searchParams.get("ids")!.split(",").map((id) => ranked(Number(id), { copyability: id === "2" ? null : ranked(1).copyability })) }) });
    page("/leaders/compare?ids=2,1");
    const table = await screen.findByTestId("compare");
    const heads = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    expect(heads[1]).toMatch(/^Trader 2/);
    expect(heads[2]).toMatch(/^Trader 1/);
    const winRate = within(table).getByRole("rowheader", { name: "Win rate" }).closest("tr")!;
    expect(winRate).toHaveTextContent("58 %41–71 %, 34 closed positions");
    expect(within(table).getByRole("rowheader", { name: "Copyability" }).closest("tr")).toHaveTextContent("not backtested yet73 of 100");

    await userEvent.click(screen.getByRole("button", { name: "30 days" }));
    await waitFor(() => expect(fetchMock.mock.calls.some(([r]) => (r as Request).url.includes("period=30d"))).toBe(true));
    await userEvent.click(screen.getByRole("button", { name: "Remove Trader 2 from the comparison" }));
    expect(await screen.findByRole("columnheader", { name: /^Trader 1/ })).toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: /^Trader 2/ })).toBeNull();
  });

  it("explains what to do when nobody is picked", () => {
    page("/leaders/compare");
    expect(screen.getByText(/Pick two to four leaders/)).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("takes at most four distinct ids", () => {
    expect(parseIds("3,1,3,x,-2,5,6,7")).toEqual([3, 1, 5, 6]);
    expect(parseIds(null)).toEqual([]);
  });
});
