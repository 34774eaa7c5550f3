/**
 * The SQL of `GET /api/instance/list`: a fixed number of queries whatever the number of
 * instances (one for the page of instances, one to count them when paginated, one per
 * block table), each reading the whole account's rows at once. Secrets are not opened:
 * the list never shows a proxy password or an S3 secret.
 */
import type { Db } from "../../platform/db/database.js";
import type { InstanceRecord, InstanceSettings, ProxyConfig, S3Config } from "./instance-model.js";
import { toRecord } from "./instance-store.js";

export interface ListPage {
  limit: number;
  offset: number;
}

export interface ListedBlocks {
  settings: InstanceSettings;
  /** `password` is null: not opened. */
  proxy: ProxyConfig;
  /** `secretKey` is null: not opened. */
  s3: S3Config;
}

export class InstanceListStore {
  constructor(private readonly db: Db) {}

  /** The account's instances (of those names, when given), oldest first. */
  async instances(
    accountId: string,
    names: readonly string[] | undefined,
    page: ListPage | undefined,
  ): Promise<{ records: InstanceRecord[]; total: number | undefined }> {
    let query = this.db.selectFrom("instances").where("account_id", "=", accountId);
    if (names !== undefined) query = query.where("name", "in", names);
    let rows = query.selectAll().orderBy("created_at").orderBy("name").orderBy("id");
    if (page !== undefined) rows = rows.limit(page.limit).offset(page.offset);
    const records = (await rows.execute()).map(toRecord);
    if (page === undefined) return { records, total: undefined };
    const { count } = await query
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    // PostgreSQL counts as int8, which the pool parses to a number.
    return { records, total: count };
  }

  /** Settings, proxy and S3 of the account's instances, keyed by instance id. */
  async blocks(accountId: string): Promise<Map<string, ListedBlocks>> {
    const [settings, proxies, s3s] = await Promise.all([
      this.db
        .selectFrom("instance_settings")
        .innerJoin("instances", "instances.id", "instance_settings.instance_id")
        .selectAll("instance_settings")
        .where("instances.account_id", "=", accountId)
        .execute(),
      this.db
        .selectFrom("instance_proxies")
        .innerJoin("instances", "instances.id", "instance_proxies.instance_id")
        .selectAll("instance_proxies")
        .where("instances.account_id", "=", accountId)
        .execute(),
      this.db
        .selectFrom("instance_s3")
        .innerJoin("instances", "instances.id", "instance_s3.instance_id")
        .selectAll("instance_s3")
        .where("instances.account_id", "=", accountId)
        .execute(),
    ]);
    const proxyOf = new Map(proxies.map((row) => [row.instance_id, row]));
    const s3Of = new Map(s3s.map((row) => [row.instance_id, row]));
    const blocks = new Map<string, ListedBlocks>();
    for (const row of settings) {
      const proxy = proxyOf.get(row.instance_id);
      const s3 = s3Of.get(row.instance_id);
      blocks.set(row.instance_id, {
        settings: {
          autoRejectCalls: row.auto_reject_calls === 1,
          callRejectMessage: row.call_reject_message,
          ignoreGroupMessages: row.ignore_group_messages === 1,
          keepOnlineStatus: row.keep_online_status === 1,
          autoReadMessages: row.auto_read_messages === 1,
          disableHistorySync: row.disable_history_sync === 1,
          ignoreStatus: row.ignore_status === 1,
        },
        proxy: {
          enabled: proxy?.enabled === 1,
          host: proxy?.host ?? null,
          port: proxy?.port ?? null,
          protocol: (proxy?.protocol ?? null) as ProxyConfig["protocol"],
          username: proxy?.username ?? null,
          password: null,
        },
        s3: {
          enabled: s3?.enabled === 1,
          region: s3?.region ?? null,
          bucket: s3?.bucket ?? null,
          accessKey: s3?.access_key ?? null,
          secretKey: null,
          endpoint: s3?.endpoint ?? null,
          pathPrefix: s3?.path_prefix ?? null,
        },
      });
    }
    return blocks;
  }
}
