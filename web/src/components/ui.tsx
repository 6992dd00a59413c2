// Small building blocks shared by the pages: states, errors, fields, badges.
import { Component, type ErrorInfo, type ReactNode, useId } from "react";
import { ApiError } from "../api/client";
import { retryable } from "../errors";

export function Loading({ what }: { what: string }) {
  return (
    <p className="muted" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** An error in plain words (api/client.ts words the API's), with a Retry button when asking
 * again may help (the network or the server failed) and ``retry`` is given. */
export function ErrorNote({ error, retry }: { error: unknown; retry?: () => unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const again = retry && (!(error instanceof ApiError) || retryable(error.status));
  return (
    <p className="error" role="alert">
      {message}
      {again && (
        <>
          {" "}
          <button type="button" onClick={() => retry()}>
            Retry
          </button>
        </>
      )}
    </p>
  );
}

/** Shows a query's loading, error and empty states, or its content. */
export function QueryState<T>({
  query,
  what,
  empty,
  children,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch?: () => unknown };
  what: string;
  empty?: (data: T) => ReactNode | null;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error) return <ErrorNote error={query.error} retry={query.refetch} />;
  const data = query.data as T;
  const emptyState = empty?.(data);
  return <>{emptyState ? <Empty>{emptyState}</Empty> : children(data)}</>;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error("page crashed", error, info.componentStack);
  }

  render() {
    if (this.state.error) {
      return (
        <section className="card" role="alert">
          <h2>Something went wrong on this page</h2>
          <p>{this.state.error.message}</p>
          <p className="muted">The rest of polycopy still works: pick another page above, try this one again, or reload it.</p>
          <div className="actions">
            <button type="button" onClick={() => this.setState({ error: null })}>
              Try again
            </button>{" "}
            {/* A page's code that failed to download (a new version was deployed) needs a reload. */}
            <button type="button" onClick={() => window.location.reload()}>
              Reload the page
            </button>
          </div>
        </section>
      );
    }
    return this.props.children;
  }
}

export function Field({
  label,
  help,
  error,
  prefix,
  suffix,
  children,
}: {
  label: string;
  help?: string;
  /** What is wrong, beside the field: words, and a link where one helps (the thing in conflict). */
  error?: ReactNode;
  prefix?: string;
  suffix?: string;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby": string }) => ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <div className="input-row">
        {prefix && <span className="affix">{prefix}</span>}
        {children({ id, "aria-invalid": Boolean(error), "aria-describedby": error ? `${errorId} ${helpId}` : helpId })}
        {suffix && <span className="affix">{suffix}</span>}
      </div>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
      {help && (
        <p id={helpId} className="help">
          {help}
        </p>
      )}
    </div>
  );
}

const MODES: Record<string, { label: string; help: string }> = {
  sim: { label: "simulated", help: "Simulated: the built-in emulator's markets, no real money" },
  paper: { label: "paper", help: "Paper trading: real prices, simulated fills, no real money" },
  live: { label: "live money", help: "Live: real orders with real money" },
};

/** Where orders go (the server's mode, or one account's): sim, paper or live. Not to be
 * confused with the connection indicator of the live updates. */
export function ModeBadge({ mode, of }: { mode: string; of?: string }) {
  const known = MODES[mode] ?? { label: mode, help: mode };
  return (
    <span className={`badge mode mode-${mode}`} title={known.help} data-testid={of ? `mode-${of}` : undefined}>
      {of ? `${of}: ` : ""}
      {known.label}
    </span>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span className={`badge state-${state}`}>{state}</span>;
}

export function When({ at }: { at: string }) {
  const date = new Date(at);
  return <time dateTime={at}>{date.toLocaleString()}</time>;
}

/** A column heading: its label, right-aligned (`num`) when the column holds numbers. */
export type Column = string | { label: string; num: true };

/** A scrollable table: the headings, then the rows the page renders. */
export function Table({ columns, children }: { columns: Column[]; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table>
        <thead>
          <tr>
            {columns.map((c, i) =>
              typeof c === "string" ? (
                <th key={i}>{c}</th>
              ) : (
                <th key={i} className="num">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Narrows a page to one follower account, or all of them. */
export function AccountFilter({
  accounts,
  value,
  onChange,
}: {
  accounts: readonly { id: number; label: string }[];
  value: number | undefined;
  onChange: (accountId: number | undefined) => void;
}) {
  return (
    <label>
      Account{" "}
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value ? Number(e.target.value) : undefined)}>
        <option value="">all</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label}
          </option>
        ))}
      </select>
    </label>
  );
}
