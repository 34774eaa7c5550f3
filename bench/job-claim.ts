/**
 * The gateway's job claim as finished jobs pile up, on SQLite without statistics (a
 * fresh or never-analyzed database): N done jobs, then a backlog of pending ones spread
 * over C conversations, claimed, completed and claimed again until the backlog is gone.
 *
 *   npx tsx bench/job-claim.ts [--done 200000] [--pending 2000] [--conversations 500] [--batch 16]
 *                              [--postgres]
 *
 * `--postgres` runs it in a fresh schema of the test PostgreSQL instead (which plans with
 * the statistics autovacuum gathers).
 *
 * Prints one JSON line: jobs per second through claim + complete, the mean claim, and
 * the claim's plan.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { bridgeDb } from "../src/bridge/bridge-schema.js";
import { JobStore } from "../src/bridge/queue/job-store.js";
import { openDatabase } from "../src/platform/db/database.js";
import { dropPgSchema, newPgSchema } from "../test/support/databases.js";
import { planOf, recordingDb } from "../test/support/query-plans.js";
import { PG_URL } from "../test/support/services.js";
import { seedIntegration } from "../test/support/seed.js";

const { values } = parseArgs({
  options: {
    done: { type: "string", default: "200000" },
    pending: { type: "string", default: "2000" },
    conversations: { type: "string", default: "500" },
    batch: { type: "string", default: "16" },
    postgres: { type: "boolean", default: false },
  },
});
const done = Number(values.done);
const pending = Number(values.pending);
const conversations = Number(values.conversations);
const batch = Number(values.batch);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ponte-bench-"));
const schema = values.postgres ? newPgSchema() : undefined;
const database = await openDatabase(
  schema === undefined
    ? { sqliteFile: path.join(dir, "ponte.db") }
    : { url: PG_URL, pgSchema: schema, poolSize: 4 },
);
const dialect = database.dialect;
const db = bridgeDb(database);
const jobs = new JobStore(db, dialect);

function newJobs(count: number, offset: number) {
  return Array.from({ length: count }, (_, i) => ({
    integrationId: "bench",
    kind: "bench",
    orderKey: `chat-${(offset + i) % conversations}`,
    payload: { n: offset + i },
  }));
}

async function seedDone(): Promise<void> {
  for (let start = 0; start < done; start += 500) {
    await jobs.enqueue(newJobs(Math.min(500, done - start), start), 0);
  }
  await db.updateTable("bridge_jobs").set({ state: "done" }).execute();
}

async function claimPlan(): Promise<string> {
  const recording = recordingDb(database);
  await new JobStore(bridgeDb({ ...database, db: recording.db }), dialect).claim("probe", 1, 1, 1);
  await db
    .updateTable("bridge_jobs")
    .set({ state: "pending", locked_by: null, locked_until: null })
    .where("state", "=", "running")
    .execute();
  const plans = await Promise.all(recording.queries().map((query) => planOf(database, query)));
  return plans.join(" | ").replaceAll("\n", "; ");
}

try {
  await seedIntegration(database, "bench");
  await seedDone();
  await jobs.enqueue(newJobs(pending, done), 0);
  if (dialect === "sqlite") {
    await sql`drop table if exists sqlite_stat1`.execute(database.db);
    await sql`drop table if exists sqlite_stat4`.execute(database.db);
  }
  const plan = await claimPlan();

  let claims = 0;
  let claimMs = 0;
  let finished = 0;
  const started = performance.now();
  while (finished < pending) {
    const before = performance.now();
    const claimed = await jobs.claim("bench", 1, batch, 60_000);
    claimMs += performance.now() - before;
    claims += 1;
    if (claimed.length === 0) throw new Error("the backlog stalled");
    for (const job of claimed) await jobs.complete(job.id, "bench", 1);
    finished += claimed.length;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      done,
      pending,
      conversations,
      batch,
      jobsPerSecond: Math.round(pending / seconds),
      meanClaimMs: Number((claimMs / claims).toFixed(3)),
      plan,
    }),
  );
} finally {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
  if (schema !== undefined) await dropPgSchema(schema);
}
