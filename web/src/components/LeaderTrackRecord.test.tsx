import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LeaderPerformanceChart, LeaderPositionsTable } from "./LeaderTrackRecord";

const position = {
  condition_id: "0x" + "c1".repeat(32),
  token_id: "123",
  title: "Will it rain in Paris on Friday?",
  outcome: "Yes",
  size_micros: 25_000_000,
  average_price_micros: 400_000,
  current_value_micros: 8_750_000,
  cash_pnl_micros: -1_250_000,
  percent_pnl: "-12.50",
};

describe("LeaderPositionsTable", () => {
  it("lists each open position with its figures", () => {
    render(<LeaderPositionsTable positions={[position]} />);
    const row = within(screen.getByTestId("leader-positions")).getByText("Will it rain in Paris on Friday?").closest("tr")!;
    const cells = [...row.querySelectorAll("td")].map((td) => td.textContent);
    expect(cells).toEqual(["Will it rain in Paris on Friday?", "Yes", "25.00", "40.0¢", "$8.75", "-$1.25", "-12.50%"]);
    expect(row.querySelectorAll("td")[5]).toHaveClass("neg");
  });

  it("says so when the leader holds nothing", () => {
    render(<LeaderPositionsTable positions={[]} />);
    expect(screen.getByText(/no open positions/)).toBeInTheDocument();
  });
});

describe("LeaderPerformanceChart", () => {
  it("draws realised PnL and volume and names the latest figures", () => {
    const points = [
      { at: "2026-01-02T10:00:00Z", volume_micros: 4_000_000, realized_pnl_micros: 0 },
      { at: "2026-01-02T11:00:00Z", volume_micros: 10_000_000, realized_pnl_micros: 0 },
      { at: "2026-01-02T12:00:00Z", volume_micros: 20_500_000, realized_pnl_micros: 3_500_000 },
    ];
    const { container } = render(<LeaderPerformanceChart points={points} />);
    expect(screen.getByTestId("leader-performance")).toHaveAccessibleName("Leader realised PnL $3.50 on $20.50 traded");
    expect(container.querySelectorAll(".recharts-line path.recharts-curve")).toHaveLength(2);
    expect(screen.getByText("Realised PnL (left)")).toBeInTheDocument();
  });

  it("explains an empty chart", () => {
    render(<LeaderPerformanceChart points={[]} />);
    expect(screen.getByText(/No trades recorded yet/)).toBeInTheDocument();
  });
});
