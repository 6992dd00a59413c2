import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import type { Markets } from "../api/markets";
import type { LeaderFill } from "../api/queries";
import { formatPrice, formatShares, formatUsd } from "../money";
import { MarketName } from "./MarketName";
import { When } from "./ui";

/** A split, merge or redemption moves shares at no price of its own: it reads as what it is. */
const EVENTS: Record<string, string> = {
  SPLIT: "split pUSD into every outcome",
  MERGE: "merged outcomes back into pUSD",
  REDEEM: "redeemed resolved shares",
  CONVERSION: "converted shares",
};

export function FillTable({
  fills,
  leaderName,
  markets,
}: {
  fills: LeaderFill[];
  leaderName?: (id: number) => string;
  markets?: Markets;
}) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th>When</th>
            {leaderName && <th>Leader</th>}
            {markets && <th>Market</th>}
            <th>Trade</th>
            <th className="num">Price</th>
            <th className="num">Shares</th>
            <th className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {fills.map((f) => (
            <tr key={f.id} data-testid="leader-fill">
              <td>
                <When at={f.occurred_at} />
              </td>
              {leaderName && <td>{leaderName(f.leader_id)}</td>}
              {markets && (
                <td className="market-cell">
                  <MarketName conditionId={f.condition_id} market={markets.get(f.condition_id)} />
                </td>
              )}
              <td>{f.event_type === "TRADE" ? `${f.side ?? ""} ${f.outcome ?? ""}` : (EVENTS[f.event_type] ?? f.event_type.toLowerCase())}</td>
              <td className="num">{f.event_type === "TRADE" ? formatPrice(f.price_micros) : "—"}</td>
              <td className="num">{formatShares(f.size_micros)}</td>
              <td className="num">{formatUsd(f.usdc_micros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The leader's fill prices over time, buys and sells apart. */
export function FillPriceChart({ fills }: { fills: LeaderFill[] }) {
  const points = (side: string) =>
    fills.filter((f) => f.side === side).map((f) => ({ at: new Date(f.occurred_at).getTime(), price: f.price_micros / 10_000 }));
  const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return (
    <div className="chart" style={{ height: 200 }} data-testid="fill-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
          <XAxis dataKey="at" type="number" domain={["dataMin", "dataMax"]} tickFormatter={time} stroke="var(--muted)" name="time" />
          <YAxis dataKey="price" type="number" domain={[0, 100]} unit="¢" stroke="var(--muted)" name="price" width={48} />
          <Tooltip formatter={(v, name) => (name === "time" ? time(Number(v)) : `${Number(v).toFixed(1)}¢`)} />
          <Scatter name="buys" data={points("BUY")} fill="var(--good)" isAnimationActive={false} />
          <Scatter name="sells" data={points("SELL")} fill="var(--bad)" isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
