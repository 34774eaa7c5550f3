/**
 * Wires the events and messages module (event log, webhooks, WebSockets, message and
 * chat endpoints, the sandbox phone's endpoints) into the API runtime.
 */
import { randomUUID } from "node:crypto";
import fastifyWebsocket from "@fastify/websocket";
import { EventHub } from "../api/events/log/event-hub.js";
import { EventLogStore } from "../api/events/log/log-store.js";
import { ConsumerStore } from "../api/events/log/consumer-store.js";
import { EventRecorder, messagesOf } from "../api/events/log/event-recorder.js";
import { RetentionJob } from "../api/events/log/retention.js";
import { RetentionStore } from "../api/events/log/retention-store.js";
import { eventLogModule } from "../api/events/log/event-log-module.js";
import { DeliveryStore } from "../api/events/webhooks/delivery-store.js";
import { DeliveryWorker, WEBHOOK_LANE_SCOPE } from "../api/events/webhooks/delivery-worker.js";
import { LeaseStore } from "../platform/db/lease-store.js";
import { webhookModule } from "../api/events/webhooks/webhook-module.js";
import { registerWebhookRoutes } from "../api/events/webhooks/webhook-routes.js";
import { WebhookService } from "../api/events/webhooks/webhook-service.js";
import { WebhookStore } from "../api/events/webhooks/webhook-store.js";
import { StreamRegistry } from "../api/events/websocket/stream-registry.js";
import { ReplayLimiter } from "../api/events/websocket/replay-limiter.js";
import { websocketModule } from "../api/events/websocket/websocket-module.js";
import { registerWebsocketRoutes } from "../api/events/websocket/websocket-routes.js";
import { WebsocketService } from "../api/events/websocket/websocket-service.js";
import { WebsocketStore } from "../api/events/websocket/websocket-store.js";
import { PACKAGE_VERSION } from "./version.js";
import { wireMessaging } from "./wire-messaging.js";
import type { InstanceData } from "../contracts/events.js";
import type { InstanceRecord } from "../api/instances/instance-model.js";
import { selectProtocol } from "../api/auth/principal.js";
import { registerWebhookTestRoute } from "../api/events/webhooks/webhook-test-routes.js";
import type { ApiParts } from "./api-parts.js";

export interface EventsWiring {
  /** Opens event streams on upgraded sockets (the manager's stream uses it too). */
  streams: StreamRegistry;
  close(): Promise<void>;
}

/** How often the webhook queue is scanned for work this process was not told about. */
const DELIVERY_POLL_MS = 1_000;
const WS_MAX_PAYLOAD = 64 * 1024;

export async function wireEvents(parts: ApiParts): Promise<EventsWiring> {
  const { config, clock, logger, secrets, database, app } = parts;
  const db = database.db;
  const owner = randomUUID();
  const instanceData = (instance: InstanceRecord): InstanceData => ({
    baseUrl: config.baseUrl,
    instance: instance.name,
    token: parts.instances.tokenOf(instance),
  });

  const log = new EventLogStore(db);
  const webhookStore = new WebhookStore(db, secrets);
  const deliveries = new DeliveryStore(db);
  const hub = new EventHub(
    owner,
    logger,
    parts.redis === undefined
      ? undefined
      : { client: parts.redis, channel: `${config.redisKeyPrefix}events` },
  );
  await hub.start();

  const worker = deliveryWorker(parts, log, webhookStore, deliveries, instanceData, owner);
  const kick = (ids: Iterable<string>) => worker.kick(ids);

  const recorder = new EventRecorder(
    log,
    webhookStore,
    (id) => parts.instanceStore.getSettings(id),
    hub,
    kick,
    clock,
  );
  parts.connections.recordWith(async (instance, events) => {
    const stored = await recorder.recordAll(instance, events);
    for (const event of stored) parts.metrics.eventsRecorded.inc({ event: event.event });
    return messagesOf(stored);
  });

  const webhooks = new WebhookService(webhookStore, deliveries, clock, kick, parts.outbound);
  const websockets = new WebsocketService(new WebsocketStore(db), clock, logger);
  const streams = new StreamRegistry({
    log,
    consumers: new ConsumerStore(db),
    hub,
    clock,
    logger,
    heartbeatMs: config.events.wsHeartbeatMs,
    instanceData,
    replays: new ReplayLimiter(),
  });
  parts.instances.register(webhookModule(webhooks));
  parts.instances.register(websocketModule(websockets, streams));
  const retention = new RetentionJob(
    new RetentionStore(db),
    config.events.retentionDays,
    clock,
    logger,
  );
  // After the WebSocket module, whose clean-up closes the streams reading this log.
  parts.instances.register(eventLogModule(retention));

  // Runs before the plugin's own preClose (hooks run in order), so that clients learn
  // why the stream ends (1001) and can resume with ?after=.
  app.addHook("preClose", (done) => {
    streams.closeAll();
    done();
  });
  await app.register(fastifyWebsocket, {
    // Never echo a token offered as a subprotocol (src/api/auth/principal.ts).
    options: { maxPayload: WS_MAX_PAYLOAD, handleProtocols: (offered) => selectProtocol(offered) },
  });
  registerWebhookRoutes(app, webhooks, parts.access);
  registerWebhookTestRoute(app, webhooks, parts.access, {
    instanceData,
    dispatcher: parts.outbound.dispatcher,
    timeoutMs: config.events.webhookTimeoutMs,
    userAgent: `ponte/${PACKAGE_VERSION}`,
  });
  registerWebsocketRoutes(app, websockets, parts.access, streams, parts.gateway !== undefined);
  wireMessaging(parts, log);

  retention.start();
  worker.start();

  return {
    streams,
    close: async () => {
      streams.closeAll();
      await worker.close();
      await retention.close();
      await hub.close();
    },
  };
}

function deliveryWorker(
  parts: ApiParts,
  log: EventLogStore,
  webhooks: WebhookStore,
  deliveries: DeliveryStore,
  instanceData: (instance: InstanceRecord) => InstanceData,
  owner: string,
): DeliveryWorker {
  const { config, clock, logger } = parts;
  return new DeliveryWorker(
    {
      deliveries,
      webhooks,
      log,
      instanceData: async (instanceId) => {
        const instance = await parts.instanceStore.findById(instanceId);
        return instance === undefined ? undefined : instanceData(instance);
      },
      clock,
      logger,
      lanes: new LeaseStore(parts.database.db, WEBHOOK_LANE_SCOPE),
      owner,
      onOutcome: (outcome) => parts.metrics.webhookDeliveries.inc({ outcome }),
      dispatcher: parts.outbound.dispatcher,
    },
    {
      timeoutMs: config.events.webhookTimeoutMs,
      maxAttempts: config.events.webhookMaxAttempts,
      retryBaseMs: config.events.webhookRetryBaseMs,
      concurrency: config.events.webhookConcurrency,
      pollMs: DELIVERY_POLL_MS,
      userAgent: `ponte/${PACKAGE_VERSION}`,
    },
  );
}
