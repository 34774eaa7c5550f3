/**
 * The only place with SQL for webhook deliveries: the durable queue (one row per event
 * and webhook), the heads of its chats, and the dead-letter list.
 */
import { sql, type ExpressionBuilder } from "kysely";
import type { Db } from "../../../platform/db/database.js";
import type { Schema } from "../../../platform/db/schema.js";
import type { DeliveryStatus } from "../../../platform/db/schema-events.js";
import type { EventType } from "../../../contracts/events.js";

export interface Delivery {
  id: string;
  webhookId: string;
  instanceId: string;
  eventSeq: number;
  /** The chat (or "" for instance-level events) whose order this delivery keeps. */
  orderKey: string;
  attempts: number;
  nextAttemptAt: string;
}

const DELIVERY_COLUMNS = [
  "d.id",
  "d.webhook_id",
  "d.instance_id",
  "d.event_seq",
  "d.order_key",
  "d.attempts",
  "d.next_attempt_at",
] as const;

type DeliveryRow = {
  id: string;
  webhook_id: string;
  instance_id: string;
  event_seq: number;
  order_key: string;
  attempts: number;
  next_attempt_at: string;
};

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    instanceId: row.instance_id,
    eventSeq: row.event_seq,
    orderKey: row.order_key,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
  };
}

/**
 * No older pending delivery of the same webhook and key: `d` is its chat's head. Compared
 * with the key's first pending delivery, a scalar subquery on the partial index of
 * migration 011 (webhook, key, seq) that can only be a seek by key. As `not exists`,
 * PostgreSQL planned an anti-join that walked that index whole for every candidate when
 * its statistics were gathered before the backlog (test/events/queue-plans.test.ts).
 */
function isChatHead(eb: ExpressionBuilder<Schema & { d: Schema["webhook_deliveries"] }, "d">) {
  return eb(
    "d.event_seq",
    "<=",
    eb
      .selectFrom("webhook_deliveries as first")
      .select("first.event_seq")
      .whereRef("first.webhook_id", "=", "d.webhook_id")
      .whereRef("first.order_key", "=", "d.order_key")
      .where("first.status", "=", PENDING)
      .orderBy("first.event_seq")
      .limit(1),
  );
}

export interface DeadLetter {
  id: string;
  label: string;
  event: EventType | null;
  seq: number;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  failedAt: string | null;
}

export interface AttemptRecord {
  attempts: number;
  status: number | null;
  error: string | null;
  at: string;
}

/**
 * The pending predicate, as a literal: the partial indexes of migration 005 hold only
 * pending rows, and a planner uses them only when the query states the same predicate
 * (a bound parameter could be any status).
 */
export const PENDING = sql.lit<DeliveryStatus>("pending");

export class DeliveryStore {
  constructor(private readonly db: Db) {}

  /** The oldest pending delivery of a webhook, whatever its chat. */
  async head(webhookId: string): Promise<Delivery | undefined> {
    const row = await this.db
      .selectFrom("webhook_deliveries as d")
      .select(DELIVERY_COLUMNS)
      .where("d.webhook_id", "=", webhookId)
      .where("d.status", "=", PENDING)
      .orderBy("d.event_seq")
      .limit(1)
      .executeTakeFirst();
    return row === undefined ? undefined : toDelivery(row);
  }

  /**
   * Up to `limit` deliveries that may be attempted now, oldest first: each the head of
   * its chat (ordering), due, and of a chat not in `busy` (one in flight already). The
   * scan walks the webhook's pending rows in `seq` order on the pending head index and
   * skips the rows of chats that wait for an earlier delivery.
   */
  async dueHeads(
    webhookId: string,
    now: string,
    busy: readonly string[],
    limit: number,
  ): Promise<Delivery[]> {
    let query = this.db
      .selectFrom("webhook_deliveries as d")
      .select(DELIVERY_COLUMNS)
      .where("d.webhook_id", "=", webhookId)
      .where("d.status", "=", PENDING)
      .where("d.next_attempt_at", "<=", now)
      .where((eb) => isChatHead(eb));
    if (busy.length > 0) query = query.where("d.order_key", "not in", [...busy]);
    const rows = await query.orderBy("d.event_seq").limit(limit).execute();
    return rows.map(toDelivery);
  }

  /**
   * When the next chat head of the webhook outside `busy` falls due (a retry's time, or
   * a time already past), or undefined when no such chat has anything pending.
   */
  async nextDue(webhookId: string, busy: readonly string[]): Promise<number | undefined> {
    let query = this.db
      .selectFrom("webhook_deliveries as d")
      .select("d.next_attempt_at")
      .where("d.webhook_id", "=", webhookId)
      .where("d.status", "=", PENDING)
      .where((eb) => isChatHead(eb));
    if (busy.length > 0) query = query.where("d.order_key", "not in", [...busy]);
    const row = await query.orderBy("d.next_attempt_at").limit(1).executeTakeFirst();
    return row === undefined ? undefined : Date.parse(row.next_attempt_at);
  }

