// Copy-rule settings as a form: the field table, unit conversion and the same checks the
// server makes (copying/settings.py), so mistakes show next to the field before sending.
import type { Schemas } from "./api/client";
import { MICRO } from "./money";

export type RuleSettings = Schemas["RuleSettings"];
type NumericKey = {
  [K in keyof RuleSettings]-?: NonNullable<RuleSettings[K]> extends number ? K : never;
}[keyof RuleSettings];
type ListKey = "allow_tags" | "deny_tags" | "allow_keywords" | "deny_keywords";

/** How a number is typed: `scale` decimals allowed, times `factor` gives the API's integer. */
interface Unit {
  scale: number;
  factor: number;
  prefix?: string;
  suffix?: string;
}
const USD: Unit = { scale: 6, factor: 1, prefix: "$" };
const PERCENT: Unit = { scale: 2, factor: 1, suffix: "%" }; // → basis points
const CENTS: Unit = { scale: 4, factor: 1, suffix: "¢" }; // → price micros
const WHOLE_CENTS: Unit = { scale: 0, factor: 1, suffix: "¢" }; // → cents
const TIMES: Unit = { scale: 4, factor: 1, suffix: "×" }; // → basis points
const HOURS: Unit = { scale: 2, factor: 36, suffix: "h" }; // → seconds
const SECONDS: Unit = { scale: 0, factor: 1, suffix: "s" };
const COUNT: Unit = { scale: 0, factor: 1 };
/** The venue refuses a GTD order expiring within a minute (copying/settings.py). */
export const MIN_GTD_TTL_SECONDS = 90;

export interface NumberField {
  key: NumericKey;
  label: string;
  help: string;
  unit: Unit;
  min: number; // in API units, inclusive
  minExclusive?: boolean;
  max?: number; // in API units, inclusive
  maxExclusive?: boolean;
  group: "allocation" | "size" | "exposure" | "stops" | "slippage" | "market" | "timing" | "orders";
  required?: boolean;
  /** Slippage is given in one unit only: the field the form's `slippage_unit` does not name is neither shown nor sent. */
  slippageUnit?: SlippageUnit;
}

const positiveUsd = (key: NumericKey, label: string, help: string, group: NumberField["group"]): NumberField => ({
  key, label, help, group, unit: USD, min: 0, minExclusive: true,
});

const SLIPPAGE_LABEL = "Max slippage vs the leader's price";

