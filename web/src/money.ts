// pUSD amounts are integer micro-units (5_000_000 = $5); prices are micros of 1.0.
// Parsing is done on the decimal string, never through floating point.
export const MICRO = 1_000_000;

export function formatUsd(micros: number | null | undefined, digits = 2): string {
  if (micros === null || micros === undefined) return "—";
  const abs = Math.abs(micros);
  const whole = Math.trunc(abs / MICRO);
  const frac = String(abs % MICRO).padStart(6, "0").slice(0, digits);
  // A loss too small to show reads $0.00, not -$0.00.
  const sign = micros < 0 && (whole > 0 || /[1-9]/.test(frac)) ? "-" : "";
  const grouped = whole.toLocaleString("en-US");
  return `${sign}$${grouped}${digits ? "." + frac : ""}`;
}

export function formatPrice(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return "—";
  return `${(micros / 10_000).toFixed(1)}¢`;
}

export function formatShares(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return "—";
  return formatUsd(micros).replace("$", "");
}

/** "12.5" → 12_500_000; `null` for an empty field; `NaN` when it is not a plain decimal. */
export function parseUsd(text: string): number | null {
  const value = text.trim().replace(/^\$/, "").replace(/,/g, "");
  if (value === "") return null;
  const match = /^(\d+)(?:\.(\d{0,6}))?$/.exec(value);
  if (!match) return Number.NaN;
  const whole = Number(match[1]);
  const frac = Number((match[2] ?? "").padEnd(6, "0"));
  return whole * MICRO + frac;
}

/** Micros → the plain decimal a form field shows ("5", "12.5"). */
export function usdInput(micros: number | null | undefined): string {
  if (micros === null || micros === undefined) return "";
  const whole = Math.trunc(micros / MICRO);
  const frac = String(micros % MICRO).padStart(6, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : String(whole);
}

export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}
