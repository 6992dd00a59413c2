import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type RuleForm, formKeyOf, fromForm, limitsFromForm, limitsToForm, toForm } from "./rules";

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
