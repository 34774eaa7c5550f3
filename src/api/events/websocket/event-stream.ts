/**
 * One WebSocket client's feed of an instance's events. It keeps a cursor (the last
 * sequence number handled) and sends every later event exactly once, in order: live
 * events go straight out when they are the next one; anything else (a backlog after
 * `?after=`, a gap, a burst while a slow client drains) is read from the log. A ping
 * every heartbeat interval detects dead peers and re-checks the log, so even a lost
 * fan-out message only delays an event. Sequence numbers have no holes, so a jump in
 * what the log returns means retention pruned those events: the client is told with a
 * gap frame rather than left to believe nothing happened.
 */
import type { WebSocket } from "@fastify/websocket";
import type { RawData } from "ws";
import type { Logger } from "../../../platform/logger.js";
import type { EventType, InstanceData } from "../../../contracts/events.js";
import {
  STREAM_CLOSE,
  ackFrameSchema,
  type AckFrame,
  type GapFrame,
  type StreamClose,
} from "../../../contracts/event-stream.js";
import type { EventHub } from "../log/event-hub.js";
import type { EventLogStore, StoredEvent } from "../log/log-store.js";
import { toEnvelope, wants } from "../log/envelope.js";
import type { AckThrottle } from "./ack-throttle.js";

/** Events read from the log at a time; fewer when they carry media (memory). */
const BATCH = 200;
const MEDIA_BATCH = 20;

export interface StreamOptions {
  instanceId: string;
  instanceData: InstanceData;
  filter: EventType[];
  mediaBase64: boolean;
  /** Events after this sequence number are sent. */
  cursor: number;
  heartbeatMs: number;
  /** Set on a registered consumer's stream: where its ack frames go. */
  acks?: AckThrottle;
  /** Sent before anything else: `?after=` asked for events already pruned. */
  gap?: GapFrame;
}

/** What the stream reads from the log. */
export type StreamLog = Pick<EventLogStore, "readAfter" | "read">;

export class EventStream {
  private cursor: number;
  private running = false;
  private dirty = false;
  private alive = true;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly batch: number;
  private gap: GapFrame | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: StreamOptions,
    private readonly log: StreamLog,
    private readonly hub: EventHub,
    private readonly logger: Logger,
  ) {
    this.cursor = options.cursor;
    this.batch = options.mediaBase64 ? MEDIA_BATCH : BATCH;
    this.gap = options.gap;
  }

  start(): void {
    this.unsubscribe = this.hub.subscribe(this.options.instanceId, (event) => this.notify(event));
    this.socket.on("pong", () => {
      this.alive = true;
    });
    this.socket.on("close", () => this.stop());
    this.socket.on("message", (data: RawData, isBinary: boolean) => {
      this.onClientFrame(data, isBinary);
    });
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
    this.notify(undefined);
  }

  /** Closes the socket (instance deleted, server stopping). */
  end(close: StreamClose): void {
    this.stop();
    this.socket.close(close.code, close.reason);
  }

  /** A client's stream ignores what it is sent; a consumer's sends only ack frames. */
  private onClientFrame(data: RawData, isBinary: boolean): void {
    const acks = this.options.acks;
    if (acks === undefined || this.closed) return;
    const frame = isBinary ? undefined : parseAck(textOf(data));
    if (frame === undefined) {
      this.end(STREAM_CLOSE.invalidFrame);
      return;
    }
    // Nobody can have recorded what was not sent yet.
    acks.ack(Math.min(frame.seq, this.cursor));
  }

  private beat(): void {
    if (!this.alive) {
      this.logger.debug(
        { instanceId: this.options.instanceId },
        "websocket peer missed a heartbeat",
      );
      this.stop();
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
    this.notify(undefined);
  }

  /** A live event, or (undefined) a request to look in the log. */
  private notify(event: StoredEvent | undefined): void {
    if (this.closed) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    this.run(event)
      .catch((error: unknown) => {
        // A peer that went away mid-send is not a failure worth a warning.
        if (this.closed || this.socket.readyState !== this.socket.OPEN) {
          this.stop();
          return;
        }
        this.logger.warn(
          { err: error, instanceId: this.options.instanceId },
          "websocket stream failed",
        );
        this.end(STREAM_CLOSE.internalError);
      })
      .finally(() => {
        this.running = false;
      });
  }

  private async run(first: StoredEvent | undefined): Promise<void> {
    const gap = this.gap;
    if (gap !== undefined) {
      this.gap = undefined;
      await this.write(JSON.stringify(gap));
    }
    if (first !== undefined && first.seq === this.cursor + 1) await this.send(first);
    else if (first === undefined || first.seq > this.cursor) this.dirty = true;
    while (this.dirty && !this.closed) {
      this.dirty = false;
      await this.drainLog();
    }
  }

  private async drainLog(): Promise<void> {
    for (;;) {
      const batch = await this.log.readAfter(
        this.options.instanceId,
        this.cursor,
        this.batch,
        this.options.mediaBase64,
      );
      const next = batch[0];
      if (next !== undefined && next.seq > this.cursor + 1 && !this.closed) {
        const frame: GapFrame = {
          type: "gap",
          requestedAfter: this.cursor,
          resumedAfter: next.seq - 1,
        };
        await this.write(JSON.stringify(frame));
      }
      for (const event of batch) await this.send(event);
      if (batch.length < this.batch || this.closed) return;
    }
  }

  private async send(event: StoredEvent): Promise<void> {
    if (this.closed || event.seq <= this.cursor) return;
    if (wants(this.options.filter, event.event)) {
      let full = event;
      if (this.options.mediaBase64 && event.hasMedia && event.mediaBase64 === undefined) {
        // Live events from other processes come without media bytes.
        full = (await this.log.read(event.instanceId, event.seq, true)) ?? event;
      }
      await this.write(
        JSON.stringify(toEnvelope(full, this.options.instanceData, this.options.mediaBase64)),
      );
    }
    this.cursor = event.seq;
  }

  private write(frame: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.socket.send(frame, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    // Never rejects: a failed write is reported by the throttle.
    void this.options.acks?.close();
  }
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  return Buffer.from(new Uint8Array(data)).toString("utf8");
}

function parseAck(text: string): AckFrame | undefined {
  try {
    const parsed = ackFrameSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Not JSON: not an ack frame either.
    return undefined;
  }
}
