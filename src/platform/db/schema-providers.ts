/** Tables of provider sessions. */
export interface ProviderSessionItemsTable {
  instance_id: string;
  /** `creds`, or a signal key type such as `pre-key`, `session`, `app-state-sync-key`. */
  category: string;
  item_id: string;
  value_sealed: string;
  updated_at: string;
}

export interface ProvidersSchema {
  provider_session_items: ProviderSessionItemsTable;
}
