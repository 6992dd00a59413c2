import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ok, type Schemas } from "../api/client";
import { usePaged } from "../api/paging";
import { MorePages } from "../components/MorePages";
import { ErrorNote, ModeBadge, QueryState, StateBadge, Table, When } from "../components/ui";
import { formatPrice, formatUsd, shortAddress } from "../money";

const LIVE = 5_000;

function GlobalKillSwitch() {
  const client = useQueryClient();
  const state = useQuery({ queryKey: ["admin", "kill-switch"], queryFn: () => ok(api.GET("/api/v1/admin/kill-switch")), refetchInterval: LIVE });
  const [confirming, setConfirming] = useState(false);
  const set = useMutation({
    mutationFn: (on: boolean) => ok(api.PUT("/api/v1/admin/kill-switch", { body: { on } })),
    onSuccess: (data) => client.setQueryData(["admin", "kill-switch"], data),
    onSettled: () => setConfirming(false),
  });
  return (
    <section className="card">
      <h2>Global kill switch</h2>
      <QueryState query={state} what="the kill switch">
        {(s) => (
          <div className="kill-switch">
            <span>
              {s.on ? (
                <strong className="neg">ON — no rule copies anything.</strong>
              ) : (
                <span>Off: rules copy as configured.</span>
              )}
            </span>
            {s.on ? (
              <button type="button" onClick={() => set.mutate(false)}>
                Turn off
              </button>
            ) : confirming ? (
              <span>
                Halt copying for every user?{" "}
                <button type="button" className="danger" onClick={() => set.mutate(true)}>
                  Yes, halt everything
                </button>{" "}
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </span>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                Halt everything
              </button>
            )}
          </div>
        )}
      </QueryState>
      <ErrorNote error={set.error} />
    </section>
  );
}

function Queue() {
  const queue = useQuery({ queryKey: ["admin", "queue"], queryFn: () => ok(api.GET("/api/v1/admin/queue")), refetchInterval: LIVE });
  return (
    <QueryState query={queue} what="the queue">
      {(q) => (
        <div className="stats">
          <div className="stat">
            <span className="stat-label">Due now</span>
            <span className="stat-value">{q.due_now}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Leased by workers</span>
            <span className="stat-value">{q.leased}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Dead letters</span>
            <span className="stat-value" data-testid="dead-letter-count">
              {q.dead_lettered}
            </span>
          </div>
          <div className="stat">
            <span className="stat-label">By status</span>
            <span className="small">
              {Object.entries(q.by_status)
                .map(([k, v]) => `${k} ${v}`)
                .join(" · ") || "empty"}
            </span>
          </div>
        </div>
      )}
    </QueryState>
  );
}

