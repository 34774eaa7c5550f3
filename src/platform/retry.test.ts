import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "./retry.js";

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
    expect(backoffDelay(failures, backoff, () => random)).toBe(expected);
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
