/**
 * Wires the events and messages module (event log, webhooks, WebSockets, message and
 * chat endpoints, the sandbox phone's endpoints) into the API runtime.
 */
import type { ApiParts } from "./api-parts.js";

export interface EventsWiring {
  close(): Promise<void>;
}

export function wireEvents(_parts: ApiParts): Promise<EventsWiring> {
  return Promise.resolve({ close: () => Promise.resolve() });
}