export const NUMBER_FIELDS: NumberField[] = [
  positiveUsd("fixed_amount_micros", "Fixed amount per trade", "Spend this much on every copied buy.", "allocation"),
  { key: "percentage_bps", label: "Percentage of the leader's trade", help: "Copy this share of what the leader spends.", unit: PERCENT, min: 0, minExclusive: true, max: 1_000_000, group: "allocation" },
  positiveUsd("budget_micros", "Budget for this leader", "Proportional: your trade = leader's trade × budget ÷ leader's portfolio value.", "allocation"),
  positiveUsd("range_min_micros", "Range minimum", "Range: never less than this per trade.", "allocation"),
  positiveUsd("range_max_micros", "Range maximum", "Range: never more than this per trade.", "allocation"),
  { key: "multiplier_bps", label: "Multiplier", help: "Applied after the allocation (1 = unchanged).", unit: TIMES, min: 0, minExclusive: true, max: 1_000_000, group: "allocation", required: true },
  positiveUsd("min_trade_micros", "Minimum trade", "Smaller copies follow the 'below minimum' choice.", "size"),
  positiveUsd("max_trade_micros", "Maximum trade", "Larger copies are cut to this.", "size"),
  positiveUsd("min_leader_trade_micros", "Ignore leader trades under", "Skip the leader's small trades.", "size"),
  positiveUsd("max_market_exposure_micros", "Max exposure per market", "At cost, open lots plus pending orders.", "exposure"),
  positiveUsd("max_event_exposure_micros", "Max exposure per event", "All markets of one event together.", "exposure"),
  positiveUsd("leader_budget_micros", "Max exposure to this leader", "Everything this rule holds at cost.", "exposure"),
  positiveUsd("daily_loss_stop_micros", "Daily loss stop", "After this loss today, only exits are copied.", "stops"),
  positiveUsd("drawdown_stop_micros", "Drawdown stop", "After this drop from the peak, only exits are copied.", "stops"),
  { key: "price_min_micros", label: "Lowest price", help: "Skip outcomes priced below this.", unit: CENTS, min: 0, minExclusive: true, max: 1_000_000, maxExclusive: true, group: "market" },
  { key: "price_max_micros", label: "Highest price", help: "Skip outcomes priced above this.", unit: CENTS, min: 0, minExclusive: true, max: 1_000_000, maxExclusive: true, group: "market" },
  { key: "max_slippage_bps", label: SLIPPAGE_LABEL, help: "Of the leader's price, rounded down to whole ticks but never less than one tick. 0 = only the leader's price or better.", unit: PERCENT, min: 0, max: 10_000, group: "slippage", required: true, slippageUnit: "bps" },
  { key: "max_slippage_cents", label: SLIPPAGE_LABEL, help: "Whole cents at any price. 0 = only the leader's price or better.", unit: WHOLE_CENTS, min: 0, max: 99, group: "slippage", required: true, slippageUnit: "cents" },
  { key: "max_spread_micros", label: "Max spread", help: "Skip books wider than this.", unit: CENTS, min: 0, minExclusive: true, max: 1_000_000, maxExclusive: true, group: "market" },
  positiveUsd("min_book_depth_micros", "Min book depth", "Skip books thinner than this near the price.", "market"),
  { key: "max_market_risk", label: "Max market risk score", help: "0 (calm) to 100 (risky): skip buys in markets scored higher. A market with no score passes.", unit: COUNT, min: 0, max: 100, group: "market" },
  { key: "min_seconds_to_end", label: "Skip markets ending within", help: "Too close to resolution.", unit: HOURS, min: 0, group: "timing" },
  { key: "max_seconds_to_end", label: "Skip markets ending after", help: "Too far from resolution.", unit: HOURS, min: 0, minExclusive: true, group: "timing" },
  { key: "order_ttl_seconds", label: "Time to live", help: "How long a GTC/GTD order (or a FAK's resting rest) works before it is cancelled or chased.", unit: SECONDS, min: 5, max: 604_800, group: "orders", required: true },
  { key: "max_chases", label: "Max chases", help: "How many times one copy is re-placed at a better price.", unit: COUNT, min: 1, max: 20, group: "orders", required: true },
];

export const ORDER_TYPES: { value: RuleSettings["order_type"]; label: string }[] = [
  { value: "FOK", label: "Fill or kill: all at once or nothing" },
  { value: "FAK", label: "Fill and kill: what the book has now" },
  { value: "GTC", label: "Limit (GTC): rest at the leader's price until the time to live" },
  { value: "GTD", label: "Limit (GTD): rest at the leader's price, the venue expires it" },
];

export const LIST_FIELDS: { key: ListKey; label: string; help: string }[] = [
  { key: "allow_tags", label: "Only these tags", help: "Comma-separated; empty = all." },
  { key: "deny_tags", label: "Never these tags", help: "Comma-separated." },
  { key: "allow_keywords", label: "Only titles with", help: "Comma-separated keywords; empty = all." },
  { key: "deny_keywords", label: "Never titles with", help: "Comma-separated keywords." },
];

export const ALLOCATIONS: { value: RuleSettings["allocation"]; label: string; needs: NumericKey[] }[] = [
  { value: "fixed", label: "Fixed amount", needs: ["fixed_amount_micros"] },
  { value: "percentage", label: "Percentage of the leader's trade", needs: ["percentage_bps"] },
  { value: "proportional", label: "Proportional to portfolio", needs: ["budget_micros"] },
  { value: "range", label: "Percentage within a range", needs: ["percentage_bps", "range_min_micros", "range_max_micros"] },
];

export type RuleForm = {
  allocation: RuleSettings["allocation"];
  below_minimum: RuleSettings["below_minimum"];
  sides: RuleSettings["sides"];
  inverse: boolean;
  mirror_open_positions: boolean;
  order_type: NonNullable<RuleSettings["order_type"]>;
  on_expiry: NonNullable<RuleSettings["on_expiry"]>;
  remainder: NonNullable<RuleSettings["remainder"]>;
  on_leader_drift: NonNullable<RuleSettings["on_leader_drift"]>;
  slippage_unit: SlippageUnit;
  numbers: Partial<Record<NumericKey, string>>;
  lists: Record<ListKey, string>;
  signals: Record<SignalKey, string>;
};

