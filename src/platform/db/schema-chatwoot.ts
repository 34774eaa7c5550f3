/** Tables of the API's Chatwoot module. */
import type { Flag } from "./schema.js";

/**
 * One row per instance with a Chatwoot integration (spec/ryzeapi.md 7.2). The Chatwoot
 * API token is kept only sealed (AES-256-GCM, SecretBox); booleans are 0/1 and times
 * ISO-8601 text, as everywhere else.
 */
export interface ChatwootIntegrationsTable {
  id: string;
  instance_id: string;
  /** The gateway's id of the integration; live reads and termination use it. */
  bridge_integration_id: string;
  chatwoot_base_url: string;
  chatwoot_account_id: number;
  chatwoot_api_token_sealed: string;
  /** 0 until the gateway reports the inbox (backfilled by the first successful list). */
  chatwoot_inbox_id: number;
  chatwoot_inbox_name: string;
  /** `active` / `paused` / `error`: the last value the gateway reported. */
  status: string;
  last_error: string;
  sign_messages: Flag;
  ignore_groups: Flag;
  start_as_pending: Flag;
  reopen_resolved: Flag;
  created_at: string;
  updated_at: string;
}

export interface ChatwootSchema {
  chatwoot_integrations: ChatwootIntegrationsTable;
}
