/**
 * The one backoff rule for everything ponte retries (webhook deliveries, WhatsApp
 * reconnection): exponential growth with "equal jitter": the wait after the n-th failure
 * is drawn between 50% and 100% of base·2^(n−1), capped, so that many failures at the
 * same moment do not all retry at the same moment.
 */
export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** The wait after `failures` consecutive failures (1 = the first failure). */
export function backoffDelay(
  failures: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(backoff.baseMs * 2 ** exponent, backoff.capMs);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** An HTTP Retry-After value as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
