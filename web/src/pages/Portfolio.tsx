import { useState } from "react";
import { Link } from "react-router-dom";
import type { Schemas } from "../api/client";
import { type Markets, useMarkets } from "../api/markets";
import {
  useAccounts,
  useAnswerMergeOffer,
  useEquity,
  useLeaderResults,
  useLeaders,
  useMergeOffers,
  usePortfolio,
} from "../api/queries";
import { EquityChart, equityRows } from "../components/EquityChart";
import { ExportDownload } from "../components/ExportDownload";
import { PerformanceSection } from "../components/Performance";
import { MorePages } from "../components/MorePages";
import { SortHeader, useSort } from "../components/Sortable";
import { useLotPages } from "../api/paging";
import { MarketName } from "../components/MarketName";
import { AccountFilter, ErrorNote, QueryState, When } from "../components/ui";
import { formatPrice, formatShares, formatUsd, shortAddress } from "../money";

export function Signed({ micros }: { micros: number }) {
  return <span className={micros > 0 ? "pos" : micros < 0 ? "neg" : ""}>{formatUsd(micros)}</span>;
}

export function useLeaderName() {
  const leaders = useLeaders();
  return (id: number) => {
    const leader = leaders.data?.items.find((l) => l.id === id);
    return leader ? (leader.name ?? leader.pseudonym ?? shortAddress(leader.wallet)) : `leader ${id}`;
  };
}

function Totals({ totals }: { totals: Schemas["PortfolioTotals"] }) {
  return (
    <div className="stats" data-testid="portfolio-totals">
      <div className="stat">
        <span className="stat-label">Realised PnL</span>
        <span className="stat-value">
          <Signed micros={totals.realized_pnl_micros} />
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Unrealised PnL</span>
        <span className="stat-value">
          <Signed micros={totals.unrealized_pnl_micros} />
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Open value / cost</span>
        <span className="stat-value">
          {formatUsd(totals.value_micros)} / {formatUsd(totals.cost_micros)}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Fees paid</span>
        <span className="stat-value">{formatUsd(totals.fees_micros)}</span>
      </div>
      <div className="stat">
        <span className="stat-label">Open positions</span>
        <span className="stat-value">{totals.open_positions}</span>
      </div>
    </div>
  );
}

