/**
 * The one backoff rule for everything ponte retries (webhook deliveries, event-log
 * writes, WhatsApp reconnection): exponential growth with "equal jitter": the wait after
 * the n-th failure is drawn between 50% and 100% of base·2^(n−1), capped, so that many
 * failures at the same moment do not all retry at the same moment. A peer that asked for
 * a longer pause (Retry-After) gets it, within the same cap.
 */
import type { Retryable } from "./outcome.js";

export interface Backoff {
  baseMs: number;
  capMs: number;
}

export interface DelayOptions {
  /** Never wait less than this (a Retry-After), though never past the cap. */
  atLeastMs?: number | undefined;
  random?: () => number;
}

/** The wait after `failures` consecutive failures (1 = the first failure). */
export function backoffDelay(
  failures: number,
  backoff: Backoff,
  options: DelayOptions = {},
): number {
  const random = options.random ?? Math.random;
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(backoff.baseMs * 2 ** exponent, backoff.capMs);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.min(Math.max(jittered, options.atLeastMs ?? 0), backoff.capMs);
}

/** An HTTP Retry-After value as milliseconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryPolicy {
  backoff: Backoff;
  /** Attempts in all, the first one included. */
  attempts: number;
}

export interface RetryHooks {
  /**
   * Whether the failure may be tried again. By default an error that says so itself
   * (a `retryable` flag, as ProviderError has) is believed, and any other is retried.
   */
  retryable?: (error: unknown) => boolean;
  /** Told of each failure that will be tried again, before the wait. */
  onRetry?: (error: unknown, failures: number, waitMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function saysRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("retryable" in error)) return true;
  return (error as Retryable).retryable;
}

/**
 * Runs `work` until it succeeds, waiting by the backoff between attempts; the last
 * failure (or the first that may not be retried) is thrown to the caller.
 */
export async function retry<T>(
  work: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const retryable = hooks.retryable ?? saysRetryable;
  for (let failures = 1; ; failures += 1) {
    try {
      return await work();
    } catch (error) {
      if (failures >= policy.attempts || !retryable(error)) throw error;
      const wait = backoffDelay(failures, policy.backoff, { random: hooks.random });
      hooks.onRetry?.(error, failures, wait);
      await (hooks.sleep ?? sleepFor)(wait);
    }
  }
}
