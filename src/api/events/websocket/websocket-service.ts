/** The rules of WebSocket configuration (spec/ryzeapi.md 5.3). */
import type { Clock } from "../../../platform/clock.js";
import { AppError, badRequest, notFound } from "../../../platform/errors.js";
import type { Logger } from "../../../platform/logger.js";
import type { EventType } from "../../../contracts/events.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import { distinctEvents } from "../log/envelope.js";
import type { WebsocketConfig, WebsocketStore } from "./websocket-store.js";

export const WS_NOT_CONFIGURED = "WebSocket not configured for this instance";
export const WS_READ_FAILED = "Failed to get websocket configuration";

export function wsNotEnabled(instanceName: string): string {
  return `WebSocket is not enabled for this instance. Configure it first using POST /api/events/websocket/${instanceName}`;
}

export class WebsocketService {
  constructor(
    private readonly store: WebsocketStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async configure(
    instance: InstanceRecord,
    body: { enabled: boolean; events?: EventType[] | undefined; mediaBase64?: boolean | undefined },
  ): Promise<WebsocketConfig> {
    // Disabling keeps the row and clears the filter and media flag (spec 5.3).
    const config: WebsocketConfig = body.enabled
      ? {
          enabled: true,
          events: distinctEvents(body.events),
          mediaBase64: body.mediaBase64 ?? false,
        }
      : { enabled: false, events: [], mediaBase64: false };
    await this.store.put(instance.id, config, new Date(this.clock.now()).toISOString());
    return config;
  }

  async get(instance: InstanceRecord): Promise<WebsocketConfig> {
    const config = await this.read(instance);
    if (config === undefined) throw notFound(WS_NOT_CONFIGURED);
    return config;
  }

  /** The configuration, or undefined when none was ever saved. */
  async find(instance: InstanceRecord): Promise<WebsocketConfig | undefined> {
    return this.read(instance);
  }

  /** Every configured instance of the account, for the list. */
  ofAccount(accountId: string): Promise<Map<string, WebsocketConfig>> {
    return this.store.ofAccount(accountId);
  }

  /** The configuration an upgrade runs with; a 400 before switching protocols otherwise. */
  async requireEnabled(instance: InstanceRecord): Promise<WebsocketConfig> {
    const config = await this.read(instance);
    if (config?.enabled !== true) throw badRequest(wsNotEnabled(instance.name));
    return config;
  }

  private async read(instance: InstanceRecord): Promise<WebsocketConfig | undefined> {
    try {
      return await this.store.get(instance.id);
    } catch (error) {
      // The literal message is the contract; the reason goes to the log.
      this.logger.error({ err: error, instanceId: instance.id }, WS_READ_FAILED);
      throw new AppError(500, WS_READ_FAILED);
    }
  }
}
