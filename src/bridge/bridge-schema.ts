/**
 * The integration gateway's view of the database: its own tables and the shared lease
 * table, nothing of the API's. The compiler keeps gateway code out of the API's tables
 * (and the API's `Schema` does not list these). Booleans are 0/1 and times are ISO text
 * or epoch milliseconds, as everywhere in ponte.
 */
import type { ColumnType, Generated, Kysely, Transaction } from "kysely";
import type { Database } from "../platform/db/database.js";
import type { LeasesSchema } from "../platform/db/lease-store.js";

type Flag = 0 | 1;

export interface BridgeIntegrationsTable {
  id: string;
  instance_id: string;
  instance_name: string;
  chatwoot_base_url: string;
  chatwoot_account_id: number;
  chatwoot_token_sealed: string;
  inbox_id: number;
  inbox_name: string;
  /** `<base URL>#<account>#<inbox>`: the scope every Chatwoot id is stored under. */
  inbox_scope: string;
  /** The secret in the webhook URL's path. */
  webhook_secret_sealed: string;
  /** The inbox's signing secret (Chatwoot ≥ 4.13); null: the path secret alone. */
  signing_secret_sealed: string | null;
  sign_messages: Flag;
  ignore_groups: Flag;
  start_as_pending: Flag;
  reopen_resolved: Flag;
  status: string;
  last_error: string;
  /** The last event sequence turned into jobs; null before the stream first opened. */
  stream_seq: number | null;
  /** Epoch ms up to which agent replies have been reconciled. */
  reconciled_until: number;
  activated_at: string;
  updated_at: string;
}

export interface BridgeContactsTable {
  integration_id: string;
  inbox_scope: string;
  contact_key: string;
  /** Where WhatsApp messages to this contact go (a user or group JID). */
  chat_jid: string;
  chatwoot_contact_id: number;
  /** The contact_inbox's source_id. */
  source_id: string;
  conversation_id: number | null;
  conversation_status: string | null;
  updated_at: string;
}

export interface BridgeIdentitiesTable {
  integration_id: string;
  /** `phone:<digits>`, `lid:<id>` or `jid:<group JID>`. */
  alias: string;
  contact_key: string;
}

export interface BridgeMessageMapTable {
  integration_id: string;
  inbox_scope: string;
  wa_message_id: string;
  part: number;
  /** `in`: WhatsApp → Chatwoot; `out`: an agent's reply sent to WhatsApp. */
  direction: "in" | "out";
  /** `reserved`: an outbound id chosen, send not confirmed; `done`; `failed`. */
  state: "reserved" | "done" | "failed";
  chat_jid: string;
  conversation_id: number;
  chatwoot_message_id: number | null;
  /** The last status given to Chatwoot for an outbound message. */
  delivery_status: string | null;
  created_at: string;
}

export type JobState = "pending" | "running" | "done" | "dead" | "cancelled";

export interface BridgeJobsTable {
  id: Generated<number>;
  integration_id: string;
  kind: string;
  /** Jobs of one key run one at a time, in id order (a conversation). */
  order_key: string;
  /** Unique per integration when set: a second enqueue of the same work is ignored. */
  dedupe_key: string | null;
  payload: string;
  state: ColumnType<JobState, JobState, JobState>;
  attempts: number;
  next_attempt_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string;
  created_at: string;
  updated_at: string;
}

export interface BridgeDeliveriesTable {
  integration_id: string;
  delivery_id: string;
  received_at: number;
}

export interface BridgeSchema extends LeasesSchema {
  bridge_integrations: BridgeIntegrationsTable;
  bridge_contacts: BridgeContactsTable;
  bridge_identities: BridgeIdentitiesTable;
  bridge_message_map: BridgeMessageMapTable;
  bridge_jobs: BridgeJobsTable;
  bridge_deliveries: BridgeDeliveriesTable;
}

export type BridgeDb = Kysely<BridgeSchema>;
export type BridgeTx = Transaction<BridgeSchema>;

/**
 * The gateway's typed view of the shared database. One migration set creates every
 * table (src/platform/db/migrations/007-bridge.ts); this is a view of the same
 * connection, not a second one.
 */
export function bridgeDb(database: Database): BridgeDb {
  return database.db as unknown as BridgeDb;
}
