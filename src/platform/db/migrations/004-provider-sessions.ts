import type { Kysely, Migration } from "kysely";

/**
 * Provider session state (Baileys credentials and signal keys), one row per item,
 * sealed; and the leases that give one process at a time the right to connect an
 * instance.
 */
export const providerSessionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("provider_session_items")
      .addColumn("instance_id", "text", (c) =>
        c.notNull().references("instances.id").onDelete("cascade"),
      )
      .addColumn("category", "text", (c) => c.notNull())
      .addColumn("item_id", "text", (c) => c.notNull())
      .addColumn("value_sealed", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("provider_session_items_pk", ["instance_id", "category", "item_id"])
      .execute();

    await db.schema
      .createTable("connection_leases")
      .addColumn("instance_id", "text", (c) =>
        c.primaryKey().references("instances.id").onDelete("cascade"),
      )
      .addColumn("owner_id", "text", (c) => c.notNull())
      .addColumn("owner_url", "text")
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();
  },
};
