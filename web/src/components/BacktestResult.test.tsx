import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BacktestEquityChart, BacktestResultView } from "./BacktestResult";
import { result } from "./leaders.fixtures";

describe("BacktestResultView", () => {
  it("names the money figures and says when nothing was skipped or copied", () => {
    render(<BacktestResultView result={result({ skips: 0, skips_by_reason: {}, copies: 0, equity: [] })} />);
    expect(screen.getByText("Nothing was skipped.")).toBeInTheDocument();
    expect(screen.getByText("Nothing was copied, so there is no curve to draw.")).toBeInTheDocument();
    expect(screen.getByText("Capital needed").parentElement).toHaveTextContent("$65.00");
    expect(screen.getByText("Leader's PnL").parentElement).toHaveTextContent("$910.00");
  });
});

describe("BacktestEquityChart", () => {
  it("draws both curves from zero at the replay's start, even after a single point", () => {
    const { container } = render(
      <BacktestEquityChart from="2026-01-02T00:00:00Z" points={[{ at: "2026-01-03T00:00:00Z", follower_micros: -690_000, leader_micros: -840_000 }]} />,
    );
    expect(screen.getByTestId("backtest-equity")).toHaveAccessibleName("Your PnL -$0.69 beside the leader's -$0.84");
    const paths = [...container.querySelectorAll(".recharts-line path.recharts-curve")].map((p) => p.getAttribute("d") ?? "");
    expect(paths).toHaveLength(2);
    for (const d of paths) expect(d).toMatch(/^M[\d.]+,[\d.]+[HLV]/); // a drawn segment, not a lone dot
  });
});
