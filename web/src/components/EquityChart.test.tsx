import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { EquityChart, equityRows } from "./EquityChart";

const totals = {
  open_positions: 1,
  cost_micros: 4_900_000,
  value_micros: 5_300_000,
  unrealized_pnl_micros: 400_000,
  realized_pnl_micros: -100_000,
  fees_micros: 0,
  unmarked_positions: 0,
};
const point = (at: string, realized: number, openCost: number) => ({
  at,
  realized_pnl_micros: realized,
  open_cost_micros: openCost,
  fees_micros: 0,
  volume_micros: 0,
});

describe("equityRows", () => {
  it("starts at zero, clamps the open bucket to now and ends with unrealised PnL", () => {
    const now = new Date("2026-01-02T10:30:00Z");
    const rows = equityRows([point("2026-01-02T10:00:00Z", 200_000, 1_000_000), point("2026-01-02T11:00:00Z", -100_000, 4_900_000)], totals, now);
    expect(rows.map((r) => [new Date(r.at).toISOString(), r.pnlMicros, r.openCostMicros])).toEqual([
      ["2026-01-02T09:00:00.000Z", 0, 0],
      ["2026-01-02T10:00:00.000Z", 200_000, 1_000_000],
      ["2026-01-02T10:30:00.000Z", -100_000, 4_900_000],
      ["2026-01-02T10:30:00.001Z", 300_000, 4_900_000],
    ]);
    expect(rows.at(-1)!.pnl).toBeCloseTo(0.3);
    expect(rows.at(-1)!.label).toBe("now");
  });

  it("has nothing to draw before the first fill", () => {
    expect(equityRows([], totals, new Date())).toEqual([]);
  });
});

describe("EquityChart", () => {
  it("draws the PnL and open-cost lines", () => {
    const rows = equityRows([point("2026-01-02T10:00:00Z", 200_000, 1_000_000)], totals, new Date("2026-01-02T12:00:00Z"));
    const { container } = render(<EquityChart rows={rows} />);
    expect(screen.getByTestId("equity-chart")).toHaveAccessibleName("PnL over time; now $0.30");
    const curves = container.querySelectorAll(".recharts-line path.recharts-curve");
    expect(curves).toHaveLength(2);
    const points = (d: string | null) => [...(d ?? "").matchAll(/([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    const pnl = points(curves[0]!.getAttribute("d"));
    expect(pnl).toHaveLength(3); // zero, the bucket, now
    // SVG y grows downwards: 0 → +$0.20 → +$0.30 climbs.
    const [start, bucket, now] = pnl as [readonly [number, number], readonly [number, number], readonly [number, number]];
    expect(bucket[1]).toBeLessThan(start[1]);
    expect(now[1]).toBeLessThan(bucket[1]);
    expect(now[0]).toBeGreaterThan(start[0]);
    expect(screen.getByText("PnL (left)")).toBeInTheDocument();
  });

  it("explains an empty curve", () => {
    render(<EquityChart rows={[]} />);
    expect(screen.getByText(/No fills yet/)).toBeInTheDocument();
  });
});
