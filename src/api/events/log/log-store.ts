/**
 * The only place with SQL for the event log. Each instance has its own sequence; an
 * event and the webhook deliveries it causes are written in one transaction, so an
 * event that is in the log is also queued for every webhook that wanted it.
 */
import { randomUUID } from "node:crypto";
import type { Selectable } from "kysely";
import type { Db } from "../../../platform/db/database.js";
import { prepared } from "../../../platform/db/prepared.js";
import type { EventsTable } from "../../../platform/db/schema-events.js";
import type { EventData, EventType } from "../../../contracts/events.js";

export interface LogEntry {
  event: EventType;
  data: EventData;
  messageId: string | null;
  targetId: string | null;
  chatJid: string | null;
  fromMe: boolean | null;
  mediaBase64: string | null;
}

export interface StoredEvent {
  instanceId: string;
  seq: number;
  event: EventType;
  data: EventData;
  hasMedia: boolean;
  /** Present when it was asked for and the event has media. */
  mediaBase64?: string;
  createdAt: string;
}

type Row = Omit<Selectable<EventsTable>, "media_base64"> & {
  media_base64?: string | null;
  has_media: number;
};

/** One event to append, with the webhooks it is queued for. */
export interface Append {
  entry: LogEntry;
  webhookIds: readonly string[];
  at: string;
}

/** Rows per insert statement: 10 parameters each, far under both dialects' caps. */
const INSERT_CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    out.push(rows.slice(start, start + INSERT_CHUNK));
  }
  return out;
}

/**
 * The order key of an event's webhook deliveries: its chat, so that one chat's events
 * reach a webhook in order while different chats go in parallel; instance-level events
 * (connection state, calls, labels) share the key "" and keep their own order.
 */
export function orderKeyOf(entry: Pick<LogEntry, "chatJid">): string {
  return entry.chatJid ?? "";
}

/** Moves an instance's counter on by `count`: once per batch of events, compiled once. */
const advance = prepared((db: Db, a: { instanceId: string; count: number }) =>
  db
    .insertInto("event_sequences")
    .values({ instance_id: a.instanceId, last_seq: a.count })
    .onConflict((oc) =>
      oc.column("instance_id").doUpdateSet((eb) => ({
        last_seq: eb("event_sequences.last_seq", "+", a.count),
      })),
    )
    .returning("last_seq"),
);

export class EventLogStore {
  constructor(private readonly db: Db) {}

  /** Appends the event and queues one delivery per webhook id; returns its sequence number. */
  async append(
    instanceId: string,
    entry: LogEntry,
    webhookIds: string[],
    at: string,
  ): Promise<number> {
    const [seq] = await this.appendAll(instanceId, [{ entry, webhookIds, at }]);
    if (seq === undefined) throw new Error("the event log assigned no sequence number");
    return seq;
  }

  /**
   * Appends events of one instance in their order, with their deliveries, in one
   * transaction (a group commit): the same few statements for one event or hundreds.
   * Returns their sequence numbers, consecutive.
   */
  async appendAll(instanceId: string, appends: readonly Append[]): Promise<number[]> {
    if (appends.length === 0) return [];
    return this.db.transaction().execute(async (tx) => {
      // The upsert takes the counter row's lock until commit, so sequence numbers of one
      // instance commit in order and a reader never sees seq N+1 before seq N.
      const { last_seq: last } = await advance.only(tx, { instanceId, count: appends.length });
      const first = last - appends.length + 1;
      const seqs = appends.map((_, index) => first + index);
      const events = appends.map(({ entry, at }, index) => ({
        instance_id: instanceId,
        seq: first + index,
        event: entry.event,
        message_id: entry.messageId,
        target_id: entry.targetId,
        chat_jid: entry.chatJid,
        from_me: entry.fromMe === null ? null : entry.fromMe ? (1 as const) : (0 as const),
        data: JSON.stringify(entry.data),
        media_base64: entry.mediaBase64,
        created_at: at,
      }));
      for (const rows of chunks(events)) await tx.insertInto("events").values(rows).execute();
      const deliveries = appends.flatMap(({ entry, webhookIds, at }, index) =>
        webhookIds.map((webhookId) => ({
          id: randomUUID(),
          webhook_id: webhookId,
          instance_id: instanceId,
          event_seq: first + index,
          order_key: orderKeyOf(entry),
          status: "pending" as const,
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
          updated_at: at,
        })),
      );
      for (const rows of chunks(deliveries)) {
        await tx.insertInto("webhook_deliveries").values(rows).execute();
      }
      return seqs;
    });
  }

  /** The last sequence number committed for the instance (0 before its first event). */
  async latestSeq(instanceId: string): Promise<number> {
    const row = await this.db
      .selectFrom("event_sequences")
      .select("last_seq")
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    return row?.last_seq ?? 0;
  }

