/**
 * Issue 14 item 2 over real sockets: clients that ask for the whole log (`?after=0`) and
 * never read. The server reads the log only as far as each socket takes it, lets a few
 * replays run at a time, and closes a client that leaves its socket full with 4008
 * (seen by the client once it reads again), instead of holding the log for each.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { EventLogStore, type StoredEvent } from "../../src/api/events/log/log-store.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { connectedInstance, waitFor, wsUrl } from "./support/helpers.js";

const EVENTS = 30;
const MEDIA = "A".repeat(2 * 1024 * 1024);
const CLIENTS = 20;

/** A client that pauses its TCP socket as soon as it is open: it reads nothing more. */
function stalledClient(url: string) {
  const socket = new WebSocket(url);
  const tcp = () => (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => {
      tcp().pause();
      resolve();
    });
    socket.once("error", reject);
  });
  socket.on("error", () => undefined);
  return { opened, closed, resume: () => tcp().resume() };
}

describe("WebSocket replay to clients that never read", () => {
  let server: TestServer;
  let mediaRead = 0;

  beforeAll(async () => {
    server = await startTestServer({ env: { WS_HEARTBEAT_MS: "200" } });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Counts the media events the server reads from the log, however it reads them. */
  function countMediaReads(): void {
    const count = (events: (StoredEvent | undefined)[]) => {
      for (const event of events) if (event?.mediaBase64 !== undefined) mediaRead += 1;
    };
    // The originals are called with the store as `this` (apply below).
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const { readAfter, read } = EventLogStore.prototype;
    vi.spyOn(EventLogStore.prototype, "readAfter").mockImplementation(async function (
      this: EventLogStore,
      ...args
    ) {
      const page = await readAfter.apply(this, args);
      count(page);
      return page;
    });
    vi.spyOn(EventLogStore.prototype, "read").mockImplementation(async function (
      this: EventLogStore,
      ...args
    ) {
      const event = await read.apply(this, args);
      count([event]);
      return event;
    });
  }

  it("reads a bounded part of the log for each and closes the slow ones with 4008", async () => {
    const inst = await connectedInstance(server, {
      websocketEnabled: true,
      websocketMediaBase64: true,
    });
    const log = new EventLogStore(server.runtime.database.db);
    const at = new Date().toISOString();
    for (let i = 0; i < EVENTS; i += 1) {
      const id = `BIG${i}`;
      await log.append(
        inst.id,
        {
          event: "message.exchange",
          data: {
            id,
            type: "image",
            message: { id, content: {}, media: { type: "image", mimetype: "image/jpeg" } },
          } as never,
          messageId: id,
          targetId: null,
          chatJid: "5511900000060@s.whatsapp.net",
          fromMe: false,
          mediaBase64: MEDIA,
        },
        [],
        at,
      );
    }
    countMediaReads();
    const url = wsUrl(server, `/ws/${inst.name}?token=${inst.token}&after=0`);
    const clients = Array.from({ length: CLIENTS }, () => stalledClient(url));
    await Promise.all(clients.map((client) => client.opened));

    const gone = () =>
      server.log
        .lines()
        .filter(
          (line) =>
            line.instanceId === inst.id &&
            (line.msg === "websocket consumer too slow" ||
              line.msg === "websocket peer missed a heartbeat"),
        ).length;
    await waitFor(() => gone() === CLIENTS, "the server to give up on every client", 30_000);
    for (const client of clients) client.resume();
    const codes = await Promise.all(clients.map((client) => client.closed));

    // Those that were sent events did not take them: too slow. Those still waiting for
    // their turn had been sent nothing and did not answer pings: dropped as gone (1006).
    expect(codes.every((code) => code === 4008 || code === 1006)).toBe(true);
    expect(codes.filter((code) => code === 4008).length).toBeGreaterThan(0);
    // Each client asked for the whole log; the server read at most a few events for any.
    expect(mediaRead).toBeLessThanOrEqual(CLIENTS * 10);
  });
});
