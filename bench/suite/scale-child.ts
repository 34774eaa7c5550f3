/**
 * The measured process of the scale section (run by scale.ts with --expose-gc):
 * `start DATA_DIR IDLE_MS` starts `serve` on data that scale.ts set up, waits until every
 * instance is connected again, idles, collects garbage and prints {startMs, rssBytes}.
 */
import { sql } from "kysely";
import { startTestServer } from "../../test/support/server.js";
import { BENCH_ENV } from "./gateway.js";
import { sleep, until } from "./stats.js";

const [mode, dataDir = "", idleMs = "3000"] = process.argv.slice(2);
export const SCALE_ENV = { ...BENCH_ENV, BRIDGE_POLL_MS: "1000" };

async function start(): Promise<void> {
  const started = performance.now();
  const server = await startTestServer({ role: "serve", dataDir, env: SCALE_ENV });
  const ids = (
    await sql<{ id: string }>`select id from instances`.execute(server.runtime.database.db)
  ).rows.map((r) => r.id);
  const connected = () =>
    ids.every((id) => server.runtime.sandbox.connection(id)?.isConnected() === true);
  await until(connected, "every instance connected again", 300_000, 10);
  const startMs = performance.now() - started;
  await sleep(Number(idleMs));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(200);
  gc?.();
  const rssBytes = process.memoryUsage().rss;
  process.stdout.write(`${JSON.stringify({ startMs, rssBytes, instances: ids.length })}\n`);
  await server.close(false);
}

if (mode === "start") await start();
else throw new Error(`bench: unknown mode ${String(mode)}`);
