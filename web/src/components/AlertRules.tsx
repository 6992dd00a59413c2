import { type FormEvent, useEffect, useState } from "react";
import { type AlertKind, type AlertSettings, useAlerts, useAlertSettings, useRouteAlerts, useSaveAlertSettings } from "../api/alerts";
import { type NotificationEvent, useChannels, useWebhooks } from "../api/settings";
import { parseUsd, usdInput } from "../money";
import { ErrorNote, Field, QueryState, Table } from "./ui";

type Unit = "usd" | "count" | "seconds" | "switch";

/** Each alert, the setting that turns it on and sets its threshold, in plain words. */
export const ALERT_KINDS: { kind: AlertKind; label: string; field: keyof AlertSettings; unit: Unit; admin?: boolean }[] = [
  { kind: "drawdown", label: "Realised PnL this far below its peak", field: "drawdown_micros", unit: "usd" },
  { kind: "daily_loss", label: "Lost this much today (UTC)", field: "daily_loss_micros", unit: "usd" },
  { kind: "tracking_error", label: "A rule trails its leader by this much", field: "tracking_error_micros", unit: "usd" },
  { kind: "leader_drift", label: "A leader you copy departs from its own history", field: "leader_drift", unit: "switch" },
  { kind: "dead_letters", label: "Orders that could not be sent (in a day)", field: "dead_letters", unit: "count" },
  { kind: "low_balance", label: "The venue refused an order for balance or allowance", field: "low_balance", unit: "switch" },
  { kind: "circuit_breaker", label: "A worker's circuit breaker is open", field: "circuit_breaker", unit: "switch", admin: true },
  { kind: "worker_down", label: "A worker stopped reporting for", field: "worker_stale_seconds", unit: "seconds", admin: true },
  { kind: "source_down", label: "A detection source silent, while others see fills, for", field: "source_silent_seconds", unit: "seconds", admin: true },
];

type Form = Record<string, string | boolean>;

function toForm(settings: AlertSettings): Form {
  const form: Form = { cooldown_seconds: String(settings.cooldown_seconds ?? ""), tracking_window_days: String(settings.tracking_window_days ?? "") };
  for (const { field, unit } of ALERT_KINDS) {
    const value = settings[field];
    form[field] = unit === "switch" ? Boolean(value) : unit === "usd" ? usdInput(value as number | null) : value == null ? "" : String(value);
  }
  return form;
}

/** The settings a form says; a number field left empty turns its alert off. */
function fromForm(form: Form): AlertSettings | string {
  const out: Record<string, unknown> = {};
  for (const { field, unit, label } of ALERT_KINDS) {
    const raw = form[field];
    if (unit === "switch") {
      out[field] = raw === true;
      continue;
    }
    const text = String(raw).trim();
    const value = unit === "usd" ? parseUsd(text) : text === "" ? null : /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(value)) return `${label}: give a plain number, or leave it empty to turn it off`;
    out[field] = value;
  }
  for (const field of ["cooldown_seconds", "tracking_window_days"]) {
    const text = String(form[field]).trim();
    if (!/^\d+$/.test(text)) return `${field.replace(/_/g, " ")}: give a whole number`;
    out[field] = Number(text);
  }
  return out as AlertSettings;
}

function toggled(list: NotificationEvent[], event: NotificationEvent, on: boolean): NotificationEvent[] {
  return on ? [...new Set([...list, event])] : list.filter((e) => e !== event);
}

/** Alerts (docs/alerts.md): what is firing now, each alert's threshold, and which channel or
 * webhook it goes to. Sent once when it starts and once when it is over ("resolved"). */
