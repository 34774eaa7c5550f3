import type { Kysely, Migration } from "kysely";

/** Accounts, instances and the per-instance configuration blocks. */
export const coreMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("accounts")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("max_instances", "integer", (c) => c.notNull())
      .addColumn("allowed_origins", "text", (c) => c.notNull().defaultTo("[]"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("instances")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("account_id", "text", (c) =>
        c.notNull().references("accounts.id").onDelete("cascade"),
      )
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("token_hash", "text", (c) => c.notNull().unique())
      .addColumn("token_sealed", "text", (c) => c.notNull())
      .addColumn("provider", "text", (c) => c.notNull())
      .addColumn("connection_state", "text", (c) => c.notNull())
      .addColumn("presence_status", "text", (c) => c.notNull())
      .addColumn("number_jid", "text")
      .addColumn("profile_name", "text", (c) => c.notNull())
      .addColumn("profile_picture_url", "text", (c) => c.notNull())
      .addColumn("is_business", "integer", (c) => c.notNull())
      .addColumn("business_name", "text", (c) => c.notNull())
      .addColumn("has_session", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("instances_account_name_unique", ["account_id", "name"])
      .execute();

    await db.schema
      .createTable("instance_settings")
      .addColumn("instance_id", "text", (c) =>
        c.primaryKey().references("instances.id").onDelete("cascade"),
      )
      .addColumn("auto_reject_calls", "integer", (c) => c.notNull())
      .addColumn("call_reject_message", "text", (c) => c.notNull())
      .addColumn("ignore_group_messages", "integer", (c) => c.notNull())
      .addColumn("keep_online_status", "integer", (c) => c.notNull())
      .addColumn("auto_read_messages", "integer", (c) => c.notNull())
      .addColumn("disable_history_sync", "integer", (c) => c.notNull())
      .addColumn("ignore_status", "integer", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("instance_proxies")
      .addColumn("instance_id", "text", (c) =>
        c.primaryKey().references("instances.id").onDelete("cascade"),
      )
      .addColumn("enabled", "integer", (c) => c.notNull())
      .addColumn("host", "text")
      .addColumn("port", "text")
      .addColumn("protocol", "text")
      .addColumn("username", "text")
      .addColumn("password_sealed", "text")
      .execute();

    await db.schema
      .createTable("instance_s3")
      .addColumn("instance_id", "text", (c) =>
        c.primaryKey().references("instances.id").onDelete("cascade"),
      )
      .addColumn("enabled", "integer", (c) => c.notNull())
      .addColumn("region", "text")
      .addColumn("bucket", "text")
      .addColumn("access_key", "text")
      .addColumn("secret_key_sealed", "text")
      .addColumn("endpoint", "text")
      .addColumn("path_prefix", "text")
      .execute();
  },
};
