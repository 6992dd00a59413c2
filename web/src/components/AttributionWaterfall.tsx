// Why your result differs from the leader's: the server's attribution as a waterfall
// (docs/analytics.md). Each step is what one cause cost you; the steps add up to the gap.
import { useState } from "react";
import { type Attribution, sinceDays, useLeaderAttribution, useRuleAttribution } from "../api/analytics";
import { formatUsd } from "../money";
import { reasonText } from "../reasons";
import { QueryState } from "./ui";
import "./analytics.css";

const PART: Record<string, string> = {
  sizing_and_caps: "Sizing and caps",
  unmatched_and_dust: "Unfilled orders and dust",
  detection_delay: "Price moved before you decided",
  slippage: "Slippage when filling",
  fees: "Fees",
  redemption_timing: "Redemptions, merges and splits",
};

const HELP: Record<string, string> = {
  skipped: "what the leader made or lost on trades you skipped",
  sizing_and_caps: "your rule's sizes and limits versus the leader's proportions",
  unmatched_and_dust: "orders that filled only in part or not at all",
  detection_delay: "the book had moved from the leader's price by the time you decided",
  slippage: "your fill price versus the book you saw",
  fees: "trading fees you paid",
  redemption_timing: "what merges and splits made against holding",
};

export interface Step {
  label: string;
  help: string;
  micros: number; // > 0: your result went down by this much
  kind: "total" | "cost" | "gain";
  from: number; // running result before the step (micros)
  to: number; // and after it
}

/** The waterfall's rows: the leader's result, each part as a step down (a cost) or up (a
 * gain), then yours. Parts worth nothing are left out; the arithmetic is the server's. */
export function waterfallSteps(a: Attribution): Step[] {
  const steps: Step[] = [
    { label: "Leader's result, at your size", help: "the leader's trades scaled to what you copied", micros: a.leader_result_micros, kind: "total", from: 0, to: a.leader_result_micros },
  ];
  let running = a.leader_result_micros;
  for (const part of a.parts) {
    if (part.micros === 0) continue;
    const next = running - part.micros;
    steps.push({
      label: part.key === "skipped" ? `Skipped: ${reasonText(part.reason ?? "")}` : (PART[part.key] ?? part.key),
      help: HELP[part.key] ?? "",
      micros: part.micros,
      kind: part.micros > 0 ? "cost" : "gain",
      from: running,
      to: next,
    });
    running = next;
  }
  steps.push({ label: "Your result", help: "what your copies made, marked the same way", micros: a.follower_result_micros, kind: "total", from: 0, to: a.follower_result_micros });
  return steps;
}

export function AttributionWaterfall({ attribution }: { attribution: Attribution }) {
  const steps = waterfallSteps(attribution);
  const values = steps.flatMap((s) => [s.from, s.to]);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const span = high - low || 1;
  const pct = (v: number) => ((v - low) / span) * 100;
  const gap = attribution.gap_micros;
  return (
    <figure className="waterfall" data-testid="attribution-waterfall" aria-label={`Your result versus the leader's: ${formatUsd(attribution.follower_result_micros)} against ${formatUsd(attribution.leader_result_micros)}`}>
      <p className="waterfall-summary">
        {attribution.trades === 0
          ? "No leader trades in this period."
          : gap === 0
            ? "You matched the leader exactly."
            : gap > 0
              ? `You made ${formatUsd(gap)} less than the leader on the same money.`
              : `You made ${formatUsd(-gap)} more than the leader on the same money.`}
      </p>
      <ol className="waterfall-rows">
        {steps.map((s, i) => (
          <li key={i} className={`waterfall-row ${s.kind}`} data-testid="waterfall-step">
            <span className="waterfall-label" title={s.help}>
              {s.label}
            </span>
            <span className="waterfall-track" aria-hidden="true">
              {low < 0 && high > 0 && <span className="waterfall-zero" style={{ left: `${pct(0)}%` }} />}
              <span className="waterfall-bar" style={{ left: `${pct(Math.min(s.from, s.to))}%`, width: `max(2px, ${Math.abs(pct(s.to) - pct(s.from))}%)` }} />
            </span>
            <span className="waterfall-value">{s.kind === "total" ? formatUsd(s.micros) : s.kind === "cost" ? `−${formatUsd(s.micros)}` : `+${formatUsd(-s.micros)}`}</span>
          </li>
        ))}
      </ol>
      <figcaption className="muted small">
        {attribution.copied} of {attribution.trades} leader trades copied. Results are the period's trades marked at its end; each step is one cause, and the steps add up to the difference exactly.
      </figcaption>
    </figure>
  );
}

const PERIODS = [
  [7, "7 days"],
  [30, "30 days"],
  [null, "all time"],
] as const;

function PeriodSwitch({ days, onChange }: { days: number | null; onChange: (d: number | null) => void }) {
  return (
    <label>
      Period{" "}
      <select value={days ?? ""} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        {PERIODS.map(([d, label]) => (
          <option key={label} value={d ?? ""}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Section({ days, onDays, children }: { days: number | null; onDays: (d: number | null) => void; children: React.ReactNode }) {
  return (
    <section className="card" data-testid="attribution">
      <div className="section-head">
        <h2>Why your result differs from the leader's</h2>
        <PeriodSwitch days={days} onChange={onDays} />
      </div>
      {children}
    </section>
  );
}

/** The rule page's attribution, with a period switch. */
export function RuleAttribution({ ruleId }: { ruleId: number }) {
  const [days, setDays] = useState<number | null>(30);
  const query = useRuleAttribution(ruleId, sinceDays(days));
  return (
    <Section days={days} onDays={setDays}>
      <QueryState query={query} what="the attribution">
        {(a) => <AttributionWaterfall attribution={a} />}
      </QueryState>
    </Section>
  );
}

/** The leader page's attribution: one waterfall per account of yours that copies the leader. */
export function LeaderAttribution({ leaderId }: { leaderId: number }) {
  const [days, setDays] = useState<number | null>(30);
  const query = useLeaderAttribution(leaderId, sinceDays(days));
  if (query.data && query.data.length === 0) return null; // you do not copy this leader
  return (
    <Section days={days} onDays={setDays}>
      <QueryState query={query} what="the attribution">
        {(rows) => (
          <>
            {rows.map((a) => (
              <div key={a.rule_id}>
                {rows.length > 1 && <h3>Rule #{a.rule_id}</h3>}
                <AttributionWaterfall attribution={a} />
              </div>
            ))}
          </>
        )}
      </QueryState>
    </Section>
  );
}