/** Conviction sizing and consensus signals (docs/copy-rules.md): off while left empty. */
type SignalKey = "conviction_min" | "conviction_max" | "consensus_min_leaders" | "consensus_window" | "consensus_wallets";
export const SIGNAL_FIELDS: { key: SignalKey; label: string; help: string; unit?: Unit }[] = [
  { key: "conviction_min", label: "Conviction: at least", help: "Scale each copy by the leader's trade ÷ its median trade, within this clamp.", unit: USD },
  { key: "conviction_max", label: "Conviction: at most", help: "The most a conviction-scaled copy may be (your caps still apply).", unit: USD },
  { key: "consensus_min_leaders", label: "Consensus: leaders needed", help: "Copy a buy only when this many leaders bought the same outcome within the window.", unit: COUNT },
  { key: "consensus_window", label: "Consensus window", help: "How far back a leader's buy counts as agreeing.", unit: SECONDS },
  { key: "consensus_wallets", label: "Consensus group", help: "Wallets, comma separated; empty: the leaders this account follows." },
];

/** What a rule does when its leader departs from its own history (docs/copy-rules.md). */
export const DRIFT_ACTIONS: { value: RuleForm["on_leader_drift"]; label: string }[] = [
  { value: "alert", label: "Tell me, keep copying" },
  { value: "pause", label: "Pause this rule and tell me" },
  { value: "ignore", label: "Do nothing" },
];

export type FieldErrors = Partial<Record<string, string>>;

export const DEFAULT_SETTINGS: RuleSettings = {
  allocation: "fixed",
  fixed_amount_micros: 5_000_000,
  multiplier_bps: 10_000,
  max_slippage_bps: 200,
  below_minimum: "skip",
  sides: "both",
  inverse: false,
  order_type: "FOK",
  order_ttl_seconds: 60,
  on_expiry: "cancel",
  max_chases: 3,
  remainder: "drop",
  on_leader_drift: "alert",
};

/** Shown for the unit a rule does not use, should the trader switch to it: 1¢ is what the
 * 2 % default allows on a 1¢-tick market. */
const ALTERNATIVE_SLIPPAGE = { max_slippage_bps: 200, max_slippage_cents: 1 } as const;

function parseScaled(text: string, scale: number): number | null {
  const value = text.trim().replace(/^\$/, "").replace(/,/g, "").replace(/[%¢×h]$/, "");
  if (value === "") return null;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(value);
  if (!match || (match[2] ?? "").length > scale) return Number.NaN;
  return Number(match[1]) * 10 ** scale + Number((match[2] ?? "").padEnd(scale, "0") || "0");
}

