/**
 * One ordered list of migrations for SQLite and PostgreSQL. A feature adds its tables in
 * its own file under `migrations/` and one line here; applied migrations never change.
 */
import {
  Migrator,
  sql,
  type DatabaseIntrospector,
  type Kysely,
  type Migration,
  type TableMetadata,
} from "kysely";
import type { DialectName } from "./database.js";
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
 * Applies every pending migration (or those up to `upTo`, by name). On PostgreSQL the
 * bookkeeping tables live in the schema in use, so that several schemas in one database
 * never see each other's.
 */
export async function migrate<T>(
  db: Kysely<T>,
  dialect: DialectName,
  schema?: string,
  upTo?: string,
): Promise<void> {
  if (upTo !== undefined && !(upTo in MIGRATIONS)) throw new Error(`no migration named ${upTo}`);
  const migrator = new Migrator({
    db: dialect === "postgres" ? withOwnSchemaIntrospection(db) : db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: "ponte_migrations",
    migrationLockTableName: "ponte_migrations_lock",
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } =
    upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error");
    const name = failed === undefined ? "" : ` (${failed.migrationName})`;
    throw new Error(
      `database migration failed${name}: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
}

/**
 * Kysely's migrator asks whether its tables exist by listing the tables of every schema
 * in the database, with a privilege check per schema that fails with "schema … does not
 * exist" when another client drops a schema during the listing (parallel tests' schemas,
 * a tenant's). The migrator only needs the tables of the schema in use: this handle
 * answers its questions from the catalog for that schema alone, and is the given handle
 * for everything else.
 */
function withOwnSchemaIntrospection<T>(db: Kysely<T>): Kysely<T> {
  const tables = async (): Promise<TableMetadata[]> => {
    const result = await sql<{ name: string; schema: string }>`
      select c.relname as name, n.nspname as schema
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname = current_schema()`.execute(db);
    return result.rows.map((row) => ({ ...row, isView: false, columns: [] }));
  };
  const introspection: DatabaseIntrospector = {
    getSchemas: async () =>
      (await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(db))
        .rows,
    getTables: tables,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the interface still requires it
    getMetadata: async () => ({ tables: await tables() }),
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === "introspection") return introspection;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
