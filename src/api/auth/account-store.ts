import type { Db } from "../../platform/db/database.js";

export interface AccountRecord {
  id: string;
  name: string;
  maxInstances: number;
  createdAt: string;
}

export interface TokenOwner {
  kind: "account" | "instance";
  accountId: string;
  instanceId?: string;
  instanceName?: string;
}

/** Accounts and the token look-ups authentication needs. */
export class AccountStore {
  constructor(private readonly db: Db) {}

  async create(account: AccountRecord, tokenHash: string): Promise<void> {
    await this.db
      .insertInto("accounts")
      .values({
        id: account.id,
        name: account.name,
        token_hash: tokenHash,
        max_instances: account.maxInstances,
        created_at: account.createdAt,
      })
      .execute();
  }

  async list(): Promise<AccountRecord[]> {
    const rows = await this.db.selectFrom("accounts").selectAll().orderBy("created_at").execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      maxInstances: row.max_instances,
      createdAt: row.created_at,
    }));
  }

  async findById(id: string): Promise<AccountRecord | undefined> {
    const row = await this.db
      .selectFrom("accounts")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : { id: row.id, name: row.name, maxInstances: row.max_instances, createdAt: row.created_at };
  }

  async origins(accountId: string): Promise<string[]> {
    const row = await this.db
      .selectFrom("accounts")
      .select("allowed_origins")
      .where("id", "=", accountId)
      .executeTakeFirst();
    return row === undefined ? [] : parseOrigins(row.allowed_origins);
  }

  /** Every origin any account allows (the CORS layer answers preflights from it). */
  async allOrigins(): Promise<string[]> {
    const rows = await this.db.selectFrom("accounts").select("allowed_origins").execute();
    return rows.flatMap((row) => parseOrigins(row.allowed_origins));
  }

  async setOrigins(accountId: string, origins: string[]): Promise<boolean> {
    const result = await this.db
      .updateTable("accounts")
      .set({ allowed_origins: JSON.stringify(origins) })
      .where("id", "=", accountId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Replaces the account's token hash: the old token stops working at once. */
  async replaceTokenHash(accountId: string, tokenHash: string): Promise<boolean> {
    const result = await this.db
      .updateTable("accounts")
      .set({ token_hash: tokenHash })
      .where("id", "=", accountId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Deletes the account; its instances and their rows go with it (foreign keys cascade). */
  async delete(accountId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("accounts")
      .where("id", "=", accountId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The account or instance a token hash belongs to, if any. */
  async findTokenOwner(tokenHash: string): Promise<TokenOwner | undefined> {
    const account = await this.db
      .selectFrom("accounts")
      .select("id")
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    if (account !== undefined) return { kind: "account", accountId: account.id };
    const instance = await this.db
      .selectFrom("instances")
      .select(["id", "account_id", "name"])
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    if (instance === undefined) return undefined;
    return {
      kind: "instance",
      accountId: instance.account_id,
      instanceId: instance.id,
      instanceName: instance.name,
    };
  }
}

function parseOrigins(json: string): string[] {
  const value = JSON.parse(json) as unknown;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
