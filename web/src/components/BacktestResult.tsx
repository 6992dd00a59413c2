// What copying a leader at given settings would have done: copies, skips by reason, money,
// and the follower's equity beside the leader's (a backtest's result, docs/backtest.md).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BacktestResult } from "../api/leaders";
import { MICRO, formatUsd } from "../money";
import { reasonText } from "../reasons";
import { percentText } from "../stats";

const time = (at: string) => new Date(at).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const axisUsd = (v: number) => (v < 0 ? `-$${-v}` : `$${v}`);
const signed = (micros: number) => <span className={micros < 0 ? "neg" : "pos"}>{formatUsd(micros)}</span>;

/** The follower's PnL (left axis) and the leader's (right axis) over the replay: their sizes
 * differ by orders of magnitude, so each has its own scale. */
export function BacktestEquityChart({ points, from, height = 260 }: { points: BacktestResult["equity"]; from?: string | null; height?: number }) {
  if (points.length === 0) return <div className="empty">Nothing was copied, so there is no curve to draw.</div>;
  // Both start from nothing when the replay starts, so even one point draws a line.
  const start = from && from < points[0]!.at ? [{ at: from, follower_micros: 0, leader_micros: 0 }] : [];
  const rows = [...start, ...points].map((p) => ({
    label: time(p.at),
    follower: p.follower_micros / MICRO,
    leader: p.leader_micros / MICRO,
    followerMicros: p.follower_micros,
    leaderMicros: p.leader_micros,
  }));
  const last = rows.at(-1)!;
  return (
    <figure
      className="chart-figure"
      aria-label={`Your PnL ${formatUsd(last.followerMicros)} beside the leader's ${formatUsd(last.leaderMicros)}`}
      data-testid="backtest-equity"
    >
      <div className="chart" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
            <XAxis dataKey="label" type="category" stroke="var(--muted)" minTickGap={24} />
            <YAxis yAxisId="follower" stroke="var(--chart-1)" tickFormatter={axisUsd} width={60} />
            <YAxis yAxisId="leader" orientation="right" stroke="var(--chart-2)" tickFormatter={axisUsd} width={70} />
            <Tooltip
              formatter={(_value, name, item) => {
                const row = item.payload as (typeof rows)[number];
                return [formatUsd(String(name).startsWith("You") ? row.followerMicros : row.leaderMicros), name];
              }}
              contentStyle={{ background: "var(--surface)", borderColor: "var(--border)" }}
            />
            <Legend />
            <Line yAxisId="follower" type="stepAfter" dataKey="follower" name="You (left)" stroke="var(--chart-1)" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line yAxisId="leader" type="stepAfter" dataKey="leader" name="Leader (right)" stroke="var(--chart-2)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        PnL over time: cash in and out plus open shares at the last known price. Each line has its own scale (yours left, the leader's right).
      </figcaption>
    </figure>
  );
}

export function BacktestResultView({ result }: { result: BacktestResult }) {
  const reasons = Object.entries(result.skips_by_reason).sort((a, b) => b[1] - a[1]);
  const range = result.from && result.to ? `${new Date(result.from).toLocaleDateString()} – ${new Date(result.to).toLocaleDateString()}` : null;
  const tracking = result.tracking_error_bps === null ? "—" : percentText(result.tracking_error_bps / 10_000);
  return (
    <div className="stack" data-testid="backtest-result">
      <p data-testid="backtest-counts">
        Of <strong>{result.fills.toLocaleString("en-US")}</strong> leader fills{range && <> ({range})</>}, you would have copied{" "}
        <strong>{result.copies.toLocaleString("en-US")}</strong> and skipped <strong>{result.skips.toLocaleString("en-US")}</strong>.
      </p>
      <div className="stats">
        <div className="stat">
          <span className="stat-label">Your PnL</span>
          <span className="stat-value">{signed(result.pnl_micros)}</span>
          <span className="muted small">
            {formatUsd(result.realized_pnl_micros)} realised, {formatUsd(result.unrealized_pnl_micros)} still open
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Leader's PnL</span>
          <span className="stat-value">{signed(result.leader_pnl_micros)}</span>
          <span className="muted small">at the leader's own size, same period</span>
        </div>
        <div className="stat">
          <span className="stat-label">Capital needed</span>
          <span className="stat-value">{formatUsd(result.capital_needed_micros)}</span>
          <span className="muted small">most pUSD tied up at once</span>
        </div>
        <div className="stat">
          <span className="stat-label">Slippage cost</span>
          <span className="stat-value">{formatUsd(result.slippage_cost_micros)}</span>
          <span className="muted small">paid over the leader's prices, on {formatUsd(result.copied_notional_at_leader_prices_micros)} copied</span>
        </div>
        <div className="stat">
          <span className="stat-label">Fees</span>
          <span className="stat-value">{formatUsd(result.fees_micros)}</span>
          <span className="muted small">market fees on your copies</span>
        </div>
        <div className="stat">
          <span className="stat-label">Tracking error</span>
          <span className="stat-value">{tracking}</span>
          <span className="muted small">how much worse your prices were than the leader's</span>
        </div>
      </div>
      <div className="grid wide">
        <div>
          <h3>Why trades were skipped</h3>
          {reasons.length ? (
            <ul className="plain reasons" data-testid="backtest-reasons">
              {reasons.map(([code, n]) => (
                <li key={code} title={code}>
                  <span>{reasonText(code)}</span>
                  <strong>{n.toLocaleString("en-US")}</strong>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing was skipped.</p>
          )}
        </div>
        <div>
          <h3>Money in and out</h3>
          <ul className="plain small">
            <li>Spent on buys: {formatUsd(result.spent_micros)}</li>
            <li>Received from sales: {formatUsd(result.proceeds_micros)}</li>
            <li>Paid out at resolution: {formatUsd(result.payouts_micros)}</li>
            <li>
              Positions: {result.lots} opened, {result.open_lots} still open at the end
            </li>
          </ul>
        </div>
      </div>
      <BacktestEquityChart points={result.equity} from={result.from} />
      <p className="muted small history-source" data-testid="history-source">
        History used: {result.history_source}
      </p>
    </div>
  );
}
