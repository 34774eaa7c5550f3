/**
 * The message map: WhatsApp message id (and part) ↔ Chatwoot message, within one inbox
 * scope. It is how the gateway never doubles a message: an inbound message is created
 * in Chatwoot only when it has no row, and an agent's reply reserves its WhatsApp id
 * here before it is sent, so the send's echo is recognised and a retry reuses the id.
 */
import type { Selectable } from "kysely";
import { prepared } from "../../platform/db/prepared.js";
import type { BridgeDb, BridgeMessageMapTable } from "../bridge-schema.js";

export type MapEntry = Selectable<BridgeMessageMapTable>;

export interface MapScope {
  integrationId: string;
  inboxScope: string;
}

/** Read for every inbound message (is it relayed already?): compiled once. */
const byWhatsApp = prepared((db: BridgeDb, a: MapScope & { waMessageId: string; part: number }) =>
  db
    .selectFrom("bridge_message_map")
    .selectAll()
    .where("integration_id", "=", a.integrationId)
    .where("inbox_scope", "=", a.inboxScope)
    .where("wa_message_id", "=", a.waMessageId)
    .where("part", "=", a.part),
);

/** Written for every relayed message, in its commit: compiled once. */
const insert = prepared((db: BridgeDb, a: MapEntry) =>
  db
    .insertInto("bridge_message_map")
    .values({
      integration_id: a.integration_id,
      inbox_scope: a.inbox_scope,
      wa_message_id: a.wa_message_id,
      part: a.part,
      direction: a.direction,
      state: a.state,
      chat_jid: a.chat_jid,
      conversation_id: a.conversation_id,
      chatwoot_message_id: a.chatwoot_message_id,
      delivery_status: a.delivery_status,
      created_at: a.created_at,
    })
    // Either unique key (the WhatsApp id, or the Chatwoot message) keeps the first row.
    .onConflict((oc) => oc.doNothing()),
);

export class MessageMapStore {
  constructor(private readonly db: BridgeDb) {}

  async byWhatsApp(scope: MapScope, waMessageId: string, part = 0): Promise<MapEntry | undefined> {
    return byWhatsApp.first(this.db, { ...scope, waMessageId, part });
  }

  async byChatwoot(scope: MapScope, chatwootMessageId: number): Promise<MapEntry | undefined> {
    return this.db
      .selectFrom("bridge_message_map")
      .selectAll()
      .where("integration_id", "=", scope.integrationId)
      .where("inbox_scope", "=", scope.inboxScope)
      .where("chatwoot_message_id", "=", chatwootMessageId)
      .executeTakeFirst();
  }

  /** The highest Chatwoot message id known in a conversation (where reconciling resumes). */
  async lastChatwootId(scope: MapScope, conversationId: number): Promise<number | undefined> {
    const row = await this.db
      .selectFrom("bridge_message_map")
      .select((eb) => eb.fn.max<number | null>("chatwoot_message_id").as("id"))
      .where("integration_id", "=", scope.integrationId)
      .where("inbox_scope", "=", scope.inboxScope)
      .where("conversation_id", "=", conversationId)
      .executeTakeFirst();
    return row?.id ?? undefined;
  }

  /** Writes an entry; an existing one for the same WhatsApp id and part is kept. */
  async insert(entry: MapEntry): Promise<boolean> {
    const result = await insert.execute(this.db, entry);
    return Number(result.numAffectedRows ?? 0) === 1;
  }

  async setState(scope: MapScope, waMessageId: string, state: MapEntry["state"]): Promise<void> {
    await this.db
      .updateTable("bridge_message_map")
      .set({ state })
      .where("integration_id", "=", scope.integrationId)
      .where("inbox_scope", "=", scope.inboxScope)
      .where("wa_message_id", "=", waMessageId)
      .execute();
  }

  async setDeliveryStatus(scope: MapScope, waMessageId: string, status: string): Promise<void> {
    await this.db
      .updateTable("bridge_message_map")
      .set({ delivery_status: status })
      .where("integration_id", "=", scope.integrationId)
      .where("inbox_scope", "=", scope.inboxScope)
      .where("wa_message_id", "=", waMessageId)
      .execute();
  }
}
