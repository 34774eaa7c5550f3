/** The one lease primitive, raced by two processes (two connections) on both dialects. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeaseStore } from "../../src/platform/db/lease-store.js";
import type { DialectName } from "../../src/platform/db/database.js";
import { DIALECTS, openTestDatabasePair, type DatabasePair } from "../support/databases.js";

describe.each(DIALECTS)("lease store on %s", (dialect: DialectName) => {
  let pair: DatabasePair | undefined;
  let a: LeaseStore;
  let b: LeaseStore;
  const A = { id: "process-a", url: "http://127.0.0.1:1" };
  const B = { id: "process-b", url: "http://127.0.0.1:2" };

  beforeAll(async () => {
    pair = await openTestDatabasePair(dialect);
    if (pair === undefined) return;
    a = new LeaseStore(pair.a.db, "test");
    b = new LeaseStore(pair.b.db, "test");
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it("gives a free lease to one of two racing processes, many times over", async (context) => {
    if (pair === undefined) return context.skip();
    for (let round = 0; round < 25; round += 1) {
      const key = `free-${round}`;
      const [wonA, wonB] = await Promise.all([
        a.acquire(key, A, 1_000, 10_000),
        b.acquire(key, B, 1_000, 10_000),
      ]);
      expect([wonA, wonB].filter(Boolean)).toHaveLength(1);
      const holder = await a.holder(key, 1_000);
      expect(holder?.id).toBe(wonA ? A.id : B.id);
    }
  });

  it("keeps a live lease with its holder, who renews it; takes it over once it lapses", async (context) => {
    if (pair === undefined) return context.skip();
    expect(await a.acquire("k", A, 1_000, 1_000)).toBe(true);
    expect(await b.acquire("k", B, 1_500, 1_000)).toBe(false);
    expect(await a.acquire("k", A, 1_900, 1_000)).toBe(true);
    expect(await b.acquire("k", B, 2_500, 1_000)).toBe(false);
    // A stops renewing: after expiry, exactly one racer takes it.
    const [wonA, wonB] = await Promise.all([
      b.acquire("k", B, 3_000, 1_000),
      b.acquire("k", { id: "process-c" }, 3_000, 1_000),
    ]);
    expect([wonA, wonB].filter(Boolean)).toHaveLength(1);
    expect(await a.acquire("k", A, 3_100, 1_000)).toBe(false);
  });

  it("releases only its own lease; forget removes any; unheld lists lapsed and missing keys", async (context) => {
    if (pair === undefined) return context.skip();
    await a.acquire("r1", A, 10_000, 1_000);
    await b.acquire("r2", B, 10_000, 1_000);
    await a.release("r2", A.id);
    expect((await a.holder("r2", 10_000))?.id).toBe(B.id);
    await a.release("r1", A.id);
    expect(await a.holder("r1", 10_000)).toBeUndefined();
    expect(await a.unheld(["r1", "r2", "never"], 10_000)).toEqual(["r1", "never"]);
    expect(await a.unheld(["r2"], 20_000)).toEqual(["r2"]);
    await a.forget("r2");
    expect(await b.holder("r2", 10_000)).toBeUndefined();
  });

  it("keeps scopes apart", async (context) => {
    if (pair === undefined) return context.skip();
    const other = new LeaseStore(pair.a.db, "other");
    expect(await a.acquire("shared-key", A, 1_000, 1_000)).toBe(true);
    expect(await other.acquire("shared-key", B, 1_000, 1_000)).toBe(true);
  });
});
