/**
 * The composition root of the API role: config → database → stores → providers →
 * services → HTTP, in that order, with every dependency passed by parameter.
 */
import { randomUUID } from "node:crypto";
import type { FastifyContextConfig } from "fastify";
import { Redis } from "ioredis";
import type { Config } from "../platform/config.js";
import { systemClock, type Clock } from "../platform/clock.js";
import { hashToken, type SecretBox } from "../platform/crypto.js";
import type { Database } from "../platform/db/database.js";
import { createLogger, type Logger } from "../platform/logger.js";
import { createHttpServer, type HttpServer } from "../platform/http/server.js";
import { createOutboundGuard } from "../platform/net/outbound-fetch.js";
import type { Resolver } from "../platform/net/outbound-guard.js";
import { registerCors } from "../platform/http/cors.js";
import { registerRequestAuth } from "../api/auth/request-auth.js";
import { AuthService } from "../api/auth/auth-service.js";
import { OriginPolicy } from "../api/auth/origins.js";
import { TokenRotation } from "../api/auth/token-rotation.js";
import { registerTokenRoutes } from "../api/auth/token-routes.js";
import { AccountStore } from "../api/auth/account-store.js";
import { registerDocs } from "../api/docs/docs-routes.js";
import { registerHealthRoutes } from "../platform/health/health-routes.js";
import type { HealthCheck } from "../platform/health/health-checks.js";
import { InstanceAccess } from "../api/instances/access.js";
import { InstanceConfigService } from "../api/instances/config-service.js";
import { registerInstanceConfigRoutes } from "../api/instances/config-routes.js";
import { ConnectionManager } from "../api/connections/connection-manager.js";
import { registerInstanceRoutes } from "../api/instances/instance-routes.js";
import { InstanceService } from "../api/instances/instance-service.js";
import { InstanceStore } from "../api/instances/instance-store.js";
import { LeaseStore } from "../platform/db/lease-store.js";
import { InstanceListStore } from "../api/instances/instance-list-store.js";
import type { YieldTurn } from "../api/instances/instance-listing.js";
import { Forwarding, registerForwarding } from "../api/connections/forwarding.js";
import {
  MemoryRateLimiter,
  RedisRateLimiter,
  type RateLimiter,
} from "../api/rate-limit/limiter.js";
import type { ProviderName, WhatsAppProvider } from "../providers/provider.js";
import { SandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import { BaileysProvider } from "../providers/baileys/baileys-provider.js";
import type { SocketFactory } from "../providers/baileys/socket.js";
import { SessionStore } from "../providers/session-store.js";
import type { ApiParts } from "./api-parts.js";
import { PACKAGE_VERSION } from "./version.js";
import { openRoleDatabase, openSecrets } from "./role-resources.js";
import { wireChatwoot } from "./wire-chatwoot.js";
import type { BridgeGateway } from "../contracts/bridge-gateway.js";
import { BridgeClient } from "../api/chatwoot/bridge-client.js";
import { wireEvents } from "./wire-events.js";
import { wireManager } from "./wire-manager.js";
import {
  createMetricsRegistry,
  type MetricsRegistry,
} from "../platform/metrics/metrics-registry.js";
import { createApiMetrics } from "../platform/metrics/api-metrics.js";
import { registerHttpMetrics } from "../platform/metrics/http-metrics.js";

export interface ApiOverrides {
  logger?: Logger;
  clock?: Clock;
  /** PostgreSQL schema (tests isolate themselves with one schema each). */
  pgSchema?: string;
  /** Baileys socket factory (tests pass a fake WhatsApp). */
  makeSocket?: SocketFactory;
  /** The database and secret box, when the caller shares them with the gateway (serve). */
  database?: Database;
  secrets?: SecretBox;
  /** The in-process gateway (serve), with the service token it answers to. */
  gateway?: { gateway: BridgeGateway; token: string };
  /** DNS for the outbound guard (tests answer from a table, never from the network). */
  outboundResolver?: Resolver;
  /** The instance list's turn between slices (tests pause a list half-way). */
  listYield?: YieldTurn;
  /** Sees every SQL statement (tests count queries). */
  onQuery?: (sql: string) => void;
  /** The process's metrics registry, when the caller shares it with the gateway (serve). */
  metricsRegistry?: MetricsRegistry;
  /** Told of every route as it is registered (tests enumerate what the server serves). */
  onRoute?: (route: RegisteredRoute) => void;
  /**
   * Registers routes of the caller's after ponte's own, behind the same hooks (the
   * benchmarks' floor: an endpoint that does nothing but what every endpoint does).
   */
  routes?: (app: HttpServer, parts: ApiParts) => void;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  config: FastifyContextConfig;
}

export interface ApiRuntime {
  app: HttpServer;
  config: Config;
  database: Database;
  logger: Logger;
  clock: Clock;
  secrets: SecretBox;
  auth: AuthService;
  instances: InstanceService;
  connections: ConnectionManager;
  access: InstanceAccess;
  sandbox: SandboxProvider;
  limiter: RateLimiter;
  /** Everything built, for the feature modules and for tests. */
  parts: ApiParts;
  close(): Promise<void>;
}

export async function composeApi(
  config: Config,
  overrides: ApiOverrides = {},
): Promise<ApiRuntime> {
  const logger = overrides.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const clock = overrides.clock ?? systemClock;
  const startedAt = clock.now();
  const secrets = overrides.secrets ?? openSecrets(config);
  const database =
    overrides.database ?? (await openRoleDatabase(config, overrides.pgSchema, overrides.onQuery));
  const gateway = chatwootGatewayOf(config, overrides.gateway);
  const redis = config.redisUrl === undefined ? undefined : connectRedis(config.redisUrl, logger);
  const limiter: RateLimiter =
    redis === undefined
      ? new MemoryRateLimiter(clock)
      : new RedisRateLimiter(redis, clock, config.redisKeyPrefix);

  const outbound = createOutboundGuard({
    allow: config.outbound.allow,
    resolve: overrides.outboundResolver,
  });
  const accountStore = new AccountStore(database.db);
  const instanceStore = new InstanceStore(database.db, secrets);

  const sandbox = new SandboxProvider();
  const baileys = new BaileysProvider({
    sessions: new SessionStore(database.db, secrets, clock),
    logger,
    makeSocket: overrides.makeSocket,
    waWebSocketUrl: config.whatsapp.webSocketUrl,
    connectTimeoutMs: config.whatsapp.connectTimeoutMs,
  });
  const providers = new Map<ProviderName, WhatsAppProvider>([
    ["sandbox", sandbox],
    ["baileys", baileys],
  ]);

  const auth = new AuthService(accountStore, clock, gateway?.token, config.authCacheTtlMs);
  const connections = new ConnectionManager(
    providers,
    instanceStore,
    clock,
    logger,
    new LeaseStore(database.db, "connection"),
    randomUUID(),
    config.leaseTtlMs,
  );
  const instances = new InstanceService(
    instanceStore,
    accountStore,
    connections,
    secrets,
    clock,
    logger,
    config.defaultProvider,
    {
      outbound: outbound.policy,
      // The gateway's token, set or generated into DATA_DIR (serve), is no instance's.
      reservedTokenHashes: [config.bridge.token, gateway?.token]
        .filter((token): token is string => token !== undefined)
        .map(hashToken),
      yieldTurn: overrides.listYield,
      onTokenEnded: () => auth.forgetTokens(),
    },
    new InstanceListStore(database.db),
  );
  const access = new InstanceAccess(instanceStore);
  const instanceConfig = new InstanceConfigService(
    instanceStore,
    logger,
    connections,
    outbound.policy,
  );

  const app = createHttpServer({ logger, bodyLimit: config.bodyLimitBytes });
  const onRoute = overrides.onRoute;
  if (onRoute !== undefined) {
    // Added first, so that routes registered inside plugins are reported too.
    app.addHook("onRoute", (route) => {
      for (const method of [route.method].flat()) {
        onRoute({ method, url: route.url, config: route.config ?? {} });
      }
    });
  }
  const metricsRegistry = overrides.metricsRegistry ?? createMetricsRegistry();
  const metrics = createApiMetrics(metricsRegistry, () => connections.stateCounts());
  registerHttpMetrics(app, metrics);
  const origins = new OriginPolicy(accountStore, config.corsOrigins, clock);
  await registerCors(app, (origin) => origins.mayCall(origin));
  await registerDocs(app, PACKAGE_VERSION);
  const forwarding = new Forwarding(secrets, clock);
  registerRequestAuth(
    app,
    auth,
    limiter,
    config.rateLimit,
    (request) => forwarding.isForwarded(request),
    origins,
  );
  registerForwarding(app, { forwarding, connections, access, logger });
  const checks: Record<string, HealthCheck> = { db: () => database.ping() };
  if (redis !== undefined)
    checks.redis = async () => {
      await redis.ping();
    };
  registerHealthRoutes(app, checks, clock, startedAt);
  registerInstanceRoutes(app, instances, access);
  registerInstanceConfigRoutes(app, instanceConfig, access);
  registerTokenRoutes(app, new TokenRotation(auth, instanceStore, secrets), access);

  const parts: ApiParts = {
    config,
    clock,
    logger,
    secrets,
    database,
    redis,
    app,
    auth,
    access,
    instances,
    instanceStore,
    connections,
    sandbox,
    gateway: gateway?.gateway,
    metricsRegistry,
    metrics,
    outbound,
  };
  const events = await wireEvents(parts);
  const chatwoot = await wireChatwoot(parts);
  wireManager(parts, events.streams);
  overrides.routes?.(app, parts);

  const stopLeases = instances.keepLeases(Math.max(1_000, Math.floor(config.leaseTtlMs / 3)));

  return {
    app,
    config,
    database,
    logger,
    clock,
    secrets,
    auth,
    instances,
    connections,
    access,
    sandbox,
    limiter,
    parts,
    close: async () => {
      stopLeases();
      await app.close();
      await chatwoot.close();
      await events.close();
      await connections.closeAll();
      await limiter.close();
      await outbound.close();
      // A shared database belongs to whoever opened it.
      if (overrides.database === undefined) await database.close();
    },
  };
}

function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  redis.on("error", (error: Error) => {
    logger.warn({ err: error }, "redis connection error");
  });
  return redis;
}

/**
 * The one place that decides whether the Chatwoot module is on: with the gateway in
 * this process (serve), or with BRIDGE_URL and BRIDGE_TOKEN both set (a separate
 * bridge). Off, its routes answer 503 and the gateway's event stream does not exist.
 */
function chatwootGatewayOf(
  config: Config,
  inProcess: { gateway: BridgeGateway; token: string } | undefined,
): { gateway: BridgeGateway; token: string } | undefined {
  if (inProcess !== undefined) return inProcess;
  const { url, token, timeouts } = config.bridge;
  if (url === undefined || token === undefined) return undefined;
  return { gateway: new BridgeClient({ url, token, timeouts }), token };
}
