/**
 * The composition root of the integration gateway: stores over the shared database,
 * the Chatwoot client, the job queue and its handlers, the event streams, the webhook
 * and the `/v1/integrations` routes. `ponte bridge` runs it on its own HTTP server;
 * `ponte serve` runs it beside the API in one process, where the API's Chatwoot module
 * calls its service directly (the same BridgeGateway contract, no socket).
 */
import { randomUUID } from "node:crypto";
import type { Config } from "../platform/config.js";
import { systemClock, type Clock } from "../platform/clock.js";
import type { SecretBox } from "../platform/crypto.js";
import type { Database } from "../platform/db/database.js";
import { LeaseStore } from "../platform/db/lease-store.js";
import type { Logger } from "../platform/logger.js";
import type { HttpServer } from "../platform/http/server.js";
import { createOutboundGuard } from "../platform/net/outbound-fetch.js";
import type { Resolver } from "../platform/net/outbound-guard.js";
import type { BridgeGateway } from "../contracts/bridge-gateway.js";
import { bridgeDb } from "../bridge/bridge-schema.js";
import { ApiClient } from "../bridge/api-client/api-client.js";
import { ChatwootClient, type ChatwootAccountRef } from "../bridge/chatwoot/chatwoot-client.js";
import { ContactResolver } from "../bridge/contacts/contact-resolver.js";
import { ContactStore } from "../bridge/contacts/contact-store.js";
import { JOB_KINDS } from "../bridge/inbound/event-router.js";
import { InboundHandler } from "../bridge/inbound/inbound-handler.js";
import { ReceiptHandler } from "../bridge/inbound/receipt-handler.js";
import { StreamSupervisor } from "../bridge/inbound/stream-supervisor.js";
import { IntegrationHealth } from "../bridge/integrations/integration-health.js";
import { IntegrationService } from "../bridge/integrations/integration-service.js";
import { IntegrationStore } from "../bridge/integrations/integration-store.js";
import { registerIntegrationRoutes } from "../bridge/integrations/integration-routes.js";
import { MessageMapStore } from "../bridge/message-map/message-map-store.js";
import { OutboundHandler } from "../bridge/outbound/outbound-handler.js";
import { Reconciler } from "../bridge/outbound/reconciler.js";
import { JobAdmin } from "../bridge/queue/job-admin.js";
import { RetentionStore } from "../bridge/queue/retention-store.js";
import { JobRetention } from "../bridge/queue/job-retention.js";
import { JobRunner } from "../bridge/queue/job-runner.js";
import { JobStore } from "../bridge/queue/job-store.js";
import { registerJobRoutes } from "../bridge/queue/job-routes.js";
import { WebhookService } from "../bridge/webhooks/webhook-service.js";
import type { MetricsRegistry } from "../platform/metrics/metrics-registry.js";
import { wireGatewayMetrics } from "./wire-gateway-metrics.js";
import { registerWebhookRoutes } from "../bridge/webhooks/webhook-routes.js";

export interface BridgeDeps {
  config: Config;
  database: Database;
  secrets: SecretBox;
  logger: Logger;
  /** BRIDGE_TOKEN: what the API presents, and what the gateway presents to the API. */
  token: string;
  clock?: Clock;
  /** DNS for the outbound guard (tests answer from a table). */
  outboundResolver?: Resolver | undefined;
  /** The process's registry (GET /metrics): the gateway adds its queue and Chatwoot calls. */
  metrics?: MetricsRegistry | undefined;
}

export interface BridgeRuntime {
  /** The gateway's side of the contract (what `serve` hands the API's Chatwoot module). */
  gateway: BridgeGateway;
  jobs: JobStore;
  retention: JobRetention;
  supervisor: StreamSupervisor;
  runner: JobRunner;
  registerRoutes(app: HttpServer): Promise<void>;
  /** Starts consuming, with the API at `apiUrl` and Chatwoot calling back at `publicUrl`. */
  start(urls: { apiUrl: string; publicUrl: string }): Promise<void>;
  close(): Promise<void>;
}

