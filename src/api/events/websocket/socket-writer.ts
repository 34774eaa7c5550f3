/**
 * Writes a stream's frames to its socket without waiting for each to leave, and makes
 * the stream wait while the socket holds more than BUFFER_LIMIT bytes its client has not
 * taken yet (`bufferedAmount`). So a client that reads slowly, or not at all, costs the
 * server at most about that much memory, however far behind it is: what it has not
 * been sent stays in the log.
 */
import type { WebSocket } from "@fastify/websocket";

/** Bytes a connection may hold for its client before the stream waits. */
export const BUFFER_LIMIT = 1024 * 1024;

export class SocketWriter {
  private lastWrite: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private blocked = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly stopped: AbortSignal,
    private readonly limit = BUFFER_LIMIT,
  ) {}

  /** True while the stream waits for its client to take what it holds. */
  get waiting(): boolean {
    return this.blocked;
  }

  write(frame: string): void {
    this.lastWrite = new Promise<void>((resolve) => {
      this.socket.send(frame, (error) => {
        if (error) this.failure ??= error;
        resolve();
      });
    });
  }

  /**
   * Resolves once there is room for another frame: at once below the limit, otherwise
   * when everything written so far has left (or the stream stopped). Rejects with a
   * failed write's error.
   */
  async room(): Promise<void> {
    this.check();
    if (this.socket.bufferedAmount < this.limit) return;
    this.blocked = true;
    try {
      await Promise.race([this.lastWrite, aborted(this.stopped)]);
    } finally {
      this.blocked = false;
    }
    this.check();
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true }),
  );
}
