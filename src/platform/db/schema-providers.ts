/** Tables of provider sessions and connection leases. */
export interface ProviderSessionItemsTable {
  instance_id: string;
  /** `creds`, or a signal key type such as `pre-key`, `session`, `app-state-sync-key`. */
  category: string;
  item_id: string;
  value_sealed: string;
  updated_at: string;
}

export interface ConnectionLeasesTable {
  instance_id: string;
  /** The process that may hold the instance's WhatsApp connection. */
  owner_id: string;
  /** Where the holder answers API requests, so that others can forward to it. */
  owner_url: string | null;
  /** Unix milliseconds. */
  expires_at: number;
}

export interface ProvidersSchema {
  provider_session_items: ProviderSessionItemsTable;
  connection_leases: ConnectionLeasesTable;
}