function DeadLetters() {
  const client = useQueryClient();
  const letters = usePaged(
    ["admin", "dead-letters"],
    (cursor, limit) => ok(api.GET("/api/v1/admin/dead-letters", { params: { query: { cursor, limit } } })),
    { refetchInterval: LIVE },
  );
  const [retried, setRetried] = useState<Schemas["OrderOut"] | null>(null);
  const retry = useMutation({
    mutationFn: (id: number) => ok(api.POST("/api/v1/admin/dead-letters/{order_id}/retry", { params: { path: { order_id: id } } })),
    onSuccess: (order) => {
      setRetried(order);
      client.invalidateQueries({ queryKey: ["admin"] });
    },
  });
  return (
    <section className="card">
      <h2>Dead letters</h2>
      <p className="muted small">Orders polycopy gave up on after its retries. Retrying puts one back in the queue as it is.</p>
      {retried && (
        <p className="success" role="status">
          Order #{retried.id} is back in the queue ({retried.status}).
        </p>
      )}
      <ErrorNote error={retry.error} />
      <QueryState query={letters} what="dead letters" empty={(d) => (d.length ? null : "No dead letters.")}>
        {(d) => (
          <Table columns={["Order", "Account", "Side", "Limit", "Attempts", "Last error", "Action"]}>
            {d.map((o) => (
              <tr key={o.id} data-testid="dead-letter">
                <td>#{o.id}</td>
                <td>{o.account_id}</td>
                <td>
                  {o.side} {o.amount_micros !== null ? formatUsd(o.amount_micros) : ""}
                </td>
                <td>{formatPrice(o.limit_price_micros)}</td>
                <td>{o.attempts}</td>
                <td className="small">{o.last_error}</td>
                <td>
                  <button type="button" onClick={() => retry.mutate(o.id)} disabled={retry.isPending} aria-label={`Retry order ${o.id}`}>
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
      <MorePages list={letters} what="dead letters" />
    </section>
  );
}

/** Detection sources in a trader's words (signals/types.py, FillSource). */
const SOURCES: Record<string, string> = {
  data_api: "Polymarket's Data API (polled every few seconds)",
  rtds: "Polymarket's real-time data stream",
  chain: "The Polygon blockchain (trades as they settle)",
  external: "An outside provider (signed posts to the ingest API)",
};

/** Circuit breakers by name: what they protect. */
const BREAKERS: Record<string, string> = { "clob POST /order": "Sending orders to Polymarket" };

/** A circuit breaker's state in plain words ("closed" reads like "stopped" to most people). */
function breakerWords(b: Schemas["BreakerOut"]): string {
  if (b.state === "closed") return "working normally";
  if (b.state === "half_open") return "trying again after failures";
  const until = b.opened_until ? ` until ${new Date(b.opened_until).toLocaleTimeString()}` : "";
  return `paused after ${b.failures} failures${until}: orders wait, nothing is lost`;
}

function Health() {
  const sources = useQuery({ queryKey: ["admin", "sources"], queryFn: () => ok(api.GET("/api/v1/admin/sources")), refetchInterval: LIVE });
  const runtime = useQuery({ queryKey: ["admin", "runtime"], queryFn: () => ok(api.GET("/api/v1/admin/runtime")), refetchInterval: LIVE });
  return (
    <section className="card">
      <h2>Health</h2>
      <h3>Where leaders' trades come from</h3>
      <QueryState query={sources} what="sources" empty={(s) => (s.length ? null : "No leader trade has been seen yet.")}>
        {(s) => (
          <Table columns={["Source", { label: "Trades reported", num: true }, { label: "Reported first", num: true }, "Last report"]}>
            {s.map((row) => (
              <tr key={row.source}>
                <td>{SOURCES[row.source] ?? row.source}</td>
                <td className="num">{row.sightings}</td>
                <td className="num">{row.first_reports}</td>
                <td>{row.last_seen_at ? <When at={row.last_seen_at} /> : "never"}</td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
      <h3>Workers (the processes that copy trades)</h3>
      <QueryState
        query={runtime}
        what="workers"
        empty={(r) => (r.workers.length ? null : "No worker has reported yet: start one with `polycopy worker` (or `polycopy up`).")}
      >
        {(r) => (
          <ul className="plain" aria-label="Workers">
            {r.workers.map((w) => (
              <li key={w.worker} data-testid="worker">
                <strong>{w.worker}</strong>{" "}
                {w.reported_at && (
                  <span className="muted">
                    last report <When at={w.reported_at} />
                  </span>
                )}
                <ul className="plain">
                  {w.breakers.map((b) => (
                    <li key={b.name} title={`${b.failures} failures now, paused ${b.openings} times so far`}>
                      {BREAKERS[b.name] ?? b.name}: <span className={`badge breaker-${b.state}`}>{breakerWords(b)}</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function Users() {
  const users = useQuery({ queryKey: ["admin", "users"], queryFn: () => ok(api.GET("/api/v1/admin/users", { params: { query: { limit: 200 } } })) });
  const accounts = useQuery({
    queryKey: ["admin", "accounts"],
    queryFn: () => ok(api.GET("/api/v1/admin/accounts", { params: { query: { limit: 200 } } })),
  });
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (a: Schemas["AdminAccountOut"]) =>
      a.trading_state === "halted"
        ? ok(api.POST("/api/v1/admin/accounts/{account_id}/resume", { params: { path: { account_id: a.id } }, body: { reason: null } }))
        : ok(api.POST("/api/v1/admin/accounts/{account_id}/halt", { params: { path: { account_id: a.id } }, body: { reason: "halted by an admin" } })),
    onSettled: () => client.invalidateQueries({ queryKey: ["admin", "accounts"] }),
  });
  return (
    <section className="card">
      <h2>Users and accounts</h2>
      <QueryState query={users} what="users">
        {(u) => (
          <Table columns={["User", "Role", "Accounts", "Since"]}>
            {u.items.map((user) => (
              <tr key={user.id}>
                <td>{user.email}</td>
                <td>{user.role}</td>
                <td>
                  {(accounts.data?.items ?? [])
                    .filter((a) => a.user_id === user.id)
                    .map((a) => (
                      <div key={a.id} className="kill-switch">
                        <span>
                          {a.label} <ModeBadge mode={a.mode} /> <code>{shortAddress(a.funder)}</code> <StateBadge state={a.trading_state} />
                        </span>
                        <button type="button" className={a.trading_state === "halted" ? "" : "danger"} onClick={() => toggle.mutate(a)}>
                          {a.trading_state === "halted" ? "Resume" : "Halt"}
                        </button>
                      </div>
                    ))}
                </td>
                <td>
                  <When at={user.created_at} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
      <ErrorNote error={toggle.error} />
    </section>
  );
}

function Audit() {
  const [entity, setEntity] = useState("");
  const audit = usePaged(
    ["admin", "audit", entity],
    (cursor, limit) => ok(api.GET("/api/v1/admin/audit", { params: { query: { cursor, limit, entity_type: entity || null } } })),
    { refetchInterval: LIVE },
  );
  return (
    <section className="card">
      <div className="section-head">
        <h2>Audit log</h2>
        <label>
          Entity{" "}
          <select value={entity} onChange={(e) => setEntity(e.target.value)}>
            <option value="">all</option>
            {["user", "follower_account", "copy_rule", "order", "system"].map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState query={audit} what="the audit log" empty={(d) => (d.length ? null : "No events.")}>
        {(d) => (
          <Table columns={["When", "Actor", "What", "Details"]}>
            {d.map((e) => (
              <tr key={e.id}>
                <td>
                  <When at={e.created_at} />
                </td>
                <td>{e.actor}</td>
                <td>
                  {e.entity_type} {e.entity_id}: <strong>{e.action}</strong>
                </td>
                <td>
                  <code className="small wrap">{JSON.stringify(e.details)}</code>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
      <MorePages list={audit} what="events" />
    </section>
  );
}

export function AdminPage() {
  return (
    <div className="stack">
      <h1>Admin</h1>
      <GlobalKillSwitch />
      <section className="card">
        <h2>Order queue</h2>
        <Queue />
      </section>
      <DeadLetters />
      <Health />
      <Users />
      <Audit />
    </div>
  );
}
