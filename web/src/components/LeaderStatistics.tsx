// The leader page's track record: the history read's progress, then the statistics of a
// period with their samples and intervals, activity by hour, tags and top markets.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  type LeaderBackfill,
  type LeaderStatistics as Statistics,
  type Stat,
  type StatKey,
  type StatisticsPeriod,
  useLeaderBackfill,
  useLeaderStatistics,
  useStartBackfill,
} from "../api/leaders";
import { useMarkets } from "../api/markets";
import { formatUsd } from "../money";
import { type SampleKind, type StatKind, detailText, luckNote, shownValue, valueText } from "../stats";
import { MarketName } from "./MarketName";
import { ErrorNote, QueryState, When } from "./ui";
import "./leaders.css";

export const PERIODS: { value: StatisticsPeriod; label: string }[] = [
  { value: "all", label: "All time" },
  { value: "30d", label: "30 days" },
  { value: "7d", label: "7 days" },
];

/** Two or three buttons of which one is pressed: a period, a sort, a view. */
export function Switch<T extends string>({ label, options, value, onChange }: { label: string; options: { value: T; label: string }[]; value: T; onChange: (v: T) => void }) {
  return (
    <div className="switch" role="group" aria-label={label}>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Progress of reading the wallet's whole history from Polymarket; a clear word when it has none. */
export function HistoryBackfill({ leaderId }: { leaderId: number }) {
  const backfill = useLeaderBackfill(leaderId);
  // Trades detection saw after the history was read (the all-time figures, cached).
  const allTime = useLeaderStatistics(leaderId, "all");
  const tradesSeen = Number(allTime.data?.trades.value ?? 0);
  const start = useStartBackfill(leaderId);
  const job = backfill.data;
  if (backfill.isPending) return null;
  if (backfill.error) return <ErrorNote error={backfill.error} />;
  return (
    <div className="backfill" data-testid="backfill">
      <BackfillLine job={job ?? null} tradesSeen={tradesSeen} />
      {(!job || job.status === "done" || job.status === "failed") && (
        <button type="button" className="link" disabled={start.isPending} onClick={() => start.mutate()}>
          {!job ? "Read this wallet's history" : job.status === "failed" ? "Try again" : "Check for newer history"}
        </button>
      )}
      <ErrorNote error={start.error} />
    </div>
  );
}

const counted = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function BackfillLine({ job, tradesSeen }: { job: LeaderBackfill | null; tradesSeen: number }) {
  if (!job) return <p className="muted">polycopy has not read this wallet's history yet.</p>;
  const rows = counted(job.rows, "row", "rows");
  const stored = counted(job.fills_created, "new fill stored", "new fills stored");
  if (job.status === "pending" || job.status === "running") {
    return (
      <div>
        <label className="progress-label">
          <span>
            {job.status === "pending" ? "Waiting to read this wallet's history…" : "Reading this wallet's history from Polymarket…"} {rows} read, {stored}
          </span>
          {/* The total is unknown until the last page: an indeterminate bar. */}
          <progress aria-label="History read" />
        </label>
      </div>
    );
  }
  if (job.status === "failed") {
    return (
      <p className="error" role="alert">
        Reading the history stopped after {rows}: {job.error ?? "unknown error"}. It resumes where it stopped.
      </p>
    );
  }
  if (job.rows === 0 && tradesSeen > 0) {
    return (
      <p className="muted small">
        Polymarket had no history for this wallet when polycopy read it; the {counted(tradesSeen, "trade", "trades")} below were seen since.
      </p>
    );
  }
  if (job.rows === 0) {
    return (
      <p className="no-history" data-testid="no-history">
        No history for this wallet: Polymarket has no trades for it, so there is nothing to judge yet.
      </p>
    );
  }
  return (
    <p className="muted small">
      History read: {rows} from Polymarket ({stored}){job.finished_at && <>, finished <When at={job.finished_at} /></>}.
    </p>
  );
}

/** Which statistics the grid shows, how each reads and what its sample counts. */
type Card = { key: StatKey; label: string; kind: StatKind; sample: SampleKind; even?: number; help: string };
const CARDS: Card[] = [
  { key: "realized_pnl_micros", label: "Realised PnL", kind: "usd", sample: "closed", even: 0, help: "Sales, merges and redemptions against their lots' cost." },
  { key: "roi", label: "ROI", kind: "percent", sample: "buys", help: "Realised plus unrealised PnL over the pUSD spent on buys." },
  { key: "win_rate", label: "Win rate", kind: "percent", sample: "closed", help: "Closed positions that made money." },
  { key: "profit_factor", label: "Profit factor", kind: "factor", sample: "closed", even: 1, help: "Gross profit over gross loss of closed positions (none without a loss)." },
  { key: "max_drawdown_micros", label: "Max drawdown", kind: "usd", sample: "trades", help: "Largest fall of the wallet's PnL from its peak." },
  { key: "trades", label: "Trades", kind: "count", sample: "trades", help: "Trades in the period." },
  { key: "holding_seconds_p50", label: "Typical holding time", kind: "duration", sample: "closed", help: "Median time from a position's first buy to its close." },
];
/** Shown on demand: how the wallet trades rather than how well. */
const MORE_CARDS: Card[] = [
  { key: "unrealized_pnl_micros", label: "Unrealised PnL", kind: "usd", sample: "tokens", help: "Open lots at the last price the wallet traded, less their cost." },
  { key: "capital_deployed_micros", label: "Capital deployed", kind: "usd", sample: "buys", help: "pUSD spent on buys." },
  { key: "markets", label: "Markets", kind: "count", sample: "trades", help: "Distinct markets traded." },
  { key: "maker_share", label: "Maker fills", kind: "percent", sample: "roles", help: "Share of fills where the wallet's order rested in the book." },
  { key: "late_buy_share", label: "Buys in the last 5 min", kind: "percent", sample: "ends", help: "Buys made in the last minutes before a market's end: hard to copy in time." },
  { key: "top_market_share", label: "Top market's share", kind: "percent", sample: "markets", help: "How concentrated the wallet is in one market." },
  { key: "unmatched_sells", label: "Sells with no buy seen", kind: "count", sample: "sales", help: "Sales of shares bought before the history starts, or obtained by splitting." },
];

function StatCard({ label, stat, kind, sample, even, help }: { label: string; stat: Stat; kind: StatKind; sample: SampleKind; even?: number; help: string }) {
  const luck = even === undefined ? null : luckNote(stat, even);
  const pnl = kind === "usd" && label.includes("PnL") && stat.sample_size > 0 ? Number(stat.value) : 0;
  return (
    <div className="stat" title={help} data-testid={`stat-${label}`}>
      <span className="stat-label">{label}</span>
      <span className={`stat-value${pnl < 0 ? " neg" : pnl > 0 ? " pos" : ""}`}>{shownValue(stat, kind)}</span>
      <span className="muted small">{detailText(stat, kind, sample)}</span>
      {luck && <span className="luck small">{luck}</span>}
    </div>
  );
}

/** Trades per UTC hour as 24 bars; the busiest hour is named. */
export function ActivityByHour({ hours }: { hours: number[] }) {
  const max = Math.max(1, ...hours);
  const busiest = hours.indexOf(Math.max(...hours));
  return (
    <figure className="hours" aria-label={`Trades per hour of the day (UTC); busiest ${String(busiest).padStart(2, "0")}:00`} data-testid="activity-by-hour">
      <div className="hour-bars">
        {hours.map((n, h) => (
          <div key={h} className="hour" title={`${String(h).padStart(2, "0")}:00–${String(h).padStart(2, "0")}:59 UTC: ${n} trades`}>
            <div className="hour-bar" style={{ height: `${(n / max) * 100}%` }} />
          </div>
        ))}
      </div>
      <div className="hour-axis muted small" aria-hidden>
        <span>00</span>
        <span>06</span>
        <span>12</span>
        <span>18</span>
        <span>23</span>
      </div>
      <figcaption className="muted small">Trades per hour of the day, UTC.</figcaption>
    </figure>
  );
}

function TagsAndMarkets({ stats }: { stats: Statistics }) {
  const tags = Object.entries(stats.tags);
  const markets = useMarkets(stats.top_markets.map((m) => m.condition_id));
  return (
    <div className="grid wide">
      <div>
        <h3>Categories traded</h3>
        {tags.length ? (
          <ul className="plain tags" data-testid="tags">
            {tags.map(([tag, n]) => (
              <li key={tag}>
                <span className="badge">{tag}</span> {n} trades
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted small">No tags known for these markets.</p>
        )}
      </div>
      <div>
        <h3>Top markets by pUSD traded</h3>
        {stats.top_markets.length ? (
          <ol className="top-markets small" data-testid="top-markets">
            {stats.top_markets.map((m) => (
              <li key={m.condition_id}>
                <MarketName conditionId={m.condition_id} market={markets.get(m.condition_id)} /> <span className="muted">{formatUsd(m.volume_micros, 0)}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted small">None yet.</p>
        )}
      </div>
    </div>
  );
}

/** The statistics of one period; `backfill` says why they may be empty. */
export function StatisticsView({ stats, backfill }: { stats: Statistics; backfill: LeaderBackfill | null | undefined }) {
  if (Number(stats.trades.value ?? 0) === 0) {
    let text = "No trades in this period.";
    if (stats.period === "all") {
      if (backfill && (backfill.status === "pending" || backfill.status === "running")) text = "The statistics appear as soon as the history is read.";
      else if (backfill?.status === "done" && backfill.rows === 0) return null; // the history line above says so
      else text = "No trades of this wallet are stored yet.";
    }
    return <div className="empty">{text}</div>;
  }
  const sizes = `${valueText(stats.trade_size_p10_micros.value, "usd")} and ${valueText(stats.trade_size_p90_micros.value, "usd")}`;
  return (
    <>
      <div className="stats" data-testid="leader-statistics">
        {CARDS.map((c) => (
          <StatCard key={c.key} label={c.label} stat={stats[c.key]} kind={c.kind} sample={c.sample} even={c.even} help={c.help} />
        ))}
        <div className="stat" title="Nearest-rank percentiles of each trade's pUSD.">
          <span className="stat-label">Typical trade</span>
          <span className="stat-value">{valueText(stats.trade_size_p50_micros.value, "usd")}</span>
          <span className="muted small">most between {sizes}</span>
        </div>
      </div>
      <details className="more-stats">
        <summary>More figures: open positions, capital, markets, maker fills, late buys, concentration</summary>
        <div className="stats">
          {MORE_CARDS.map((c) => (
            <StatCard key={c.key} label={c.label} stat={stats[c.key]} kind={c.kind} sample={c.sample} even={c.even} help={c.help} />
          ))}
        </div>
      </details>
      <p className="muted small">
        Ranges are 95 % intervals from resampling the closed positions: a good figure with a wide range, or few positions, may be luck. Computed{" "}
        <When at={stats.computed_at} /> from the fills polycopy stored (docs: leader statistics).
      </p>
      <h3>When it trades</h3>
      <ActivityByHour hours={stats.activity_by_hour} />
      <TagsAndMarkets stats={stats} />
    </>
  );
}

export function LeaderStatistics({ leaderId }: { leaderId: number }) {
  const [period, setPeriod] = useState<StatisticsPeriod>("all");
  const stats = useLeaderStatistics(leaderId, period);
  const backfill = useLeaderBackfill(leaderId);
  const client = useQueryClient();
  const status = backfill.data?.status;
  // The statistics are recomputed from the history just read.
  useEffect(() => {
    if (status === "done") client.invalidateQueries({ queryKey: ["leader-statistics", leaderId] });
  }, [status, leaderId, client]);
  return (
    <section className="card" aria-labelledby="leader-statistics-title">
      <div className="section-head">
        <h2 id="leader-statistics-title">Track record</h2>
        <Switch label="Period" options={PERIODS} value={period} onChange={setPeriod} />
      </div>
      <HistoryBackfill leaderId={leaderId} />
      <QueryState query={stats} what="the statistics">
        {(s) => <StatisticsView stats={s} backfill={backfill.data} />}
      </QueryState>
    </section>
  );
}
