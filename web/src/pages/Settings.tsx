import "../components/trader.css";
import { type FormEvent, type ReactNode, useState } from "react";
import { NavLink, Navigate, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import {
  type Channel,
  type NotificationEvent,
  type Scope,
  type Token,
  type Webhook,
  useChangePassword,
  useChannelActive,
  useChannels,
  useCreateChannel,
  useCreateToken,
  useCreateWebhook,
  useDeleteChannel,
  useDeleteWebhook,
  useDeliveries,
  useEndSession,
  usePingWebhook,
  useRevokeToken,
  useSessions,
  useTestChannel,
  useTokens,
  useWebhookActive,
  useWebhooks,
} from "../api/settings";
import { AlertRules } from "../components/AlertRules";
import { ErrorNote, Field, QueryState, Table, When } from "../components/ui";

const SECTIONS = [
  ["tokens", "API tokens"],
  ["webhooks", "Webhooks"],
  ["notifications", "Notifications"],
  ["alerts", "Alerts"],
  ["password", "Password"],
  ["sessions", "Sessions"],
] as const;

type Section = (typeof SECTIONS)[number][0];

/** What each token scope lets a script do, in plain words. */
export const SCOPES: { scope: Scope; label: string }[] = [
  { scope: "accounts:read", label: "See your accounts" },
  { scope: "accounts:write", label: "Change accounts, kill switches" },
  { scope: "leaders:read", label: "See leaders" },
  { scope: "leaders:write", label: "Add and remove leaders" },
  { scope: "rules:read", label: "See copy rules" },
  { scope: "rules:write", label: "Create, pause and delete rules" },
  { scope: "decisions:read", label: "See decisions" },
  { scope: "orders:read", label: "See orders" },
  { scope: "portfolio:read", label: "See the portfolio" },
  { scope: "audit:read", label: "See the audit log" },
  { scope: "events:read", label: "Follow live events" },
  { scope: "notifications:read", label: "See webhooks and channels" },
  { scope: "notifications:write", label: "Change webhooks and channels" },
];

const READ_ONLY: Scope[] = SCOPES.map((s) => s.scope).filter((s) => s.endsWith(":read"));

/** The events a webhook or a channel can be told about. */
export const EVENTS: { event: NotificationEvent; label: string }[] = [
  { event: "order.filled", label: "A copy filled" },
  { event: "order.failed", label: "A copy failed (refused, expired, not sent)" },
  { event: "decision.skipped", label: "A leader's trade was not copied" },
  { event: "state.changed", label: "An account or rule was halted, paused or resumed" },
  { event: "leader.drift", label: "A leader you copy departs from its own history, or is back to it" },
];

function toggled<T>(list: T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

function serverMessage(error: unknown, field: string): string | undefined {
  return error instanceof ApiError && error.field?.replace(/^body\./, "") === field ? error.message.replace(/^[\w.]+: /, "") : undefined;
}

/** A secret the server shows once (a token, a signing secret), with a copy button. */
function ShownOnce({ label, secret }: { label: string; secret: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="card success shown-once" role="status" data-testid="shown-once">
      <p>
        <strong>{label}</strong>: copy it now. polycopy keeps only a fingerprint and will not show it again.
      </p>
      <div className="secret-once">
        <code data-testid="secret">{secret}</code>
        <button
          type="button"
          onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}

/** A row's switch, changed on screen at once; the section says so when the server refuses. */
function ActiveToggle({ active, label, onChange, busy }: { active: boolean; label: string; onChange: (active: boolean) => void; busy: boolean }) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={active} disabled={busy} onChange={(e) => onChange(e.target.checked)} aria-label={label} />
      {active ? "on" : "paused"}
    </label>
  );
}

function Refused({ error, what }: { error: unknown; what: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {what} did not work, so it is shown as it was: {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

function TokensSection() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(READ_ONLY);
  const [expires, setExpires] = useState("");
  const [asking, setAsking] = useState<number | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), scopes, expires_at: expires ? new Date(`${expires}T23:59:59`).toISOString() : null },
      { onSuccess: () => setName("") },
    );
  };
  const live = (t: Token) => !t.revoked_at && !(t.expires_at && new Date(t.expires_at) < new Date());
  return (
    <>
      <p className="muted">
        A token lets a script or another program use the polycopy API as you, limited to the scopes you pick. Send it as{" "}
        <code>Authorization: Bearer …</code>. Revoke it when the script no longer needs it.
      </p>
      {create.data?.token && <ShownOnce label={`Your new token “${create.data.name}”`} secret={create.data.token} />}
      <form onSubmit={submit} aria-label="Create an API token" className="stack">
        <Field label="Token name" help="What uses it, e.g. “spreadsheet export”." error={serverMessage(create.error, "name")}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
        </Field>
        <fieldset>
          <legend>What it may do</legend>
          <div className="scopes">
            {SCOPES.map(({ scope, label }) => (
              <label key={scope} className="inline">
                <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => setScopes((s) => toggled(s, scope, e.target.checked))} />{" "}
                {label} <code className="muted small">{scope}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Expires on" help="Optional: leave empty for a token that works until you revoke it.">
          {(p) => <input {...p} type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />}
        </Field>
        {create.error && !serverMessage(create.error, "name") ? <ErrorNote error={create.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending || !name.trim() || scopes.length === 0}>
            Create token
          </button>
        </div>
      </form>
      <h3>Your tokens</h3>
      <Refused error={revoke.error} what="Revoking the token" />
      <QueryState query={tokens} what="tokens" empty={(d) => (d.items.length ? null : "No tokens yet.")}>
        {(d) => (
          <ul className="plain stack">
            {d.items.map((t) => (
              <li key={t.id} className="account-block" data-testid="token-row">
                <div className="kill-switch">
                  <span>
                    <strong>{t.name}</strong> <code>{t.prefix}…</code>{" "}
                    <span className={`badge ${t.revoked_at || !live(t) ? "state-halted" : "state-active"}`}>
                      {t.revoked_at ? "revoked" : live(t) ? "works" : "expired"}
                    </span>
                    <div className="muted small">
                      made <When at={t.created_at} /> · last used {t.last_used_at ? <When at={t.last_used_at} /> : "never"}
                      {t.expires_at && (
                        <>
                          {" "}
                          · expires <When at={t.expires_at} />
                        </>
                      )}
                    </div>
                    <div className="muted small">{t.scopes.join(", ")}</div>
                  </span>
                  {!t.revoked_at &&
                    (asking === t.id ? (
                      <span className="confirm">
                        Revoke “{t.name}”? It stops working at once.{" "}
                        <button type="button" className="danger" onClick={() => revoke.mutate({ id: t.id }, { onSettled: () => setAsking(null) })}>
                          Yes, revoke
                        </button>{" "}
                        <button type="button" onClick={() => setAsking(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" onClick={() => setAsking(t.id)} aria-label={`Revoke token ${t.name}`}>
                        Revoke
                      </button>
                    ))}
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

function EventChoices({ value, onChange }: { value: NotificationEvent[]; onChange: (events: NotificationEvent[]) => void }) {
  return (
    <fieldset>
      <legend>Tell me when</legend>
      {EVENTS.map(({ event, label }) => (
        <label key={event} className="inline">
          <input type="checkbox" checked={value.includes(event)} onChange={(e) => onChange(toggled(value, event, e.target.checked))} /> {label}
        </label>
      ))}
    </fieldset>
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const [open, setOpen] = useState(false);
  const deliveries = useDeliveries(webhook.id, open);
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Delivery log</summary>
      {open && (
        <QueryState query={deliveries} what="deliveries" empty={(d) => (d.items.length ? null : "Nothing sent yet: send a ping to try it.")}>
          {(d) => (
            <Table columns={["Event", "State", "Attempts", "Last answer", "Sent"]}>
              {d.items.map((x) => (
                <tr key={x.id} data-testid="delivery">
                  <td>{x.event_type}</td>
                  <td>{x.status}</td>
                  <td>{x.attempts}</td>
                  <td>{x.last_error ?? (x.last_status_code ? `HTTP ${x.last_status_code}` : "—")}</td>
                  <td>{x.delivered_at ? <When at={x.delivered_at} /> : x.next_attempt_at ? <>next try <When at={x.next_attempt_at} /></> : "—"}</td>
                </tr>
              ))}
            </Table>
          )}
        </QueryState>
      )}
    </details>
  );
}

function WebhooksSection() {
  const hooks = useWebhooks();
  const create = useCreateWebhook();
  const active = useWebhookActive();
  const remove = useDeleteWebhook();
  const ping = usePingWebhook();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<NotificationEvent[]>(["order.filled", "order.failed"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ url: url.trim(), events, description: description.trim() || null }, { onSuccess: () => setUrl("") });
  };
  return (
    <>
      <p className="muted">
        polycopy POSTs a signed JSON body to your URL when these events happen, and retries a failed delivery. Check the signature
        with the secret shown once below (docs/api.md, “Webhooks”).
      </p>
      {create.data?.secret && <ShownOnce label="The webhook's signing secret" secret={create.data.secret} />}
      <form onSubmit={submit} aria-label="Add a webhook" className="stack">
        <Field label="URL" help="https, to a server on the internet." error={serverMessage(create.error, "url")}>
          {(p) => <input {...p} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/hooks/polycopy" />}
        </Field>
        <Field label="Description" help="Optional.">
          {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />}
        </Field>
        <EventChoices value={events} onChange={setEvents} />
        {create.error && !serverMessage(create.error, "url") ? <ErrorNote error={create.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending || !url.trim() || events.length === 0}>
            Add webhook
          </button>
        </div>
      </form>
      <h3>Your webhooks</h3>
      <Refused error={active.error ?? remove.error} what="The change" />
      <ErrorNote error={ping.error} />
      <QueryState query={hooks} what="webhooks" empty={(d) => (d.items.length ? null : "No webhooks yet.")}>
        {(d) => (
          <ul className="plain stack">
            {d.items.map((h) => (
              <li key={h.id} className="account-block" data-testid="webhook-row">
                <div className="kill-switch">
                  <span>
                    <code className="wrap">{h.url}</code> {h.description && <span className="muted">· {h.description}</span>}
                    <div className="muted small">{h.events.join(", ")}</div>
                  </span>
                  <span className="row-actions">
                    <ActiveToggle active={h.active} label={`Webhook ${h.url} on`} busy={false} onChange={(on) => active.mutate({ id: h.id, active: on })} />
                    <button type="button" onClick={() => ping.mutate(h.id)} disabled={ping.isPending}>
                      Send a ping
                    </button>
                    <button type="button" className="danger" onClick={() => remove.mutate({ id: h.id })} aria-label={`Delete webhook ${h.url}`}>
                      Delete
                    </button>
                  </span>
                </div>
                {ping.isSuccess && ping.variables === h.id && (
                  <p className="muted small" role="status">
                    Ping queued: it appears in the delivery log once sent.
                  </p>
                )}
                <DeliveryLog webhook={h} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

function ChannelRow({ channel }: { channel: Channel }) {
  const test = useTestChannel();
  const active = useChannelActive();
  const remove = useDeleteChannel();
  return (
    <li className="account-block" data-testid="channel-row">
      <div className="kill-switch">
        <span>
          <strong>{channel.label}</strong> <code className="muted">{channel.scheme}://</code>
          <div className="muted small">{channel.events.join(", ")}</div>
        </span>
        <span className="row-actions">
          <ActiveToggle active={channel.active} label={`Channel ${channel.label} on`} busy={false} onChange={(on) => active.mutate({ id: channel.id, active: on })} />
          <button type="button" onClick={() => test.mutate(channel.id)} disabled={test.isPending}>
            {test.isPending ? "Sending…" : "Send a test"}
          </button>
          <button type="button" className="danger" onClick={() => remove.mutate({ id: channel.id })} aria-label={`Delete channel ${channel.label}`}>
            Delete
          </button>
        </span>
      </div>
      {test.data && (
        <p role="status" className={test.data.sent ? "success" : "error"} data-testid="channel-test">
          {test.data.message}
        </p>
      )}
      <ErrorNote error={test.error} />
      <Refused error={active.error ?? remove.error} what="The change" />
    </li>
  );
}

function ChannelsSection() {
  const channels = useChannels();
  const create = useCreateChannel();
  const [label, setLabel] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<NotificationEvent[]>(["order.filled", "order.failed", "state.changed", "leader.drift"]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { label: label.trim(), url: url.trim(), events },
      {
        onSuccess: () => {
          setLabel("");
          setUrl("");
        },
      },
    );
  };
  return (
    <>
      <p className="muted">
        Messages to Telegram, Discord, Slack, e-mail and more, through an{" "}
        <a href="https://github.com/caronc/apprise/wiki" target="_blank" rel="noreferrer">
          apprise URL
        </a>{" "}
        such as <code>tgram://bot-token/chat-id</code> or <code>mailto://user:password@example.com</code>. The URL holds passwords, so it
        is encrypted and never shown again.
      </p>
      <form onSubmit={submit} aria-label="Add a notification channel" className="stack">
        <Field label="Name" help="Where the messages go, e.g. “my phone”." error={serverMessage(create.error, "label")}>
          {(p) => <input {...p} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} />}
        </Field>
        <Field label="Apprise URL" help="Write-only: kept encrypted." error={serverMessage(create.error, "url")}>
          {(p) => <input {...p} type="password" autoComplete="off" value={url} onChange={(e) => setUrl(e.target.value)} />}
        </Field>
        <EventChoices value={events} onChange={setEvents} />
        {create.error && !serverMessage(create.error, "url") && !serverMessage(create.error, "label") ? <ErrorNote error={create.error} /> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending || !label.trim() || !url.trim() || events.length === 0}>
            Add channel
          </button>
        </div>
      </form>
      <h3>Your channels</h3>
      <QueryState query={channels} what="channels" empty={(d) => (d.items.length ? null : "No channels yet.")}>
        {(d) => (
          <ul className="plain stack">
            {d.items.map((c) => (
              <ChannelRow key={c.id} channel={c} />
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}

function PasswordSection() {
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [touched, setTouched] = useState(false);
  const mismatch = touched && next !== again ? "The two new passwords differ." : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (next !== again || !next) return;
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setAgain("");
          setTouched(false);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Change your password" className="stack">
      <Field label="Current password" error={serverMessage(change.error, "current_password")}>
        {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
      </Field>
      <Field label="New password" help="At least 12 characters, hard to guess." error={serverMessage(change.error, "new_password")}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
      </Field>
      <Field label="New password again" error={mismatch}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />}
      </Field>
      {change.data && (
        <p className="success" role="status">
          Password changed.{" "}
          {change.data.sessions_ended
            ? `${change.data.sessions_ended} other browser${change.data.sessions_ended === 1 ? " was" : "s were"} signed out.`
            : "No other browser was signed in."}
        </p>
      )}
      {change.error && !serverMessage(change.error, "current_password") && !serverMessage(change.error, "new_password") ? (
        <ErrorNote error={change.error} />
      ) : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={change.isPending || !current || !next}>
          Change password
        </button>
      </div>
    </form>
  );
}

function SessionsSection() {
  const sessions = useSessions();
  const end = useEndSession();
  return (
    <>
      <p className="muted">Browsers signed in to your account. Sign out one you do not recognise, then change your password.</p>
      <ErrorNote error={end.error} />
      <QueryState query={sessions} what="sessions">
        {(rows) => (
          <Table columns={["Browser", "Signed in", "Until", "Action"]}>
            {rows.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <td>
                  {s.user_agent ?? "unknown browser"} {s.current && <strong>(this browser)</strong>}
                </td>
                <td>
                  <When at={s.created_at} />
                </td>
                <td>
                  <When at={s.expires_at} />
                </td>
                <td>
                  <button type="button" onClick={() => end.mutate({ id: s.id, current: s.current })} disabled={end.isPending}>
                    Sign out
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
    </>
  );
}

const CONTENT: Record<Section, () => ReactNode> = {
  tokens: () => <TokensSection />,
  webhooks: () => <WebhooksSection />,
  notifications: () => <ChannelsSection />,
  alerts: () => <AlertRules />,
  password: () => <PasswordSection />,
  sessions: () => <SessionsSection />,
};

export function SettingsPage() {
  const section = useParams().section as Section | undefined;
  if (!section || !(section in CONTENT)) return <Navigate to="/settings/tokens" replace />;
  const title = SECTIONS.find(([id]) => id === section)![1];
  return (
    <div className="stack">
      <h1>Settings</h1>
      <nav className="settings-nav" aria-label="Settings">
        {SECTIONS.map(([id, label]) => (
          <NavLink key={id} to={`/settings/${id}`}>
            {label}
          </NavLink>
        ))}
      </nav>
      <section className="card settings-card" aria-labelledby="settings-title">
        <h2 id="settings-title">{title}</h2>
        {CONTENT[section]()}
      </section>
    </div>
  );
}
