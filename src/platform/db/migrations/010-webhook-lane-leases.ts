import type { Kysely, Migration } from "kysely";

/**
 * Webhook lanes take their lease from the one lease table (scope `webhook-lane`,
 * src/platform/db/lease-store.ts) instead of columns of their own on the webhook row.
 * A lane lease lives only as long as its holder renews it (seconds), so nothing is
 * copied: a process still running the old code loses nothing either, its lane simply
 * ends and the queue scan starts it again under the new lease. Both columns are plain
 * (no index, no constraint), so SQLite (3.35 and later) drops them in place as
 * PostgreSQL does.
 */
export const webhookLaneLeasesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("webhook_configs").dropColumn("lane_owner").execute();
    await db.schema.alterTable("webhook_configs").dropColumn("lane_until").execute();
  },
};
