// "Copy at my settings": replay the leader's history through the live decision code at the
// user's size, limits and detection delay (POST /backtests), then show what it would have done.
import { type FormEvent, useState } from "react";
import { type BacktestJob, type BacktestRequest, useBacktest, useLatestBacktest, useStartBacktest } from "../api/leaders";
import { useAccounts, useRules } from "../api/queries";
import {
  ALLOCATIONS,
  DEFAULT_SETTINGS,
  NUMBER_FIELDS,
  type RuleForm as Form,
  type RuleSettings,
  SLIPPAGE_UNITS,
  fromForm,
  toForm,
} from "../rules";
import { BacktestResultView } from "./BacktestResult";
import { formatUsd } from "../money";
import { ErrorNote, Field, Loading, When } from "./ui";
import "./leaders.css";

const MAX_DELAY_SECONDS = 3_600;
const SHOWN = new Set<string>(["fixed_amount_micros", "percentage_bps", "budget_micros", "range_min_micros", "range_max_micros", "max_slippage_bps", "max_slippage_cents"]);

export interface PanelForm {
  rule: Form;
  accountId: string; // "" = no account limits
  delay: string;
  from: string; // yyyy-mm-dd or ""
  to: string;
}

/** The request the panel sends, or the errors by field. Settings the panel does not show come
 * from the rule (or the defaults) unchanged. */
export function backtestRequest(leaderId: number, form: PanelForm): { request: BacktestRequest | null; errors: Record<string, string> } {
  const { settings, errors: all } = fromForm(form.rule);
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(all)) if (message) errors[SHOWN.has(key) ? key : "settings"] = SHOWN.has(key) ? message : `${key.replaceAll("_", " ")}: ${message} (edit the rule)`;
  const delay = form.delay.trim() === "" ? 0 : Number(form.delay);
  if (!/^\d*$/.test(form.delay.trim()) || delay > MAX_DELAY_SECONDS) errors.delay = `A whole number of seconds, 0 to ${MAX_DELAY_SECONDS}.`;
  if (form.from && form.to && form.from > form.to) errors.from = "Must not be after the end date.";
  if (Object.keys(errors).length || !settings) return { request: null, errors };
  return {
    request: {
      leader_id: leaderId,
      settings,
      account_id: form.accountId ? Number(form.accountId) : null,
      delay_seconds: delay,
      since: form.from ? `${form.from}T00:00:00Z` : null,
      until: form.to ? `${form.to}T23:59:59Z` : null,
    },
    errors,
  };
}

/** The settings a backtest ran with, in words: "$5 per trade · max slippage 2 % · …". */
export function requestSummary(request: BacktestRequest, accountLabel: string | null): string {
  const s = request.settings;
  const pct = (bps: number | null | undefined) => `${(Number(bps ?? 0) / 100).toLocaleString("en-US")} %`;
  const size =
    s.allocation === "percentage"
      ? `${pct(s.percentage_bps)} of each leader trade`
      : s.allocation === "proportional"
        ? `proportional to a ${formatUsd(s.budget_micros ?? 0, 0)} budget`
        : s.allocation === "range"
          ? `${pct(s.percentage_bps)} of each leader trade, ${formatUsd(s.range_min_micros ?? 0)} to ${formatUsd(s.range_max_micros ?? 0)}`
          : `${formatUsd(s.fixed_amount_micros ?? 0)} per trade`;
  const slippage = typeof s.max_slippage_cents === "number" ? `${s.max_slippage_cents}¢` : pct(s.max_slippage_bps ?? 200);
  const window = request.since || request.until ? ` · ${request.since?.slice(0, 10) ?? "start"} to ${request.until?.slice(0, 10) ?? "now"}` : "";
  const limits = request.account_id === null || request.account_id === undefined ? "no account limits" : `limits of ${accountLabel ?? `account #${request.account_id}`}`;
  return `${size} · max slippage ${slippage} · detection delay ${request.delay_seconds ?? 0} s · ${limits}${window}`;
}

function JobState({ job }: { job: BacktestJob }) {
  if (job.status === "queued" || job.status === "running") {
    const { done, total } = job.progress;
    return (
      <label className="progress-label" data-testid="backtest-progress">
        <span>
          {job.status === "queued"
            ? "Waiting for a worker to replay the history…"
            : total
              ? `Replaying the leader's fills: ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`
              : `Replaying the leader's fills: ${done.toLocaleString("en-US")} so far`}
        </span>
        {total ? <progress aria-label="Backtest progress" value={done} max={total} /> : <progress aria-label="Backtest progress" />}
      </label>
    );
  }
  if (job.status === "failed" || !job.result) {
    return (
      <p className="error" role="alert" data-testid="backtest-failed">
        The backtest could not run: {job.error ?? "no result"}
      </p>
    );
  }
  return <BacktestResultView result={job.result} />;
}

function JobView({ job, accountLabel }: { job: BacktestJob; accountLabel: string | null }) {
  return (
    <>
      <p className="small" data-testid="backtest-settings">
        <strong>Settings replayed:</strong> {requestSummary(job.request, accountLabel)} (asked <When at={job.requested_at} />)
      </p>
      <JobState job={job} />
    </>
  );
}

