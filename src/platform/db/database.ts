/**
 * The database: SQLite (better-sqlite3, the embedded default) or PostgreSQL (pg), both
 * behind one Kysely query builder and one set of migrations.
 */
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type KyselyConfig,
  type LogEvent,
  type Transaction,
} from "kysely";
import pg from "pg";
import type { Schema } from "./schema.js";
import { migrate } from "./migrations.js";
import { keepStatistics } from "./pg-statistics.js";
import { startCheckpointer } from "./sqlite-checkpointer.js";
import { cachingStatements } from "./sqlite-statements.js";
import { ensurePrivateDir, ensurePrivateFile, tighten } from "../private-files.js";

export type DialectName = "sqlite" | "postgres";
export type Db = Kysely<Schema>;
export type Tx = Transaction<Schema>;

export interface Database {
  readonly db: Db;
  readonly dialect: DialectName;
  /** Resolves when a trivial query succeeds; rejects with the driver's reason otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…` for PostgreSQL; otherwise the SQLite file (or `:memory:`). */
  url?: string | undefined;
  sqliteFile?: string;
  /** PostgreSQL schema to use (created when missing); tests isolate themselves this way. */
  pgSchema?: string;
  poolSize?: number;
  /** Sees every SQL statement run (tests count the queries of a request). */
  onQuery?: ((sql: string) => void) | undefined;
  /**
   * Migrates up to this migration (e.g. `010-webhook-lane-leases`) instead of the latest:
   * a test of a migration fills the schema as the one before it left it.
   */
  migrateUpTo?: string;
}

function queryLog(options: DatabaseOptions): KyselyConfig["log"] {
  const onQuery = options.onQuery;
  if (onQuery === undefined) return undefined;
  return (event: LogEvent) => onQuery(event.query.sql);
}

const INT8_OID = 20;

/**
 * SQLite plans without statistics until ANALYZE has run, and then with statistics that
 * age as tables grow. `PRAGMA optimize` refreshes them only where they are stale (and,
 * since SQLite 3.46, with a bounded analysis), so it is cheap to run at open and then
 * periodically, as SQLite's documentation recommends for long-lived connections.
 * PostgreSQL's autovacuum keeps its own statistics.
 */
const SQLITE_OPTIMIZE_MS = 60 * 60 * 1000;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database =
    options.url !== undefined && /^postgres(ql)?:\/\//.test(options.url)
      ? await openPostgres(options.url, options)
      : openSqlite(options.sqliteFile ?? ":memory:", options);
  await migrate(
    database.db,
    database.dialect,
    database.dialect === "postgres" ? options.pgSchema : undefined,
    options.migrateUpTo,
  );
  if (database.dialect === "sqlite") {
    await sql`pragma optimize = 0x10002`.execute(database.db);
    return database;
  }
  const statistics = keepStatistics(database.db);
  return {
    ...database,
    close: () => {
      statistics.stop();
      return database.close();
    },
  };
}

function openSqlite(file: string, options: DatabaseOptions): Database {
  if (file !== ":memory:") {
    ensurePrivateDir(path.dirname(file));
    // SQLite gives its -wal and -shm files the database file's mode.
    ensurePrivateFile(file);
    for (const suffix of ["-wal", "-shm"]) tighten(file + suffix);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // A memory database has no WAL; a file's checkpoints leave the event loop.
  const checkpointer = file === ":memory:" ? undefined : startCheckpointer(file, sqlite);
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: cachingStatements(sqlite) }),
    log: queryLog(options),
  });
  const optimizer = setInterval(() => {
    // A failed run keeps the previous statistics, which the next run refreshes anyway.
    sql`pragma optimize`.execute(db).catch(() => undefined);
  }, SQLITE_OPTIMIZE_MS);
  optimizer.unref();
  return {
    db,
    dialect: "sqlite",
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      clearInterval(optimizer);
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error("invalid PostgreSQL schema name");
  }
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: schema === undefined ? undefined : `-c search_path=${schema}`,
    types: {
      getTypeParser: (oid: number, format?: "text" | "binary") =>
        oid === INT8_OID
          ? (value: string) => Number(value)
          : (pg.types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(
              oid,
              format,
            ),
    },
  });
  // An idle client that loses its server must not crash the process.
  pool.on("error", () => undefined);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: queryLog(options) });
  return {
    db,
    dialect: "postgres",
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
