// Leader statistics in a trader's words: each value with its 95 % interval and the sample
// behind it ("58 % (41–71 %, 34 closed positions)"), so a score shows how much may be luck.
// Ratios arrive as decimal strings and are turned into numbers for display only; money stays
// in integer micro-units until formatUsd.
import type { Stat } from "./api/leaders";
import { formatUsd } from "./money";

export type StatKind = "usd" | "percent" | "factor" | "count" | "duration";

/** What one observation of a statistic's sample is, singular and plural. */
const SAMPLES = {
  closed: ["closed position", "closed positions"],
  buys: ["buy", "buys"],
  trades: ["trade", "trades"],
  tokens: ["outcome held", "outcomes held"],
  markets: ["market", "markets"],
  sales: ["sale", "sales"],
  roles: ["fill with a known maker/taker role", "fills with a known maker/taker role"],
  ends: ["buy in a market with a known end", "buys in markets with a known end"],
} as const;
export type SampleKind = keyof typeof SAMPLES;

export function sampleText(n: number, kind: SampleKind): string {
  const [one, many] = SAMPLES[kind];
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined || v === "" ? null : Number(v));

/** 0.5833 → "58 %", 0.042 → "4.2 %", -0.125 → "-13 %" (one decimal under 10 %). */
export function percentText(ratio: number | string | null | undefined): string {
  const r = num(ratio);
  if (r === null || Number.isNaN(r)) return "—";
  const pct = r * 100;
  const digits = Math.abs(pct) < 10 && pct !== 0 ? 1 : 0;
  const text = pct.toFixed(digits);
  return `${text === "-0" || text === "-0.0" ? text.slice(1) : text} %`;
}

/** 1.8 → "1.8×". */
export function factorText(value: number | string | null | undefined): string {
  const v = num(value);
  return v === null || Number.isNaN(v) ? "—" : `${v.toFixed(v >= 10 ? 0 : 1)}×`;
}

/** Seconds as a trader reads a holding time: "45 s", "12 min", "3.5 h", "2.1 days". */
export function durationText(seconds: number | string | null | undefined): string {
  const s = num(seconds);
  if (s === null || Number.isNaN(s)) return "—";
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3_600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3_600).toFixed(1).replace(/\.0$/, "")} h`;
  return `${(s / 86_400).toFixed(1).replace(/\.0$/, "")} days`;
}

export function valueText(value: number | string | null | undefined, kind: StatKind): string {
  if (value === null || value === undefined) return "—";
  switch (kind) {
    case "usd":
      return formatUsd(Number(value), Math.abs(Number(value)) >= 100_000_000 ? 0 : 2);
    case "percent":
      return percentText(value);
    case "factor":
      return factorText(value);
    case "duration":
      return durationText(value);
    case "count":
      return Number(value).toLocaleString("en-US");
  }
}

/** The value as shown: "—" when nothing was observed (a count shows its 0). */
export function shownValue(stat: Stat, kind: StatKind): string {
  return stat.sample_size === 0 && kind !== "count" ? "—" : valueText(stat.value, kind);
}

/** The interval, as words: "41–71 %", "$-20.00 to $310.00", or null when there is none. */
export function rangeText(stat: Stat, kind: StatKind): string | null {
  if (stat.low === null || stat.low === undefined || stat.high === null || stat.high === undefined) return null;
  if (kind === "percent") {
    const [low, high] = [percentText(stat.low), percentText(stat.high)];
    return `${low.replace(" %", "")}–${high}`;
  }
  if (kind === "factor") return `${factorText(stat.low).replace("×", "")}–${factorText(stat.high)}`;
  return `${valueText(stat.low, kind)} to ${valueText(stat.high, kind)}`;
}

/** "(41–71 %, 34 closed positions)" or "(120 trades)"; says so when there is nothing yet. */
export function detailText(stat: Stat, kind: StatKind, sample: SampleKind): string {
  if (stat.sample_size === 0) return `no ${SAMPLES[sample][1]} yet`;
  const range = rangeText(stat, kind);
  return range ? `${range}, ${sampleText(stat.sample_size, sample)}` : sampleText(stat.sample_size, sample);
}

/** "58 % (41–71 %, 34 closed positions)". */
export function statText(stat: Stat, kind: StatKind, sample: SampleKind): string {
  return `${valueText(stat.value, kind)} (${detailText(stat, kind, sample)})`;
}

/** Fewer closed positions than this and a figure is mostly luck. */
export const FEW_POSITIONS = 10;

/** A warning when the interval says the figure may be luck, or null. `even` is the break-even
 * point (0 for money, 1 for a profit factor). */
export function luckNote(stat: Stat, even: number): string | null {
  if (stat.sample_size > 0 && stat.sample_size < FEW_POSITIONS) return `only ${stat.sample_size} closed: may be luck`;
  const low = num(stat.low);
  const high = num(stat.high);
  if (low !== null && high !== null && low < even && high > even) return "the range spans break-even: may be luck";
  return null;
}
