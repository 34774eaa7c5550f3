/**
 * Real PostgreSQL and Redis for tests. When one is unreachable the tests that need it are
 * skipped with a printed reason, except under CI=true, where its absence is a failure.
 */
import net from "node:net";

export const PG_URL = process.env.PONTE_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.PONTE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Which database the server tests run on: `PONTE_TEST_DB=postgres` moves them (and Redis). */
export const SERVER_DB: "sqlite" | "postgres" =
  process.env.PONTE_TEST_DB === "postgres" ? "postgres" : "sqlite";

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const cache = new Map<string, Promise<boolean>>();

/** True when the service answers; false (after printing why) when tests should skip. */
export async function serviceAvailable(name: "postgres" | "redis"): Promise<boolean> {
  const url = name === "postgres" ? PG_URL : REDIS_URL;
  let probe = cache.get(url);
  if (probe === undefined) {
    probe = reachable(url);
    cache.set(url, probe);
  }
  if (await probe) return true;
  if (process.env.CI === "true") {
    throw new Error(`${name} is required under CI=true but ${url} is unreachable`);
  }
  console.warn(`skipping ${name} tests: ${url} is unreachable`);
  return false;
}
