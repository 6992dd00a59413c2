import type { Markets } from "../api/markets";
import type { Decision } from "../api/queries";
import { formatShares, formatUsd } from "../money";
import { centsText } from "../rules";
import { MarketName } from "./MarketName";
import { When } from "./ui";

/** A leader's split or merge polycopy did on your shares too: recorded without an order (so
 * as a "skip"), yet it opens or closes positions, so it is shown and counted as a copy. */
const MIRRORED: Record<string, string> = { split_mirrored: "split", merge_mirrored: "merge" };

export function isMirrored(d: Pick<Decision, "reason">): boolean {
  return Boolean(d.reason && d.reason in MIRRORED);
}

/** What the user sees a decision as: copied (an order, or a mirrored split or merge) or skipped. */
export function decisionKind(d: Pick<Decision, "action" | "reason">): "copy" | "mirror" | "skip" {
  return d.action === "copy" ? "copy" : isMirrored(d) ? "mirror" : "skip";
}

function amountText(d: Decision): string {
  if (isMirrored(d)) {
    const pusd = d.details.amount_micros;
    return typeof pusd === "number" ? formatUsd(pusd) : "";
  }
  if (d.amount_micros !== null) return formatUsd(d.amount_micros);
  return d.size_micros !== null ? `${formatShares(d.size_micros)} shares` : "";
}

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
export function DecisionList({ decisions, markets }: { decisions: Decision[]; markets?: Markets }) {
  return (
    <ul className="decisions">
      {decisions.map((d) => (
        <li key={d.id} className={`decision ${decisionKind(d)}`} data-testid="decision">
          <div className="decision-head">
            {isMirrored(d) ? (
              <span className="badge action-mirror" data-testid="decision-action">
                {MIRRORED[d.reason ?? ""]} mirrored
              </span>
            ) : (
              <span className={`badge action-${d.action}`} data-testid="decision-action">
                {d.action}
              </span>
            )}
            {d.outcome && (
              <span className={`badge outcome-${d.outcome}`} data-testid="decision-outcome">
                {OUTCOME_LABELS[d.outcome]}
              </span>
            )}
            {d.reason && !isMirrored(d) && <code className="reason">{d.reason}</code>}
            <span className="muted">
              {d.side ?? ""} {amountText(d)}
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
          {d.condition_id && (
            <p className="decision-market">
              <MarketName conditionId={d.condition_id} market={markets?.get(d.condition_id)} tokenId={d.token_id} />
            </p>
          )}
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
