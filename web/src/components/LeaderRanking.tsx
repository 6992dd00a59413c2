// The discovery page's ranking: leaders ranked by their statistics and by copyability at the
// user's default rule, with filters, each score explained, up to four picked for comparison,
// and the walk-forward check that says whether past rank predicted anything.
import { Fragment, useState } from "react";
import { Link } from "react-router-dom";
import {
  type Copyability,
  type RankedLeader,
  type RankingQuery,
  type RankingSort,
  type StatKey,
  type StatisticsPeriod,
  useRanking,
  useWalkForward,
} from "../api/leaders";
import { parseUsd, shortAddress } from "../money";
import { type SampleKind, type StatKind, detailText, shownValue, statText, valueText } from "../stats";
import { PERIODS, Switch } from "./LeaderStatistics";
import { useDebounced } from "./RulePreview";
import { QueryState, When } from "./ui";
import "./leaders.css";

export const MAX_COMPARED = 4;

export const SORTS: { value: RankingSort; label: string }[] = [
  { value: "copyability", label: "Copyability at your default rule" },
  { value: "roi", label: "ROI" },
  { value: "realized_pnl", label: "Realised PnL" },
  { value: "win_rate", label: "Win rate" },
  { value: "profit_factor", label: "Profit factor" },
  { value: "max_drawdown", label: "Smallest drawdown" },
  { value: "trades", label: "Most trades" },
];

export function leaderName(leader: RankedLeader["leader"]): string {
  return leader.name ?? leader.pseudonym ?? shortAddress(leader.wallet);
}

/** A statistic cell: the value, and below it the interval and sample, all in the hover text too. */
export function StatCell({ row, stat, kind, sample, label }: { row: RankedLeader; stat: StatKey; kind: StatKind; sample: SampleKind; label: string }) {
  const s = row.statistics?.[stat];
  if (!s) return (
    <td className="num muted" data-label={label}>
      —
    </td>
  );
  return (
    <td className="num" title={statText(s, kind, sample)} data-label={label}>
      {shownValue(s, kind)}
      <span className="sub">{detailText(s, kind, sample)}</span>
    </td>
  );
}

