/**
 * Connection leases: at most one process holds an instance's WhatsApp connection. A
 * lease is renewed while held and may be taken over once it lapses (its holder died).
 */
import type { Db } from "../../platform/db/database.js";

export class LeaseStore {
  constructor(private readonly db: Db) {}

  /**
   * Takes or renews the lease; true when `owner` holds it afterwards. One conditional
   * upsert decides, so two processes racing for a lapsed lease cannot both win.
   */
  async acquire(instanceId: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    const expiresAt = now + ttlMs;
    await this.db
      .insertInto("connection_leases")
      .values({ instance_id: instanceId, owner_id: owner, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column("instance_id")
          .doUpdateSet({ owner_id: owner, expires_at: expiresAt })
          .where((eb) =>
            eb.or([
              eb("connection_leases.owner_id", "=", owner),
              eb("connection_leases.expires_at", "<", now),
            ]),
          ),
      )
      .execute();
    const row = await this.db
      .selectFrom("connection_leases")
      .select("owner_id")
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    return row?.owner_id === owner;
  }

  async release(instanceId: string, owner: string): Promise<void> {
    await this.db
      .deleteFrom("connection_leases")
      .where("instance_id", "=", instanceId)
      .where("owner_id", "=", owner)
      .execute();
  }

  /** The instances whose lease has lapsed or never existed, among those given. */
  async unheld(instanceIds: string[], now: number): Promise<string[]> {
    if (instanceIds.length === 0) return [];
    const live = await this.db
      .selectFrom("connection_leases")
      .select("instance_id")
      .where("instance_id", "in", instanceIds)
      .where("expires_at", ">=", now)
      .execute();
    const held = new Set(live.map((row) => row.instance_id));
    return instanceIds.filter((id) => !held.has(id));
  }
}
