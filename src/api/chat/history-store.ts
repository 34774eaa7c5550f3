/**
 * The SQL of the chat module's reads over the event log (which is also the message
 * store): a chat's messages, newest first, and dropping a chat's stored media.
 */
import type { Db } from "../../platform/db/database.js";
import type { ExchangeMessage, MessageExchangeData } from "../../contracts/events.js";

/** How many of a chat's newest log rows a history read looks through. */
const SCAN_LIMIT = 5_000;

export interface HistoryQuery {
  count: number;
  /** ISO bounds on the message's own timestamp, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export class ChatHistoryStore {
  constructor(private readonly db: Db) {}

  /**
   * The chat's messages (not reactions, edits, revokes or votes), newest first. The
   * bounds apply to the message's own time, which history sync can make older than the
   * row, so they are checked on the message itself.
   */
  async messagesOf(
    instanceId: string,
    chatJids: string[],
    query: HistoryQuery,
  ): Promise<ExchangeMessage[]> {
    if (chatJids.length === 0) return [];
    const rows = await this.db
      .selectFrom("events")
      .select(["data"])
      .where("instance_id", "=", instanceId)
      .where("event", "=", "message.exchange")
      .where("chat_jid", "in", chatJids)
      .where("target_id", "is", null)
      .orderBy("seq", "desc")
      .limit(SCAN_LIMIT)
      .execute();
    const from = query.from === undefined ? -Infinity : Date.parse(query.from);
    const to = query.to === undefined ? Infinity : Date.parse(query.to);
    const found: ExchangeMessage[] = [];
    for (const row of rows) {
      const message = (JSON.parse(row.data) as MessageExchangeData).message;
      const at = Date.parse(message.timestamp);
      if (at < from || at > to) continue;
      found.push(message);
      if (found.length === query.count) break;
    }
    return found.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  }

  /** Forgets the media bytes kept for the chat's messages; answers how many went. */
  async clearMedia(instanceId: string, chatJids: string[]): Promise<number> {
    if (chatJids.length === 0) return 0;
    const result = await this.db
      .updateTable("events")
      .set({ media_base64: null })
      .where("instance_id", "=", instanceId)
      .where("chat_jid", "in", chatJids)
      .where("media_base64", "is not", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
