/**
 * The WhatsApp connections this process holds, one per instance. Provider events are
 * handled strictly in the order each connection emits them: the instance row is
 * updated first, then the recorder writes the event to the log (retried, so a brief
 * database hiccup delays an event instead of losing it). The log is the only way out:
 * whoever wants events reads it from a sequence number (WebSocket streams, webhook
 * deliveries, the gateway), so a consumer can never see an event the log has not kept
 * nor miss one across a restart.
 *
 * A connection is opened only under a lease (DESIGN.md "Processes"): with several API
 * processes on one database, exactly one of them holds each instance's connection.
 */
import type { Clock } from "../../platform/clock.js";
import type { Logger } from "../../platform/logger.js";
import { notImplemented, unavailable } from "../../platform/errors.js";
import { retry, type RetryPolicy } from "../../platform/retry.js";
import type { LeaseStore, Owner } from "../../platform/db/lease-store.js";
import type { ExchangeMessage } from "../../contracts/events.js";
import { PendingRecords } from "./pending-records.js";
import { batchSize, describeEvent, storedOf, type Queued } from "./event-batches.js";
import type {
  ConnectionState,
  ProviderConnection,
  ProviderEvent,
  ProviderName,
  ProviderOptions,
  WhatsAppProvider,
} from "../../providers/provider.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import type { InstanceStore } from "../instances/instance-store.js";

/**
 * Writes events durably (the event log), which every consumer reads: all of them, in
 * their order, or none. Returns the messages it stored, as the log holds them.
 */
export type EventRecorder = (
  instance: InstanceRecord,
  events: readonly ProviderEvent[],
) => Promise<readonly ExchangeMessage[]>;

export const HELD_ELSEWHERE = "Instance is connected through another ponte process";

/** Retries of a failed recording: 50–100 ms growing to 5 s, about 25 s in all. */
const RECORD_RETRY: RetryPolicy = { backoff: { baseMs: 100, capMs: 5_000 }, attempts: 12 };

export class ConnectionManager {
  private readonly connections = new Map<string, ProviderConnection>();
  /** Each instance's recording in progress, which the next one follows. */
  private readonly queues = new Map<string, Promise<void>>();
  /** The events waiting for it, per instance, while it runs. */
  private readonly waiting = new Map<string, Queued[]>();
  private readonly pending = new PendingRecords();
  /** The last recorded state of each connection (what the `ponte_connections` gauge counts). */
  private readonly states = new Map<string, ConnectionState>();
  private recorder: EventRecorder | undefined;
  private closing = false;

  constructor(
    private readonly providers: ReadonlyMap<ProviderName, WhatsAppProvider>,
    private readonly store: InstanceStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly leases: LeaseStore,
    /** This process, as the owner of its leases. */
    readonly ownerId: string,
    readonly leaseTtlMs = 30_000,
  ) {}

  private ownerUrl: string | undefined;

  /** Where peers reach this process's API (set once it listens); stored with each lease. */
  advertise(url: string): void {
    this.ownerUrl = url;
  }

  private get owner(): Owner {
    return { id: this.ownerId, url: this.ownerUrl };
  }

  /** The process holding an instance's connection when it is another live one. */
  async heldElsewhere(instanceId: string): Promise<Owner | undefined> {
    if (this.connections.has(instanceId)) return undefined;
    const holder = await this.leases.holder(instanceId, this.clock.now());
    return holder === undefined || holder.id === this.ownerId ? undefined : holder;
  }

