/**
 * Provider session state in the database, never in files: each item (the credentials,
 * each signal key) is one row, sealed with AES-256-GCM. Values are JSON text; the
 * provider chooses how to encode binary data into it.
 */
import type { Db } from "../platform/db/database.js";
import type { SecretBox } from "../platform/crypto.js";
import type { Clock } from "../platform/clock.js";

export interface SessionItem {
  category: string;
  id: string;
  /** JSON text, or null to delete the item. */
  value: string | null;
}

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async get(instanceId: string, category: string, ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (ids.length === 0) return found;
    const rows = await this.db
      .selectFrom("provider_session_items")
      .select(["item_id", "value_sealed"])
      .where("instance_id", "=", instanceId)
      .where("category", "=", category)
      .where("item_id", "in", ids)
      .execute();
    for (const row of rows) found.set(row.item_id, this.secrets.open(row.value_sealed));
    return found;
  }

  /** Writes and deletes items together, in one transaction. */
  async put(instanceId: string, items: SessionItem[]): Promise<void> {
    if (items.length === 0) return;
    const at = new Date(this.clock.now()).toISOString();
    await this.db.transaction().execute(async (tx) => {
      for (const item of items) {
        if (item.value === null) {
          await tx
            .deleteFrom("provider_session_items")
            .where("instance_id", "=", instanceId)
            .where("category", "=", item.category)
            .where("item_id", "=", item.id)
            .execute();
          continue;
        }
        const value_sealed = this.secrets.seal(item.value);
        await tx
          .insertInto("provider_session_items")
          .values({
            instance_id: instanceId,
            category: item.category,
            item_id: item.id,
            value_sealed,
            updated_at: at,
          })
          .onConflict((oc) =>
            oc
              .columns(["instance_id", "category", "item_id"])
              .doUpdateSet({ value_sealed, updated_at: at }),
          )
          .execute();
      }
    });
  }

  async has(instanceId: string, category: string, id: string): Promise<boolean> {
    return (await this.get(instanceId, category, [id])).has(id);
  }

  /** Wipes the whole session of an instance (logout, deletion). */
  async clear(instanceId: string): Promise<void> {
    await this.db
      .deleteFrom("provider_session_items")
      .where("instance_id", "=", instanceId)
      .execute();
  }
}
