/**
 * One ordered list of migrations for SQLite and PostgreSQL. A feature adds its tables in
 * its own file under `migrations/` and one line here; applied migrations never change.
 */
import { Migrator, type Kysely, type Migration } from "kysely";
import { coreMigration } from "./migrations/001-core.js";
import { eventsMigration } from "./migrations/002-events.js";
import { chatwootMigration } from "./migrations/003-chatwoot.js";
import { providerSessionsMigration } from "./migrations/004-provider-sessions.js";
import { queueIndexesMigration } from "./migrations/005-queue-indexes.js";
import { leasesMigration } from "./migrations/006-leases.js";
import { bridgeMigration } from "./migrations/007-bridge.js";
import { retentionIndexMigration } from "./migrations/008-retention-index.js";
import { eventConsumersMigration } from "./migrations/009-event-consumers.js";
import { webhookLaneLeasesMigration } from "./migrations/010-webhook-lane-leases.js";
import { deliveryOrderKeysMigration } from "./migrations/011-delivery-order-keys.js";
import { bridgeJobRetentionMigration } from "./migrations/012-bridge-job-retention.js";
import { bridgeJobClaimPlanMigration } from "./migrations/013-bridge-job-claim-plan.js";

const MIGRATIONS: Record<string, Migration> = {
  "001-core": coreMigration,
  "002-events": eventsMigration,
  "003-chatwoot": chatwootMigration,
  "004-provider-sessions": providerSessionsMigration,
  "005-queue-indexes": queueIndexesMigration,
  "006-leases": leasesMigration,
  "007-bridge": bridgeMigration,
  "008-retention-index": retentionIndexMigration,
  "009-event-consumers": eventConsumersMigration,
  "010-webhook-lane-leases": webhookLaneLeasesMigration,
  "011-delivery-order-keys": deliveryOrderKeysMigration,
  "012-bridge-job-retention": bridgeJobRetentionMigration,
  "013-bridge-job-claim-plan": bridgeJobClaimPlanMigration,
};

/**
 * Applies every pending migration. On PostgreSQL the bookkeeping tables live in the
 * schema in use, so that several schemas in one database never see each other's.
 */
export async function migrateToLatest<T>(db: Kysely<T>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: "ponte_migrations",
    migrationLockTableName: "ponte_migrations_lock",
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error");
    const name = failed === undefined ? "" : ` (${failed.migrationName})`;
    throw new Error(
      `database migration failed${name}: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
}
