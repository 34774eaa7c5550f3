/**
 * Wires the Chatwoot module of the API (set / list / delete, the gateway's dead letters,
 * inline activation, the list summary, termination on instance delete), with the gateway the composition root chose
 * (none: the module is off and its routes answer 503).
 */
import { chatwootInstanceModule } from "../api/chatwoot/instance-module.js";
import { registerChatwootRoutes } from "../api/chatwoot/chatwoot-routes.js";
import { registerChatwootJobRoutes } from "../api/chatwoot/chatwoot-jobs-routes.js";
import { ChatwootJobsService } from "../api/chatwoot/chatwoot-jobs-service.js";
import { ChatwootService } from "../api/chatwoot/chatwoot-service.js";
import { ChatwootStore } from "../api/chatwoot/chatwoot-store.js";
import { ConsumerStore } from "../api/events/log/consumer-store.js";
import { GATEWAY_CONSUMER } from "../contracts/event-stream.js";
import type { ApiParts } from "./api-parts.js";
import { EventLogStore } from "../api/events/log/log-store.js";

export interface ChatwootWiring {
  close(): Promise<void>;
}

export function wireChatwoot(parts: ApiParts): Promise<ChatwootWiring> {
  const store = new ChatwootStore(parts.database.db, parts.secrets);
  const log = new EventLogStore(parts.database.db);
  const consumers = new ConsumerStore(parts.database.db);
  const service = new ChatwootService(
    store,
    parts.gateway,
    parts.clock,
    parts.logger,
    (instanceId) => consumers.forgetConsumer(instanceId, GATEWAY_CONSUMER),
    (instanceId) => log.latestSeq(instanceId),
    (url) => parts.outbound.checkUrl(url, "chatwootBaseUrl"),
  );
  registerChatwootRoutes(parts.app, service, parts.access);
  const jobs = new ChatwootJobsService(store, parts.gateway, parts.logger);
  registerChatwootJobRoutes(parts.app, jobs, parts.access);
  parts.instances.register(chatwootInstanceModule(service));
  // Every gateway call carries its own deadline; nothing is left running to stop.
  return Promise.resolve({ close: () => Promise.resolve() });
}
