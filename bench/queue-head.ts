/**
 * The webhook lane's head query as finished deliveries pile up (issue 9, defect 2), on
 * SQLite without statistics (a fresh or never-analyzed database) and after PRAGMA
 * optimize. "before" recreates the indexes of migration 002 alone; "after" is the
 * current schema with its partial indexes on pending rows.
 *
 *   npx tsx bench/queue-head.ts [--delivered 200000] [--reads 500]
 *
 * Prints one JSON line: mean milliseconds per head query, and its plan, per case.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CompiledQuery, sql } from "kysely";
import { DeliveryStore } from "../src/api/events/webhooks/delivery-store.js";
import { WebhookStore } from "../src/api/events/webhooks/webhook-store.js";
import { SecretBox } from "../src/platform/crypto.js";
import { openDatabase, type Db } from "../src/platform/db/database.js";
import { instanceRecord, seedAccount, seedInstance } from "../test/support/seed.js";

const { values } = parseArgs({
  options: {
    delivered: { type: "string", default: "200000" },
    reads: { type: "string", default: "500" },
  },
});
const delivered = Number(values.delivered);
const reads = Number(values.reads);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ponte-bench-"));
const database = await openDatabase({ sqliteFile: path.join(dir, "ponte.db") });
const db = database.db;
const secrets = SecretBox.fromKey("d".repeat(64));

async function seed(): Promise<string> {
  const record = instanceRecord(secrets, await seedAccount(db));
  await seedInstance(db, secrets, record);
  const hook = await new WebhookStore(db, secrets).upsert(
    record.id,
    {
      label: "default",
      enabled: true,
      url: "http://target.invalid/hook",
      authorization: null,
      byEvents: false,
      events: [],
      mediaBase64: false,
    },
    new Date().toISOString(),
  );
  const at = new Date().toISOString();
  const row = (seq: number, status: "delivered" | "pending") => ({
    id: randomUUID(),
    webhook_id: hook.id,
    instance_id: record.id,
    event_seq: seq,
    status,
    attempts: 1,
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
  });
  for (let start = 1; start <= delivered; start += 1_000) {
    const count = Math.min(1_000, delivered - start + 1);
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < count; i += 200) {
        const rows = Array.from({ length: Math.min(200, count - i) }, (_, j) =>
          row(start + i + j, "delivered"),
        );
        await tx.insertInto("webhook_deliveries").values(rows).execute();
      }
    });
  }
  await db
    .insertInto("webhook_deliveries")
    .values(row(delivered + 1, "pending"))
    .execute();
  return hook.id;
}

async function measure(webhookId: string): Promise<{ meanMs: number; plan: string }> {
  const deliveries = new DeliveryStore(db);
  const started = performance.now();
  for (let i = 0; i < reads; i += 1) await deliveries.head(webhookId);
  const meanMs = (performance.now() - started) / reads;
  const compiled = db
    .selectFrom("webhook_deliveries")
    .select("id")
    .where("webhook_id", "=", webhookId)
    .where("status", "=", sql.lit("pending"))
    .orderBy("event_seq")
    .limit(1)
    .compile();
  const plan = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  );
  return { meanMs: Number(meanMs.toFixed(3)), plan: plan.rows.map((r) => r.detail).join("; ") };
}

async function forgetStatistics(target: Db): Promise<void> {
  await sql`drop table if exists sqlite_stat1`.execute(target);
  await sql`drop table if exists sqlite_stat4`.execute(target);
}

try {
  const webhookId = await seed();
  await forgetStatistics(db);
  const partial = [
    "webhook_deliveries_pending_head_idx",
    "webhook_deliveries_pending_event_idx",
    "webhook_deliveries_finished_idx",
  ];
  for (const name of partial) await db.schema.dropIndex(name).execute();
  await db.schema
    .createIndex("webhook_deliveries_due_idx")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();
  const before = await measure(webhookId);

  await db.schema.dropIndex("webhook_deliveries_due_idx").execute();
  await db.schema
    .createIndex("webhook_deliveries_pending_head_idx")
    .on("webhook_deliveries")
    .columns(["webhook_id", "event_seq"])
    .where(sql.ref("status"), "=", sql.lit("pending"))
    .execute();
  const after = await measure(webhookId);
  await sql`pragma optimize = 0x10002`.execute(db);
  const afterOptimize = await measure(webhookId);
  console.log(JSON.stringify({ delivered, reads, before, after, afterOptimize }));
} finally {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
