import { PostgresAdapter, sql, type Kysely, type Migration } from "kysely";

/**
 * The integration gateway's tables (src/bridge/bridge-schema.ts). Every Chatwoot id is
 * stored beside the scope it belongs to (`inbox_scope`: base URL, account and inbox),
 * because conversation, contact and message ids collide across accounts and
 * installations; a mapping is only ever read back within its own scope.
 */
export const bridgeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("bridge_integrations")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("instance_id", "text", (c) => c.notNull().unique())
      .addColumn("instance_name", "text", (c) => c.notNull())
      .addColumn("chatwoot_base_url", "text", (c) => c.notNull())
      .addColumn("chatwoot_account_id", "integer", (c) => c.notNull())
      .addColumn("chatwoot_token_sealed", "text", (c) => c.notNull())
      .addColumn("inbox_id", "integer", (c) => c.notNull())
      .addColumn("inbox_name", "text", (c) => c.notNull())
      .addColumn("inbox_scope", "text", (c) => c.notNull())
      .addColumn("webhook_secret_sealed", "text", (c) => c.notNull())
      .addColumn("signing_secret_sealed", "text")
      .addColumn("sign_messages", "integer", (c) => c.notNull())
      .addColumn("ignore_groups", "integer", (c) => c.notNull())
      .addColumn("start_as_pending", "integer", (c) => c.notNull())
      .addColumn("reopen_resolved", "integer", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("last_error", "text", (c) => c.notNull())
      .addColumn("stream_seq", "bigint")
      .addColumn("reconciled_until", "bigint", (c) => c.notNull())
      .addColumn("activated_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("bridge_contacts")
      .addColumn("integration_id", "text", (c) =>
        c.notNull().references("bridge_integrations.id").onDelete("cascade"),
      )
      .addColumn("inbox_scope", "text", (c) => c.notNull())
      .addColumn("contact_key", "text", (c) => c.notNull())
      .addColumn("chat_jid", "text", (c) => c.notNull())
      .addColumn("chatwoot_contact_id", "integer", (c) => c.notNull())
      .addColumn("source_id", "text", (c) => c.notNull())
      .addColumn("conversation_id", "integer")
      .addColumn("conversation_status", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("bridge_contacts_pk", [
        "integration_id",
        "inbox_scope",
        "contact_key",
      ])
      .execute();
    await db.schema
      .createIndex("bridge_contacts_conversation")
      .on("bridge_contacts")
      .columns(["integration_id", "inbox_scope", "conversation_id"])
      .execute();

    // Every known form of a person (phone, LID, group JID) points at one contact key.
    await db.schema
      .createTable("bridge_identities")
      .addColumn("integration_id", "text", (c) =>
        c.notNull().references("bridge_integrations.id").onDelete("cascade"),
      )
      .addColumn("alias", "text", (c) => c.notNull())
      .addColumn("contact_key", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("bridge_identities_pk", ["integration_id", "alias"])
      .execute();

    await db.schema
      .createTable("bridge_message_map")
      .addColumn("integration_id", "text", (c) =>
        c.notNull().references("bridge_integrations.id").onDelete("cascade"),
      )
      .addColumn("inbox_scope", "text", (c) => c.notNull())
      .addColumn("wa_message_id", "text", (c) => c.notNull())
      .addColumn("part", "integer", (c) => c.notNull())
      .addColumn("direction", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("chat_jid", "text", (c) => c.notNull())
      .addColumn("conversation_id", "integer", (c) => c.notNull())
      .addColumn("chatwoot_message_id", "integer")
      .addColumn("delivery_status", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("bridge_message_map_pk", [
        "integration_id",
        "inbox_scope",
        "wa_message_id",
        "part",
      ])
      .execute();
    // One WhatsApp id per Chatwoot message part: two racing reservations cannot both stand.
    await db.schema
      .createIndex("bridge_message_map_chatwoot")
      .unique()
      .on("bridge_message_map")
      .columns(["integration_id", "inbox_scope", "chatwoot_message_id", "part"])
      .execute();

    await db.schema
      .createTable("bridge_jobs")
      // The id orders jobs: assigned in insertion order on both dialects.
      .addColumn("id", "integer", (c) =>
        isPostgres(db)
          ? c.primaryKey().generatedByDefaultAsIdentity()
          : c.primaryKey().autoIncrement(),
      )
      .addColumn("integration_id", "text", (c) =>
        c.notNull().references("bridge_integrations.id").onDelete("cascade"),
      )
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("order_key", "text", (c) => c.notNull())
      .addColumn("dedupe_key", "text")
      .addColumn("payload", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
      .addColumn("locked_by", "text")
      .addColumn("locked_until", "bigint")
      .addColumn("last_error", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex("bridge_jobs_dedupe")
      .unique()
      .on("bridge_jobs")
      .columns(["integration_id", "dedupe_key"])
      .execute();
    // The claim walks only unfinished jobs, whatever number of finished ones accumulate.
    await db.schema
      .createIndex("bridge_jobs_open")
      .on("bridge_jobs")
      .columns(["integration_id", "order_key", "id"])
      .where(sql.ref("state"), "in", [sql.lit("pending"), sql.lit("running")])
      .execute();
    await db.schema
      .createIndex("bridge_jobs_due")
      .on("bridge_jobs")
      .columns(["next_attempt_at", "id"])
      .where(sql.ref("state"), "in", [sql.lit("pending"), sql.lit("running")])
      .execute();

    await db.schema
      .createTable("bridge_deliveries")
      .addColumn("integration_id", "text", (c) =>
        c.notNull().references("bridge_integrations.id").onDelete("cascade"),
      )
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("bridge_deliveries_pk", ["integration_id", "delivery_id"])
      .execute();
  },
};

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
