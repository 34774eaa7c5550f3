/**
 * What a call to the outside world (a webhook target, the integration gateway, Chatwoot,
 * a provider) comes back with: its value, or a failure that says whether trying again
 * can help (STYLE.md 4). Callers and the retry runner decide from that flag alone;
 * nothing is caught and dropped on the way.
 */
import { describeError } from "./errors.js";

export interface Retryable {
  readonly retryable: boolean;
}

/** The one result shape of outside calls; `F` refines the failure for a caller's needs. */
export type Outcome<T, F extends Retryable = CallFailure> =
  { ok: true; value: T } | { ok: false; failure: F };

/** A failed outside call, in terms that hold for any HTTP peer. */
export type CallFailure = FetchFailure | StatusFailure | RefusedFailure;

/** The outbound guard refused the address before anything was sent: it stays refused. */
export interface RefusedFailure {
  kind: "refused";
  retryable: false;
  detail: string;
}

/** The peer never answered: our deadline passed, or no connection carried the request. */
export type FetchFailure =
  | { kind: "timeout"; retryable: true; detail: string; timeoutMs: number }
  | { kind: "unreachable"; retryable: true; detail: string; code: string | undefined };

/** The peer answered with an error status. */
export interface StatusFailure {
  kind: "status";
  retryable: boolean;
  detail: string;
  status: number;
  /** What the peer asked for in Retry-After, when it did. */
  retryAfterMs?: number | undefined;
}

/**
 * Classifies a rejected request: undici's `request` rejects with the system error itself,
 * its `fetch` with a TypeError whose `cause` is that error. Both kinds may pass on a later attempt: a deadline (the
 * peer was slow) and an unreachable peer (refused, DNS, reset, dropped before answering).
 * `code` is the system error's code (ECONNREFUSED, ENOTFOUND…) when there is one.
 */
export function classifyNetworkError(error: unknown, timeoutMs: number): FetchFailure {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return {
      kind: "timeout",
      retryable: true,
      detail: `timed out after ${timeoutMs} ms`,
      timeoutMs,
    };
  }
  const cause = error instanceof Error ? error.cause : undefined;
  const source = cause ?? error;
  const code =
    typeof source === "object" &&
    source !== null &&
    "code" in source &&
    typeof source.code === "string"
      ? source.code
      : undefined;
  const detail =
    cause instanceof Error ? `${describeError(error)}: ${cause.message}` : describeError(error);
  return { kind: "unreachable", retryable: true, detail, code };
}

/** Whether an error status may pass on a later attempt: 408, 429 and every 5xx. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
