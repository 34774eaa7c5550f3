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
 * What a rejected request failed on: undici's `request` rejects with it (the system error,
 * the outbound guard's refusal), its `fetch` with a TypeError whose `cause` it is.
 */
export function failureOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}

/** The system error's code (ECONNREFUSED, ENOTFOUND…) of a rejected request, when there is one. */
export function errorCode(error: unknown): string | undefined {
  const failure = failureOf(error);
  return typeof failure === "object" &&
    failure !== null &&
    "code" in failure &&
    typeof failure.code === "string"
    ? failure.code
    : undefined;
}

/** A response header as undici's `request` gives it (repeated ones as a list): the first value. */
export function headerValue(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}

/**
 * Classifies a rejected request (failureOf). Both kinds may pass on a later attempt: a
 * deadline (the peer was slow) and an unreachable peer (refused, DNS, reset, dropped
 * before answering). `code` is the system error's code when there is one.
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
  const detail =
    cause instanceof Error ? `${describeError(error)}: ${cause.message}` : describeError(error);
  return { kind: "unreachable", retryable: true, detail, code: errorCode(error) };
}

/** Whether an error status may pass on a later attempt: 408, 429 and every 5xx. */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
