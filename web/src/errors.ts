// The server's errors in a trader's words. The API answers `{"error": {"code", "message",
// "field"}}` with messages written for developers ("credentials.private_key: does not belong to
// wallet_address"); the app shows what went wrong and what to do instead.

/** Known codes and messages, first match wins; anything else keeps the server's message. */
const PLAIN: { code?: string; pattern?: RegExp; say: string }[] = [
  { code: "rule_exists", say: "You already copy this leader from this account — edit that rule instead." },
  { pattern: /does not belong to wallet_address/, say: "This private key does not belong to the signer address. Check both, or leave the address empty: polycopy works it out from the key." },
  { pattern: /not a valid secp256k1 private key/, say: "This is not a private key: it has 64 hex digits (0-9, a-f), with or without 0x." },
  { pattern: /not an e-mail address/, say: "That is not an e-mail address: it looks like name@example.com." },
  { code: "csrf_failed", say: "Your session expired in this tab: reload the page and try again." },
  { code: "unauthenticated", say: "You are signed out: sign in again." },
  { code: "forbidden", say: "Your account may not do this." },
];

/** The words to show for an API error (status 0: the server could not be reached). */
export function plainMessage(status: number, code: string, message: string): string {
  if (status === 0) return "Cannot reach the polycopy server. Check your connection, then retry.";
  const known = PLAIN.find((p) => (p.code ? p.code === code : p.pattern!.test(message)));
  if (known) return known.say;
  if (status >= 500) return "The server had a problem and did nothing. Retry in a moment.";
  // "leader_wallet: must be ..." → "Must be ...": the field the message names is shown beside it.
  const text = message.replace(/^[\w.]+: /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether asking again may work: the network or the server failed, not the request. */
export function retryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** Brings the first invalid field or error message into view and focuses it, after the page
 * has drawn it: a refusal is never left below the fold, far from the button pressed. */
export function revealError() {
  requestAnimationFrame(() => {
    const target = document.querySelector<HTMLElement>("main [aria-invalid='true'], main [role='alert']");
    if (!target) return;
    target.scrollIntoView?.({ block: "center", behavior: "smooth" });
    if (target.matches("input, select, textarea")) target.focus({ preventScroll: true });
  });
}
