/**
 * A stand-in for the server side of a WebSocket, for tests of the event stream: it keeps
 * what was sent and, like a socket whose peer has stopped reading, can hold frames in its
 * buffer (`bufferedAmount`, send callbacks pending) until the test lets them through.
 */
import { EventEmitter } from "node:events";
import type { WebSocket } from "@fastify/websocket";

export class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  /** Every frame sent, parsed. */
  readonly frames: Record<string, any>[] = [];
  bufferedAmount = 0;
  closedWith: { code: number; reason: string } | undefined;
  terminated = false;
  /** False: the peer takes nothing; frames stay buffered until `read()`. */
  reading = true;
  private held: { bytes: number; done: () => void }[] = [];

  send(data: string, done?: (error?: Error) => void): void {
    this.frames.push(JSON.parse(data));
    const bytes = Buffer.byteLength(data);
    this.bufferedAmount += bytes;
    this.held.push({ bytes, done: () => done?.() });
    if (this.reading) queueMicrotask(() => this.read());
  }

  /** The peer takes everything buffered. */
  read(): void {
    const held = this.held;
    this.held = [];
    for (const frame of held) {
      this.bufferedAmount -= frame.bytes;
      frame.done();
    }
  }

  ping(): void {
    // Pongs are the test's to send (emit "pong").
  }

  close(code: number, reason: string): void {
    if (this.readyState !== this.OPEN) return;
    this.closedWith = { code, reason };
    this.readyState = 3;
    this.emit("close", code, Buffer.from(reason));
  }

  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit("close", 1006, Buffer.alloc(0));
  }

  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}
