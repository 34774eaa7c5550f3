/**
 * Section 5, scale out: the inbound relay on PostgreSQL with two API and two gateway
 * processes (`node dist/cli/main.js api|bridge`, as an operator runs them) sharing one
 * schema and one Redis prefix, beside the Chatwoot emulator in this process. Customers'
 * messages arrive over HTTP (`POST /api/sandbox/inbound/:name`) at both APIs, for
 * instances connected on either; both gateways claim from the one queue. Besides the
 * rate and latency, the run counts what a multi-process deployment must never do:
 * a message doubled or lost.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startChatwootEmulator } from "../../tools/chatwoot-emulator/emulator.js";
import { closedPort } from "../../test/bridge/support/gateway-harness.js";
import { PG_URL, REDIS_URL } from "../../test/support/services.js";
import { BENCH_ENV, contactPhone, now } from "./gateway.js";
import { percentile, progress, sleep, until, type Figures } from "./stats.js";

export interface ClusterOptions {
  instances: number;
  messages: number;
  contacts: number;
  /** Injection requests in flight at once. */
  concurrency: number;
}

const CLI = path.join(path.dirname(new URL(import.meta.url).pathname), "../../dist/cli/main.js");

interface Child {
  url: string;
  process: ChildProcess;
}

async function healthy(url: string, what: string): Promise<void> {
  await until(
    async () => {
      const reply = await fetch(`${url}/health`).catch(() => undefined);
      return reply?.status === 200;
    },
    what,
    60_000,
    100,
  );
}

