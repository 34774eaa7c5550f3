/**
 * One start and one stop for every role, used by the CLI and the test harness alike:
 * - `api`: the API alone (a separate gateway through BRIDGE_URL/BRIDGE_TOKEN, or none);
 * - `bridge`: the integration gateway alone, reaching the API at BRIDGE_INTERNAL_API_URL;
 * - `serve`: both in one process on one port, the API's Chatwoot module calling the
 *   gateway's service in process, BRIDGE_TOKEN generated into DATA_DIR on first start.
 */
import { randomBytes } from "node:crypto";
import type { Config } from "../platform/config.js";
import { loadOrCreateSecret, type SecretBox } from "../platform/crypto.js";
import type { Database } from "../platform/db/database.js";
import { createLogger, type Logger } from "../platform/logger.js";
import { createHttpServer } from "../platform/http/server.js";
import { registerHealthRoutes } from "../platform/health/health-routes.js";
import { systemClock, type Clock } from "../platform/clock.js";
import {
  createMetricsRegistry,
  type MetricsRegistry,
} from "../platform/metrics/metrics-registry.js";
import { registerMetricsRoutes } from "../platform/metrics/metrics-routes.js";
import { createHttpMetrics, registerHttpMetrics } from "../platform/metrics/http-metrics.js";
import type { ApiOverrides, ApiRuntime, composeApi as ComposeApi } from "./compose-api.js";
import { openRoleDatabase, openSecrets } from "./role-resources.js";
import { composeBridge, type BridgeRuntime } from "./compose-bridge.js";

export interface Runtime {
  /** Where it listens, e.g. `http://127.0.0.1:8080`. */
  address: string;
  logger: Logger;
  database: Database;
  api: ApiRuntime | undefined;
  bridge: BridgeRuntime | undefined;
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host: string;
}

export async function startRuntime(
  config: Config,
  overrides: ApiOverrides = {},
  listen: ListenOptions = { port: config.port, host: config.host },
): Promise<Runtime> {
  if (config.role === "bridge") return startBridgeRole(config, overrides, listen);
  const logger = overrides.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const withBridge = config.role === "serve" && config.bridge.enabled;
  if (!withBridge) {
    const api = await composeApi(config, { ...overrides, logger });
    const address = await startApi(api, config, listen);
    return {
      address,
      logger,
      database: api.database,
      api,
      bridge: undefined,
      close: () => api.close(),
    };
  }
  const token = bridgeToken(config);
  // One registry for the process: one GET /metrics shows the API and the gateway.
  const { database, secrets, metrics, bridge, closeDatabase } = await composeGateway(
    config,
    overrides,
    logger,
    token,
  );
  const api = await composeApi(config, {
    ...overrides,
    logger,
    database,
    secrets,
    gateway: { gateway: bridge.gateway, token },
    metricsRegistry: metrics,
  });
  await bridge.registerRoutes(api.app);
  const address = await startApi(api, config, listen);
  await bridge.start({ apiUrl: address, publicUrl: config.bridge.publicUrl ?? address });
  return {
    address,
    logger,
    database,
    api,
    bridge,
    close: async () => {
      await bridge.close();
      await api.close();
      await closeDatabase();
    },
  };
}

interface GatewayParts {
  database: Database;
  secrets: SecretBox;
  clock: Clock;
  metrics: MetricsRegistry;
  bridge: BridgeRuntime;
  /** Closes the database unless the caller handed it in. */
  closeDatabase: () => Promise<void>;
}

/** The gateway and what it stands on, for `serve` and `bridge` alike. */
async function composeGateway(
  config: Config,
  overrides: ApiOverrides,
  logger: Logger,
  token: string,
): Promise<GatewayParts> {
  const secrets = overrides.secrets ?? openSecrets(config);
  const database =
    overrides.database ?? (await openRoleDatabase(config, overrides.pgSchema, overrides.onQuery));
  const clock = overrides.clock ?? systemClock;
  const metrics = overrides.metricsRegistry ?? createMetricsRegistry();
  const bridge = composeBridge({
    config,
    database,
    secrets,
    logger,
    token,
    clock,
    outboundResolver: overrides.outboundResolver,
    metrics,
  });
  const closeDatabase = async (): Promise<void> => {
    if (overrides.database === undefined) await database.close();
  };
  return { database, secrets, clock, metrics, bridge, closeDatabase };
}

/** BRIDGE_TOKEN, or the one kept in DATA_DIR (made on first start) for `serve`. */
function bridgeToken(config: Config): string {
  return loadOrCreateSecret(
    config.bridge.token,
    config.dataDir,
    "bridge.token",
    () => `brg_${randomBytes(32).toString("base64url")}`,
  );
}

/**
 * The API's composition is loaded only by the roles that serve it: it brings the WhatsApp
 * providers (Baileys among them), which a gateway process never uses. Loading them was a
 * quarter of its start-up (from spawn to listening, 945 ms with them and 710 without).
 */
async function composeApi(...args: Parameters<typeof ComposeApi>): Promise<ApiRuntime> {
  const api = await import("./compose-api.js");
  return api.composeApi(...args);
}

async function startApi(api: ApiRuntime, config: Config, listen: ListenOptions): Promise<string> {
  const address = await api.app.listen(listen);
  // Peers forward requests to this address; it is advertised before any lease is taken.
  api.connections.advertise(config.internalUrl ?? address);
  await api.instances.resumeConnections();
  return address;
}

async function startBridgeRole(
  config: Config,
  overrides: ApiOverrides,
  listen: ListenOptions,
): Promise<Runtime> {
  const token = config.bridge.token;
  if (token === undefined)
    throw new Error("the bridge role needs BRIDGE_TOKEN (the same value the API has)");
  const logger = overrides.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const { database, clock, metrics, bridge, closeDatabase } = await composeGateway(
    config,
    overrides,
    logger,
    token,
  );
  const app = createHttpServer({ logger, bodyLimit: config.bodyLimitBytes });
  registerHealthRoutes(app, { db: () => database.ping() }, clock, clock.now());
  // The gateway's own /metrics, under the same METRICS_TOKEN rule as the API's.
  registerMetricsRoutes(app, metrics, config.metricsToken);
  registerHttpMetrics(app, createHttpMetrics(metrics));
  await bridge.registerRoutes(app);
  const address = await app.listen(listen);
  await bridge.start({
    apiUrl: config.bridge.internalApiUrl ?? config.baseUrl,
    publicUrl: config.bridge.publicUrl ?? address,
  });
  return {
    address,
    logger,
    database,
    api: undefined,
    bridge,
    close: async () => {
      await bridge.close();
      await app.close();
      await closeDatabase();
    },
  };
}
