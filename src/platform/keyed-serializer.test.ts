import { describe, expect, it } from "vitest";
import { KeyedSerializer } from "./keyed-serializer.js";

describe("KeyedSerializer", () => {
  it("runs the work of one key one at a time, in order, whatever each does", async () => {
    const lock = new KeyedSerializer();
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = lock.run("a", async () => {
      order.push("first start");
      await gate;
      order.push("first end");
      throw new Error("first failed");
    });
    const second = lock.run("a", () => {
      order.push("second");
      return Promise.resolve(2);
    });
    const other = lock.run("b", () => {
      order.push("other key");
      return Promise.resolve(3);
    });
    expect(await other).toBe(3);
    release();
    await expect(first).rejects.toThrow("first failed");
    expect(await second).toBe(2);
    expect(order).toEqual(["first start", "other key", "first end", "second"]);
  });
});
