/**
 * When a failed webhook delivery is tried again (docs/events.md "Delivery"): the
 * platform's backoff (src/platform/retry.ts) from the configured base, capped at one
 * hour, and never shorter than a Retry-After the target sent (itself capped).
 */
import { backoffDelay } from "../../../platform/retry.js";

export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

export function retryDelayMs(
  failedAttempts: number,
  baseMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const jittered = backoffDelay(failedAttempts, { baseMs, capMs: MAX_RETRY_DELAY_MS }, random);
  return Math.min(Math.max(jittered, retryAfterMs ?? 0), MAX_RETRY_DELAY_MS);
}
