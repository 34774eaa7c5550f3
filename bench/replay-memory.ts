/**
 * WebSocket replay under clients that never read (issue 14 item 2): a large event log,
 * then N clients ask `?after=0` and pause their sockets. Prints the process's peak RSS
 * over the run and how much of the log the server read for them.
 *
 *   npx tsx bench/replay-memory.ts [--events 10000] [--bytes 5000] [--clients 20] [--seconds 10]
 *                                  [--media 0]
 *
 * `--media N` gives every event N bytes of media (base64) and the stream asks for it.
 */
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { EventLogStore, type LogEntry, type StoredEvent } from "../src/api/events/log/log-store.js";
import { startTestServer } from "../test/support/server.js";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "10000" },
    bytes: { type: "string", default: "5000" },
    clients: { type: "string", default: "20" },
    seconds: { type: "string", default: "10" },
    /** Bytes of media (base64) per event instead of text; the stream asks for media. */
    media: { type: "string", default: "0" },
  },
});
const events = Number(values.events);
const clients = Number(values.clients);

let pagesRead = 0;
let bytesRead = 0;
const sizeOf = (event: StoredEvent | undefined) =>
  event === undefined ? 0 : JSON.stringify(event.data).length + (event.mediaBase64?.length ?? 0);
// Wrapped in place (the methods are called on the store, `this` included), to count
// what the server reads from the log however it reads it.
// eslint-disable-next-line @typescript-eslint/unbound-method
const { readAfter, read } = EventLogStore.prototype;
EventLogStore.prototype.readAfter = async function (this: EventLogStore, ...args) {
  const page = await readAfter.apply(this, args);
  pagesRead += 1;
  for (const event of page) bytesRead += sizeOf(event);
  return page;
};
EventLogStore.prototype.read = async function (this: EventLogStore, ...args) {
  const event = await read.apply(this, args);
  bytesRead += sizeOf(event);
  return event;
};

const server = await startTestServer({
  env: { LOG_LEVEL: "silent", WS_HEARTBEAT_MS: "600000" },
});
try {
  const account = await server.createAccount("Bench", 5);
  const inst = await server.createInstance(account.token, {
    name: "bench",
    websocketEnabled: true,
    websocketMediaBase64: Number(values.media) > 0,
  });
  const log = new EventLogStore(server.runtime.database.db);
  const text = "x".repeat(Number(values.bytes));
  const media = "A".repeat(Number(values.media));
  const at = new Date().toISOString();
  for (let i = 0; i < events; i += 1) {
    const id = `M${i}`;
    const entry: LogEntry = {
      event: "message.exchange",
      data: {
        id,
        type: media === "" ? "text" : "image",
        message: {
          id,
          content: { text },
          ...(media === "" ? {} : { media: { type: "image", mimetype: "image/jpeg" } }),
        },
      } as never,
      messageId: id,
      targetId: null,
      chatJid: "5511900000000@s.whatsapp.net",
      fromMe: false,
      mediaBase64: media === "" ? null : media,
    };
    await log.append(inst.id, entry, [], at);
  }
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const sockets: WebSocket[] = [];
  const url = `${server.url.replace("http", "ws")}/ws/${inst.name}?token=${inst.token}&after=0`;
  for (let i = 0; i < clients; i += 1) {
    const socket = new WebSocket(url);
    // Never read: the TCP socket is paused as soon as the upgrade completes.
    socket.on("upgrade", () =>
      setImmediate(() => (socket as unknown as { _socket: { pause(): void } })._socket.pause()),
    );
    socket.on("error", () => undefined);
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, Number(values.seconds) * 1000));
  clearInterval(sampler);
  const logBytes = events * (Number(values.bytes) + Number(values.media));
  console.log(
    JSON.stringify({
      events,
      logMiB: Math.round(logBytes / 2 ** 20),
      clients,
      baselineRssMiB: Math.round(baseline / 2 ** 20),
      peakRssMiB: Math.round(peak / 2 ** 20),
      pagesRead,
      logReadMiB: Math.round(bytesRead / 2 ** 20),
    }),
  );
  for (const socket of sockets) socket.terminate();
} finally {
  await server.close();
}
