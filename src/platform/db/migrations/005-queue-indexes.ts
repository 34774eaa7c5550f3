import { sql, type Kysely, type Migration } from "kysely";

/**
 * Partial indexes on the webhook queue's pending rows. Delivered and dead rows pile up
 * until retention removes them; an index over every row lets SQLite (which has no
 * statistics until ANALYZE) walk all of a webhook's finished rows to find its head.
 * Indexes that hold only pending rows stay as small as the queue itself on both
 * dialects. Queries must repeat the predicate literally (`status = 'pending'`), or
 * neither planner can prove the partial index applies.
 */
export const queueIndexesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // A lane's head: the oldest pending delivery of one webhook. The scan for due work
    // reads the same index (every pending row, grouped by webhook).
    await db.schema
      .createIndex("webhook_deliveries_pending_head_idx")
      .on("webhook_deliveries")
      .columns(["webhook_id", "event_seq"])
      .where(sql.ref("status"), "=", sql.lit("pending"))
      .execute();
    // Retention's question: does a pending delivery still need this event?
    await db.schema
      .createIndex("webhook_deliveries_pending_event_idx")
      .on("webhook_deliveries")
      .columns(["instance_id", "event_seq"])
      .where(sql.ref("status"), "=", sql.lit("pending"))
      .execute();
    // Finished rows, oldest first, for retention.
    await db.schema
      .createIndex("webhook_deliveries_finished_idx")
      .on("webhook_deliveries")
      .column("updated_at")
      .where(sql.ref("status"), "in", sql`('delivered', 'dead')`)
      .execute();
    // It indexed every finished row too; the pending head index serves the due scan.
    await db.schema.dropIndex("webhook_deliveries_due_idx").execute();
  },
};
