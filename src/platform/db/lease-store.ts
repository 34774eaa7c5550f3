/**
 * Leases: at most one process at a time holds a named right (an instance's WhatsApp
 * connection, the gateway's consumption of an instance's events, a webhook lane). A
 * lease is renewed while held and taken over once it lapses (its holder died or
 * stalled). Every role uses this one primitive over the `leases` table; a scope keeps
 * the kinds of right apart.
 */
import type { Kysely } from "kysely";

/** A process that may hold leases: its id, and where peers can reach it. */
export interface Owner {
  id: string;
  url?: string | undefined;
}

export interface LeasesTable {
  scope: string;
  /** What is leased within the scope, e.g. an instance id. */
  key: string;
  owner_id: string;
  /** Where the holder answers, so that others can forward to it. */
  owner_url: string | null;
  /** Unix milliseconds. */
  expires_at: number;
}

export interface LeasesSchema {
  leases: LeasesTable;
}

export class LeaseStore {
  constructor(
    private readonly db: Kysely<LeasesSchema>,
    private readonly scope: string,
  ) {}

  /**
   * Takes or renews the lease; true when `owner` holds it afterwards. One conditional
   * upsert decides, so two processes racing for a lapsed lease cannot both win.
   */
  async acquire(key: string, owner: Owner, now: number, ttlMs: number): Promise<boolean> {
    const row = { owner_id: owner.id, owner_url: owner.url ?? null, expires_at: now + ttlMs };
    await this.db
      .insertInto("leases")
      .values({ scope: this.scope, key, ...row })
      .onConflict((oc) =>
        oc
          .columns(["scope", "key"])
          .doUpdateSet(row)
          .where((eb) =>
            eb.or([eb("leases.owner_id", "=", owner.id), eb("leases.expires_at", "<", now)]),
          ),
      )
      .execute();
    const holder = await this.db
      .selectFrom("leases")
      .select("owner_id")
      .where("scope", "=", this.scope)
      .where("key", "=", key)
      .executeTakeFirst();
    return holder?.owner_id === owner.id;
  }

  /** The live holder, if any. */
  async holder(key: string, now: number): Promise<Owner | undefined> {
    const row = await this.db
      .selectFrom("leases")
      .select(["owner_id", "owner_url"])
      .where("scope", "=", this.scope)
      .where("key", "=", key)
      .where("expires_at", ">=", now)
      .executeTakeFirst();
    return row === undefined ? undefined : { id: row.owner_id, url: row.owner_url ?? undefined };
  }

  /** Gives the lease up, if `owner` still holds it. */
  async release(key: string, owner: string): Promise<void> {
    await this.db
      .deleteFrom("leases")
      .where("scope", "=", this.scope)
      .where("key", "=", key)
      .where("owner_id", "=", owner)
      .execute();
  }

  /** Forgets the lease whoever holds it (what it guarded is gone). */
  async forget(key: string): Promise<void> {
    await this.db
      .deleteFrom("leases")
      .where("scope", "=", this.scope)
      .where("key", "=", key)
      .execute();
  }

  /** The keys whose lease has lapsed or never existed, among those given. */
  async unheld(keys: string[], now: number): Promise<string[]> {
    if (keys.length === 0) return [];
    const live = await this.db
      .selectFrom("leases")
      .select("key")
      .where("scope", "=", this.scope)
      .where("key", "in", keys)
      .where("expires_at", ">=", now)
      .execute();
    const held = new Set(live.map((row) => row.key));
    return keys.filter((key) => !held.has(key));
  }
}
