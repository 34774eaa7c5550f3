/**
 * One live feed of an instance's events. It remembers the last `seq` it handed on and,
 * whenever the socket drops, reconnects with `?after=<that seq>`, so the page sees every
 * event exactly once and in order across reconnects. No polling: the server pushes.
 */
import type { Envelope } from "./types";
import { reconnectDelayMs, streamProtocols, streamUrl, type StreamTarget } from "./stream-url";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "closed";

/** The server closes with 4404 when the instance was deleted: nothing to come back to. */
const CLOSE_INSTANCE_DELETED = 4404;

export interface EventSocketOptions {
  instance: string;
  token: string;
  events?: readonly string[];
  /** Resume after this sequence number (undefined: from now on). */
  after?: number;
  onEvent: (event: Envelope) => void;
  onStatus?: (status: StreamStatus) => void;
  page?: StreamTarget;
}

export class EventSocket {
  private socket: WebSocket | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private stopped = false;
  private lastSeq: number | undefined;

  constructor(private readonly options: EventSocketOptions) {
    this.lastSeq = options.after;
  }

  /** The last sequence number handed on. */
  get cursor(): number | undefined {
    return this.lastSeq;
  }

  start(): void {
    this.open("connecting");
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, "page closed");
    this.options.onStatus?.("closed");
  }

  private open(status: StreamStatus): void {
    if (this.stopped) return;
    this.options.onStatus?.(status);
    const url = streamUrl(this.options.page ?? window.location, this.options.instance, {
      events: this.options.events,
      after: this.lastSeq,
    });
    const socket = new WebSocket(url, streamProtocols(this.options.token));
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.options.onStatus?.("live");
    };
    socket.onmessage = (message: MessageEvent) => this.receive(message.data);
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket || this.stopped) return;
      if (event.code === CLOSE_INSTANCE_DELETED) {
        this.options.onStatus?.("closed");
        return;
      }
      this.options.onStatus?.("reconnecting");
      this.timer = setTimeout(
        () => this.open("reconnecting"),
        reconnectDelayMs((this.attempt += 1) - 1),
      );
    };
  }

  private receive(data: unknown): void {
    if (typeof data !== "string") return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(data) as Envelope;
    } catch {
      return;
    }
    // A frame already handed on (never expected after ?after=, but cheap to be sure).
    if (this.lastSeq !== undefined && envelope.seq <= this.lastSeq) return;
    this.lastSeq = envelope.seq;
    this.options.onEvent(envelope);
  }
}
