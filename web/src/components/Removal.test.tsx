import { fetchMock } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { beforeEach, describe, expect, it } from "vitest";
import type { Leader, Rule } from "../api/queries";
import { DeleteRule, NoActivity, UnfollowLeader } from "./Removal";

const LEADER: Leader = { id: 4, wallet: "0x" + "ab".repeat(20), name: null, pseudonym: null, created_at: "2026-12-01T00:00:00Z" };
const RULE = {
  id: 9,
  account_id: 1,
  leader_id: 4,
  leader_wallet: LEADER.wallet,
  version: 1,
  status: "active",
  status_reason: null,
  settings: {},
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-01T00:00:00Z",
} as Rule;

function renderWith(node: React.ReactNode) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>{node}</MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => fetchMock.mockReset());

describe("UnfollowLeader", () => {
  it("names the rule to delete first while one copies the leader", () => {
    renderWith(<UnfollowLeader leader={LEADER} rules={[RULE]} />);
    expect(screen.queryByRole("button", { name: "Unfollow" })).toBeNull();
    expect(screen.getByRole("link", { name: "rule #9" })).toHaveAttribute("href", "/rules/9");
  });

  it("asks before unfollowing, then removes the leader", async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    renderWith(<UnfollowLeader leader={LEADER} rules={[{ ...RULE, leader_id: 5 }]} />);
    await userEvent.click(screen.getByRole("button", { name: "Unfollow" }));
    expect(fetchMock).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Yes, unfollow" }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const request = fetchMock.mock.calls[0]![0] as Request;
    expect(request.method).toBe("DELETE");
    expect(request.url).toMatch(/\/api\/v1\/leaders\/4$/);
  });
});

describe("DeleteRule", () => {
  it("deletes only after the confirmation, and can be cancelled", async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    renderWith(<DeleteRule rule={RULE} />);
    await userEvent.click(screen.getByRole("button", { name: "Delete rule 9" }));
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(fetchMock).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Delete rule 9" }));
    await userEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect((fetchMock.mock.calls[0]![0] as Request).url).toMatch(/\/api\/v1\/rules\/9$/);
  });
});

describe("NoActivity", () => {
  it("adds a wallet that never traded only when asked to", async () => {
    let added = 0;
    let cancelled = 0;
    renderWith(<NoActivity wallet={LEADER.wallet} busy={false} onAdd={() => (added += 1)} onCancel={() => (cancelled += 1)} />);
    expect(screen.getByTestId("no-activity")).toHaveTextContent("has never traded on Polymarket");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect([added, cancelled]).toEqual([0, 1]);
    await userEvent.click(screen.getByRole("button", { name: "Add it anyway" }));
    expect([added, cancelled]).toEqual([1, 1]);
  });
});
