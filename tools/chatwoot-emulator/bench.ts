/**
 * Micro benchmark: what one emulator call costs on loopback, compared with a bare
 * node:http server that answers `{}` (the floor any HTTP server pays). The
 * difference is the emulator's own work, which must stay well under a millisecond so
 * ponte's benchmarks measure ponte.
 *
 *   npx tsx tools/chatwoot-emulator/bench.ts [--calls 2000] [--history 20000]
 *
 * `--history` preloads that many messages first, to show per-call cost does not grow
 * with the amount of state. The webhook receiver runs in a child process so its work
 * is not charged to the emulator; sending the webhook is (Chatwoot does that too).
 */
import { spawn } from "node:child_process";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { startChatwootEmulator } from "./emulator.js";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "2000" },
    history: { type: "string", default: "0" },
  },
});
const CALLS = Number(values.calls);
const HISTORY = Number(values.history);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function call(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

interface Stats {
  name: string;
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

async function measure(name: string, run: () => Promise<number>): Promise<Stats> {
  for (let i = 0; i < 200; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i += 1) {
    const start = process.hrtime.bigint();
    const status = await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
    if (status >= 400) throw new Error(`${name}: HTTP ${status}`);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return {
    name,
    meanUs: Math.round(mean),
    p50Us: Math.round(at(0.5)),
    p99Us: Math.round(at(0.99)),
  };
}

async function baseline(): Promise<Stats> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const stats = await measure("bare node:http {}", () => call(url, "GET", {}));
  server.close();
  return stats;
}

const RECEIVER = `
const server = require("node:http").createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200).end());
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;

/** A webhook receiver in another process; resolves with its URL. */
async function startReceiver(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["-e", RECEIVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  return { url: `http://127.0.0.1:${port}/hook`, stop: () => child.kill() };
}

/** An emulator with one conversation whose inbox has a webhook, and one without. */
async function setUp(history: number) {
  const receiver = await startReceiver();
  const emulator = await startChatwootEmulator({
    rateLimit: false,
    limits: { conversationMessagesPerMinute: Number.MAX_SAFE_INTEGER },
  });
  const json = {
    api_access_token: emulator.accounts[0]?.admin.token ?? "",
    "content-type": "application/json",
  };
  const base = `${emulator.url}/api/v1/accounts/1`;
  for (const [name, webhookUrl] of [
    ["bench", receiver.url],
    ["quiet", ""],
  ] as const) {
    const inbox = emulator.control.createInbox({ name, webhookUrl });
    const contact = { name, inbox_id: inbox.id, source_id: name };
    await call(`${base}/contacts`, "POST", json, JSON.stringify(contact));
    await call(
      `${base}/conversations`,
      "POST",
      json,
      JSON.stringify({ source_id: name, inbox_id: inbox.id }),
    );
  }
  for (let i = 0; i < history; i += 1)
    emulator.control.incoming({ conversationId: 1, content: `history ${i}` });
  await emulator.control.waitForDeliveries();
  return { receiver, emulator, json, base };
}

async function main(): Promise<void> {
  const { receiver, emulator, json, base } = await setUp(HISTORY);
  const incoming = JSON.stringify({ content: "hello", message_type: "incoming" });
  const floor = await baseline();
  const results = [
    floor,
    await measure("GET conversation", () => call(`${base}/conversations/1`, "GET", json)),
    await measure("GET messages", () => call(`${base}/conversations/1/messages`, "GET", json)),
    await measure("GET contacts/search", () =>
      call(`${base}/contacts/search?q=bench`, "GET", json),
    ),
    await measure("POST message (no webhook)", () =>
      call(`${base}/conversations/2/messages`, "POST", json, incoming),
    ),
    await measure("POST message (+webhook)", () =>
      call(`${base}/conversations/1/messages`, "POST", json, incoming),
    ),
  ];
  await emulator.control.waitForDeliveries();
  const rows = results.map((r) => ({
    ...r,
    ownWorkP50Us: r.p50Us - floor.p50Us,
    ownWorkMeanUs: r.meanUs - floor.meanUs,
  }));
  process.stdout.write(
    `${JSON.stringify({ calls: CALLS, history: HISTORY, results: rows }, null, 2)}\n`,
  );
  await emulator.close();
  receiver.stop();
  agent.destroy();
}

await main();
