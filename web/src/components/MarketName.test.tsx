import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MarketName } from "./MarketName";

const MARKET = {
  condition_id: "0xabc",
  question: "Will it rain?",
  slug: "rain",
  url: "https://polymarket.com/market/rain",
  closed: false,
  outcomes: [{ token_id: "1", outcome: "Yes" }],
  risk_score: 72,
};

describe("MarketName", () => {
  it("shows the market's risk score beside its name, and nothing while it is unknown", () => {
    const { rerender } = render(<MarketName conditionId="0xabc" market={MARKET} tokenId="1" />);
    expect(screen.getByTestId("market-risk")).toHaveTextContent("risk 72");
    expect(screen.getByTestId("market-risk")).toHaveClass("risk-high");
    rerender(<MarketName conditionId="0xabc" market={{ ...MARKET, risk_score: null }} tokenId="1" />);
    expect(screen.queryByTestId("market-risk")).toBeNull();
  });
});
