import { useState } from "react";
import { Field } from "./ui";

export const EXPORT_KINDS = {
  fills: "Fills",
  lots: "Tax lots (cost basis, proceeds, realised PnL, holding period)",
  decisions: "Decisions",
  orders: "Orders",
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;

export interface ExportChoice {
  accountId: number;
  what: ExportKind;
  format: "csv" | "json";
  from: string; // a date (YYYY-MM-DD), UTC; "" for no bound
  to: string;
}

/** The API's download address (GET /accounts/{id}/export; docs/exports.md). `to` is the
 * last day included, so the bound sent is the day after it (the API's `to` is exclusive). */
export function exportUrl(choice: ExportChoice): string {
  const params = new URLSearchParams({ what: choice.what, format: choice.format });
  if (choice.from) params.set("from", choice.from);
  if (choice.to) params.set("to", dayAfter(choice.to));
  return `/api/v1/accounts/${choice.accountId}/export?${params.toString()}`;
}

function dayAfter(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Download an account's fills, tax lots, decisions or orders over a period, as the server
 * streams them (the browser's session cookie authorises the download). */
export function ExportDownload({
  accounts,
  accountId,
}: {
  accounts: readonly { id: number; label: string }[];
  accountId: number | undefined;
}) {
  const [chosen, setChosen] = useState<number | undefined>(accountId);
  const [what, setWhat] = useState<ExportKind>("lots");
  const [format, setFormat] = useState<"csv" | "json">("csv");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const account = chosen ?? accountId ?? accounts[0]?.id;
  const inverted = Boolean(from && to && to < from);
  return (
    <section className="card" data-testid="export-download">
      <h2>Export</h2>
      {account === undefined ? (
        <p className="muted">Add an account to export its history.</p>
      ) : (
        <>
          <div className="grid">
            <Field label="Account">
              {(p) => (
                <select {...p} value={account} onChange={(e) => setChosen(Number(e.target.value))}>
                  {accounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="What">
              {(p) => (
                <select {...p} value={what} onChange={(e) => setWhat(e.target.value as ExportKind)}>
                  {Object.entries(EXPORT_KINDS).map(([kind, label]) => (
                    <option key={kind} value={kind}>
                      {label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Format">
              {(p) => (
                <select {...p} value={format} onChange={(e) => setFormat(e.target.value as "csv" | "json")}>
                  <option value="csv">CSV</option>
                  <option value="json">JSON</option>
                </select>
              )}
            </Field>
            <Field label="From" help="First day (UTC); empty: from the start">
              {(p) => <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
            </Field>
            <Field label="To" help="Last day (UTC); empty: up to now" error={inverted ? "The last day comes before the first." : undefined}>
              {(p) => <input {...p} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
            </Field>
          </div>
          <div className="actions">
            {inverted ? (
              <span className="muted">Fix the period to download.</span>
            ) : (
              <a className="button" href={exportUrl({ accountId: account, what, format, from, to })} download>
                Download
              </a>
            )}
            <span className="muted small">Money in micro-units (1 pUSD = 1,000,000); times in UTC.</span>
          </div>
        </>
      )}
    </section>
  );
}
