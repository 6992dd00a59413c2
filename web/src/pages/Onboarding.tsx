import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "react-router-dom";
import { ApiError, api, ok, type Schemas } from "../api/client";
import { useAccounts } from "../api/queries";
import { DoctorPanel } from "../components/AccountChecks";
import { ErrorNote, Field, ModeBadge, StateBadge } from "../components/ui";
import { revealError } from "../errors";
import { shortAddress } from "../money";


export const WALLET_TYPES = [
  {
    type: 0,
    title: "My own wallet trades directly",
    detail:
      "An ordinary wallet (EOA) that holds the funds and signs its own orders. The signer and the funder are the same address.",
    funder: false,
  },
  {
    type: 1,
    title: "Polymarket account made with e-mail (proxy wallet)",
    detail:
      "Polymarket created a proxy wallet for you. The proxy (the address on your Polymarket profile) is the funder that holds the money; the key you export from Polymarket is the signer.",
    funder: true,
  },
  {
    type: 2,
    title: "Polymarket account connected with a browser wallet (Safe)",
    detail:
      "Your browser wallet controls a Safe that Polymarket deployed. The Safe (the address on your profile) is the funder; your browser wallet's key is the signer.",
    funder: true,
  },
  {
    type: 3,
    title: "Deposit wallet with a session key",
    detail:
      "A deposit wallet (smart account) holds the money and lets a time-limited session key sign orders. polycopy never needs your main key.",
    funder: true,
  },
] as const;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const KEY = /^(0x)?[0-9a-fA-F]{64}$/;

export type AccountForm = {
  label: string;
  signatureType: number;
  /** "generate": polycopy makes a paper signing key (no key of yours); "mine": your key. */
  keySource: "generate" | "mine";
  signer: string;
  funder: string;
  privateKey: string;
  sessionKey: string;
  sessionValidUntil: string;
};

/** A deposit wallet signs with its session key: polycopy cannot make one for it. */
export const keySourceOf = (form: AccountForm) => (form.signatureType === 3 ? "mine" : form.keySource);

export function validateAccount(form: AccountForm): Record<string, string> {
  const errors: Record<string, string> = {};
  const needsFunder = WALLET_TYPES[form.signatureType]?.funder ?? false;
  const mine = keySourceOf(form) === "mine";
  if (!form.label.trim()) errors.label = "Give the account a name.";
  // The signer is the key's address: the server works it out when the field is left empty.
  if (mine && form.signer.trim() && !ADDRESS.test(form.signer.trim())) errors.signer = "A 0x address with 40 hex digits, or leave it empty.";
  if (needsFunder && !ADDRESS.test(form.funder.trim()))
    errors.funder = "The address on your Polymarket profile (the funder) is required for this wallet type.";
  if (!mine) return errors;
  if (form.signatureType === 3) {
    if (!KEY.test(form.sessionKey.trim())) errors.sessionKey = "A session key: 64 hex digits.";
    if (!form.sessionValidUntil) errors.sessionValidUntil = "When the session key expires.";
  } else if (!KEY.test(form.privateKey.trim())) {
    errors.privateKey = "A private key: 64 hex digits (with or without 0x).";
  }
  return errors;
}

function toBody(form: AccountForm): Schemas["AccountCreate"] {
  const needsFunder = WALLET_TYPES[form.signatureType]?.funder ?? false;
  const key = (text: string) => (text.trim().startsWith("0x") ? text.trim() : `0x${text.trim()}`);
  const body: Schemas["AccountCreate"] = {
    label: form.label.trim(),
    mode: "paper", // live is reached only through the confirmed switch, after the checks
    signature_type: form.signatureType,
    funder: needsFunder ? form.funder.trim() : null,
  };
  if (keySourceOf(form) === "generate") return body; // polycopy makes a paper signing key
  return {
    ...body,
    wallet_address: form.signer.trim() || null,
    credentials:
      form.signatureType === 3
        ? {
            session_key: key(form.sessionKey),
            deposit_wallet: form.funder.trim(),
            session_valid_until: Math.floor(new Date(form.sessionValidUntil).getTime() / 1000),
          }
        : { private_key: key(form.privateKey) },
  };
}

const FIELD_OF: Record<string, string> = {
  label: "label",
  wallet_address: "signer",
  funder: "funder",
  "credentials.private_key": "privateKey",
  "credentials.session_key": "sessionKey",
};

