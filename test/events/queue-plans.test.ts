/**
 * The webhook queue's hot queries keep their plan however many finished rows pile up:
 * they use the partial indexes over pending rows, on SQLite before any statistics exist
 * (the case where a full index made the head query walk every delivered row) and after
 * `PRAGMA optimize`, and on PostgreSQL with statistics.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryStore } from "../../src/api/events/webhooks/delivery-store.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { planOf, recordingDb } from "../support/query-plans.js";
import { seedWebhook } from "./support/delivery-workers.js";

const DELIVERED = 5_000;

describe.each(DIALECTS)("webhook queue plans on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let webhookId: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    const db = database.db;
    const hook = await seedWebhookRows(database);
    webhookId = hook.webhookId;
    const row = hook.row;
    for (let start = 1; start <= DELIVERED; start += 500) {
      const rows = Array.from({ length: 500 }, (_, i) => row(start + i, "delivered"));
      await db.insertInto("webhook_deliveries").values(rows).execute();
    }
    await db
      .insertInto("webhook_deliveries")
      .values([row(DELIVERED + 1, "pending"), row(DELIVERED + 2, "pending")])
      .execute();
    // PostgreSQL plans from statistics, which autovacuum keeps; SQLite has none yet.
    if (dialect === "postgres") await sql`analyze`.execute(db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  async function plans(): Promise<{ head: string; due: string }> {
    if (database === undefined) throw new Error("no database");
    const recording = recordingDb(database);
    const deliveries = new DeliveryStore(recording.db);
    expect((await deliveries.head(webhookId))?.eventSeq).toBe(DELIVERED + 1);
    expect(await deliveries.dueWebhooks("2030-01-01T00:00:00.000Z", 10)).toEqual([webhookId]);
    const [head, due] = recording.queries();
    if (head === undefined || due === undefined) throw new Error("queries not recorded");
    return { head: await planOf(database, head), due: await planOf(database, due) };
  }

  /** The chat heads' queries of a lane, as the worker runs them. */
  async function chatPlans(): Promise<{ dueHeads: string; nextDue: string }> {
    if (database === undefined) throw new Error("no database");
    const recording = recordingDb(database);
    const deliveries = new DeliveryStore(recording.db);
    const heads = await deliveries.dueHeads(webhookId, "2030-01-01T00:00:00.000Z", ["busy"], 8);
    // Both pending rows share the instance-level key: only the older is its chat's head.
    expect(heads.map((head) => head.eventSeq)).toEqual([DELIVERED + 1]);
    expect(await deliveries.nextDue(webhookId, [])).toBe(Date.parse("2026-01-01T00:00:00.000Z"));
    const [dueHeads, nextDue] = recording.queries();
    if (dueHeads === undefined || nextDue === undefined) throw new Error("queries not recorded");
    return { dueHeads: await planOf(database, dueHeads), nextDue: await planOf(database, nextDue) };
  }

  it("finds a lane's chat heads through the pending indexes, never a scan of the table", async ({
    skip,
  }) => {
    if (database === undefined) return skip();
    for (const round of ["fresh", "optimized"]) {
      if (round === "optimized" && dialect === "sqlite") {
        await sql`pragma optimize = 0x10002`.execute(database.db);
        await sql`analyze`.execute(database.db);
      }
      const { dueHeads, nextDue } = await chatPlans();
      // The candidates come off a pending index in order, each compared with its chat's
      // first pending row on the pending key index; no step reads finished rows.
      expect(dueHeads).toContain("webhook_deliveries_pending_head_idx");
      for (const plan of [dueHeads, nextDue]) {
        expect(plan).toContain("webhook_deliveries_pending_key_idx");
        expect(plan).not.toMatch(/Seq Scan|\bSCAN (d|first|webhook_deliveries)\b/);
      }
    }
  });

  it("finds a lane's head and the due webhooks through the pending indexes", async ({ skip }) => {
    if (database === undefined) return skip();
    const { head, due } = await plans();
    expect(head).toContain("webhook_deliveries_pending_head_idx");
    expect(due).toMatch(/webhook_deliveries_pending_\w+_idx/);
  });

  it("keeps those plans once SQLite has statistics (PRAGMA optimize)", async ({ skip }) => {
    if (database === undefined || dialect !== "sqlite") return skip();
    await sql`pragma optimize = 0x10002`.execute(database.db);
    await sql`analyze`.execute(database.db);
    const { head, due } = await plans();
    expect(head).toContain("webhook_deliveries_pending_head_idx");
    expect(due).toMatch(/webhook_deliveries_pending_\w+_idx/);
  });
});

