import { describe, expect, it } from "vitest";
import { durationText, luckNote, percentText, statText } from "./stats";

describe("statistics in a trader's words", () => {
  it("gives a win rate with its interval and sample", () => {
    const winRate = { value: "0.5800", sample_size: 34, low: "0.4100", high: "0.7100" };
    expect(statText(winRate, "percent", "closed")).toBe("58 % (41–71 %, 34 closed positions)");
  });

  it("gives money with its range, and a count without an interval", () => {
    expect(statText({ value: 1_234_500_000, sample_size: 34, low: -50_000_000, high: 2_600_000_000 }, "usd", "closed")).toBe(
      "$1,234 (-$50.00 to $2,600, 34 closed positions)",
    );
    expect(statText({ value: 1, sample_size: 1 }, "count", "trades")).toBe("1 (1 trade)");
    expect(statText({ value: null, sample_size: 0 }, "percent", "closed")).toBe("— (no closed positions yet)");
  });

  it("reads small and negative ratios and holding times", () => {
    expect(percentText("0.0420")).toBe("4.2 %");
    expect(percentText("-0.1250")).toBe("-13 %");
    expect(percentText("-0.0001")).toBe("0.0 %");
    expect(durationText(45)).toBe("45 s");
    expect(durationText(12_600)).toBe("3.5 h");
    expect(durationText(2 * 86_400)).toBe("2 days");
  });

  it("warns when a figure may be luck", () => {
    expect(luckNote({ value: 10, sample_size: 4, low: 1, high: 20 }, 0)).toBe("only 4 closed: may be luck");
    expect(luckNote({ value: 10, sample_size: 40, low: -5, high: 20 }, 0)).toBe("the range spans break-even: may be luck");
    expect(luckNote({ value: "1.8", sample_size: 40, low: "1.1", high: "2.9" }, 1)).toBeNull();
  });
});
