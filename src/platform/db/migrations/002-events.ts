import type { Kysely, Migration } from "kysely";

/** The event log, webhook and WebSocket configuration, webhook deliveries. */
export const eventsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("event_sequences")
      .addColumn("instance_id", "text", (c) =>
        c.primaryKey().references("instances.id").onDelete("cascade"),
      )
      .addColumn("last_seq", "integer", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("events")
      .addColumn("instance_id", "text", (c) =>
        c.notNull().references("instances.id").onDelete("cascade"),
      )
      .addColumn("seq", "integer", (c) => c.notNull())
      .addColumn("event", "text", (c) => c.notNull())
      .addColumn("message_id", "text")
      .addColumn("target_id", "text")
      .addColumn("chat_jid", "text")
      .addColumn("from_me", "integer")
      .addColumn("data", "text", (c) => c.notNull())
      .addColumn("media_base64", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("events_pk", ["instance_id", "seq"])
      .execute();
    await db.schema
      .createIndex("events_message_idx")
      .on("events")
      .columns(["instance_id", "message_id"])
      .execute();
    await db.schema
      .createIndex("events_target_idx")
      .on("events")
      .columns(["instance_id", "target_id"])
      .execute();
    await db.schema
      .createIndex("events_chat_idx")
      .on("events")
      .columns(["instance_id", "chat_jid", "seq"])
      .execute();
    await db.schema.createIndex("events_created_idx").on("events").column("created_at").execute();

    await db.schema
      .createTable("webhook_configs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("instance_id", "text", (c) =>
        c.notNull().references("instances.id").onDelete("cascade"),
      )
      .addColumn("label", "text", (c) => c.notNull())
      .addColumn("enabled", "integer", (c) => c.notNull())
      .addColumn("url", "text")
      .addColumn("authorization_sealed", "text")
      .addColumn("by_events", "integer", (c) => c.notNull())
      .addColumn("events", "text", (c) => c.notNull())
      .addColumn("media_base64", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("lane_owner", "text")
      .addColumn("lane_until", "text")
      .addUniqueConstraint("webhook_configs_label_unique", ["instance_id", "label"])
      .execute();

    await db.schema
      .createTable("websocket_configs")
      .addColumn("instance_id", "text", (c) =>
        c.primaryKey().references("instances.id").onDelete("cascade"),
      )
      .addColumn("enabled", "integer", (c) => c.notNull())
      .addColumn("events", "text", (c) => c.notNull())
      .addColumn("media_base64", "integer", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("webhook_deliveries")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("webhook_id", "text", (c) =>
        c.notNull().references("webhook_configs.id").onDelete("cascade"),
      )
      .addColumn("instance_id", "text", (c) =>
        c.notNull().references("instances.id").onDelete("cascade"),
      )
      .addColumn("event_seq", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("next_attempt_at", "text", (c) => c.notNull())
      .addColumn("last_error", "text")
      .addColumn("last_status", "integer")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addUniqueConstraint("webhook_deliveries_event_unique", ["webhook_id", "event_seq"])
      .execute();
    await db.schema
      .createIndex("webhook_deliveries_due_idx")
      .on("webhook_deliveries")
      .columns(["status", "next_attempt_at"])
      .execute();
    await db.schema
      .createIndex("webhook_deliveries_instance_idx")
      .on("webhook_deliveries")
      .columns(["instance_id", "status"])
      .execute();
  },
};
