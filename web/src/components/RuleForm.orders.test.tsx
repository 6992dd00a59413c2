import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { RuleForm } from "./RuleForm";

describe("RuleForm order type", () => {
  it("sends a resting rule that chases", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    await userEvent.selectOptions(screen.getByLabelText("Order type"), "GTC");
    await userEvent.selectOptions(screen.getByLabelText("When the time runs out unfilled"), "chase");
    const ttl = screen.getByLabelText("Time to live");
    await userEvent.clear(ttl);
    await userEvent.type(ttl, "120");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ order_type: "GTC", on_expiry: "chase", order_ttl_seconds: 120, max_chases: 3, remainder: "drop" });
  });

  it("explains next to the field why a GTD time to live is refused", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    await userEvent.selectOptions(screen.getByLabelText("Order type"), "GTD");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Time to live")).toHaveAccessibleDescription(/at least 90s/);
  });

  it("refuses keeping the rest of a fill-or-kill order", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    await userEvent.selectOptions(screen.getByLabelText("When it fills only partly"), "rest");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText("When it fills only partly")).toHaveAccessibleDescription(/no remainder/);
  });
});
