import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { ApiError, api, ok } from "../api/client";
import { type Account, type Rule, useAccountKillSwitch, useAccounts, useLeaders, useRule, useRuleState, useRules } from "../api/queries";
import { CredentialsForm, DoctorPanel, ModeSwitch } from "../components/AccountChecks";
import { AccountLimitsForm } from "../components/AccountLimitsForm";
import { RuleAttribution } from "../components/AttributionWaterfall";
import { DeleteRule } from "../components/Removal";
import { RuleForm } from "../components/RuleForm";
import { ErrorNote, Field, ModeBadge, QueryState, StateBadge, Table } from "../components/ui";
import { formatUsd, shortAddress } from "../money";
import { revealError } from "../errors";
import type { RuleSettings } from "../rules";

function allocationSummary(settings: Record<string, unknown>): string {
  const s = settings as Partial<RuleSettings>;
  switch (s.allocation) {
    case "fixed":
      return `${formatUsd(s.fixed_amount_micros)} per trade`;
    case "percentage":
      return `${(s.percentage_bps ?? 0) / 100}% of the leader's trade`;
    case "proportional":
      return `proportional, budget ${formatUsd(s.budget_micros)}`;
    case "range":
      return `${(s.percentage_bps ?? 0) / 100}% within ${formatUsd(s.range_min_micros)}–${formatUsd(s.range_max_micros)}`;
    default:
      return String(s.allocation);
  }
}

function KillSwitch({ account }: { account: Account }) {
  const kill = useAccountKillSwitch();
  const [confirming, setConfirming] = useState(false);
  const halted = account.trading_state === "halted";
  return (
    <div className="kill-switch">
      <span>
        <strong>{account.label}</strong> <ModeBadge mode={account.mode} /> <code>{shortAddress(account.funder)}</code> <StateBadge state={account.trading_state} />
        {account.state_reason && <span className="muted"> ({account.state_reason})</span>}
      </span>
      {halted ? (
        <button type="button" onClick={() => kill.mutate({ account, halt: false })} disabled={kill.isPending}>
          Resume copying
        </button>
      ) : confirming ? (
        <span className="confirm">
          Stop all copying on this account?{" "}
          <button
            type="button"
            className="danger"
            onClick={() => kill.mutate({ account, halt: true, reason: "kill switch in the web app" }, { onSettled: () => setConfirming(false) })}
          >
            Yes, halt
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          Kill switch
        </button>
      )}
      <ErrorNote error={kill.error} />
    </div>
  );
}

function RuleRow({ rule, accounts }: { rule: Rule; accounts: Account[] }) {
  const state = useRuleState();
  const account = accounts.find((a) => a.id === rule.account_id);
  const paused = rule.status === "halted";
  return (
    <tr>
      <td>
        <Link to={`/rules/${rule.id}`}>#{rule.id}</Link>
      </td>
      <td>
        <code>{shortAddress(rule.leader_wallet)}</code>
      </td>
      <td>{account?.label ?? rule.account_id}</td>
      <td>{allocationSummary(rule.settings)}</td>
      <td>
        <StateBadge state={rule.status} />
        {rule.status_reason && <div className="muted small">{rule.status_reason}</div>}
      </td>
      <td>
        <button
          type="button"
          onClick={() => state.mutate({ rule, action: paused ? "resume" : "pause" })}
          aria-label={`${paused ? "Resume" : "Pause"} rule ${rule.id}`}
        >
          {paused ? "Resume" : "Pause"}
        </button>{" "}
        <DeleteRule rule={rule} />
        <ErrorNote error={state.error} />
      </td>
    </tr>
  );
}

