/**
 * The event stream against fake sockets and a log the test controls: what it sends, in
 * what order, how much of the log it reads for clients that do not read, and when it
 * gives up on them. Heartbeats are driven by fake interval timers, never by waiting.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventHub } from "../../src/api/events/log/event-hub.js";
import type { StoredEvent } from "../../src/api/events/log/log-store.js";
import { EventStream, type StreamLog } from "../../src/api/events/websocket/event-stream.js";
import { AckThrottle } from "../../src/api/events/websocket/ack-throttle.js";
import { ReplayLimiter } from "../../src/api/events/websocket/replay-limiter.js";
import { ManualClock } from "../../src/platform/clock.js";
import { BUFFER_LIMIT } from "../../src/api/events/websocket/socket-writer.js";
import { captureLog } from "../support/log-capture.js";
import { FakeSocket } from "./support/fake-socket.js";
import { waitFor } from "./support/helpers.js";

const logger = captureLog("silent").logger;
const instanceData = { baseUrl: "http://ponte.test", instance: "i", token: "t" };
const HEARTBEAT_MS = 30_000;
/** One media event's bytes: a tenth of what a connection may hold. */
const MEDIA = "A".repeat(BUFFER_LIMIT / 10);
/** Frames a socket that takes nothing is written: up to the limit, then one past it. */
const FULL = 10;