async function call(
  url: string,
  method: string,
  route: string,
  token: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const reply = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const parsed = (await reply.json()) as Record<string, unknown>;
  if (reply.status >= 300)
    throw new Error(`bench: ${method} ${route} → ${reply.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

export async function measureCluster(figures: Figures, options: ClusterOptions): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error("bench: the cluster run needs `npm run build` first");
  const schema = `bench_cluster_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const chatwoot = await startChatwootEmulator({
    rateLimit: false,
    now,
    limits: { conversationMessagesPerMinute: 1_000_000_000 },
    maxRecords: 1_000,
    webhookConcurrency: 16,
  });
  const children: Child[] = [];
  const shared = {
    ...process.env,
    ...BENCH_ENV,
    DATABASE_URL: `${PG_URL}?options=-c%20search_path%3D${schema}`,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${schema}:`,
    ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    BRIDGE_TOKEN: `brg_${randomBytes(16).toString("hex")}`,
    DEFAULT_PROVIDER: "sandbox",
    HOST: "127.0.0.1",
  };
  const start = (role: string, port: number, env: Record<string, string>): Child => {
    const url = `http://127.0.0.1:${port}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ponte-cluster-${role}-`));
    const child = spawn(process.execPath, [CLI, role], {
      env: { ...shared, ...env, PORT: String(port), DATA_DIR: dataDir },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push({ url, process: child });
    return { url, process: child };
  };
  try {
    const migrate = spawn(process.execPath, [CLI, "migrate"], { env: shared, stdio: "ignore" });
    await new Promise((resolve) => migrate.on("exit", resolve));
    const ports = await Promise.all([closedPort(), closedPort(), closedPort(), closedPort()]);
    const [a1, a2, b1, b2] = ports.map((p) => `http://127.0.0.1:${p}`) as [
      string,
      string,
      string,
      string,
    ];
    progress("cluster (postgres): starting two API and two gateway processes");
    start("api", ports[0], { INTERNAL_URL: a1, BRIDGE_URL: b1 });
    start("api", ports[1], { INTERNAL_URL: a2, BRIDGE_URL: b2 });
    start("bridge", ports[2], { BRIDGE_INTERNAL_API_URL: a1, PUBLIC_URL: b1 });
    start("bridge", ports[3], { BRIDGE_INTERNAL_API_URL: a2, PUBLIC_URL: b2 });
    for (const c of children) await healthy(c.url, `${c.url} to start`);

    const created = spawn(
      process.execPath,
      [CLI, "account", "create", "--name", "Bench", "--json"],
      {
        env: shared,
      },
    );
    let out = "";
    created.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await new Promise((resolve) => created.on("exit", resolve));
    const accountToken = String((JSON.parse(out) as Record<string, unknown>).token);

    const account = chatwoot.accounts[0];
    if (account === undefined) throw new Error("bench: the emulator has no account");
    const apis = [a1, a2];
    const instances: { name: string; token: string; api: string }[] = [];
    for (let i = 0; i < options.instances; i += 1) {
      const api = apis[i % 2]!;
      const name = `cluster-${i}`;
      const made = await call(api, "POST", "/api/instance/new", accountToken, {
        name,
        provider: "sandbox",
      });
      const token = String((made.data as Record<string, unknown>).token);
      await call(api, "GET", `/api/instance/connect/${name}`, token);
      await call(api, "POST", `/api/chatwoot/set/${name}`, token, {
        chatwootBaseUrl: chatwoot.url,
        chatwootAccountId: account.id,
        chatwootApiToken: account.admin.token,
        inboxName: `WhatsApp ${name}`,
      });
      instances.push({ name, token, api });
    }
    const createdMessages = () => chatwoot.control.callCounts()["messages.create"] ?? 0;
    const sentAt = new Map<string, number>();
    // Each instance's message i goes to the API it was connected on, or the other one
    // (which forwards to it), alternately.
    const inject = async (from: number, to: number) => {
      let next = from;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (next < to) {
            const i = next;
            next += 1;
            const instance = instances[i % instances.length]!;
            const api = i % 2 === 0 ? instance.api : apis.find((u) => u !== instance.api)!;
            const tag = `cluster-${i}`;
            sentAt.set(tag, now());
            await call(api, "POST", `/api/sandbox/inbound/${instance.name}`, instance.token, {
              from: contactPhone(Math.floor(i / instances.length) % options.contacts),
              text: `${tag} hello`,
            });
          }
        }),
      );
    };

    const cold = options.contacts * options.instances;
    progress(`cluster (postgres): ${cold} cold messages (every contact of every instance)`);
    await inject(0, cold);
    await until(() => createdMessages() >= cold, "the cluster's cold messages", 600_000, 20);

    progress(`cluster (postgres): ${options.messages} warm messages`);
    const base = createdMessages();
    const started = performance.now();
    await inject(cold, cold + options.messages);
    progress(
      `cluster (postgres): injected in ${((performance.now() - started) / 1000).toFixed(1)} s, ${createdMessages() - base} relayed so far`,
    );
    await until(
      () => createdMessages() >= base + options.messages,
      "the cluster's warm messages",
      600_000,
      10,
    );
    const seconds = (performance.now() - started) / 1000;
    // Late copies, if any, would arrive now.
    await sleep(2_000);

    const contents = chatwoot.control
      .messageTimes()
      .filter((m) => m.content?.startsWith("cluster-") === true);
    const distinct = new Set(contents.map((m) => m.content));
    const latency: number[] = [];
    for (const m of contents) {
      const sent = sentAt.get((m.content ?? "").split(" ")[0] ?? "");
      if (sent !== undefined && Number((m.content ?? "").slice(8).split(" ")[0]) >= cold)
        latency.push(m.createdAt - sent);
    }
    const how = `${options.messages} warm messages to ${options.instances} instances from ${options.contacts} contacts each, over HTTP at both APIs, ${options.concurrency} in flight`;
    const add = (key: string, label: string, value: number, unit: string, note?: string) =>
      figures.add({
        key: `cluster.postgres.${key}`,
        section: "scale",
        label: `${label} (postgres, 2 API + 2 gateway processes)`,
        value,
        unit,
        ...(note === undefined ? {} : { note }),
      });
    add("msgPerSecond", "inbound relay", options.messages / seconds, "msg/s", how);
    add(
      "p50Ms",
      "inbound latency, p50",
      percentile(latency, 0.5),
      "ms",
      "HTTP injection → emulator's message created",
    );
    add("p99Ms", "inbound latency, p99", percentile(latency, 0.99), "ms", "queueing included");
    add("doubled", "messages doubled", contents.length - distinct.size, "messages");
    add("lost", "messages lost", cold + options.messages - distinct.size, "messages");
  } finally {
    for (const c of children) c.process.kill("SIGTERM");
    await Promise.all(
      children.map(
        (c) =>
          new Promise((resolve) =>
            c.process.exitCode !== null ? resolve(undefined) : c.process.on("exit", resolve),
          ),
      ),
    );
    await chatwoot.close();
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await admin.end();
  }
}
