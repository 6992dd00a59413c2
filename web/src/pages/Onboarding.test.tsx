import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AccountLinkForm, validateAccount } from "./Onboarding";

const ADDRESS = "0x" + "ab".repeat(20);
const KEY = "0x" + "5e".repeat(32);

function renderForm() {
  fetchMock.mockReset();
  const fetchSpy = fetchMock;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <AccountLinkForm />
    </QueryClientProvider>,
  );
  return fetchSpy;
}

afterEach(() => vi.restoreAllMocks());

describe("AccountLinkForm", () => {
  it("explains each wallet type", () => {
    renderForm();
    expect(screen.getByRole("radio", { name: /proxy wallet/ })).toBeChecked();
    expect(screen.getByText(/the key you export from Polymarket is the signer/)).toBeInTheDocument();
  });

  it("asks for the funder of a proxy wallet, and sends nothing until it is given", async () => {
    const fetchSpy = renderForm();
    await userEvent.click(screen.getByRole("button", { name: "Link account" }));
    expect(screen.getByLabelText("Funder address")).toHaveAccessibleDescription(/required for this wallet type/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("links a paper account with no key: only the address on the profile", async () => {
    const fetchSpy = renderForm();
    fetchSpy.mockResolvedValue(json({}, 201));
    expect(screen.getByRole("radio", { name: /No key: paper trading only/ })).toBeChecked();
    expect(screen.queryByLabelText("Signer private key")).toBeNull();
    await userEvent.type(screen.getByLabelText("Funder address"), ADDRESS);
    await userEvent.click(screen.getByRole("button", { name: "Link account" }));
    await waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(1));
    const request = fetchSpy.mock.calls[0]![0] as Request;
    expect(await request.clone().json()).toEqual({ label: "Main", mode: "paper", signature_type: 1, funder: ADDRESS });
  });

  it("leaves the signer to be filled in from the key", async () => {
    const fetchSpy = renderForm();
    fetchSpy.mockResolvedValue(json({}, 201));
    await userEvent.click(screen.getByRole("radio", { name: /My own wallet/ }));
    await userEvent.click(screen.getByRole("radio", { name: /Use my key/ }));
    expect(screen.getByLabelText("Signer address")).toHaveAccessibleDescription(/filled in from the key/);
    await userEvent.type(screen.getByLabelText("Signer private key"), KEY);
    await userEvent.click(screen.getByRole("button", { name: "Link account" }));
    await waitFor(() => expect(fetchSpy).toHaveBeenCalledTimes(1));
    const body = await (fetchSpy.mock.calls[0]![0] as Request).clone().json();
    expect(body.wallet_address).toBeNull();
    expect(body.credentials).toEqual({ private_key: KEY });
  });

  it("hides the funder for a wallet that trades directly", async () => {
    renderForm();
    await userEvent.click(screen.getByRole("radio", { name: /My own wallet/ }));
    expect(screen.queryByLabelText("Funder address")).toBeNull();
  });

  it("links in paper mode only: live is reached through the confirmed switch", async () => {
    const fetchSpy = renderForm();
    expect(screen.queryByRole("radio", { name: /^Live/ })).toBeNull();
    expect(screen.getByRole("note")).toHaveTextContent(/switch it to live from its settings/);
    expect(screen.queryByRole("checkbox", { name: /real orders/ })).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe("validateAccount", () => {
  const base = {
    label: "Main",
    signatureType: 0,
    keySource: "mine",
    signer: ADDRESS,
    funder: "",
    privateKey: KEY,
    sessionKey: "",
    sessionValidUntil: "",
  } as const;
  it("accepts a complete EOA", () => {
    expect(validateAccount(base)).toEqual({});
  });
  it("needs a session key and its expiry for a deposit wallet", () => {
    expect(Object.keys(validateAccount({ ...base, signatureType: 3, funder: ADDRESS })).sort()).toEqual(["sessionKey", "sessionValidUntil"]);
  });
  it("refuses malformed addresses and keys", () => {
    expect(Object.keys(validateAccount({ ...base, signer: "0x12", privateKey: "zz" })).sort()).toEqual(["privateKey", "signer"]);
  });
  it("needs no key nor signer for a paper key polycopy makes", () => {
    expect(validateAccount({ ...base, keySource: "generate", signer: "", privateKey: "" })).toEqual({});
    expect(validateAccount({ ...base, signer: "" })).toEqual({}); // filled in from the key
  });
});
