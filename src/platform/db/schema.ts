/**
 * Row types of every table, as Kysely sees them. Booleans are stored as 0/1 integers and
 * times as ISO-8601 text, so the same rows read the same on SQLite and PostgreSQL.
 */
import type { ColumnType } from "kysely";
import type { ChatwootSchema } from "./schema-chatwoot.js";
import type { EventsSchema } from "./schema-events.js";
import type { ProvidersSchema } from "./schema-providers.js";
import type { LeasesSchema } from "./lease-store.js";

export type Flag = 0 | 1;

export interface AccountsTable {
  id: string;
  name: string;
  token_hash: string;
  max_instances: number;
  /** JSON array of the browser origins allowed to call the API with this account's tokens. */
  allowed_origins: ColumnType<string, string | undefined, string>;
  created_at: string;
}

export interface InstancesTable {
  id: string;
  account_id: string;
  name: string;
  token_hash: string;
  token_sealed: string;
  provider: string;
  connection_state: string;
  presence_status: string;
  number_jid: string | null;
  profile_name: string;
  profile_picture_url: string;
  is_business: Flag;
  business_name: string;
  has_session: Flag;
  created_at: string;
  updated_at: string;
}

export interface InstanceSettingsTable {
  instance_id: string;
  auto_reject_calls: Flag;
  call_reject_message: string;
  ignore_group_messages: Flag;
  keep_online_status: Flag;
  auto_read_messages: Flag;
  disable_history_sync: Flag;
  ignore_status: Flag;
}

export interface InstanceProxiesTable {
  instance_id: string;
  enabled: Flag;
  host: string | null;
  port: string | null;
  protocol: string | null;
  username: string | null;
  password_sealed: string | null;
}

export interface InstanceS3Table {
  instance_id: string;
  enabled: Flag;
  region: string | null;
  bucket: string | null;
  access_key: string | null;
  secret_key_sealed: string | null;
  endpoint: string | null;
  path_prefix: string | null;
}

export interface Schema extends EventsSchema, ChatwootSchema, ProvidersSchema, LeasesSchema {
  accounts: AccountsTable;
  instances: InstancesTable;
  instance_settings: InstanceSettingsTable;
  instance_proxies: InstanceProxiesTable;
  instance_s3: InstanceS3Table;
}
