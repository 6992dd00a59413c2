import { useEffect, useState } from "react";
import { type RulePreview, useRulePreview } from "../api/checks";
import { formatPrice, formatUsd } from "../money";
import type { RuleSettings } from "../rules";
import { ErrorNote } from "./ui";

export const PREVIEW_DELAY_MS = 500;

/** The value, once it has stopped changing for `delay` ms. */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

export function reasonsSummary(preview: RulePreview): string {
  return Object.entries(preview.reasons)
    .map(([code, count]) => `${count} ${code.replaceAll("_", " ")}`)
    .join(", ");
}

/** "With these settings the last N trades of this leader would have been: copied X, skipped Y." */
export function RulePreviewPanel({
  accountId,
  leaderWallet,
  settings,
}: {
  accountId: number;
  leaderWallet: string;
  settings: RuleSettings | null;
}) {
  const key = settings && leaderWallet ? JSON.stringify({ accountId, leaderWallet, settings }) : null;
  const settled = useDebounced(key, PREVIEW_DELAY_MS);
  const request = settled ? (JSON.parse(settled) as { accountId: number; leaderWallet: string; settings: RuleSettings }) : null;
  const preview = useRulePreview(
    request ? { account_id: request.accountId, leader_wallet: request.leaderWallet, settings: request.settings } : null,
  );
  let body;
  if (!key) body = <p className="muted">Enter a leader and valid settings to see what they would have copied.</p>;
  else if (preview.error) body = <ErrorNote error={preview.error} />;
  else if (!preview.data || key !== settled) body = <p className="muted">Working out the preview…</p>;
  else if (preview.data.considered === 0)
    body = <p className="muted">No stored trades of this leader yet: add it to your leaders and its history is read in the background.</p>;
  else {
    const data = preview.data;
    body = (
      <>
        <p data-testid="preview-counts">
          With these settings the last {data.considered} trades of this leader would have been: copied {data.copied}, skipped{" "}
          {data.skipped}
          {data.skipped > 0 && <> — {reasonsSummary(data)}</>}.
        </p>
        {data.backtest && (
          <p data-testid="preview-backtest" className="small">
            Over {data.backtest.history_source}: copied {data.backtest.copies} of {data.backtest.fills}; your PnL{" "}
            {formatUsd(data.backtest.pnl_micros)} (the leader's {formatUsd(data.backtest.leader_pnl_micros)}), capital needed{" "}
            {formatUsd(data.backtest.capital_needed_micros)}.
          </p>
        )}
        <details>
          <summary>Trade by trade</summary>
          <ul className="plain small">
            {data.fills.map((f) => (
              <li key={f.leader_fill_id}>
                {/* A split or merge has no side and no price of its own. */}
                {f.side ? `${f.side} ${formatUsd(f.usdc_micros)} at ${formatPrice(f.price_micros)}` : formatUsd(f.usdc_micros)}: {f.explanation}
              </li>
            ))}
          </ul>
        </details>
      </>
    );
  }
  return (
    <section className="preview" aria-label="Preview" aria-live="polite">
      <h3>Preview on the leader's latest trades</h3>
      {body}
      <p className="muted small">
        Replayed over the leader's stored history under your account's limits, from its state now, against the book of each
        moment (recorded, or modelled where none was: a large copy gets only what the book held).
      </p>
    </section>
  );
}
