import { describe, expect, it } from "vitest";
import {
  DEFAULT_SETTINGS,
  type RuleForm,
  type SlippageUnit,
  centsText,
  formKeyOf,
  fromForm,
  limitPrice,
  limitsFromForm,
  limitsToForm,
  slippageExamples,
  slippageOf,
  toForm,
} from "./rules";

const withNumbers = (numbers: RuleForm["numbers"], base: Partial<RuleForm> = {}): RuleForm => {
  const form = { ...toForm({}), ...base };
  return { ...form, numbers: { ...form.numbers, ...numbers } };
};

describe("rule settings form", () => {
  it("starts from the server's defaults and sends them back unchanged", () => {
    const { settings, errors } = fromForm(toForm({}));
    expect(errors).toEqual({});
    expect(settings).toMatchObject(DEFAULT_SETTINGS);
    expect(settings).toMatchObject({ allow_tags: [], deny_keywords: [] });
  });

  it("converts every unit to the API's integers", () => {
    const form = withNumbers({
      fixed_amount_micros: "12.5",
      max_slippage_bps: "1.25",
      price_max_micros: "95",
      multiplier_bps: "0.5",
      min_seconds_to_end: "1.5",
    });
    expect(fromForm(form).settings).toMatchObject({
      fixed_amount_micros: 12_500_000,
      max_slippage_bps: 125,
      price_max_micros: 950_000,
      multiplier_bps: 5_000,
      min_seconds_to_end: 5_400,
    });
  });

  it("round-trips stored settings through the form", () => {
    const stored = { ...DEFAULT_SETTINGS, allocation: "range" as const, percentage_bps: 250, range_min_micros: 1_000_000, range_max_micros: 20_000_000, price_min_micros: 50_000, max_seconds_to_end: 86_400, deny_tags: ["sports"] };
    expect(fromForm(toForm(stored)).settings).toMatchObject(stored);
  });

  it("names the fields an allocation needs", () => {
    const { settings, errors } = fromForm({ ...toForm({}), allocation: "range" });
    expect(settings).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(["percentage_bps", "range_max_micros", "range_min_micros"]);
  });

  it("refuses bad numbers, bounds and inverted pairs, field by field", () => {
    const { settings, errors } = fromForm(
      withNumbers({
        fixed_amount_micros: "abc",
        min_trade_micros: "10",
        max_trade_micros: "2",
        price_min_micros: "100",
        max_slippage_bps: "",
        budget_micros: "0",
      }),
    );
    expect(settings).toBeNull();
    expect(errors.fixed_amount_micros).toMatch(/number/);
    expect(errors.min_trade_micros).toMatch(/greater than the maximum trade/);
    expect(errors.price_min_micros).toBe("Must be less than 100¢.");
    expect(errors.max_slippage_bps).toBe("Required.");
    expect(errors.budget_micros).toBe("Must be more than 0.");
  });

  it("refuses a tag both allowed and denied", () => {
    const form = toForm({});
    const { errors } = fromForm({ ...form, lists: { ...form.lists, allow_tags: "politics, crypto", deny_tags: "crypto" } });
    expect(errors.deny_tags).toMatch(/crypto/);
  });

  it("maps server error fields to form fields", () => {
    expect(formKeyOf("settings.fixed_amount_micros")).toBe("fixed_amount_micros");
    expect(formKeyOf("body.settings.deny_tags")).toBe("deny_tags");
    expect(formKeyOf("settings")).toBe("form");
    expect(formKeyOf(undefined)).toBe("form");
  });
});

