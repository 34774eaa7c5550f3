import type { Kysely, Migration } from "kysely";

/**
 * Retention walks old events in batches, in (created_at, instance_id, seq) order, each
 * batch starting after the last row the previous one looked at. Indexing the whole key
 * lets both dialects start a batch where the last one stopped instead of sorting every
 * old row again; it replaces the index on created_at alone.
 */
export const retentionIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex("events_retention_idx")
      .on("events")
      .columns(["created_at", "instance_id", "seq"])
      .execute();
    await db.schema.dropIndex("events_created_idx").execute();
  },
};