  /** The oldest sequence number still in the log, or undefined when none is. */
  async oldestSeq(instanceId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom("events")
      .select((eb) => eb.fn.min<number | null>("seq").as("seq"))
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    return row?.seq ?? undefined;
  }

  /** Events after `afterSeq`, oldest first. */
  async readAfter(
    instanceId: string,
    afterSeq: number,
    limit: number,
    withMedia: boolean,
  ): Promise<StoredEvent[]> {
    const rows = await this.select(withMedia)
      .where("instance_id", "=", instanceId)
      .where("seq", ">", afterSeq)
      .orderBy("seq")
      .limit(limit)
      .execute();
    return rows.map(toStored);
  }

  async read(
    instanceId: string,
    seq: number,
    withMedia: boolean,
  ): Promise<StoredEvent | undefined> {
    const row = await this.select(withMedia)
      .where("instance_id", "=", instanceId)
      .where("seq", "=", seq)
      .executeTakeFirst();
    return row === undefined ? undefined : toStored(row);
  }

  /*
   * The look-ups by message id below order their few rows here rather than in SQL:
   * asked to `order by seq`, SQLite without statistics (a fresh database, until
   * `PRAGMA optimize` has run) walked the instance's whole log in primary-key order
   * instead of using the message index, so every send got slower as the log grew
   * (issue 11: 0.5 ms a look-up at 2,000 events, and it answers each send).
   */

  /** The first `message.exchange` of a message id: the stored message. */
  async findMessage(
    instanceId: string,
    messageId: string,
    withMedia = false,
  ): Promise<StoredEvent | undefined> {
    const rows = await this.select(withMedia)
      .where("instance_id", "=", instanceId)
      .where("event", "=", "message.exchange")
      .where("message_id", "=", messageId)
      .execute();
    const first = oldestFirst(rows)[0];
    return first === undefined ? undefined : toStored(first);
  }

  /** Every receipt of a message, oldest first. */
  async statusesOf(instanceId: string, messageId: string): Promise<StoredEvent[]> {
    const rows = await this.select(false)
      .where("instance_id", "=", instanceId)
      .where("event", "=", "message.status")
      .where("message_id", "=", messageId)
      .execute();
    return oldestFirst(rows).map(toStored);
  }

  /** Edits, reactions and revokes that act on a message, oldest first. */
  async actionsOn(instanceId: string, messageId: string): Promise<StoredEvent[]> {
    const rows = await this.select(false)
      .where("instance_id", "=", instanceId)
      .where("event", "=", "message.exchange")
      .where("target_id", "=", messageId)
      .execute();
    return oldestFirst(rows).map(toStored);
  }

  /** Instances of the account whose log holds the message id. */
  async ownersOf(accountId: string, messageId: string): Promise<string[]> {
    // Per instance, so the (instance_id, message_id) index answers it.
    const rows = await this.db
      .selectFrom("events")
      .select("instance_id")
      .distinct()
      .where("instance_id", "in", (eb) =>
        eb.selectFrom("instances").select("id").where("account_id", "=", accountId),
      )
      .where("message_id", "=", messageId)
      .where("event", "=", "message.exchange")
      .execute();
    return rows.map((row) => row.instance_id);
  }

  /** The latest incoming messages of a chat (newest first), for marking a chat read. */
  async incomingOfChat(instanceId: string, chatJid: string, limit: number): Promise<StoredEvent[]> {
    const rows = await this.select(false)
      .where("instance_id", "=", instanceId)
      .where("event", "=", "message.exchange")
      .where("chat_jid", "=", chatJid)
      .where("from_me", "=", 0)
      .orderBy("seq", "desc")
      .limit(limit)
      .execute();
    return rows.map(toStored);
  }

  private select(withMedia: boolean) {
    const base = this.db
      .selectFrom("events")
      .select([
        "instance_id",
        "seq",
        "event",
        "message_id",
        "target_id",
        "chat_jid",
        "from_me",
        "data",
        "created_at",
      ])
      .select((eb) =>
        eb.case().when("media_base64", "is", null).then(0).else(1).end().as("has_media"),
      );
    return withMedia ? base.select("media_base64") : base;
  }
}

/** The rows of one message id are few (a message, its receipts or actions). */
function oldestFirst<T extends { seq: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => a.seq - b.seq);
}

function toStored(row: Row): StoredEvent {
  const stored: StoredEvent = {
    instanceId: row.instance_id,
    seq: row.seq,
    event: row.event as EventType,
    data: JSON.parse(row.data) as EventData,
    hasMedia: row.has_media === 1,
    createdAt: row.created_at,
  };
  if (typeof row.media_base64 === "string") stored.mediaBase64 = row.media_base64;
  return stored;
}
