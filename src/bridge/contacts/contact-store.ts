/**
 * The gateway's own contact table: a WhatsApp person (every form of their identity) ↔
 * the Chatwoot contact, its contact_inbox source_id and the current conversation. It is
 * why a warm message costs one Chatwoot call: nothing is searched per message.
 */
import type { Selectable } from "kysely";
import type { BridgeDb, BridgeContactsTable } from "../bridge-schema.js";
import { prepared } from "../../platform/db/prepared.js";
import type { MapScope } from "../message-map/message-map-store.js";

export type ContactRow = Selectable<BridgeContactsTable>;

/** Read for every inbound message: compiled once. */
const byKey = prepared((db: BridgeDb, a: MapScope & { contactKey: string }) =>
  db
    .selectFrom("bridge_contacts")
    .selectAll()
    .where("integration_id", "=", a.integrationId)
    .where("inbox_scope", "=", a.inboxScope)
    .where("contact_key", "=", a.contactKey),
);

export class ContactStore {
  constructor(private readonly db: BridgeDb) {}

  /**
   * The contact key of a person known by these aliases (`phone:…`, `lid:…`, `jid:…`):
   * the key any of them already points at, else the first alias. Every alias is then
   * recorded, so the LID and the phone number of one person share one key from now on.
   */
  async keyOf(integrationId: string, aliases: string[]): Promise<string> {
    const known = await this.db
      .selectFrom("bridge_identities")
      .select(["alias", "contact_key"])
      .where("integration_id", "=", integrationId)
      .where("alias", "in", aliases)
      .execute();
    const key = aliases
      .map((alias) => known.find((row) => row.alias === alias)?.contact_key)
      .find(Boolean);
    const chosen = key ?? aliases[0];
    if (chosen === undefined) throw new Error("a person needs at least one alias");
    const missing = aliases.filter((alias) => !known.some((row) => row.alias === alias));
    if (missing.length > 0) {
      await this.db
        .insertInto("bridge_identities")
        .values(
          missing.map((alias) => ({ integration_id: integrationId, alias, contact_key: chosen })),
        )
        .onConflict((oc) => oc.columns(["integration_id", "alias"]).doNothing())
        .execute();
    }
    return chosen;
  }

  async get(scope: MapScope, contactKey: string): Promise<ContactRow | undefined> {
    return byKey.first(this.db, { ...scope, contactKey });
  }

  async byConversation(scope: MapScope, conversationId: number): Promise<ContactRow | undefined> {
    return this.db
      .selectFrom("bridge_contacts")
      .selectAll()
      .where("integration_id", "=", scope.integrationId)
      .where("inbox_scope", "=", scope.inboxScope)
      .where("conversation_id", "=", conversationId)
      .executeTakeFirst();
  }

  async save(row: ContactRow): Promise<void> {
    const update = {
      chat_jid: row.chat_jid,
      chatwoot_contact_id: row.chatwoot_contact_id,
      source_id: row.source_id,
      conversation_id: row.conversation_id,
      conversation_status: row.conversation_status,
      updated_at: row.updated_at,
    };
    await this.db
      .insertInto("bridge_contacts")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["integration_id", "inbox_scope", "contact_key"]).doUpdateSet(update),
      )
      .execute();
  }

  /** Forgets the contact (deleted in Chatwoot): the next message takes the cold path. */
  async forget(scope: MapScope, contactKey: string): Promise<void> {
    await this.db
      .deleteFrom("bridge_contacts")
      .where("integration_id", "=", scope.integrationId)
      .where("inbox_scope", "=", scope.inboxScope)
      .where("contact_key", "=", contactKey)
      .execute();
  }

  async setConversationStatus(
    scope: MapScope,
    conversationId: number,
    status: string,
  ): Promise<void> {
    await this.db
      .updateTable("bridge_contacts")
      .set({ conversation_status: status })
      .where("integration_id", "=", scope.integrationId)
      .where("inbox_scope", "=", scope.inboxScope)
      .where("conversation_id", "=", conversationId)
      .execute();
  }
}
