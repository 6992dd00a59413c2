// The leader page's "Drift" box: does the leader still trade like its own history? Each
// signal with the figures before and recently, the threshold, and the server's words.
import { useQuery } from "@tanstack/react-query";
import { api, ok } from "../api/client";
import type { Schemas } from "../api/client";
import { formatUsd } from "../money";
import { QueryState, Table, When } from "./ui";

type Drift = Schemas["LeaderDriftOut"];
type Signal = Schemas["DriftSignalOut"];

const NAMES: Record<Signal["kind"], string> = {
  size: "Trade size",
  categories: "New categories",
  frequency: "Trading frequency",
  win_rate: "Win rate",
};

const percent = (share: string) => `${(Number(share) * 100).toFixed(0)} %`;

/** A signal's figures in the units its kind uses (docs/leader-statistics.md, "Drift"). */
export function figures(signal: Signal): { before: string; recent: string; limit: string } {
  const shown = (value: string, format: (v: string) => string) => (value === "" ? "—" : format(value));
  switch (signal.kind) {
    case "size":
      return { before: shown(signal.baseline, (v) => formatUsd(Number(v))), recent: shown(signal.recent, (v) => formatUsd(Number(v))), limit: `${signal.threshold}× up or down` };
    case "categories":
      return { before: shown(signal.baseline, (v) => `${v} traded`), recent: shown(signal.recent, (v) => `${percent(v)} new`), limit: `${percent(signal.threshold)} new` };
    case "frequency":
      return { before: shown(signal.baseline, (v) => `${v} a day`), recent: shown(signal.recent, (v) => `${v} a day`), limit: `${signal.threshold}× up or down` };
    case "win_rate":
      return { before: shown(signal.baseline, percent), recent: shown(signal.recent, percent), limit: shown(signal.threshold, (v) => `below ${percent(v)}`) };
  }
}

export function LeaderDrift({ leaderId }: { leaderId: number }) {
  const drift = useQuery({
    queryKey: ["leader-drift", leaderId],
    queryFn: () => ok(api.GET("/api/v1/leaders/{leader_id}/drift", { params: { path: { leader_id: leaderId } } })),
    refetchInterval: 60_000,
  });
  return (
    <section className="card" aria-labelledby="leader-drift" data-testid="leader-drift">
      <h2 id="leader-drift">Drift</h2>
      <QueryState query={drift} what="the drift check">
        {(d: Drift) => (
          <>
            {d.drifting ? (
              <p role="note" className="warning">
                This leader departs from its own history: {d.signals.filter((s) => s.drifting).map((s) => NAMES[s.kind].toLowerCase()).join(", ")}. Your rules
                alert or pause as their “when the leader drifts” setting says.
              </p>
            ) : (
              <p className="muted">Trades like its own history.</p>
            )}
            <Table columns={["Signal", "Before", "Recently", "Drift at", "What was compared"]}>
              {d.signals.map((s) => {
                const f = figures(s);
                return (
                  <tr key={s.kind} className={s.drifting ? "drifting" : undefined}>
                    <th scope="row">
                      {NAMES[s.kind]}
                      {s.drifting && <strong> · drifting</strong>}
                    </th>
                    <td>{f.before}</td>
                    <td>{f.recent}</td>
                    <td>{f.limit}</td>
                    <td>{s.explanation}</td>
                  </tr>
                );
              })}
            </Table>
            <p className="muted small">
              Checked <When at={d.checked_at} />.
            </p>
          </>
        )}
      </QueryState>
    </section>
  );
}
