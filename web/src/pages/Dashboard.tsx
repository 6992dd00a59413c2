import { Link } from "react-router-dom";
import { useDecisionSummary } from "../api/analytics";
import { useAccounts, useDecisions, useEquity, usePortfolio, useRules } from "../api/queries";
import { useMarkets } from "../api/markets";
import { DecisionList } from "../components/DecisionList";
import { EquityChart, equityRows } from "../components/EquityChart";
import { QueryState } from "../components/ui";
import { formatUsd } from "../money";
import { Signed } from "./Portfolio";

function Stat({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {children}
      </span>
    </div>
  );
}

export function DashboardPage() {
  const accounts = useAccounts();
  const rules = useRules();
  const decisions = useDecisions({});
  // Counted by the server over every decision, not from a page of them.
  const summary = useDecisionSummary().data;
  const portfolio = usePortfolio();
  const equity = useEquity("hour");
  const d = decisions.data?.items ?? [];
  const markets = useMarkets(d.slice(0, 8).map((x) => x.condition_id));
  const totals = portfolio.data?.totals;
  if (accounts.data && accounts.data.items.length === 0) {
    return (
      <section className="card">
        <h1>Welcome to polycopy</h1>
        <p>
          Start by <Link to="/onboarding">linking a Polymarket account</Link> in paper mode.
        </p>
      </section>
    );
  }
  const halted = (accounts.data?.items ?? []).filter((a) => a.trading_state !== "active");
  return (
    <div className="stack">
      <h1>Dashboard</h1>
      {halted.length > 0 && (
        <p className="warning" role="status">
          {halted.map((a) => `${a.label} is ${a.trading_state}${a.state_reason ? ` (${a.state_reason})` : ""}`).join("; ")}.{" "}
          <Link to="/rules">Kill switches</Link>
        </p>
      )}
      <div className="stats">
        <Stat label="Active rules">{(rules.data?.items ?? []).filter((r) => r.status === "active").length}</Stat>
        <Stat label="Copied / not filled / skipped" testId="decision-counts">
          {summary ? `${summary.copied} / ${summary.not_filled} / ${summary.skipped}` : "—"}
        </Stat>
        <Stat label="Orders filled" testId="orders-filled">
          {summary ? summary.orders_filled : "—"}
        </Stat>
        <Stat label="Realised PnL">{totals ? <Signed micros={totals.realized_pnl_micros} /> : "—"}</Stat>
        <Stat label="Unrealised PnL">{totals ? <Signed micros={totals.unrealized_pnl_micros} /> : "—"}</Stat>
        <Stat label="Open at cost">{totals ? formatUsd(totals.cost_micros) : "—"}</Stat>
      </div>
      <section className="card">
        <div className="section-head">
          <h2>PnL over time</h2>
          <Link to="/portfolio">Portfolio</Link>
        </div>
        <QueryState query={equity} what="the equity curve">
          {(e) => <EquityChart rows={equityRows(e.points, e.now, new Date(), "hour")} height={220} />}
        </QueryState>
      </section>
      <section className="card">
        <div className="section-head">
          <h2>Latest decisions</h2>
          <Link to="/activity">All activity</Link>
        </div>
        <QueryState query={decisions} what="decisions" empty={(x) => (x.items.length ? null : "Waiting for the leaders you follow to trade…")}>
          {(x) => <DecisionList decisions={x.items.slice(0, 8)} markets={markets} />}
        </QueryState>
      </section>
    </div>
  );
}
