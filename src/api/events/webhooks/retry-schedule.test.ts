import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_MS, retryDelayMs } from "./retry-schedule.js";

describe("retryDelayMs", () => {
  it.each([
    // failed attempts, base, random → delay
    [1, 1000, 0, 500],
    [1, 1000, 1, 1000],
    [2, 1000, 0, 1000],
    [2, 1000, 1, 2000],
    [5, 1000, 1, 16000],
    [8, 1000, 0.5, 96000],
  ])("after %i failure(s) with base %i and random %f waits %i ms", (n, base, r, expected) => {
    expect(retryDelayMs(n, base, undefined, () => r)).toBe(expected);
  });

  it("is capped at one hour", () => {
    expect(retryDelayMs(40, 1000, undefined, () => 1)).toBe(MAX_RETRY_DELAY_MS);
  });

  it("honours a longer Retry-After, within the cap", () => {
    expect(retryDelayMs(1, 1000, 30_000, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, 1000, 10 * MAX_RETRY_DELAY_MS, () => 0)).toBe(MAX_RETRY_DELAY_MS);
  });
});
