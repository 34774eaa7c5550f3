/**
 * The SQL of `GET /api/instance/list`: a fixed number of queries whatever the number of
 * instances (one for the page of instances with their blocks, one to count them when
 * paginated). Secrets are not opened: the list never shows a proxy password or an S3
 * secret.
 *
 * The instances and their settings, proxy and S3 rows are read in one joined query, and
 * only for the instances answered: four queries of the whole account's rows (the blocks
 * even for a page of ten) made the list's time on SQLite, where each row read is paid
 * for (issue 11).
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

export interface ListedInstance {
  record: InstanceRecord;
  blocks: ListedBlocks;
}

export class InstanceListStore {
  constructor(private readonly db: Db) {}

  /**
   * The account's instances (of those names, when given) with their blocks, oldest
   * first. An instance whose settings are not written yet (being created) is left out.
   */
  async instances(
    accountId: string,
    names: readonly string[] | undefined,
    page: ListPage | undefined,
  ): Promise<{ listed: ListedInstance[]; total: number | undefined }> {
    let matching = this.db.selectFrom("instances").where("account_id", "=", accountId);
    if (names !== undefined) matching = matching.where("name", "in", names);
    let rows = matching
      .innerJoin("instance_settings as st", "st.instance_id", "instances.id")
      .leftJoin("instance_proxies as px", "px.instance_id", "instances.id")
      .leftJoin("instance_s3 as s3", "s3.instance_id", "instances.id")
      .selectAll("instances")
      .select([
        "st.auto_reject_calls",
        "st.call_reject_message",
        "st.ignore_group_messages",
        "st.keep_online_status",
        "st.auto_read_messages",
        "st.disable_history_sync",
        "st.ignore_status",
        "px.enabled as proxy_enabled",
        "px.host as proxy_host",
        "px.port as proxy_port",
        "px.protocol as proxy_protocol",
        "px.username as proxy_username",
        "s3.enabled as s3_enabled",
        "s3.region as s3_region",
        "s3.bucket as s3_bucket",
        "s3.access_key as s3_access_key",
        "s3.endpoint as s3_endpoint",
        "s3.path_prefix as s3_path_prefix",
      ])
      .orderBy("instances.created_at")
      .orderBy("instances.name")
      .orderBy("instances.id");
    if (page !== undefined) rows = rows.limit(page.limit).offset(page.offset);
    const listed = (await rows.execute()).map((row) => ({
      record: toRecord(row),
      blocks: {
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
          enabled: row.proxy_enabled === 1,
          host: row.proxy_host ?? null,
          port: row.proxy_port ?? null,
          protocol: (row.proxy_protocol ?? null) as ProxyConfig["protocol"],
          username: row.proxy_username ?? null,
          password: null,
        },
        s3: {
          enabled: row.s3_enabled === 1,
          region: row.s3_region ?? null,
          bucket: row.s3_bucket ?? null,
          accessKey: row.s3_access_key ?? null,
          secretKey: null,
          endpoint: row.s3_endpoint ?? null,
          pathPrefix: row.s3_path_prefix ?? null,
        },
      },
    }));
    if (page === undefined) return { listed, total: undefined };
    const { count } = await matching
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    // PostgreSQL counts as int8, which the pool parses to a number.
    return { listed, total: count };
  }
}
