import type { Kysely, Migration } from "kysely";

/**
 * One lease table for every kind of lease (src/platform/db/lease-store.ts). Connection
 * leases live only as long as their holder renews them (seconds), so the old table is
 * dropped rather than copied: a running holder simply takes its lease again.
 */
export const leasesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("leases")
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("owner_id", "text", (c) => c.notNull())
      .addColumn("owner_url", "text")
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("leases_pk", ["scope", "key"])
      .execute();
    await db.schema.dropTable("connection_leases").execute();
  },
};
