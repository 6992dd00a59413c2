import { type FormEvent, useState } from "react";
import { ApiError } from "../api/client";
import { revealError } from "../errors";
import {
  ALLOCATIONS,
  type FieldErrors,
  LIST_FIELDS,
  SIGNAL_FIELDS,
  NUMBER_FIELDS,
  ORDER_TYPES,
  type NumberField,
  type RuleForm as Form,
  type RuleSettings,
  COMMON_TICK_MICROS,
  DRIFT_ACTIONS,
  SLIPPAGE_UNITS,
  centsText,
  formKeyOf,
  fromForm,
  limitPrice,
  slippageExamples,
  slippageOf,
  toForm,
} from "../rules";
import { RulePreviewPanel } from "./RulePreview";
import { ErrorNote, Field } from "./ui";

const GROUPS: { id: NumberField["group"]; title: string }[] = [
  { id: "allocation", title: "How much to copy" },
  { id: "size", title: "Trade size" },
  { id: "exposure", title: "Exposure caps" },
  { id: "stops", title: "Loss stops" },
  { id: "slippage", title: "Worst price you accept" },
  { id: "market", title: "Price and book" },
  { id: "timing", title: "Market timing" },
  { id: "orders", title: "How orders are placed" },
];

/** What the slippage setting means in prices, worked out as the server does. */
function SlippageExample({ form }: { form: Form }) {
  const slippage = slippageOf(form);
  if (!slippage) return <p className="muted small">Enter a valid slippage to see the prices it allows.</p>;
  const onTick = limitPrice("BUY", 400_000, slippage, COMMON_TICK_MICROS);
  const onFineTick = limitPrice("BUY", 400_000, slippage, 1_000);
  return (
    <div className="slippage-example" data-testid="slippage-example" aria-live="polite">
      {slippageExamples(slippage, form.inverse).map((line) => (
        <p key={line}>{line}</p>
      ))}
      <p className="muted small">
        Prices on a 1¢ tick, the usual one.
        {!form.inverse && onFineTick !== onTick && ` On a 0.1¢ tick the buy at 40¢ copies up to ${centsText(onFineTick)}.`}
      </p>
    </div>
  );
}