function showScaled(value: number, unit: Unit): string {
  const scaled = value / unit.factor;
  const base = 10 ** unit.scale;
  const whole = Math.trunc(scaled / base);
  const frac = String(Math.round(scaled % base)).padStart(unit.scale, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

export function toForm(settings: Partial<RuleSettings>): RuleForm {
  const merged = { ...DEFAULT_SETTINGS, ...settings };
  const slippage_unit: SlippageUnit = typeof settings.max_slippage_cents === "number" ? "cents" : "bps";
  const numbers: RuleForm["numbers"] = {};
  for (const field of NUMBER_FIELDS) {
    const value = field.slippageUnit ? (merged[field.key] ?? ALTERNATIVE_SLIPPAGE[field.key as keyof typeof ALTERNATIVE_SLIPPAGE]) : merged[field.key];
    numbers[field.key] = typeof value === "number" ? showScaled(value, field.unit) : "";
  }
  const list = (key: ListKey) => (merged[key] ?? []).join(", ");
  return {
    allocation: merged.allocation ?? "fixed",
    below_minimum: merged.below_minimum ?? "skip",
    sides: merged.sides ?? "both",
    inverse: merged.inverse ?? false,
    mirror_open_positions: merged.mirror_open_positions ?? false,
    order_type: merged.order_type ?? "FOK",
    on_expiry: merged.on_expiry ?? "cancel",
    remainder: merged.remainder ?? "drop",
    on_leader_drift: merged.on_leader_drift ?? "alert",
    slippage_unit,
    numbers,
    lists: {
      allow_tags: list("allow_tags"),
      deny_tags: list("deny_tags"),
      allow_keywords: list("allow_keywords"),
      deny_keywords: list("deny_keywords"),
    },
    signals: {
      conviction_min: settings.conviction ? showScaled(settings.conviction.min_micros, USD) : "",
      conviction_max: settings.conviction ? showScaled(settings.conviction.max_micros, USD) : "",
      consensus_min_leaders: settings.consensus ? String(settings.consensus.min_leaders) : "",
      consensus_window: settings.consensus ? String(settings.consensus.window_seconds) : "",
      consensus_wallets: (settings.consensus?.wallets ?? []).join(", "),
    },
  };
}

/** A signal number: a positive amount in its unit, or why it is refused. */
function readSignal(text: string, unit: Unit): { value?: number; error?: string } {
  const raw = parseScaled(text, unit.scale);
  if (raw === null) return { error: "Required." };
  if (Number.isNaN(raw)) return { error: unit.scale ? `Enter a number with at most ${unit.scale} decimals.` : "Enter a whole number." };
  return raw > 0 ? { value: raw * unit.factor } : { error: "Must be more than 0." };
}

/** The conviction and consensus blocks of the settings, checked as the server does. */
function signalsFromForm(form: RuleForm, settings: RuleSettings, errors: FieldErrors): void {
  const s = form.signals;
  if (s.conviction_min.trim() || s.conviction_max.trim()) {
    const min = readSignal(s.conviction_min, USD);
    const max = readSignal(s.conviction_max, USD);
    if (min.error) errors.conviction_min = min.error;
    if (max.error) errors.conviction_max = max.error;
    if (min.value !== undefined && max.value !== undefined) {
      if (min.value > max.value) errors.conviction_min = "Must not be greater than the most.";
      settings.conviction = { min_micros: min.value, max_micros: max.value };
    }
  }
  const wallets = [...new Set(s.consensus_wallets.split(",").map((w) => w.trim().toLowerCase()).filter(Boolean))];
  if (s.consensus_min_leaders.trim() || s.consensus_window.trim() || wallets.length) {
    const k = readSignal(s.consensus_min_leaders, COUNT);
    const window = readSignal(s.consensus_window, SECONDS);
    if (k.error) errors.consensus_min_leaders = k.error;
    if (window.error) errors.consensus_window = window.error;
    const bad = wallets.find((w) => !/^0x[0-9a-f]{40}$/.test(w));
    if (bad) errors.consensus_wallets = `Not a wallet address: ${bad}.`;
    if (k.value !== undefined && wallets.length && k.value > wallets.length) {
      errors.consensus_min_leaders = `More than the ${wallets.length} wallets of the group.`;
    }
    if (k.value !== undefined && window.value !== undefined) {
      settings.consensus = { min_leaders: k.value, window_seconds: window.value, wallets };
    }
  }
}

const describe = (field: NumberField, value: number) => `${field.unit.prefix ?? ""}${showScaled(value, field.unit)}${field.unit.suffix ?? ""}`;

/** One number field's API value (absent when empty and optional), or why it is refused. */
function readNumber(field: NumberField, text: string): { value?: number; error?: string } {
  const raw = parseScaled(text, field.unit.scale);
  if (raw === null) return field.required ? { error: "Required." } : {};
  if (Number.isNaN(raw)) return { error: field.unit.scale ? `Enter a number with at most ${field.unit.scale} decimals.` : "Enter a whole number." };
  const value = raw * field.unit.factor;
  if (field.minExclusive ? value <= field.min : value < field.min) {
    return { error: field.minExclusive ? "Must be more than 0." : field.min > 0 ? `Must be at least ${describe(field, field.min)}.` : "Must not be negative." };
  }
  if (field.max !== undefined && (field.maxExclusive ? value >= field.max : value > field.max)) {
    return { error: `Must be ${field.maxExclusive ? "less than" : "at most"} ${describe(field, field.max)}.` };
  }
  return { value };
}

/** The settings to send, or the errors by field key (`allocation` for rule-wide ones). */
export function fromForm(form: RuleForm): { settings: RuleSettings | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const settings: RuleSettings = {
    allocation: form.allocation,
    below_minimum: form.below_minimum,
    sides: form.sides,
    inverse: form.inverse,
    mirror_open_positions: form.mirror_open_positions,
    order_type: form.order_type,
    on_expiry: form.on_expiry,
    remainder: form.remainder,
    on_leader_drift: form.on_leader_drift,
  };
  const values: Partial<Record<NumericKey, number>> = {};
  for (const field of NUMBER_FIELDS) {
    if (field.slippageUnit && field.slippageUnit !== form.slippage_unit) continue;
    const { value, error } = readNumber(field, form.numbers[field.key] ?? "");
    if (error) errors[field.key] = error;
    if (value !== undefined) {
      values[field.key] = value;
      (settings as Record<string, unknown>)[field.key] = value;
    }
  }
  const allocation = ALLOCATIONS.find((a) => a.value === form.allocation);
  for (const key of allocation?.needs ?? []) {
    if (values[key] === undefined && !errors[key]) errors[key] = `Needed for “${allocation?.label}”.`;
  }
  const ordered: [NumericKey, NumericKey][] = [
    ["range_min_micros", "range_max_micros"],
    ["min_trade_micros", "max_trade_micros"],
    ["price_min_micros", "price_max_micros"],
    ["min_seconds_to_end", "max_seconds_to_end"],
  ];
  for (const [low, high] of ordered) {
    const lo = values[low];
    const hi = values[high];
    if (lo !== undefined && hi !== undefined && lo > hi) {
      const label = NUMBER_FIELDS.find((f) => f.key === high)?.label.toLowerCase();
      errors[low] = `Must not be greater than the ${label}.`;
    }
  }
  for (const field of LIST_FIELDS) {
    const items = form.lists[field.key]
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean);
    settings[field.key] = [...new Set(items)];
  }
  const rests = form.order_type === "GTC" || form.order_type === "GTD";
  const ttl = values.order_ttl_seconds;
  if (form.order_type === "GTD" && ttl !== undefined && ttl < MIN_GTD_TTL_SECONDS && !errors.order_ttl_seconds) {
    errors.order_ttl_seconds = `GTD orders need at least ${MIN_GTD_TTL_SECONDS}s: the venue refuses one expiring within a minute.`;
  }
  if (form.order_type === "FOK" && form.remainder === "rest") {
    errors.remainder = "A fill-or-kill order has no remainder: choose FAK, GTC or GTD to keep it working.";
  }
  if (form.on_expiry === "chase" && !rests && form.remainder !== "rest") {
    errors.on_expiry = "Only an order that rests can be chased: choose GTC or GTD, or FAK with its rest kept working.";
  }
  signalsFromForm(form, settings, errors);
  const both = (settings.allow_tags ?? []).filter((tag) => (settings.deny_tags ?? []).includes(tag));
  if (both.length) errors.deny_tags = `A tag cannot be both allowed and denied: ${both.join(", ")}.`;
  return Object.keys(errors).length ? { settings: null, errors } : { settings, errors };
}

export type SlippageUnit = "bps" | "cents";
export type Slippage = { unit: SlippageUnit; value: number };
export const SLIPPAGE_UNITS: { value: SlippageUnit; label: string }[] = [
  { value: "bps", label: "Percent" },
  { value: "cents", label: "Cents" },
];
const BPS = 10_000;
const CENT_MICROS = 10_000;
/** The tick of most markets (0.01); the examples assume it. */
export const COMMON_TICK_MICROS = 10_000;

/** The worst price a copy accepts, exactly as the server works it out (`sizing.worst_price`):
 * the allowance (bps of the reference, or whole cents) rounds down to whole ticks but never
 * below one tick when it is not zero; a buy's limit rounds down to the tick, a sell's up, both
 * inside [tick, 1 − tick]. All in micros; every quotient stays far from an integer boundary
 * and below 2^53, so floating-point floor and ceil are exact here. */
export function limitPrice(side: "BUY" | "SELL", reference: number, slippage: Slippage, tick: number): number {
  let allowance = slippage.unit === "cents" ? slippage.value * CENT_MICROS : Math.floor((reference * slippage.value) / BPS);
  if (allowance > 0) allowance = Math.max(tick, Math.floor(allowance / tick) * tick);
  if (side === "BUY") return Math.max(Math.min(Math.floor((reference + allowance) / tick) * tick, MICRO - tick), tick);
  return Math.min(Math.max(Math.ceil((reference - allowance) / tick) * tick, tick), MICRO - tick);
}

/** A price in cents as a trader reads it: 410_000 → "41¢", 408_500 → "40.85¢". */
export function centsText(micros: number): string {
  const whole = Math.floor(micros / CENT_MICROS);
  const frac = String(micros % CENT_MICROS).padStart(4, "0").replace(/0+$/, "");
  return `${whole}${frac ? "." + frac : ""}¢`;
}

/** The slippage the form would send, or null while its field is invalid. */
export function slippageOf(form: RuleForm): Slippage | null {
  const field = NUMBER_FIELDS.find((f) => f.slippageUnit === form.slippage_unit)!;
  const { value } = readNumber(field, form.numbers[field.key] ?? "");
  return value === undefined ? null : { unit: form.slippage_unit, value };
}

/** The form key a server error's field (`settings.fixed_amount_micros`) belongs to. */
export function formKeyOf(field: string | null | undefined): string {
  if (!field) return "form";
  const key = field.replace(/^body\./, "").replace(/^settings\./, "");
  if (key.startsWith("conviction")) return key.endsWith("max_micros") ? "conviction_max" : "conviction_min";
  if (key.startsWith("consensus")) {
    return key.endsWith("window_seconds") ? "consensus_window" : key.endsWith("wallets") ? "consensus_wallets" : "consensus_min_leaders";
  }
  const selects = ["order_type", "on_expiry", "remainder", "on_leader_drift"];
  return NUMBER_FIELDS.some((f) => f.key === key) || LIST_FIELDS.some((f) => f.key === key) || selects.includes(key) ? key : "form";
}

export function unitOf(field: NumberField): { prefix?: string; suffix?: string } {
  return { prefix: field.unit.prefix, suffix: field.unit.suffix };
}

export type AccountLimits = Schemas["AccountLimits"];
type AccountLimitKey = keyof AccountLimits & string;

export const ACCOUNT_LIMIT_FIELDS: { key: AccountLimitKey; label: string; help: string; unit: Unit }[] = [
  { key: "max_total_exposure_micros", label: "Max total exposure", help: "Everything open, all leaders together, at cost.", unit: USD },
  { key: "max_open_positions", label: "Max open positions", help: "Outcomes held at once.", unit: { scale: 0, factor: 1 } },
  { key: "max_daily_spend_micros", label: "Max spend per day", help: "Buys per UTC day.", unit: USD },
  { key: "daily_loss_stop_micros", label: "Daily loss stop", help: "After this loss today, only exits are copied.", unit: USD },
  { key: "drawdown_stop_micros", label: "Drawdown stop", help: "After this drop from the peak, only exits are copied.", unit: USD },
];

export function limitsToForm(limits: Record<string, unknown>): Record<AccountLimitKey, string> {
  const out = {} as Record<AccountLimitKey, string>;
  for (const field of ACCOUNT_LIMIT_FIELDS) {
    const value = limits[field.key];
    out[field.key] = typeof value === "number" ? showScaled(value, field.unit) : "";
  }
  return out;
}

/** Account-wide limits: every one optional and, when given, more than zero. */
export function limitsFromForm(form: Record<AccountLimitKey, string>): { limits: AccountLimits | null; errors: FieldErrors } {
  const limits: Record<string, number> = {};
  const errors: FieldErrors = {};
  for (const field of ACCOUNT_LIMIT_FIELDS) {
    const raw = parseScaled(form[field.key] ?? "", field.unit.scale);
    if (raw === null) continue;
    if (Number.isNaN(raw)) errors[field.key] = field.unit.scale ? `Enter a number with at most ${field.unit.scale} decimals.` : "Enter a whole number.";
    else if (raw <= 0) errors[field.key] = "Must be more than 0.";
    else limits[field.key] = raw * field.unit.factor;
  }
  return Object.keys(errors).length ? { limits: null, errors } : { limits: limits as AccountLimits, errors };
}

/** What a slippage setting lets a copy pay, in words, on the common 1¢ tick (`inverse`: the
 * copy trades the other outcome, whose price is 100¢ minus the leader's). */
export function slippageExamples(slippage: Slippage, inverse: boolean): string[] {
  const phrase = (side: "BUY" | "SELL", reference: number) => {
    const limit = limitPrice(side, reference, slippage, COMMON_TICK_MICROS);
    if (limit === reference) return `only at ${centsText(reference)} or better`;
    return `${side === "BUY" ? "up" : "down"} to ${centsText(limit)}`;
  };
  const leader = 400_000;
  if (inverse) {
    const other = MICRO - leader;
    return [
      `A leader buy at ${centsText(leader)} buys the other outcome (${centsText(other)}) ${phrase("BUY", other)}; a leader sell at ${centsText(leader)} sells it ${phrase("SELL", other)}.`,
    ];
  }
  return [
    `A leader buy at ${centsText(leader)} copies ${phrase("BUY", leader)}; a leader sell at ${centsText(leader)} copies ${phrase("SELL", leader)}.`,
    `Other buys: at 10¢ ${phrase("BUY", 100_000)}, at 90¢ ${phrase("BUY", 900_000)}.`,
  ];
}
