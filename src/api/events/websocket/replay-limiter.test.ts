import { describe, expect, it } from "vitest";
import { ReplayLimiter, type Release } from "./replay-limiter.js";

describe("replay limiter", () => {
  it("lets `limit` replays run and queues the rest, first come first served", async () => {
    const limiter = new ReplayLimiter(2);
    const signal = new AbortController().signal;
    const first = await limiter.acquire(signal);
    const second = await limiter.acquire(signal);
    const order: string[] = [];
    const third = limiter.acquire(signal).then((release) => {
      order.push("third");
      return release;
    });
    const fourth = limiter.acquire(signal).then((release) => {
      order.push("fourth");
      return release;
    });
    expect(limiter.load).toEqual({ active: 2, waiting: 2 });
    first?.();
    (await third)?.();
    second?.();
    (await fourth)?.();
    expect(order).toEqual(["third", "fourth"]);
    expect(limiter.load).toEqual({ active: 0, waiting: 0 });
  });

  it("drops a waiter whose stream stopped, and ignores a second release", async () => {
    const limiter = new ReplayLimiter(1);
    const held = (await limiter.acquire(new AbortController().signal)) as Release;
    const stopping = new AbortController();
    const waiting = limiter.acquire(stopping.signal);
    stopping.abort();
    expect(await waiting).toBeUndefined();
    expect(limiter.load).toEqual({ active: 1, waiting: 0 });
    held();
    held();
    expect(limiter.load).toEqual({ active: 0, waiting: 0 });
    expect(await limiter.acquire(stopping.signal)).toBeUndefined();
  });
});
