/** The only place with SQL for `chatwoot_integrations`. */
import type { Selectable } from "kysely";
import { integrationStatusSchema, type IntegrationStatus } from "../../contracts/bridge.js";
import type { SecretBox } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/database.js";
import { prepared } from "../../platform/db/prepared.js";
import type { Flag } from "../../platform/db/schema.js";
import type { ChatwootIntegrationsTable } from "../../platform/db/schema-chatwoot.js";
import type { IntegrationRecord, IntegrationSummary, LiveState } from "./chatwoot-model.js";

const flag = (value: boolean): Flag => (value ? 1 : 0);

/** Read by every request of the Chatwoot module: compiled once. */
const byInstance = prepared((db: Db, a: { instanceId: string }) =>
  db.selectFrom("chatwoot_integrations").selectAll().where("instance_id", "=", a.instanceId),
);

/** A stored status outside the known three can only come from a hand edit: show it as an error. */
const statusOf = (value: string): IntegrationStatus =>
  integrationStatusSchema.catch("error").parse(value);

export class ChatwootStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  async find(instanceId: string): Promise<IntegrationRecord | undefined> {
    const row = await byInstance.first(this.db, { instanceId });
    return row === undefined ? undefined : this.toRecord(row);
  }

  /** The summary columns only: the instance list must not open every sealed token. */
  async summary(instanceId: string): Promise<IntegrationSummary | undefined> {
    const row = await this.db
      .selectFrom("chatwoot_integrations")
      .select(["status", "chatwoot_inbox_id", "chatwoot_inbox_name"])
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      enabled: true,
      status: statusOf(row.status),
      inboxId: row.chatwoot_inbox_id,
      inboxName: row.chatwoot_inbox_name,
    };
  }

  /** The summaries of the account's integrated instances, by instance id. */
  async summariesOfAccount(accountId: string): Promise<Map<string, IntegrationSummary>> {
    const rows = await this.db
      .selectFrom("chatwoot_integrations")
      .innerJoin("instances", "instances.id", "chatwoot_integrations.instance_id")
      .select([
        "chatwoot_integrations.instance_id",
        "chatwoot_integrations.status",
        "chatwoot_integrations.chatwoot_inbox_id",
        "chatwoot_integrations.chatwoot_inbox_name",
      ])
      .where("instances.account_id", "=", accountId)
      .execute();
    return new Map(
      rows.map((row) => [
        row.instance_id,
        {
          enabled: true,
          status: statusOf(row.status),
          inboxId: row.chatwoot_inbox_id,
          inboxName: row.chatwoot_inbox_name,
        },
      ]),
    );
  }

  /**
   * Inserts the instance's integration or replaces its values; the row keeps its id and
   * `created_at` (Decision 5: a second set updates the same integration). The token is
   * sealed with a fresh nonce on every write.
   */
  async save(record: IntegrationRecord): Promise<void> {
    const values = {
      bridge_integration_id: record.bridgeIntegrationId,
      chatwoot_base_url: record.chatwootBaseUrl,
      chatwoot_account_id: record.chatwootAccountId,
      chatwoot_api_token_sealed: this.secrets.seal(record.chatwootApiToken),
      chatwoot_inbox_id: record.inboxId,
      chatwoot_inbox_name: record.inboxName,
      status: record.status,
      last_error: record.lastError,
      sign_messages: flag(record.signMessages),
      ignore_groups: flag(record.ignoreGroups),
      start_as_pending: flag(record.startAsPending),
      reopen_resolved: flag(record.reopenResolved),
      updated_at: record.updatedAt,
    };
    await this.db
      .insertInto("chatwoot_integrations")
      .values({
        id: record.id,
        instance_id: record.instanceId,
        created_at: record.createdAt,
        ...values,
      })
      .onConflict((conflict) => conflict.column("instance_id").doUpdateSet(values))
      .execute();
  }

  /**
   * Keeps the gateway's live status, and fills the inbox id while it is still 0. Only
   * touches the row when it still holds that integration, so a list that raced with a
   * new set or a delete changes nothing.
   */
  async recordLive(
    instanceId: string,
    bridgeIntegrationId: string,
    live: LiveState,
    at: string,
  ): Promise<void> {
    const base = this.db
      .updateTable("chatwoot_integrations")
      .where("instance_id", "=", instanceId)
      .where("bridge_integration_id", "=", bridgeIntegrationId);
    await base.set({ status: live.status, last_error: live.lastError, updated_at: at }).execute();
    if (live.inboxId > 0) {
      await base
        .set({ chatwoot_inbox_id: live.inboxId })
        .where("chatwoot_inbox_id", "=", 0)
        .execute();
    }
  }

  /** True when a row was removed. */
  async remove(instanceId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("chatwoot_integrations")
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  private toRecord(row: Selectable<ChatwootIntegrationsTable>): IntegrationRecord {
    return {
      id: row.id,
      instanceId: row.instance_id,
      bridgeIntegrationId: row.bridge_integration_id,
      chatwootBaseUrl: row.chatwoot_base_url,
      chatwootAccountId: row.chatwoot_account_id,
      chatwootApiToken: this.secrets.open(row.chatwoot_api_token_sealed),
      inboxId: row.chatwoot_inbox_id,
      inboxName: row.chatwoot_inbox_name,
      status: statusOf(row.status),
      lastError: row.last_error,
      signMessages: row.sign_messages === 1,
      ignoreGroups: row.ignore_groups === 1,
      startAsPending: row.start_as_pending === 1,
      reopenResolved: row.reopen_resolved === 1,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
