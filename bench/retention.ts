/**
 * Event log retention on SQLite (issue 9, defect 3): how long the event loop is held
 * while N old events are pruned, in bounded batches (the default) and, for comparison,
 * in one batch as large as the log (what a single DELETE did).
 *
 *   npx tsx bench/retention.ts [--events 300000] [--batch 500]
 *
 * Prints one JSON line per case: total seconds, the longest and the 99th-percentile
 * event-loop stall (gaps between turns of a 1 ms timer).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { PRUNE_BATCH, RetentionJob } from "../src/api/events/log/retention.js";
import { RetentionStore } from "../src/api/events/log/retention-store.js";
import { ManualClock } from "../src/platform/clock.js";
import { SecretBox } from "../src/platform/crypto.js";
import { openDatabase, type Db } from "../src/platform/db/database.js";
import { captureLog } from "../test/support/log-capture.js";
import { instanceRecord, seedAccount, seedInstance } from "../test/support/seed.js";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "300000" },
    batch: { type: "string", default: String(PRUNE_BATCH) },
  },
});
const events = Number(values.events);
const batch = Number(values.batch);
const secrets = SecretBox.fromKey("f".repeat(64));
const OLD = "2020-01-01T00:00:00.000Z";
const data = JSON.stringify({
  id: "X",
  type: "text",
  message: { content: { text: "x".repeat(300) } },
});

/** The single statement retention ran before it was batched. */
async function oneDelete(db: Db, cutoff: string): Promise<number> {
  const result = await db
    .deleteFrom("events")
    .where("created_at", "<", cutoff)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("webhook_deliveries")
            .select("webhook_deliveries.id")
            .whereRef("webhook_deliveries.instance_id", "=", "events.instance_id")
            .whereRef("webhook_deliveries.event_seq", "=", "events.seq")
            .where("webhook_deliveries.status", "=", "pending"),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

async function run(mode: "batched" | "one delete"): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ponte-bench-"));
  const database = await openDatabase({ sqliteFile: path.join(dir, "ponte.db") });
  const db = database.db;
  try {
    const record = instanceRecord(secrets, await seedAccount(db));
    await seedInstance(db, secrets, record);
    for (let start = 1; start <= events; start += 5_000) {
      await db.transaction().execute(async (tx) => {
        for (let i = start; i < Math.min(start + 5_000, events + 1); i += 200) {
          const rows = Array.from({ length: Math.min(200, events + 1 - i) }, (_, j) => ({
            instance_id: record.id,
            seq: i + j,
            event: "message.exchange",
            data,
            created_at: OLD,
          }));
          await tx.insertInto("events").values(rows).execute();
        }
      });
    }
    // A checkpoint now, so that the seeding's WAL is not charged to the pruning.
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    const clock = new ManualClock();
    const logger = captureLog("silent").logger;
    const job = new RetentionJob(new RetentionStore(db), 30, clock, logger, batch);
    const cutoff = new Date(clock.now() - 30 * 24 * 3600 * 1000).toISOString();
    // The longest gap between turns of a 1 ms timer is the longest stall.
    const gaps: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 1);
    const started = performance.now();
    const removed = mode === "batched" ? await job.prune() : await oneDelete(db, cutoff);
    const seconds = (performance.now() - started) / 1000;
    // One more turn, so that a stall that lasted until now is counted.
    await new Promise((resolve) => setTimeout(resolve, 5));
    clearInterval(ticker);
    gaps.sort((a, b) => a - b);
    return {
      mode,
      batch: mode === "batched" ? batch : events,
      removed,
      seconds: Number(seconds.toFixed(2)),
      longestStallMs: Number((gaps.at(-1) ?? 0).toFixed(1)),
      p99StallMs: Number((gaps[Math.floor((gaps.length - 1) * 0.99)] ?? 0).toFixed(1)),
    };
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(JSON.stringify(await run("batched")));
console.log(JSON.stringify(await run("one delete")));
