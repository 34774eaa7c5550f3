/**
 * `GET /api/instance/list` on an account of N instances, and what `/health` waits for
 * meanwhile: one list request while a client polls `/health` back to back.
 *
 *   npx tsx bench/instance-list.ts [--instances 2000]
 *
 * Prints one JSON line: the list's duration and the slowest `/health` answer during it.
 */
import { parseArgs } from "node:util";
import { startTestServer } from "../test/support/server.js";
import { instanceRecord, seedInstance } from "../test/support/seed.js";

const { values } = parseArgs({ options: { instances: { type: "string", default: "2000" } } });
const count = Number(values.instances);

const server = await startTestServer();
const account = await server.createAccount("Bench", count + 1);
const { db } = server.runtime.database;
const { secrets } = server.runtime;
for (let i = 0; i < count; i += 1)
  await seedInstance(db, secrets, instanceRecord(secrets, account.id), count + 1);

const state = { listing: true };
const health: number[] = [];
const poll = (async () => {
  while (state.listing) {
    const t0 = performance.now();
    await (await fetch(`${server.url}/health`)).arrayBuffer();
    health.push(performance.now() - t0);
  }
})();
const t0 = performance.now();
const response = await fetch(`${server.url}/api/instance/list`, {
  headers: { token: account.token },
});
const bytes = (await response.arrayBuffer()).byteLength;
const listMs = performance.now() - t0;
state.listing = false;
await poll;
console.log(
  JSON.stringify({
    instances: count,
    status: response.status,
    bytes,
    listMs: Math.round(listMs),
    healthAnswersDuringList: health.length,
    slowestHealthMs: Math.round(Math.max(0, ...health)),
  }),
);
await server.close();
