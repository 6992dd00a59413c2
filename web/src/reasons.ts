// Skip reasons (copying/types.py SkipReason) in a few plain words, for counts such as a
// backtest's "skips by reason"; a single decision carries the server's full sentence instead.
const REASONS: Record<string, string> = {
  global_kill_switch: "copying stopped for everyone (global kill switch)",
  account_halted: "account halted",
  rule_paused: "rule paused",
  reducing_only: "only exits copied after a loss or drawdown stop",
  side_filtered: "side not copied by the rule",
  not_a_trade: "not a trade (split, merge, redemption, reward…)",
  unknown_market: "market not found",
  market_closed: "market closed",
  stale: "too old to copy by the time it was seen",
  leader_trade_too_small: "leader's trade below your minimum",
  price_out_of_band: "price outside your band",
  too_close_to_end: "market too close to its end",
  too_far_from_end: "market ends too late (or end unknown)",
  tag_filtered: "excluded by your tag filters",
  keyword_filtered: "excluded by your keyword filters",
  no_leader_value: "leader's portfolio value unknown (proportional sizing)",
  disproportionate: "copy too large for your budget",
  below_minimum: "copy below the minimum order",
  slippage: "price moved past your max slippage",
  spread_too_wide: "spread wider than you allow",
  market_too_risky: "market risk score above your maximum",
  no_consensus: "too few of your leaders bought it within the window",
  book_too_thin: "not enough liquidity within your price limit",
  max_trade: "no room under your per-trade maximum",
  market_exposure: "market exposure limit used up",
  event_exposure: "event exposure limit used up",
  leader_budget: "budget for this leader used up",
  total_exposure: "total exposure limit used up",
  max_open_positions: "maximum open positions reached",
  daily_spend: "daily spending limit used up",
  plan_limit: "your plan's copy amount for this month used up",
  daily_loss_stop: "daily loss stop fired",
  drawdown_stop: "drawdown stop fired",
  no_position: "leader sold what you never bought",
  leader_redeemed: "redemption (polycopy redeems yours itself)",
  merge_mirrored: "merge (mirrored on your shares)",
  nothing_to_merge: "merge with nothing of yours to merge",
  split_not_copied: "split that cannot be mirrored",
  split_mirrored: "split (mirrored)",
};

/** "slippage" → "price moved past your max slippage"; an unknown code reads as its words. */
export function reasonText(code: string): string {
  return REASONS[code] ?? code.replaceAll("_", " ");
}
