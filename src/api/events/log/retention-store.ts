/**
 * The SQL of event log retention and of an instance's clean-up, one bounded batch per
 * call, so that the caller can yield to the event loop between batches: on SQLite's
 * synchronous driver one unbounded DELETE of a busy log holds the process for seconds.
 */
import { sql } from "kysely";
import type { Db } from "../../../platform/db/database.js";
import type { DeliveryStatus } from "../../../platform/db/schema-events.js";
import { PENDING } from "../webhooks/delivery-store.js";

/** Finished deliveries, as the literal list the partial index of migration 005 states. */
const FINISHED = sql<DeliveryStatus>`('delivered', 'dead')`;

/** Where a pass over old events stopped: the last row it looked at, in index order. */
export interface PruneCursor {
  createdAt: string;
  instanceId: string;
  seq: number;
}

export interface PruneBatch {
  removed: number;
  /** Undefined once no older event is left to look at. */
  next: PruneCursor | undefined;
}

export class RetentionStore {
  constructor(private readonly db: Db) {}

  /** Removes up to `limit` finished deliveries last touched before `cutoff`. */
  async pruneFinishedDeliveries(cutoff: string, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom("webhook_deliveries")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("webhook_deliveries")
          .select("id")
          .where("status", "in", FINISHED)
          .where("updated_at", "<", cutoff)
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Looks at the next `limit` events created before `cutoff` (after `after`) and removes
   * those that neither a pending webhook delivery nor a registered consumer still needs.
   * Kept events are stepped over rather than looked at again by every later batch.
   */
  async pruneEvents(cutoff: string, limit: number, after?: PruneCursor): Promise<PruneBatch> {
    let candidates = this.db
      .selectFrom("events")
      .select(["created_at", "instance_id", "seq"])
      .where("created_at", "<", cutoff);
    if (after !== undefined) {
      candidates = candidates.where((eb) =>
        eb(
          eb.refTuple("created_at", "instance_id", "seq"),
          ">",
          eb.tuple(after.createdAt, after.instanceId, after.seq),
        ),
      );
    }
    const rows = await candidates
      .orderBy("created_at")
      .orderBy("instance_id")
      .orderBy("seq")
      .limit(limit)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) return { removed: 0, next: undefined };
    const byInstance = new Map<string, number[]>();
    for (const row of rows) {
      const seqs = byInstance.get(row.instance_id) ?? [];
      seqs.push(row.seq);
      byInstance.set(row.instance_id, seqs);
    }
    let removed = 0;
    for (const [instanceId, seqs] of byInstance) {
      removed += await this.removeUnneeded(instanceId, seqs);
    }
    const next =
      rows.length < limit
        ? undefined
        : { createdAt: last.created_at, instanceId: last.instance_id, seq: last.seq };
    return { removed, next };
  }

  /**
   * Removes up to `limit` of an instance's webhook deliveries, or once none is left up
   * to `limit` of its events; returns how many rows went (0: nothing left of either).
   */
  async purgeInstance(instanceId: string, limit: number): Promise<number> {
    const deliveries = await this.db
      .deleteFrom("webhook_deliveries")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("webhook_deliveries")
          .select("id")
          .where("instance_id", "=", instanceId)
          .limit(limit),
      )
      .executeTakeFirst();
    if (deliveries.numDeletedRows > 0n) return Number(deliveries.numDeletedRows);
    const events = await this.db
      .deleteFrom("events")
      .where("instance_id", "=", instanceId)
      .where("seq", "in", (eb) =>
        eb
          .selectFrom("events")
          .select("seq")
          .where("instance_id", "=", instanceId)
          .orderBy("seq")
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(events.numDeletedRows);
  }

  /**
   * Deletes the given events of one instance unless a pending delivery still needs them
   * or a registered consumer has not yet recorded them (checked again here, not only when
   * the batch was chosen, so an ack or a requeue in between is honoured).
   */
  private async removeUnneeded(instanceId: string, seqs: number[]): Promise<number> {
    const result = await this.db
      .deleteFrom("events")
      .where("instance_id", "=", instanceId)
      .where("seq", "in", seqs)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("webhook_deliveries")
              .select("webhook_deliveries.id")
              .whereRef("webhook_deliveries.instance_id", "=", "events.instance_id")
              .whereRef("webhook_deliveries.event_seq", "=", "events.seq")
              .where("webhook_deliveries.status", "=", PENDING),
          ),
        ),
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("event_consumers")
              .select("event_consumers.consumer")
              .whereRef("event_consumers.instance_id", "=", "events.instance_id")
              .whereRef("event_consumers.acked_seq", "<", "events.seq"),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
