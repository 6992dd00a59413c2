import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import { RuleForm } from "./RuleForm";

describe("RuleForm leader drift", () => {
  it("alerts by default and sends the chosen action", async () => {
    const onSubmit = vi.fn();
    render(<RuleForm submitLabel="Save" onSubmit={onSubmit} />);
    const drift = screen.getByLabelText("When the leader drifts");
    expect(drift).toHaveValue("alert");
    expect(drift).toHaveAccessibleDescription(/stays paused until you resume it/);
    await userEvent.selectOptions(drift, "pause");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ on_leader_drift: "pause" });
  });

  it("shows a stored rule's choice, and the server's refusal next to the field", () => {
    const error = new ApiError(422, "invalid_input", "on_leader_drift: Input should be 'alert', 'pause' or 'ignore'", "settings.on_leader_drift");
    render(<RuleForm submitLabel="Save" onSubmit={vi.fn()} initial={{ on_leader_drift: "ignore" }} error={error} />);
    const drift = screen.getByLabelText("When the leader drifts");
    expect(drift).toHaveValue("ignore");
    expect(drift).toHaveAccessibleDescription(/Input should be 'alert', 'pause' or 'ignore'/);
  });
});
