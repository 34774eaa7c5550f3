/**
 * Boots the real API on a free port (SQLite, or PostgreSQL + Redis with
 * PONTE_TEST_DB=postgres) and speaks HTTP to it, as a client would.
 */
import fs from "node:fs";
import { randomBytes } from "node:crypto";
import type { ApiOverrides, ApiRuntime, RegisteredRoute } from "../../src/app/compose-api.js";
import type { BridgeRuntime } from "../../src/app/compose-bridge.js";
import { startRuntime } from "../../src/app/runtime.js";
import { loadConfig, type Role } from "../../src/platform/config.js";
import type { Clock } from "../../src/platform/clock.js";
import type { SocketFactory } from "../../src/providers/baileys/socket.js";
import type { Resolver } from "../../src/platform/net/outbound-guard.js";
import type { YieldTurn } from "../../src/api/instances/instance-listing.js";
import { captureLog, type CapturedLog } from "./log-capture.js";
import { tableResolver } from "./outbound.js";
import { dropPgSchema, newPgSchema, tempDir } from "./databases.js";
import { PG_URL, REDIS_URL, SERVER_DB, serviceAvailable } from "./services.js";

export interface TestServerOptions {
  env?: Record<string, string>;
  role?: Role;
  clock?: Clock;
  /** Share a data folder / schema with an earlier server (restart tests). */
  dataDir?: string;
  pgSchema?: string;
  /** A fake WhatsApp for instances on the baileys provider. */
  makeSocket?: SocketFactory;
  /** Listen on this port (a restart that others, such as Chatwoot, still call back at). */
  port?: number;
  /** DNS of the outbound guard; by default a table that knows only localhost. */
  outboundResolver?: Resolver;
  /** The instance list's turn between slices. */
  listYield?: YieldTurn;
  /** Sees every SQL statement. */
  onQuery?: (sql: string) => void;
  /** Routes of the caller's, behind ponte's hooks. */
  routes?: ApiOverrides["routes"];
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestServer {
  url: string;
  runtime: ApiRuntime;
  /** The gateway, when the role runs one (`serve`). */
  bridge: BridgeRuntime | undefined;
  /** Every route the server registered, as Fastify reported it (HEAD twins included). */
  routes: RegisteredRoute[];
  log: CapturedLog;
  dataDir: string;
  pgSchema: string | undefined;
  request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply<T>>;
  createAccount(name?: string, maxInstances?: number): Promise<{ id: string; token: string }>;
  createInstance(
    accountToken: string,
    body?: Record<string, unknown>,
  ): Promise<{ name: string; token: string; id: string }>;
  /** Stops the server; keeps the data unless `dispose` is true. */
  close(dispose?: boolean): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const usePg = SERVER_DB === "postgres" && (await serviceAvailable("postgres"));
  const useRedis = usePg && (await serviceAvailable("redis"));
  const pgSchema = usePg ? (options.pgSchema ?? newPgSchema()) : undefined;
  const env: Record<string, string> = {
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    LOG_LEVEL: "debug",
    DEFAULT_PROVIDER: "sandbox",
    // Local receivers (webhook targets, media servers) listen on loopback; the tests
    // that prove the guard refuses them set OUTBOUND_ALLOW to "".
    OUTBOUND_ALLOW: "127.0.0.1",
    ...(usePg ? { DATABASE_URL: PG_URL } : {}),
    ...(useRedis
      ? { REDIS_URL: REDIS_URL, REDIS_KEY_PREFIX: `ponte-test:${randomBytes(6).toString("hex")}:` }
      : {}),
    ...options.env,
  };
  const config = loadConfig(options.role ?? "api", env);
  const log = captureLog(env.LOG_LEVEL);
  const routes: RegisteredRoute[] = [];
  const started = await startRuntime(
    config,
    {
      logger: log.logger,
      onRoute: (route) => routes.push(route),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      ...(pgSchema !== undefined ? { pgSchema } : {}),
      ...(options.makeSocket !== undefined ? { makeSocket: options.makeSocket } : {}),
      outboundResolver: options.outboundResolver ?? tableResolver(),
      ...(options.listYield !== undefined ? { listYield: options.listYield } : {}),
      ...(options.onQuery !== undefined ? { onQuery: options.onQuery } : {}),
      ...(options.routes !== undefined ? { routes: options.routes } : {}),
    },
    { port: options.port ?? 0, host: "127.0.0.1" },
  );
  const runtime = started.api;
  if (runtime === undefined) throw new Error("the test server runs a role with the API");
  const address = started.address;

  const request: TestServer["request"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers.token = opts.token;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers["content-type"] ??= "application/json";
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    }
    const response = await fetch(`${address}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the raw text is the body
    }
    return { status: response.status, headers: response.headers, body: parsed as never };
  };

  const server: TestServer = {
    url: address,
    runtime,
    bridge: started.bridge,
    routes,
    log,
    dataDir,
    pgSchema,
    request,
    createAccount: async (name = "Acme", maxInstances = 10) => {
      const account = await runtime.auth.createAccount(name, maxInstances);
      return { id: account.id, token: account.token };
    },
    createInstance: async (accountToken, body = {}) => {
      const name = (body.name as string | undefined) ?? `inst-${randomBytes(4).toString("hex")}`;
      const reply = await request<{ instance: { id: string }; data: { token: string } }>(
        "POST",
        "/api/instance/new",
        { token: accountToken, body: { provider: "sandbox", ...body, name } },
      );
      if (reply.status !== 201)
        throw new Error(`instance creation failed: ${JSON.stringify(reply.body)}`);
      return { name, token: reply.body.data.token, id: reply.body.instance.id };
    },
    close: async (dispose = true) => {
      await started.close();
      if (!dispose) return;
      if (pgSchema !== undefined) await dropPgSchema(pgSchema);
      if (options.dataDir === undefined) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
