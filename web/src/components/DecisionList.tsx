import type { Decision } from "../api/queries";
import { formatPrice, formatShares, formatUsd } from "../money";
import { When } from "./ui";

/** Each leader fill's decision: copy or skip, with the reason in plain words. */
export function DecisionList({ decisions }: { decisions: Decision[] }) {
  return (
    <ul className="decisions">
      {decisions.map((d) => (
        <li key={d.id} className={`decision ${d.action}`} data-testid="decision">
          <div className="decision-head">
            <span className={`badge action-${d.action}`}>{d.action}</span>
            {d.reason && <code className="reason">{d.reason}</code>}
            <span className="muted">
              {d.side ?? ""}{" "}
              {d.amount_micros !== null ? formatUsd(d.amount_micros) : d.size_micros !== null ? `${formatShares(d.size_micros)} shares` : ""}{" "}
              {d.limit_price_micros !== null ? `@ ${formatPrice(d.limit_price_micros)}` : ""}
            </span>
            <span className="muted right">
              <When at={d.created_at} /> · rule #{d.rule_id} v{d.rule_version}
            </span>
          </div>
          <p className="explanation">{d.explanation}</p>
        </li>
      ))}
    </ul>
  );
}
