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
import { startChatwootEmulator } from "../../tools/chatwoot-emulator/emulator.js";
import { progress, type Figures } from "./stats.js";

const run = promisify(execFile);
const child = path.join(path.dirname(new URL(import.meta.url).pathname), "scale-child.ts");

async function node(args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ["--expose-gc", "--import", "tsx", child, ...args], {
    env: { ...process.env, PONTE_TEST_DB: "sqlite" },
    maxBuffer: 16 * 2 ** 20,
  });
  return stdout;
}

export async function measureScale(figures: Figures, sizes: number[]): Promise<void> {
  const chatwoot = await startChatwootEmulator({ rateLimit: false, maxRecords: 1_000 });
  const account = chatwoot.accounts[0];
  if (account === undefined) throw new Error("bench: the emulator has no account");
  const results = new Map<number, { startMs: number; rssBytes: number }>();
  try {
    for (const size of sizes) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ponte-bench-scale-"));
      try {
        progress(`scale: setting up ${size} instance(s) with an integration`);
        await node(["setup", dataDir, String(size), chatwoot.url, String(account.id), account.admin.token]);
        progress(`scale: starting on ${size} instance(s)`);
        const out = JSON.parse((await node(["start", dataDir])).trim().split("\n").pop() ?? "{}") as { startMs: number; rssBytes: number };
        results.set(size, out);
        figures.add({ key: `scale.sqlite.${size}.rssMiB`, section: "scale", label: `RSS with ${size} idle instance(s) with integration (sqlite)`, value: out.rssBytes / 2 ** 20, unit: "MiB", note: "after start-up, 3 s idle, GC" });
        figures.add({ key: `scale.sqlite.${size}.startMs`, section: "scale", label: `start-up with ${size} instance(s) (sqlite)`, value: out.startMs, unit: "ms", note: "runtime start until every instance is connected" });
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
