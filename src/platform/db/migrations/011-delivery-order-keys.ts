import { sql, type Kysely, type Migration } from "kysely";

/**
 * Webhook deliveries are ordered per chat, not per webhook: each row carries its order
 * key (the event's chat JID, "" for instance-level events) and a webhook delivers
 * different keys in parallel. Pending rows take the key of their event; finished rows
 * keep "" (they are never ordered again; a replayed dead letter from before this
 * migration goes out in the instance-level order, which is still in `seq` order).
 *
 * A chat's head is the pending row with no older pending row of the same key, so the
 * new partial index holds pending rows by (webhook, key, seq). Its predicate is a
 * literal, like those of migration 005, for SQLite's planner to prove it applies.
 */
export const deliveryOrderKeysMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable("webhook_deliveries")
      .addColumn("order_key", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await sql`
      update webhook_deliveries
      set order_key = coalesce(
        (select e.chat_jid from events e
          where e.instance_id = webhook_deliveries.instance_id
            and e.seq = webhook_deliveries.event_seq),
        '')
      where status = 'pending'`.execute(db);
    await db.schema
      .createIndex("webhook_deliveries_pending_key_idx")
      .on("webhook_deliveries")
      .columns(["webhook_id", "order_key", "event_seq"])
      .where(sql.ref("status"), "=", sql.lit("pending"))
      .execute();
  },
};
