/**
 * The job store's reads and writes behind the gateway's dead letters and its metrics, on
 * both dialects: a replay scoped by integration never touches another integration's job,
 * and the queue's gauges come from one grouped read that seeks the open and dead states
 * in the state indexes, however many finished rows pile up (SQLite plans checked with
 * EXPLAIN QUERY PLAN, before and after statistics).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobCounts } from "../../src/app/wire-gateway-metrics.js";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { JobStore } from "../../src/bridge/queue/job-store.js";
import { ManualClock } from "../../src/platform/clock.js";
import type { DialectName } from "../../src/platform/db/database.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { planOf, recordingDb } from "../support/query-plans.js";
import { seedIntegration } from "../support/seed.js";

const FINISHED = 3_000;
const T0 = Date.parse("2026-03-01T10:00:00.000Z");

describe.each(DIALECTS)("job store: dead letters and gauges on %s", (dialect: DialectName) => {
  let database: TestDatabase | undefined;
  let jobs: JobStore;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    jobs = new JobStore(bridgeDb(database), dialect);
    for (const id of ["mine", "theirs"]) await seedIntegration(database, id);
    // Finished rows, written in bulk as the queue leaves them (done, unlocked).
    const at = new Date(T0).toISOString();
    const row = (n: number) => ({
      integration_id: "mine",
      kind: "test",
      order_key: `chat-${n}`,
      dedupe_key: null,
      payload: "{}",
      state: "done" as const,
      attempts: 1,
      next_attempt_at: T0,
      locked_by: null,
      locked_until: null,
      last_error: "",
      created_at: at,
      updated_at: at,
    });
    for (let start = 0; start < FINISHED; start += 500) {
      const rows = Array.from({ length: 500 }, (_, i) => row(start + i));
      await bridgeDb(database).insertInto("bridge_jobs").values(rows).execute();
    }
  }, 120_000);
  afterAll(async () => {
    await database?.dispose();
  });

  const dead = async (integrationId: string, at: number): Promise<number> => {
    await jobs.enqueue([{ integrationId, kind: "test", orderKey: `d-${at}`, payload: {} }], at);
    const [claimed] = await jobs.claim("w", at, 1, 60_000);
    if (claimed === undefined) throw new Error("nothing to claim");
    expect(await jobs.bury(claimed.id, "w", at, "no")).toBe(true);
    return claimed.id;
  };

  it("replays a dead job only for its own integration", async ({ skip }) => {
    if (database === undefined) return skip();
    const id = await dead("mine", T0 + 1_000);
    expect(await jobs.replay(id, T0 + 2_000, "theirs")).toBe(false);
    expect((await jobs.get(id))?.state).toBe("dead");
    expect(await jobs.replay(id, T0 + 2_000, "mine")).toBe(true);
    expect(await jobs.get(id)).toMatchObject({ state: "pending", attempts: 0 });
    expect(await jobs.replay(id, T0 + 3_000, "mine")).toBe(false);
    // Claim it again and finish it, so the next test starts with no open job.
    const [again] = await jobs.claim("w", T0 + 3_000, 1, 60_000);
    expect(again?.id).toBe(id);
    await jobs.complete(id, "w", T0 + 3_000);
  });

  it("counts pending, running and dead jobs with the oldest of each, and no finished ones", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    const clock = new ManualClock(T0 + 60_000);
    expect(await jobCounts(jobs, clock)).toEqual({
      byState: new Map([
        ["pending", 0],
        ["running", 0],
        ["dead", 0],
      ]),
      oldestAgeSeconds: new Map([
        ["pending", 0],
        ["running", 0],
        ["dead", 0],
      ]),
    });
    await dead("mine", T0 + 10_000);
    await dead("theirs", T0 + 20_000);
    await jobs.enqueue(
      [
        { integrationId: "mine", kind: "test", orderKey: "p1", payload: {} },
        { integrationId: "theirs", kind: "test", orderKey: "p2", payload: {} },
      ],
      T0 + 30_000,
    );
    await jobs.enqueue(
      [{ integrationId: "mine", kind: "test", orderKey: "p3", payload: {} }],
      T0 + 40_000,
    );
    // One of them runs (the claim takes the earliest due first).
    expect(await jobs.claim("w", T0 + 40_000, 1, 60_000)).toHaveLength(1);
    const counts = await jobCounts(jobs, clock);
    expect(counts.byState).toEqual(
      new Map([
        ["pending", 2],
        ["running", 1],
        ["dead", 2],
      ]),
    );
    expect(counts.oldestAgeSeconds.get("dead")).toBe(50);
    expect(counts.oldestAgeSeconds.get("running")).toBe(30);
    expect(counts.oldestAgeSeconds.get("pending")).toBe(30);
  });

  it("reads the gauges through the state index, never walking the finished rows", async ({
    skip,
  }) => {
    if (database === undefined || dialect !== "sqlite") return skip();
    for (const round of ["fresh", "optimized"]) {
      if (round === "optimized") {
        await sql`pragma optimize = 0x10002`.execute(database.db);
        await sql`analyze`.execute(database.db);
      }
      const recording = recordingDb(database);
      await new JobStore(bridgeDb({ ...database, db: recording.db }), dialect).stateCounts();
      // The store's statement is the last one recorded (its halves are recorded too).
      const query = recording.queries().at(-1);
      if (query === undefined) throw new Error("query not recorded");
      const plan = await planOf(database, query);
      // Each half reads an index of its own states: a seek of the state index, or one of
      // the claim's partial indexes, which hold open jobs only. Never the table itself,
      // never an index walked whole.
      const reads = plan.split("\n").filter((line) => line.includes("bridge_jobs"));
      expect(reads, plan).toHaveLength(2);
      for (const read of reads) {
        expect(read, `${round}: ${plan}`).toMatch(
          /^(SEARCH bridge_jobs USING (COVERING )?INDEX bridge_jobs_settled_age \(state=\?\)|(SCAN|SEARCH) bridge_jobs USING (COVERING )?INDEX bridge_jobs_(open|due)\b)/,
        );
      }
    }
  });
});
