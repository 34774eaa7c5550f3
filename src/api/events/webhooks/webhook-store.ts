/** The only place with SQL for webhook configurations. */
import { randomUUID } from "node:crypto";
import { sql, type Selectable } from "kysely";
import type { Db } from "../../../platform/db/database.js";
import { prepared } from "../../../platform/db/prepared.js";
import type { SecretBox } from "../../../platform/crypto.js";
import type { WebhookConfigsTable } from "../../../platform/db/schema-events.js";
import type { EventType } from "../../../contracts/events.js";

export interface WebhookConfig {
  id: string;
  instanceId: string;
  label: string;
  enabled: boolean;
  url: string | null;
  /** Plaintext; when the stored value cannot be opened (key rotated), the sealed text. */
  authorization: string | null;
  /** False when `authorization` is the sealed text because it could not be opened. */
  authorizationReadable: boolean;
  byEvents: boolean;
  events: EventType[];
  mediaBase64: boolean;
}

export type WebhookInput = Omit<WebhookConfig, "id" | "instanceId" | "authorizationReadable">;

/** Read for every batch of events recorded: compiled once. */
const enabled = prepared((db: Db, a: { instanceId: string }) =>
  db
    .selectFrom("webhook_configs")
    .select(["id", "events"])
    .where("instance_id", "=", a.instanceId)
    .where("enabled", "=", 1),
);

export class WebhookStore {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  /** Creates or overwrites the webhook of that label. */
  async upsert(instanceId: string, input: WebhookInput, at: string): Promise<WebhookConfig> {
    const values = {
      enabled: input.enabled ? (1 as const) : (0 as const),
      url: input.url,
      authorization_sealed: this.secrets.sealOptional(input.authorization),
      by_events: input.byEvents ? (1 as const) : (0 as const),
      events: JSON.stringify(input.events),
      media_base64: input.mediaBase64 ? (1 as const) : (0 as const),
      updated_at: at,
    };
    await this.db
      .insertInto("webhook_configs")
      .values({
        id: randomUUID(),
        instance_id: instanceId,
        label: input.label,
        created_at: at,
        ...values,
      })
      .onConflict((oc) => oc.columns(["instance_id", "label"]).doUpdateSet(values))
      .execute();
    const stored = await this.get(instanceId, input.label);
    if (stored === undefined) throw new Error("webhook vanished after upsert");
    return stored;
  }

  async get(instanceId: string, label: string): Promise<WebhookConfig | undefined> {
    const row = await this.db
      .selectFrom("webhook_configs")
      .selectAll()
      .where("instance_id", "=", instanceId)
      .where("label", "=", label)
      .executeTakeFirst();
    return row === undefined ? undefined : this.toConfig(row);
  }

  async findById(id: string): Promise<WebhookConfig | undefined> {
    const row = await this.db
      .selectFrom("webhook_configs")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row === undefined ? undefined : this.toConfig(row);
  }

  /** Every webhook of the instance, disabled ones too, alphabetically by label (any case). */
  async list(instanceId: string): Promise<WebhookConfig[]> {
    const rows = await this.db
      .selectFrom("webhook_configs")
      .selectAll()
      .where("instance_id", "=", instanceId)
      .orderBy(sql`lower(label)`)
      .orderBy("label")
      .execute();
    return rows.map((row) => this.toConfig(row));
  }

  /** The webhook of `label` of every instance of the account (no secrets opened). */
  async ofAccount(
    accountId: string,
    label: string,
  ): Promise<Omit<WebhookConfig, "authorization">[]> {
    const rows = await this.db
      .selectFrom("webhook_configs")
      .innerJoin("instances", "instances.id", "webhook_configs.instance_id")
      .selectAll("webhook_configs")
      .where("instances.account_id", "=", accountId)
      .where("webhook_configs.label", "=", label)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      instanceId: row.instance_id,
      label: row.label,
      enabled: row.enabled === 1,
      url: row.url,
      authorizationReadable: true,
      byEvents: row.by_events === 1,
      events: JSON.parse(row.events) as EventType[],
      mediaBase64: row.media_base64 === 1,
    }));
  }

  /** The enabled webhooks and their filters, for the recorder (no secrets opened). */
  async enabledFilters(instanceId: string): Promise<{ id: string; events: EventType[] }[]> {
    const rows = await enabled.all(this.db, { instanceId });
    return rows.map((row) => ({ id: row.id, events: JSON.parse(row.events) as EventType[] }));
  }

  private toConfig(row: Selectable<WebhookConfigsTable>): WebhookConfig {
    return {
      id: row.id,
      instanceId: row.instance_id,
      label: row.label,
      enabled: row.enabled === 1,
      url: row.url,
      ...this.open(row.authorization_sealed),
      byEvents: row.by_events === 1,
      events: JSON.parse(row.events) as EventType[],
      mediaBase64: row.media_base64 === 1,
    };
  }

  /** Spec 5.2: an authorization that cannot be decrypted is returned as stored. */
  private open(sealed: string | null): {
    authorization: string | null;
    authorizationReadable: boolean;
  } {
    try {
      return { authorization: this.secrets.openOptional(sealed), authorizationReadable: true };
    } catch {
      return { authorization: sealed, authorizationReadable: false };
    }
  }
}
