import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { AlertRules } from "./AlertRules";

const SETTINGS = {
  drawdown_micros: 50_000_000,
  daily_loss_micros: 25_000_000,
  tracking_error_micros: 10_000_000,
  tracking_window_days: 7,
  leader_drift: true,
  circuit_breaker: true,
  dead_letters: 1,
  low_balance: true,
  worker_stale_seconds: 180,
  source_silent_seconds: 900,
  cooldown_seconds: 900,
};
const CHANNEL = { id: 5, label: "phone", scheme: "tgram", events: ["order.filled"], active: true, created_at: "2026-12-01T00:00:00Z" };
const FIRING = {
  kind: "daily_loss",
  subject: "account:1",
  firing: true,
  episode: 1,
  notified: true,
  since: "2026-12-01T00:00:00Z",
  last_notified_at: "2026-12-01T00:00:00Z",
  text: "Account 'main' (#1) lost $30.00 today (UTC) (alert at $25.00).",
};

function requests(method: string): Request[] {
  return fetchMock.mock.calls.map((c) => c[0] as Request).filter((r) => r.method === method);
}

beforeEach(() => {
  fetchMock.mockReset();
  fetchMock.mockImplementation(async (input) => {
    const request = input as Request;
    const key = `${request.method} ${new URL(request.url).pathname}`;
    if (key === "GET /api/v1/alerts/settings") return json(SETTINGS);
    if (key === "PUT /api/v1/alerts/settings") return json(await request.clone().json());
    if (key === "GET /api/v1/alerts") return json([FIRING]);
    if (key === "GET /api/v1/notification-channels") return json({ items: [CHANNEL], next_before: null });
    if (key === "GET /api/v1/webhooks") return json({ items: [], next_before: null });
    if (key === "PATCH /api/v1/notification-channels/5") return json({ ...CHANNEL, ...(await request.clone().json()) });
    throw new Error(`unexpected ${key}`);
  });
});

function renderIt() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <AlertRules />
    </QueryClientProvider>,
  );
}

describe("AlertRules", () => {
  it("shows what fires, saves thresholds in micro-units (empty: off) and routes an alert to a channel", async () => {
    renderIt();
    expect(await screen.findByTestId("alert-firing")).toHaveTextContent("lost $30.00 today");
    const drawdown = await screen.findByLabelText("Realised PnL this far below its peak");
    expect(drawdown).toHaveValue("50");
    await userEvent.clear(drawdown);
    await userEvent.type(drawdown, "12.5");
    await userEvent.clear(screen.getByLabelText("Lost this much today (UTC)"));
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    await waitFor(() => expect(requests("PUT")).toHaveLength(1));
    const body = await requests("PUT")[0]!.json();
    expect(body.drawdown_micros).toBe(12_500_000);
    expect(body.daily_loss_micros).toBeNull();
    expect(body.cooldown_seconds).toBe(900);

    await userEvent.click(screen.getByLabelText("Realised PnL this far below its peak → phone"));
    await waitFor(() => expect(requests("PATCH")).toHaveLength(1));
    expect(await requests("PATCH")[0]!.json()).toEqual({ events: ["order.filled", "alert.drawdown"] });
  });

  it("refuses a threshold that is not a plain number and sends nothing", async () => {
    renderIt();
    const drawdown = await screen.findByLabelText("Realised PnL this far below its peak");
    await userEvent.clear(drawdown);
    await userEvent.type(drawdown, "lots");
    await userEvent.click(screen.getByRole("button", { name: "Save thresholds" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("plain number");
    expect(requests("PUT")).toHaveLength(0);
  });
});