  /**
   * Enabled webhooks with a delivery due. Whether another process holds a webhook's lane
   * is the lease store's question (the worker asks it next).
   */
  async dueWebhooks(now: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom("webhook_deliveries")
      .innerJoin("webhook_configs", "webhook_configs.id", "webhook_deliveries.webhook_id")
      .select("webhook_deliveries.webhook_id")
      .distinct()
      .where("webhook_deliveries.status", "=", PENDING)
      .where("webhook_deliveries.next_attempt_at", "<=", now)
      .where("webhook_configs.enabled", "=", 1)
      .limit(limit)
      .execute();
    return rows.map((row) => row.webhook_id);
  }

  async markDelivered(id: string, record: AttemptRecord): Promise<void> {
    await this.finish(id, "delivered", record);
  }

  async markDead(id: string, record: AttemptRecord): Promise<void> {
    await this.finish(id, "dead", record);
  }

  async scheduleRetry(id: string, record: AttemptRecord, nextAttemptAt: string): Promise<void> {
    await this.db
      .updateTable("webhook_deliveries")
      .set({
        attempts: record.attempts,
        last_status: record.status,
        last_error: record.error,
        next_attempt_at: nextAttemptAt,
        updated_at: record.at,
      })
      .where("id", "=", id)
      .where("status", "=", "pending")
      .execute();
  }

  /** A disabled webhook receives nothing: its queue is dropped (dead letters stay). */
  async dropPending(webhookId: string): Promise<void> {
    await this.db
      .deleteFrom("webhook_deliveries")
      .where("webhook_id", "=", webhookId)
      .where("status", "=", PENDING)
      .execute();
  }

  async listDead(instanceId: string, webhookId?: string): Promise<DeadLetter[]> {
    let query = this.db
      .selectFrom("webhook_deliveries as d")
      .innerJoin("webhook_configs as w", "w.id", "d.webhook_id")
      .leftJoin("events as e", (join) =>
        join.onRef("e.instance_id", "=", "d.instance_id").onRef("e.seq", "=", "d.event_seq"),
      )
      .select([
        "d.id",
        "w.label",
        "e.event",
        "d.event_seq",
        "d.attempts",
        "d.last_status",
        "d.last_error",
        "d.created_at",
        "d.finished_at",
      ])
      .where("d.instance_id", "=", instanceId)
      .where("d.status", "=", "dead")
      .orderBy("w.label")
      .orderBy("d.event_seq");
    if (webhookId !== undefined) query = query.where("d.webhook_id", "=", webhookId);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      label: row.label,
      event: row.event as EventType | null,
      seq: row.event_seq,
      attempts: row.attempts,
      lastStatus: row.last_status,
      lastError: row.last_error,
      createdAt: row.created_at,
      failedAt: row.finished_at,
    }));
  }

  /**
   * Puts dead letters back in their webhooks' queues with fresh attempts. `ids` limits
   * it to those deliveries; returns the webhooks that have work again.
   */
  async requeue(
    instanceId: string,
    at: string,
    filter: { ids?: string[] | undefined; webhookId?: string | undefined },
  ): Promise<{ count: number; webhookIds: string[] }> {
    // One statement, no transaction: a transaction that read the dead letters first would
    // be refused its write on SQLite when another process (a gateway on the same file)
    // committed in between (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out).
    let update = this.db
      .updateTable("webhook_deliveries")
      .set({
        status: "pending",
        attempts: 0,
        next_attempt_at: at,
        updated_at: at,
        finished_at: null,
      })
      .where("instance_id", "=", instanceId)
      .where("status", "=", "dead");
    if (filter.ids !== undefined) update = update.where("id", "in", filter.ids);
    if (filter.webhookId !== undefined) update = update.where("webhook_id", "=", filter.webhookId);
    const rows = await update.returning(["id", "webhook_id"]).execute();
    return { count: rows.length, webhookIds: [...new Set(rows.map((row) => row.webhook_id))] };
  }

  private async finish(
    id: string,
    status: "delivered" | "dead",
    record: AttemptRecord,
  ): Promise<void> {
    await this.db
      .updateTable("webhook_deliveries")
      .set({
        status,
        attempts: record.attempts,
        last_status: record.status,
        last_error: record.error,
        updated_at: record.at,
        finished_at: record.at,
      })
      .where("id", "=", id)
      .execute();
  }
}
