/**
 * What the gateway's retention deletes: settled jobs past their time, and the Chatwoot
 * delivery ids seen long ago. Each call removes a bounded batch, so that JobRetention
 * can take a turn of the event loop between them.
 */
import type { BridgeDb } from "../bridge-schema.js";
import { SETTLED } from "./job-statements.js";

export class RetentionStore {
  constructor(private readonly db: BridgeDb) {}

  /**
   * Removes up to `limit` jobs last updated before `cutoff` (ISO): finished ones (done or
   * cancelled), or dead ones; returns how many.
   */
  async prune(which: "finished" | "dead", cutoff: string, limit: number): Promise<number> {
    const states = which === "finished" ? SETTLED.slice(0, 2) : SETTLED.slice(2);
    const result = await this.db
      .deleteFrom("bridge_jobs")
      .where(
        "id",
        "in",
        this.db
          .selectFrom("bridge_jobs")
          .select("id")
          .where("state", "in", SETTLED)
          .where("state", "in", states)
          .where("updated_at", "<", cutoff)
          .limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Forgets up to `limit` Chatwoot delivery ids received before `before` (epoch ms). */
  async pruneDeliveries(before: number, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom("bridge_deliveries")
      .where((eb) =>
        eb(
          eb.refTuple("integration_id", "delivery_id"),
          "in",
          eb
            .selectFrom("bridge_deliveries")
            .select(["integration_id", "delivery_id"])
            .where("received_at", "<", before)
            .limit(limit)
            .$asTuple("integration_id", "delivery_id"),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
