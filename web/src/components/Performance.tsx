// Performance views (docs/analytics.md): every figure comes aggregated from the server
// (GET /portfolio/performance); this file only draws them.
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Area, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type BarPeriod, type Performance, type PerformanceGroup, sinceDays, usePerformance } from "../api/analytics";
import { MICRO, formatUsd, shortAddress } from "../money";
import { QueryState } from "./ui";
import "./analytics.css";

/** An axis tick in dollars, to the cent below $100 (ticks of a zero-based axis are not round). */
const axisUsd = (v: number) => `${v < 0 ? "-" : ""}$${Math.abs(v).toFixed(Math.abs(v) >= 100 || v === 0 ? 0 : 2)}`;
/** Bars and lines are read against zero: the axis always shows it. */
const WITH_ZERO: [(min: number) => number, (max: number) => number] = [(min) => Math.min(0, min), (max) => Math.max(0, max)];

function Money({ micros }: { micros: number | null | undefined }) {
  if (micros === null || micros === undefined) return <>—</>;
  return <span className={micros > 0 ? "pos" : micros < 0 ? "neg" : ""}>{formatUsd(micros)}</span>;
}

const ratio = (bps: number | null | undefined) => (bps === null || bps === undefined ? "—" : (bps / 10_000).toFixed(2));
const percent = (bps: number | null | undefined) => (bps === null || bps === undefined ? "—" : `${(bps / 100).toFixed(1)} %`);

function barLabel(start: string, period: BarPeriod): string {
  const at = new Date(start);
  if (period === "month") return at.toLocaleDateString([], { month: "short", year: "numeric", timeZone: "UTC" });
  const day = at.toLocaleDateString([], { month: "short", day: "numeric", timeZone: "UTC" });
  return period === "week" ? `wk of ${day}` : day;
}

