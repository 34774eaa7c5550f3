/** How a failed Chatwoot or API call turns into a job outcome. */
import type { ChatwootFailure } from "../chatwoot/chatwoot-failure.js";
import { describeChatwootFailure } from "../chatwoot/chatwoot-failure.js";
import { integrationError } from "../integrations/integration-health.js";
import type { JobOutcome } from "./job-runner.js";

/**
 * A network failure, a timeout, a 5xx or a 429 passes with time; so may a refused token
 * (an administrator fixes it by activating again), so those wait too. A 404 or 422 on
 * fresh ids will not pass.
 */
export function chatwootOutcome(
  failure: ChatwootFailure,
  /** After an ambiguous failure, how long Chatwoot may still take to finish the request. */
  settleMs = 0,
): Exclude<JobOutcome, { kind: "done" }> {
  const error = describeChatwootFailure(failure);
  if (failure.ambiguous === true && settleMs > 0) {
    // The retry looks for what the first attempt may have made: give it time to land.
    return { kind: "retry", error, retryAfterMs: settleMs };
  }
  if (failure.kind === "rate_limited") {
    return { kind: "retry", error, retryAfterMs: failure.retryAfterMs, countAttempt: false };
  }
  if (failure.kind === "unauthorized" || failure.kind === "forbidden") {
    return { kind: "retry", error, integrationError: integrationError(failure) };
  }
  if (failure.refused === true)
    return { kind: "retry", error, integrationError: integrationError(failure) };
  if (failure.retryable) return { kind: "retry", error };
  return { kind: "dead", error };
}
