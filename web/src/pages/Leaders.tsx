import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { api, ok } from "../api/client";
import type { Schemas } from "../api/client";
import {
  useDecisions,
  useLeader,
  useLeaderFills,
  useLeaderPerformance,
  useLeaderPositions,
  useLeaderResults,
  useLeaderboard,
  useLeaders,
  usePortfolio,
  useRules,
} from "../api/queries";
import { CopyAtMySettings } from "../components/CopyAtMySettings";
import { FillPriceChart, FillTable } from "../components/Fills";
import { DecisionList } from "../components/DecisionList";
import { LeaderRanking, WalkForwardBox } from "../components/LeaderRanking";
import { LeaderAttribution } from "../components/AttributionWaterfall";
import { LeaderDrift } from "../components/LeaderDrift";
import { LeaderStatistics } from "../components/LeaderStatistics";
import { LeaderPerformanceChart, LeaderPositionsTable } from "../components/LeaderTrackRecord";
import { ErrorNote, Field, QueryState, StateBadge, Table, When } from "../components/ui";
import { formatPrice, formatShares, formatUsd, shortAddress } from "../money";
import { LeaderComparison, Signed } from "./Portfolio";
import { NoActivity, UnfollowLeader } from "../components/Removal";
import { useLookUp } from "../api/manage";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function LeadersPage() {
  const leaders = useLeaders();
  const [wallet, setWallet] = useState("");
  const [filter, setFilter] = useState("");
  const [touched, setTouched] = useState(false);
  const client = useQueryClient();
  const navigate = useNavigate();
  const add = useMutation({
    mutationFn: (body: { wallet: string; name: string | null }) => ok(api.POST("/api/v1/leaders", { body })),
    onSuccess: (leader) => {
      client.invalidateQueries({ queryKey: ["leaders"] });
      navigate(`/leaders/${leader.id}`);
    },
  });
  const lookup = useLookUp();
  const invalid = touched && !ADDRESS.test(wallet.trim());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!ADDRESS.test(wallet.trim())) return;
    // A wallet that never traded is asked about first: most often a mistyped address.
    lookup.mutate(wallet.trim(), {
      onSuccess: (found) => {
        if (found.leader_id !== null) navigate(`/leaders/${found.leader_id}`);
        else if (found.has_activity) add.mutate({ wallet: found.wallet, name: null });
      },
      // The look-up only advises: without the Data API the wallet is added as before.
      onError: () => add.mutate({ wallet: wallet.trim(), name: null }),
    });
  };
  const needle = filter.trim().toLowerCase();

  return (
    <div className="stack">
      <section className="card">
        <h1>Leaders</h1>
        <form onSubmit={submit} noValidate className="row-form" aria-label="Add a leader">
          <Field label="Leader address" help="The trader's Polymarket address (proxy wallet), from their profile URL." error={invalid ? "A 0x address with 40 hex digits." : undefined}>
            {(p) => <input {...p} value={wallet} placeholder="0x…" spellCheck={false} onChange={(e) => setWallet(e.target.value)} />}
          </Field>
          <button type="submit" className="primary" disabled={add.isPending || lookup.isPending}>
            Look up
          </button>
        </form>
        <ErrorNote error={add.error} />
        {lookup.data && !lookup.data.has_activity && lookup.data.leader_id === null && (
          <NoActivity
            wallet={lookup.data.wallet}
            busy={add.isPending}
            onAdd={() => add.mutate({ wallet: lookup.data!.wallet, name: null })}
            onCancel={() => lookup.reset()}
          />
        )}
      </section>
      <LeaderRanking onCompare={(ids) => navigate(`/leaders/compare?ids=${ids.join(",")}`)} />
      <WalkForwardBox />
      <Leaderboard onAdd={(wallet, name) => add.mutate({ wallet, name })} adding={add.isPending} />
      <section className="card">
        <div className="section-head">
          <h2>Your leaders</h2>
          <input aria-label="Search your leaders" placeholder="Search by address or name" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <QueryState query={leaders} what="leaders" empty={(d) => (d.items.length ? null : "No leaders yet: add one by address above.")}>
          {(data) => (
            <table>
              <thead>
                <tr>
                  <th>Leader</th>
                  <th>Address</th>
                  <th>Added</th>
                </tr>
              </thead>
              <tbody>
                {data.items
                  .filter((l) => !needle || l.wallet.toLowerCase().includes(needle) || (l.name ?? l.pseudonym ?? "").toLowerCase().includes(needle))
                  .map((leader) => (
                    <tr key={leader.id}>
                      <td>
                        <Link to={`/leaders/${leader.id}`}>{leader.name ?? leader.pseudonym ?? shortAddress(leader.wallet)}</Link>
                      </td>
                      <td>
                        <code>{shortAddress(leader.wallet)}</code>
                      </td>
                      <td>
                        <When at={leader.created_at} />
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
    </div>
  );
}

const CATEGORIES: Schemas["LeaderboardCategory"][] = ["OVERALL", "POLITICS", "SPORTS", "CRYPTO", "CULTURE", "ECONOMICS", "TECH", "FINANCE", "WEATHER", "ESPORTS", "MENTIONS"];

function Leaderboard({ onAdd, adding }: { onAdd: (wallet: string, name: string | null) => void; adding: boolean }) {
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<Schemas["LeaderboardCategory"]>("OVERALL");
  const [period, setPeriod] = useState<Schemas["LeaderboardPeriod"]>("WEEK");
  const [orderBy, setOrderBy] = useState<Schemas["LeaderboardOrder"]>("PNL");
  const board = useLeaderboard({ category, period, order_by: orderBy, limit: 25 }, open);
  return (
    <section className="card">
      <div className="section-head">
        <h2>Import from the Polymarket leaderboard</h2>
        {!open && (
          <button type="button" onClick={() => setOpen(true)}>
            Show the leaderboard
          </button>
        )}
      </div>
      {open && (
        <>
          <div className="filters" role="group" aria-label="Leaderboard">
            <label>
              Category{" "}
              <select value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {c.toLowerCase()}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Period{" "}
              <select value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
                {(["DAY", "WEEK", "MONTH", "ALL"] as const).map((p) => (
                  <option key={p} value={p}>
                    {p.toLowerCase()}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Ranked by{" "}
              <select value={orderBy} onChange={(e) => setOrderBy(e.target.value as typeof orderBy)}>
                <option value="PNL">profit</option>
                <option value="VOL">volume</option>
              </select>
            </label>
          </div>
          <QueryState query={board} what="the leaderboard" empty={(rows) => (rows.length ? null : "Nobody on this leaderboard.")}>
            {(rows) => (
              <Table columns={[{ label: "#", num: true }, "Trader", { label: "Profit", num: true }, { label: "Volume", num: true }, ""]}>
                {rows.map((r) => (
                  <tr key={r.wallet}>
                    <td className="num">{r.rank}</td>
                    <td>
                      {r.name || shortAddress(r.wallet)} {r.verified && <span className="badge">verified</span>}
                      <div className="muted small">
                        <code>{shortAddress(r.wallet)}</code>
                      </div>
                    </td>
                    <td className="num">{formatUsd(r.pnl_micros, 0)}</td>
                    <td className="num">{formatUsd(r.volume_micros, 0)}</td>
                    <td>
                      {r.leader_id !== null ? (
                        <Link to={`/leaders/${r.leader_id}`}>On your list</Link>
                      ) : (
                        <button type="button" disabled={adding} onClick={() => onAdd(r.wallet, r.name || null)}>
                          Add
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </Table>
            )}
          </QueryState>
        </>
      )}
    </section>
  );
}

function LeaderFills({ leaderId }: { leaderId: number }) {
  const fills = useLeaderFills(leaderId);
  return (
    <section className="card">
      <h2>Recent fills</h2>
      <QueryState query={fills} what="fills" empty={(d) => (d.items.length ? null : "polycopy has not seen a fill from this leader yet.")}>
        {(d) => (
          <>
            <FillPriceChart fills={d.items} />
            <FillTable fills={d.items.slice(0, 20)} />
          </>
        )}
      </QueryState>
    </section>
  );
}

export function LeaderPage() {
  const id = Number(useParams().id);
  const leader = useLeader(id);
  const rules = useRules();
  const rule = rules.data?.items.find((r) => r.leader_id === id);
  return (
    <div className="stack">
      <QueryState query={leader} what="leader">
        {(l) => (
          <section className="card">
            <h1>{l.name ?? l.pseudonym ?? "Leader"}</h1>
            <p>
              <code className="wrap">{l.wallet}</code>
            </p>
            {rule ? (
              <p>
                You copy this leader: <Link to={`/rules/${rule.id}`}>rule #{rule.id}</Link> <StateBadge state={rule.status} />
              </p>
            ) : (
              <Link className="button primary" to={`/rules/new?leader=${encodeURIComponent(l.wallet)}`}>
                Follow
              </Link>
            )}
            <UnfollowLeader leader={l} rules={rules.data?.items ?? []} />
          </section>
        )}
      </QueryState>
      <LeaderStatistics leaderId={id} />
      <LeaderDrift leaderId={id} />
      <CopyAtMySettings leaderId={id} />
      <LeaderFills leaderId={id} />
      <LeaderTrackRecord leaderId={id} />
      <LeaderResults leaderId={id} />
      <LeaderAttribution leaderId={id} />
      {rule && <LeaderDecisions ruleId={rule.id} />}
    </div>
  );
}

function LeaderTrackRecord({ leaderId }: { leaderId: number }) {
  const positions = useLeaderPositions(leaderId);
  const performance = useLeaderPerformance(leaderId);
  return (
    <section className="card">
      <h2>Positions</h2>
      <p className="muted small">The leader's open positions now, as Polymarket reports them.</p>
      <QueryState query={positions} what="the leader's positions">
        {(rows) => <LeaderPositionsTable positions={rows} />}
      </QueryState>
      <h2>Performance</h2>
      <QueryState query={performance} what="the leader's performance">
        {(points) => <LeaderPerformanceChart points={points} />}
      </QueryState>
    </section>
  );
}

function LeaderResults({ leaderId }: { leaderId: number }) {
  const results = useLeaderResults();
  const positions = usePortfolio({ leader_id: leaderId });
  return (
    <section className="card">
      <h2>Your result with this leader</h2>
      <QueryState query={results} what="results">
        {(rows) => <LeaderComparison rows={rows.filter((r) => r.leader_id === leaderId)} />}
      </QueryState>
      <h3>Positions you hold for this leader</h3>
      <QueryState query={positions} what="positions" empty={(p) => (p.positions.length ? null : "None open.")}>
        {(p) => (
          <ul className="plain">
            {p.positions.map((pos) => (
              <li key={`${pos.account_id}-${pos.token_id}`}>
                {pos.outcome ?? "?"}: {formatShares(pos.size_micros)} shares at {formatPrice(pos.average_price_micros)}, now{" "}
                {formatUsd(pos.value_micros)} (<Signed micros={pos.unrealized_pnl_micros} />)
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}

function LeaderDecisions({ ruleId }: { ruleId: number }) {
  const decisions = useDecisions({ rule_id: ruleId });
  return (
    <section className="card">
      <h2>Recent trades and what polycopy did</h2>
      <QueryState query={decisions} what="decisions" empty={(d) => (d.items.length ? null : "No trades from this leader since you started copying.")}>
        {(d) => <DecisionList decisions={d.items.slice(0, 20)} />}
      </QueryState>
    </section>
  );
}
