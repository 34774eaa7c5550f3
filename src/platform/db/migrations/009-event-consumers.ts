import type { Kysely, Migration } from "kysely";

/**
 * Registered consumers of an instance's event stream (the integration gateway) and the
 * last sequence number each has durably recorded: retention never prunes past it, so a
 * consumer that was away resumes without a gap.
 */
export const eventConsumersMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("event_consumers")
      .addColumn("instance_id", "text", (c) =>
        c.notNull().references("instances.id").onDelete("cascade"),
      )
      .addColumn("consumer", "text", (c) => c.notNull())
      .addColumn("acked_seq", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("event_consumers_pk", ["instance_id", "consumer"])
      .execute();
  },
};
