import type { Kysely, Migration } from "kysely";

/** The API's `chatwoot_integrations` rows (one per instance). */
export const chatwootMigration: Migration = {
  async up(_db: Kysely<unknown>) {
    // Filled by the Chatwoot module.
  },
};
