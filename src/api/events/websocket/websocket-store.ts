/** The only place with SQL for an instance's WebSocket configuration. */
import type { Db } from "../../../platform/db/database.js";
import type { EventType } from "../../../contracts/events.js";

export interface WebsocketConfig {
  enabled: boolean;
  events: EventType[];
  mediaBase64: boolean;
}

export class WebsocketStore {
  constructor(private readonly db: Db) {}

  async get(instanceId: string): Promise<WebsocketConfig | undefined> {
    const row = await this.db
      .selectFrom("websocket_configs")
      .selectAll()
      .where("instance_id", "=", instanceId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      enabled: row.enabled === 1,
      events: JSON.parse(row.events) as EventType[],
      mediaBase64: row.media_base64 === 1,
    };
  }

  /** The configuration of every instance of the account that has one, by instance id. */
  async ofAccount(accountId: string): Promise<Map<string, WebsocketConfig>> {
    const rows = await this.db
      .selectFrom("websocket_configs")
      .innerJoin("instances", "instances.id", "websocket_configs.instance_id")
      .selectAll("websocket_configs")
      .where("instances.account_id", "=", accountId)
      .execute();
    return new Map(
      rows.map((row) => [
        row.instance_id,
        {
          enabled: row.enabled === 1,
          events: JSON.parse(row.events) as EventType[],
          mediaBase64: row.media_base64 === 1,
        },
      ]),
    );
  }

  async put(instanceId: string, config: WebsocketConfig, at: string): Promise<void> {
    const values = {
      enabled: config.enabled ? (1 as const) : (0 as const),
      events: JSON.stringify(config.events),
      media_base64: config.mediaBase64 ? (1 as const) : (0 as const),
      updated_at: at,
    };
    await this.db
      .insertInto("websocket_configs")
      .values({ instance_id: instanceId, ...values })
      .onConflict((oc) => oc.column("instance_id").doUpdateSet(values))
      .execute();
  }
}