  /** Sets the one recorder (the event log) that every event is written to. */
  recordWith(recorder: EventRecorder): void {
    this.recorder = recorder;
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

  /**
   * The instance's connection, opened on first use once this process holds its lease;
   * 503 while another live process holds it.
   */
  async connection(instance: InstanceRecord): Promise<ProviderConnection> {
    const existing = this.connections.get(instance.id);
    if (existing !== undefined) return existing;
    const leased = await this.leases.acquire(
      instance.id,
      this.owner,
      this.clock.now(),
      this.leaseTtlMs,
    );
    if (!leased) throw unavailable(HELD_ELSEWHERE);
    const raced = this.connections.get(instance.id);
    if (raced !== undefined) return raced;
    const connection = this.provider(instance.provider).open(
      { id: instance.id, name: instance.name, loadOptions: () => this.optionsOf(instance.id) },
      { emit: (event) => this.enqueue(instance.id, event) },
    );
    this.connections.set(instance.id, connection);
    return connection;
  }

  private async optionsOf(instanceId: string): Promise<ProviderOptions> {
    const [settings, proxy] = await Promise.all([
      this.store.getSettings(instanceId),
      this.store.getProxy(instanceId),
    ]);
    const usable =
      proxy.enabled && proxy.host !== null && proxy.port !== null && proxy.protocol !== null;
    return {
      settings,
      proxy: usable
        ? {
            protocol: proxy.protocol ?? "http",
            host: proxy.host ?? "",
            port: proxy.port ?? "",
            username: proxy.username,
            password: proxy.password ?? null,
          }
        : null,
    };
  }

  held(instanceId: string): ProviderConnection | undefined {
    return this.connections.get(instanceId);
  }

  /** How many of the connections this process holds are in each state. */
  stateCounts(): Map<ConnectionState, number> {
    const counts = new Map<ConnectionState, number>();
    for (const [instanceId, state] of this.states) {
      // Released, deleted or taken over since: no longer this process's to count.
      if (!this.connections.has(instanceId)) this.states.delete(instanceId);
      else counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    return counts;
  }

  /** Waits until every event emitted so far has been handled. */
  async settled(instanceId: string): Promise<void> {
    await this.queues.get(instanceId);
  }

  /**
   * Waits until the message event with this id, emitted earlier, has been recorded (or
   * given up on); at once when no such event is waiting. A send answers with this, not
   * with `settled`: events emitted after its own (an inbound burst, a slow write) are
   * none of its business.
   */
  recorded(instanceId: string, messageId: string): Promise<ExchangeMessage | undefined> {
    return this.pending.recorded(instanceId, messageId);
  }

  /** Instance ids (of those given) that no live process holds: candidates to take over. */
  unheld(instanceIds: string[]): Promise<string[]> {
    return this.leases.unheld(
      instanceIds.filter((id) => !this.connections.has(id)),
      this.clock.now(),
    );
  }

  /**
   * Renews the leases of every held connection. A connection whose lease was lost (this
   * process stalled past the lease and another took over) is closed here, never doubled.
   */
  async renewLeases(): Promise<void> {
    for (const [instanceId, connection] of [...this.connections]) {
      const kept = await this.leases
        .acquire(instanceId, this.owner, this.clock.now(), this.leaseTtlMs)
        .catch(async (error: unknown) => {
          // The instance was deleted through another process: nothing left to hold.
          if ((await this.store.findById(instanceId).catch(() => true)) === undefined) return false;
          this.logger.warn({ err: error, instanceId }, "lease renewal failed");
          return true; // a database hiccup: keep the connection, retry at the next renewal
        });
      if (kept) continue;
      this.logger.warn({ instanceId }, "lease lost (taken over or instance gone); closing here");
      this.connections.delete(instanceId);
      await connection.close().catch(() => undefined);
    }
  }

  async release(instance: InstanceRecord, forget: boolean): Promise<void> {
    const connection = this.connections.get(instance.id);
    this.connections.delete(instance.id);
    await connection?.close();
    await this.settled(instance.id);
    this.queues.delete(instance.id);
    if (forget) {
      // The instance is going: whoever held its lease, nothing is left to hold.
      await this.leases.forget(instance.id).catch(() => undefined);
      await this.providers.get(instance.provider)?.forget(instance.id);
    } else {
      await this.leases.release(instance.id, this.ownerId).catch(() => undefined);
    }
  }

  async closeAll(): Promise<void> {
    this.closing = true;
    const all = [...this.connections];
    this.connections.clear();
    await Promise.allSettled(all.map(([, connection]) => connection.close()));
    await Promise.allSettled([...this.queues.values()]);
    // A clean stop hands the connections over at once instead of after the lease lapses.
    await Promise.allSettled(all.map(([id]) => this.leases.release(id, this.ownerId)));
  }

  private enqueue(instanceId: string, event: ProviderEvent): void {
    const handled =
      event.kind === "message" ? this.pending.track(instanceId, event.message.id) : () => undefined;
    const waiting = this.waiting.get(instanceId);
    if (waiting !== undefined) {
      waiting.push({ event, handled });
      return;
    }
    // Nothing is being recorded for the instance (its last recording has ended): this
    // event goes at once, alone, and those emitted while it is written wait for it.
    const started = [{ event, handled }];
    this.waiting.set(instanceId, started);
    this.queues.set(instanceId, this.drain(instanceId, started));
  }

  /**
   * Records an instance's events in the order it emitted them. Those that arrived while
   * the last recording was written go together in the next (a group commit: one
   * transaction for the lot), so a busy number pays one transaction's round trips per
   * batch instead of per event. A connection change goes alone: it updates the instance
   * first.
   */
  private async drain(instanceId: string, waiting: Queued[]): Promise<void> {
    while (waiting.length > 0) {
      await this.persist(instanceId, waiting.splice(0, batchSize(waiting)));
    }
    this.waiting.delete(instanceId);
  }

  /**
   * Records the events (the instance row for a connection change, then the event log),
   * unless the instance is gone. A batch is written whole or not at all; one that fails
   * is written again event by event, so that an event that cannot be recorded even after
   * retrying is the only one given up on, and logged with what identifies it. Every step
   * is retried as one, so a brief database hiccup anywhere delays an event instead of
   * losing it.
   */
  private async persist(instanceId: string, batch: readonly Queued[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const stored = await this.recordOnce(
          instanceId,
          batch.map((queued) => queued.event),
        );
        for (const { event, handled } of batch) handled(storedOf(event, stored));
        return;
      } catch (error) {
        this.logger.warn(
          { err: error, instanceId, events: batch.length },
          "event log write of a batch failed; writing its events one at a time",
        );
      }
    }
    for (const { event, handled } of batch) {
      let stored: readonly ExchangeMessage[] = [];
      try {
        stored = await retry(() => this.recordOnce(instanceId, [event]), RECORD_RETRY, {
          // A stopping process gives up at once: its queues must drain.
          retryable: () => !this.closing,
          onRetry: (error) =>
            this.logger.warn({ err: error, instanceId }, "event log write failed; retrying"),
        });
      } catch (error) {
        this.logger.error(
          { err: error, instanceId, event: event.kind, detail: describeEvent(event) },
          "event could not be written to the event log; dropped",
        );
      } finally {
        handled(storedOf(event, stored));
      }
    }
  }

  private async recordOnce(
    instanceId: string,
    events: readonly ProviderEvent[],
  ): Promise<readonly ExchangeMessage[]> {
    const [first] = events;
    // batchSize keeps a connection change alone.
    const connection = first?.kind === "connection" ? first : undefined;
    if (connection !== undefined) {
      await this.recordConnection(instanceId, connection);
      this.states.set(instanceId, connection.state);
    }
    const instance = await this.store.findById(instanceId);
    if (instance === undefined) return [];
    const stored = (await this.recorder?.(instance, events)) ?? [];
    if (connection !== undefined) {
      // The one line an operator reads to follow a number's connection.
      const reason =
        connection.reason === undefined || connection.reason === connection.state
          ? ""
          : ` (${connection.reason})`;
      this.logger.info(
        {
          instance: instance.name,
          instanceId,
          state: connection.state,
          reason: connection.reason ?? null,
        },
        `instance ${connection.state}${reason}`,
      );
    }
    return stored;
  }

  private async recordConnection(
    instanceId: string,
    event: Extract<ProviderEvent, { kind: "connection" }>,
  ): Promise<void> {
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
}
