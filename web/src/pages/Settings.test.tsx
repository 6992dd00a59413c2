import { fetchMock, json } from "../test-fetch";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { beforeEach, describe, expect, it } from "vitest";
import { SettingsPage } from "./Settings";

const CHANNEL = { id: 5, label: "phone", scheme: "tgram", events: ["order.filled"], active: true, created_at: "2026-12-01T00:00:00Z" };
const TOKEN = {
  id: 8,
  name: "script",
  prefix: "pct_abcd",
  scopes: ["rules:read"],
  created_at: "2026-12-01T00:00:00Z",
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
};

/** Answers by method and path; a deferred answer lets a test look while the request is out. */
function serve(routes: Record<string, () => Response | Promise<Response>>) {
  fetchMock.mockImplementation(async (input) => {
    const request = input as Request;
    const key = `${request.method} ${new URL(request.url).pathname}`;
    const answer = routes[key];
    if (!answer) throw new Error(`unexpected ${key}`);
    return answer();
  });
}

function renderAt(path: string) {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/settings/:section?" element={<SettingsPage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => {
  fetchMock.mockReset(); // a block: a returned function would be run as the cleanup
});

describe("SettingsPage", () => {
  it("pauses a channel at once and puts it back with a message when the server refuses", async () => {
    let release: (r: Response) => void = () => {};
    serve({
      "GET /api/v1/notification-channels": () => json({ items: [CHANNEL], next_cursor: null }),
      "PATCH /api/v1/notification-channels/5": () => new Promise<Response>((resolve) => (release = resolve)),
    });
    renderAt("/settings/notifications");
    const toggle = await screen.findByRole("checkbox", { name: "Channel phone on" });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    expect(toggle).not.toBeChecked(); // shown at once, before the server answers
    release(json({ error: { code: "forbidden", message: "this token may not change channels" } }, 403));
    expect(await screen.findByRole("alert")).toHaveTextContent("The change did not work, so it is shown as it was:");
    await waitFor(() => expect(screen.getByRole("checkbox", { name: "Channel phone on" })).toBeChecked());
  });

  it("tests a channel and says whether the message went", async () => {
    serve({
      "GET /api/v1/notification-channels": () => json({ items: [CHANNEL], next_cursor: null }),
      "POST /api/v1/notification-channels/5/test": () => json({ sent: false, message: "phone did not accept the test message" }),
    });
    renderAt("/settings/notifications");
    await userEvent.click(await screen.findByRole("button", { name: "Send a test" }));
    const result = await screen.findByTestId("channel-test");
    expect(result).toHaveTextContent("phone did not accept the test message");
    expect(result).toHaveClass("error");
  });

  it("shows a new token once, and revokes one after asking", async () => {
    let revokedAt: string | null = null;
    serve({
      "GET /api/v1/tokens": () => json({ items: [{ ...TOKEN, revoked_at: revokedAt }], next_cursor: null }),
      "POST /api/v1/tokens": () => json({ ...TOKEN, id: 9, name: "export", token: "pct_secret-value" }, 201),
      "DELETE /api/v1/tokens/8": () => {
        revokedAt = "2026-12-02T00:00:00Z";
        return new Response(null, { status: 204 });
      },
    });
    renderAt("/settings");
    await userEvent.type(await screen.findByLabelText("Token name"), "export");
    await userEvent.click(screen.getByRole("button", { name: "Create token" }));
    expect(await screen.findByTestId("secret")).toHaveTextContent("pct_secret-value");
    const create = fetchMock.mock.calls.map((c) => c[0] as Request).find((r) => r.method === "POST")!;
    const body = await create.clone().json();
    expect(body.name).toBe("export");
    expect(body.scopes).toContain("rules:read");
    expect(body.scopes).not.toContain("rules:write"); // read-only unless chosen

    const row = screen.getAllByTestId("token-row")[0]!;
    await userEvent.click(within(row).getByRole("button", { name: "Revoke token script" }));
    await userEvent.click(within(row).getByRole("button", { name: "Yes, revoke" }));
    await waitFor(() => expect(within(row).getByText("revoked")).toBeInTheDocument());
  });
});
