import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { RuleForm } from "./RuleForm";

const LEADER = "0x" + "ab".repeat(20);

beforeEach(() => fetchMock.mockReset());

describe("RuleForm", () => {
  it("shows inline errors and sends nothing while a setting is invalid", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    const fixed = screen.getByLabelText("Fixed amount per trade");
    await userEvent.clear(fixed);
    await userEvent.type(fixed, "-3");
    await userEvent.type(screen.getByLabelText("Minimum trade"), "10");
    await userEvent.type(screen.getByLabelText("Maximum trade"), "2");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("alert")).toHaveTextContent("2 settings need attention.");
    expect(fixed).toHaveAttribute("aria-invalid", "true");
    expect(fixed).toHaveAccessibleDescription(/Enter a number/);
    expect(screen.getByLabelText("Minimum trade")).toHaveAccessibleDescription(/greater than the maximum trade/);
  });

  it("sends valid settings in micro-units", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} initial={{ fixed_amount_micros: 7_000_000 }} />);
    expect(screen.getByLabelText("Fixed amount per trade")).toHaveValue("7");
    await userEvent.type(screen.getByLabelText("Max exposure per market"), "250.5");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ allocation: "fixed", fixed_amount_micros: 7_000_000, max_market_exposure_micros: 250_500_000, max_slippage_bps: 200 });
  });

  it("copies the leader's open positions only when asked, and says what the default slippage costs", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    const mirror = screen.getByRole("checkbox", { name: "Also copy what the leader holds now" });
    expect(mirror).not.toBeChecked();
    expect(screen.getByTestId("slippage-advice")).toHaveTextContent("the demo uses 5 %");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ mirror_open_positions: false });
    await userEvent.click(mirror);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit.mock.calls[1]![0]).toMatchObject({ mirror_open_positions: true });
  });

  it("asks for what the chosen allocation needs", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    expect(screen.queryByLabelText("Range minimum")).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText("Allocation"), "range");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Range minimum")).toHaveAccessibleDescription(/Needed for/);
    expect(screen.queryByLabelText("Fixed amount per trade")).toBeNull();
  });

  it("takes slippage in cents and shows the limit price it gives", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    const example = screen.getByTestId("slippage-example");
    expect(example).toHaveTextContent("A leader buy at 40¢ copies up to 41¢; a leader sell at 40¢ copies down to 39¢.");
    expect(example).toHaveTextContent("On a 0.1¢ tick the buy at 40¢ copies up to 40.8¢.");
    expect(screen.getByText(/The default, 2 %, means one tick \(1¢ on most markets\) worse than the leader/)).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Slippage in"), "cents");
    const slippage = screen.getByLabelText("Max slippage vs the leader's price");
    expect(slippage).toHaveValue("1");
    await userEvent.clear(slippage);
    await userEvent.type(slippage, "2.5");
    await userEvent.tab();
    expect(slippage).toHaveAccessibleDescription(/Enter a whole number/);
    expect(screen.queryByTestId("slippage-example")).toBeNull();
    await userEvent.clear(slippage);
    await userEvent.type(slippage, "3");
    expect(screen.getByTestId("slippage-example")).toHaveTextContent("A leader buy at 40¢ copies up to 43¢");
    await userEvent.click(screen.getByLabelText(/Inverse/));
    expect(screen.getByTestId("slippage-example")).toHaveTextContent("A leader buy at 40¢ buys the other outcome (60¢) up to 63¢");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    const sent = onSubmit.mock.calls[0]![0];
    expect(sent).toMatchObject({ max_slippage_cents: 3, inverse: true });
    expect(sent).not.toHaveProperty("max_slippage_bps");
  });

  it("puts a server error next to the field it names", () => {
    const error = new ApiError(422, "validation_error", "must be at most 10000", "settings.max_slippage_bps");
    render(<RuleForm submitLabel="Save" onSubmit={() => {}} error={error} />);
    expect(screen.getByLabelText("Max slippage vs the leader's price")).toHaveAccessibleDescription(/must be at most 10000/i);
  });

  it("previews the settings on the leader's latest trades once the user stops typing", async () => {
    const answer = {
      leader_wallet: LEADER,
      considered: 5,
      copied: 3,
      skipped: 2,
      reasons: { price_out_of_band: 1, no_position: 1 },
      fills: [],
      backtest: {
        history_source: "40 stored fills from 2026-01-02 to 2026-03-04 (backfilled)",
        fills: 40,
        copies: 31,
        pnl_micros: 12_500_000,
        leader_pnl_micros: 80_000_000,
        capital_needed_micros: 45_000_000,
      },
    };
    const fetchSpy = fetchMock.mockImplementation(async () => json(answer));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <RuleForm submitLabel="Save" onSubmit={() => {}} initial={{ fixed_amount_micros: 5_000_000 }} preview={{ accountId: 7, leaderWallet: LEADER }} />
      </QueryClientProvider>,
    );
    const fixed = screen.getByLabelText("Fixed amount per trade");
    await userEvent.clear(fixed);
    await userEvent.type(fixed, "12.5");
    expect(await screen.findByTestId("preview-counts", {}, { timeout: 3000 })).toHaveTextContent(
      "the last 5 trades of this leader would have been: copied 3, skipped 2 — 1 price out of band, 1 no position.",
    );
    expect(screen.getByTestId("preview-backtest")).toHaveTextContent(
      "Over 40 stored fills from 2026-01-02 to 2026-03-04 (backfilled): copied 31 of 40; your PnL $12.50 (the leader's $80.00), capital needed $45.00.",
    );
    // Debounced: one request, with the settings as they ended up, not one per keystroke.
    await waitFor(() => expect(fetchSpy).toHaveBeenCalled());
    const bodies = await Promise.all(fetchSpy.mock.calls.map(([request]) => (request as Request).clone().json()));
    expect(bodies.at(-1)).toMatchObject({ account_id: 7, leader_wallet: LEADER, settings: { fixed_amount_micros: 12_500_000 } });
    expect(bodies.length).toBeLessThan(5); // the form went through 6 states
    expect((fetchSpy.mock.calls[0]![0] as Request).url).toMatch(/\/api\/v1\/rules\/preview$/);
  });

  it("sends no preview while the settings are invalid", () => {
    vi.useFakeTimers();
    try {
      render(
        <QueryClientProvider client={new QueryClient()}>
          <RuleForm submitLabel="Save" onSubmit={() => {}} initial={{ allocation: "range" }} preview={{ accountId: 7, leaderWallet: LEADER }} />
        </QueryClientProvider>,
      );
      act(() => vi.advanceTimersByTime(5_000));
      expect(screen.getByText(/Enter a leader and valid settings/)).toBeInTheDocument();
      expect(fetchMock).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});
