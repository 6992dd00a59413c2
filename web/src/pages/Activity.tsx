import { useState } from "react";
import { useDecisionPages, useOrderPages } from "../api/paging";
import { type Order, useAccounts, useAllLeaderFills, useLeaders } from "../api/queries";
import { FillTable } from "../components/Fills";
import { useLeaderName } from "./Portfolio";
import { type Markets, useMarkets } from "../api/markets";
import { MarketName } from "../components/MarketName";
import { DecisionList, decisionKind } from "../components/DecisionList";
import { MorePages } from "../components/MorePages";
import { AccountFilter, QueryState, Table, When } from "../components/ui";
import { formatPrice, formatShares, formatUsd } from "../money";

function DecisionsPanel() {
  const [action, setAction] = useState<"all" | "copy" | "skip">("all");
  const [reason, setReason] = useState("");
  const [accountId, setAccountId] = useState<number | undefined>(undefined);
  const accounts = useAccounts();
  const decisions = useDecisionPages(accountId ? { account_id: accountId } : {});
  const markets = useMarkets((decisions.data ?? []).map((d) => d.condition_id));
  const reasons = [...new Set((decisions.data ?? []).map((d) => d.reason).filter((r): r is string => Boolean(r)))].sort();
  return (
    <section className="card">
      <div className="section-head">
        <h2>Decisions</h2>
        <div className="filters" role="group" aria-label="Filter decisions">
          <label>
            Action{" "}
            <select value={action} onChange={(e) => setAction(e.target.value as typeof action)}>
              <option value="all">all</option>
              <option value="copy">copied</option>
              <option value="skip">skipped</option>
            </select>
          </label>
          <label>
            Reason{" "}
            <select value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">any</option>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <AccountFilter accounts={accounts.data?.items ?? []} value={accountId} onChange={setAccountId} />
        </div>
      </div>
      <QueryState query={decisions} what="decisions" empty={(d) => (d.length ? null : "No decisions yet: they appear when a leader you follow trades.")}>
        {(d) => {
          const shown = d.filter(
            (x) => (action === "all" || (decisionKind(x) === "skip" ? "skip" : "copy") === action) && (!reason || x.reason === reason),
          );
          return shown.length ? (
            <DecisionList decisions={shown} markets={markets} />
          ) : (
            <p className="muted">No decisions match these filters{decisions.hasNextPage ? " among the ones loaded: show older ones below" : ""}.</p>
          );
        }}
      </QueryState>
      <MorePages list={decisions} what="decisions" />
    </section>
  );
}

function OrderRow({ order, markets }: { order: Order; markets: Markets }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr>
        <td>
          <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
            #{order.id}
          </button>
        </td>
        <td className="market-cell">
          <MarketName conditionId={order.condition_id} market={markets.get(order.condition_id)} tokenId={order.token_id} />
        </td>
        <td>{order.side}</td>
        <td>
          <span className={`badge status-${order.status}`}>{order.status}</span>
        </td>
        <td>{formatPrice(order.limit_price_micros)}</td>
        <td>{order.amount_micros !== null ? formatUsd(order.amount_micros) : `${formatShares(order.size_micros)} sh`}</td>
        <td>
          {formatShares(order.filled_size_micros)} sh / {formatUsd(order.filled_amount_micros)}
        </td>
        <td>
          <When at={order.created_at} />
        </td>
      </tr>
      {open && (
        <tr className="details">
          <td colSpan={8}>
            <ol className="events" aria-label={`Order ${order.id} history`}>
              {order.events.map((e) => (
                <li key={e.id}>
                  <When at={e.created_at} /> {e.from_status ?? "—"} → <strong>{e.to_status}</strong>
                  {Object.keys(e.details).length > 0 && <code className="small"> {JSON.stringify(e.details)}</code>}
                </li>
              ))}
            </ol>
            {order.last_error && <p className="error">Last error: {order.last_error}</p>}
            <p className="muted small">
              {order.order_type} · decision #{order.decision_id} · {order.attempts} attempt(s) · fee {formatUsd(order.fee_micros)}
              {order.order_hash && <> · hash <code>{order.order_hash.slice(0, 12)}…</code></>}
              {order.chase_of_id != null && <> · replaces #{order.chase_of_id}</>}
              {order.expires_at && (
                <>
                  {" "}
                  · time to live ends <When at={order.expires_at} />
                </>
              )}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}

function OrdersPanel() {
  const orders = useOrderPages({});
  const markets = useMarkets((orders.data ?? []).map((o) => o.condition_id));
  return (
    <section className="card">
      <h2>Orders</h2>
      <QueryState query={orders} what="orders" empty={(d) => (d.length ? null : "No orders yet.")}>
        {(d) => (
          <Table columns={["Order", "Market", "Side", "Status", "Limit", "Size", "Filled", "Created"]}>
            {d.map((o) => (
              <OrderRow key={o.id} order={o} markets={markets} />
            ))}
          </Table>
        )}
      </QueryState>
      <MorePages list={orders} what="orders" />
    </section>
  );
}

function LeaderFillsPanel() {
  const leaders = useLeaders();
  const fills = useAllLeaderFills((leaders.data?.items ?? []).map((l) => l.id));
  const name = useLeaderName();
  const markets = useMarkets(fills.data.slice(0, 30).map((f) => f.condition_id));
  return (
    <section className="card">
      <h2>Leader fills</h2>
      <QueryState
        query={{ ...fills, isPending: leaders.isPending || fills.isPending, error: leaders.error ?? fills.error }}
        what="leader fills"
        empty={(d) => (d.length ? null : "No fills from your leaders yet.")}
      >
        {(d) => <FillTable fills={d.slice(0, 30)} leaderName={name} markets={markets} />}
      </QueryState>
    </section>
  );
}

export function ActivityPage() {
  return (
    <div className="stack">
      <h1>Activity</h1>
      <LeaderFillsPanel />
      <DecisionsPanel />
      <OrdersPanel />
    </div>
  );
}