/** What a copyability score is made of, and from which data. */
export function ScoreExplanation({ copyability }: { copyability: Copyability }) {
  return (
    <div data-testid="score-explanation">
      <p className="small">
        Score {Number(copyability.score).toFixed(0)} of 100 at {copyability.rule}. Copied {valueText(copyability.copy_rate, "percent")} of the leader's trades
        {copyability.follower_roi !== null && <>, your ROI {valueText(copyability.follower_roi, "percent")}</>}
        {copyability.slippage_share !== null && <>, slippage ate {valueText(copyability.slippage_share, "percent")} of the PnL</>}; from{" "}
        {copyability.sample_size.toLocaleString("en-US")} replayed fills.
      </p>
      <table className="score-parts">
        <thead>
          <tr>
            <th>Part</th>
            <th>Figure</th>
            <th className="num">Points</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {copyability.explanation.map((p) => (
            <tr key={p.part}>
              <td>{p.part}</td>
              <td>{p.value}</td>
              <td className="num">
                {Number(p.points).toFixed(1).replace(/\.0$/, "")} of {Number(p.weight).toFixed(0)}
              </td>
              <td className="muted">{p.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Replayed: {copyability.history}</p>
    </div>
  );
}

function RankingRow({ row, picked, canPick, onPick }: { row: RankedLeader; picked: boolean; canPick: boolean; onPick: (on: boolean) => void }) {
  const [open, setOpen] = useState(false);
  const name = leaderName(row.leader);
  const c = row.copyability;
  return (
    <Fragment>
      <tr data-testid="ranking-row">
        <td className="pick">
          <input type="checkbox" aria-label={`Compare ${name}`} checked={picked} disabled={!picked && !canPick} onChange={(e) => onPick(e.target.checked)} />
        </td>
        <td className="num rank">{row.rank}</td>
        <td className="who">
          <Link to={`/leaders/${row.leader.id}`}>{name}</Link>
          {name !== shortAddress(row.leader.wallet) && (
            <span className="sub">
              <code>{shortAddress(row.leader.wallet)}</code>
            </span>
          )}
        </td>
        <td className="num" data-label="Copyability">
          {c ? (
            <>
              <button type="button" className="link" aria-expanded={open} onClick={() => setOpen((o) => !o)} title="What the score is made of">
                {Number(c.score).toFixed(0)} <span aria-hidden>{open ? "▴" : "▾"}</span>
                <span className="visually-hidden"> {open ? "hide" : "explain"} the score</span>
              </button>
              <span className="sub">copied {valueText(c.copy_rate, "percent")}</span>
            </>
          ) : (
            <span className="muted" title="No backtest at your default rule yet">
              —
            </span>
          )}
        </td>
        <StatCell row={row} stat="roi" kind="percent" sample="buys" label="ROI" />
        <StatCell row={row} stat="win_rate" kind="percent" sample="closed" label="Win rate" />
        <StatCell row={row} stat="realized_pnl_micros" kind="usd" sample="closed" label="Realised PnL" />
        <StatCell row={row} stat="max_drawdown_micros" kind="usd" sample="trades" label="Max drawdown" />
        <StatCell row={row} stat="trades" kind="count" sample="trades" label="Trades" />
        <td className="small" data-label="Last trade">
          {row.last_trade_at ? <When at={row.last_trade_at} /> : <span className="muted">never</span>}
        </td>
      </tr>
      {open && c && (
        <tr className="details">
          <td colSpan={10}>
            <ScoreExplanation copyability={c} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

interface Filters {
  period: StatisticsPeriod;
  sort: RankingSort;
  tag: string;
  minTrades: string;
  maxDrawdown: string;
  activeDays: string;
  minTrade: string;
  maxTrade: string;
}

const usd = (text: string) => {
  const v = parseUsd(text);
  return v === null || Number.isNaN(v) ? undefined : v;
};

export function rankingQuery(f: Filters): RankingQuery {
  const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);
  return {
    period: f.period,
    sort: f.sort,
    tag: f.tag.trim() || undefined,
    min_trades: whole(f.minTrades),
    max_drawdown_micros: usd(f.maxDrawdown),
    active_within_days: whole(f.activeDays),
    min_trade_micros: usd(f.minTrade),
    max_trade_micros: usd(f.maxTrade),
  };
}

export function LeaderRanking({ onCompare }: { onCompare: (ids: number[]) => void }) {
  const [filters, setFilters] = useState<Filters>({ period: "all", sort: "copyability", tag: "", minTrades: "", maxDrawdown: "", activeDays: "", minTrade: "", maxTrade: "" });
  const [picked, setPicked] = useState<number[]>([]);
  // Debounced as text: a new object every render would never settle.
  const settled = useDebounced(JSON.stringify(rankingQuery(filters)), 300);
  const ranking = useRanking(JSON.parse(settled) as RankingQuery);
  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }));
  const text = (key: keyof Filters, label: string, extra: { prefix?: string; placeholder?: string } = {}) => (
    <label>
      {label}{" "}
      <span className="input-row">
        {extra.prefix && <span className="affix">{extra.prefix}</span>}
        <input aria-label={label} value={filters[key]} inputMode="decimal" placeholder={extra.placeholder ?? "any"} onChange={(e) => set({ [key]: e.target.value })} size={7} />
      </span>
    </label>
  );

  return (
    <section className="card" aria-labelledby="ranking-title">
      <div className="section-head">
        <h2 id="ranking-title">Rank your leaders</h2>
        <Switch label="Period" options={PERIODS} value={filters.period} onChange={(period) => set({ period })} />
      </div>
      <p className="muted small">
        Ranked by what their history says, with how sure each figure is, and by copyability: what your default rule would have copied. Add wallets above or from the
        Polymarket leaderboard below to rank them.
      </p>
      <div className="filters ranking-filters" role="group" aria-label="Filters">
        <label>
          Sort by{" "}
          <select value={filters.sort} onChange={(e) => set({ sort: e.target.value as RankingSort })}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        {text("tag", "Category", { placeholder: "any, e.g. politics" })}
        {text("minTrades", "Min trades")}
        {text("maxDrawdown", "Max drawdown", { prefix: "$" })}
        <label>
          Active within{" "}
          <select value={filters.activeDays} onChange={(e) => set({ activeDays: e.target.value })}>
            <option value="">any time</option>
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </select>
        </label>
        {text("minTrade", "Trade size from", { prefix: "$" })}
        {text("maxTrade", "Trade size up to", { prefix: "$" })}
      </div>
      <QueryState
        query={ranking}
        what="the ranking"
        empty={(r) => (r.rows.length ? null : r.excluded ? `No leader passes these filters (${r.excluded} filtered out).` : "No leaders to rank yet: add one above.")}
      >
        {(r) => (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label="Ranking">
              <table className="ranking" data-testid="ranking">
                <thead>
                  <tr>
                    <th>
                      <span className="visually-hidden">Compare</span>
                    </th>
                    <th className="num">#</th>
                    <th>Leader</th>
                    <th className="num" title="0–100: how much of the leader's result your default rule would have kept">
                      Copyability
                    </th>
                    <th className="num">ROI</th>
                    <th className="num">Win rate</th>
                    <th className="num">Realised PnL</th>
                    <th className="num">Max drawdown</th>
                    <th className="num">Trades</th>
                    <th>Last trade</th>
                  </tr>
                </thead>
                <tbody>
                  {r.rows.map((row) => (
                    <RankingRow
                      key={row.leader.id}
                      row={row}
                      picked={picked.includes(row.leader.id)}
                      canPick={picked.length < MAX_COMPARED}
                      onPick={(on) => setPicked((p) => (on ? [...p, row.leader.id] : p.filter((id) => id !== row.leader.id)))}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            {r.excluded > 0 && <p className="muted small">{r.excluded} leaders filtered out.</p>}
          </>
        )}
      </QueryState>
      <div className="compare-bar">
        <button type="button" className="primary" disabled={picked.length < 2} onClick={() => onCompare(picked)}>
          Compare {picked.length > 0 ? `${picked.length} ` : ""}side by side
        </button>
        <span className="muted small">{picked.length < 2 ? `Tick 2 to ${MAX_COMPARED} leaders to compare them.` : `Up to ${MAX_COMPARED}.`}</span>
      </div>
    </section>
  );
}

/** Does past rank predict the next period? Rank correlation against shuffled ranks (luck). */
export function WalkForwardBox() {
  const [sort, setSort] = useState<"roi" | "copyability">("roi");
  const [splitDays, setSplitDays] = useState(30);
  const check = useWalkForward({ split_days: splitDays, sort });
  return (
    <section className="card" aria-labelledby="walk-forward-title" data-testid="walk-forward">
      <div className="section-head">
        <h2 id="walk-forward-title">Does past rank predict?</h2>
        <div className="filters">
          <Switch
            label="Ranked by"
            options={[
              { value: "roi", label: "ROI" },
              { value: "copyability", label: "Copyability" },
            ]}
            value={sort}
            onChange={setSort}
          />
          <label>
            Next period{" "}
            <select value={splitDays} onChange={(e) => setSplitDays(Number(e.target.value))}>
              <option value={7}>7 days</option>
              <option value={14}>14 days</option>
              <option value={30}>30 days</option>
            </select>
          </label>
        </div>
      </div>
      <QueryState query={check} what="the walk-forward check">
        {(w) => (
          <>
            <p className="verdict" data-testid="walk-forward-verdict">
              {w.verdict.charAt(0).toUpperCase() + w.verdict.slice(1)}.
            </p>
            {w.rank_correlation !== null ? (
              <p className="small">
                Ranking your {w.leaders} leaders on their history before <When at={w.split_at} /> and comparing with what copying them earned after it gives a
                rank correlation of <strong>{Number(w.rank_correlation).toFixed(2)}</strong> (1: same order, 0: unrelated).
                {w.baseline_mean !== null && w.baseline_p95 !== null && (
                  <>
                    {" "}
                    Shuffled at random, as luck would, the ranks give {Number(w.baseline_mean).toFixed(2)} on average and up to {Number(w.baseline_p95).toFixed(2)} in
                    95 % of shuffles
                    {w.p_value !== null && <>; the chance luck alone does as well is {valueText(w.p_value, "percent")}</>}.
                  </>
                )}
              </p>
            ) : (
              <p className="muted small">It needs at least 4 leaders with trades on both sides of the split: add more leaders with history.</p>
            )}
            {w.left_out > 0 && <p className="muted small">{w.left_out} of your leaders left out: no trades on one side of the split.</p>}
            {w.rows.length > 0 && (
              <details>
                <summary>Ranks, before and after</summary>
                <div className="table-wrap" tabIndex={0} role="region" aria-label="Ranks before and after">
                  <table>
                    <thead>
                      <tr>
                        <th>Leader</th>
                        <th className="num">Past rank</th>
                        <th className="num">Past</th>
                        <th className="num">Next rank</th>
                        <th className="num">Next</th>
                      </tr>
                    </thead>
                    <tbody>
                      {w.rows.map((r) => (
                        <tr key={r.leader_id}>
                          <td>
                            <Link to={`/leaders/${r.leader_id}`}>{shortAddress(r.wallet)}</Link>
                          </td>
                          <td className="num">{r.past_rank}</td>
                          <td className="num">{sort === "roi" ? valueText(r.past_value, "percent") : r.past_value}</td>
                          <td className="num">{r.next_rank}</td>
                          <td className="num">{sort === "roi" ? valueText(r.next_value, "percent") : r.next_value}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            )}
          </>
        )}
      </QueryState>
    </section>
  );
}
