import { sql, type Kysely, type Migration } from "kysely";

/**
 * The index that retention reads (012, `state, updated_at`) covered every state, and on
 * SQLite without statistics the planner took it for the claim's `state in ('pending',
 * 'running')`: it then walked all open jobs and sorted them at each claim, 3–4 ms per
 * claim with a backlog of 2,000 (bench/job-claim.ts). Retention reads finished and
 * dead jobs only, so the index now holds only those, and the claim keeps its partial
 * indexes on open jobs, in their order.
 */
export const bridgeJobClaimPlanMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex("bridge_jobs_state_age").execute();
    await db.schema
      .createIndex("bridge_jobs_settled_age")
      .on("bridge_jobs")
      .columns(["state", "updated_at"])
      .where(sql.ref("state"), "in", [sql.lit("done"), sql.lit("cancelled"), sql.lit("dead")])
      .execute();
  },
};