function Statistics({ p }: { p: Performance }) {
  const s = p.statistics;
  const items: [string, React.ReactNode][] = [
    ["Realised PnL", <Money micros={s.realized_pnl_micros} />],
    ["Open PnL now", <Money micros={s.unrealized_pnl_micros} />],
    ["Closes (won / lost)", `${s.closes} (${s.wins} / ${s.losses})`],
    ["Win rate", percent(s.win_rate_bps)],
    ["Profit factor", s.profit_factor_bps === null ? (s.wins ? "no losses" : "—") : ratio(s.profit_factor_bps)],
    ["Expectancy per close", <Money micros={s.expectancy_micros} />],
    ["Average win / loss", <><Money micros={s.average_win_micros} /> / <Money micros={s.average_loss_micros} /></>],
    ["Best / worst close", <><Money micros={s.best_close_micros} /> / <Money micros={s.worst_close_micros} /></>],
    ["Max drawdown", s.max_drawdown_micros ? <span className="neg">−{formatUsd(s.max_drawdown_micros)}</span> : formatUsd(0)],
    ["Fees paid", formatUsd(s.fees_micros)],
  ];
  return (
    <dl className="perf-stats" data-testid="performance-stats">
      {items.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function PnlBars({ p, period }: { p: Performance; period: BarPeriod }) {
  const rows = p.bars.map((b) => ({ label: barLabel(b.start, period), pnl: b.realized_pnl_micros / MICRO, micros: b.realized_pnl_micros, closes: b.closes }));
  return (
    <figure className="chart-figure" data-testid="pnl-bars" aria-label={`Realised PnL per ${period}`}>
      <div className="chart" style={{ height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
            <XAxis dataKey="label" stroke="var(--muted)" />
            <YAxis stroke="var(--muted)" tickFormatter={axisUsd} width={64} domain={WITH_ZERO} />
            <ReferenceLine y={0} stroke="var(--muted)" />
            <Tooltip
              formatter={(_v, _n, item) => [`${formatUsd((item.payload as (typeof rows)[number]).micros)} (${(item.payload as (typeof rows)[number]).closes} closes)`, "Realised PnL"]}
              contentStyle={{ background: "var(--surface)", borderColor: "var(--border)" }}
            />
            <Bar dataKey="pnl" name="Realised PnL" maxBarSize={48} isAnimationActive={false}>
              {rows.map((r, i) => (
                <Cell key={i} fill={r.micros >= 0 ? "var(--good)" : "var(--bad)"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">PnL realised by sales, redemptions and merges in each {period} (UTC).</figcaption>
    </figure>
  );
}

function EquityDrawdown({ p, period }: { p: Performance; period: BarPeriod }) {
  // The line starts from zero at the range's start, then one point at the end of each bar.
  const rows = [
    { label: "start", equity: 0, drawdown: 0, equityMicros: 0, drawdownMicros: 0 },
    ...p.equity.map((e) => ({
      label: barLabel(e.at, period),
      equity: e.equity_micros / MICRO,
      drawdown: e.drawdown_micros / MICRO,
      equityMicros: e.equity_micros,
      drawdownMicros: e.drawdown_micros,
    })),
  ];
  return (
    <figure className="chart-figure" data-testid="equity-drawdown" aria-label="Cumulative realised PnL and drawdown">
      <div className="chart" style={{ height: 220 }}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
            <XAxis dataKey="label" stroke="var(--muted)" />
            <YAxis stroke="var(--muted)" tickFormatter={axisUsd} width={64} domain={WITH_ZERO} />
            <ReferenceLine y={0} stroke="var(--muted)" />
            <Tooltip
              formatter={(_v, name, item) => {
                const row = item.payload as (typeof rows)[number];
                return [formatUsd(name === "Drawdown" ? row.drawdownMicros : row.equityMicros), name];
              }}
              contentStyle={{ background: "var(--surface)", borderColor: "var(--border)" }}
            />
            <Area type="linear" dataKey="drawdown" name="Drawdown" fill="var(--bad)" fillOpacity={0.25} stroke="var(--bad)" isAnimationActive={false} />
            <Line type="linear" dataKey="equity" name="Cumulative PnL" stroke="var(--chart-1)" strokeWidth={2} dot={rows.length < 40} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">Blue: realised PnL added up since the period's start. Red: how far it is below its best so far.</figcaption>
    </figure>
  );
}

type Naming = (g: PerformanceGroup) => string;

function marketName(g: PerformanceGroup): string {
  return g.name || shortAddress(g.key);
}

function GroupTable({ rows, what, name }: { rows: PerformanceGroup[]; what: string; name: Naming }) {
  if (rows.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table data-testid={`performance-${what}`}>
        <thead>
          <tr>
            <th scope="col">{what === "markets" ? "Market" : what === "categories" ? "Category" : "Leader"}</th>
            <th scope="col">Realised</th>
            <th scope="col">Open now</th>
            <th scope="col">Total</th>
            <th scope="col">Closes (won / lost)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.key}>
              <td>{name(g)}</td>
              <td>
                <Money micros={g.realized_pnl_micros} />
              </td>
              <td>
                <Money micros={g.unrealized_pnl_micros} />
              </td>
              <td>
                <Money micros={g.pnl_micros} />
              </td>
              <td>
                {g.closes} ({g.wins} / {g.losses})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MarketList({ title, rows, testId }: { title: string; rows: PerformanceGroup[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol>
          {rows.map((g) => (
            <li key={g.key}>
              {marketName(g)}: <Money micros={g.pnl_micros} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

const RANGES = [
  [30, "last 30 days"],
  [90, "last 90 days"],
  [365, "last year"],
  [null, "all time"],
] as const;

const TABLES = [
  ["markets", "Per market"],
  ["categories", "Per category"],
  ["leaders", "Per leader"],
] as const;

/** The Portfolio page's performance section. */
export function PerformanceSection({ accountId, leaderName }: { accountId?: number; leaderName: (id: number) => string }) {
  const [period, setPeriod] = useState<BarPeriod>("day");
  const [days, setDays] = useState<number | null>(90);
  const [table, setTable] = useState<(typeof TABLES)[number][0]>("markets");
  const query = usePerformance({ account_id: accountId, period, from: sinceDays(days) });
  const names: Record<string, Naming> = {
    markets: marketName,
    categories: (g) => (g.key === "uncategorised" ? "No category" : g.key),
    leaders: (g) => (g.leader_id === null || g.leader_id === undefined ? "Several leaders (shared redemption)" : leaderName(g.leader_id)),
  };
  return (
    <section className="card" data-testid="performance">
      <div className="section-head">
        <h2>Performance</h2>
        <div className="row-actions">
          <label>
            Bars{" "}
            <select value={period} onChange={(e) => setPeriod(e.target.value as BarPeriod)}>
              <option value="day">daily</option>
              <option value="week">weekly</option>
              <option value="month">monthly</option>
            </select>
          </label>
          <label>
            Range{" "}
            <select value={days ?? ""} onChange={(e) => setDays(e.target.value ? Number(e.target.value) : null)}>
              {RANGES.map(([d, label]) => (
                <option key={label} value={d ?? ""}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <QueryState query={query} what="performance">
        {(p) => (
          <>
            <Statistics p={p} />
            {p.bars.length === 0 ? (
              <p className="empty">Nothing realised in this range yet: bars appear once a copy is sold, redeemed or merged.</p>
            ) : (
              <div className="grid wide">
                <PnlBars p={p} period={period} />
                <EquityDrawdown p={p} period={period} />
              </div>
            )}
            <div className="perf-markets">
              <MarketList title="Best markets" rows={p.best_markets} testId="best-markets" />
              <MarketList title="Worst markets" rows={p.worst_markets} testId="worst-markets" />
            </div>
            <div className="perf-tabs" role="group" aria-label="PnL table">
              {TABLES.map(([key, label]) => (
                <button key={key} type="button" aria-pressed={table === key} onClick={() => setTable(key)}>
                  {label}
                </button>
              ))}
            </div>
            <GroupTable rows={p[table]} what={table} name={names[table]!} />
            <p className="muted small">Realised: in the range. Open now: open positions at their latest marks. Categories are the market's first tag.</p>
          </>
        )}
      </QueryState>
    </section>
  );
}
