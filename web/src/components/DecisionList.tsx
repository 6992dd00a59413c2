import type { Decision } from "../api/queries";
import { formatShares, formatUsd } from "../money";
import { centsText } from "../rules";
import { When } from "./ui";

const OUTCOME_LABELS: Record<NonNullable<Decision["outcome"]>, string> = {
  pending: "on its way",
  filled: "filled",
  partially_filled: "partly filled",
  killed: "killed",
  expired: "expired unfilled",
  rejected: "refused",
  dead_lettered: "not sent",
};

/** Each leader fill's decision: copy or skip, with the reason in plain words; a copy also
 * says what became of its order, so a killed or refused copy never reads as copied. */
export function DecisionList({ decisions }: { decisions: Decision[] }) {
  return (
    <ul className="decisions">
      {decisions.map((d) => (
        <li key={d.id} className={`decision ${d.action}`} data-testid="decision">
          <div className="decision-head">
            <span className={`badge action-${d.action}`}>{d.action}</span>
            {d.outcome && (
              <span className={`badge outcome-${d.outcome}`} data-testid="decision-outcome">
                {OUTCOME_LABELS[d.outcome]}
              </span>
            )}
            {d.reason && <code className="reason">{d.reason}</code>}
            <span className="muted">
              {d.side ?? ""}{" "}
              {d.amount_micros !== null ? formatUsd(d.amount_micros) : d.size_micros !== null ? `${formatShares(d.size_micros)} shares` : ""}
              {d.limit_price_micros !== null && (
                <>
                  {" "}
                  <span data-testid="decision-limit" title="The worst price this copy accepts (for a skip: would have accepted)">
                    {d.side === "SELL" ? "at least" : d.side === "BUY" ? "at most" : "limit"} {centsText(d.limit_price_micros)}
                  </span>
                </>
              )}
            </span>
            <span className="muted right">
              <When at={d.created_at} /> · rule #{d.rule_id} v{d.rule_version}
            </span>
          </div>
          <p className="explanation">{d.explanation}</p>
          {d.outcome === "partially_filled" && d.filled_size_micros !== null && d.filled_amount_micros !== null && (
            <p className="muted small">
              Got {formatShares(d.filled_size_micros)} shares for {formatUsd(d.filled_amount_micros)}.
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
