/**
 * Migration 011 (delivery order keys) on a database that migration 010 left with
 * deliveries in it: each pending delivery takes its event's chat as its order key, an
 * instance-level event's delivery and every finished delivery keep "". On both dialects.
 */
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { EventLogStore } from "../../src/api/events/log/log-store.js";
import { openDatabase, type DialectName } from "../../src/platform/db/database.js";
import { message, seedWebhook } from "../events/support/delivery-workers.js";
import { DIALECTS, openTestDatabase } from "../support/databases.js";

const BEFORE = "010-webhook-lane-leases";

describe.each(DIALECTS)("migration 011 on %s", (dialect: DialectName) => {
  it("backfills pending deliveries' order keys from their events and leaves finished ones empty", async ({
    skip,
  }) => {
    const before = await openTestDatabase(dialect, BEFORE);
    if (before === undefined) return skip();
    try {
      const { instanceId, webhookId } = await seedWebhook(before.db, "http://127.0.0.1:9/hook");
      const log = new EventLogStore(before.db);
      const at = new Date().toISOString();
      const chatOf = (n: number) => `55119000000${n}@s.whatsapp.net`;
      const entries = [
        { ...message("551190000001", "a"), status: "pending" },
        { ...message("551190000002", "b"), status: "pending" },
        { ...message("551190000001", "c"), status: "delivered" },
        { ...message("551190000003", "d"), status: "dead" },
        { ...message("551190000000", "instance-level"), chatJid: null, status: "pending" },
      ];
      for (const [index, { status, ...entry }] of entries.entries()) {
        // 010's log writes no order key: rows go in as that version wrote them.
        const seq = await log.append(instanceId, entry, [], at);
        await sql`insert into webhook_deliveries
            (id, webhook_id, instance_id, event_seq, status, attempts, next_attempt_at,
             created_at, updated_at)
          values (${`d${index}`}, ${webhookId}, ${instanceId}, ${seq}, ${status}, 0, ${at},
                  ${at}, ${at})`.execute(before.db);
      }
      await before.close();

      const after = await openDatabase({ ...before.options, migrateUpTo: undefined });
      try {
        const rows = await after.db
          .selectFrom("webhook_deliveries")
          .select(["id", "order_key"])
          .orderBy("id")
          .execute();
        expect(rows).toEqual([
          { id: "d0", order_key: chatOf(1) },
          { id: "d1", order_key: chatOf(2) },
          { id: "d2", order_key: "" },
          { id: "d3", order_key: "" },
          { id: "d4", order_key: "" },
        ]);
      } finally {
        await after.close();
      }
    } finally {
      await before.dispose();
    }
  });
});
