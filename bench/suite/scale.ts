/**
 * Section 5, scale: RSS and start-up time of `serve` (SQLite) with N idle sandbox
 * instances, each with an active integration. Each size is set up by one process and
 * measured in a fresh one, so the figures are those of a restart on that data.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import {
  startChatwootEmulator,
  type ChatwootEmulator,
} from "../../tools/chatwoot-emulator/emulator.js";
import { startTestServer } from "../../test/support/server.js";
import { BENCH_ENV } from "./gateway.js";
import { progress, type Figures } from "./stats.js";

const run = promisify(execFile);
const child = path.join(path.dirname(new URL(import.meta.url).pathname), "scale-child.ts");

async function node(args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    ["--expose-gc", "--import", "tsx", child, ...args],
    {
      env: { ...process.env, PONTE_TEST_DB: "sqlite" },
      maxBuffer: 16 * 2 ** 20,
    },
  );
  return stdout;
}

/** N connected sandbox instances, each with an active integration, in DATA_DIR. */
async function setup(dataDir: string, size: number, chatwoot: ChatwootEmulator): Promise<void> {
  const seeded = chatwoot.accounts[0];
  if (seeded === undefined) throw new Error("bench: the emulator has no account");
  const server = await startTestServer({
    role: "serve",
    dataDir,
    env: { ...BENCH_ENV, BRIDGE_POLL_MS: "1000" },
  });
  try {
    const account = await server.createAccount("Scale", size + 10);
    for (let i = 0; i < size; i += 1) {
      const inst = await server.createInstance(account.token, { name: `scale-${i}` });
      await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
      const set = await server.request("POST", `/api/chatwoot/set/${inst.name}`, {
        token: inst.token,
        body: {
          chatwootBaseUrl: chatwoot.url,
          chatwootAccountId: seeded.id,
          chatwootApiToken: seeded.admin.token,
          inboxName: `Scale ${size} ${i}`,
        },
      });
      if (set.status !== 201)
        throw new Error(`bench: activation failed: ${JSON.stringify(set.body)}`);
    }
  } finally {
    await server.close(false);
  }
}

export async function measureScale(
  figures: Figures,
  sizes: number[],
  idleMs: number,
): Promise<void> {
  const chatwoot = await startChatwootEmulator({ rateLimit: false, maxRecords: 1_000 });
  const results = new Map<number, { startMs: number; rssBytes: number }>();
  try {
    for (const size of sizes) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ponte-bench-scale-"));
      try {
        progress(`scale: setting up ${size} instance(s) with an integration`);
        await setup(dataDir, size, chatwoot);
        progress(`scale: starting on ${size} instance(s)`);
        const out = JSON.parse(
          (await node(["start", dataDir, String(idleMs)])).trim().split("\n").pop() ?? "{}",
        ) as { startMs: number; rssBytes: number };
        results.set(size, out);
        figures.add({
          key: `scale.sqlite.${size}.rssMiB`,
          section: "scale",
          label: `RSS with ${size} idle instance(s) with integration (sqlite)`,
          value: out.rssBytes / 2 ** 20,
          unit: "MiB",
          note: `after start-up, ${idleMs / 1000} s idle, GC`,
        });
        figures.add({
          key: `scale.sqlite.${size}.startMs`,
          section: "scale",
          label: `start-up with ${size} instance(s) (sqlite)`,
          value: out.startMs,
          unit: "ms",
          note: "runtime start until every instance is connected",
        });
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await chatwoot.close();
  }
  const smallest = Math.min(...sizes);
  const largest = Math.max(...sizes);
  const low = results.get(smallest);
  const high = results.get(largest);
  if (low !== undefined && high !== undefined) {
    figures.add({
      key: "scale.sqlite.rssPerInstanceMB",
      section: "scale",
      label: "RSS per idle sandbox instance with integration (sqlite)",
      value: (high.rssBytes - low.rssBytes) / (largest - smallest) / 1e6,
      unit: "MB",
      note: `(RSS at ${largest} − RSS at ${smallest}) / ${largest - smallest}`,
    });
  }
}
