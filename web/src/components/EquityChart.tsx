import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Schemas } from "../api/client";
import { MICRO, formatUsd } from "../money";

type Point = Schemas["EquityPointOut"];
type Totals = Schemas["PortfolioTotals"];

export interface ChartRow {
  at: number;
  label: string; // one slot per period end, and "now"
  pnl: number; // dollars, for the axis only; labels format the micros
  pnlMicros: number;
  openCostMicros: number;
  openCost: number;
}

const time = (at: number) => new Date(at).toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

const axisUsd = (v: number) => (v < 0 ? `-$${-v}` : `$${v}`);

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The curve: zero before the first bucket with fills, each bucket's cumulative realised PnL
 * and open cost at its end (not later than now), and a last point "now" that adds the
 * unrealised PnL of what is open at the latest known prices.
 */
export function equityRows(points: Point[], now: Totals | undefined, nowAt: Date, bucket: keyof typeof BUCKET_MS = "hour"): ChartRow[] {
  const clock = nowAt.getTime();
  const rows: Omit<ChartRow, "pnl" | "openCost" | "label">[] = [];
  const first = points[0];
  if (first) rows.push({ at: new Date(first.at).getTime() - BUCKET_MS[bucket], pnlMicros: 0, openCostMicros: 0 });
  for (const p of points) {
    rows.push({ at: Math.min(new Date(p.at).getTime(), clock), pnlMicros: p.realized_pnl_micros, openCostMicros: p.open_cost_micros });
  }
  if (now && rows.length) {
    rows.push({
      at: Math.max(clock, (rows.at(-1)?.at ?? 0) + 1),
      pnlMicros: now.realized_pnl_micros + now.unrealized_pnl_micros,
      openCostMicros: now.cost_micros,
    });
  }
  return rows.map((r, i) => ({
    ...r,
    label: now && i === rows.length - 1 ? "now" : time(r.at),
    pnl: r.pnlMicros / MICRO,
    openCost: r.openCostMicros / MICRO,
  }));
}

export function EquityChart({ rows, height = 260 }: { rows: ChartRow[]; height?: number }) {
  if (rows.length === 0) {
    return <div className="empty">No fills yet: the curve starts with your first copied trade.</div>;
  }
  const last = rows.at(-1)!;
  return (
    <figure className="chart-figure" aria-label={`PnL over time; now ${formatUsd(last.pnlMicros)}`} data-testid="equity-chart">
      <div className="chart" style={{ height }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
            <XAxis dataKey="label" type="category" stroke="var(--muted)" />
            <YAxis yAxisId="pnl" stroke="var(--chart-1)" tickFormatter={axisUsd} width={64} />
            <YAxis yAxisId="cost" orientation="right" stroke="var(--chart-2)" tickFormatter={axisUsd} width={64} />
            <Tooltip
              labelFormatter={(label) => String(label)}
              formatter={(_value, name, item) => {
                const row = item.payload as ChartRow;
                return [formatUsd(String(name).startsWith("PnL") ? row.pnlMicros : row.openCostMicros), name];
              }}
              contentStyle={{ background: "var(--surface)", borderColor: "var(--border)" }}
            />
            <Legend />
            <Line yAxisId="pnl" type="linear" dataKey="pnl" name="PnL (left)" stroke="var(--chart-1)" strokeWidth={2} dot={rows.length < 30} isAnimationActive={false} />
            <Line yAxisId="cost" type="linear" dataKey="openCost" name="Open cost (right)" stroke="var(--chart-2)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        One point per period with fills (realised PnL and the cost of what was open at its end); “now” adds the unrealised PnL
        at the latest known prices.
      </figcaption>
    </figure>
  );
}
