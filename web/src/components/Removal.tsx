import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useDeleteRule, useUnfollow } from "../api/manage";
import type { Leader, Rule } from "../api/queries";
import { ErrorNote } from "./ui";

/** Asks once more before something is removed: the question, then yes or cancel. */
function Confirm({
  question,
  yes,
  busy,
  onYes,
  onCancel,
}: {
  question: string;
  yes: string;
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
}) {
  return (
    <span className="confirm" role="group" aria-label={question}>
      {question}{" "}
      <button type="button" className="danger" onClick={onYes} disabled={busy}>
        {yes}
      </button>{" "}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

/** Unfollow a leader. While rules copy it, it says which ones to delete first (linked):
 * nothing should copy a leader the user no longer sees. */
export function UnfollowLeader({ leader, rules }: { leader: Leader; rules: Rule[] }) {
  const [asking, setAsking] = useState(false);
  const unfollow = useUnfollow();
  const navigate = useNavigate();
  const copying = rules.filter((r) => r.leader_id === leader.id);
  if (copying.length > 0) {
    return (
      <p className="muted small" data-testid="unfollow-blocked">
        To unfollow this leader, first delete the rule that copies it:{" "}
        {copying.map((r, i) => (
          <span key={r.id}>
            {i > 0 && ", "}
            <Link to={`/rules/${r.id}`}>rule #{r.id}</Link>
          </span>
        ))}
        .
      </p>
    );
  }
  return (
    <div className="row-actions">
      {asking ? (
        <Confirm
          question="Remove this leader from your list? Its recorded trades stay."
          yes="Yes, unfollow"
          busy={unfollow.isPending}
          onYes={() => unfollow.mutate(leader.id, { onSuccess: () => navigate("/leaders") })}
          onCancel={() => setAsking(false)}
        />
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Unfollow
        </button>
      )}
      <ErrorNote error={unfollow.error} />
    </div>
  );
}

/** Delete a copy rule, confirmed: copying stops at once; its history stays. */
export function DeleteRule({ rule, onDeleted }: { rule: Rule; onDeleted?: () => void }) {
  const [asking, setAsking] = useState(false);
  const remove = useDeleteRule();
  return (
    <>
      {asking ? (
        <Confirm
          question={`Delete rule #${rule.id}? Copying this leader stops; past decisions and orders stay.`}
          yes="Yes, delete"
          busy={remove.isPending}
          onYes={() => remove.mutate(rule.id, { onSuccess: () => onDeleted?.() })}
          onCancel={() => setAsking(false)}
        />
      ) : (
        <button type="button" className="danger" onClick={() => setAsking(true)} aria-label={`Delete rule ${rule.id}`}>
          Delete
        </button>
      )}
      <ErrorNote error={remove.error} />
    </>
  );
}

/** A looked-up wallet that never traded: added only if the user says so. */
export function NoActivity({ wallet, busy, onAdd, onCancel }: { wallet: string; busy: boolean; onAdd: () => void; onCancel: () => void }) {
  return (
    <div className="warning" role="alert" data-testid="no-activity">
      <p>
        <code className="wrap">{wallet}</code> has never traded on Polymarket, so there is nothing to copy yet. Check the address: a
        trader's profile shows their proxy wallet, which is the one to follow.
      </p>
      <button type="button" onClick={onAdd} disabled={busy}>
        Add it anyway
      </button>{" "}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
