import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Schemas } from "../api/client";
import { MICRO, formatPrice, formatShares, formatUsd } from "../money";
import { Table } from "./ui";

type Position = Schemas["LeaderPositionOut"];
type Point = Schemas["LeaderPerformancePointOut"];

const time = (at: string) => new Date(at).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const axisUsd = (v: number) => (v < 0 ? `-$${-v}` : `$${v}`);

/** The leader's open positions as Polymarket reports them. */
export function LeaderPositionsTable({ positions }: { positions: Position[] }) {
  if (positions.length === 0) return <div className="empty">This leader holds no open positions right now.</div>;
  return (
    <div data-testid="leader-positions">
      <Table columns={["Market", "Outcome", { label: "Shares", num: true }, { label: "Avg price", num: true }, { label: "Value", num: true }, { label: "PnL", num: true }, { label: "PnL %", num: true }]}>
        {positions.map((p) => (
          <tr key={p.token_id}>
            <td>{p.title || <code>{p.condition_id.slice(0, 10)}…</code>}</td>
            <td>{p.outcome}</td>
            <td className="num">{formatShares(p.size_micros)}</td>
            <td className="num">{formatPrice(p.average_price_micros)}</td>
            <td className="num">{formatUsd(p.current_value_micros)}</td>
            <td className={`num ${p.cash_pnl_micros < 0 ? "neg" : "pos"}`}>{formatUsd(p.cash_pnl_micros)}</td>
            <td className="num">{p.percent_pnl}%</td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

/** Cumulative realised PnL (left axis) and volume (right axis) after each recorded trade. */
export function LeaderPerformanceChart({ points, height = 240 }: { points: Point[]; height?: number }) {
  if (points.length === 0) return <div className="empty">No trades recorded yet: the chart starts with the first fill polycopy sees.</div>;
  const rows = points.map((p) => ({
    label: time(p.at),
    pnl: p.realized_pnl_micros / MICRO,
    volume: p.volume_micros / MICRO,
    pnlMicros: p.realized_pnl_micros,
    volumeMicros: p.volume_micros,
  }));
  const last = rows.at(-1)!;
  return (
    <figure className="chart-figure" aria-label={`Leader realised PnL ${formatUsd(last.pnlMicros)} on ${formatUsd(last.volumeMicros)} traded`} data-testid="leader-performance">
      <div className="chart" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
            <XAxis dataKey="label" type="category" stroke="var(--muted)" />
            <YAxis yAxisId="pnl" stroke="var(--chart-1)" tickFormatter={axisUsd} width={64} />
            <YAxis yAxisId="volume" orientation="right" stroke="var(--chart-2)" tickFormatter={axisUsd} width={72} />
            <Tooltip
              formatter={(_value, name, item) => {
                const row = item.payload as (typeof rows)[number];
                return [formatUsd(String(name).startsWith("Realised") ? row.pnlMicros : row.volumeMicros), name];
              }}
              contentStyle={{ background: "var(--surface)", borderColor: "var(--border)" }}
            />
            <Legend />
            <Line yAxisId="pnl" type="stepAfter" dataKey="pnl" name="Realised PnL (left)" stroke="var(--chart-1)" strokeWidth={2} dot={rows.length < 30} isAnimationActive={false} />
            <Line yAxisId="volume" type="stepAfter" dataKey="volume" name="Volume (right)" stroke="var(--chart-2)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        From the fills polycopy recorded, at the leader's prices: sales matched first-in first-out against recorded buys; shares bought before polycopy saw the
        wallet, and redemptions, are not counted in the PnL.
      </figcaption>
    </figure>
  );
}
