import { describe, expect, it } from "vitest";
import { type RuleForm, fromForm, toForm } from "./rules";

const form = (overrides: Partial<RuleForm>, numbers: RuleForm["numbers"] = {}): RuleForm => {
  const base = toForm({});
  return { ...base, ...overrides, numbers: { ...base.numbers, ...numbers } };
};

describe("order type settings", () => {
  it("default to fill-or-kill, a minute to live, cancel and drop", () => {
    expect(fromForm(toForm({})).settings).toMatchObject({
      order_type: "FOK",
      order_ttl_seconds: 60,
      on_expiry: "cancel",
      max_chases: 3,
      remainder: "drop",
    });
  });

  it("round-trip a resting rule that chases", () => {
    const stored = { order_type: "GTD" as const, order_ttl_seconds: 300, on_expiry: "chase" as const, max_chases: 5, remainder: "rest" as const };
    expect(fromForm(toForm(stored)).settings).toMatchObject(stored);
  });

  it("refuse a GTD time to live the venue would refuse", () => {
    const { settings, errors } = fromForm(form({ order_type: "GTD" }, { order_ttl_seconds: "60" }));
    expect(settings).toBeNull();
    expect(errors.order_ttl_seconds).toMatch(/at least 90s/);
  });

  it("refuse policies that cannot apply to the order type", () => {
    expect(fromForm(form({ order_type: "FOK", remainder: "rest" })).errors.remainder).toMatch(/no remainder/);
    expect(fromForm(form({ order_type: "FAK", on_expiry: "chase" })).errors.on_expiry).toMatch(/rests/);
    expect(fromForm(form({ order_type: "FAK", on_expiry: "chase", remainder: "rest" })).errors).toEqual({});
  });

  it("bound the numbers as the server does", () => {
    const { errors } = fromForm(form({ order_type: "GTC" }, { order_ttl_seconds: "2", max_chases: "21" }));
    expect(errors.order_ttl_seconds).toBe("Must be at least 5s.");
    expect(errors.max_chases).toBe("Must be at most 20.");
    expect(fromForm(form({}, { order_ttl_seconds: "1.5" })).errors.order_ttl_seconds).toBe("Enter a whole number.");
  });
});
