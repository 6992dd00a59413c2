import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ExportDownload, exportUrl } from "./ExportDownload";

const ACCOUNTS = [
  { id: 3, label: "main" },
  { id: 7, label: "second" },
];

describe("exportUrl", () => {
  it("sends the day after the last day, the API's bound being exclusive", () => {
    expect(exportUrl({ accountId: 3, what: "lots", format: "csv", from: "2026-01-01", to: "2026-12-31" })).toBe(
      "/api/v1/accounts/3/export?what=lots&format=csv&from=2026-01-01&to=2027-01-01",
    );
    expect(exportUrl({ accountId: 3, what: "fills", format: "json", from: "", to: "" })).toBe(
      "/api/v1/accounts/3/export?what=fills&format=json",
    );
  });
});

describe("ExportDownload", () => {
  it("links the chosen account, kind, format and period", async () => {
    const user = userEvent.setup();
    render(<ExportDownload accounts={ACCOUNTS} accountId={undefined} />);
    expect(screen.getByRole("link", { name: "Download" })).toHaveAttribute(
      "href",
      "/api/v1/accounts/3/export?what=lots&format=csv",
    );
    await user.selectOptions(screen.getByLabelText("Account"), "7");
    await user.selectOptions(screen.getByLabelText("What"), "orders");
    await user.selectOptions(screen.getByLabelText("Format"), "json");
    await user.type(screen.getByLabelText("From"), "2026-03-01");
    expect(screen.getByRole("link", { name: "Download" })).toHaveAttribute(
      "href",
      "/api/v1/accounts/7/export?what=orders&format=json&from=2026-03-01",
    );
  });

  it("offers no download for a period that ends before it starts", async () => {
    const user = userEvent.setup();
    render(<ExportDownload accounts={ACCOUNTS} accountId={3} />);
    await user.type(screen.getByLabelText("From"), "2026-03-02");
    await user.type(screen.getByLabelText("To"), "2026-03-01");
    expect(screen.getByText("The last day comes before the first.")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Download" })).toBeNull();
  });

  it("asks for an account first", () => {
    render(<ExportDownload accounts={[]} accountId={undefined} />);
    expect(screen.getByText("Add an account to export its history.")).toBeInTheDocument();
  });
});
