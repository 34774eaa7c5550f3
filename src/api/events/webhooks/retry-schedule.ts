/**
 * When a failed webhook delivery is tried again (docs/events.md "Delivery"): the wait
 * after the n-th failed attempt is drawn between 50% and 100% of base·2^(n−1) ("equal
 * jitter", so that many deliveries failing together do not retry together), capped at
 * one hour, and never shorter than a Retry-After the target sent (itself capped).
 */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

export function retryDelayMs(
  failedAttempts: number,
  baseMs: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(baseMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.min(Math.max(jittered, retryAfterMs ?? 0), MAX_RETRY_DELAY_MS);
}

/** Retry-After as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
