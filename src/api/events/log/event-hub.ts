/**
 * Live fan-out of recorded events to this process's WebSocket streams, and through
 * Redis pub/sub to the other API processes (so a client connected to any process sees
 * events of instances whose connection another process holds).
 *
 * Live delivery is only a wake-up: streams track the last sequence they sent and read
 * any gap from the log, so a lost or late notification delays an event, never drops it.
 */
import type { Redis } from "ioredis";
import type { Logger } from "../../../platform/logger.js";
import type { EventData, EventType } from "../../../contracts/events.js";
import type { StoredEvent } from "./log-store.js";

const SUBSCRIBE_WAIT_MS = 5_000;

export type LiveListener = (event: StoredEvent) => void;

interface WireMessage {
  origin: string;
  instanceId: string;
  seq: number;
  event: EventType;
  data: EventData;
  hasMedia: boolean;
  createdAt: string;
}

export class EventHub {
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private subscriber: Redis | undefined;

  constructor(
    private readonly origin: string,
    private readonly logger: Logger,
    private readonly redis?: { client: Redis; channel: string },
  ) {}

  /**
   * Subscribes to the other processes' events; resolves once Redis confirmed it, or
   * after a few seconds when Redis is down (the API starts anyway; streams still catch
   * up from the log on each heartbeat, and ioredis subscribes when Redis is back).
   */
  async start(): Promise<void> {
    if (this.redis === undefined) return;
    const subscriber = this.redis.client.duplicate();
    subscriber.on("error", (error: Error) => {
      this.logger.warn({ err: error }, "event fan-out subscriber error");
    });
    subscriber.on("message", (_channel: string, text: string) => this.onRemote(text));
    // (Re)subscribing on every ready covers a first attempt made while Redis was down.
    const channel = this.redis.channel;
    subscriber.on("ready", () => {
      subscriber.subscribe(channel).catch((error: unknown) => {
        this.logger.warn({ err: error }, "event fan-out subscription failed");
      });
    });
    this.subscriber = subscriber;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), SUBSCRIBE_WAIT_MS);
    });
    const outcome = await Promise.race([
      subscriber.subscribe(this.redis.channel).then(
        () => "subscribed" as const,
        (error: unknown) => {
          this.logger.warn({ err: error }, "event fan-out subscription failed");
          return "failed" as const;
        },
      ),
      gaveUp,
    ]);
    clearTimeout(timer);
    if (outcome === "timeout") this.logger.warn("event fan-out not subscribed yet; continuing");
  }

  subscribe(instanceId: string, listener: LiveListener): () => void {
    let set = this.listeners.get(instanceId);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(instanceId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(instanceId);
    };
  }

  /** Announces an event that is already committed to the log. */
  publish(event: StoredEvent): void {
    this.deliver(event);
    if (this.redis === undefined) return;
    // Media bytes stay out of Redis: a stream that wants them reads them from the log.
    const message: WireMessage = {
      origin: this.origin,
      instanceId: event.instanceId,
      seq: event.seq,
      event: event.event,
      data: event.data,
      hasMedia: event.hasMedia,
      createdAt: event.createdAt,
    };
    this.redis.client
      .publish(this.redis.channel, JSON.stringify(message))
      .catch((error: unknown) => {
        this.logger.warn({ err: error, seq: event.seq }, "event fan-out publish failed");
      });
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber !== undefined) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private onRemote(text: string): void {
    let message: WireMessage;
    try {
      message = JSON.parse(text) as WireMessage;
    } catch {
      this.logger.warn("malformed event fan-out message ignored");
      return;
    }
    if (message.origin === this.origin) return;
    const { instanceId, seq, event, data, hasMedia, createdAt } = message;
    this.deliver({ instanceId, seq, event, data, hasMedia, createdAt });
  }

  private deliver(event: StoredEvent): void {
    const set = this.listeners.get(event.instanceId);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error, seq: event.seq }, "live event listener failed");
      }
    }
  }
}
