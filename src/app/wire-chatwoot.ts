/**
 * Wires the Chatwoot module of the API (set / list / delete, inline activation, the list
 * summary, termination on instance delete). The module is on when BRIDGE_URL and
 * BRIDGE_TOKEN are both set; otherwise its routes exist and answer 503.
 */
import { BridgeClient } from "../api/chatwoot/bridge-client.js";
import { chatwootInstanceModule } from "../api/chatwoot/instance-module.js";
import { registerChatwootRoutes } from "../api/chatwoot/chatwoot-routes.js";
import { ChatwootService } from "../api/chatwoot/chatwoot-service.js";
import { ChatwootStore } from "../api/chatwoot/chatwoot-store.js";
import type { ApiParts } from "./api-parts.js";

export interface ChatwootWiring {
  close(): Promise<void>;
}

export function wireChatwoot(parts: ApiParts): Promise<ChatwootWiring> {
  const { url, token, timeouts } = parts.config.bridge;
  const gateway =
    url !== undefined && token !== undefined
      ? new BridgeClient({ url, token, timeouts })
      : undefined;
  const store = new ChatwootStore(parts.database.db, parts.secrets);
  const service = new ChatwootService(store, gateway, parts.clock, parts.logger);
  registerChatwootRoutes(parts.app, service, parts.access);
  parts.instances.register(chatwootInstanceModule(service));
  // Every gateway call carries its own deadline; nothing is left running to stop.
  return Promise.resolve({ close: () => Promise.resolve() });
}
