import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { RuleForm } from "./RuleForm";

const A = "0x" + "a".repeat(40);
const B = "0x" + "b".repeat(40);

describe("RuleForm conviction and consensus", () => {
  it("sends neither when left empty, and both blocks when filled in", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit.mock.calls[0]![0].conviction).toBeUndefined();
    expect(onSubmit.mock.calls[0]![0].consensus).toBeUndefined();
    fireEvent.change(screen.getByLabelText("Conviction: at least"), { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText("Conviction: at most"), { target: { value: "12.5" } });
    fireEvent.change(screen.getByLabelText("Consensus: leaders needed"), { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText("Consensus window"), { target: { value: "3600" } });
    fireEvent.change(screen.getByLabelText("Consensus group"), { target: { value: `${A}, ${B.toUpperCase().replace("0X", "0x")}` } });
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledTimes(2);
    expect(onSubmit.mock.calls[1]![0]).toMatchObject({
      conviction: { min_micros: 2_000_000, max_micros: 12_500_000 },
      consensus: { min_leaders: 2, window_seconds: 3600, wallets: [A, B] },
    });
  });

  it("refuses a clamp upside down and more leaders than the group, next to the field", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText("Conviction: at least"), { target: { value: "10" } });
    fireEvent.change(screen.getByLabelText("Conviction: at most"), { target: { value: "1" } });
    fireEvent.change(screen.getByLabelText("Consensus: leaders needed"), { target: { value: "3" } });
    fireEvent.change(screen.getByLabelText("Consensus window"), { target: { value: "0" } });
    fireEvent.change(screen.getByLabelText("Consensus group"), { target: { value: A } });
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Conviction: at least")).toHaveAccessibleDescription(/Must not be greater than the most/);
    expect(screen.getByLabelText("Consensus: leaders needed")).toHaveAccessibleDescription(/More than the 1 wallets/);
    expect(screen.getByLabelText("Consensus window")).toHaveAccessibleDescription(/Must be more than 0/);
  });

  it("shows a stored rule's blocks, and the server's refusal next to its field", () => {
    const error = new ApiError(422, "invalid_input", "consensus.min_leaders: 3 is more than the 2 leaders this account follows", "consensus.min_leaders");
    render(
      <RuleForm
        submitLabel="Save"
        onSubmit={vi.fn()}
        initial={{ conviction: { min_micros: 1_000_000, max_micros: 9_000_000 }, consensus: { min_leaders: 3, window_seconds: 600 } }}
        error={error}
      />,
    );
    expect(screen.getByLabelText("Conviction: at most")).toHaveValue("9");
    expect(screen.getByLabelText("Consensus window")).toHaveValue("600");
    expect(screen.getByLabelText("Consensus: leaders needed")).toHaveAccessibleDescription(/more than the 2 leaders this account follows/);
  });
});
