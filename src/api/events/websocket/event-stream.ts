/**
 * One WebSocket client's feed of an instance's events. It keeps a cursor (the last
 * sequence number handled) and sends every later event exactly once, in order: live
 * events go straight out when they are the next one; anything else (a backlog after
 * `?after=`, a gap, a burst while a slow client drains) is read from the log. A ping
 * every heartbeat interval detects dead peers and re-checks the log, so even a lost
 * fan-out message only delays an event. Sequence numbers have no holes, so a jump in
 * what the log returns means retention pruned those events: the client is told with a
 * gap frame rather than left to believe nothing happened.
 *
 * Memory stays bounded whatever the client does: the log is read a page at a time, only
 * while the socket holds less than its limit (SocketWriter), with media bytes fetched one
 * event at a time just before they are written, and only a few streams of the process
 * read the log at once (ReplayLimiter). A client that leaves the socket full through a
 * heartbeat is too slow: it is closed with 4008.
 */
import type { WebSocket } from "@fastify/websocket";
import type { RawData } from "ws";
import type { Logger } from "../../../platform/logger.js";
import type { EventType, InstanceData } from "../../../contracts/events.js";
import { STREAM_CLOSE, type GapFrame, type StreamClose } from "../../../contracts/event-stream.js";
import type { EventHub } from "../log/event-hub.js";
import type { EventLogStore, StoredEvent } from "../log/log-store.js";
import { toEnvelope, wants } from "../log/envelope.js";
import type { AckThrottle } from "./ack-throttle.js";
import { ackOf, type ClientFrame } from "./client-frames.js";
import type { ReplayLimiter } from "./replay-limiter.js";
import { SocketWriter } from "./socket-writer.js";

/** Events read from the log at a time (without media bytes). */
const PAGE = 100;

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
  /** Bytes the socket may hold for the client (default BUFFER_LIMIT). */
  bufferLimit?: number;
}

/** What the stream reads from the log. */
export type StreamLog = Pick<EventLogStore, "readAfter" | "read">;

export class EventStream {
  private cursor: number;
  private running = false;
  private dirty = false;
  private alive = true;
  private stalledBeats = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private gap: GapFrame | undefined;
  private readonly stopped = new AbortController();
  private readonly writer: SocketWriter;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: StreamOptions,
    private readonly log: StreamLog,
    private readonly hub: EventHub,
    private readonly replays: ReplayLimiter,
    private readonly logger: Logger,
  ) {
    this.cursor = options.cursor;
    this.gap = options.gap;
    this.writer = new SocketWriter(socket, this.stopped.signal, options.bufferLimit);
  }

  /** A method, not a field: the compiler must not narrow it across awaits. */
  private closed(): boolean {
    return this.stopped.signal.aborted;
  }

  /** Starts streaming; `early` are frames the client sent before the stream listened. */
  start(early: ClientFrame[] = []): void {
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
    for (const frame of early) this.onClientFrame(frame.data, frame.isBinary);
  }

  /** Closes the socket (instance deleted, server stopping, slow client). */
  end(close: StreamClose): void {
    this.stop();
    this.socket.close(close.code, close.reason);
  }

  /** A client's stream ignores what it is sent; a consumer's sends only ack frames. */
  private onClientFrame(data: RawData, isBinary: boolean): void {
    const acks = this.options.acks;
    if (acks === undefined || this.closed()) return;
    const frame = ackOf(data, isBinary);
    if (frame === undefined) {
      this.end(STREAM_CLOSE.invalidFrame);
      return;
    }
    // Nobody can have recorded what was not sent yet.
    acks.ack(Math.min(frame.seq, this.cursor));
  }

  private beat(): void {
    // A client that has not taken what it holds, through a whole heartbeat or past a
    // ping it did not answer, is too slow; one that does not answer while it holds
    // nothing is gone.
    const stalled = this.writer.waiting;
    this.stalledBeats = stalled ? this.stalledBeats + 1 : 0;
    if (stalled && (!this.alive || this.stalledBeats >= 2)) {
      this.logger.debug({ instanceId: this.options.instanceId }, "websocket consumer too slow");
      this.end(STREAM_CLOSE.consumerTooSlow);
      return;
    }
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
    if (this.closed()) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    this.run(event)
      .catch((error: unknown) => {
        // A peer that went away mid-send is not a failure worth a warning.
        if (this.closed() || this.socket.readyState !== this.socket.OPEN) {
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
        // Told of an event after the drain's last look but before it was marked idle.
        if (this.dirty) this.notify(undefined);
      });
  }

  private async run(first: StoredEvent | undefined): Promise<void> {
    const gap = this.gap;
    if (gap !== undefined) {
      this.gap = undefined;
      await this.writeFrame(gap);
    }
    if (first !== undefined && first.seq === this.cursor + 1) await this.send(first);
    else if (first === undefined || first.seq > this.cursor) this.dirty = true;
    while (this.dirty && !this.closed()) {
      this.dirty = false;
      await this.drainLog();
    }
  }

  /** Sends what the log holds after the cursor, a page per turn of the replay limiter. */
  private async drainLog(): Promise<void> {
    for (;;) {
      const release = await this.replays.acquire(this.stopped.signal);
      if (release === undefined) return;
      if (this.closed()) {
        release();
        return;
      }
      let more: boolean;
      try {
        more = await this.sendPage();
      } finally {
        release();
      }
      if (!more || this.closed()) return;
    }
  }

  /** Sends the next page; true when the log may hold more after it. */
  private async sendPage(): Promise<boolean> {
    const page = await this.log.readAfter(this.options.instanceId, this.cursor, PAGE, false);
    const next = page[0];
    if (next !== undefined && next.seq > this.cursor + 1 && !this.closed()) {
      await this.writeFrame({
        type: "gap",
        requestedAfter: this.cursor,
        resumedAfter: next.seq - 1,
      });
    }
    for (const event of page) await this.send(event);
    return page.length === PAGE;
  }

  private async send(event: StoredEvent): Promise<void> {
    if (this.closed() || event.seq <= this.cursor) return;
    if (wants(this.options.filter, event.event)) {
      await this.writer.room();
      if (this.closed()) return;
      let full = event;
      if (this.options.mediaBase64 && event.hasMedia && event.mediaBase64 === undefined) {
        // Pages and other processes' live events come without media bytes: read them now,
        // one event at a time, once there is room to write them.
        full = (await this.log.read(event.instanceId, event.seq, true)) ?? event;
      }
      this.writer.write(
        JSON.stringify(toEnvelope(full, this.options.instanceData, this.options.mediaBase64)),
      );
    }
    this.cursor = event.seq;
  }

  private async writeFrame(frame: GapFrame): Promise<void> {
    await this.writer.room();
    if (!this.closed()) this.writer.write(JSON.stringify(frame));
  }

  private stop(): void {
    if (this.closed()) return;
    this.stopped.abort();
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    // Never rejects: a failed write is reported by the throttle.
    void this.options.acks?.close();
  }
}
