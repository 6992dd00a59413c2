import { useState } from "react";
import { useDoctor, useModeSwitch } from "../api/checks";
import type { Account } from "../api/queries";
import { ErrorNote } from "./ui";

const MARKS: Record<string, string> = { ok: "✓", warn: "!", fail: "✗", skipped: "–" };

/** The doctor's checks in plain words; `auto` runs them at once (after linking). */
export function DoctorPanel({ account, auto = false }: { account: Account; auto?: boolean }) {
  const [asked, setAsked] = useState(auto);
  const doctor = useDoctor(account.id, asked);
  return (
    <section className="doctor" aria-label={`Checks of ${account.label}`}>
      <button type="button" onClick={() => (asked ? doctor.refetch() : setAsked(true))} disabled={doctor.isFetching}>
        {doctor.isFetching ? "Checking…" : asked ? "Check again" : "Can this account trade?"}
      </button>
      <ErrorNote error={doctor.error} />
      {doctor.data && (
        <>
          <p role="status" className={doctor.data.can_trade ? "success" : "error"}>
            {doctor.data.can_trade ? "This account can trade." : "This account cannot trade until the failed checks are fixed."}
          </p>
          <ul className="plain checks">
            {doctor.data.checks.map((check) => (
              <li key={check.name} className={`check ${check.status}`}>
                <span aria-label={check.status}>{MARKS[check.status] ?? check.status}</span> <strong>{check.name}</strong>: {check.summary}
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