// Worked out by the server's own code: `rule_worst_price` in src/polycopy/copying/sizing.py on a
// RuleSettings with that one slippage setting (run in .venv; prices and ticks in micros).
// [leader price, tick, unit, value, buy limit, sell limit]
const SERVER_LIMITS: [number, number, SlippageUnit, number, number, number][] = [
  [10000, 10000, "bps", 0, 10000, 10000],
  [10000, 10000, "bps", 200, 20000, 10000],
  [10000, 10000, "bps", 500, 20000, 10000],
  [10000, 10000, "bps", 10000, 20000, 10000],
  [10000, 10000, "cents", 2, 30000, 10000],
  [10000, 10000, "cents", 99, 990000, 10000],
  [400000, 10000, "bps", 0, 400000, 400000],
  [400000, 10000, "bps", 200, 410000, 390000],
  [400000, 10000, "bps", 500, 420000, 380000],
  [400000, 10000, "bps", 10000, 800000, 10000],
  [400000, 10000, "cents", 2, 420000, 380000],
  [400000, 10000, "cents", 99, 990000, 10000],
  [550000, 10000, "bps", 0, 550000, 550000],
  [550000, 10000, "bps", 200, 560000, 540000],
  [550000, 10000, "bps", 500, 570000, 530000],
  [550000, 10000, "bps", 10000, 990000, 10000],
  [550000, 10000, "cents", 2, 570000, 530000],
  [550000, 10000, "cents", 99, 990000, 10000],
  [900000, 10000, "bps", 0, 900000, 900000],
  [900000, 10000, "bps", 200, 910000, 890000],
  [900000, 10000, "bps", 500, 940000, 860000],
  [900000, 10000, "bps", 10000, 990000, 10000],
  [900000, 10000, "cents", 2, 920000, 880000],
  [900000, 10000, "cents", 99, 990000, 10000],
  [990000, 10000, "bps", 0, 990000, 990000],
  [990000, 10000, "bps", 200, 990000, 980000],
  [990000, 10000, "bps", 500, 990000, 950000],
  [990000, 10000, "bps", 10000, 990000, 10000],
  [990000, 10000, "cents", 2, 990000, 970000],
  [990000, 10000, "cents", 99, 990000, 10000],
  [10000, 1000, "bps", 0, 10000, 10000],
  [10000, 1000, "bps", 200, 11000, 9000],
  [10000, 1000, "bps", 500, 11000, 9000],
  [10000, 1000, "bps", 10000, 20000, 1000],
  [10000, 1000, "cents", 2, 30000, 1000],
  [10000, 1000, "cents", 99, 999000, 1000],
  [400000, 1000, "bps", 0, 400000, 400000],
  [400000, 1000, "bps", 200, 408000, 392000],
  [400000, 1000, "bps", 500, 420000, 380000],
  [400000, 1000, "bps", 10000, 800000, 1000],
  [400000, 1000, "cents", 2, 420000, 380000],
  [400000, 1000, "cents", 99, 999000, 1000],
  [550000, 1000, "bps", 0, 550000, 550000],
  [550000, 1000, "bps", 200, 561000, 539000],
  [550000, 1000, "bps", 500, 577000, 523000],
  [550000, 1000, "bps", 10000, 999000, 1000],
  [550000, 1000, "cents", 2, 570000, 530000],
  [550000, 1000, "cents", 99, 999000, 1000],
  [900000, 1000, "bps", 0, 900000, 900000],
  [900000, 1000, "bps", 200, 918000, 882000],
  [900000, 1000, "bps", 500, 945000, 855000],
  [900000, 1000, "bps", 10000, 999000, 1000],
  [900000, 1000, "cents", 2, 920000, 880000],
  [900000, 1000, "cents", 99, 999000, 1000],
  [990000, 1000, "bps", 0, 990000, 990000],
  [990000, 1000, "bps", 200, 999000, 971000],
  [990000, 1000, "bps", 500, 999000, 941000],
  [990000, 1000, "bps", 10000, 999000, 1000],
  [990000, 1000, "cents", 2, 999000, 970000],
  [990000, 1000, "cents", 99, 999000, 1000],
  [403700, 10000, "bps", 200, 410000, 400000],
  [403700, 10000, "cents", 0, 400000, 410000],
  [403700, 10000, "bps", 0, 400000, 410000],
  [5000, 1000, "bps", 200, 6000, 4000],
  [995000, 1000, "bps", 200, 999000, 976000],
  [30000, 1000, "cents", 1, 40000, 20000],
  [400000, 100, "bps", 200, 408000, 392000],
  [400000, 100, "bps", 1, 400100, 399900],
  [400000, 100, "bps", 3, 400100, 399900],
  [123400, 100, "bps", 250, 126400, 120400],
  [500000, 100000, "bps", 200, 600000, 400000],
  [500000, 100000, "cents", 15, 600000, 400000],
  [400000, 10000, "bps", 499, 410000, 390000],
  [400000, 10000, "bps", 500, 420000, 380000],
  [400000, 10000, "bps", 1, 410000, 390000],
  [20000, 10000, "cents", 5, 70000, 10000],
];

