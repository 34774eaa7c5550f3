import { afterAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { ManualClock } from "../../platform/clock.js";
import { REDIS_URL, serviceAvailable } from "../../../test/support/services.js";
import { MemoryRateLimiter, RedisRateLimiter } from "./limiter.js";

describe("MemoryRateLimiter", () => {
  it("counts within a fixed window and starts again in the next", async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 10));
    const limiter = new MemoryRateLimiter(clock);
    expect(await limiter.hit("a", 60_000)).toEqual({
      count: 1,
      resetAt: Date.UTC(2026, 0, 1, 0, 1),
    });
    expect((await limiter.hit("a", 60_000)).count).toBe(2);
    expect((await limiter.hit("b", 60_000)).count).toBe(1);
    clock.advance(50_000);
    expect((await limiter.hit("a", 60_000)).count).toBe(1);
  });
});

describe("RedisRateLimiter", async () => {
  const available = await serviceAvailable("redis");
  const clients: Redis[] = [];
  afterAll(async () => {
    for (const client of clients) await client.quit();
  });

  it.runIf(available)("shares one bucket between two processes' limiters", async () => {
    const prefix = `ponte-test:${randomBytes(4).toString("hex")}:`;
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 30));
    const one = new Redis(REDIS_URL);
    const two = new Redis(REDIS_URL);
    clients.push(one, two);
    const a = new RedisRateLimiter(one, clock, prefix);
    const b = new RedisRateLimiter(two, clock, prefix);
    expect((await a.hit("tok:x", 60_000)).count).toBe(1);
    expect((await b.hit("tok:x", 60_000)).count).toBe(2);
    const third = await a.hit("tok:x", 60_000);
    expect(third).toEqual({ count: 3, resetAt: Date.UTC(2026, 0, 1, 0, 1) });
    clock.advance(60_000);
    expect((await b.hit("tok:x", 60_000)).count).toBe(1);
    const ttl = await one.pttl(`${prefix}rl:tok:x:${Math.floor(clock.now() / 60_000)}`);
    expect(ttl).toBeGreaterThan(0);
  });
});
