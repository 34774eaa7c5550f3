/**
 * Connection leases: at most one process holds an instance's WhatsApp connection. A
 * lease is renewed while held and may be taken over once it lapses (its holder died).
 */
import type { Db } from "../../platform/db/database.js";

/** A process that may hold leases: its id, and where peers can reach its API. */
export interface Owner {
  id: string;
  url?: string | undefined;
}

export class LeaseStore {
  constructor(private readonly db: Db) {}

  /**
   * Takes or renews the lease; true when `owner` holds it afterwards. One conditional
   * upsert decides, so two processes racing for a lapsed lease cannot both win.
   */
  async acquire(instanceId: string, owner: Owner, now: number, ttlMs: number): Promise<boolean> {
    const expiresAt = now + ttlMs;
    const row = { owner_id: owner.id, owner_url: owner.url ?? null, expires_at: expiresAt };
    await this.db
      .insertInto("connection_leases")
      .values({ instance_id: instanceId, ...row })
      .onConflict((oc) =>
        oc
          .column("instance_id")
          .doUpdateSet(row)
          .where((eb) =>
            eb.or([
              eb("connection_leases.owner_id", "=", owner.id),
              eb("connection_leases.expires_at", "<", now),
            ]),
          ),
      )
      .execute();
    const holder = await this.db
      .selectFrom("connection_leases")
      .select("owner_id")
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    return holder?.owner_id === owner.id;
  }

  /** The live holder of an instance's connection, if any. */
  async holder(instanceId: string, now: number): Promise<Owner | undefined> {
    const row = await this.db
      .selectFrom("connection_leases")
      .select(["owner_id", "owner_url"])
      .where("instance_id", "=", instanceId)
      .where("expires_at", ">=", now)
      .executeTakeFirst();
    return row === undefined ? undefined : { id: row.owner_id, url: row.owner_url ?? undefined };
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
