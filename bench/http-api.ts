/**
 * Throughput and latency of the API's hot path (token resolution, rate-limit count,
 * instance look-up, JSON answer) on the embedded default, over real HTTP on loopback.
 *
 *   npx tsx bench/http-api.ts [--requests 20000] [--concurrency 32]
 *
 * Prints one JSON line per scenario: requests/s and latency percentiles in ms.
 */
import { parseArgs } from "node:util";
import { startTestServer } from "../test/support/server.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "32" },
  },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);

async function measure(name: string, call: () => Promise<Response>): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        const response = await call();
        await response.arrayBuffer();
        if (response.status >= 400) throw new Error(`${name}: HTTP ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number((latencies[Math.floor((latencies.length - 1) * p)] ?? 0).toFixed(2));
  console.log(
    JSON.stringify({
      scenario: name,
      requests: latencies.length,
      concurrency,
      perSecond: Math.round(latencies.length / seconds),
      p50ms: pct(0.5),
      p99ms: pct(0.99),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    }),
  );
}

const server = await startTestServer({
  env: { LOG_LEVEL: "silent", RATE_LIMIT_GLOBAL: String(total * 10) },
});
try {
  const account = await server.createAccount("Bench", 100);
  const inst = await server.createInstance(account.token, { name: "bench" });
  await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
  await measure("GET /health", () => fetch(`${server.url}/health`));
  await measure("GET /api/instance/getSettings (TokenInstance)", () =>
    fetch(`${server.url}/api/instance/getSettings/${inst.name}`, {
      headers: { token: inst.token },
    }),
  );
  await measure("GET /api/instance/list?instanceName= (TokenAccount)", () =>
    fetch(`${server.url}/api/instance/list?instanceName=${inst.name}`, {
      headers: { token: account.token },
    }),
  );
} finally {
  await server.close();
}
