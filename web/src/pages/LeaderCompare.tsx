// Up to four leaders side by side (/leaders/compare?ids=1,2): one column per leader, one row
// per statistic, each with its interval and sample, and the copyability score explained.
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { type RankedLeader, type StatKey, type StatisticsPeriod, useLeaderCompare } from "../api/leaders";
import { PERIODS, Switch } from "../components/LeaderStatistics";
import { ScoreExplanation, MAX_COMPARED, leaderName } from "../components/LeaderRanking";
import { QueryState, When } from "../components/ui";
import { shortAddress } from "../money";
import { type SampleKind, type StatKind, detailText, shownValue } from "../stats";
import "../components/leaders.css";

const ROWS: { key: StatKey; label: string; kind: StatKind; sample: SampleKind }[] = [
  { key: "realized_pnl_micros", label: "Realised PnL", kind: "usd", sample: "closed" },
  { key: "roi", label: "ROI", kind: "percent", sample: "buys" },
  { key: "win_rate", label: "Win rate", kind: "percent", sample: "closed" },
  { key: "profit_factor", label: "Profit factor", kind: "factor", sample: "closed" },
  { key: "max_drawdown_micros", label: "Max drawdown", kind: "usd", sample: "trades" },
  { key: "trades", label: "Trades", kind: "count", sample: "trades" },
  { key: "markets", label: "Markets", kind: "count", sample: "trades" },
  { key: "trade_size_p50_micros", label: "Typical trade", kind: "usd", sample: "trades" },
  { key: "holding_seconds_p50", label: "Typical holding time", kind: "duration", sample: "closed" },
  { key: "late_buy_share", label: "Buys in the last 5 min", kind: "percent", sample: "ends" },
  { key: "top_market_share", label: "Top market's share", kind: "percent", sample: "markets" },
];

/** The ids asked for: at most four distinct positive integers, in the order given. */
export function parseIds(text: string | null): number[] {
  const ids = (text ?? "")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  return [...new Set(ids)].slice(0, MAX_COMPARED);
}

export function CompareTable({ leaders, onRemove }: { leaders: RankedLeader[]; onRemove: (id: number) => void }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Comparison">
      <table className="compare" data-testid="compare">
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">Statistic</span>
            </th>
            {leaders.map((l) => (
              <th key={l.leader.id} scope="col">
                <Link to={`/leaders/${l.leader.id}`}>{leaderName(l.leader)}</Link>
                <div className="muted small">
                  {leaderName(l.leader) !== shortAddress(l.leader.wallet) && <code>{shortAddress(l.leader.wallet)}</code>}{" "}
                  <button type="button" className="link" onClick={() => onRemove(l.leader.id)} aria-label={`Remove ${leaderName(l.leader)} from the comparison`}>
                    remove
                  </button>
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Copyability</th>
            {leaders.map((l) => (
              <td key={l.leader.id}>
                {l.copyability ? (
                  <>
                    <strong>{Number(l.copyability.score).toFixed(0)}</strong> of 100
                    <details>
                      <summary>What it is made of</summary>
                      <ScoreExplanation copyability={l.copyability} />
                    </details>
                  </>
                ) : (
                  <span className="muted">not backtested yet</span>
                )}
              </td>
            ))}
          </tr>
          {ROWS.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {leaders.map((l) => {
                const s = l.statistics?.[row.key];
                if (!s) return <td key={l.leader.id} className="muted">no statistics yet</td>;
                return (
                  <td key={l.leader.id}>
                    {shownValue(s, row.kind)}
                    <div className="muted small">{detailText(s, row.kind, row.sample)}</div>
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <th scope="row">Categories</th>
            {leaders.map((l) => (
              <td key={l.leader.id} className="small">
                {Object.keys(l.statistics?.tags ?? {})
                  .slice(0, 3)
                  .join(", ") || <span className="muted">unknown</span>}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Last trade</th>
            {leaders.map((l) => (
              <td key={l.leader.id} className="small">
                {l.last_trade_at ? <When at={l.last_trade_at} /> : <span className="muted">never</span>}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function LeaderComparePage() {
  const [params, setParams] = useSearchParams();
  const ids = parseIds(params.get("ids"));
  const [period, setPeriod] = useState<StatisticsPeriod>("all");
  const compare = useLeaderCompare(ids, period);
  const remove = (id: number) => setParams({ ids: ids.filter((i) => i !== id).join(",") });
  return (
    <div className="stack">
      <section className="card">
        <p className="small">
          <Link to="/leaders">← Leaders</Link>
        </p>
        <div className="section-head">
          <h1>Compare leaders</h1>
          <Switch label="Period" options={PERIODS} value={period} onChange={setPeriod} />
        </div>
        <p className="muted small">
          Each figure with its 95 % range and the sample behind it: a better-looking figure on a handful of positions may be luck.
        </p>
        {ids.length === 0 ? (
          <div className="empty">Pick two to four leaders in the ranking on the Leaders page to compare them.</div>
        ) : (
          <QueryState query={compare} what="the comparison">
            {(data) => <CompareTable leaders={data.leaders} onRemove={remove} />}
          </QueryState>
        )}
      </section>
    </div>
  );
}