export function AlertRules() {
  const settings = useAlertSettings();
  const alerts = useAlerts();
  const channels = useChannels();
  const webhooks = useWebhooks();
  const save = useSaveAlertSettings();
  const route = useRouteAlerts();
  const [form, setForm] = useState<Form | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data && form === null) setForm(toForm(settings.data));
  }, [settings.data, form]);
  const targets = [
    ...(channels.data?.items ?? []).map((c) => ({ target: "channel" as const, id: c.id, name: c.label, events: c.events as NotificationEvent[] })),
    ...(webhooks.data?.items ?? []).map((w) => ({ target: "webhook" as const, id: w.id, name: w.description || w.url, events: w.events as NotificationEvent[] })),
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const body = fromForm(form);
    setInvalid(typeof body === "string" ? body : null);
    if (typeof body !== "string") save.mutate(body);
  };
  const firing = (alerts.data ?? []).filter((a) => a.firing);
  return (
    <div className="stack" data-testid="alert-rules">
      <p className="muted">
        Each alert is sent once when it starts and once, “resolved”, when it ends. One that starts again within the quiet time after
        its last message is not sent again. Leave a threshold empty to turn that alert off.
      </p>
      {firing.length > 0 && (
        <ul className="plain stack" aria-label="Alerts firing now">
          {firing.map((a) => (
            <li key={`${a.kind}-${a.subject}`} className="error" data-testid="alert-firing">
              {a.text}
            </li>
          ))}
        </ul>
      )}
      <QueryState query={settings} what="alert settings">
        {() =>
          form && (
            <form onSubmit={submit} aria-label="Alert thresholds" className="stack">
              {ALERT_KINDS.map(({ kind, label, field, unit, admin }) =>
                unit === "switch" ? (
                  <label key={kind} className="inline">
                    <input type="checkbox" checked={form[field] === true} onChange={(e) => setForm({ ...form, [field]: e.target.checked })} /> {label}
                    {admin ? " (administrators)" : ""}
                  </label>
                ) : (
                  <Field
                    key={kind}
                    label={label + (admin ? " (administrators)" : "")}
                    prefix={unit === "usd" ? "$" : undefined}
                    suffix={unit === "seconds" ? "s" : undefined}
                  >
                    {(p) => <input {...p} inputMode="decimal" value={String(form[field])} onChange={(e) => setForm({ ...form, [field]: e.target.value })} />}
                  </Field>
                ),
              )}
              <Field label="Tracking error over the last" suffix="days">
                {(p) => <input {...p} inputMode="numeric" value={String(form.tracking_window_days)} onChange={(e) => setForm({ ...form, tracking_window_days: e.target.value })} />}
              </Field>
              <Field label="Quiet time after a message" suffix="s" help="An alert that starts again sooner is not sent again.">
                {(p) => <input {...p} inputMode="numeric" value={String(form.cooldown_seconds)} onChange={(e) => setForm({ ...form, cooldown_seconds: e.target.value })} />}
              </Field>
              {invalid && (
                <p className="error" role="alert">
                  {invalid}
                </p>
              )}
              <ErrorNote error={save.error} />
              <div className="actions">
                <button type="submit" className="primary" disabled={save.isPending}>
                  Save thresholds
                </button>
                {save.isSuccess && <span className="muted">Saved.</span>}
              </div>
            </form>
          )
        }
      </QueryState>
      <h3>Where alerts go</h3>
      {targets.length === 0 ? (
        <p className="muted">Add a channel or a webhook first; then choose here which alerts it gets.</p>
      ) : (
        <>
          <ErrorNote error={route.error} />
          <Table columns={["Alert", ...targets.map((t) => `${t.target === "channel" ? "Channel" : "Webhook"}: ${t.name}`)]}>
            {ALERT_KINDS.map(({ kind, label }) => {
              const event = `alert.${kind}` as NotificationEvent;
              return (
                <tr key={kind}>
                  <td>{label}</td>
                  {targets.map((t) => (
                    <td key={`${t.target}-${t.id}`}>
                      <input
                        type="checkbox"
                        aria-label={`${label} → ${t.name}`}
                        checked={t.events.includes(event)}
                        onChange={(e) => route[t.target].mutate({ id: t.id, events: toggled(t.events, event, e.target.checked) })}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </Table>
        </>
      )}
    </div>
  );
}
