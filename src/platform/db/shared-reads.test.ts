import { describe, expect, it } from "vitest";
import { nextMark, SharedReads } from "./shared-reads.js";

/** A load the test settles by hand, counting how often it was started. */
function loads() {
  const pending: ((value: string) => void)[] = [];
  const failures: ((error: Error) => void)[] = [];
  return {
    started: () => pending.length,
    load: () =>
      new Promise<string>((resolve, reject) => {
        pending.push(resolve);
        failures.push(reject);
      }),
    settle: (index: number, value: string) => pending[index]?.(value),
    fail: (index: number, error: Error) => failures[index]?.(error),
  };
}

describe("shared reads", () => {
  it("serve every caller that began before the reading in flight", async () => {
    const reads = new SharedReads<string, string>();
    const l = loads();
    const since = nextMark();
    const first = reads.read("a", since, l.load);
    const second = reads.read("a", since, l.load);
    expect(l.started()).toBe(1);
    l.settle(0, "v1");
    expect(await first).toBe("v1");
    expect(await second).toBe("v1");
    expect(reads.size).toBe(0);
  });

  it("give a caller that began after the reading its own, which sees later writes", async () => {
    const reads = new SharedReads<string, string>();
    const l = loads();
    const early = reads.read("a", nextMark(), l.load);
    // A write commits here, then a caller begins: the reading in flight may predate it.
    const late = reads.read("a", nextMark(), l.load);
    expect(l.started()).toBe(2);
    l.settle(1, "after the write");
    l.settle(0, "before the write");
    expect(await late).toBe("after the write");
    expect(await early).toBe("before the write");
  });

  it("join the latest reading only, and never without a mark", async () => {
    const reads = new SharedReads<string, string>();
    const l = loads();
    const since = nextMark();
    void reads.read("a", undefined, l.load);
    void reads.read("a", undefined, l.load);
    expect(l.started()).toBe(2);
    // The caller began before both readings: it joins the latest one.
    const joined = reads.read("a", since, l.load);
    expect(l.started()).toBe(2);
    l.settle(0, "first");
    l.settle(1, "second");
    expect(await joined).toBe("second");
  });

  it("keep keys apart", async () => {
    const reads = new SharedReads<string, string>();
    const l = loads();
    const since = nextMark();
    const a = reads.read("a", since, l.load);
    const b = reads.read("b", since, l.load);
    expect(l.started()).toBe(2);
    l.settle(0, "A");
    l.settle(1, "B");
    expect([await a, await b]).toEqual(["A", "B"]);
  });

  it("hand a failed reading's error to its callers, and read again after it", async () => {
    const reads = new SharedReads<string, string>();
    const l = loads();
    const since = nextMark();
    const first = reads.read("a", since, l.load);
    const second = reads.read("a", since, l.load);
    l.fail(0, new Error("connection lost"));
    await expect(first).rejects.toThrow("connection lost");
    await expect(second).rejects.toThrow("connection lost");
    expect(reads.size).toBe(0);
    const again = reads.read("a", since, l.load);
    expect(l.started()).toBe(2);
    l.settle(1, "v2");
    expect(await again).toBe("v2");
  });
});
