/**
 * The gateway's claim primitive raced by two processes (two connections) on both
 * dialects: no job is claimed twice, none is lost, one key never runs two jobs at once,
 * and a key's jobs finish in the order they were enqueued.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bridgeDb, type BridgeDb } from "../../src/bridge/bridge-schema.js";
import { RetentionStore } from "../../src/bridge/queue/retention-store.js";
import { JobRetention } from "../../src/bridge/queue/job-retention.js";
import { JobStore, type Job } from "../../src/bridge/queue/job-store.js";
import { createLogger } from "../../src/platform/logger.js";
import { openDatabase, type Database, type DialectName } from "../../src/platform/db/database.js";
import { DIALECTS, openTestDatabasePair, type DatabasePair } from "../support/databases.js";
import { planOf, recordingDb } from "../support/query-plans.js";
import { seedIntegration } from "../support/seed.js";

describe.each(DIALECTS)("job store on %s", (dialect: DialectName) => {
  let pair: DatabasePair | undefined;
  let a: JobStore;
  let b: JobStore;

  beforeAll(async () => {
    pair = await openTestDatabasePair(dialect);
    if (pair === undefined) return;
    a = new JobStore(bridgeDb(pair.a), dialect);
    b = new JobStore(bridgeDb(pair.b), dialect);
    for (const id of ["race", "crash", "states", "dedupe", "many"])
      await seedIntegration(pair.a, id);
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it("four workers on two connections take every job once, one per key at a time, in order", async (context) => {
    if (pair === undefined) return context.skip();
    const keys = 12;
    const perKey = 15;
    const jobs = Array.from({ length: keys * perKey }, (_, i) => ({
      integrationId: "race",
      kind: "test",
      orderKey: `chat-${i % keys}`,
      payload: { n: i },
    }));
    expect(await a.enqueue(jobs, 0)).toBe(jobs.length);

    const claimedBy = new Map<number, string>();
    const running = new Set<string>();
    const finished = new Map<string, number[]>();
    let overlap = 0;
    const worker = async (store: JobStore, name: string) => {
      for (let idle = 0; idle < 3;) {
        const claimed = await store.claim(name, 1, 4, 60_000);
        if (claimed.length === 0) {
          idle += 1;
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        idle = 0;
        await Promise.all(claimed.map((job) => runOne(store, name, job)));
      }
    };
    const runOne = async (store: JobStore, name: string, job: Job) => {
      expect(claimedBy.has(job.id)).toBe(false);
      claimedBy.set(job.id, name);
      if (running.has(job.orderKey)) overlap += 1;
      running.add(job.orderKey);
      await new Promise((resolve) => setImmediate(resolve));
      running.delete(job.orderKey);
      finished.set(job.orderKey, [...(finished.get(job.orderKey) ?? []), job.id]);
      expect(await store.complete(job.id, name, 2)).toBe(true);
    };
    await Promise.all([worker(a, "a1"), worker(a, "a2"), worker(b, "b1"), worker(b, "b2")]);

    expect(claimedBy.size).toBe(jobs.length);
    expect(overlap).toBe(0);
    for (const ids of finished.values()) expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(claimedBy.values()).size).toBeGreaterThan(1);
    expect(await a.counts("race")).toEqual({ open: 0, dead: 0 });
    expect(await a.list("done", "race", 1_000)).toHaveLength(jobs.length);
  });

  it("takes a job again once its claimer's lock lapses; the stalled claimer cannot finish it", async (context) => {
    if (pair === undefined) return context.skip();
    await a.enqueue([{ integrationId: "crash", kind: "t", orderKey: "k", payload: {} }], 0);
    await a.enqueue([{ integrationId: "crash", kind: "t", orderKey: "k", payload: {} }], 0);
    const [first] = await a.claim("stalled", 10, 10, 1_000);
    expect(first).toBeDefined();
    // Its key stays blocked while the lock lives: the second job waits.
    expect(
      (await b.claim("other", 500, 10, 1_000)).filter((j) => j.integrationId === "crash"),
    ).toEqual([]);
    const [again] = (await b.claim("other", 1_011, 10, 1_000)).filter(
      (j) => j.integrationId === "crash",
    );
    expect(again?.id).toBe(first!.id);
    expect(again?.attempts).toBe(2);
    expect(await a.complete(first!.id, "stalled", 1_012)).toBe(false);
    expect(await b.complete(first!.id, "other", 1_012)).toBe(true);
  });

  it("retries later, rate limits without spending attempts, buries, replays and cancels", async (context) => {
    if (pair === undefined) return context.skip();
    await a.enqueue([{ integrationId: "states", kind: "t", orderKey: "k", payload: { x: 1 } }], 0);
    const [job] = await a
      .claim("w", 0, 10, 1_000)
      .then((j) => j.filter((x) => x.integrationId === "states"));
    expect(await a.retryLater(job!.id, "w", 1, 5_000, "busy", false)).toBe(true);
    expect((await a.get(job!.id))?.attempts).toBe(0);
    expect((await a.claim("w", 4_999, 10, 1_000)).filter((j) => j.id === job!.id)).toEqual([]);
    const [due] = (await a.claim("w", 5_000, 10, 1_000)).filter((j) => j.id === job!.id);
    expect(due?.attempts).toBe(1);
    expect(await a.bury(job!.id, "w", 5_001, "gave up")).toBe(true);
    expect((await a.list("dead", "states", 10)).map((j) => [j.id, j.lastError])).toEqual([
      [job!.id, "gave up"],
    ]);
    await a.enqueue([{ integrationId: "states", kind: "t", orderKey: "k2", payload: {} }], 5_002);
    expect(await a.counts("states")).toEqual({ open: 1, dead: 1 });
    const [second] = (await a.claim("w", 5_003, 10, 1_000)).filter((j) => j.orderKey === "k2");
    expect(await a.complete(second!.id, "w", 5_004)).toBe(true);
    expect(await a.counts("states")).toEqual({ open: 0, dead: 1 });
    expect(await a.replay(job!.id, 6_000)).toBe(true);
    expect(await a.replay(job!.id, 6_000)).toBe(false);
    expect(await a.counts("states")).toEqual({ open: 1, dead: 0 });
    expect(await a.cancelAll("states", 6_001)).toBe(1);
    expect(await a.counts("states")).toEqual({ open: 0, dead: 0 });
  });

  it("a dead job does not hold back the jobs after it in its key", async (context) => {
    if (pair === undefined) return context.skip();
    await a.enqueue(
      [1, 2].map((n) => ({ integrationId: "states", kind: "t", orderKey: "dk", payload: { n } })),
      10_000,
    );
    const [first] = (await a.claim("w", 10_000, 10, 1_000)).filter((j) => j.orderKey === "dk");
    await a.bury(first!.id, "w", 10_001, "bad");
    const [second] = (await a.claim("w", 10_002, 10, 1_000)).filter((j) => j.orderKey === "dk");
    expect(second?.payload).toEqual({ n: 2 });
  });

  it("enqueues a dedupe key once, from either connection", async (context) => {
    if (pair === undefined) return context.skip();
    const job = {
      integrationId: "dedupe",
      kind: "t",
      orderKey: "k",
      dedupeKey: "out:7",
      payload: {},
    };
    const added = await Promise.all([
      a.enqueue([job], 0),
      b.enqueue([job], 0),
      a.enqueue([job], 0),
    ]);
    expect(added.reduce((x, y) => x + y, 0)).toBe(1);
    expect(await a.counts("dedupe")).toEqual({ open: 1, dead: 0 });
  });

  // 6,000 jobs bind 78,000 parameters: one statement would pass both dialects' caps
  // (PostgreSQL refuses over 65,535, SQLite over 32,766). A resumed stream brings as many.
  it("enqueues thousands of jobs at once, in one transaction, dedupe keys still once", async (context) => {
    if (pair === undefined) return context.skip();
    const jobs = Array.from({ length: 6_000 }, (_, i) => ({
      integrationId: "many",
      kind: "t",
      orderKey: `chat-${i % 50}`,
      // The last chunk repeats the first job's key: it is not added again.
      dedupeKey: `in:${i === 5_999 ? 0 : i}`,
      payload: { n: i },
    }));
    const added = await bridgeDb(pair.a)
      .transaction()
      .execute((tx) => new JobStore(tx, dialect).enqueue(jobs, 0));
    expect(added).toBe(5_999);
    expect(await a.counts("many")).toEqual({ open: 5_999, dead: 0 });
  });
});

describe.each(DIALECTS)("job retention on %s", (dialect: DialectName) => {
  let pair: DatabasePair | undefined;
  let a: JobStore;
  /** Retention's deletes, through the other connection. */
  let pruning: RetentionStore;

  beforeAll(async () => {
    pair = await openTestDatabasePair(dialect);
    if (pair === undefined) return;
    a = new JobStore(bridgeDb(pair.a), dialect);
    pruning = new RetentionStore(bridgeDb(pair.b));
    await seedIntegration(pair.a, "retention");
  });
  afterAll(async () => {
    await pair?.dispose();
  });

  it("retention removes old finished and dead jobs and old delivery ids, never open jobs", async (context) => {
    if (pair === undefined) return context.skip();
    const hour = 60 * 60 * 1000;
    const day = 24 * hour;
    const t0 = Date.UTC(2026, 0, 1);
    const job = (n: number) => ({
      integrationId: "retention",
      kind: "t",
      orderKey: `k${n}`,
      payload: { n },
    });
    await a.enqueue([1, 2, 3, 4, 5, 6, 7].map(job), t0);
    const claimed = await a
      .claim("w", t0, 10, day * 100)
      .then((jobs) => jobs.filter((j) => j.integrationId === "retention"));
    const byN = new Map(claimed.map((j) => [(j.payload as { n: number }).n, j.id]));
    const id = (n: number) => byN.get(n)!;
    await a.complete(id(1), "w", t0); // done long ago
    await a.complete(id(2), "w", t0 + 10 * day - hour); // done an hour before the prune
    await a.bury(id(3), "w", t0, "bad"); // dead long ago
    await a.bury(id(4), "w", t0 + 9 * day, "bad"); // dead recently
    await a.retryLater(id(5), "w", t0, t0, "busy"); // pending, untouched since t0
    // 6 stays running (claimed at t0, its lock far off); 7 is cancelled long ago.
    await bridgeDb(pair.a)
      .updateTable("bridge_jobs")
      .set({ state: "cancelled", updated_at: new Date(t0).toISOString() })
      .where("id", "=", id(7))
      .execute();
    const deliveries = bridgeDb(pair.a).insertInto("bridge_deliveries");
    await deliveries
      .values([
        { integration_id: "retention", delivery_id: "old", received_at: t0 },
        { integration_id: "retention", delivery_id: "new", received_at: t0 + 10 * day - hour },
      ])
      .execute();

    const retention = new JobRetention(pruning, {
      finishedMs: 2 * day,
      deadMs: 5 * day,
      clock: { now: () => t0 + 10 * day },
      logger: createLogger("silent"),
      batch: 1,
    });
    expect(await retention.prune()).toEqual({ finished: 2, dead: 1, deliveries: 1 });
    const left = await bridgeDb(pair.a)
      .selectFrom("bridge_jobs")
      .select(["id", "state"])
      .where("integration_id", "=", "retention")
      .orderBy("id")
      .execute();
    expect(left).toEqual([
      { id: id(2), state: "done" },
      { id: id(4), state: "dead" },
      { id: id(5), state: "pending" },
      { id: id(6), state: "running" },
    ]);
    const kept = await bridgeDb(pair.a)
      .selectFrom("bridge_deliveries")
      .select("delivery_id")
      .where("integration_id", "=", "retention")
      .execute();
    expect(kept).toEqual([{ delivery_id: "new" }]);
  });
});