/** All of a rule's settings with inline validation; `onSubmit` gets valid settings only. */
export function RuleForm({
  initial,
  submitLabel,
  onSubmit,
  busy,
  error,
  preview,
}: {
  initial?: Partial<RuleSettings>;
  submitLabel: string;
  onSubmit: (settings: RuleSettings) => void;
  busy?: boolean;
  error?: unknown;
  /** Preview the settings on this leader's latest trades as the user edits. */
  preview?: { accountId: number; leaderWallet: string };
}) {
  const [form, setForm] = useState<Form>(() => toForm(initial ?? {}));
  const [showErrors, setShowErrors] = useState(false);
  const { settings: current, errors: localErrors } = fromForm(form);
  const errors: FieldErrors = showErrors ? { ...localErrors } : {};
  const serverError = error instanceof ApiError ? error : null;
  const serverKey = serverError ? formKeyOf(serverError.field) : null;
  if (serverError && serverKey && serverKey !== "form" && !errors[serverKey]) errors[serverKey] = serverError.message;
  const needs = new Set<string>(ALLOCATIONS.find((a) => a.value === form.allocation)?.needs ?? []);
  const shown = (field: NumberField) => !field.slippageUnit || field.slippageUnit === form.slippage_unit;
  const allocationOnly = new Set(["fixed_amount_micros", "percentage_bps", "budget_micros", "range_min_micros", "range_max_micros"]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    const { settings } = fromForm(form);
    if (settings) onSubmit(settings);
    else revealError(); // the first setting that needs attention, not the top of a long form
  };
  const setNumber = (key: NumberField["key"], value: string) => setForm((f) => ({ ...f, numbers: { ...f.numbers, [key]: value } }));
  const count = Object.keys(errors).length;

  return (
    <form onSubmit={submit} noValidate aria-label="Copy rule settings" className="rule-form">
      {showErrors && count > 0 && (
        <p className="error" role="alert">
          {count === 1 ? "One setting needs" : `${count} settings need`} attention.
        </p>
      )}
      {GROUPS.map((group) => (
        <fieldset key={group.id}>
          <legend>{group.title}</legend>
          {group.id === "allocation" && (
            <Field label="Allocation" help="How the size of each copy is worked out.">
              {(p) => (
                <select
                  {...p}
                  value={form.allocation}
                  onChange={(e) => setForm((f) => ({ ...f, allocation: e.target.value as Form["allocation"] }))}
                >
                  {ALLOCATIONS.map((a) => (
                    <option key={a.value} value={a.value}>
                      {a.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {group.id === "slippage" && (
            <>
              <p className="muted">
                A copy buys at most this much above the leader's price and sells at most this much below it; a worse book is skipped as
                slippage. The default, 2 %, means one tick (1¢ on most markets) worse than the leader at any price: 2 % is under 2¢
                even at 99¢, and any allowance above 0 is at least one tick.
              </p>
              <p className="muted" data-testid="slippage-advice">
                A tight allowance is safe but skips a copy whenever the book has moved by the time polycopy sees the trade, which is
                common on busy markets: the demo uses 5 %. If your decisions show many <code>slippage</code> skips, raise it; each
                point more can cost you that much on every copy.
              </p>
            </>
          )}
          {group.id === "orders" && (
            <div className="grid">
              <Field label="Order type" help="Resting orders may fill at a better price, or not at all." error={errors.order_type}>
                {(p) => (
                  <select
                    {...p}
                    value={form.order_type}
                    onChange={(e) => setForm((f) => ({ ...f, order_type: e.target.value as Form["order_type"] }))}
                  >
                    {ORDER_TYPES.map((t) => (
                      <option key={t.value} value={t.value}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="When the time runs out unfilled" help="Chasing never goes past your max slippage." error={errors.on_expiry}>
                {(p) => (
                  <select
                    {...p}
                    value={form.on_expiry}
                    onChange={(e) => setForm((f) => ({ ...f, on_expiry: e.target.value as Form["on_expiry"] }))}
                  >
                    <option value="cancel">Cancel it</option>
                    <option value="chase">Chase: re-place at the current best price</option>
                  </select>
                )}
              </Field>
              <Field label="When it fills only partly" help="What happens to the unfilled rest." error={errors.remainder}>
                {(p) => (
                  <select
                    {...p}
                    value={form.remainder}
                    onChange={(e) => setForm((f) => ({ ...f, remainder: e.target.value as Form["remainder"] }))}
                  >
                    <option value="drop">Drop the rest</option>
                    <option value="rest">Keep the rest working</option>
                  </select>
                )}
              </Field>
            </div>
          )}
          <div className="grid">
            {group.id === "slippage" && (
              <Field label="Slippage in" help="A percentage scales with the price; cents are the same at every price.">
                {(p) => (
                  <select
                    {...p}
                    value={form.slippage_unit}
                    onChange={(e) => setForm((f) => ({ ...f, slippage_unit: e.target.value as Form["slippage_unit"] }))}
                  >
                    {SLIPPAGE_UNITS.map((u) => (
                      <option key={u.value} value={u.value}>
                        {u.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {NUMBER_FIELDS.filter((f) => f.group === group.id && shown(f))
              .filter((f) => !allocationOnly.has(f.key) || needs.has(f.key))
              .map((field) => (
                <Field
                  key={field.key}
                  label={field.label}
                  help={field.help + (field.required || needs.has(field.key) ? "" : " Optional.")}
                  error={errors[field.key]}
                  prefix={field.unit.prefix}
                  suffix={field.unit.suffix}
                >
                  {(p) => (
                    <input
                      {...p}
                      name={field.key}
                      inputMode="decimal"
                      value={form.numbers[field.key] ?? ""}
                      onChange={(e) => setNumber(field.key, e.target.value)}
                      onBlur={() => setShowErrors(true)}
                    />
                  )}
                </Field>
              ))}
          </div>
          {group.id === "slippage" && <SlippageExample form={form} />}
          {group.id === "size" && (
            <Field label="When a copy is below the minimum" help="Polymarket's minimum is $1.">
              {(p) => (
                <select
                  {...p}
                  value={form.below_minimum}
                  onChange={(e) => setForm((f) => ({ ...f, below_minimum: e.target.value as Form["below_minimum"] }))}
                >
                  <option value="skip">Skip it</option>
                  <option value="round_up">Round up to the minimum (if every limit still holds)</option>
                </select>
              )}
            </Field>
          )}
        </fieldset>
      ))}
      <fieldset>
        <legend>What to copy</legend>
        <Field label="Sides">
          {(p) => (
            <select {...p} value={form.sides} onChange={(e) => setForm((f) => ({ ...f, sides: e.target.value as Form["sides"] }))}>
              <option value="both">Buys and sells</option>
              <option value="buy_only">Buys only</option>
              <option value="sell_only">Sells only</option>
            </select>
          )}
        </Field>
        <label className="inline">
          <input type="checkbox" checked={form.inverse} onChange={(e) => setForm((f) => ({ ...f, inverse: e.target.checked }))} /> Inverse:
          take the opposite outcome
        </label>
        <label className="inline">
          <input
            type="checkbox"
            name="mirror_open_positions"
            checked={form.mirror_open_positions}
            onChange={(e) => setForm((f) => ({ ...f, mirror_open_positions: e.target.checked }))}
          />{" "}
          Also copy what the leader holds now
        </label>
        <p className="help">
          Once, when the rule is saved: the leader's open positions are bought for you at today's prices, within the limits above.
          Left off, only the leader's next trades are copied.
        </p>
        <div className="grid">
          {LIST_FIELDS.map((field) => (
            <Field key={field.key} label={field.label} help={field.help} error={errors[field.key]}>
              {(p) => (
                <input
                  {...p}
                  name={field.key}
                  value={form.lists[field.key]}
                  onChange={(e) => setForm((f) => ({ ...f, lists: { ...f.lists, [field.key]: e.target.value } }))}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Conviction and consensus</legend>
        <p className="help">Optional; left empty, each is off (docs/copy-rules.md has worked examples).</p>
        <div className="grid">
          {SIGNAL_FIELDS.map((field) => (
            <Field
              key={field.key}
              label={field.label}
              help={field.help}
              error={errors[field.key]}
              prefix={field.unit?.prefix}
              suffix={field.unit?.suffix}
            >
              {(p) => (
                <input
                  {...p}
                  name={field.key}
                  inputMode={field.unit ? "decimal" : undefined}
                  value={form.signals[field.key]}
                  onChange={(e) => setForm((f) => ({ ...f, signals: { ...f.signals, [field.key]: e.target.value } }))}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>When the leader changes</legend>
        <Field
          label="When the leader drifts"
          help="Drift: the leader's last days differ from its history (trade sizes, new categories, how often it trades, its win rate). Once per drift; a paused rule stays paused until you resume it."
          error={errors.on_leader_drift}
        >
          {(p) => (
            <select
              {...p}
              value={form.on_leader_drift}
              onChange={(e) => setForm((f) => ({ ...f, on_leader_drift: e.target.value as Form["on_leader_drift"] }))}
            >
              {DRIFT_ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      {preview && <RulePreviewPanel accountId={preview.accountId} leaderWallet={preview.leaderWallet} settings={current} />}
      {serverError && serverKey === "form" && <ErrorNote error={serverError} />}
      {!serverError && Boolean(error) && <ErrorNote error={error} />}
      <div className="actions sticky">
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