/**
 * Statistics gathered while a webhook's deliveries were all delivered put its pending
 * rows at one: the chat head check must still be a seek by chat, never a walk of the
 * pending key index per candidate (PostgreSQL planned `not exists` so, 200 times slower
 * at 9,500 pending). Written and read in one transaction, so nothing analyzes between.
 */
describe.each(DIALECTS)(
  "a lane's chat heads on %s with statistics from before the backlog",
  (dialect) => {
    let database: TestDatabase | undefined;
    afterAll(async () => {
      await database?.dispose();
    });

    it("takes each chat's first pending delivery, seeking the key index by chat", async ({
      skip,
    }) => {
      database = await openTestDatabase(dialect);
      if (database === undefined) return skip();
      const db = database;
      const { webhookId, row } = await seedWebhookRows(db);
      const delivered = Array.from({ length: 50 }, (_, i) => row(i + 1, "delivered", `chat-${i}`));
      await db.db.insertInto("webhook_deliveries").values(delivered).execute();
      await sql`analyze webhook_deliveries`.execute(db.db);

      await db.db.transaction().execute(async (trx) => {
        if (dialect === "postgres") await sql`set local statement_timeout = '10s'`.execute(trx);
        const chats = 500;
        for (let start = 0; start < 9_500; start += 500) {
          const rows = Array.from({ length: 500 }, (_, i) =>
            row(1_000 + start + i, "pending", `chat-${(start + i) % chats}`),
          );
          await trx.insertInto("webhook_deliveries").values(rows).execute();
        }
        const recording = recordingDb({ ...db, db: trx });
        const heads = await new DeliveryStore(recording.db).dueHeads(
          webhookId,
          "2030-01-01T00:00:00.000Z",
          ["chat-0"],
          16,
        );
        // The first 16 chats' first rows, but for the busy one.
        expect(heads.map((head) => head.eventSeq)).toEqual(
          Array.from({ length: 16 }, (_, i) => 1_001 + i),
        );
        const [query] = recording.queries();
        if (query === undefined) throw new Error("query not recorded");
        expect(await planOf({ ...db, db: trx }, query)).toMatch(
          dialect === "sqlite"
            ? /SEARCH first USING (COVERING )?INDEX webhook_deliveries_pending_key_idx \(webhook_id=\? AND order_key=\?\)/
            : /Index Cond: \(\(webhook_id = d\.webhook_id\) AND \(order_key = d\.order_key\)\)/,
        );
      });
    }, 60_000);
  },
);

/** An instance with one webhook, and a maker of its delivery rows. */
async function seedWebhookRows(database: TestDatabase) {
  const { instanceId, webhookId } = await seedWebhook(database.db, "http://target.invalid/hook");
  const at = "2026-01-01T00:00:00.000Z";
  const row = (seq: number, status: "delivered" | "pending", orderKey = "") => ({
    id: randomUUID(),
    webhook_id: webhookId,
    instance_id: instanceId,
    event_seq: seq,
    order_key: orderKey,
    status,
    attempts: status === "pending" ? 0 : 1,
    next_attempt_at: at,
    created_at: at,
    updated_at: at,
  });
  return { webhookId, row };
}