describe("the job queue's plans on SQLite without statistics", () => {
  let database: Database;
  let jobs: JobStore;

  beforeAll(async () => {
    database = await openDatabase({ sqliteFile: ":memory:" });
    jobs = new JobStore(bridgeDb(database), "sqlite");
    await seedIntegration(database, "plans");
    const backlog = Array.from({ length: 300 }, (_, i) => ({
      integrationId: "plans",
      kind: "t",
      orderKey: `chat-${i % 30}`,
      payload: { n: i },
    }));
    await jobs.enqueue(backlog, 0);
    await bridgeDb(database)
      .updateTable("bridge_jobs")
      .set({ state: "done" })
      .where("id", "<=", 200)
      .execute();
  });
  afterAll(async () => {
    await database.close();
  });

  /** The plans of the statements `run` issues through the database it is given. */
  async function plansOf(run: (db: BridgeDb) => Promise<unknown>): Promise<string[]> {
    const recording = recordingDb(database);
    await run(bridgeDb({ ...database, db: recording.db }));
    return Promise.all(recording.queries().map((query) => planOf(database, query)));
  }

  it("a claim walks open jobs in their due order: no finished job, no sort", async () => {
    const plan = (await plansOf((db) => new JobStore(db, "sqlite").claim("probe", 1, 4, 1_000)))[0];
    expect(plan).toMatch(/USING INDEX bridge_jobs_due\b/);
    expect(plan).toMatch(/USING INDEX bridge_jobs_open\b/);
    expect(plan).not.toMatch(/TEMP B-TREE|bridge_jobs_settled_age|SCAN bridge_jobs\b/);
  });

  it("retention reads settled jobs through their own index", async () => {
    const plans = await plansOf(async (db) => {
      const store = new RetentionStore(db);
      await store.prune("finished", "9999", 10);
      await store.prune("dead", "9999", 10);
    });
    for (const plan of plans)
      expect(plan).toMatch(/USING (COVERING )?INDEX bridge_jobs_settled_age\b/);
  });
});
