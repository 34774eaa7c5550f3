/**
 * The event stream against a fake socket and a log the test controls: what it sends,
 * in what order, and when.
 */
import { describe, expect, it } from "vitest";
import { EventHub } from "../../src/api/events/log/event-hub.js";
import type { StoredEvent } from "../../src/api/events/log/log-store.js";
import { EventStream, type StreamLog } from "../../src/api/events/websocket/event-stream.js";
import { captureLog } from "../support/log-capture.js";
import { FakeSocket } from "./support/fake-socket.js";
import { waitFor } from "./support/helpers.js";

const logger = captureLog("silent").logger;
const instanceData = { baseUrl: "http://ponte.test", instance: "i", token: "t" };

function stored(seq: number): StoredEvent {
  return {
    instanceId: "inst",
    seq,
    event: "call.update",
    data: { callId: `c${seq}` } as never,
    hasMedia: false,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

/** A log holding the given sequence numbers. */
function logOf(seqs: number[]): StreamLog & { rows: StoredEvent[] } {
  const rows = seqs.map(stored);
  return {
    rows,
    readAfter: (_id, after, limit) =>
      Promise.resolve(rows.filter((row) => row.seq > after).slice(0, limit)),
    read: (_id, seq) => Promise.resolve(rows.find((row) => row.seq === seq)),
  };
}

function open(socket: FakeSocket, log: StreamLog, cursor: number): EventStream {
  const stream = new EventStream(
    socket.asWebSocket(),
    {
      instanceId: "inst",
      instanceData,
      filter: [],
      mediaBase64: false,
      cursor,
      heartbeatMs: 60_000,
    },
    log,
    new EventHub("test", logger),
    logger,
  );
  stream.start();
  return stream;
}

describe("event stream", () => {
  it("says so with a gap frame when the log jumps past its cursor (pruned meanwhile)", async () => {
    const socket = new FakeSocket();
    const stream = open(socket, logOf([5, 6]), 2);
    await waitFor(() => socket.frames.length === 3, "three frames");
    expect(socket.frames[0]).toEqual({ type: "gap", requestedAfter: 2, resumedAfter: 4 });
    expect(socket.frames.slice(1).map((f) => f.seq)).toEqual([5, 6]);
    stream.end({ code: 1001, reason: "server stopping" });
  });

  it("sends no gap when the log goes on from its cursor", async () => {
    const socket = new FakeSocket();
    const stream = open(socket, logOf([3, 4]), 2);
    await waitFor(() => socket.frames.length === 2, "two frames");
    expect(socket.frames.map((f) => f.seq)).toEqual([3, 4]);
    stream.end({ code: 1001, reason: "server stopping" });
  });
});