describe("limit price", () => {
  it.each(SERVER_LIMITS)("at %i on tick %i with %s %i: buy up to %i, sell down to %i, as the server", (price, tick, unit, value, buy, sell) => {
    expect(limitPrice("BUY", price, { unit, value }, tick)).toBe(buy);
    expect(limitPrice("SELL", price, { unit, value }, tick)).toBe(sell);
  });

  it("reads cents as a trader does", () => {
    expect(centsText(410_000)).toBe("41¢");
    expect(centsText(408_000)).toBe("40.8¢");
    expect(centsText(400_100)).toBe("40.01¢");
    expect(centsText(10_000)).toBe("1¢");
  });

  it("says what the default allows, in prices", () => {
    const slippage = slippageOf(toForm({}));
    expect(slippage).toEqual({ unit: "bps", value: 200 });
    expect(slippageExamples(slippage!, false)).toEqual([
      "A leader buy at 40¢ copies up to 41¢; a leader sell at 40¢ copies down to 39¢.",
      "Other buys: at 10¢ up to 11¢, at 90¢ up to 91¢.",
    ]);
  });

  it("says when only the leader's price is accepted, and prices the other outcome of an inverse rule", () => {
    expect(slippageExamples({ unit: "cents", value: 0 }, false)[0]).toBe("A leader buy at 40¢ copies only at 40¢ or better; a leader sell at 40¢ copies only at 40¢ or better.");
    expect(slippageExamples({ unit: "bps", value: 500 }, false)[1]).toBe("Other buys: at 10¢ up to 11¢, at 90¢ up to 94¢.");
    expect(slippageExamples({ unit: "cents", value: 3 }, true)).toEqual(["A leader buy at 40¢ buys the other outcome (60¢) up to 63¢; a leader sell at 40¢ sells it down to 57¢."]);
  });
});

describe("slippage setting", () => {
  it("sends the unit chosen, never both", () => {
    const cents = withNumbers({ max_slippage_cents: "3" }, { slippage_unit: "cents" });
    const { settings } = fromForm(cents);
    expect(settings).toMatchObject({ max_slippage_cents: 3 });
    expect(settings).not.toHaveProperty("max_slippage_bps");
    expect(fromForm(toForm({})).settings).not.toHaveProperty("max_slippage_cents");
  });

  it("opens a rule stored in cents in cents, with 2 % ready should the trader switch", () => {
    const form = toForm({ max_slippage_bps: null, max_slippage_cents: 2 });
    expect(form.slippage_unit).toBe("cents");
    expect(form.numbers).toMatchObject({ max_slippage_cents: "2", max_slippage_bps: "2" });
    expect(toForm({}).numbers.max_slippage_cents).toBe("1");
    expect(fromForm({ ...form, slippage_unit: "bps" }).settings).toMatchObject({ max_slippage_bps: 200 });
  });

  it("bounds each unit as the server does and checks only the one chosen", () => {
    const errorsOf = (unit: SlippageUnit, numbers: RuleForm["numbers"]) => fromForm(withNumbers(numbers, { slippage_unit: unit })).errors;
    expect(errorsOf("cents", { max_slippage_cents: "100" }).max_slippage_cents).toBe("Must be at most 99¢.");
    expect(errorsOf("cents", { max_slippage_cents: "1.5" }).max_slippage_cents).toBe("Enter a whole number.");
    expect(errorsOf("cents", { max_slippage_cents: "" }).max_slippage_cents).toBe("Required.");
    expect(errorsOf("bps", { max_slippage_bps: "100.01" }).max_slippage_bps).toBe("Must be at most 100%.");
    expect(errorsOf("bps", { max_slippage_bps: "0.005" }).max_slippage_bps).toMatch(/at most 2 decimals/);
    expect(errorsOf("cents", { max_slippage_bps: "abc", max_slippage_cents: "0" })).toEqual({});
    expect(fromForm(withNumbers({ max_slippage_cents: "0" }, { slippage_unit: "cents" })).settings).toMatchObject({ max_slippage_cents: 0 });
    expect(slippageOf(withNumbers({ max_slippage_cents: "100" }, { slippage_unit: "cents" }))).toBeNull();
  });
});

describe("account limits form", () => {
  it("sends only what is given, in API units", () => {
    const form = { ...limitsToForm({}), max_total_exposure_micros: "250", max_open_positions: "12" };
    expect(limitsFromForm(form)).toEqual({ limits: { max_total_exposure_micros: 250_000_000, max_open_positions: 12 }, errors: {} });
  });

  it("refuses zero, fractions of a position and malformed amounts", () => {
    const form = { ...limitsToForm({}), max_daily_spend_micros: "0", max_open_positions: "1.5", drawdown_stop_micros: "ten" };
    const { limits, errors } = limitsFromForm(form);
    expect(limits).toBeNull();
    expect(errors).toEqual({
      max_daily_spend_micros: "Must be more than 0.",
      max_open_positions: "Enter a whole number.",
      drawdown_stop_micros: "Enter a number with at most 6 decimals.",
    });
  });

  it("shows stored limits", () => {
    expect(limitsToForm({ daily_loss_stop_micros: 20_500_000, max_open_positions: 3 })).toMatchObject({ daily_loss_stop_micros: "20.5", max_open_positions: "3", max_total_exposure_micros: "" });
  });
});
