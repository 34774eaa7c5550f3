/**
 * A burst's first claims run on statistics gathered while the queue held only finished
 * jobs: the planner then takes the open states for one row. The claim must stay a walk
 * of the due index with one seek by key per candidate, whatever the statistics say. The
 * backlog is written and claimed in one transaction, so that nothing (autovacuum, the
 * statistics keeper) can analyze it between the two.
 *
 * With the candidates in `id in (select … for update skip locked)` and the head check as
 * `not exists`, PostgreSQL ran the locking subquery again for every open job, each time
 * walking the open index whole: this claim ran for minutes at 100 % CPU (a bench run's
 * PostgreSQL relay hung on it). The statement timeout turns such a plan into a failure.
 */
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { bridgeDb } from "../../src/bridge/bridge-schema.js";
import { JobStore, type Job } from "../../src/bridge/queue/job-store.js";
import type { DialectName } from "../../src/platform/db/database.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { planOf, recordingDb } from "../support/query-plans.js";
import { seedIntegration } from "../support/seed.js";

const CONVERSATIONS = 500;
const BACKLOG = 9_500;
const NOW = 1_000;

/** The claim's plan reads the open index by key: a seek per candidate, never a walk. */
const SEEK_BY_KEY: Record<DialectName, RegExp> = {
  sqlite:
    /SEARCH e USING (COVERING )?INDEX bridge_jobs_open \(integration_id=\? AND order_key=\?\)/,
  postgres:
    /Index (Only )?Scan using bridge_jobs_open on bridge_jobs e[^\n]*\n\s*Index Cond: \(\(integration_id = j\.integration_id\) AND \(order_key = j\.order_key\)\)/,
};

/** A read of the whole table, finished jobs and all. */
const TABLE_SCAN: Record<DialectName, RegExp> = {
  sqlite: /SCAN bridge_jobs\b/,
  postgres: /Seq Scan on bridge_jobs/,
};

describe.each(DIALECTS)(
  "the job claim on %s with statistics from finished jobs only",
  (dialect) => {
    let database: TestDatabase | undefined;
    afterEach(async () => {
      await database?.dispose();
    });

    it("claims the heads of a 9,500-job backlog, and none while every head runs", async ({
      skip,
    }) => {
      database = await openTestDatabase(dialect);
      if (database === undefined) return skip();
      const db = database;
      await seedIntegration(db, "burst");
      const finished = Array.from({ length: 50 }, (_, i) => job(i));
      await new JobStore(bridgeDb(db), dialect).enqueue(finished, 0);
      await bridgeDb(db).updateTable("bridge_jobs").set({ state: "done" }).execute();
      await sql`analyze bridge_jobs`.execute(db.db);

      await db.db.transaction().execute(async (trx) => {
        if (dialect === "postgres") await sql`set local statement_timeout = '10s'`.execute(trx);
        const recording = recordingDb({ ...db, db: trx });
        const jobs = new JobStore(bridgeDb({ ...db, db: recording.db }), dialect);
        const backlog = Array.from({ length: BACKLOG }, (_, i) => job(i));
        expect(await jobs.enqueue(backlog, 0)).toBe(BACKLOG);
        const firstOfKey = new Map<string, number>();
        const all = await bridgeDb({ ...db, db: trx })
          .selectFrom("bridge_jobs")
          .select(["id", "order_key"])
          .where("state", "=", "pending")
          .orderBy("id")
          .execute();
        for (const row of all)
          if (!firstOfKey.has(row.order_key)) firstOfKey.set(row.order_key, row.id);

        const isHead = (claimed: Job) => firstOfKey.get(claimed.orderKey) === claimed.id;
        const first = await jobs.claim("w", NOW, 16, 60_000);
        expect(first).toHaveLength(16);
        expect(first.every(isHead)).toBe(true);
        const claim = recording.queries().at(-1);
        if (claim === undefined) throw new Error("the claim was not recorded");
        const plan = await planOf({ ...db, db: trx }, claim);
        expect(plan).toMatch(SEEK_BY_KEY[dialect]);
        expect(plan).not.toMatch(TABLE_SCAN[dialect]);

        const rest = await jobs.claim("w", NOW, CONVERSATIONS, 60_000);
        expect(rest).toHaveLength(CONVERSATIONS - 16);
        expect(rest.every(isHead)).toBe(true);
        // Every key's head runs: the other 9,000 jobs wait behind them.
        expect(await jobs.claim("w2", NOW, 16, 60_000)).toEqual([]);
      });
    }, 60_000);
  },
);

function job(n: number) {
  return {
    integrationId: "burst",
    kind: "inbound.message",
    orderKey: `chat-${n % CONVERSATIONS}`,
    payload: { n },
  };
}