export function RulesPage() {
  const rules = useRules();
  const accounts = useAccounts();
  return (
    <div className="stack">
      <section className="card">
        <div className="section-head">
          <h1>Copy rules</h1>
          <Link className="button primary" to="/leaders">
            Follow a leader
          </Link>
        </div>
        <QueryState query={rules} what="rules" empty={(d) => (d.items.length ? null : "No copy rules yet. Pick a leader to follow.")}>
          {(data) => (
            <Table columns={["Rule", "Leader", "Account", "Allocation", "State", "Actions"]}>
              {data.items.map((rule) => (
                <RuleRow key={rule.id} rule={rule} accounts={accounts.data?.items ?? []} />
              ))}
            </Table>
          )}
        </QueryState>
      </section>
      <section className="card">
        <h2>Accounts and kill switches</h2>
        <QueryState
          query={accounts}
          what="accounts"
          empty={(d) => (d.items.length ? null : <Link to="/onboarding">Link a Polymarket account first.</Link>)}
        >
          {(data) => (
            <div className="stack">
              {data.items.map((account) => (
                <div key={account.id} className="account-block">
                  <KillSwitch account={account} />
                  <ModeSwitch account={account} />
                  <details>
                    <summary>Account-wide limits</summary>
                    <AccountLimitsForm account={account} />
                  </details>
                  <details>
                    <summary>Account checks</summary>
                    <DoctorPanel account={account} />
                  </details>
                  <details open={account.quarantined}>
                    <summary>Credentials{account.quarantined ? " — need replacing" : ""}</summary>
                    <CredentialsForm account={account} />
                  </details>
                </div>
              ))}
            </div>
          )}
        </QueryState>
      </section>
    </div>
  );
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function RuleNewPage() {
  const [params] = useSearchParams();
  const accounts = useAccounts();
  const leaders = useLeaders();
  const rules = useRules();
  const [leader, setLeader] = useState(params.get("leader") ?? "");
  const [accountId, setAccountId] = useState<number | null>(null);
  const client = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (settings: RuleSettings) =>
      ok(api.POST("/api/v1/rules", { body: { account_id: accountId ?? accounts.data?.items[0]?.id ?? 0, leader_wallet: leader.trim(), settings } })),
    onSuccess: (rule) => {
      client.invalidateQueries({ queryKey: ["rules"] });
      navigate(`/rules/${rule.id}`);
    },
    onError: revealError,
  });
  const items = accounts.data?.items ?? [];
  const target = accountId ?? items[0]?.id;
  // A refusal about the leader shows beside its field; a rule that already copies it is linked.
  const leaderError = create.error instanceof ApiError && create.error.field === "leader_wallet" ? create.error : null;
  const existing =
    leaderError?.code === "rule_exists"
      ? (rules.data?.items ?? []).find((r) => r.account_id === target && r.leader_wallet.toLowerCase() === leader.trim().toLowerCase())
      : undefined;
  return (
    <section className="card">
      <h1>Follow a leader</h1>
      <p className="muted">Copying starts with the leader's next trade; past trades are not replayed.</p>
      <QueryState query={accounts} what="accounts" empty={(d) => (d.items.length ? null : <Link to="/onboarding">Link a Polymarket account first.</Link>)}>
        {() => (
          <>
            <div className="grid">
              <Field
                label="Leader address"
                error={
                  leaderError && (
                    <>
                      {leaderError.message}{" "}
                      {existing && <Link to={`/rules/${existing.id}`}>Edit rule #{existing.id}</Link>}
                    </>
                  )
                }
              >
                {(p) => (
                  <input {...p} list="known-leaders" value={leader} spellCheck={false} onChange={(e) => setLeader(e.target.value)} placeholder="0x…" />
                )}
              </Field>
              {ADDRESS.test(leader.trim()) && leaders.data && !leaders.data.items.some((l) => l.wallet === leader.trim().toLowerCase()) && (
                <p className="warning" role="note" data-testid="unknown-leader">
                  This wallet is not on your <Link to="/leaders">Leaders</Link> list, so polycopy has none of its trades yet: the preview
                  below stays empty, and copying starts with its next trade. Check the address, or look the wallet up on the Leaders
                  page first to see what it trades.
                </p>
              )}
              <datalist id="known-leaders">
                {(leaders.data?.items ?? []).map((l) => (
                  <option key={l.id} value={l.wallet}>
                    {l.name ?? l.pseudonym ?? ""}
                  </option>
                ))}
              </datalist>
              <Field label="Copy into account">
                {(p) => (
                  <select {...p} value={accountId ?? items[0]?.id ?? ""} onChange={(e) => setAccountId(Number(e.target.value))}>
                    {items.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.label} ({a.mode})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <RuleForm
              submitLabel="Start copying"
              onSubmit={(s) => create.mutate(s)}
              busy={create.isPending}
              error={leaderError ? null : create.error}
              preview={{ accountId: accountId ?? items[0]?.id ?? 0, leaderWallet: leader.trim() }}
            />
          </>
        )}
      </QueryState>
    </section>
  );
}

export function RuleEditPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const rule = useRule(id);
  const client = useQueryClient();
  const [saved, setSaved] = useState<number | null>(null);
  const update = useMutation({
    mutationFn: (settings: RuleSettings) => ok(api.PATCH("/api/v1/rules/{rule_id}", { params: { path: { rule_id: id } }, body: { settings } })),
    onSuccess: (next) => {
      client.setQueryData(["rules", id], next);
      client.invalidateQueries({ queryKey: ["rules"] });
      setSaved(next.version);
    },
    onError: revealError,
  });
  const state = useRuleState();
  return (
    <QueryState query={rule} what="rule">
      {(r) => (
        <div className="stack">
        <section className="card">
          <div className="section-head">
            <h1>
              Rule #{r.id} <StateBadge state={r.status} />
            </h1>
            <div className="row-actions">
              <button type="button" onClick={() => state.mutate({ rule: r, action: r.status === "halted" ? "resume" : "pause" }, { onSettled: () => rule.refetch() })}>
                {r.status === "halted" ? "Resume" : "Pause"}
              </button>
              <DeleteRule rule={r} onDeleted={() => navigate("/rules")} />
            </div>
          </div>
          <p className="muted">
            Leader <code>{r.leader_wallet}</code> · version {r.version}
          </p>
          {r.status_reason && (
            <p className={r.status === "active" ? "muted" : "warning"} data-testid="rule-status-reason">
              {r.status === "halted" ? "Paused" : r.status === "reducing" ? "Exits only" : "Note"}: {r.status_reason}
            </p>
          )}
          {saved !== null && (
            <p className="success" role="status">
              Saved as version {saved}. New decisions use it.
            </p>
          )}
          <RuleForm
            key={r.version}
            initial={r.settings as Partial<RuleSettings>}
            submitLabel="Save changes"
            onSubmit={(s) => update.mutate(s)}
            busy={update.isPending}
            error={update.error}
            preview={{ accountId: r.account_id, leaderWallet: r.leader_wallet }}
          />
        </section>
        <RuleAttribution ruleId={r.id} />
        </div>
      )}
    </QueryState>
  );
}
