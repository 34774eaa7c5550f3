import type { Kysely, Migration } from "kysely";

/**
 * Indexes for reading the gateway's jobs by state (the claim has its partial indexes on
 * open jobs since 007): finished jobs pile up until the queue's retention removes them,
 * oldest first, and an integration's status and the operators' job list must not walk
 * them to find the few open or dead ones. Chatwoot delivery ids are forgotten oldest
 * first too.
 */
export const bridgeJobRetentionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Retention: a state's jobs, oldest first.
    await db.schema
      .createIndex("bridge_jobs_state_age")
      .on("bridge_jobs")
      .columns(["state", "updated_at"])
      .execute();
    // An integration's status (its open and dead jobs) and the operators' job list.
    await db.schema
      .createIndex("bridge_jobs_integration_state")
      .on("bridge_jobs")
      .columns(["integration_id", "state", "id"])
      .execute();
    await db.schema
      .createIndex("bridge_deliveries_received")
      .on("bridge_deliveries")
      .column("received_at")
      .execute();
  },
};
