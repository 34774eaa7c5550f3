import type { Kysely, Migration } from "kysely";

/** The API's `chatwoot_integrations` rows (one per instance). */
export const chatwootMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("chatwoot_integrations")
      .addColumn("id", "text", (c) => c.primaryKey())
      // One integration per instance: set, list and delete address it by instance alone.
      .addColumn("instance_id", "text", (c) =>
        c.notNull().unique().references("instances.id").onDelete("cascade"),
      )
      .addColumn("bridge_integration_id", "text", (c) => c.notNull())
      .addColumn("chatwoot_base_url", "text", (c) => c.notNull())
      .addColumn("chatwoot_account_id", "integer", (c) => c.notNull())
      .addColumn("chatwoot_api_token_sealed", "text", (c) => c.notNull())
      .addColumn("chatwoot_inbox_id", "integer", (c) => c.notNull())
      .addColumn("chatwoot_inbox_name", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("last_error", "text", (c) => c.notNull())
      .addColumn("sign_messages", "integer", (c) => c.notNull())
      .addColumn("ignore_groups", "integer", (c) => c.notNull())
      .addColumn("start_as_pending", "integer", (c) => c.notNull())
      .addColumn("reopen_resolved", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
};
