/** The only place with SQL for `bridge_integrations`; secrets are sealed at rest. */
import type { Selectable } from "kysely";
import type { SecretBox } from "../../platform/crypto.js";
import type { IntegrationStatus } from "../../contracts/bridge.js";
import type { BridgeDb, BridgeIntegrationsTable } from "../bridge-schema.js";
import type { Integration } from "./integration-model.js";
import { prepared } from "../../platform/db/prepared.js";
import { SharedReads } from "../../platform/db/shared-reads.js";

type Row = Selectable<BridgeIntegrationsTable>;

/** Read for every job and every Chatwoot webhook: compiled once. */
const byId = prepared((db: BridgeDb, a: { id: string }) =>
  db.selectFrom("bridge_integrations").selectAll().where("id", "=", a.id),
);

export class IntegrationStore {
  private readonly reads = new SharedReads<string, Integration | undefined>();

  constructor(
    private readonly db: BridgeDb,
    private readonly secrets: SecretBox,
  ) {}

  /** Inserts a new integration; false when the instance already has one (a racing activation). */
  async insert(integration: Integration): Promise<boolean> {
    const result = await this.db
      .insertInto("bridge_integrations")
      .values(this.toRow(integration))
      .onConflict((oc) => oc.column("instance_id").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async update(integration: Integration): Promise<void> {
    const { id, ...row } = this.toRow(integration);
    await this.db.updateTable("bridge_integrations").set(row).where("id", "=", id).execute();
  }

  /**
   * The integration, read for this caller alone, or, given the mark at which the caller
   * began (`since`, see shared-reads.ts), from a reading in flight that began after it:
   * a burst's jobs, claimed together, share one statement.
   */
  get(id: string, since?: number): Promise<Integration | undefined> {
    return this.reads.read(id, since, async () => {
      const row = await byId.first(this.db, { id });
      return row === undefined ? undefined : this.fromRow(row);
    });
  }

  async byInstance(instanceId: string): Promise<Integration | undefined> {
    const row = await this.db
      .selectFrom("bridge_integrations")
      .selectAll()
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    return row === undefined ? undefined : this.fromRow(row);
  }

  async all(): Promise<Integration[]> {
    const rows = await this.db
      .selectFrom("bridge_integrations")
      .selectAll()
      .orderBy("id")
      .execute();
    return rows.map((row) => this.fromRow(row));
  }

  async setStatus(
    id: string,
    status: IntegrationStatus,
    lastError: string,
    at: string,
  ): Promise<void> {
    await this.db
      .updateTable("bridge_integrations")
      .set({ status, last_error: lastError, updated_at: at })
      .where("id", "=", id)
      .execute();
  }

  /**
   * A write that changes nothing, first in a transaction that reads before it writes: on
   * SQLite it takes the database's write lock at once (what BEGIN IMMEDIATE does), so a
   * commit by another process in between cannot refuse the transaction's later writes
   * (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out); on PostgreSQL it holds the
   * integration's row until commit.
   */
  async holdForWrite(id: string): Promise<void> {
    await this.db
      .updateTable("bridge_integrations")
      .set((eb) => ({ stream_seq: eb.ref("stream_seq") }))
      .where("id", "=", id)
      .execute();
  }

  /** Moves the stream cursor forward only (a late writer never moves it back). */
  async advanceStream(id: string, seq: number): Promise<void> {
    await this.db
      .updateTable("bridge_integrations")
      .set({ stream_seq: seq })
      .where("id", "=", id)
      .where((eb) => eb.or([eb("stream_seq", "is", null), eb("stream_seq", "<", seq)]))
      .execute();
  }

  async setReconciled(id: string, until: number): Promise<void> {
    await this.db
      .updateTable("bridge_integrations")
      .set({ reconciled_until: until })
      .where("id", "=", id)
      .execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("bridge_integrations")
      .where("id", "=", id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  private toRow(i: Integration): Row {
    return {
      id: i.id,
      instance_id: i.instanceId,
      instance_name: i.instanceName,
      chatwoot_base_url: i.chatwoot.baseUrl,
      chatwoot_account_id: i.chatwoot.accountId,
      chatwoot_token_sealed: this.secrets.seal(i.chatwoot.token),
      inbox_id: i.inboxId,
      inbox_name: i.inboxName,
      inbox_scope: i.inboxScope,
      webhook_secret_sealed: this.secrets.seal(i.webhookSecret),
      signing_secret_sealed: i.signingSecret === null ? null : this.secrets.seal(i.signingSecret),
      sign_messages: i.flags.signMessages ? 1 : 0,
      ignore_groups: i.flags.ignoreGroups ? 1 : 0,
      start_as_pending: i.flags.startAsPending ? 1 : 0,
      reopen_resolved: i.flags.reopenResolved ? 1 : 0,
      status: i.status,
      last_error: i.lastError,
      stream_seq: i.streamSeq,
      reconciled_until: i.reconciledUntil,
      activated_at: i.activatedAt,
      updated_at: i.updatedAt,
    };
  }

  private fromRow(row: Row): Integration {
    return {
      id: row.id,
      instanceId: row.instance_id,
      instanceName: row.instance_name,
      chatwoot: {
        baseUrl: row.chatwoot_base_url,
        accountId: row.chatwoot_account_id,
        token: this.secrets.open(row.chatwoot_token_sealed),
      },
      inboxId: row.inbox_id,
      inboxName: row.inbox_name,
      inboxScope: row.inbox_scope,
      webhookSecret: this.secrets.open(row.webhook_secret_sealed),
      signingSecret:
        row.signing_secret_sealed === null ? null : this.secrets.open(row.signing_secret_sealed),
      flags: {
        signMessages: row.sign_messages === 1,
        ignoreGroups: row.ignore_groups === 1,
        startAsPending: row.start_as_pending === 1,
        reopenResolved: row.reopen_resolved === 1,
      },
      status: row.status as IntegrationStatus,
      lastError: row.last_error,
      streamSeq: row.stream_seq,
      reconciledUntil: row.reconciled_until,
      activatedAt: row.activated_at,
      updatedAt: row.updated_at,
    };
  }
}