function ExposureTable({ title, rows, label }: { title: string; rows: Schemas["ExposureOut"][]; label: (key: string) => string }) {
  const max = Math.max(1, ...rows.map((r) => r.cost_micros));
  return (
    <div>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">Nothing open.</p>
      ) : (
        <table>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <td className="market-cell">{label(r.key)}</td>
                <td className="num">{formatUsd(r.cost_micros)}</td>
                <td style={{ width: "35%" }}>
                  <div className="bar" style={{ width: `${Math.round((r.cost_micros / max) * 100)}%` }} aria-hidden />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** What became of the copies: filled, partly filled, killed, failed, on their way (they add
 * up to the copied count, so a gap between copies and fills has its reason). */
export function CopySplit({ row }: { row: Schemas["LeaderResultOut"] }) {
  const parts = [
    ["filled", row.filled],
    ["partly filled", row.partly_filled],
    ["killed", row.killed],
    ["failed", row.failed],
    ["on their way", row.pending],
  ] as const;
  const shown = parts.filter(([, n]) => n > 0);
  if (shown.length === 0) return null;
  return (
    <div className="muted small" data-testid="copy-split">
      {shown.map(([label, n]) => `${n} ${label}`).join(" · ")}
    </div>
  );
}

export function LeaderComparison({ rows }: { rows: Schemas["LeaderResultOut"][] }) {
  const name = useLeaderName();
  if (rows.length === 0) return <p className="muted">No copied trades yet.</p>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <th>Leader</th>
            <th className="num">Copied / skipped</th>
            <th className="num">Bought</th>
            <th className="num">Your PnL</th>
            <th className="num">At the leader's prices</th>
            <th className="num">Slippage cost</th>
            <th className="num">Fees</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.account_id}-${r.leader_id}`}>
              <td>
                <Link to={`/leaders/${r.leader_id}`}>{name(r.leader_id)}</Link>
              </td>
              <td className="num">
                {r.copied} / {r.skipped}
                <CopySplit row={r} />
              </td>
              <td className="num">{formatUsd(r.bought_micros)}</td>
              <td className="num">
                <Signed micros={r.realized_pnl_micros + r.unrealized_pnl_micros} />
              </td>
              <td className="num">
                <Signed micros={r.pnl_at_leader_prices_micros} />
              </td>
              <td className="num">
                {formatUsd(r.slippage_cost_micros)}
                {r.slippage_bps !== null && <span className="muted"> ({(r.slippage_bps / 100).toFixed(2)}%)</span>}
              </td>
              <td className="num">{formatUsd(r.fees_micros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type PositionColumn = "leader" | "shares" | "value" | "unrealised";

/** Open positions, largest value first until the reader sorts by another column. */
function PositionsTable({ positions, markets }: { positions: Schemas["PositionOut"][]; markets: Markets }) {
  const name = useLeaderName();
  const sort = useSort<PositionColumn>("value");
  const rows = sort.apply(positions, {
    leader: (pos) => name(pos.leader_id),
    shares: (pos) => pos.size_micros,
    value: (pos) => pos.value_micros,
    unrealised: (pos) => pos.unrealized_pnl_micros,
  });
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <SortHeader label="Leader" column="leader" sort={sort} />
            <th>Market and outcome</th>
            <SortHeader label="Shares" column="shares" sort={sort} num />
            <th className="num">Avg price</th>
            <th className="num">Mark</th>
            <SortHeader label="Value" column="value" sort={sort} num />
            <SortHeader label="Unrealised" column="unrealised" sort={sort} num />
          </tr>
        </thead>
        <tbody>
          {rows.map((pos) => (
            <tr key={`${pos.account_id}-${pos.leader_id}-${pos.token_id}`}>
              <td>{name(pos.leader_id)}</td>
              <td className="market-cell">
                <MarketName conditionId={pos.condition_id} market={markets.get(pos.condition_id)} tokenId={pos.token_id} outcome={pos.outcome} />
              </td>
              <td className="num">{formatShares(pos.size_micros)}</td>
              <td className="num">{formatPrice(pos.average_price_micros)}</td>
              <td className="num">{pos.mark ? formatPrice(pos.mark.price_micros) : "at cost"}</td>
              <td className="num">{formatUsd(pos.value_micros)}</td>
              <td className="num">
                <Signed micros={pos.unrealized_pnl_micros} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type LotColumn = "leader" | "shares" | "amount" | "at";

export function LotsTable({ lots, closed }: { lots: Schemas["LotOut"][]; closed?: boolean }) {
  const name = useLeaderName();
  const markets = useMarkets(lots.map((lot) => lot.condition_id));
  // Newest first (closed positions by their close time) until the reader sorts by a column.
  const sort = useSort<LotColumn>("at");
  const rows = sort.apply(lots, {
    leader: (lot) => name(lot.leader_id),
    shares: (lot) => (closed ? lot.size_micros : lot.remaining_size_micros),
    amount: (lot) => (closed ? lot.realized_pnl_micros : lot.cost_micros),
    at: (lot) => (closed ? lot.closed_at : lot.opened_at) ?? lot.opened_at,
  });
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            <SortHeader label="Leader" column="leader" sort={sort} />
            <th>Market and outcome</th>
            <SortHeader label="Shares" column="shares" sort={sort} num />
            <SortHeader label={closed ? "Realised" : "Cost"} column="amount" sort={sort} num />
            <SortHeader label={closed ? "Closed" : "Opened"} column="at" sort={sort} />
          </tr>
        </thead>
        <tbody>
          {rows.map((lot) => (
            <tr key={lot.id}>
              <td>{name(lot.leader_id)}</td>
              <td className="market-cell">
                <MarketName conditionId={lot.condition_id} market={markets.get(lot.condition_id)} tokenId={lot.token_id} outcome={lot.outcome} />
              </td>
              <td className="num">{formatShares(closed ? lot.size_micros : lot.remaining_size_micros)}</td>
              <td className="num">{closed ? <Signed micros={lot.realized_pnl_micros} /> : formatUsd(lot.cost_micros)}</td>
              <td>
                <When at={(closed ? lot.closed_at : lot.opened_at) ?? lot.opened_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Offers to merge both outcomes of a market back into pUSD; nothing merges until accepted. */
export function MergeOffers({ accountIds }: { accountIds: number[] }) {
  const offers = useMergeOffers(accountIds);
  const answer = useAnswerMergeOffer();
  if (offers.data.length === 0 && !offers.error) return null;
  return (
    <section className="card" data-testid="merge-offers">
      <h2>Merge offers</h2>
      <p className="muted small">
        Two of your rules left you holding every outcome of these markets. Merging returns $1 per complete set now;
        keeping them pays the same at resolution.
      </p>
      <ErrorNote error={offers.error ?? answer.error} />
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th>Market</th>
              <th className="num">Complete sets</th>
              <th className="num">You receive</th>
              <th>Offered</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {offers.data.map((offer) => (
              <tr key={offer.id}>
                <td className="wrap">{offer.question ?? shortAddress(offer.condition_id)}</td>
                <td className="num">{formatShares(offer.shares_micros)}</td>
                <td className="num">{formatUsd(offer.shares_micros)}</td>
                <td>
                  <When at={offer.created_at} />
                </td>
                <td>
                  <button
                    type="button"
                    className="primary"
                    disabled={answer.isPending}
                    onClick={() => answer.mutate({ offer, accept: true })}
                  >
                    Merge
                  </button>{" "}
                  <button type="button" disabled={answer.isPending} onClick={() => answer.mutate({ offer, accept: false })}>
                    Keep both
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function PortfolioPage() {
  const [bucket, setBucket] = useState<"hour" | "day">("hour");
  const [accountId, setAccountId] = useState<number | undefined>(undefined);
  const accounts = useAccounts();
  const portfolio = usePortfolio(accountId ? { account_id: accountId } : {});
  const equity = useEquity(bucket, accountId);
  const results = useLeaderResults(accountId);
  const openLots = useLotPages(true);
  const allLots = useLotPages(false);
  const name = useLeaderName();
  const markets = useMarkets([
    ...(portfolio.data?.positions ?? []).map((pos) => pos.condition_id),
    ...(portfolio.data?.exposure.by_market ?? []).map((row) => row.key),
  ]);
  return (
    <div className="stack">
      <div className="section-head">
        <h1>Portfolio</h1>
        <AccountFilter accounts={accounts.data?.items ?? []} value={accountId} onChange={setAccountId} />
      </div>
      <QueryState query={portfolio} what="portfolio">
        {(p) => <Totals totals={p.totals} />}
      </QueryState>
      <MergeOffers accountIds={accountId ? [accountId] : (accounts.data?.items ?? []).map((a) => a.id)} />
      <section className="card">
        <div className="section-head">
          <h2>PnL over time</h2>
          <label>
            Period{" "}
            <select value={bucket} onChange={(e) => setBucket(e.target.value as "hour" | "day")}>
              <option value="hour">hourly</option>
              <option value="day">daily</option>
            </select>
          </label>
        </div>
        <QueryState query={equity} what="the equity curve">
          {(e) => <EquityChart rows={equityRows(e.points, e.now, new Date(), bucket)} />}
        </QueryState>
      </section>
      <PerformanceSection accountId={accountId} leaderName={name} />
      <section className="card">
        <h2>You versus your leaders</h2>
        <p className="muted small">Your result on the trades you copied, and what it would have been at the leader's own prices without fees.</p>
        <QueryState query={results} what="results">
          {(rows) => <LeaderComparison rows={rows} />}
        </QueryState>
      </section>
      <QueryState query={portfolio} what="exposure">
        {(p) => (
          <section className="card">
            <h2>Exposure at cost</h2>
            <div className="grid wide">
              <ExposureTable title="By market" rows={p.exposure.by_market} label={(k) => markets.get(k)?.question || shortAddress(k)} />
              <ExposureTable title="By event" rows={p.exposure.by_event} label={(k) => (k.startsWith("0x") ? shortAddress(k) : k)} />
              <ExposureTable title="By leader" rows={p.exposure.by_leader} label={(k) => name(Number(k))} />
            </div>
            <h3>Open positions</h3>
            {p.positions.length === 0 ? (
              <p className="muted">No open positions.</p>
            ) : (
              <PositionsTable positions={p.positions} markets={markets} />
            )}
            <p className="muted small">{p.valuation}</p>
          </section>
        )}
      </QueryState>
      <section className="card">
        <h2>Open lots per leader</h2>
        <QueryState query={openLots} what="lots" empty={(d) => (d.length ? null : "No open lots.")}>
          {(d) => <LotsTable lots={d} />}
        </QueryState>
        <MorePages list={openLots} what="open lots" />
      </section>
      <section className="card">
        <h2>Closed positions</h2>
        <QueryState
          query={allLots}
          what="closed lots"
          empty={(d) => (d.some((l) => l.closed_at) ? null : allLots.hasNextPage ? "None among the newest lots: show older ones below." : "Nothing closed yet.")}
        >
          {(d) => <LotsTable lots={d.filter((l) => l.closed_at)} closed />}
        </QueryState>
        <MorePages list={allLots} what="lots" />
      </section>
      <ExportDownload accounts={accounts.data?.items ?? []} accountId={accountId} />
    </div>
  );
}
