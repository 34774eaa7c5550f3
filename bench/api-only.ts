/**
 * The API section of the suite alone (issue 11, item 4):
 * `npx tsx bench/api-only.ts [--runs N] [--duration S] [--connections C] [--only key,key]`.
 * Starts ponte `serve` beside the Chatwoot emulator (the suite's set-up) and prints the
 * API figures as JSON; `PONTE_TEST_DB=postgres` runs it on PostgreSQL. Run it under
 * `--profile DIR` for a .cpuprofile of each endpoint's load (bench/profile-summary.ts reads it).
 */
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { measureApi } from "./suite/api.js";
import { benchGateway } from "./suite/gateway.js";
import { Figures, progress } from "./suite/stats.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "1" },
    duration: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    /** Comma-separated endpoint keys (chatwootList, chatwootSet, …); all by default. */
    only: { type: "string" },
    /** Writes a .cpuprofile per endpoint into this folder, of its own load only. */
    profile: { type: "string" },
  },
});

/** Profiles each endpoint's run in this process (server and load generator share it). */
function profiler(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  return async <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
    try {
      return await run();
    } finally {
      const { profile } = await session.post("Profiler.stop");
      fs.writeFileSync(path.join(dir, `${key}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    }
  };
}

const db = process.env.PONTE_TEST_DB === "postgres" ? "postgres" : "sqlite";
progress(`${db}: starting ponte serve and the Chatwoot emulator`);
const gateway = await benchGateway();
const figures = new Figures();
try {
  await measureApi(gateway, figures, {
    db,
    runs: Number(values.runs),
    durationS: Number(values.duration),
    connections: Number(values.connections),
    ...(values.only !== undefined ? { only: values.only.split(",") } : {}),
    ...(values.profile !== undefined ? { around: profiler(values.profile) } : {}),
  });
} finally {
  await gateway.close();
}
const rows = new Map<string, Record<string, number>>();
for (const f of figures.list) {
  const [, , endpoint, figure] = f.key.split(".");
  if (endpoint === undefined || figure === undefined) continue;
  rows.set(endpoint, { ...rows.get(endpoint), [figure]: f.value });
}
process.stdout.write(`${JSON.stringify(Object.fromEntries(rows), null, 1)}\n`);
// Keep-alive sockets of the load generator must not hold the process open.
process.exit(0);
