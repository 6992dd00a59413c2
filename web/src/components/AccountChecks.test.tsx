import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { Account } from "../api/queries";
import { CredentialsForm, DoctorPanel, ModeSwitch, checkVerdict } from "./AccountChecks";

const ACCOUNT = {
  id: 3,
  label: "Main",
  mode: "paper",
  signature_type: 0,
  wallet_address: "0x" + "ab".repeat(20),
  funder: "0x" + "ab".repeat(20),
  trading_state: "active",
  state_reason: null,
  quarantined: false,
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
    expect(await screen.findByRole("alert")).toHaveTextContent("Cannot trade live yet. balance: Deposit pUSD");
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
    // A paper account copies whatever the checks say: they tell what going live needs.
    const verdict = await screen.findByTestId("check-verdict");
    expect(verdict).toHaveTextContent("This paper account copies now");
    expect(verdict).not.toHaveTextContent("cannot");
    expect(verdict).not.toHaveClass("success");
    const failed = screen.getByText("Money to trade (pUSD)").closest("li")!;
    expect(failed).toHaveTextContent("Deposit pUSD to 0xAB");
    expect(failed).toHaveClass("fail");
    expect(failed.closest(".success")).toBeNull(); // never drawn in the success colour
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect((fetchMock.mock.calls[0]![0] as Request).url).toMatch(/\/api\/v1\/accounts\/3\/doctor$/);
  });
});

describe("checkVerdict", () => {
  it("blocks only a live account", () => {
    expect(checkVerdict("live", false)).toMatchObject({ tone: "error" });
    expect(checkVerdict("live", false).text).toMatch(/cannot place orders/);
    expect(checkVerdict("paper", false)).toMatchObject({ tone: "paper" });
    expect(checkVerdict("sim", true)).toMatchObject({ tone: "success" });
  });
});

describe("CredentialsForm", () => {
  const QUARANTINED = {
    ...ACCOUNT,
    trading_state: "halted",
    state_reason: "quarantined: CLOB api_secret is not valid URL-safe base64: replace the credentials",
    quarantined: true,
  } satisfies Account;

  it("says why a quarantined account stopped, and shows the server's refusal at its field", async () => {
    fetchMock.mockResolvedValue(
      json({ error: { code: "validation_error", message: "credentials.api_secret: not valid URL-safe base64", field: "credentials.api_secret" } }, 422),
    );
    renderWith(<CredentialsForm account={QUARANTINED} />);
    expect(screen.getByRole("note")).toHaveTextContent(/api_secret is not valid URL-safe base64/);
    const replace = screen.getByRole("button", { name: "Replace credentials" });
    expect(replace).toBeDisabled(); // a signing key is always given
    await userEvent.type(screen.getByLabelText("Signer private key"), "5e".repeat(32));
    await userEvent.type(screen.getByLabelText("CLOB API key (optional)"), "k-1");
    await userEvent.type(screen.getByLabelText("CLOB API secret (optional)"), "not base64");
    await userEvent.type(screen.getByLabelText("CLOB API passphrase (optional)"), "p-1");
    await userEvent.click(replace);
    await waitFor(() => expect(screen.getByLabelText("CLOB API secret (optional)")).toHaveAccessibleDescription(/not valid URL-safe base64/i));
    const request = fetchMock.mock.calls[0]![0] as Request;
    expect(request.method).toBe("PUT");
    expect(request.url).toMatch(/\/api\/v1\/accounts\/3\/credentials$/);
    expect(await request.clone().json()).toEqual({
      credentials: { private_key: "0x" + "5e".repeat(32), api_key: "k-1", api_secret: "not base64", api_passphrase: "p-1" },
    });
  });

  it("replaces the key alone and tells the user to resume a halted account", async () => {
    fetchMock.mockResolvedValue(json(QUARANTINED));
    renderWith(<CredentialsForm account={QUARANTINED} />);
    await userEvent.type(screen.getByLabelText("Signer private key"), "0x" + "5e".repeat(32));
    await userEvent.click(screen.getByRole("button", { name: "Replace credentials" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Credentials replaced. Resume the account to copy again.");
    expect(await (fetchMock.mock.calls[0]![0] as Request).clone().json()).toEqual({ credentials: { private_key: "0x" + "5e".repeat(32) } });
    expect(screen.getByLabelText("Signer private key")).toHaveValue(""); // not kept in the page
  });
});
