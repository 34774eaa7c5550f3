/**
 * What a Chatwoot call can come back with (STYLE.md 4: every failure says whether a
 * retry can help). The kinds are the contract's (src/contracts/bridge.ts) plus the two
 * that only the gateway's queue sees: a rate limit and a server error.
 */
import type { ChatwootFailureKind } from "../../contracts/bridge.js";
import { OutboundRefusedError } from "../../platform/net/outbound-guard.js";
import { errorCode, failureOf } from "../../platform/outcome.js";

export type ChatwootFailure = {
  kind: ChatwootFailureKind | "rate_limited" | "server_error";
  /** Chatwoot's own text, or the network error. */
  detail: string;
  /** The status Chatwoot answered, when it answered. */
  status?: number;
  retryable: boolean;
  /** From `Retry-After` on a 429. */
  retryAfterMs?: number;
  /**
   * The request went out but no answer came back (a timeout, a reset): Chatwoot may
   * still be doing what was asked. A write retried after this must first look.
   */
  ambiguous?: boolean;
  /** The outbound guard refused the address (OUTBOUND_ALLOW): nothing was sent. */
  refused?: boolean;
};

export type ChatwootResult<T> = { ok: true; value: T } | { ok: false; failure: ChatwootFailure };

const NOTHING_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** Error texts are cut to this length: a proxy may answer with a whole HTML page. */
const DETAIL_LIMIT = 300;

/** Classifies an answered error status with its body. */
export function statusFailure(
  status: number,
  text: string,
  retryAfter: string | null,
): ChatwootFailure {
  const detail = errorText(text);
  if (status === 429) {
    const seconds = Number(retryAfter);
    return {
      kind: "rate_limited",
      status,
      detail,
      retryable: true,
      ...(Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: seconds * 1000 } : {}),
    };
  }
  if (status >= 500) return { kind: "server_error", status, detail, retryable: true };
  if (status === 404) return { kind: "not_found", status, detail, retryable: false };
  if (status === 422 || status === 400)
    return { kind: "invalid", status, detail, retryable: false };
  if (status === 403) return { kind: "forbidden", status, detail, retryable: false };
  if (status === 401) {
    // Chatwoot answers 401 both for a bad token and for a valid one without the right
    // (not a member of the account, not an administrator): only the first is "unauthorized".
    const badToken = /Invalid Access Token|sign in or sign up/i.test(detail);
    return { kind: badToken ? "unauthorized" : "forbidden", status, detail, retryable: false };
  }
  return { kind: "invalid", status, detail, retryable: false };
}

/** Classifies a call that never got an answer. */
export function networkFailure(error: unknown, timeoutMs: number): ChatwootFailure {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return {
      kind: "timeout",
      detail: `no answer within ${timeoutMs} ms`,
      retryable: true,
      ambiguous: true,
    };
  }
  const cause = failureOf(error);
  if (cause instanceof OutboundRefusedError) {
    // The operator's policy, not the network: nothing was sent. It lasts until
    // OUTBOUND_ALLOW changes, so the jobs wait with their attempts and the status says why.
    return {
      kind: "unreachable",
      detail: cause.as("chatwootBaseUrl").message,
      retryable: true,
      refused: true,
    };
  }
  const code = errorCode(error);
  const message =
    cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  // Refused or unresolvable: nothing reached Chatwoot. Anything else may have.
  const ambiguous = code === undefined || !NOTHING_SENT.has(code);
  return { kind: "unreachable", detail: clip(code ?? message), retryable: true, ambiguous };
}

/** Chatwoot's error bodies: `{error}`, `{message}`, `{errors:[…]}` or plain text. */
function errorText(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.error === "string") return clip(body.error);
    if (typeof body.message === "string") return clip(body.message);
    if (Array.isArray(body.errors)) return clip(body.errors.map(String).join("; "));
  } catch {
    // not JSON: the text itself
  }
  return clip(text.replace(/\s+/g, " ").trim());
}

function clip(text: string): string {
  return text.length > DETAIL_LIMIT ? `${text.slice(0, DETAIL_LIMIT)}…` : text;
}

/** One line for a log, a `last_error` or a private note. */
export function describeChatwootFailure(failure: ChatwootFailure): string {
  const status = failure.status === undefined ? "" : ` (HTTP ${failure.status})`;
  return `Chatwoot ${failure.kind.replace("_", " ")}${status}: ${failure.detail}`;
}