function stored(seq: number, withMedia: boolean): StoredEvent {
  const id = `M${seq}`;
  const event: StoredEvent = {
    instanceId: "inst",
    seq,
    event: "message.exchange",
    data: {
      id,
      type: "image",
      message: { id, content: {}, media: { type: "image", mimetype: "image/jpeg" } },
    } as never,
    hasMedia: true,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
  if (withMedia) event.mediaBase64 = MEDIA;
  return event;
}

/** A log of media events with the given sequence numbers, counting what is read. */
function logOf(seqs: number[]) {
  const reads = { pages: 0, media: 0 };
  const log: StreamLog = {
    readAfter: (_id, after, limit, withMedia) => {
      reads.pages += 1;
      const page = seqs.filter((seq) => seq > after).slice(0, limit);
      if (withMedia) reads.media += page.length;
      return Promise.resolve(page.map((seq) => stored(seq, withMedia)));
    },
    read: (_id, seq, withMedia) => {
      if (withMedia) reads.media += 1;
      return Promise.resolve(seqs.includes(seq) ? stored(seq, withMedia) : undefined);
    },
  };
  return { log, reads };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function open(
  socket: FakeSocket,
  log: StreamLog,
  cursor: number,
  replays = new ReplayLimiter(),
): EventStream {
  const stream = new EventStream(
    socket.asWebSocket(),
    {
      instanceId: "inst",
      instanceData,
      filter: [],
      mediaBase64: true,
      cursor,
      heartbeatMs: HEARTBEAT_MS,
    },
    log,
    new EventHub("test", logger),
    replays,
    logger,
  );
  stream.start();
  return stream;
}

/** Every microtask and immediate queued so far has run (the fakes never touch timers). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  vi.useRealTimers();
});

describe("event stream", () => {
  it("says so with a gap frame when the log jumps past its cursor (pruned meanwhile)", async () => {
    const socket = new FakeSocket();
    const stream = open(socket, logOf([5, 6]).log, 2);
    await waitFor(() => socket.frames.length === 3, "three frames");
    expect(socket.frames[0]).toEqual({ type: "gap", requestedAfter: 2, resumedAfter: 4 });
    expect(socket.frames.slice(1).map((f) => f.seq)).toEqual([5, 6]);
    stream.end({ code: 1001, reason: "server stopping" });
  });

  it("sends no gap when the log goes on from its cursor", async () => {
    const socket = new FakeSocket();
    const stream = open(socket, logOf([3, 4]).log, 2);
    await waitFor(() => socket.frames.length === 2, "two frames");
    expect(socket.frames.map((f) => f.seq)).toEqual([3, 4]);
    expect(socket.frames[0]?.data.message.media.base64).toBe(MEDIA);
    stream.end({ code: 1001, reason: "server stopping" });
  });

  it("acts on frames the client sent before the stream listened", async () => {
    const acked: number[] = [];
    const acks = new AckThrottle(
      (seq) => {
        acked.push(seq);
        return Promise.resolve();
      },
      new ManualClock(),
      () => undefined,
    );
    const frame = (text: string) => ({ data: Buffer.from(text), isBinary: false });
    const socket = new FakeSocket();
    const stream = new EventStream(
      socket.asWebSocket(),
      {
        instanceId: "inst",
        instanceData,
        filter: [],
        mediaBase64: true,
        cursor: 4,
        heartbeatMs: HEARTBEAT_MS,
        acks,
      },
      logOf([]).log,
      new EventHub("test", logger),
      new ReplayLimiter(),
      logger,
    );
    stream.start([frame(JSON.stringify({ type: "ack", seq: 3 })), frame("not an ack")]);
    await acks.close();
    expect(acked).toEqual([3]);
    expect(socket.closedWith).toEqual({ code: 1008, reason: "invalid frame" });
  });

  it("reads media only while the socket has room, and goes on as the client reads", async () => {
    const { log, reads } = logOf(range(1, 500));
    const socket = new FakeSocket();
    socket.reading = false;
    const stream = open(socket, log, 0);
    await settle();
    // Up to the limit (the last frame crossing it); the rest stays in the log.
    expect(socket.frames.length).toBe(FULL);
    expect(reads.media).toBe(FULL);
    expect(socket.bufferedAmount).toBeGreaterThanOrEqual(BUFFER_LIMIT);
    expect(socket.bufferedAmount).toBeLessThan(BUFFER_LIMIT + 2 * MEDIA.length);

    socket.read();
    await settle();
    expect(socket.frames.length).toBe(2 * FULL);
    socket.reading = true;
    socket.read();
    await waitFor(() => socket.frames.length === 500, "the whole log, once it reads");
    expect(socket.frames.map((f) => f.seq)).toEqual(range(1, 500));
    expect(reads.media).toBe(500);
    stream.end({ code: 1001, reason: "server stopping" });
  });

  it("closes a client that leaves its socket full through a heartbeat with 4008", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const socket = new FakeSocket();
    socket.reading = false;
    socket.on("ping", () => undefined);
    open(socket, logOf(range(1, 100)).log, 0);
    await settle();
    vi.advanceTimersByTime(HEARTBEAT_MS);
    // It answers pings (its pongs arrive), but takes nothing: still too slow.
    socket.emit("pong");
    expect(socket.closedWith).toBeUndefined();
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(socket.closedWith).toEqual({ code: 4008, reason: "consumer too slow" });
  });

  it("20 clients that never read: a few replays at a time, each reading a bounded part", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const events = 400;
    const { log, reads } = logOf(range(1, events));
    const replays = new ReplayLimiter(4);
    const sockets = Array.from({ length: 20 }, () => {
      const socket = new FakeSocket();
      socket.reading = false;
      open(socket, log, 0, replays);
      return socket;
    });
    await settle();
    // Four replays hold the socket's worth each; sixteen wait their turn, reading nothing.
    expect(replays.load).toEqual({ active: 4, waiting: 16 });
    expect(reads.media).toBe(4 * FULL);
    expect(sockets.filter((socket) => socket.frames.length > 0)).toHaveLength(4);

    // Two heartbeats: the four are too slow; the others, silent, are dropped as gone.
    vi.advanceTimersByTime(HEARTBEAT_MS);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    await settle();
    const slow = sockets.filter((socket) => socket.closedWith?.code === 4008);
    expect(slow).toHaveLength(4);
    expect(slow.every((socket) => socket.frames.length === FULL)).toBe(true);
    expect(sockets.filter((socket) => socket.terminated)).toHaveLength(16);
    // Of 20 × 400 media events asked for, the server read 4 × 10.
    expect(reads.media).toBe(4 * FULL);
    expect(replays.load).toEqual({ active: 0, waiting: 0 });
  });
});

describe("event stream, a live event as a log read ends", () => {
  /**
   * An event recorded and published while the stream is still finishing a read of the
   * log (its drain loop has seen nothing more, but it has not yet marked itself idle)
   * must go out at once, not at the next heartbeat. Published after each number of
   * microtasks in turn, so one of them falls in that window.
   */
  it.each(range(0, 12))("sends an event published %i microtasks after the read", async (hops) => {
    const seqs: number[] = [];
    const hub = new EventHub("test", logger);
    let published = false;
    const log: StreamLog = {
      readAfter: (_id, after) => {
        if (!published) {
          published = true;
          let chain = Promise.resolve();
          for (let i = 0; i < hops; i += 1) chain = chain.then(() => undefined);
          void chain.then(() => {
            seqs.push(1);
            hub.publish(stored(1, false));
          });
        }
        return Promise.resolve(seqs.filter((s) => s > after).map((s) => stored(s, false)));
      },
      read: (_id, seq) => Promise.resolve(seqs.includes(seq) ? stored(seq, false) : undefined),
    };
    const socket = new FakeSocket();
    const stream = new EventStream(
      socket.asWebSocket(),
      {
        instanceId: "inst",
        instanceData,
        filter: [],
        mediaBase64: false,
        cursor: 0,
        heartbeatMs: HEARTBEAT_MS,
      },
      log,
      hub,
      new ReplayLimiter(),
      logger,
    );
    stream.start();
    // No heartbeat comes within this test: only the stream's own handling can send it.
    await settle();
    expect(socket.frames.map((f) => f.seq)).toEqual([1]);
    stream.end({ code: 1001, reason: "server stopping" });
  });
});