function PanelFormView({ leaderId, initial, ruleId }: { leaderId: number; initial: PanelForm; ruleId: number | null }) {
  const accounts = useAccounts();
  const [form, setForm] = useState<PanelForm>(initial);
  const [showErrors, setShowErrors] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const start = useStartBacktest();
  const latest = useLatestBacktest(leaderId);
  const shownId = jobId ?? latest.data?.id ?? null;
  const job = useBacktest(shownId);
  const { request, errors } = backtestRequest(leaderId, form);
  const shown = showErrors ? errors : {};
  const needs = new Set<string>(ALLOCATIONS.find((a) => a.value === form.rule.allocation)?.needs ?? []);
  const fields = NUMBER_FIELDS.filter((f) => (f.slippageUnit ? f.slippageUnit === form.rule.slippage_unit : needs.has(f.key)));
  const setRule = (change: Partial<Form>) => setForm((f) => ({ ...f, rule: { ...f.rule, ...change } }));
  const running = job.data?.status === "queued" || job.data?.status === "running";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (request) start.mutate(request, { onSuccess: (j) => setJobId(j.id) });
  };

  return (
    <>
      <form onSubmit={submit} noValidate aria-label="Copy at my settings" className="backtest-form">
        <p className="muted small">
          {ruleId ? `Starting from your rule #${ruleId} for this leader` : "Starting from the default settings"}; its other settings apply as they are.
        </p>
        <div className="grid">
          <Field label="Allocation">
            {(p) => (
              <select {...p} value={form.rule.allocation} onChange={(e) => setRule({ allocation: e.target.value as Form["allocation"] })}>
                {ALLOCATIONS.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {fields
            .filter((f) => !f.slippageUnit)
            .map((field) => (
              <Field key={field.key} label={field.label} error={shown[field.key]} prefix={field.unit.prefix} suffix={field.unit.suffix}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={form.rule.numbers[field.key] ?? ""}
                    onChange={(e) => setRule({ numbers: { ...form.rule.numbers, [field.key]: e.target.value } })}
                  />
                )}
              </Field>
            ))}
          <Field label="Slippage in">
            {(p) => (
              <select {...p} value={form.rule.slippage_unit} onChange={(e) => setRule({ slippage_unit: e.target.value as Form["slippage_unit"] })}>
                {SLIPPAGE_UNITS.map((u) => (
                  <option key={u.value} value={u.value}>
                    {u.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {fields
            .filter((f) => f.slippageUnit)
            .map((field) => (
              <Field key={field.key} label="Max slippage" help="Worse than the leader's price by more: skipped." error={shown[field.key]} suffix={field.unit.suffix}>
                {(p) => (
                  <input
                    {...p}
                    inputMode="decimal"
                    value={form.rule.numbers[field.key] ?? ""}
                    onChange={(e) => setRule({ numbers: { ...form.rule.numbers, [field.key]: e.target.value } })}
                  />
                )}
              </Field>
            ))}
          <Field label="Account limits" help="Exposure, spend and loss limits of this account apply.">
            {(p) => (
              <select {...p} value={form.accountId} onChange={(e) => setForm((f) => ({ ...f, accountId: e.target.value }))}>
                <option value="">None</option>
                {(accounts.data?.items ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Detection delay" help="How late polycopy sees each trade." error={shown.delay} suffix="s">
            {(p) => <input {...p} inputMode="numeric" value={form.delay} onChange={(e) => setForm((f) => ({ ...f, delay: e.target.value }))} />}
          </Field>
          <Field label="From" help="Empty: the whole history." error={shown.from}>
            {(p) => <input {...p} type="date" value={form.from} onChange={(e) => setForm((f) => ({ ...f, from: e.target.value }))} />}
          </Field>
          <Field label="To">{(p) => <input {...p} type="date" value={form.to} onChange={(e) => setForm((f) => ({ ...f, to: e.target.value }))} />}</Field>
        </div>
        {shown.settings && (
          <p className="error" role="alert">
            {shown.settings}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={start.isPending || running}>
            {running ? "Running…" : "Run the backtest"}
          </button>
        </div>
        <ErrorNote error={start.error} />
      </form>
      <div aria-live="polite">
        {shownId === null ? (
          latest.isPending ? (
            <Loading what="your last backtest" />
          ) : (
            <p className="muted">Run it to see what copying this leader would have done for you.</p>
          )
        ) : job.error ? (
          <ErrorNote error={job.error} />
        ) : job.data ? (
          <JobView job={job.data} accountLabel={accounts.data?.items.find((a) => a.id === job.data.request.account_id)?.label ?? null} />
        ) : (
          <Loading what="the backtest" />
        )}
      </div>
    </>
  );
}

/** The panel, prefilled from the user's rule for this leader if there is one. */
export function CopyAtMySettings({ leaderId }: { leaderId: number }) {
  const rules = useRules();
  const rule = rules.data?.items.find((r) => r.leader_id === leaderId) ?? null;
  return (
    <section className="card" aria-labelledby="copy-at-my-settings">
      <h2 id="copy-at-my-settings">Copy at my settings</h2>
      <p className="muted">
        What copying this leader would have done for you: its past trades replayed through the same decisions a live rule makes, at your size, limits and detection
        delay, against the market's prices and books.
      </p>
      {rules.isPending ? (
        <Loading what="your rules" />
      ) : (
        <PanelFormView
          key={rule?.id ?? "defaults"}
          leaderId={leaderId}
          ruleId={rule?.id ?? null}
          initial={{
            rule: toForm(rule ? (rule.settings as Partial<RuleSettings>) : DEFAULT_SETTINGS),
            accountId: rule ? String(rule.account_id) : "",
            delay: "0",
            from: "",
            to: "",
          }}
        />
      )}
    </section>
  );
}
