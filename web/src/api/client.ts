// The API client, generated types only (schema.d.ts comes from the OpenAPI document).
import createClient, { type Middleware } from "openapi-fetch";
import { plainMessage } from "../errors";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];

const CSRF_COOKIE = "polycopy_csrf";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfToken(): string | null {
  for (const part of document.cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Cookie sessions need the CSRF token echoed on every mutation (docs/api.md). */
const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE.has(request.method)) {
      const token = csrfToken();
      if (token) request.headers.set("X-CSRF-Token", token);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);

/** An API error body: `{"error": {"code", "message", "field"?}}`. `message` is in a trader's
 * words (errors.ts); `detail` is the server's own message. Status 0: no answer (network). */
export class ApiError extends Error {
  readonly detail: string;

  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly field?: string | null,
  ) {
    super(plainMessage(status, code, detail));
    this.detail = detail;
  }
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a call, or an `ApiError` thrown with the server's code, message and field. */
export async function ok<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (failure) {
    if (failure instanceof TypeError) throw new ApiError(0, "network", failure.message); // no answer at all
    throw failure;
  }
  const { data, error, response } = result;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; field?: string | null } };
  throw new ApiError(
    response.status,
    body.error?.code ?? "http_error",
    body.error?.message ?? `${response.status} ${response.statusText}`,
    body.error?.field,
  );
}
