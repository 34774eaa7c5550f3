/**
 * End-to-end event throughput and latency on the embedded default: contacts' messages
 * enter through the sandbox phone, are written to the event log, and reach a WebSocket
 * client and a webhook target over loopback. `--chats` spreads the messages over that
 * many contacts (round robin): a webhook keeps order per chat and delivers different
 * chats in parallel (WEBHOOK_CONCURRENCY), so one contact measures the ordered path.
 *
 *   npx tsx bench/event-flow.ts [--messages 2000] [--concurrency 8] [--rate 0] [--chats 1]
 *
 * Prints one JSON line: inbound requests/s, and p50/p99 ms from the inbound request to
 * the WebSocket frame and to the webhook delivery.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import WebSocket from "ws";
import { startTestServer } from "../test/support/server.js";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "8" },
    /** Messages per second offered; 0 sends as fast as the API answers. */
    rate: { type: "string", default: "0" },
    chats: { type: "string", default: "1" },
  },
});
const total = Number(values.messages);
const concurrency = Number(values.concurrency);
const rate = Number(values.rate);
const chats = Math.max(1, Number(values.chats));

const sentAt = new Map<string, number>();
const wsLatency: number[] = [];
const hookLatency: number[] = [];

function textOf(frame: unknown): string | undefined {
  const data = (frame as { data?: { message?: { content?: { text?: string } } } }).data;
  return data?.message?.content?.text;
}

const target = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    const text = textOf(JSON.parse(body));
    const start = text === undefined ? undefined : sentAt.get(text);
    if (start !== undefined) hookLatency.push(performance.now() - start);
    response.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
const hookUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;

const server = await startTestServer({
  env: { LOG_LEVEL: "silent", RATE_LIMIT_GLOBAL: String(total * 10) },
});
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Number((sorted[Math.floor((sorted.length - 1) * p)] ?? 0).toFixed(2));
};
try {
  const account = await server.createAccount("Bench", 5);
  const inst = await server.createInstance(account.token, {
    name: "bench",
    webhookEnabled: true,
    webhookURL: hookUrl,
    websocketEnabled: true,
  });
  await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
  const socket = new WebSocket(
    `${server.url.replace("http", "ws")}/ws/${inst.name}?token=${inst.token}`,
  );
  await new Promise((resolve) => socket.once("open", resolve));
  socket.on("message", (raw: Buffer) => {
    const text = textOf(JSON.parse(raw.toString()));
    const start = text === undefined ? undefined : sentAt.get(text);
    if (start !== undefined) wsLatency.push(performance.now() - start);
  });

  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next;
        const text = `message ${index}`;
        next += 1;
        if (rate > 0) {
          const due = started + (index * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        sentAt.set(text, performance.now());
        const reply = await fetch(`${server.url}/api/sandbox/inbound/${inst.name}`, {
          method: "POST",
          headers: { token: inst.token, "content-type": "application/json" },
          body: JSON.stringify({
            from: String(5511988880000 + (index % chats)),
            pushName: "Bench",
            text,
          }),
        });
        await reply.arrayBuffer();
      }
    }),
  );
  const inboundSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + 120_000;
  while ((wsLatency.length < total || hookLatency.length < total) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.log(
    JSON.stringify({
      messages: total,
      concurrency,
      chats,
      offeredPerSecond: rate > 0 ? rate : "max",
      inboundPerSecond: Math.round(total / inboundSeconds),
      websocket: {
        received: wsLatency.length,
        p50ms: percentile(wsLatency, 0.5),
        p99ms: percentile(wsLatency, 0.99),
      },
      webhook: {
        received: hookLatency.length,
        p50ms: percentile(hookLatency, 0.5),
        p99ms: percentile(hookLatency, 0.99),
      },
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    }),
  );
  socket.close();
} finally {
  await server.close();
  target.close();
}
