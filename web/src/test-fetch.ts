// A fetch mock for component tests. The API client keeps the fetch and Request it saw when
// its module loaded, so import this first; Node's Request also needs an absolute URL where
// the browser resolves "/api/...".
import { vi } from "vitest";

class SameOriginRequest extends globalThis.Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === "string" ? new URL(input, globalThis.location.origin).href : input, init);
  }
}
globalThis.Request = SameOriginRequest as typeof Request;

export const fetchMock = vi.fn<typeof fetch>();
globalThis.fetch = fetchMock;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
