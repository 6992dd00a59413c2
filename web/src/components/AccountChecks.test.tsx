import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { Account } from "../api/queries";
import { DoctorPanel, ModeSwitch } from "./AccountChecks";

const ACCOUNT = {
  id: 3,
  label: "Main",
  mode: "paper",
  signature_type: 0,
  wallet_address: "0x" + "ab".repeat(20),
  funder: "0x" + "ab".repeat(20),
  trading_state: "active",
  state_reason: null,
  limits: {},
  has_credentials: true,
  created_at: "2026-05-01T12:00:00Z",
} satisfies Account;

function renderWith(node: React.ReactNode) {
  render(<QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>);
}

beforeEach(() => fetchMock.mockReset());

describe("ModeSwitch", () => {
  it("goes live only after the user confirms, and shows why the server refused", async () => {
    fetchMock.mockResolvedValue(
      json({ error: { code: "doctor_blocker", message: "cannot trade live yet. balance: Deposit pUSD" } }, 409),
    );
    renderWith(<ModeSwitch account={ACCOUNT} />);
    await userEvent.click(screen.getByRole("button", { name: "Switch to live trading" }));
    const dialog = screen.getByRole("dialog", { name: /Trade live with “Main”/ });
    const go = screen.getByRole("button", { name: "Yes, go live" });
    expect(go).toBeDisabled();
    await userEvent.click(screen.getByRole("checkbox", { name: /real orders/ }));
    await userEvent.click(go);
    expect(await screen.findByRole("alert")).toHaveTextContent("balance: Deposit pUSD (doctor_blocker)");
    const request = fetchMock.mock.calls[0]![0] as Request;
    expect(request.url).toMatch(/\/api\/v1\/accounts\/3\/mode$/);
    expect(await request.clone().json()).toEqual({ mode: "live", confirm: true });
    expect(dialog).toBeInTheDocument(); // refused: the dialog stays open
  });
});

describe("DoctorPanel", () => {
  it("runs the checks on demand and lists each in plain words", async () => {
    fetchMock.mockResolvedValue(
      json({
        account_id: 3,
        can_trade: false,
        checks: [
          { name: "wallet", status: "ok", summary: "signature type 0 (EOA)" },
          { name: "balance", status: "fail", summary: "Deposit pUSD to 0xAB" },
        ],
      }),
    );
    renderWith(<DoctorPanel account={ACCOUNT} />);
    expect(fetchMock).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: "Can this account trade?" }));
    expect(await screen.findByText(/cannot trade until the failed checks are fixed/)).toBeInTheDocument();
    expect(screen.getByText("balance").closest("li")).toHaveTextContent("Deposit pUSD to 0xAB");
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect((fetchMock.mock.calls[0]![0] as Request).url).toMatch(/\/api\/v1\/accounts\/3\/doctor$/);
  });
});
