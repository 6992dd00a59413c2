import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it } from "vitest";
import { RuleEditPage } from "./Rules";

const REASON = "leader drift: Its median trade in the last 7 days is $50 (14 trades), against $5 before (42 trades): 10.0× the size; drift is 3× larger or smaller.";
const RULE = {
  id: 3,
  account_id: 7,
  leader_id: 1,
  leader_wallet: "0x" + "ab".repeat(20),
  settings: { allocation: "fixed", fixed_amount_micros: 5_000_000, on_leader_drift: "pause" },
  status: "halted",
  status_reason: REASON,
  version: 1,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const path = input instanceof Request ? new URL(input.url).pathname : "";
    return path === "/api/v1/rules/3" ? json(RULE) : json({ error: { code: "not_found", message: "not here" } }, 404);
  });
});

describe("a rule paused for leader drift", () => {
  it("says why on its page, and its form keeps the drift choice", async () => {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter initialEntries={["/rules/3"]}>
          <Routes>
            <Route path="/rules/:id" element={<RuleEditPage />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    expect(await screen.findByTestId("rule-status-reason")).toHaveTextContent(`Paused: ${REASON}`);
    expect(screen.getByRole("button", { name: "Resume" })).toBeInTheDocument();
    expect(screen.getByLabelText("When the leader drifts")).toHaveValue("pause");
  });
});
