import { type FormEvent, useState } from "react";
import { useDoctor, useModeSwitch, useReplaceCredentials } from "../api/checks";
import { ApiError } from "../api/client";
import type { Account } from "../api/queries";
import { ErrorNote, Field } from "./ui";

const MARKS: Record<string, string> = { ok: "✓", warn: "!", fail: "✗", skipped: "–" };

/** The doctor's check names, in a trader's words. */
const CHECK_NAMES: Record<string, string> = {
  wallet: "Wallet setup",
  clock: "This server's clock",
  region: "Trading allowed from here",
  api_key: "Sign-in to the exchange",
  closed_only: "No trading restriction",
  balance: "Money to trade (pUSD)",
  allowances: "pUSD approved for trading",
};

/** What the verdict means for this account: a paper (or sim) account copies whatever the
 * checks say, since its orders are never sent; they tell what going live would need. */
export function checkVerdict(mode: Account["mode"], canTrade: boolean): { text: string; tone: "success" | "error" | "paper" } {
  if (mode !== "live") {
    return canTrade
      ? { text: `This ${mode} account copies now, and could trade live as it is.`, tone: "success" }
      : {
          text: `This ${mode} account copies now: its orders are priced against the real book and never sent. Going live needs what is marked ✗ below, and your own signing key if polycopy made this one (replace it under Credentials).`,
          tone: "paper",
        };
  }
  return canTrade
    ? { text: "This account can trade.", tone: "success" }
    : { text: "This account cannot place orders until what is marked ✗ below is fixed; copies are skipped meanwhile.", tone: "error" };
}

/** The doctor's checks in plain words; `auto` runs them at once (after linking). */
export function DoctorPanel({ account, auto = false }: { account: Account; auto?: boolean }) {
  const [asked, setAsked] = useState(auto);
  const doctor = useDoctor(account.id, asked);
  const verdict = doctor.data ? checkVerdict(account.mode, doctor.data.can_trade) : null;
  return (
    <section className="doctor" aria-label={`Checks of ${account.label}`}>
      <button type="button" onClick={() => (asked ? doctor.refetch() : setAsked(true))} disabled={doctor.isFetching}>
        {doctor.isFetching ? "Checking…" : asked ? "Check again" : "Can this account trade?"}
      </button>
      <ErrorNote error={doctor.error} />
      {doctor.data && verdict && (
        <>
          <p role="status" className={`check-verdict ${verdict.tone}`} data-testid="check-verdict">
            {verdict.text}
          </p>
          <ul className="plain checks">
            {doctor.data.checks.map((check) => (
              <li key={check.name} className={`check ${check.status}`} data-testid="check">
                <span aria-label={check.status}>{MARKS[check.status] ?? check.status}</span>{" "}
                <span className="check-name">{CHECK_NAMES[check.name] ?? check.name}</span>: {check.summary || "not checked"}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Paper ↔ live, behind a confirmation dialog; the server runs the doctor before going live. */
export function ModeSwitch({ account }: { account: Account }) {
  const [open, setOpen] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const change = useModeSwitch();
  if (account.mode !== "paper" && account.mode !== "live") return null;
  const target = account.mode === "paper" ? "live" : "paper";
  const close = () => {
    setOpen(false);
    setUnderstood(false);
    change.reset();
  };
  return (
    <div className="mode-switch">
      <button type="button" className={target === "live" ? "danger" : ""} onClick={() => setOpen(true)}>
        {target === "live" ? "Switch to live trading" : "Switch back to paper"}
      </button>
      {open && (
        <div role="dialog" aria-modal="true" aria-labelledby={`mode-${account.id}`} className="dialog">
          <h3 id={`mode-${account.id}`}>{target === "live" ? `Trade live with “${account.label}”?` : `Stop live trading on “${account.label}”?`}</h3>
          {target === "live" ? (
            <>
              <p>
                Copies become real orders paid with this account's pUSD. polycopy first checks the account (as “Can this account
                trade?” does) and refuses if anything blocks it.
              </p>
              <label className="inline">
                <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} /> I understand that
                polycopy will place real orders with this account's money.
              </label>
            </>
          ) : (
            <p>New copies are priced against the real book but no longer sent. Open positions stay as they are.</p>
          )}
          <ErrorNote error={change.error} />
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={change.isPending || (target === "live" && !understood)}
              onClick={() => change.mutate({ accountId: account.id, mode: target }, { onSuccess: close })}
            >
              {change.isPending ? "Checking…" : target === "live" ? "Yes, go live" : "Yes, switch to paper"}
            </button>{" "}
            <button type="button" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

const EMPTY_CREDENTIALS = { privateKey: "", apiKey: "", apiSecret: "", apiPassphrase: "" };
const CREDENTIAL_FIELDS: Record<string, keyof typeof EMPTY_CREDENTIALS> = {
  "credentials.private_key": "privateKey",
  "credentials.api_key": "apiKey",
  "credentials.api_secret": "apiSecret",
  "credentials.api_passphrase": "apiPassphrase",
};

/** Replace the account's signing key and, optionally, its CLOB API credentials. The server
 * checks them as at linking; a quarantined account is resumed by its user afterwards. */
export function CredentialsForm({ account }: { account: Account }) {
  const [form, setForm] = useState(EMPTY_CREDENTIALS);
  const [done, setDone] = useState(false);
  const replace = useReplaceCredentials();
  const set = (key: keyof typeof EMPTY_CREDENTIALS, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const serverError = replace.error instanceof ApiError ? replace.error : null;
  const errorField = serverError?.field ? CREDENTIAL_FIELDS[serverError.field.replace(/^body\./, "")] : undefined;
  const withApi = Boolean(form.apiKey || form.apiSecret || form.apiPassphrase);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const key = form.privateKey.trim();
    const api = withApi ? { api_key: form.apiKey.trim(), api_secret: form.apiSecret.trim(), api_passphrase: form.apiPassphrase.trim() } : {};
    replace.mutate(
      { accountId: account.id, body: { credentials: { private_key: key.startsWith("0x") ? key : `0x${key}`, ...api } } },
      {
        onSuccess: () => {
          setForm(EMPTY_CREDENTIALS);
          setDone(true);
        },
      },
    );
  };
  const secret = (name: keyof typeof EMPTY_CREDENTIALS, label: string, help?: string) => (
    <Field label={label} help={help} error={errorField === name ? serverError!.message : undefined}>
      {(p) => <input {...p} type="password" autoComplete="off" value={form[name]} onChange={(e) => set(name, e.target.value)} />}
    </Field>
  );
  return (
    <form className="credentials" aria-label={`Credentials of ${account.label}`} onSubmit={submit}>
      {account.quarantined && (
        <p role="note" className="warning">
          Copying stopped because of this account's credentials: {account.state_reason}. Replace them, then resume the account.
        </p>
      )}
      {secret("privateKey", "Signer private key", "The key of the signing address; encrypted at once, never shown again.")}
      {secret("apiKey", "CLOB API key (optional)", "Leave the three API fields empty to have the key derived from the signer.")}
      {secret("apiSecret", "CLOB API secret (optional)")}
      {secret("apiPassphrase", "CLOB API passphrase (optional)")}
      {serverError && !errorField && <ErrorNote error={serverError} />}
      {done && (
        <p role="status" className="success">
          Credentials replaced.{account.trading_state === "halted" ? " Resume the account to copy again." : ""}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={replace.isPending || !form.privateKey.trim()}>
          {replace.isPending ? "Checking…" : "Replace credentials"}
        </button>
      </div>
    </form>
  );
}