export function AccountLinkForm({ onLinked }: { onLinked?: (account: Schemas["AccountOut"]) => void }) {
  const [form, setForm] = useState<AccountForm>({
    label: "Main",
    signatureType: 1,
    keySource: "generate",
    signer: "",
    funder: "",
    privateKey: "",
    sessionKey: "",
    sessionValidUntil: "",
  });
  const [touched, setTouched] = useState(false);
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (body: Schemas["AccountCreate"]) => ok(api.POST("/api/v1/accounts", { body })),
    onSuccess: (account) => {
      client.invalidateQueries({ queryKey: ["accounts"] });
      setForm((f) => ({ ...f, privateKey: "", sessionKey: "" }));
      setTouched(false);
      onLinked?.(account);
    },
    onError: revealError,
  });
  const errors = touched ? validateAccount(form) : {};
  const serverError = create.error instanceof ApiError ? create.error : null;
  const serverField = serverError?.field ? FIELD_OF[serverError.field.replace(/^body\./, "")] : undefined;
  if (serverField && !errors[serverField]) errors[serverField] = serverError!.message;
  const set = <K extends keyof AccountForm>(key: K, value: AccountForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const wallet = WALLET_TYPES[form.signatureType]!;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (Object.keys(validateAccount(form)).length) return revealError();
    create.mutate(toBody(form));
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Link a Polymarket account">
      <fieldset>
        <legend>How do you trade on Polymarket?</legend>
        <div className="choices">
          {WALLET_TYPES.map((w) => (
            <label key={w.type} className={`choice${form.signatureType === w.type ? " selected" : ""}`}>
              <input
                type="radio"
                name="signature_type"
                value={w.type}
                checked={form.signatureType === w.type}
                onChange={() => set("signatureType", w.type)}
              />
              <strong>{w.title}</strong>
              <span className="help">{w.detail}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Account name" error={errors.label}>
        {(p) => <input {...p} value={form.label} onChange={(e) => set("label", e.target.value)} />}
      </Field>
      {wallet.funder && (
        <Field
          label={form.signatureType === 3 ? "Deposit wallet address (funder)" : "Funder address"}
          help="The address that holds your money — the one shown on your Polymarket profile."
          error={errors.funder}
        >
          {(p) => (
            <input {...p} value={form.funder} spellCheck={false} placeholder="0x…" onChange={(e) => set("funder", e.target.value)} />
          )}
        </Field>
      )}
      {form.signatureType !== 3 && (
        <fieldset>
          <legend>Signing key</legend>
          <div className="choices">
            <label className={`choice${form.keySource === "generate" ? " selected" : ""}`}>
              <input type="radio" name="key_source" checked={form.keySource === "generate"} onChange={() => set("keySource", "generate")} />
              <strong>No key: paper trading only</strong>
              <span className="help">
                polycopy makes a signing key for this paper account. Copies are priced against the real book and never sent, so no key
                of yours is needed. Give your own key later, before going live.
              </span>
            </label>
            <label className={`choice${form.keySource === "mine" ? " selected" : ""}`}>
              <input type="radio" name="key_source" checked={form.keySource === "mine"} onChange={() => set("keySource", "mine")} />
              <strong>Use my key</strong>
              <span className="help">The key that signs your Polymarket orders: needed to trade live. Encrypted at once, never shown again.</span>
            </label>
          </div>
        </fieldset>
      )}
      {keySourceOf(form) === "mine" && (
        <>
          {form.signatureType === 3 ? (
            <>
              <Field label="Session key" help="Encrypted at once; never shown again." error={errors.sessionKey}>
                {(p) => (
                  <input {...p} type="password" autoComplete="off" value={form.sessionKey} onChange={(e) => set("sessionKey", e.target.value)} />
                )}
              </Field>
              <Field label="Session key valid until" error={errors.sessionValidUntil}>
                {(p) => (
                  <input {...p} type="datetime-local" value={form.sessionValidUntil} onChange={(e) => set("sessionValidUntil", e.target.value)} />
                )}
              </Field>
            </>
          ) : (
            <Field label="Signer private key" help="Encrypted at once with the server's key; never shown or logged again." error={errors.privateKey}>
              {(p) => (
                <input {...p} type="password" autoComplete="off" value={form.privateKey} onChange={(e) => set("privateKey", e.target.value)} />
              )}
            </Field>
          )}
          <Field
            label={form.signatureType === 3 ? "Session key address (signer)" : "Signer address"}
            help="Optional: filled in from the key. Give it to have polycopy check that the key is the one you meant."
            error={errors.signer}
          >
            {(p) => (
              <input {...p} value={form.signer} spellCheck={false} placeholder="from the key" onChange={(e) => set("signer", e.target.value)} />
            )}
          </Field>
        </>
      )}
      <p className="muted" role="note">
        Accounts start in paper mode: orders are priced against the real book but never sent. Once the account checks pass, switch
        it to live from its settings (Rules → Accounts), with a confirmation.
      </p>
      {serverError && !serverField && <ErrorNote error={serverError} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Link account
        </button>
      </div>
    </form>
  );
}

export function OnboardingPage() {
  const accounts = useAccounts();
  const [linked, setLinked] = useState<Schemas["AccountOut"] | null>(null);
  const items = accounts.data?.items ?? [];
  return (
    <div className="stack">
      <section className="card">
        <h1>Get started</h1>
        <ol className="steps">
          <li className="done">Create your polycopy account</li>
          <li className={items.length ? "done" : ""}>Link a Polymarket account (paper mode first)</li>
          <li>
            <Link to="/leaders">Pick a leader</Link> and set how much to copy
          </li>
        </ol>
      </section>
      {linked && (
        <section className="card success" role="status">
          <p>
            Linked “{linked.label}” in <strong>{linked.mode}</strong> mode (signer <code>{shortAddress(linked.wallet_address)}</code>
            ). It copies as soon as it follows a leader. Next: <Link to="/leaders">choose a leader to follow</Link>.
          </p>
          <DoctorPanel account={linked} auto />
        </section>
      )}
      {items.length > 0 && (
        <section className="card">
          <h2>Your accounts</h2>
          <ul className="plain">
            {items.map((a) => (
              <li key={a.id}>
                {a.label} <ModeBadge mode={a.mode} /> funder <code>{shortAddress(a.funder)}</code> <StateBadge state={a.trading_state} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card">
        <h2>Link a Polymarket account</h2>
        <AccountLinkForm onLinked={setLinked} />
      </section>
    </div>
  );
}
