/** Store tests run on both dialects: a fresh SQLite file and a fresh PostgreSQL schema each. */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import {
  openDatabase,
  type Database,
  type DatabaseOptions,
  type DialectName,
} from "../../src/platform/db/database.js";
import { PG_URL, serviceAvailable } from "./services.js";

export interface TestDatabase extends Database {
  /** Opens this same database again: another handle (another connection, or pool). */
  options: DatabaseOptions;
  /** Drops what the test created. */
  dispose(): Promise<void>;
}

export const DIALECTS: DialectName[] = ["sqlite", "postgres"];

export function tempDir(prefix = "ponte-test-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function newPgSchema(): string {
  return `t_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
}

export async function dropPgSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/** Opens a migrated database of the dialect, or undefined when it cannot run here. */
export async function openTestDatabase(
  dialect: DialectName,
  migrateUpTo?: string,
): Promise<TestDatabase | undefined> {
  const upTo = migrateUpTo === undefined ? {} : { migrateUpTo };
  if (dialect === "sqlite") {
    const dir = tempDir();
    const options = { sqliteFile: path.join(dir, "ponte.db"), ...upTo };
    const database = await openDatabase(options);
    return {
      ...database,
      options,
      dispose: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!(await serviceAvailable("postgres"))) return undefined;
  const schema = newPgSchema();
  const options = { url: PG_URL, pgSchema: schema, poolSize: 4, ...upTo };
  const database = await openDatabase(options);
  return {
    ...database,
    options,
    dispose: async () => {
      await database.close();
      await dropPgSchema(schema);
    },
  };
}

/**
 * Two handles on one fresh database (two SQLite connections to one file, or two
 * PostgreSQL pools on one schema), for tests that race two processes.
 */
export interface DatabasePair {
  a: Database;
  b: Database;
  dispose(): Promise<void>;
}

export async function openTestDatabasePair(
  dialect: DialectName,
): Promise<DatabasePair | undefined> {
  if (dialect === "sqlite") {
    const dir = tempDir();
    const file = path.join(dir, "ponte.db");
    const a = await openDatabase({ sqliteFile: file });
    const b = await openDatabase({ sqliteFile: file });
    return {
      a,
      b,
      dispose: async () => {
        await Promise.all([a.close(), b.close()]);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!(await serviceAvailable("postgres"))) return undefined;
  const schema = newPgSchema();
  const a = await openDatabase({ url: PG_URL, pgSchema: schema, poolSize: 4 });
  const b = await openDatabase({ url: PG_URL, pgSchema: schema, poolSize: 4 });
  return {
    a,
    b,
    dispose: async () => {
      await Promise.all([a.close(), b.close()]);
      await dropPgSchema(schema);
    },
  };
}
