import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AccountLinkForm, validateAccount } from "./Onboarding";

const ADDRESS = "0x" + "ab".repeat(20);
const KEY = "0x" + "5e".repeat(32);

function renderForm() {
  const fetchSpy = vi.spyOn(globalThis, "fetch");
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
    await userEvent.type(screen.getByLabelText("Signer address"), ADDRESS);
    await userEvent.type(screen.getByLabelText("Signer private key"), KEY);
    await userEvent.click(screen.getByRole("button", { name: "Link account" }));
    expect(screen.getByLabelText("Funder address")).toHaveAccessibleDescription(/required for this wallet type/);
    expect(fetchSpy).not.toHaveBeenCalled();
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
  const base = { label: "Main", signatureType: 0, signer: ADDRESS, funder: "", privateKey: KEY, sessionKey: "", sessionValidUntil: "" };
  it("accepts a complete EOA", () => {
    expect(validateAccount(base)).toEqual({});
  });
  it("needs a session key and its expiry for a deposit wallet", () => {
    expect(Object.keys(validateAccount({ ...base, signatureType: 3, funder: ADDRESS })).sort()).toEqual(["sessionKey", "sessionValidUntil"]);
  });
  it("refuses malformed addresses and keys", () => {
    expect(Object.keys(validateAccount({ ...base, signer: "0x12", privateKey: "zz" })).sort()).toEqual(["privateKey", "signer"]);
  });
});