export function composeBridge(deps: BridgeDeps): BridgeRuntime {
  const { config, database, secrets, logger, token } = deps;
  const clock = deps.clock ?? systemClock;
  const db = bridgeDb(database);
  const owner = { id: randomUUID() };
  const urls = { apiUrl: "", publicUrl: "" };
  const integrations = new IntegrationStore(db, secrets);
  const contacts = new ContactStore(db);
  const map = new MessageMapStore(db);
  const jobs = new JobStore(db, database.dialect);
  // Chatwoot's address is the user's like any other outbound target: every connection
  // goes through the guard's dispatcher (OUTBOUND_ALLOW), checked when it is made.
  const outbound = createOutboundGuard({
    allow: config.outbound.allow,
    resolve: deps.outboundResolver,
  });
  const onCall =
    deps.metrics === undefined ? undefined : wireGatewayMetrics(deps.metrics, jobs, clock);
  const chatwoot = (account: ChatwootAccountRef) =>
    new ChatwootClient(account, {
      dispatcher: outbound.dispatcher,
      timeoutMs: config.bridge.chatwootTimeoutMs,
      ...(onCall === undefined ? {} : { onCall }),
    });
  const queue = config.bridge.queue;
  const wake = () => runner.wake();
  const apiTimeoutMs = 2 * config.bridge.chatwootTimeoutMs;
  const api = new ApiClient({ url: "", token, timeoutMs: apiTimeoutMs });

  const health = new IntegrationHealth(integrations, clock, logger);
  const handlers = {
    [JOB_KINDS.inboundMessage]: new InboundHandler({
      integrations,
      map,
      resolver: new ContactResolver(contacts, clock),
      chatwoot,
      logger,
      settleMs: 2 * config.bridge.chatwootTimeoutMs,
    }),
    [JOB_KINDS.receipt]: new ReceiptHandler({ integrations, map, chatwoot }),
    [JOB_KINDS.outboundMessage]: new OutboundHandler({
      integrations,
      contacts,
      map,
      api,
      chatwoot,
      clock,
      logger,
    }),
  };
  const runner: JobRunner = new JobRunner({
    db,
    dialect: database.dialect,
    handlers,
    owner: owner.id,
    clock,
    logger,
    concurrency: queue.concurrency,
    // Renewed every third of it while the job runs; longer than any one job should take
    // (a few calls, each with its deadline), so even a renewal the loaded process makes
    // late finds its claim alive, and short enough that a crashed process's jobs resume soon.
    lockMs: Math.max(10_000, config.bridge.chatwootTimeoutMs * 3 + apiTimeoutMs),
    maxAttempts: queue.maxAttempts,
    backoff: { baseMs: queue.retryBaseMs, capMs: queue.retryCapMs },
    pollMs: queue.pollMs,
    onSettled: (integrationId, error) => health.report(integrationId, error),
  });
  const reconciler = new Reconciler({
    db,
    dialect: database.dialect,
    integrations,
    contacts,
    map,
    chatwoot,
    clock,
    logger,
    onJobs: wake,
  });
  const supervisor = new StreamSupervisor(
    {
      get apiWsUrl() {
        return urls.apiUrl.replace(/^http/, "ws");
      },
      token,
      db,
      dialect: database.dialect,
      secrets,
      leases: new LeaseStore(db, "chatwoot-stream"),
      owner,
      leaseTtlMs: config.leaseTtlMs,
      clock,
      logger,
      onJobs: wake,
    },
    reconciler,
    logger,
    queue.reconcileMs,
  );
  const retention = new JobRetention(new RetentionStore(db), {
    finishedMs: queue.retentionHours * 60 * 60 * 1000,
    deadMs: config.events.retentionDays * 24 * 60 * 60 * 1000,
    clock,
    logger,
  });
  const jobAdmin = new JobAdmin({
    jobs,
    exists: async (id) => (await integrations.get(id)) !== undefined,
    clock,
    logger,
    wake,
  });
  const service = new IntegrationService({
    store: integrations,
    jobs,
    jobAdmin,
    chatwoot,
    consumers: supervisor,
    clock,
    logger,
    publicUrl: () => urls.publicUrl,
  });
  const webhooks = new WebhookService({
    db,
    dialect: database.dialect,
    integrations,
    contacts,
    map,
    clock,
    logger,
    onJobs: wake,
  });

  return {
    gateway: service,
    jobs,
    retention,
    supervisor,
    runner,
    registerRoutes: async (app) => {
      registerIntegrationRoutes(app, service, token);
      registerJobRoutes(app, jobs, token, clock, wake);
      await registerWebhookRoutes(app, webhooks);
    },
    start: async (where) => {
      urls.apiUrl = where.apiUrl.replace(/\/+$/, "");
      urls.publicUrl = where.publicUrl.replace(/\/+$/, "");
      api.setUrl(urls.apiUrl);
      runner.start();
      supervisor.startAll(await integrations.all());
      retention.start();
    },
    close: async () => {
      await retention.close();
      await supervisor.closeAll();
      await runner.close();
      await outbound.close();
    },
  };
}
