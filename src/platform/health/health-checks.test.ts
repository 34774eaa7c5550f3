import { describe, expect, it } from "vitest";
import { goDuration, runHealthChecks } from "./health-checks.js";

describe("goDuration", () => {
  it.each([
    [0, "0s"],
    [999, "0s"],
    [45_000, "45s"],
    [123_000, "2m3s"],
    [3_600_000, "1h0m0s"],
    [(12 * 3600 + 34 * 60 + 56) * 1000, "12h34m56s"],
  ])("%i ms → %s", (ms, expected) => {
    expect(goDuration(ms)).toBe(expected);
  });
});

describe("runHealthChecks", () => {
  it("is ok when every check passes", async () => {
    const report = await runHealthChecks({ db: () => Promise.resolve() }, 0, 61_000);
    expect(report).toEqual({
      status: "ok",
      service: "ponte",
      uptime: "1m1s",
      timestamp: "1970-01-01T00:01:01Z",
      checks: { db: "ok" },
    });
  });

  it("is degraded with the reason when a check fails or hangs", async () => {
    const report = await runHealthChecks(
      {
        db: () => Promise.reject(new Error("connection refused")),
        redis: () => new Promise(() => undefined),
      },
      0,
      0,
      20,
    );
    expect(report.status).toBe("degraded");
    expect(report.checks).toEqual({
      db: "fail: connection refused",
      redis: "fail: timed out after 20 ms",
    });
  });
});
