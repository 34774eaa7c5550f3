import type { Kysely, Migration } from "kysely";

/** The event log, webhook and WebSocket configuration, webhook deliveries. */
export const eventsMigration: Migration = {
  async up(_db: Kysely<unknown>) {
    // Filled by the events module.
  },
};
