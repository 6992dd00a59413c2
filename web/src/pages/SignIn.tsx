import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router-dom";
import { ApiError, api, ok } from "../api/client";
import { ErrorNote, Field } from "../components/ui";
import { revealError } from "../errors";

/** Sign-up answers alike for a new e-mail and a taken one (docs/api.md): if signing in
 * right after it fails, the e-mail most likely has an account already. */
export const TAKEN_OR_WRONG =
  "We could not sign you in with this e-mail and password. If you already have an account with this e-mail, sign in with its password instead.";

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-up");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const tooShort = mode === "sign-up" && password.length > 0 && password.length < 10;
  // The server names the field it refuses ("email", "password"): its words go beside that field.
  const onField = error instanceof ApiError && (error.field === "email" || error.field === "password") ? error : null;
  const fieldError = (name: string) => (onField?.field === name ? onField.message : undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooShort) return;
    setBusy(true);
    setError(null);
    try {
      const body = { email, password };
      if (mode === "sign-up") {
        await ok(api.POST("/api/v1/auth/sign-up", { body }));
        try {
          await ok(api.POST("/api/v1/auth/sign-in", { body }));
        } catch (e) {
          throw e instanceof ApiError && e.status === 401 ? new Error(TAKEN_OR_WRONG) : e;
        }
        navigate("/onboarding");
      } else {
        await ok(api.POST("/api/v1/auth/sign-in", { body }));
      }
      onSignedIn();
    } catch (e) {
      setError(e);
      revealError();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>{mode === "sign-up" ? "Create your polycopy account" : "Sign in"}</h1>
      <p className="muted">
        Copy Polymarket traders you trust, with limits you set. You start in paper mode: nothing real is traded until
        you switch an account to live.
      </p>
      <form onSubmit={submit} noValidate>
        <Field label="E-mail" error={fieldError("email")}>
          {(p) => <input {...p} type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field
          label="Password"
          help={mode === "sign-up" ? "At least 10 characters, and hard to guess: a few uncommon words work well." : undefined}
          error={tooShort ? "At least 10 characters." : fieldError("password")}
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <ErrorNote error={onField ? null : error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {mode === "sign-up" ? "Sign up" : "Sign in"}
          </button>
          <button type="button" className="link" onClick={() => setMode(mode === "sign-up" ? "sign-in" : "sign-up")}>
            {mode === "sign-up" ? "I already have an account" : "Create an account instead"}
          </button>
        </div>
      </form>
    </section>
  );
}
