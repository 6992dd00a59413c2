import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { useOrderPages } from "../api/paging";
import { MorePages } from "./MorePages";
import { SortHeader, useSort } from "./Sortable";

function Orders() {
  const orders = useOrderPages({});
  return (
    <>
      <ul aria-label="Orders">{orders.data?.map((o) => <li key={o.id}>#{o.id}</li>)}</ul>
      <MorePages list={orders} what="orders" />
    </>
  );
}

describe("MorePages", () => {
  beforeEach(() => fetchMock.mockReset());

  it("asks for the page older than the last one shown, until there is none", async () => {
    const cursors: (string | null)[] = [];
    fetchMock.mockImplementation(async (input) => {
      if (!(input instanceof Request)) return json({}); // jsdom's own calls
      const cursor = new URL(input.url).searchParams.get("cursor");
      cursors.push(cursor);
      return cursor === null ? json({ items: [{ id: 9 }, { id: 8 }], next_cursor: "v1.8" }) : json({ items: [{ id: 7 }], next_cursor: null });
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <Orders />
      </QueryClientProvider>,
    );
    await screen.findByText("Showing the newest 2 orders.");
    await userEvent.click(screen.getByRole("button", { name: "Show older orders" }));
    await screen.findByText("All 3 orders shown.");
    expect(within(screen.getByRole("list", { name: "Orders" })).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["#9", "#8", "#7"]);
    expect(cursors).toEqual([null, "v1.8"]);
    expect(screen.queryByRole("button", { name: "Show older orders" })).toBeNull();
  });
});

function Sorted({ rows }: { rows: { name: string; pnl: number }[] }) {
  const sort = useSort<"name" | "pnl">("pnl");
  return (
    <table>
      <thead>
        <tr>
          <SortHeader label="Name" column="name" sort={sort} />
          <SortHeader label="PnL" column="pnl" sort={sort} num />
        </tr>
      </thead>
      <tbody>
        {sort.apply(rows, { name: (r) => r.name, pnl: (r) => r.pnl }).map((r) => (
          <tr key={r.name}>
            <td>{r.name}</td>
            <td>{r.pnl}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

describe("SortHeader", () => {
  const names = () => screen.getAllByRole("row").slice(1).map((r) => r.firstChild?.textContent);

  it("sorts by a column, largest first, and reverses on a second click", async () => {
    render(<Sorted rows={[{ name: "b", pnl: 5 }, { name: "a", pnl: -20 }, { name: "c", pnl: 100 }]} />);
    expect(names()).toEqual(["c", "b", "a"]);
    expect(screen.getByRole("columnheader", { name: /PnL/ }).getAttribute("aria-sort")).toBe("descending");
    await userEvent.click(screen.getByRole("button", { name: /PnL/ }));
    expect(names()).toEqual(["a", "b", "c"]);
    await userEvent.click(screen.getByRole("button", { name: /Name/ }));
    expect(names()).toEqual(["c", "b", "a"]);
    expect(screen.getByRole("columnheader", { name: /PnL/ }).getAttribute("aria-sort")).toBe("none");
  });
});
