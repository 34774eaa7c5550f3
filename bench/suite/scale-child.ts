/**
 * One process of the scale section (run by scale.ts with --expose-gc):
 *
 *   setup DATA_DIR N CHATWOOT_URL ACCOUNT_ID API_TOKEN: N connected sandbox instances,
 *     each with an active Chatwoot integration, then stops;
 *   start DATA_DIR: starts `serve` on that data, waits until every instance is
 *     connected again, lets it idle, and prints {startMs, rssBytes} as JSON.
 */
import { sql } from "kysely";
import { startTestServer } from "../../test/support/server.js";
import { BENCH_ENV } from "./gateway.js";
import { sleep, until } from "./stats.js";

const [mode, dataDir = "", count = "1", chatwootUrl = "", accountId = "1", apiToken = ""] = process.argv.slice(2);
const env = { ...BENCH_ENV, BRIDGE_POLL_MS: "1000" };

async function setup(): Promise<void> {
  const server = await startTestServer({ role: "serve", dataDir, env });
  const account = await server.createAccount("Scale", Number(count) + 10);
  for (let i = 0; i < Number(count); i += 1) {
    const inst = await server.createInstance(account.token, { name: `scale-${i}` });
    await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
    const set = await server.request("POST", `/api/chatwoot/set/${inst.name}`, {
      token: inst.token,
      body: { chatwootBaseUrl: chatwootUrl, chatwootAccountId: Number(accountId), chatwootApiToken: apiToken, inboxName: `Scale ${i}` },
    });
    if (set.status !== 201) throw new Error(`bench: activation failed: ${JSON.stringify(set.body)}`);
  }
  await server.close(false);
}

async function start(): Promise<void> {
  const started = performance.now();
  const server = await startTestServer({ role: "serve", dataDir, env });
  const ids = (await sql<{ id: string }>`select id from instances`.execute(server.runtime.database.db)).rows.map((r) => r.id);
  const connected = () => ids.every((id) => server.runtime.sandbox.connection(id)?.isConnected() === true);
  await until(connected, "every instance connected again", 300_000, 10);
  const startMs = performance.now() - started;
  await sleep(3_000);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(200);
  gc?.();
  const rssBytes = process.memoryUsage().rss;
  process.stdout.write(`${JSON.stringify({ startMs, rssBytes, instances: ids.length })}\n`);
  await server.close(false);
}

if (mode === "setup") await setup();
else if (mode === "start") await start();
else throw new Error(`bench: unknown mode ${String(mode)}`);
