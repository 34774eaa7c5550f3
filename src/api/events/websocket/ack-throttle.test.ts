import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../../platform/clock.js";
import { AckThrottle } from "./ack-throttle.js";

describe("ack throttle", () => {
  let clock: ManualClock;
  let written: number[];
  let throttle: AckThrottle;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    clock = new ManualClock();
    written = [];
    throttle = new AckThrottle(
      (seq) => {
        written.push(seq);
        return Promise.resolve();
      },
      clock,
      () => undefined,
      1_000,
    );
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Moves both clocks: the one the throttle reads and the one its timer runs on. */
  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await vi.advanceTimersByTimeAsync(ms);
  }

  it("writes the first ack at once and the highest of a burst a second later", async () => {
    throttle.ack(1);
    for (let seq = 2; seq <= 50; seq += 1) throttle.ack(seq);
    await Promise.resolve();
    expect(written).toEqual([1]);
    await advance(999);
    expect(written).toEqual([1]);
    await advance(1);
    expect(written).toEqual([1, 50]);
    await advance(5_000);
    expect(written).toEqual([1, 50]);
  });

  it("ignores acks that do not move forward", async () => {
    throttle.ack(10);
    await advance(2_000);
    throttle.ack(7);
    throttle.ack(10);
    await advance(2_000);
    expect(written).toEqual([10]);
  });

  it("writes what is pending when the stream closes, and nothing after", async () => {
    throttle.ack(1);
    throttle.ack(2);
    throttle.ack(3);
    await throttle.close();
    expect(written).toEqual([1, 3]);
    await advance(5_000);
    expect(written).toEqual([1, 3]);
  });

  it("reports a failed write and keeps going", async () => {
    const errors: unknown[] = [];
    const failing = new AckThrottle(
      () => Promise.reject(new Error("database down")),
      clock,
      (error) => errors.push(error),
      1_000,
    );
    failing.ack(1);
    await failing.close();
    expect(errors).toHaveLength(1);
  });
});
