/** The only place with SQL for instances and their configuration blocks. */
import type { Selectable } from "kysely";
import type { Db } from "../../platform/db/database.js";
import { prepared } from "../../platform/db/prepared.js";
import type { Flag, InstancesTable } from "../../platform/db/schema.js";
import type { SecretBox } from "../../platform/crypto.js";
import type { ConnectionState, ProviderName } from "../../providers/provider.js";
import {
  EMPTY_PROXY,
  EMPTY_S3,
  type InstanceProfile,
  type InstanceRecord,
  type InstanceSettings,
  type ProxyConfig,
  type S3Config,
} from "./instance-model.js";

const flag = (value: boolean): Flag => (value ? 1 : 0);

/** Read by nearly every request of an instance's token: compiled once. */
const byId = prepared((db: Db, a: { id: string }) =>
  db.selectFrom("instances").selectAll().where("id", "=", a.id),
);

export interface NewInstance {
  record: InstanceRecord;
  tokenHash: string;
  settings: InstanceSettings;
  proxy: ProxyConfig;
  s3: S3Config;
}

export interface ConnectionUpdate {
  state: ConnectionState;
  numberJid?: string | null;
  profile?: InstanceProfile;
  hasSession?: boolean;
  presenceStatus?: string;
}

export class InstanceStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  /**
   * Inserts the instance unless the account is at its quota. A transaction alone is not
   * enough: at READ COMMITTED two PostgreSQL creations both count before either inserts.
   * So the transaction first writes the account row (a write that changes nothing): on
   * PostgreSQL that locks the row until commit, and on SQLite it takes the database's
   * write lock before the count is read (what BEGIN IMMEDIATE would do). Creations for
   * one account thus count one after the other, on any number of connections.
   */
  async create(instance: NewInstance, maxInstances: number): Promise<"created" | "quota"> {
    return this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable("accounts")
        .set((eb) => ({ max_instances: eb.ref("max_instances") }))
        .where("id", "=", instance.record.accountId)
        .execute();
      const { count } = await tx
        .selectFrom("instances")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("account_id", "=", instance.record.accountId)
        .executeTakeFirstOrThrow();
      // PostgreSQL counts as bigint text; the pool parses int8 to a number.
      if (count >= maxInstances) return "quota";
      const r = instance.record;
      await tx
        .insertInto("instances")
        .values({
          id: r.id,
          account_id: r.accountId,
          name: r.name,
          token_hash: instance.tokenHash,
          token_sealed: r.tokenSealed,
          provider: r.provider,
          connection_state: r.connectionState,
          presence_status: r.presenceStatus,
          number_jid: r.numberJid,
          profile_name: r.profile.name,
          profile_picture_url: r.profile.pictureUrl,
          is_business: flag(r.profile.isBusiness),
          business_name: r.profile.businessName,
          has_session: flag(r.hasSession),
          created_at: r.createdAt,
          updated_at: r.updatedAt,
        })
        .execute();
      await tx
        .insertInto("instance_settings")
        .values({ instance_id: r.id, ...settingsRow(instance.settings) })
        .execute();
      await tx
        .insertInto("instance_proxies")
        .values({ instance_id: r.id, ...this.proxyRow(instance.proxy) })
        .execute();
      await tx
        .insertInto("instance_s3")
        .values({ instance_id: r.id, ...this.s3Row(instance.s3) })
        .execute();
      return "created";
    });
  }

  async nameTaken(accountId: string, name: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("instances")
      .select("id")
      .where("account_id", "=", accountId)
      .where("name", "=", name)
      .executeTakeFirst();
    return row !== undefined;
  }

  async tokenTaken(tokenHash: string): Promise<boolean> {
    const inInstances = await this.db
      .selectFrom("instances")
      .select("id")
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    if (inInstances !== undefined) return true;
    const inAccounts = await this.db
      .selectFrom("accounts")
      .select("id")
      .where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    return inAccounts !== undefined;
  }

  async findByName(accountId: string, name: string): Promise<InstanceRecord | undefined> {
    const row = await this.db
      .selectFrom("instances")
      .selectAll()
      .where("account_id", "=", accountId)
      .where("name", "=", name)
      .executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async findById(id: string): Promise<InstanceRecord | undefined> {
    const row = await byId.first(this.db, { id });
    return row === undefined ? undefined : toRecord(row);
  }

  /** Every instance of that name, across accounts (service callers name instances so). */
  async findAllByName(name: string): Promise<InstanceRecord[]> {
    const rows = await this.db
      .selectFrom("instances")
      .selectAll()
      .where("name", "=", name)
      .execute();
    return rows.map(toRecord);
  }

  async listByAccount(accountId: string, names?: string[]): Promise<InstanceRecord[]> {
    let query = this.db
      .selectFrom("instances")
      .selectAll()
      .where("account_id", "=", accountId)
      .orderBy("created_at")
      .orderBy("name");
    if (names !== undefined) query = query.where("name", "in", names);
    const rows = await query.execute();
    return rows.map(toRecord);
  }

  /** Instances whose stored state says they should be connected (resumed at start). */
  async listResumable(): Promise<InstanceRecord[]> {
    const rows = await this.db
      .selectFrom("instances")
      .selectAll()
      .where("has_session", "=", 1)
      .where("connection_state", "in", ["connected", "connecting"])
      .execute();
    return rows.map(toRecord);
  }

  async updateConnection(id: string, update: ConnectionUpdate, at: string): Promise<void> {
    await this.db
      .updateTable("instances")
      .set({
        connection_state: update.state,
        updated_at: at,
        ...(update.numberJid !== undefined ? { number_jid: update.numberJid } : {}),
        ...(update.hasSession !== undefined ? { has_session: flag(update.hasSession) } : {}),
        ...(update.presenceStatus !== undefined ? { presence_status: update.presenceStatus } : {}),
        ...(update.profile !== undefined
          ? {
              profile_name: update.profile.name,
              profile_picture_url: update.profile.pictureUrl,
              is_business: flag(update.profile.isBusiness),
              business_name: update.profile.businessName,
            }
          : {}),
      })
      .where("id", "=", id)
      .execute();
  }

  /** Replaces the instance's token: the old one stops working at once. */
  async replaceToken(id: string, tokenHash: string, tokenSealed: string): Promise<boolean> {
    const result = await this.db
      .updateTable("instances")
      .set({ token_hash: tokenHash, token_sealed: tokenSealed })
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("instances").where("id", "=", id).execute();
  }

  async getSettings(id: string): Promise<InstanceSettings> {
    const row = await this.db
      .selectFrom("instance_settings")
      .selectAll()
      .where("instance_id", "=", id)
      .executeTakeFirstOrThrow();
    return {
      autoRejectCalls: row.auto_reject_calls === 1,
      callRejectMessage: row.call_reject_message,
      ignoreGroupMessages: row.ignore_group_messages === 1,
      keepOnlineStatus: row.keep_online_status === 1,
      autoReadMessages: row.auto_read_messages === 1,
      disableHistorySync: row.disable_history_sync === 1,
      ignoreStatus: row.ignore_status === 1,
    };
  }

  async putSettings(id: string, settings: InstanceSettings): Promise<void> {
    await this.db
      .updateTable("instance_settings")
      .set(settingsRow(settings))
      .where("instance_id", "=", id)
      .execute();
  }

  async getProxy(id: string): Promise<ProxyConfig> {
    const row = await this.db
      .selectFrom("instance_proxies")
      .selectAll()
      .where("instance_id", "=", id)
      .executeTakeFirst();
    if (row === undefined) return EMPTY_PROXY;
    return {
      enabled: row.enabled === 1,
      host: row.host,
      port: row.port,
      protocol: row.protocol as ProxyConfig["protocol"],
      username: row.username,
      password: this.secrets.openOptional(row.password_sealed),
    };
  }

  async putProxy(id: string, proxy: ProxyConfig): Promise<void> {
    await this.db
      .updateTable("instance_proxies")
      .set(this.proxyRow(proxy))
      .where("instance_id", "=", id)
      .execute();
  }

  async getS3(id: string): Promise<S3Config> {
    const row = await this.db
      .selectFrom("instance_s3")
      .selectAll()
      .where("instance_id", "=", id)
      .executeTakeFirst();
    if (row === undefined) return EMPTY_S3;
    return {
      enabled: row.enabled === 1,
      region: row.region,
      bucket: row.bucket,
      accessKey: row.access_key,
      secretKey: this.secrets.openOptional(row.secret_key_sealed),
      endpoint: row.endpoint,
      pathPrefix: row.path_prefix,
    };
  }

  async putS3(id: string, s3: S3Config): Promise<void> {
    await this.db
      .updateTable("instance_s3")
      .set(this.s3Row(s3))
      .where("instance_id", "=", id)
      .execute();
  }

  private proxyRow(proxy: ProxyConfig) {
    return {
      enabled: flag(proxy.enabled),
      host: proxy.host,
      port: proxy.port,
      protocol: proxy.protocol,
      username: proxy.username,
      password_sealed: this.secrets.sealOptional(proxy.password),
    };
  }

  private s3Row(s3: S3Config) {
    return {
      enabled: flag(s3.enabled),
      region: s3.region,
      bucket: s3.bucket,
      access_key: s3.accessKey,
      secret_key_sealed: this.secrets.sealOptional(s3.secretKey),
      endpoint: s3.endpoint,
      path_prefix: s3.pathPrefix,
    };
  }
}

function settingsRow(settings: InstanceSettings) {
  return {
    auto_reject_calls: flag(settings.autoRejectCalls),
    call_reject_message: settings.callRejectMessage,
    ignore_group_messages: flag(settings.ignoreGroupMessages),
    keep_online_status: flag(settings.keepOnlineStatus),
    auto_read_messages: flag(settings.autoReadMessages),
    disable_history_sync: flag(settings.disableHistorySync),
    ignore_status: flag(settings.ignoreStatus),
  };
}

export function toRecord(row: Selectable<InstancesTable>): InstanceRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    provider: row.provider as ProviderName,
    connectionState: row.connection_state as ConnectionState,
    presenceStatus: row.presence_status,
    numberJid: row.number_jid,
    profile: {
      name: row.profile_name,
      pictureUrl: row.profile_picture_url,
      isBusiness: row.is_business === 1,
      businessName: row.business_name,
    },
    hasSession: row.has_session === 1,
    tokenSealed: row.token_sealed,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
