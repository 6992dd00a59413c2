import { describe, expect, it } from "vitest";
import { formatPrice, formatUsd, parseUsd, usdInput } from "./money";

describe("money", () => {
  it("formats micros without floating-point drift", () => {
    expect(formatUsd(5_000_000)).toBe("$5.00");
    expect(formatUsd(-596_200)).toBe("-$0.59");
    expect(formatUsd(-4_000)).toBe("$0.00"); // too small to show: no sign
    expect(formatUsd(1_234_567_890_000)).toBe("$1,234,567.89");
    expect(formatUsd(null)).toBe("—");
    expect(formatPrice(530_000)).toBe("53.0¢");
  });

  it("parses decimal dollars exactly, and refuses anything else", () => {
    expect(parseUsd("0.1")).toBe(100_000);
    expect(parseUsd("$1,000.000001")).toBe(1_000_000_001);
    expect(parseUsd("")).toBeNull();
    expect(parseUsd("1e3")).toBeNaN();
    expect(parseUsd("-1")).toBeNaN();
    expect(parseUsd("0.0000001")).toBeNaN();
  });

  it("round-trips form values", () => {
    for (const micros of [0, 1, 5_000_000, 12_500_000, 999_999]) {
      expect(parseUsd(usdInput(micros))).toBe(micros);
    }
  });
});
