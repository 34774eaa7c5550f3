import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, retry } from "./retry.js";

describe("backoffDelay", () => {
  const backoff = { baseMs: 1_000, capMs: 60_000 };
  it.each([
    [1, 0, 500],
    [1, 1, 1_000],
    [4, 1, 8_000],
    [4, 0, 4_000],
    [11, 1, 60_000],
    [0, 1, 1_000],
    [500, 0, 30_000],
  ])("after %i failures with random %d → %i ms", (failures, random, expected) => {
    expect(backoffDelay(failures, backoff, { random: () => random })).toBe(expected);
  });

  // The webhook lanes' schedule: the configured base, capped at one hour.
  const HOUR = 60 * 60 * 1000;
  const lane = (baseMs: number) => ({ baseMs, capMs: HOUR });
  it.each([
    // failed attempts, base, random → delay
    [1, 1000, 0, 500],
    [1, 1000, 1, 1000],
    [2, 1000, 0, 1000],
    [2, 1000, 1, 2000],
    [5, 1000, 1, 16000],
    [8, 1000, 0.5, 96000],
    [40, 1000, 1, HOUR],
  ])("after %i failure(s) with base %i and random %f waits %i ms", (n, base, r, expected) => {
    expect(backoffDelay(n, lane(base), { random: () => r })).toBe(expected);
  });

  it("honours a longer Retry-After, within the cap", () => {
    expect(backoffDelay(1, lane(1000), { atLeastMs: 30_000, random: () => 0 })).toBe(30_000);
    expect(backoffDelay(1, lane(1000), { atLeastMs: 10 * HOUR, random: () => 0 })).toBe(HOUR);
    expect(backoffDelay(3, lane(1000), { atLeastMs: 10, random: () => 1 })).toBe(4000);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 0, 1);
  it.each([
    ["120", 120_000],
    [" 3 ", 3_000],
    [new Date(now + 5_000).toUTCString(), 5_000],
    [new Date(now - 5_000).toUTCString(), 0],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
  ])("%s → %s", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe("retry", () => {
  const policy = { backoff: { baseMs: 100, capMs: 300 }, attempts: 4 };

  /** Work that fails `failures` times, then answers "done"; and the waits it was given. */
  function flaky(failures: number, error: Error = new Error("busy")) {
    const waits: number[] = [];
    let calls = 0;
    const work = () => {
      calls += 1;
      return calls <= failures ? Promise.reject(error) : Promise.resolve("done");
    };
    const hooks = {
      sleep: (ms: number) => {
        waits.push(ms);
        return Promise.resolve();
      },
      random: () => 1,
    };
    return { work, hooks, waits, calls: () => calls };
  }

  it.each([
    [0, [], 1],
    [1, [100], 2],
    [3, [100, 200, 300], 4],
  ])("after %i failure(s) waits %j and calls %i times", async (failures, waits, calls) => {
    const run = flaky(failures);
    expect(await retry(run.work, policy, run.hooks)).toBe("done");
    expect(run.waits).toEqual(waits);
    expect(run.calls()).toBe(calls);
  });

  it("throws the last failure once the attempts are spent", async () => {
    const run = flaky(10);
    await expect(retry(run.work, policy, run.hooks)).rejects.toThrow("busy");
    expect(run.calls()).toBe(4);
  });

  it("stops at once on a failure that says it will not pass", async () => {
    const run = flaky(10, Object.assign(new Error("refused"), { retryable: false }));
    await expect(retry(run.work, policy, run.hooks)).rejects.toThrow("refused");
    expect(run.calls()).toBe(1);
  });

  it("asks the caller whether to go on, and tells it of each retry", async () => {
    const run = flaky(10);
    const told: number[] = [];
    const hooks = {
      ...run.hooks,
      retryable: () => told.length < 2,
      onRetry: (_error: unknown, failures: number) => told.push(failures),
    };
    await expect(retry(run.work, policy, hooks)).rejects.toThrow("busy");
    expect(told).toEqual([1, 2]);
    expect(run.calls()).toBe(3);
  });
});
