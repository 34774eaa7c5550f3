/** What the composition root has built by the time feature modules are wired. */
import type { Config } from "../platform/config.js";
import type { Clock } from "../platform/clock.js";
import type { SecretBox } from "../platform/crypto.js";
import type { Database } from "../platform/db/database.js";
import type { Logger } from "../platform/logger.js";
import type { OutboundGuard } from "../platform/net/outbound-fetch.js";
import type { HttpServer } from "../platform/http/server.js";
import type { Redis } from "ioredis";
import type { AuthService } from "../api/auth/auth-service.js";
import type { InstanceAccess } from "../api/instances/access.js";
import type { ConnectionManager } from "../api/connections/connection-manager.js";
import type { InstanceService } from "../api/instances/instance-service.js";
import type { InstanceStore } from "../api/instances/instance-store.js";
import type { BridgeGateway } from "../contracts/bridge-gateway.js";
import type { SandboxProvider } from "../providers/sandbox/sandbox-provider.js";
import type { ApiMetrics } from "../platform/metrics/api-metrics.js";
import type { MetricsRegistry } from "../platform/metrics/metrics-registry.js";

export interface ApiParts {
  config: Config;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  database: Database;
  /** Set when REDIS_URL is configured. */
  redis: Redis | undefined;
  app: HttpServer;
  auth: AuthService;
  access: InstanceAccess;
  instances: InstanceService;
  instanceStore: InstanceStore;
  connections: ConnectionManager;
  sandbox: SandboxProvider;
  /** The integration gateway; undefined when the Chatwoot module is off. */
  gateway: BridgeGateway | undefined;
  /** The process's metrics registry (GET /metrics) and the API's own metrics in it. */
  metricsRegistry: MetricsRegistry;
  metrics: ApiMetrics;
  /** Every outbound request made for a user goes through it (OUTBOUND_ALLOW). */
  outbound: OutboundGuard;
}
