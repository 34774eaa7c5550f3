/**
 * The WhatsApp connections this process holds, one per instance. Provider events are
 * handled strictly in the order each connection emits them: the instance row is
 * updated first, then every listener (the event log, …) runs, one event at a time.
 */
import type { Clock } from "../../platform/clock.js";
import type { Logger } from "../../platform/logger.js";
import { notImplemented } from "../../platform/errors.js";
import type {
  ProviderConnection,
  ProviderEvent,
  ProviderName,
  WhatsAppProvider,
} from "../../providers/provider.js";
import type { InstanceRecord } from "./model.js";
import type { InstanceStore } from "./store.js";

export type ProviderEventListener = (
  instance: InstanceRecord,
  event: ProviderEvent,
) => Promise<void>;

export class ConnectionManager {
  private readonly connections = new Map<string, ProviderConnection>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly listeners: ProviderEventListener[] = [];

  constructor(
    private readonly providers: ReadonlyMap<ProviderName, WhatsAppProvider>,
    private readonly store: InstanceStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  onEvent(listener: ProviderEventListener): void {
    this.listeners.push(listener);
  }

  isAvailable(provider: ProviderName): boolean {
    return this.providers.has(provider);
  }

  provider(name: ProviderName): WhatsAppProvider {
    const provider = this.providers.get(name);
    if (provider === undefined) {
      throw notImplemented(
        `The ${name} provider is not available in this build; create the instance with "provider": "sandbox"`,
      );
    }
    return provider;
  }

  /** The instance's connection, opened on first use. */
  connection(instance: InstanceRecord): ProviderConnection {
    const existing = this.connections.get(instance.id);
    if (existing !== undefined) return existing;
    const connection = this.provider(instance.provider).open(
      { id: instance.id, name: instance.name },
      { emit: (event) => this.enqueue(instance.id, event) },
    );
    this.connections.set(instance.id, connection);
    return connection;
  }

  held(instanceId: string): ProviderConnection | undefined {
    return this.connections.get(instanceId);
  }

  /** Waits until every event emitted so far has been handled. */
  async settled(instanceId: string): Promise<void> {
    await this.queues.get(instanceId);
  }

  async release(instance: InstanceRecord, forget: boolean): Promise<void> {
    const connection = this.connections.get(instance.id);
    this.connections.delete(instance.id);
    await connection?.close();
    await this.settled(instance.id);
    this.queues.delete(instance.id);
    if (forget) await this.providers.get(instance.provider)?.forget(instance.id);
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.allSettled(all.map((connection) => connection.close()));
    await Promise.allSettled([...this.queues.values()]);
  }

  private enqueue(instanceId: string, event: ProviderEvent): void {
    const previous = this.queues.get(instanceId) ?? Promise.resolve();
    const next = previous.then(() => this.handle(instanceId, event));
    this.queues.set(instanceId, next);
  }

  private async handle(instanceId: string, event: ProviderEvent): Promise<void> {
    try {
      if (event.kind === "connection") {
        await this.store.updateConnection(
          instanceId,
          {
            state: event.state,
            numberJid: event.numberJid,
            profile: event.profile,
            hasSession:
              event.state === "loggedout" ? false : event.state === "connected" ? true : undefined,
            presenceStatus: event.state === "connected" ? "available" : "unavailable",
          },
          new Date(this.clock.now()).toISOString(),
        );
      }
      const instance = await this.store.findById(instanceId);
      if (instance === undefined) return;
      for (const listener of this.listeners) await listener(instance, event);
    } catch (error) {
      this.logger.error(
        { err: error, instanceId, event: event.kind },
        "provider event not handled",
      );
    }
  }
}
