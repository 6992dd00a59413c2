import { fetchMock, json } from "../test-fetch";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SignInPage, TAKEN_OR_WRONG } from "./SignIn";

const ACCEPTED = { status: "accepted", message: "If this e-mail can be used, its account now exists: sign in with the e-mail and password." };
const SIGNED_IN = { user: { id: 1, email: "ada@example.com", role: "user", created_at: "2026-12-08T00:00:00Z" }, csrf_token: "t" };

function paths() {
  return fetchMock.mock.calls.map(([request]) => new URL((request as Request).url).pathname);
}

async function signUp(onSignedIn = vi.fn()) {
  render(
    <MemoryRouter>
      <SignInPage onSignedIn={onSignedIn} />
    </MemoryRouter>,
  );
  await userEvent.type(screen.getByLabelText("E-mail"), "ada@example.com");
  await userEvent.type(screen.getByLabelText("Password"), "correct horse battery staple");
  await userEvent.click(screen.getByRole("button", { name: "Sign up" }));
  return onSignedIn;
}

afterEach(() => fetchMock.mockReset());

describe("SignInPage sign-up", () => {
  it("signs in after the accepted sign-up", async () => {
    fetchMock.mockResolvedValueOnce(json(ACCEPTED, 202)).mockResolvedValueOnce(json(SIGNED_IN));
    const onSignedIn = await signUp();
    await vi.waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(paths()).toEqual(["/api/v1/auth/sign-up", "/api/v1/auth/sign-in"]);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says the e-mail may have an account when signing in after it fails", async () => {
    const wrong = { error: { code: "invalid_credentials", message: "wrong e-mail or password" } };
    fetchMock.mockResolvedValueOnce(json(ACCEPTED, 202)).mockResolvedValueOnce(json(wrong, 401));
    const onSignedIn = await signUp();
    expect(await screen.findByRole("alert")).toHaveTextContent(TAKEN_OR_WRONG);
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it("shows the password policy's refusal and does not sign in", async () => {
    const weak = { error: { code: "invalid_input", message: "password: too easy to guess (This is a very common password)", field: "password" } };
    fetchMock.mockResolvedValueOnce(json(weak, 422));
    await signUp();
    // Beside the password field, in words: not "password: ... (invalid_input)".
    await vi.waitFor(() => expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(/^Too easy to guess/));
    expect(screen.queryByText(/invalid_input/)).toBeNull();
    expect(paths()).toEqual(["/api/v1/auth/sign-up"]);
  });
});
