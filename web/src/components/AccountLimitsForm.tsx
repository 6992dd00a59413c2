import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, api, ok } from "../api/client";
import type { Account } from "../api/queries";
import { ACCOUNT_LIMIT_FIELDS, formKeyOf, limitsFromForm, limitsToForm } from "../rules";
import { ErrorNote, Field } from "./ui";

/** The limits over everything one account copies (PATCH /accounts/{id}). */
export function AccountLimitsForm({ account }: { account: Account }) {
  const [form, setForm] = useState(() => limitsToForm(account.limits));
  const [touched, setTouched] = useState(false);
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (limits: NonNullable<ReturnType<typeof limitsFromForm>["limits"]>) =>
      ok(api.PATCH("/api/v1/accounts/{account_id}", { params: { path: { account_id: account.id } }, body: { limits } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["accounts"] }),
  });
  const { errors } = touched ? limitsFromForm(form) : { errors: {} as Record<string, string> };
  const server = save.error instanceof ApiError ? save.error : null;
  const serverKey = server?.field?.replace(/^(body\.)?limits\./, "");
  const shown: Record<string, string | undefined> = { ...errors };
  if (server && serverKey && ACCOUNT_LIMIT_FIELDS.some((f) => f.key === serverKey)) shown[serverKey] ??= server.message;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const { limits } = limitsFromForm(form);
    if (limits) save.mutate(limits);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Limits of ${account.label}`}>
      <div className="grid">
        {ACCOUNT_LIMIT_FIELDS.map((field) => (
          <Field key={field.key} label={field.label} help={`${field.help} Optional.`} error={shown[field.key]} prefix={field.unit.prefix}>
            {(p) => (
              <input {...p} inputMode="decimal" value={form[field.key]} onChange={(e) => setForm((f) => ({ ...f, [field.key]: e.target.value }))} />
            )}
          </Field>
        ))}
      </div>
      {server && formKeyOf(serverKey) === "form" && !shown[serverKey ?? ""] && <ErrorNote error={server} />}
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          Save limits
        </button>
        {save.isSuccess && !save.isPending && (
          <span className="success" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
